"""Every fen reaches its household: random baskets (line and ticket discounts, every 抹零 mode,
weighed household goods, split tenders, partial refunds) sold on a real station file and pushed to
the district server (the real app, on SQLite and on PostgreSQL). Every sale and refund the station
committed is applied, and for every household the district's credit equals the station's to the fen.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import shutil
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Connection, Engine, func, select

from pos_app.bootstrap import Services, build_services
from pos_app.crypto import FieldCipher
from pos_app.domain.barcodes import with_check_digit
from pos_app.domain.clock import LOCAL_TZ, FixedClock
from pos_app.domain.errors import PosError
from pos_app.domain.ids import new_id
from pos_app.importing.catalog import ProductInput
from pos_app.importing.households import HouseholdInput
from pos_app.server import auth, reference, totals
from pos_app.server.models import (
    DayBuyer,
    DayHousehold,
    DayProduct,
    DayStation,
    DistrictLedgerEntry,
    DistrictRefund,
    DistrictSale,
    MonthHousehold,
    TerminalReceipts,
    table,
)
from pos_app.services.station import init_station, open_database
from pos_app.store.models import Household, LedgerEntry, Refund, Sale
from tests.conftest import SMALL_CATALOG
from tests.facts import outbox_ops
from tests.server.conftest import NOW, enroll

EGG = with_check_digit("695800000911")  # household A's eggs, ¥1.50 a piece
CUCUMBER_PLU = 2011  # household B's cucumbers, ¥3.00 a kg, weighed
MILLET = "6920000000012"  # the store's own goods
CERTIFIED = "6935000000023"
MODES = ("none", "drop_fen", "drop_jiao", "nearest_jiao")


@dataclass(frozen=True)
class Item:
    kind: str  # egg | cucumber | millet | certified
    qty: int  # pieces, or grams when weighed


@dataclass(frozen=True)
class Basket:
    items: list[Item]
    line_discount: tuple[int, int] | None  # (line index, fen off)
    ticket_discount: int
    split: bool  # part cash, the rest by mobile pay
    refunds: list[tuple[int, int]]  # (line index, share of what is left in tenths)


items = st.one_of(
    st.builds(Item, st.just("egg"), st.integers(1, 12)),
    st.builds(Item, st.just("cucumber"), st.integers(50, 4_000)),
    st.builds(Item, st.sampled_from(("millet", "certified")), st.integers(1, 3)),
)
baskets = st.builds(
    Basket,
    st.lists(items, min_size=1, max_size=5),
    st.none() | st.tuples(st.integers(0, 4), st.integers(1, 90)),
    st.sampled_from((0, 0, 0, 5, 37)),
    st.booleans(),
    st.lists(st.tuples(st.integers(0, 4), st.integers(1, 10)), max_size=2),
)

_station_no = itertools.count(1)


def _station(district: tuple[Engine, FieldCipher], api: TestClient, folder: Path) -> tuple[Services, dict[str, str]]:
    """A new station with households A (home here) and B (home elsewhere) consigning goods here."""
    engine, cipher = district
    n = next(_station_no)
    code = f"P{n:03d}"
    with engine.begin() as conn:
        auth.add_station(conn, code, f"测试站{n}", NOW)
        reference.import_households(
            conn,
            [
                HouseholdInput(f"{code}-A", "张桂兰", "双城区幸福村", home_station_code=code),
                HouseholdInput(f"{code}-B", "李富贵", "双城区永胜村", home_station_code="SC01"),
            ],
            cipher,
            NOW,
        )
    clock = FixedClock(datetime(2026, 11, 20, 9, 0, tzinfo=LOCAL_TZ))
    db = open_database(folder / "station.db")
    s = build_services(db, clock, init_station(db, clock, code, f"测试站{n}", 1))
    s.catalog.upsert(SMALL_CATALOG, source="test")
    s.settings.set("scale_layouts", ["28PPPPPWWWWWC", "20PPPPPWWWWWAAAAAC"])  # the station's scale formats
    cashier = s.users.create("cashier", "王收银", ["cashier"], "1111")
    manager = s.users.create("manager", "张经理", ["manager"], "999999")
    s.shifts.open(cashier.id, 20_000)
    s.households.upsert(
        [
            HouseholdInput(f"{code}-A", "张桂兰", "双城区幸福村", home_station_code=code),
            HouseholdInput(f"{code}-B", "李富贵", "双城区永胜村", home_station_code="SC01"),
        ]
    )
    s.consignment.intake(
        f"{code}-A",
        quantity=10_000,
        price_fen=150,
        received_by=manager,
        new_product=ProductInput("农家土鸡蛋", "枚", 150, (EGG,), "农户代销"),
    )
    s.consignment.intake(
        f"{code}-B",
        quantity=500_000,
        price_fen=300,
        received_by=manager,
        new_product=ProductInput("农家黄瓜", "kg", 300, (), "农户代销", plu=CUCUMBER_PLU),
    )
    return s, enroll(api, engine, code)


def _scan(co: object, item: Item) -> None:
    if item.kind == "egg":
        co.scan(EGG, qty=item.qty)  # type: ignore[attr-defined]
    elif item.kind == "cucumber":
        co.scan(with_check_digit(f"28{CUCUMBER_PLU:05d}{item.qty:05d}"))  # type: ignore[attr-defined]
    else:
        co.scan(MILLET if item.kind == "millet" else CERTIFIED, qty=item.qty)  # type: ignore[attr-defined]


def _sell(s: Services, b: Basket) -> str | None:
    cashier = s.users.authenticate("cashier", "1111")
    manager = s.users.authorize("manager", "999999", "manager")
    co = s.checkout()
    co.new_sale(cashier.id)
    for item in b.items:
        _scan(co, item)
    lines = co.cart.lines
    if b.line_discount:
        idx, off = b.line_discount
        line = lines[idx % len(lines)]
        if line.gross_fen > 1:
            co.set_line_discount(line.line_no, min(off, line.gross_fen - 1), manager)
    if b.ticket_discount:
        with contextlib.suppress(PosError):  # more than the ticket: the till says so and changes nothing
            co.set_ticket_discount(b.ticket_discount, manager)
    plan = co.start_payment()
    if plan.due_fen <= 0:
        return None
    if b.split and plan.due_fen > 1:
        plan.add("cash", plan.due_fen // 2)
        plan.add("mobile", plan.remaining_fen, masked_code="1345****6789", reference=new_id()[:12])
    else:
        plan.add("cash", plan.due_fen)
    return co.pay(plan).receipt_no


def _refund(s: Services, receipt: str, b: Basket) -> None:
    cashier = s.users.authenticate("cashier", "1111")
    manager = s.users.authorize("manager", "999999", "manager")
    for idx, tenths in b.refunds:
        sale = s.refunds.find(receipt)
        line = sale.lines[idx % len(sale.lines)]
        if line.quantity_left <= 0:
            continue
        qty = line.quantity_left if line.sold_by_weight else max(1, line.quantity_left * tenths // 10)
        s.refunds.refund(receipt, {line.line_no: qty}, cashier=cashier, approver=manager, reason="顾客退货")


def _push_all(api: TestClient, headers: dict[str, str], s: Services, batch: int) -> list[tuple[str, str]]:
    ops = outbox_ops(s)
    verdicts = []
    for k in range(0, len(ops), batch):
        body = json.dumps({"batch_id": new_id(), "ops": [o.model_dump() for o in ops[k : k + batch]]})
        reply = api.post("/v1/push", content=body, headers={**headers, "Content-Type": "application/json"})
        assert reply.status_code == 200, reply.text
        verdicts += [(r["status"], f"{r.get('code')}: {r.get('message')}") for r in reply.json()["results"]]
    return verdicts


def _running_totals_agree_with_the_facts(engine: Engine) -> bool:
    """The totals the report reads, kept at ingest, are the ones computed afresh from every fact."""

    def snapshot(conn: Connection) -> list[list[tuple[object, ...]]]:
        kept = (DayStation, DayHousehold, MonthHousehold, DayBuyer, DayProduct, TerminalReceipts)
        return [sorted(tuple(r) for r in conn.execute(select(table(m))).all()) for m in kept]

    with engine.connect() as conn, conn.begin() as tx:
        kept = snapshot(conn)
        totals.rebuild(conn)
        afresh = snapshot(conn)
        tx.rollback()
    return kept == afresh


@settings(
    max_examples=12,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(mode=st.sampled_from(MODES), sold=st.lists(baskets, min_size=1, max_size=6), batch=st.integers(1, 40))
def test_district_credit_equals_station_credit_for_every_household(
    api: TestClient, district: tuple[Engine, FieldCipher], mode: str, sold: list[Basket], batch: int
) -> None:
    engine, _ = district
    folder = Path(tempfile.mkdtemp(prefix="pos-fen-"))
    s, headers = _station(district, api, folder)
    try:
        s.settings.set("rounding", mode)
        for b in sold:
            receipt = _sell(s, b)
            if receipt:
                _refund(s, receipt, b)
        verdicts = _push_all(api, headers, s, batch)
        assert [v for v in verdicts if v[0] != "applied"] == []
        code = s.station.station_code
        with s.db.read() as conn:
            station_sales = set(conn.execute(select(Sale.id)).scalars())
            station_refunds = set(conn.execute(select(Refund.id)).scalars())
            station_credit = dict(
                conn.execute(
                    select(Household.code, func.sum(LedgerEntry.amount_fen))
                    .join(Household, Household.id == LedgerEntry.household_id)
                    .group_by(Household.code)
                ).all()
            )
        with engine.connect() as conn:
            terminal = auth.authenticate(conn, headers["Authorization"].split()[1]).terminal_id
            district_sales = set(
                conn.execute(select(DistrictSale.id).where(DistrictSale.terminal_id == terminal)).scalars()
            )
            district_refunds = set(
                conn.execute(select(DistrictRefund.id).where(DistrictRefund.terminal_id == terminal)).scalars()
            )
            district_credit = dict(
                conn.execute(
                    select(DistrictLedgerEntry.household_code, func.sum(DistrictLedgerEntry.amount_fen))
                    .where(DistrictLedgerEntry.household_code.in_((f"{code}-A", f"{code}-B")))
                    .group_by(DistrictLedgerEntry.household_code)
                ).all()
            )
        assert district_sales == station_sales and district_refunds == station_refunds
        assert {k: int(v) for k, v in district_credit.items()} == {k: int(v) for k, v in station_credit.items()}
        assert _running_totals_agree_with_the_facts(engine)
    finally:
        s.close()
        shutil.rmtree(folder, ignore_errors=True)
