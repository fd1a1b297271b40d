"""The till on a hostile machine, driven as a cashier would: the printer goes offline after a sale,
the disk fills up at the moment of paying. The cashier is told, in words, and nothing is lost."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from pos_app.domain.errors import DiskFull
from pos_app.hardware.printer import PrinterOffline
from pos_app.services.checkout import CompletedSale
from pos_app.ui.main_window import MainWindow
from tests.facts import sell
from tests.integration.test_hostile import disk_full_after
from tests.ui.conftest import press, scan
from tests.ui.test_checkout_screen import pay_cash

pytestmark = pytest.mark.gui

MILLET, CHICKEN, RICE = "6920000000012", "6935000000023", "6901000000035"


class FlakyPrinter:
    """A thermal printer whose cable can be pulled."""

    def __init__(self) -> None:
        self.online = False
        self.printed: list[str] = []
        self.drawer = 0

    def print_receipt(self, sale: CompletedSale) -> None:
        if not self.online:
            raise PrinterOffline(reason="USB device not found")
        self.printed.append(sale.receipt_no)

    def open_drawer(self) -> None:
        if not self.online:
            raise PrinterOffline(reason="USB device not found")
        self.drawer += 1


def pay(qtbot, screen) -> None:  # type: ignore[no-untyped-def]
    """F12, then Enter in the payment dialog: cash, exactly the total."""
    pay_cash(qtbot)
    press(qtbot, screen.code, Qt.Key.Key_F12)


def receipts(db: Path) -> list[str]:
    with sqlite3.connect(db) as con:
        return [r for (r,) in con.execute("SELECT receipt_no FROM sale ORDER BY doc_seq")]


def test_printer_offline_after_paying_says_so_keeps_the_sale_and_reprints(
    qtbot, signed_in: MainWindow, db_path: Path
) -> None:
    screen = signed_in.checkout
    assert screen is not None
    printer = FlakyPrinter()
    screen.printer = printer
    scan(qtbot, screen.code, MILLET)
    pay(qtbot, screen)
    qtbot.waitUntil(screen.banner.isVisible, timeout=5000)
    assert "receipt printer is not answering" in screen.banner.text() and "USB" in screen.banner.text()
    [paid] = receipts(db_path)  # the sale is paid and kept, printed or not
    assert screen.model.rowCount() == 0 and paid in screen.last_label.text()
    scan(qtbot, screen.code, CHICKEN)  # the queue goes on
    assert screen.model.rowCount() == 1
    printer.online = True  # cable back in: F8 reprints the last receipt
    press(qtbot, screen.code, Qt.Key.Key_F8)
    qtbot.waitUntil(lambda: printer.printed == [paid], timeout=5000)


def test_disk_full_at_payment_keeps_the_cart_on_screen_and_pays_once_when_freed(
    qtbot, signed_in: MainWindow, db_path: Path
) -> None:
    screen = signed_in.checkout
    assert screen is not None
    services = screen.services
    with disk_full_after(services, 0):
        with contextlib.suppress(DiskFull):
            for _ in range(1000):  # the other till, or the day, fills the disk
                sell(services, [MILLET, CHICKEN, RICE])
        before = receipts(db_path)
        for code in (MILLET, CHICKEN, RICE):
            scan(qtbot, screen.code, code)
        pay(qtbot, screen)
        assert screen.banner.isVisible() and "disk is full" in screen.banner.text()
        assert receipts(db_path) == before and screen.model.rowCount() == 3  # the cart is all still there
    pay(qtbot, screen)  # space freed: the same keystrokes pay it, once
    assert len(receipts(db_path)) == len(before) + 1 and screen.model.rowCount() == 0
