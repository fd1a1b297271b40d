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
        qtbot.keyClicks(p.pin, "9999")  # type: ignore[attr-defined]
        qtbot.keyClick(p.pin, "\r")  # type: ignore[attr-defined]

    when_modal(pin)
    dlg.cancel_order()
    assert s.deliveries.get(order.order_no).state is DeliveryState.CANCELLED
    assert not dlg.cancel_button.isVisible()
