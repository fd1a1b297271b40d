"""The till on a real X server (CI runs this module under Xvfb at 1024×768, with no window manager):
the window takes the screen, its right column is on it, and after a dialog closes the keyboard is
back at the till. The offscreen platform used by the other GUI tests cannot show either."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QWidget

from pos_app.bootstrap import Services
from pos_app.hardware.printer import PdfFilePrinter
from pos_app.ui import look
from pos_app.ui.main_window import MainWindow
from tests.ui.conftest import sign_in, when_modal

pytestmark = [
    pytest.mark.gui,
    pytest.mark.skipif(
        os.environ.get("QT_QPA_PLATFORM") != "xcb", reason="needs a real X server (.ci/run runs it under Xvfb)"
    ),
]


def _till(qtbot, stocked: Services, tmp_path: Path, **hardware: object) -> MainWindow:  # type: ignore[no-untyped-def]
    """The till as pos-app opens it: the whole screen, with or without a window manager, active."""
    look.install_font(QApplication.instance())  # type: ignore[arg-type]
    w = MainWindow(stocked, PdfFilePrinter(tmp_path / "receipts"), **hardware)  # type: ignore[arg-type]
    qtbot.addWidget(w)
    w.setGeometry(w.screen().availableGeometry())
    w.showMaximized()
    qtbot.waitExposed(w)
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow)
    return w


def test_the_till_takes_a_small_screen_and_keeps_the_keyboard_after_a_dialog(
    qtbot, stocked: Services, tmp_path: Path
) -> None:
    w = _till(qtbot, stocked, tmp_path)
    room = w.screen().availableGeometry()
    assert room.contains(w.geometry())
    sign_in(qtbot, w)
    screen = w.checkout
    assert screen is not None
    qtbot.waitUntil(screen.code.hasFocus)
    total = screen.total_label
    corner = total.mapToGlobal(QPoint(total.width(), total.height()))
    assert room.contains(corner), f"the amount due is off the screen at {corner} on {room}"
    seen: list[QWidget] = []

    def cancel(d: QWidget) -> None:
        seen.append(d)
        d.reject()  # type: ignore[attr-defined]

    when_modal(cancel)
    qtbot.keyClick(screen.code, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)  # the manager's PIN prompt
    assert seen
    qtbot.waitUntil(w.isActiveWindow, timeout=3000)  # the keyboard came back to the till
    qtbot.keyClicks(screen.code, "6920000000012")
    qtbot.keyClick(screen.code, Qt.Key.Key_Return)
    assert screen.model.rowCount() == 1
    asked: list[int] = []

    def deliveries() -> None:
        asked.append(1)

    screen.deliveries_requested.connect(deliveries)
    qtbot.keyClick(screen.code, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)  # X11's line edit wants it too
    assert asked == [1]


def test_the_manager_area_keeps_the_keyboard_after_a_dialog_closes(qtbot, stocked: Services, tmp_path: Path) -> None:
    from pos_app.ui.manager.area import ManagerArea

    look.install_font(QApplication.instance())  # type: ignore[arg-type]
    manager = stocked.users.authorize("manager", "999999", "manager")
    w = MainWindow(stocked, PdfFilePrinter(tmp_path / "receipts"))  # its event filter hands the keyboard back
    qtbot.addWidget(w)
    w.show()
    area = ManagerArea(stocked, manager, w)
    area.show()
    area.activateWindow()
    qtbot.waitUntil(area.isActiveWindow)
    room = area.screen().availableGeometry()
    assert room.contains(area.geometry())  # it fits 1024×768
    # and takes all of it, with no window manager to maximise it (seen: a 680×510 box in the middle)
    assert area.width() >= room.width() - 10 and area.height() >= room.height() - 40, area.geometry()
    area.tabs.setCurrentWidget(area.products)
    closed: list[QWidget] = []

    def cancel(d: QWidget) -> None:
        closed.append(d)
        d.reject()  # type: ignore[attr-defined]

    when_modal(cancel)
    qtbot.keyClick(area.products.search, Qt.Key.Key_Insert)  # a new product… then Esc
    assert closed
    qtbot.waitUntil(area.isActiveWindow, timeout=3000)  # without a window manager, Qt itself hands it back


def test_a_volunteers_f_keys_work_on_the_delivery_screen_with_no_window_manager(
    qtbot, stocked: Services, tmp_path: Path
) -> None:
    """Nobody activates the window but the till itself: signing in as a volunteer must, or F4, F8,
    F11 and F12 went nowhere (seen under Xvfb: typing worked, no F-key did)."""
    look.install_font(QApplication.instance())  # type: ignore[arg-type]
    stocked.users.create("volunteer", "李阿姨", ["volunteer"], "2222")
    w = MainWindow(stocked, PdfFilePrinter(tmp_path / "receipts"))
    qtbot.addWidget(w)
    w.setGeometry(w.screen().availableGeometry())
    w.showMaximized()
    qtbot.waitExposed(w)
    qtbot.keyClicks(w.login.user, "volunteer")
    qtbot.keyClick(w.login.user, Qt.Key.Key_Return)
    qtbot.keyClicks(w.login.pin, "2222")
    qtbot.keyClick(w.login.pin, Qt.Key.Key_Return)
    screen = w.deliveries
    assert screen is not None
    qtbot.waitUntil(w.isActiveWindow, timeout=3000)
    qtbot.keyClick(screen.resident_find, Qt.Key.Key_F8)
    assert screen.large_type.isChecked()
    qtbot.keyClick(screen.resident_find, Qt.Key.Key_F11)
    assert w.user is None and w.stack.currentWidget() is w.login


def test_the_weight_prompt_from_a_serial_scale_under_x(qtbot, stocked: Services, tmp_path: Path) -> None:
    """A cucumber weighed on a (simulated) serial scale: the prompt opens on the screen with the
    keyboard in it, waits for the scale to settle, and one Enter sells the scale's weight."""
    from pos_app.hardware.scale import ScaleConfig, SerialScale
    from pos_app.ui.dialogs import WeightDialog
    from tests.hardware.sim import SimulatedScale

    sim = SimulatedScale()
    reader = SerialScale(ScaleConfig("stgs", sim.port, 9600))
    try:
        w = sign_in(qtbot, _till(qtbot, stocked, tmp_path, scale=reader))
        screen = w.checkout
        assert screen is not None
        sim.show(b"US,GS,+0000.480kg\r\n")
        room = w.screen().availableGeometry()

        def weigh(d: QWidget) -> None:
            assert isinstance(d, WeightDialog)
            qtbot.waitUntil(d.field.hasFocus, timeout=3000)
            assert room.contains(d.frameGeometry())
            qtbot.keyClick(d.field, Qt.Key.Key_Return)  # too soon: refused, said
            assert d.isVisible() and not d.error.isHidden()
            sim.show(b"ST,GS,+0000.500kg\r\n")
            qtbot.waitUntil(lambda: d.field.text() == "0.500" and d.error.isHidden(), timeout=5000)
            qtbot.keyClick(d.field, Qt.Key.Key_Return)

        when_modal(weigh)
        qtbot.keyClicks(screen.code, "1002")
        qtbot.keyClick(screen.code, Qt.Key.Key_Return)
        assert screen.model.rowCount() == 1
        qtbot.waitUntil(screen.code.hasFocus, timeout=3000)  # back at the till for the next scan
    finally:
        reader.close()
        sim.close()
