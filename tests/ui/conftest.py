"""GUI fixtures: the real main window on a real station file, offscreen."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from pos_app.bootstrap import Services
from pos_app.hardware.printer import PdfFilePrinter
from pos_app.ui import look
from pos_app.ui.main_window import MainWindow

pytestmark = pytest.mark.gui


@pytest.fixture(autouse=True)
def collect_on_the_ui_thread() -> Iterator[None]:
    """As the app does (MainThreadGC): no automatic collection, which could run in a worker thread."""
    gc.disable()
    yield
    gc.collect()
    gc.enable()


@pytest.fixture
def window(qtbot, stocked: Services, tmp_path: Path) -> Iterator[MainWindow]:
    look.install_font(QApplication.instance())  # type: ignore[arg-type]
    w = MainWindow(stocked, PdfFilePrinter(tmp_path / "receipts"))
    qtbot.addWidget(w)
    w.show()
    yield w
    w.background.wait()


def sign_in(qtbot, window: MainWindow, user: str = "cashier", pin: str = "1111") -> MainWindow:
    """Name, Enter, PIN, Enter, as a cashier types them at the sign-in screen."""
    qtbot.keyClicks(window.login.user, user)
    qtbot.keyClick(window.login.user, "\r")
    qtbot.keyClicks(window.login.pin, pin)
    qtbot.keyClick(window.login.pin, "\r")
    assert window.checkout is not None
    return window


@pytest.fixture
def signed_in(qtbot, window: MainWindow) -> MainWindow:
    return sign_in(qtbot, window)


def when_modal(act: Callable[[QWidget], None], timeout_ms: int = 5000) -> list[QWidget]:
    """Run ``act`` on the next modal dialog once it is up (the code that opens it is blocked in exec)."""
    seen: list[QWidget] = []
    waited = [0]

    def check() -> None:
        w = QApplication.activeModalWidget()
        if w is None or w in seen:
            waited[0] += 10
            if waited[0] < timeout_ms:
                QTimer.singleShot(10, check)
            return
        seen.append(w)
        w.activateWindow()  # a cashier's dialog is the active window; let the platform catch up
        for _ in range(20):
            if QApplication.activeWindow() is w:
                break
            QApplication.processEvents()
        try:
            act(w)
        except BaseException:
            if isinstance(w, QDialog) and w.isVisible():
                w.reject()  # a failed check closes the dialog, so the test fails instead of hanging
            raise

    QTimer.singleShot(0, check)
    return seen


def scan(qtbot, field: QWidget, code: str) -> None:
    """A USB scanner: fast keystrokes, then Enter."""
    qtbot.keyClicks(field, code)
    qtbot.keyClick(field, "\r")


def press(qtbot, widget: QWidget, key, modifier=None) -> None:  # type: ignore[no-untyped-def]
    """A key pressed by a person: by then the window that was under a closed dialog is active again."""
    from PySide6.QtCore import Qt

    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget.window(), timeout=2000)
    qtbot.keyClick(widget, key, modifier or Qt.KeyboardModifier.NoModifier)
