"""Households, consignment, the pass-through ledger and settlement, on a real SQLite file."""

from __future__ import annotations

import contextlib
import sqlite3
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pos_app.bootstrap import Services, build_services
from pos_app.domain.clock import LOCAL_TZ, FixedClock
from pos_app.domain.errors import ImportFailed, InvalidInput, PosError
from pos_app.domain.money import Rounding
from pos_app.importing.catalog import ProductInput
from pos_app.importing.households import HouseholdInput
from pos_app.services.station import init_station, open_database

HH = (
    "户编码,户主姓名,所在村,电话,类别,结算方式,身份证号,银行账号\n"
    "SC-001,张桂兰,双城区幸福村,13800000001,建档立卡贫困户,现金,11010519491231002X,\n"
    "SC-002,李富贵,双城区永胜村,,边缘户,银行,,6222020200112233445\n"
)


def _households(s: Services, tmp: Path, text: str = HH, enc: str = "utf-8") -> None:
    p = tmp / "hh.csv"
    p.write_bytes(text.encode(enc))
    s.households.import_file(p)


def _manager(s: Services):  # type: ignore[no-untyped-def]
    return s.users.authorize("manager", "999999", "manager")


def test_import_encrypts_id_numbers_and_masks_them(stocked: Services, tmp_path: Path, db_path: Path) -> None:
    _households(stocked, tmp_path, enc="gbk")
    h = stocked.households.get("SC-001")
    assert (h.head_name, h.village, h.category_name, h.id_number_masked) == (
        "张桂兰",
        "双城区幸福村",
        "建档立卡贫困户",
        "**************002X",
    )
    assert stocked.households.get("SC-002").bank_account_masked == "****3445"
    raw = db_path.read_bytes() + (db_path.parent / "station.db-wal").read_bytes()
    assert b"11010519491231002X" not in raw and b"6222020200112233445" not in raw
    assert stocked.households.find_by_id_number("11010519491231002x").code == "SC-001"  # type: ignore[union-attr]
    assert stocked.households.reveal_id_number("SC-001", _manager(stocked)) == "11010519491231002X"


def test_bad_household_rows_import_nothing(stocked: Services, tmp_path: Path) -> None:
    bad = HH + (
        "SC-001,重复,某村,,边缘户,现金,,\n"
        "SC-003,王五,某村,,不存在的类别,现金,,\n"
        "SC-004,赵六,某村,,边缘户,现金,110105194912310021,\n"
        "SC-005,钱七,某村,,边缘户,银行,,\n"
        "SC-006,孙八,,,边缘户,现金,,\n"
    )
    p = tmp_path / "bad.csv"
    p.write_text(bad, encoding="utf-8")
    with pytest.raises(ImportFailed) as err:
        stocked.households.import_file(p)
    assert [e.line for e in err.value.errors] == [4, 5, 6, 7, 8]
    assert stocked.ledger.progress() == []


def test_intake_sale_refund_and_settlement(stocked: Services, tmp_path: Path, db_path: Path) -> None:
    _households(stocked, tmp_path)
    manager = _manager(stocked)
    eggs = stocked.consignment.intake(
        "SC-001",
        quantity=30,
        price_fen=150,
        received_by=manager,
        new_product=ProductInput("农家土鸡蛋(张桂兰)", "枚", 150, ("6953000000010",), "扶贫特产"),
    )
    assert eggs.slip_no == "TZ01-01-IN-000001" and eggs.amount_fen == 4500
    cucumbers = stocked.consignment.intake(
        "SC-001",
        quantity=12_500,
        price_fen=300,
        received_by=manager,
        new_product=ProductInput("农家黄瓜(张桂兰)", "kg", 300, (), "蔬菜", plu=2001),
    )
    assert cucumbers.amount_fen == 3750
    product = stocked.catalog.by_code("6953000000010")
    assert product is not None and product.pass_through and product.household_label == "双城区幸福村"
    assert stocked.catalog.get(product.id).stock == 30
    # the store cannot put a markup on it
    with pytest.raises(InvalidInput):
        stocked.catalog.upsert([ProductInput("农家土鸡蛋(张桂兰)", "枚", 200, ("6953000000010",))], source="import")
    # another household cannot hand in this household's product
    with pytest.raises(InvalidInput):
        stocked.consignment.intake("SC-002", quantity=1, price_fen=150, received_by=manager, product_id=product.id)

    cashier = stocked.users.authenticate("cashier", "1111")
    stocked.settings.set("rounding", "drop_jiao")
    co = stocked.checkout()
    co.new_sale(cashier.id, cashier.display_name)
    line = co.scan("6953000000010", qty=10).line
    assert line is not None and line.product.pass_through
    co.add_weighed(cucumbers.product_id, 1_333)  # 1.333 kg × ¥3.00 = ¥4.00 (399.9 → 400)
    co.scan("6920000000012")
    co.set_line_discount(line.line_no, 100)  # the store gives ¥1 off the eggs
    plan = co.start_payment()
    plan.add("cash", plan.due_fen)
    sale = co.pay(plan)
    assert sale.total_fen == 2600  # 15.00 − 1.00 + 4.00 + 8.90 = 26.90, jiao dropped
    assert stocked.ledger.balance("SC-001") == 1500 + 400  # full undiscounted amounts at its price

    refund = stocked.refunds.refund(sale.receipt_no, {1: 4}, cashier=cashier, approver=manager, reason="碎了")
    assert refund.total_fen > 0
    assert stocked.ledger.balance("SC-001") == 1500 - 600 + 400

    with pytest.raises(InvalidInput):
        stocked.settlement.settle("SC-001", method="bank", paid_by=manager)  # needs a reference
    paid = stocked.settlement.settle("SC-001", method="cash", paid_by=manager)
    assert paid.amount_fen == 1300 and paid.statement_no == "TZ01-01-JS-000001"
    assert [(li.kind, li.amount_fen) for li in paid.lines] == [("credit", 1500), ("credit", 400), ("debit", -600)]
    assert stocked.ledger.balance("SC-001") == 0
    with pytest.raises(InvalidInput):
        stocked.settlement.settle("SC-001", method="cash", paid_by=manager)  # never twice
    with sqlite3.connect(db_path) as con:
        kinds = con.execute("select entity_type from outbox order by seq").fetchall()
    assert ("consignment",) in kinds and ("payout",) in kinds


def test_only_the_home_station_settles(stocked: Services, tmp_path: Path) -> None:
    stocked.households.upsert([HouseholdInput("X-1", "某人", "某村", home_station_code="OTHER")])
    manager = _manager(stocked)
    with pytest.raises(InvalidInput) as err:
        stocked.settlement.settle("X-1", method="cash", paid_by=manager)
    assert "OTHER" in err.value.message


def test_income_progress_and_targets(stocked: Services, tmp_path: Path) -> None:
    _households(stocked, tmp_path)
    manager = _manager(stocked)
    r = stocked.consignment.intake(
        "SC-002",
        quantity=5,
        price_fen=30000,
        received_by=manager,
        new_product=ProductInput("双城大鹅(李富贵)", "只", 30000, ("6953000000027",)),
    )
    co = stocked.checkout()
    co.new_sale(stocked.users.authenticate("cashier", "1111").id)
    co.add_product(r.product_id, 4)
    plan = co.start_payment()
    plan.add("cash", plan.due_fen)
    co.pay(plan)
    rows = {p.household.code: p for p in stocked.ledger.progress()}
    assert rows["SC-002"].income_fen == 120_000 and not rows["SC-002"].below_target and rows["SC-002"].percent == 100
    assert rows["SC-001"].income_fen == 0 and rows["SC-001"].below_target
    assert [p.household.code for p in stocked.ledger.progress(below_target=True)] == ["SC-001"]
    stocked.settings.set("income_targets", {"2026": 200_000})
    assert stocked.ledger.progress("李富贵")[0].percent == 60


# -- the invariant -----------------------------------------------------------------------------------

ITEMS = st.lists(
    st.tuples(
        st.sampled_from(["egg", "goose", "cuke", "millet"]),
        st.integers(1, 5),
        st.integers(100, 3000),
        st.integers(0, 300),
    ),
    min_size=1,
    max_size=6,
)


@pytest.fixture(scope="module")
def prepared(tmp_path_factory):  # type: ignore[no-untyped-def]
    """One migrated station with two households' consignments; each example works on a copy."""
    tmp = tmp_path_factory.mktemp("template")
    clock = FixedClock(datetime(2026, 11, 20, 9, 0, tzinfo=LOCAL_TZ))
    db = open_database(tmp / "s.db")
    s = build_services(db, clock, init_station(db, clock, "INV", "站", 1))
    s.catalog.upsert([ProductInput("赤峰小米", "袋", 890, ("6920000000012",))], source="t")
    cashier = s.users.create("c", "收银", ["cashier", "manager"], "111111")
    s.households.upsert([HouseholdInput("A", "甲", "甲村"), HouseholdInput("B", "乙", "乙村")])
    s.shifts.open(cashier.id, 0)
    ids = {
        "egg": s.consignment.intake(
            "A",
            quantity=999,
            price_fen=150,
            received_by=cashier,
            new_product=ProductInput("鸡蛋", "枚", 150, ("6953000000010",)),
        ).product_id,
        "goose": s.consignment.intake(
            "B",
            quantity=99,
            price_fen=29_900,
            received_by=cashier,
            new_product=ProductInput("大鹅", "只", 29_900, ("6953000000027",)),
        ).product_id,
        "cuke": s.consignment.intake(
            "A",
            quantity=90_000,
            price_fen=333,
            received_by=cashier,
            new_product=ProductInput("黄瓜", "kg", 333, (), plu=2001),
        ).product_id,
        "millet": s.catalog.by_code("6920000000012").id,  # type: ignore[union-attr]
    }
    s.close()
    return tmp, ids


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    ITEMS,
    st.sampled_from(list(Rounding)),
    st.integers(0, 500),
    st.lists(st.tuples(st.integers(1, 6), st.integers(1, 3000)), max_size=4),
)
def test_pass_through_lines_credit_households_exactly(
    prepared, tmp_path_factory, items, rounding, ticket_discount, refunds
):  # type: ignore[no-untyped-def]
    """Σ ledger per household == Σ its lines at its price − its share of refunds; the store keeps 0."""
    import shutil

    template, ids = prepared
    tmp = tmp_path_factory.mktemp("inv")
    for f in template.iterdir():
        (shutil.copytree if f.is_dir() else shutil.copy2)(f, tmp / f.name)
    clock = FixedClock(datetime(2026, 11, 20, 9, 0, tzinfo=LOCAL_TZ))
    db = open_database(tmp / "s.db")
    s = build_services(db, clock, init_station(db, clock, "INV", "站", 1))
    try:
        cashier = s.users.authenticate("c", "111111")
        s.settings.set("rounding", rounding.value)
        co = s.checkout()
        co.new_sale(cashier.id)
        for kind, qty, grams, disc in items:
            line = co.add_weighed(ids[kind], grams) if kind == "cuke" else co.add_product(ids[kind], qty)
            if disc and line.line_discount_fen == 0:
                co.set_line_discount(line.line_no, min(disc, line.gross_fen))
        t = co.totals()
        co.set_ticket_discount(min(ticket_discount, t.subtotal_fen - t.discount_fen))
        plan = co.start_payment()
        if plan.due_fen:
            plan.add("cash", plan.due_fen)
        else:
            return
        sale = co.pay(plan)
        refundable = {li.line_no: li for li in s.refunds.find(sale.receipt_no).lines}
        for line_no, qty in refunds:
            li = refundable.get(line_no)
            if li is None:
                continue
            with contextlib.suppress(PosError):
                s.refunds.refund(
                    sale.receipt_no,
                    {line_no: min(qty, li.quantity_left) or 1},
                    cashier=cashier,
                    approver=cashier,
                    reason="t",
                )
            refundable = {x.line_no: x for x in s.refunds.find(sale.receipt_no).lines}
        con = sqlite3.connect(tmp / "s.db")
        lines = con.execute(
            "select id, household_id, gross_fen, qty, weight_g, unit_price_fen, sold_by_weight from sale_line "
            "where pass_through and not voided"
        ).fetchall()
        refunded = dict(
            con.execute("select sale_line_id, sum(quantity) from refund_line group by sale_line_id").fetchall()
        )
        for household in ("A", "B"):
            hid = con.execute("select id from household where code=?", (household,)).fetchone()[0]
            ledger = con.execute(
                "select coalesce(sum(amount_fen),0) from ledger_entry where household_id=?", (hid,)
            ).fetchone()[0]
            expected = 0
            for lid, lh, gross, qty, weight, price, by_weight in lines:
                if lh != hid:
                    continue
                sold = weight if by_weight else qty
                left = sold - refunded.get(lid, 0)
                assert gross == (round(weight * price / 1000 + 1e-9) if by_weight else qty * price) or by_weight
                if not by_weight:
                    expected += left * price  # exactly its price: the store keeps nothing
                elif left == 0:
                    expected += 0
                else:
                    debits = -con.execute(
                        "select coalesce(sum(amount_fen),0) from ledger_entry where sale_line_id=? and kind='debit'",
                        (lid,),
                    ).fetchone()[0]
                    assert 0 <= debits <= gross
                    expected += gross - debits
            assert ledger == expected, (household, ledger, expected)
        con.close()
    finally:
        s.close()


def test_buyers_subscriptions_and_on_account_sales(stocked: Services, tmp_path: Path, db_path: Path) -> None:
    _households(stocked, tmp_path)
    canteen = stocked.buyers.add("区政府机关食堂", "canteen")
    person = stocked.buyers.add("刘女士", "person")
    with pytest.raises(InvalidInput):
        stocked.buyers.add("区政府机关食堂", "canteen")
    with pytest.raises(InvalidInput):
        stocked.buyers.add("某人", "alien")
    stocked.buyers.subscribe(person.id, "SC-002", "大鹅", "春节 2 只")
    assert [p.household.code for p in stocked.ledger.progress(no_buyer=True)] == ["SC-001"]
    assert [(x.buyer_name, x.household_code) for x in stocked.buyers.subscriptions()] == [("刘女士", "SC-002")]

    co = stocked.checkout()
    co.new_sale(stocked.users.authenticate("cashier", "1111").id)
    co.scan("6920000000012", qty=10)
    plan = co.start_payment()
    plan.add("account", plan.due_fen)
    with pytest.raises(PosError):
        co.pay(plan)  # on account needs an institutional buyer
    co.set_buyer(person)
    with pytest.raises(PosError):
        co.pay(plan)
    co.set_buyer(canteen)
    co.pay(plan)
    with sqlite3.connect(db_path) as con:
        assert con.execute("select b.name from sale s join buyer b on b.id = s.buyer_id").fetchall() == [
            ("区政府机关食堂",)
        ]


def test_intake_slip_and_settlement_statement_pdfs(stocked: Services, tmp_path: Path) -> None:
    from pos_app.reports.household_docs import intake_slip_pdf, settlement_pdf
    from tests.integration.test_receipts import pdf_text

    _households(stocked, tmp_path)
    manager = _manager(stocked)
    r = stocked.consignment.intake(
        "SC-001",
        quantity=2_500,
        price_fen=560,
        received_by=manager,
        new_product=ProductInput("农家西红柿(张桂兰)", "斤", 280, (), plu=2003),
    )
    slip = pdf_text(intake_slip_pdf(r))
    for text in (
        "农户代销入库单",
        "TZ01-01-IN-000001",
        "张桂兰",
        "双城区幸福村",
        "5 斤",
        "¥2.80/斤",
        "¥14.00",
        "农户签字",
    ):
        assert text in slip, text
    co = stocked.checkout()
    co.new_sale(stocked.users.authenticate("cashier", "1111").id)
    co.add_weighed(r.product_id, 1_000)
    plan = co.start_payment()
    plan.add("cash", plan.due_fen)
    sale = co.pay(plan)
    paid = stocked.settlement.settle("SC-001", method="cash", paid_by=manager)
    text = pdf_text(settlement_pdf(paid))
    for expected in (
        "农户货款结算单",
        paid.statement_no,
        sale.receipt_no,
        "农家西红柿(张桂兰)",
        "2 斤",
        "¥5.60",
        "合计",
        "第 1 页 / 共 1 页",
        "农户签字",
    ):
        assert expected in text, expected


def test_cli_import_households(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from pos_app.cli import main

    db = tmp_path / "s.db"
    assert main(["--db", str(db), "init", "--station", "S1", "--name", "站"]) == 0
    boss = ["--username", "boss", "--roles", "admin,manager", "--new-pin", "135790"]
    assert main(["--db", str(db), "user", "add", *boss]) == 0  # a new station's first administrator
    p = tmp_path / "hh.xlsx"
    from openpyxl import Workbook

    wb = Workbook()
    for row in [r.split(",") for r in HH.strip().split("\n")]:
        wb.active.append(row)
    wb.save(p)
    capsys.readouterr()
    assert main(["--db", str(db), "import-households", str(p), "--as", "boss", "--pin", "135790"]) == 0
    assert "新增 2" in capsys.readouterr().out
    bad = tmp_path / "bad.csv"
    bad.write_text("户编码,户主姓名,所在村,类别\nX,甲,乙村,不存在\n", encoding="utf-8")
    assert main(["--db", str(db), "import-households", str(bad), "--as", "boss", "--pin", "135790"]) == 2


def test_two_tills_of_a_station_never_print_the_same_document_number(tmp_path: Path, clock: FixedClock) -> None:
    """Intake slips, statements and delivery orders carry the terminal, as receipts do."""
    from datetime import timedelta

    numbers: dict[str, list[str]] = {"IN": [], "JS": [], "D": []}
    for terminal in (1, 2):
        db = open_database(tmp_path / f"till{terminal}.db")
        s = build_services(db, clock, init_station(db, clock, "TZ01", "通州社区扶贫超市", terminal))
        try:
            s.users.create("manager", "张经理", ["manager"], "999999")
            s.users.create("volunteer", "李阿姨", ["volunteer"], "2222")
            s.shifts.open(s.users.authenticate("manager", "999999").id, 0)
            _households(s, tmp_path)
            manager = _manager(s)
            for _ in range(2):
                r = s.consignment.intake(
                    "SC-001",
                    quantity=10,
                    price_fen=150,
                    received_by=manager,
                    new_product=ProductInput(f"鸡蛋{terminal}{_}", "枚", 150, (), "扶贫特产"),
                )
                numbers["IN"].append(r.slip_no)
            co = s.checkout()
            co.new_sale(manager.id, manager.display_name)
            co.add_product(r.product_id, 2)
            plan = co.start_payment()
            plan.add("cash", plan.due_fen)
            co.pay(plan)
            numbers["JS"].append(s.settlement.settle("SC-001", method="cash", paid_by=manager).statement_no)
            volunteer = s.users.authenticate("volunteer", "2222")
            s.residents.add_resident(f"R-{terminal}", "王大爷", ["13800001234"])
            order = s.deliveries.create_order(
                f"R-{terminal}",
                [(r.product_id, 1)],
                day=clock.now().date() + timedelta(days=1),
                slot="上午",
                by=volunteer,
            )
            numbers["D"].append(order.order_no)
        finally:
            s.close()
    assert numbers == {
        "IN": ["TZ01-01-IN-000001", "TZ01-01-IN-000002", "TZ01-02-IN-000001", "TZ01-02-IN-000002"],
        "JS": ["TZ01-01-JS-000001", "TZ01-02-JS-000001"],
        "D": ["TZ01-01-D-000001", "TZ01-02-D-000001"],
    }
