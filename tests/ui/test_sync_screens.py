"""District sync on screen: the status bar counts what waits, a sale wakes the sync loop, and a
manager retries and exports the facts the server refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QWidget
from sqlalchemy import select, update

from pos_app.bootstrap import Services
from pos_app.hardware.printer import PdfFilePrinter
from pos_app.store.models import Outbox
from pos_app.ui.main_window import MainWindow
from pos_app.ui.manager.area import ManagerArea
from pos_app.ui.payment_dialog import PaymentDialog
from tests.ui.conftest import press, scan, when_modal
from tests.ui.test_manager_area import _manager_pin_then

pytestmark = pytest.mark.gui


class FakeSync:
    """Stands in for the sync worker thread: the window only wakes and stops it."""

    def __init__(self) -> None:
        self.wakes = 0
        self.stopped = False

    def wake(self) -> None:
        self.wakes += 1

    def stop(self, timeout: float = 10.0) -> None:
        self.stopped = True


def _refuse_last_fact(services: Services) -> int:
    """As if the server had answered "rejected" for the newest fact."""
    with services.db.transaction() as conn:
        seq = int(conn.execute(select(Outbox.seq).order_by(Outbox.seq.desc()).limit(1)).scalar_one())
        conn.execute(
            update(Outbox)
            .where(Outbox.seq == seq)
            .values(status="rejected", last_error="not_home_station: household SC-001 is settled at SC01")
        )
    return seq


def test_status_bar_counts_waiting_facts_and_a_sale_wakes_sync(qtbot, stocked: Services, tmp_path: Path) -> None:
    fake = FakeSync()
    w = MainWindow(stocked, PdfFilePrinter(tmp_path / "receipts"), sync=fake)
    qtbot.addWidget(w)
    w.show()
    qtbot.keyClicks(w.login.user, "cashier")
    qtbot.keyClick(w.login.user, "\r")
    qtbot.keyClicks(w.login.pin, "1111")
    qtbot.keyClick(w.login.pin, "\r")
    screen = w.checkout
    assert screen is not None
    before = stocked.sync.status().waiting
    assert w.sync_label.full_text() == f"Sync: not enrolled · {before} waiting"

    scan(qtbot, screen.code, "6920000000012")

    def pay(dlg: QWidget) -> None:
        assert isinstance(dlg, PaymentDialog)
        qtbot.keyClick(dlg.amount, "\r")

    when_modal(pay)
    press(qtbot, screen.code, Qt.Key.Key_F12)
    assert fake.wakes == 1  # the sale goes up as soon as the worker can
    w.update_sync()
    assert w.sync_label.full_text() == f"Sync: not enrolled · {before + 1} waiting"
    w.close()
    assert fake.stopped
    w.background.wait()


def test_manager_retries_and_exports_refused_facts(
    qtbot, signed_in: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    services = signed_in.services
    fake = FakeSync()
    signed_in.sync = fake
    seq = _refuse_last_fact(services)
    signed_in.update_sync()
    assert "1 problems" in signed_in.sync_label.full_text()
    out = tmp_path / "problems.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(out), "")))
    seen: dict[str, object] = {}

    def in_area(area: QWidget) -> None:
        assert isinstance(area, ManagerArea)
        tab = area.sync
        area.tabs.setCurrentWidget(tab)
        assert tab.table.rowCount() == 1
        assert tab.table.item(0, 0).text() == str(seq) and "SC01" in tab.table.item(0, 4).text()
        tab.export()
        seen["export"] = tab.message.text()
        tab.retry_selected()  # nothing selected yet
        seen["nothing"] = tab.message.text()
        tab.table.selectRow(0)
        qtbot.mouseClick(tab.retry_button, Qt.MouseButton.LeftButton)
        seen["retried"] = tab.message.text()
        seen["rows"] = tab.table.rowCount()
        area.accept()

    assert signed_in.checkout is not None
    when_modal(_manager_pin_then(qtbot, in_area))
    press(qtbot, signed_in.checkout.code, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    assert seen == {
        "export": "1 problems exported",
        "nothing": "Select the rows to retry",
        "retried": "1 facts queued again",
        "rows": 0,
    }
    assert out.exists() and services.sync.problems() == []
    assert fake.wakes >= 1  # "retry" asks for a sync right away


def test_status_line_tells_a_clock_far_from_the_servers(qapp) -> None:  # type: ignore[no-untyped-def]
    from pos_app.services.sync import SyncStatus
    from pos_app.ui.manager.sync import status_text

    base = dict(enrolled=True, server_url="http://d", last_ok=None, last_error="", waiting=0, problems=0)
    assert "clock" not in status_text(SyncStatus(**base))  # type: ignore[arg-type]
    assert "clock 3 days behind the district server" in status_text(SyncStatus(**base, clock_skew_s=3 * 86400))  # type: ignore[arg-type]
    assert "clock 2.5 hours ahead of" in status_text(SyncStatus(**base, clock_skew_s=-9000))  # type: ignore[arg-type]


def test_an_administrator_enrolls_the_till_on_the_sync_tab(qtbot, stocked: Services) -> None:
    """No command line: the form is on the tab while the till is not enrolled; a server that does
    not answer is said so, and nothing is kept."""
    stocked.users.create("admin", "管理员", ["admin", "manager"], "88888888")
    admin = stocked.users.authenticate("admin", "88888888")
    area = ManagerArea(stocked, admin)
    qtbot.addWidget(area)
    area.show()
    tab = area.sync
    area.tabs.setCurrentWidget(tab)
    assert tab.enroll_row.isVisible() and "pos-admin" not in tab.server.text()
    qtbot.keyClicks(tab.server_url, "http://127.0.0.1:9")
    qtbot.keyClicks(tab.enroll_code, "ABCD-1234")
    qtbot.keyClick(tab.enroll_code, Qt.Key.Key_Return)
    assert tab.message.text() and stocked.sync.enrollment() is None
    assert tab.enroll_row.isVisible()
