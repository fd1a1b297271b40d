"""One station, several tills: two real station files (terminals 1 and 2 of TZ01) and a real
district server process. Once both have synced they sell, show and pay out as one store."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select

from pos_app.bootstrap import Services, build_services, open_station
from pos_app.domain.clock import FixedClock
from pos_app.domain.errors import NotFound, PosError, RefundExceedsSold, SyncError
from pos_app.importing.catalog import ProductInput
from pos_app.server.models import DistrictLedgerEntry, Quarantine, SettlementReservation, TerminalStock
from pos_app.services.station import init_station, open_database
from pos_app.store.models import Payout, SettlementAttempt
from pos_app.sync.client import SyncClient, enroll
from tests.facts import EGGS, refund_first_line, sell
from tests.sync.conftest import ROOT, FaultProxy, ServerProcess

WORKER = Path(__file__).with_name("till_worker.py")


def _till(path: Path, clock: FixedClock, number: int) -> Services:
    db = open_database(path)
    s = build_services(db, clock, init_station(db, clock, "TZ01", "通州社区扶贫超市", number))
    cashier = s.users.create("cashier", "王收银", ["cashier"], "1111")
    s.users.create("manager", "张经理", ["manager"], "999999")
    s.shifts.open(cashier.id, 20_000)
    return s


def _enroll(s: Services, server: ServerProcess, number: int, url: str | None = None) -> None:
    code = server.cli("enroll-code", "--station", "TZ01", "--terminal", str(number))
    enroll(s.sync, url or server.url, code)


def _sync(*tills: Services) -> None:
    for _ in range(2):  # the second round brings each till what the other sent in the first
        for s in tills:
            SyncClient(s.sync).sync_once()


def _manager(s: Services):  # type: ignore[no-untyped-def]
    return s.users.authorize("manager", "999999", "manager")


def _intake(s: Services, quantity: int) -> str:
    return s.consignment.intake(
        "SC-001",
        quantity=quantity,
        price_fen=150,
        received_by=_manager(s),
        new_product=ProductInput("农家土鸡蛋(张桂兰)", "枚", 150, (EGGS,), "扶贫特产"),
    ).product_id


@pytest.fixture
def tills(server: ServerProcess, tmp_path: Path, clock: FixedClock) -> Iterator[tuple[Services, Services]]:
    a, b = _till(tmp_path / "a01.db", clock, 1), _till(tmp_path / "a02.db", clock, 2)
    _enroll(a, server, 1)
    _enroll(b, server, 2)
    _sync(a, b)  # both learn the registry (SC-001 is TZ01's)
    yield a, b
    a.close()
    b.close()


def _district(server: ServerProcess):  # type: ignore[no-untyped-def]
    return create_engine(server.db_url)


def test_goods_consigned_at_one_till_sell_at_the_other_and_a_later_intake_adds_to_them(
    tills: tuple[Services, Services], server: ServerProcess
) -> None:
    a, b = tills
    eggs = _intake(a, 100)
    _sync(a, b)
    at_b = b.catalog.by_code(EGGS)
    assert at_b is not None and at_b.id == eggs  # the same product, the same id
    sell(b, [EGGS, EGGS])
    assert _intake(b, 30) == eggs  # the second intake at the other till: the same product, more stock
    sell(a, [EGGS])
    _sync(a, b)
    assert a.catalog.get(eggs).stock == b.catalog.get(eggs).stock == 100 - 2 + 30 - 1
    engine = _district(server)
    with engine.connect() as conn:
        on_hand = conn.execute(
            select(func.sum(TerminalStock.on_hand)).where(TerminalStock.product_id == eggs)
        ).scalar_one()
    engine.dispose()
    assert on_hand == 127  # the district's stock for the station: both tills, intake included
    sell(a, [EGGS])  # before it syncs, a till's own move shows at once, counted once
    assert a.catalog.get(eggs).stock == 126 and b.catalog.get(eggs).stock == 127


def test_a_household_is_paid_once_for_both_tills_and_every_line_is_on_its_statement(
    tills: tuple[Services, Services], server: ServerProcess
) -> None:
    a, b = tills
    _intake(a, 100)
    _sync(a, b)
    sell(a, [EGGS] * 3)  # ¥4.50 for SC-001 at till 1
    sell(b, [EGGS] * 5)  # ¥7.50 at till 2
    _sync(a, b)
    assert a.ledger.balance("SC-001") == b.ledger.balance("SC-001") == 1200
    sell(b, [EGGS])  # not synced yet: till 2 shows it, till 1 cannot know it
    assert (a.ledger.balance("SC-001"), b.ledger.balance("SC-001")) == (1200, 1350)
    paid = a.settlement.settle("SC-001", method="cash", paid_by=_manager(a))
    assert paid.amount_fen == 1200  # what the district holds: till 2's last sale has not reached it
    documents = {li.document[:8] for li in paid.lines}
    assert documents == {"TZ01-01-", "TZ01-02-"}  # the statement lists both tills' lines
    later = b.settlement.settle("SC-001", method="cash", paid_by=_manager(b))
    assert later.amount_fen == 150 and len(later.lines) == 1  # till 2 pushes its sale first: only it is left
    with pytest.raises(PosError) as refused:
        a.settlement.settle("SC-001", method="cash", paid_by=_manager(a))
    assert "没有" in refused.value.message_zh
    _sync(a, b)
    assert a.ledger.balance("SC-001") == b.ledger.balance("SC-001") == 0
    year = b.today().year
    statement = b.ledger.statement("SC-001", year)
    assert statement.every_till
    receipts = {li.document[:8] for li in statement.lines if li.kind == "credit"}
    assert receipts == {"TZ01-01-", "TZ01-02-"}  # every till's lines, printed at either
    assert [li.amount_fen for li in statement.lines if li.kind == "payout"] == [-1200, -150]


def test_a_till_that_cannot_reach_the_district_refuses_to_settle_and_writes_nothing(
    tills: tuple[Services, Services], server: ServerProcess
) -> None:
    a, b = tills
    _intake(a, 100)
    sell(a, [EGGS] * 2)
    _sync(a, b)
    server.stop()
    try:
        with pytest.raises(SyncError) as refused:
            a.settlement.settle("SC-001", method="cash", paid_by=_manager(a))
        assert "联网" in refused.value.message_zh
        with a.db.read() as conn:
            assert conn.execute(select(func.count()).select_from(Payout)).scalar_one() == 0
        statement = a.ledger.statement("SC-001", a.today().year)
        assert not statement.every_till and statement.lines  # this till's lines, and it says so
    finally:
        server.start()


def test_two_tills_settling_the_same_household_at_the_same_moment_pay_once(
    tills: tuple[Services, Services], server: ServerProcess, tmp_path: Path
) -> None:
    a, b = tills
    _intake(a, 100)
    _sync(a, b)
    sell(a, [EGGS] * 4)
    sell(b, [EGGS] * 6)
    _sync(a, b)
    a.close()
    b.close()
    go = tmp_path / "go"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [
        subprocess.Popen(
            [sys.executable, str(WORKER), str(tmp_path / db), "SC-001", str(go)], env=env, stdout=subprocess.PIPE
        )
        for db in ("a01.db", "a02.db")
    ]
    time.sleep(2.0)  # both opened their file and wait
    go.touch()
    outcomes = [json.loads(p.communicate(timeout=60)[0].decode().strip().splitlines()[-1]) for p in procs]
    paid = [o["paid"] for o in outcomes if "paid" in o]
    assert paid == [1500], outcomes  # one pays the whole balance, the other is refused
    engine = _district(server)
    with engine.connect() as conn:
        held = conn.execute(select(SettlementReservation.amount_fen)).scalars().all()
    engine.dispose()
    assert held == [1500]


def test_a_till_killed_in_the_middle_of_a_settlement_pays_the_same_hold_once_when_it_comes_back(
    server: ServerProcess, tmp_path: Path, clock: FixedClock
) -> None:
    a, b = _till(tmp_path / "a01.db", clock, 1), _till(tmp_path / "a02.db", clock, 2)
    proxy = FaultProxy(server.port, delay=30)
    try:
        _enroll(a, server, 1, proxy.url)
        _enroll(b, server, 2)
        _sync(a, b)
        _intake(a, 100)
        sell(a, [EGGS] * 4)
        _sync(a, b)
        sell(a, [EGGS])  # something to push first: the push passes, the hold's reply is held back
        a.close()
        proxy.plan = ["pass", "delay"]
        go = tmp_path / "go"
        go.touch()
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        proc = subprocess.Popen([sys.executable, str(WORKER), str(tmp_path / "a01.db"), "SC-001", str(go)], env=env)
        engine = _district(server)
        deadline = time.monotonic() + 30
        with engine.connect() as conn:
            while time.monotonic() < deadline:
                if conn.execute(select(func.count()).select_from(SettlementReservation)).scalar_one():
                    break
                conn.rollback()
                time.sleep(0.05)
        os.kill(proc.pid, signal.SIGKILL)  # the district holds the balance; the till never heard
        proc.wait(10)
        with pytest.raises(PosError):  # meanwhile the other till cannot pay the held balance
            b.settlement.settle("SC-001", method="cash", paid_by=_manager(b))
        a = open_station(tmp_path / "a01.db", clock)
        with a.db.read() as conn:
            assert conn.execute(select(SettlementAttempt.state)).scalars().all() == ["open"]
        paid = a.settlement.settle("SC-001", method="cash", paid_by=_manager(a))
        assert paid.amount_fen == 750
        _sync(a, b)
        with engine.connect() as conn:
            held = conn.execute(select(SettlementReservation.amount_fen, SettlementReservation.state)).all()
            balance = conn.execute(
                select(func.sum(DistrictLedgerEntry.amount_fen)).where(DistrictLedgerEntry.household_code == "SC-001")
            ).scalar_one()
        engine.dispose()
        assert [tuple(h) for h in held] == [(750, "paid")] and balance == 0  # one hold, paid once, none lost
        assert a.ledger.balance("SC-001") == b.ledger.balance("SC-001") == 0
        a.close()
    finally:
        b.close()
        proxy.close()


def test_a_sale_made_at_one_till_is_refunded_at_the_other_with_the_quantities_the_district_knows(
    tills: tuple[Services, Services], server: ServerProcess
) -> None:
    a, b = tills
    _intake(a, 100)
    _sync(a, b)
    receipt = sell(a, [EGGS] * 4, tender="mobile")  # ¥6.00 for SC-001, at till 1
    refund_first_line(a, receipt, 1)  # one egg back at the sale's own till
    with pytest.raises(NotFound) as unknown:  # till 2 cannot know the sale before till 1 has sent it
        b.refunds.find(receipt)
    assert "同步" in unknown.value.message_zh
    _sync(a, b)
    assert [li.quantity_left for li in b.refunds.find(receipt.lower()).lines] == [3]  # typed, or scanned
    cashier, manager = b.users.authenticate("cashier", "1111"), _manager(b)
    done = b.refunds.refund(receipt, {1: 2}, cashier=cashier, approver=manager, reason="蛋壳破了")
    assert done.receipt_no.startswith("TZ01-02-") and done.total_fen == 300
    assert done.tenders == (("mobile", 300),)  # back over the sale's own tender
    assert b.refunds.find(receipt).lines[0].quantity_left == 1  # its own refund counts before it syncs
    with pytest.raises(RefundExceedsSold):
        b.refunds.refund(receipt, {1: 2}, cashier=cashier, approver=manager, reason="again")
    assert b.catalog.get(b.catalog.by_code(EGGS).id).stock == 100 - 4 + 1 + 2  # type: ignore[union-attr]
    _sync(a, b)
    assert a.refunds.find(receipt).lines[0].quantity_left == 1  # the sale's till learns the other's refund
    with pytest.raises(RefundExceedsSold):
        refund_first_line(a, receipt, 2)
    engine = _district(server)
    with engine.connect() as conn:
        balance = conn.execute(
            select(func.sum(DistrictLedgerEntry.amount_fen)).where(DistrictLedgerEntry.household_code == "SC-001")
        ).scalar_one()
        refused = conn.execute(select(func.count()).select_from(Quarantine)).scalar_one()
    engine.dispose()
    assert (balance, refused) == (600 - 150 - 300, 0)  # the district took both refunds, debits and all
    assert a.ledger.balance("SC-001") == b.ledger.balance("SC-001") == 150
    with pytest.raises(NotFound):
        b.refunds.find("TZ01-01-999999")
    server.stop()
    try:  # without the district: the sale's own till still refunds on what it knows; the other cannot
        assert a.refunds.find(receipt).lines[0].quantity_left == 1
        with pytest.raises(SyncError) as offline:
            b.refunds.refund(receipt, {1: 1}, cashier=cashier, approver=manager, reason="蛋壳破了")
        assert "无法连接" in offline.value.message_zh
    finally:
        server.start()


def test_a_single_till_without_a_district_settles_as_before(stocked: Services, tmp_path: Path) -> None:
    from tests.facts import with_household_goods

    s = with_household_goods(stocked, tmp_path)
    sell(s, [EGGS] * 2)
    paid = s.settlement.settle("SC-001", method="cash", paid_by=_manager(s))
    assert paid.amount_fen == 300 and s.ledger.balance("SC-001") == 0
