"""A volunteer takes a phone order and later delivers it, all through the screens."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from pos_app.domain.delivery import DeliveryState
from pos_app.ui.delivery_screen import DeliveryScreen, OrderDialog
from pos_app.ui.main_window import MainWindow
from pos_app.ui.receipt_preview import PdfPreview
from tests.integration.test_labels import decoded
from tests.integration.test_receipts import pdf_text
from tests.ui.conftest import press, scan, when_modal

pytestmark = pytest.mark.gui


def test_phone_order_repeat_slip_scan_deliver_and_pay(qtbot, window: MainWindow, db_path: Path) -> None:
    s = window.services
    s.users.create("volunteer", "李阿姨", ["volunteer"], "2222")
    s.residents.add_resident("R-001", "王大爷", ["13800001234"], compound="幸福里小区", building="3", room="401")
    vol = s.users.authenticate("volunteer", "2222")
    millet = s.catalog.by_code("6920000000012")
    tomato = s.catalog.by_plu(1001)
    assert millet and tomato
    s.deliveries.create_order("R-001", [(millet.id, 2), (tomato.id, 1500)], day=date(2026, 11, 20), slot="上午", by=vol)

    qtbot.keyClicks(window.login.user, "volunteer")
    qtbot.keyClicks(window.login.pin, "2222")
    qtbot.keyClick(window.login.pin, "\r")
    screen = window.stack.currentWidget()
    assert isinstance(screen, DeliveryScreen)

    scan(qtbot, screen.resident_find, "1234")  # any part of the phone number
    assert screen.resident is not None and screen.resident.name == "王大爷"
    press(qtbot, screen.item, Qt.Key.Key_F3)  # repeat last week's order
    assert screen.table.rowCount() == 2 and screen.total.text() == "¥26.20"
    qtbot.keyClicks(screen.qty, "")
    scan(qtbot, screen.item, "6948000000054")  # and one more box of goose eggs
    assert screen.table.rowCount() == 3
    assert screen.table.item(2, 3).text() == "short: 0"  # no goose eggs in stock: the volunteer sees it

    slips: dict[str, bytes] = {}

    def slip(p: QWidget) -> None:
        assert isinstance(p, PdfPreview)
        slips["pdf"] = p.pdf
        p.accept()

    when_modal(slip)
    press(qtbot, screen.item, Qt.Key.Key_F12)
    text = pdf_text(slips["pdf"])
    assert "送货单" in text and "王大爷" in text and "¥62.20" in text
    (order_no,) = decoded(slips["pdf"])  # the slip's barcode, as a scanner would read it
    assert order_no == "TZ01-01-D-000002"

    picks: dict[str, str] = {}

    def pick_lists(p: QWidget) -> None:
        picks["text"] = pdf_text(p.pdf)  # type: ignore[attr-defined]
        p.accept()  # type: ignore[attr-defined]

    when_modal(pick_lists)
    screen.print_pick_lists()
    assert "配货单" in picks["text"] and "幸福里小区" in picks["text"]

    def deliver(dlg: QWidget) -> None:
        assert isinstance(dlg, OrderDialog)
        dlg.mine.click()  # the volunteer takes it
        assert dlg.order.volunteer == "李阿姨"
        dlg.next_button.click()  # confirmed
        tomato_row = [dlg.lines.item(r, 0).text() for r in range(dlg.lines.rowCount())].index("内蒙古西红柿")
        assert dlg.lines.item(tomato_row, 1).text() == "3 斤"  # ordered by the 斤, shown in 斤 everywhere
        assert dlg.lines.item(tomato_row, 2).text() == "3" and "3 斤" in dlg.info.text()
        dlg.lines.item(0, 2).setText("1")  # only one bag of millet on the shelf
        dlg.short.click()
        assert dlg.order.short_picked and dlg.order.total_fen == 6220 - 890
        dlg.next_button.click()  # picked
        dlg.next_button.click()  # out for delivery
        assert dlg.order.state is DeliveryState.OUT
        dlg.pay_button.click()  # delivered and paid

    when_modal(deliver)
    scan(qtbot, screen.scan, order_no)
    assert s.deliveries.get(order_no).state is DeliveryState.PAID
    with sqlite3.connect(db_path) as con:
        assert con.execute("select total_fen from sale where delivery_order_id is not null").fetchall() == [(5330,)]
    window.background.wait()


def test_cancel_needs_a_reason_and_after_leaving_a_manager(qtbot, window: MainWindow) -> None:
    s = window.services
    s.users.create("volunteer", "李阿姨", ["volunteer"], "2222")
    s.residents.add_resident("R-001", "王大爷", ["13800001234"], compound="幸福里小区")
    vol = s.users.authenticate("volunteer", "2222")
    millet = s.catalog.by_code("6920000000012")
    assert millet
    order = s.deliveries.create_order("R-001", [(millet.id, 1)], day=date(2026, 11, 20), slot="上午", by=vol)
    for to in (DeliveryState.CONFIRMED, DeliveryState.PICKED, DeliveryState.OUT):
        s.deliveries.move(order.order_no, to, by=vol)
    dlg = OrderDialog(s, s.deliveries.get(order.order_no, vol), vol)
    qtbot.addWidget(dlg)
    dlg.reason.insert("老人住院了")

    def pin(p: QWidget) -> None:
        qtbot.keyClicks(p.user, "manager")  # type: ignore[attr-defined]
        qtbot.keyClicks(p.pin, "999999")  # type: ignore[attr-defined]
        qtbot.keyClick(p.pin, "\r")  # type: ignore[attr-defined]

    when_modal(pin)
    dlg.cancel_order()
    assert s.deliveries.get(order.order_no).state is DeliveryState.CANCELLED
    assert not dlg.cancel_button.isVisible()


def _close_shift(s) -> None:  # type: ignore[no-untyped-def]
    """The station as a volunteer finds it in the morning: no one has opened the till."""
    shift = s.shifts.current()
    s.shifts.close(shift.opened_by, counted={"cash": shift.float_fen})


def _volunteer_signs_in(qtbot, window: MainWindow) -> DeliveryScreen:  # type: ignore[no-untyped-def]
    window.services.users.create("volunteer", "李阿姨", ["volunteer"], "2222")
    qtbot.keyClicks(window.login.user, "volunteer")
    qtbot.keyClick(window.login.user, "\r")
    qtbot.keyClicks(window.login.pin, "2222")
    qtbot.keyClick(window.login.pin, "\r")
    screen = window.stack.currentWidget()
    assert isinstance(screen, DeliveryScreen)
    return screen


def test_a_volunteer_opens_no_shift_signs_out_with_f11_and_a_manager_opens_their_own(qtbot, window: MainWindow) -> None:
    s = window.services
    _close_shift(s)
    seen: list[QWidget] = []
    when_modal(seen.append, timeout_ms=300)  # a cash-float dialog would be caught here
    screen = _volunteer_signs_in(qtbot, window)
    qtbot.wait(400)
    assert seen == [] and s.shifts.current() is None  # no float asked, no shift opened
    assert window.user_label.text() == "Volunteer: 李阿姨" and window.shift_label.text() == "No shift open"
    press(qtbot, screen.resident_find, Qt.Key.Key_F11)
    assert window.stack.currentWidget() is window.login and window.user is None

    def float_(dlg: QWidget) -> None:
        qtbot.keyClicks(dlg.field, "200")  # type: ignore[attr-defined]
        qtbot.keyClick(dlg.field, "\r")  # type: ignore[attr-defined]

    when_modal(float_)
    qtbot.keyClicks(window.login.user, "manager")
    qtbot.keyClick(window.login.user, "\r")
    qtbot.keyClicks(window.login.pin, "999999")
    qtbot.keyClick(window.login.pin, "\r")
    shift = s.shifts.current()
    assert shift is not None and shift.opened_by == s.users.authenticate("manager", "999999").id
    assert shift.float_fen == 20_000


def test_a_cashier_is_told_whose_shift_they_carry_on(qtbot, window: MainWindow) -> None:
    qtbot.keyClicks(window.login.user, "manager")
    qtbot.keyClick(window.login.user, "\r")
    qtbot.keyClicks(window.login.pin, "999999")
    qtbot.keyClick(window.login.pin, "\r")
    assert window.checkout is not None and window.checkout.notice.isVisible()
    assert "王收银" in window.checkout.notice.text()
    assert "王收银" in window.shift_label.text()


def test_a_volunteer_adds_a_resident_not_found_and_changes_the_room(qtbot, window: MainWindow) -> None:
    s = window.services
    screen = _volunteer_signs_in(qtbot, window)
    scan(qtbot, screen.resident_find, "13912345678")
    assert screen.found.count() == 0 and screen.found_message.isVisible()
    assert "13912345678" in screen.found_message.text()

    def fill(dlg: QWidget) -> None:
        assert dlg.phones.text() == "13912345678"  # type: ignore[attr-defined]
        assert dlg.focusWidget() is dlg.name  # type: ignore[attr-defined]
        dlg.name.insert("孙奶奶")  # type: ignore[attr-defined]
        for text in ("", "幸福里小区", "7", "2", "302", "", "", ""):  # Enter walks the fields
            qtbot.keyClick(dlg.focusWidget(), "\r")
            if text:
                dlg.focusWidget().insert(text)
        qtbot.keyClick(dlg.focusWidget(), "\r")  # on to the payment choice
        qtbot.keyClick(dlg.focusWidget(), "\r")  # on to the consent box
        assert dlg.focusWidget() is dlg.consent  # type: ignore[attr-defined]
        qtbot.keyClick(dlg.focusWidget(), "\r")  # consent not ticked: refused, nothing saved
        assert dlg.isVisible() and "agree" in dlg.error.text()  # type: ignore[attr-defined]
        qtbot.keyClick(dlg.consent, Qt.Key.Key_Space)  # type: ignore[attr-defined]
        qtbot.keyClick(dlg.consent, "\r")  # type: ignore[attr-defined]

    when_modal(fill)
    press(qtbot, screen.resident_find, Qt.Key.Key_F4)
    assert screen.resident is not None and screen.resident.name == "孙奶奶"
    assert screen.resident.address == "幸福里小区7号楼2单元302室"
    assert screen.focusWidget() is screen.item  # straight on to the order
    code = screen.resident.code
    assert code == "R-001"

    def change(dlg: QWidget) -> None:
        assert dlg.room.text() == "302" and dlg.consent.isChecked()  # type: ignore[attr-defined]
        dlg.room.setText("")  # type: ignore[attr-defined]
        qtbot.keyClicks(dlg.room, "303")  # type: ignore[attr-defined]
        dlg.family.insert("女儿 孙丽 13700000000")  # type: ignore[attr-defined]
        qtbot.keyClick(dlg.family, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)  # type: ignore[attr-defined]

    when_modal(change)
    press(qtbot, screen.item, Qt.Key.Key_F5)
    assert screen.resident.address.endswith("303室") and "孙丽" in screen.card.text()
    assert s.residents.find_residents("孙", s.users.authenticate("volunteer", "2222"))[0].code == code
    actions = [e.action for e in s.audit.entries()]
    assert "resident_add" in actions and "resident_edit" in actions


def test_f8_large_type_for_the_volunteer_and_the_slip_the_resident_reads(qtbot, window: MainWindow) -> None:
    """适老化: F8 turns large type on the screen (targets ≥ 60 px, text ≥ 18 pt, the total ≥ 30 pt),
    keeps it for the next sign-in, and prints the resident's slip large too."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_raw
    from PySide6.QtWidgets import QLabel, QPushButton

    s = window.services
    s.residents.add_resident("R-001", "王大爷", ["13800001234"], compound="幸福里小区")
    screen = _volunteer_signs_in(qtbot, window)
    press(qtbot, screen.resident_find, Qt.Key.Key_F8)
    assert screen.large_type.isChecked() and s.settings.get("elder_mode") is True
    qtbot.wait(50)
    for button in screen.findChildren(QPushButton):
        if button.isVisible():
            assert button.height() >= 60, button.text()
    for label in screen.findChildren(QLabel):
        if label.isVisible() and label.text():
            assert label.fontInfo().pixelSize() >= 24, label.text()
    assert screen.total.fontInfo().pixelSize() >= 40

    scan(qtbot, screen.resident_find, "1234")
    scan(qtbot, screen.item, "6920000000012")
    slips: list[bytes] = []

    def slip(p: QWidget) -> None:
        slips.append(p.pdf)  # type: ignore[attr-defined]
        p.accept()  # type: ignore[attr-defined]

    when_modal(slip)
    press(qtbot, screen.item, Qt.Key.Key_F12)
    page = pdfium.PdfDocument(slips[0])[0]
    text = page.get_textpage()
    sizes = [
        pdfium_raw.FPDFText_GetFontSize(text, i)
        for i in range(text.count_chars())
        if not text.get_text_range(i, 1).isspace() and text.get_charbox(i)[1] > 40  # above the page footer
    ]
    assert len(sizes) > 100 and min(sizes) >= 18 and max(sizes) >= 30

    press(qtbot, screen.item, Qt.Key.Key_F8)  # and off again
    assert s.settings.get("elder_mode") is False and screen.styleSheet() == ""


def test_a_cashier_on_the_delivery_screen_is_told_residents_are_not_theirs_to_change(qtbot, signed_in) -> None:
    s = signed_in.services
    s.residents.add_resident("R-001", "王大爷", ["13800001234"], compound="幸福里小区")
    press(qtbot, signed_in.checkout.code, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    screen = signed_in.deliveries
    assert screen is not None and signed_in.stack.currentWidget() is screen
    scan(qtbot, screen.resident_find, "1234")
    assert screen.resident is not None
    press(qtbot, screen.item, Qt.Key.Key_F5)
    assert screen.message.isVisible() and screen.message.objectName() == "error"
