"""Every user-visible string in ui/ has a finished zh_CN translation, and the shipped .qm is current."""

import ast
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "i18n" / "pos_zh_CN.ts"


def _ui_strings() -> set[str]:
    found = set()
    for path in [*(ROOT / "pos_app" / "ui").rglob("*.py"), ROOT / "pos_app" / "app.py"]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            f = node.func
            name = f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", "")
            args = node.args
            if name == "tr" and args and isinstance(args[0], ast.Constant):
                found.add(args[0].value)
            if name == "translate" and len(args) >= 2 and isinstance(args[1], ast.Constant):
                found.add(args[1].value)
    return found


def test_zh_cn_translation_is_complete() -> None:
    messages = {}
    for m in ET.parse(TS).getroot().iter("message"):
        t = m.find("translation")
        messages[m.find("source").text] = (t.text, t.get("type"))  # type: ignore[union-attr]
    missing = sorted(s for s in _ui_strings() if s not in messages)
    unfinished = sorted(s for s, (text, kind) in messages.items() if not text or kind in ("unfinished", "obsolete"))
    assert not missing, f"run pyside6-lupdate and translate: {missing}"
    assert not unfinished, f"untranslated: {unfinished}"


def test_shipped_qm_matches_the_ts() -> None:
    """The compiled .qm gives every translation the .ts has (run pyside6-lrelease after editing)."""
    from PySide6.QtCore import QTranslator

    translator = QTranslator()
    assert translator.load(str(TS.with_suffix(".qm")))
    stale = []
    for ctx in ET.parse(TS).getroot().iter("context"):
        name = ctx.find("name").text  # type: ignore[union-attr]
        for m in ctx.iter("message"):
            source, wanted = m.find("source").text, m.find("translation").text  # type: ignore[union-attr]
            if translator.translate(name, source) != wanted:
                stale.append(source)
    assert not stale


def test_chinese_is_the_default_whatever_the_locale_and_qts_own_buttons_speak_it(qapp) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QCoreApplication, QLocale
    from PySide6.QtWidgets import QApplication

    from pos_app.ui import look

    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))  # a "C" machine
    assert look.choose_language(None) == "zh_CN" and look.choose_language("auto") == "zh_CN"
    assert look.choose_language("en") == "en"
    translator = look.install_translations(qapp, "zh_CN")
    try:
        assert translator is not None
        assert QCoreApplication.translate("LoginScreen", "Sign in") == "登录"
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"  # Qt's own, from qtbase
        assert QCoreApplication.translate("QPrintDialog", "Print") == "打印"
    finally:
        for t in qapp.findChildren(type(translator)):
            QApplication.removeTranslator(t)
        QLocale.setDefault(QLocale.c())
