"""Fonts, theme and translations, installed once at start."""

from __future__ import annotations

import logging

from PySide6.QtCore import QLibraryInfo, QLocale, Qt, QTranslator
from PySide6.QtGui import QFont, QFontDatabase, QResizeEvent
from PySide6.QtWidgets import QApplication, QLabel, QSizePolicy, QWidget

from pos_app.domain.errors import ImportFailed, PosError, ResourceMissing
from pos_app.paths import ELDER_THEME, FONT_FILE, I18N, THEME

log = logging.getLogger("pos.ui")

LANGUAGES = {"zh_CN": "简体中文", "en": "English"}
_state = {"language": "en"}


def install_font(app: QApplication) -> str:
    """Register the bundled CJK font so no glyph is a box, even with no Chinese fonts installed."""
    family = "WenQuanYi Micro Hei"
    font_id = QFontDatabase.addApplicationFont(str(FONT_FILE))
    if font_id < 0:
        log.error("could not load the bundled font %s", FONT_FILE)
    else:
        family = QFontDatabase.applicationFontFamilies(font_id)[0]
    app.setFont(QFont(family, 12))
    return family


def missing_resources(language: str) -> ResourceMissing | None:
    """The app's own files that are gone (a damaged install): the font, the theme, the translation.

    The app still starts without them (system font, plain look, English), but says so once."""
    wanted = [FONT_FILE, THEME] + ([I18N / f"pos_{language}.qm"] if language != "en" else [])
    gone = [str(p) for p in wanted if not p.is_file()]
    return ResourceMissing(path="; ".join(gone)) if gone else None


def install_theme(app: QApplication) -> None:
    try:
        app.setStyleSheet(THEME.read_text(encoding="utf-8"))
    except OSError as exc:
        log.error("theme missing: %s", exc)


def elder_style() -> str:
    """The elder-friendly (适老化) overrides, for a screen to lay over the theme; "" when missing."""
    try:
        return ELDER_THEME.read_text(encoding="utf-8")
    except OSError as exc:
        log.error("elder-friendly theme missing: %s", exc)
        return ""


def choose_language(setting: str | None) -> str:
    """``zh_CN`` unless the station (or ``--lang``) says ``en``: the till speaks Chinese whatever the
    machine's locale (a fresh Linux install says ``C`` or ``en_US``, which is not the staff's choice)."""
    return "en" if setting == "en" else "zh_CN"


def install_translations(app: QApplication, language: str) -> QTranslator | None:
    _state["language"] = language
    if language == "en":
        return None
    translator = QTranslator(app)
    if translator.load(str(I18N / f"pos_{language}.qm")):
        app.installTranslator(translator)
        qt_own = QTranslator(app)  # Qt's own dialogs and buttons (print dialog, Yes / No, Cancel)
        if qt_own.load(f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
            app.installTranslator(qt_own)
        else:
            log.warning("Qt's own translation qtbase_%s is missing: its dialogs stay English", language)
        QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
        return translator
    log.error("translation %s missing; showing English", language)
    _state["language"] = "en"
    return None


def current_language() -> str:
    return _state["language"]


def error_text(exc: BaseException) -> str:
    """What to tell the user about an error, in their language."""
    if isinstance(exc, PosError):
        return exc.message_zh if current_language() == "zh_CN" else exc.message
    log.exception("unexpected error", exc_info=exc)
    return ("出现意外错误，已记录日志：" if current_language() == "zh_CN" else "Unexpected error (logged): ") + str(exc)


def refusal_text(exc: PosError, rows: int = 15) -> str:
    """The error, and for a refused import its first bad rows (with their line numbers)."""
    text = error_text(exc)
    if isinstance(exc, ImportFailed) and exc.errors:
        zh = current_language() == "zh_CN"
        text += "\n\n" + "\n".join(e.zh() if zh and hasattr(e, "zh") else str(e) for e in exc.errors[:rows])
    return text


def setup(app: QApplication, language: str) -> None:
    install_font(app)
    install_theme(app)
    install_translations(app, language)


class ElidingLabel(QLabel):
    """A one-line label that gives way on a narrow screen: what does not fit ends in "…", and the
    whole text is its tooltip (a status bar's sync state at 1024 px)."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.set_full_text(text)

    def set_full_text(self, text: str) -> None:
        self._full = text
        self.setToolTip(text)
        self._elide()

    def full_text(self) -> str:
        return self._full

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        room = self.contentsRect().width()
        shown = self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, room) if room > 0 else ""
        super().setText(shown)
