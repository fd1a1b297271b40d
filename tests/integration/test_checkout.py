"""Checkout service on a real SQLite file."""

import json
import sqlite3
from pathlib import Path

import pytest

from pos_app.bootstrap import Services
from pos_app.domain.barcodes import with_check_digit
from pos_app.domain.errors import (
    AmountStillDue,
    EmptyCart,
    InvalidBarcode,
    NoOpenShift,
    UnknownCode,
    WeightRequired,
)
from pos_app.importing.catalog import ProductInput
from pos_app.services import checkout as checkout_module


def _cashier(s: Services) -> str:
    return s.users.authenticate("cashier", "1111").id


def _rows(db_path: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(db_path) as con:
        return con.execute(sql).fetchall()


def test_a_paid_sale_is_written_whole_with_its_outbox_row(stocked: Services, db_path: Path) -> None:
    co = stocked.checkout()
    co.new_sale(_cashier(stocked))
    co.scan("6920000000012")
    co.scan("6920000000012")
    co.scan(with_check_digit("280100101250"))  # 1.25 kg of tomatoes at ¥2.80/斤 = ¥5.60/kg → ¥7.00
    co.scan("88")  # PLU of the milk
    plan = co.start_payment()
    assert plan.due_fen == 2 * 890 + 700 + 1350
    plan.add("cash", 5000)
    sale = co.pay(plan)

    assert sale.receipt_no == "TZ01-01-000001"
    assert sale.change_fen == 5000 - 3830
    assert [(li.name, li.qty, li.weight_g, li.net_fen) for li in sale.lines] == [
        ("赤峰小米 500g", 2, None, 1780),
        ("内蒙古西红柿", 1, 1250, 700),
        ("纯牛奶 1L", 1, None, 1350),
    ]
    assert _rows(db_path, "select receipt_no, total_fen, change_fen from sale") == [("TZ01-01-000001", 3830, 1170)]
    assert _rows(db_path, "select count(*) from sale_line") == [(3,)]
    assert _rows(db_path, "select tender_code, amount_fen, tendered_fen, change_fen from payment") == [
        ("cash", 3830, 5000, 1170)
    ]
    assert sorted(_rows(db_path, "select delta from stock_movement")) == [(-1250,), (-2,), (-1,)]
    ((entity, payload, status),) = _rows(
        db_path, "select entity_type, payload_json, status from outbox where entity_type not in ('audit', 'product')"
    )
    assert (entity, status) == ("sale", "pending")
    body = json.loads(payload)
    assert body["sale"]["receipt_no"] == "TZ01-01-000001"
    assert len(body["lines"]) == 3
    assert co.cart.is_empty  # ready for the next customer


def test_sale_lines_snapshot_the_product(stocked: Services, db_path: Path) -> None:
    co = stocked.checkout()
    co.new_sale(_cashier(stocked))
    co.scan("6935000000023")
    plan = co.start_payment()
    plan.add("mobile", plan.due_fen, masked_code="1345****6789", reference="WX123")
    co.pay(plan)
    stocked.catalog.upsert([ProductInput("蒙香鸡 新包装", "只", 6200, ("6935000000023",), "扶贫特产")], source="test")
    assert _rows(db_path, "select name, unit_price_fen from sale_line") == [("蒙香鸡 整鸡1.2kg", 5800)]
    assert _rows(db_path, "select masked_code, reference from payment") == [("1345****6789", "WX123")]


def test_receipt_numbers_are_gap_free_and_a_failed_commit_leaves_nothing(
    stocked: Services, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    co = stocked.checkout()
    co.new_sale(_cashier(stocked))

    def sell() -> str:
        co.scan("6948000000054")
        plan = co.start_payment()
        plan.add("cash", plan.due_fen)
        return co.pay(plan).receipt_no

    assert sell() == "TZ01-01-000001"

    def boom(*a: object, **k: object) -> None:
        raise RuntimeError("power cut between the sale and its outbox row")

    monkeypatch.setattr(checkout_module, "enqueue", boom)
    co.scan("6948000000054")
    plan = co.start_payment()
    plan.add("cash", plan.due_fen)
    with pytest.raises(RuntimeError):
        co.pay(plan)
    assert _rows(db_path, "select count(*) from sale") == [(1,)]
    assert _rows(db_path, "select count(*) from sale_line") == [(1,)]
    assert _rows(db_path, "select count(*) from stock_movement") == [(1,)]
    assert _rows(db_path, "select last_doc_seq from terminal") == [(1,)]
    assert not co.cart.is_empty  # the cart is still there to pay again
    monkeypatch.undo()
    plan = co.start_payment()
    plan.add("cash", plan.due_fen)
    assert co.pay(plan).receipt_no == "TZ01-01-000002"
    assert sell() == "TZ01-01-000003"
    assert _rows(db_path, "select count(*) from outbox where entity_type = 'sale'") == [(3,)]


def test_payment_code_at_the_item_prompt_is_never_a_product(stocked: Services) -> None:
    co = stocked.checkout()
    co.new_sale(_cashier(stocked))
    result = co.scan("134567890123456789")
    assert result.line is None
    assert result.payment_code is not None
    assert co.cart.is_empty


def test_bad_and_unknown_codes_change_nothing(stocked: Services) -> None:
    co = stocked.checkout()
    co.new_sale(_cashier(stocked))
    co.scan("6920000000012")
    before = co.totals()
    with pytest.raises(InvalidBarcode):
        co.scan("6920000000013")  # wrong check digit
    with pytest.raises(UnknownCode):
        co.scan("6901234567892")  # valid but not ours
    with pytest.raises(UnknownCode):
        co.scan(with_check_digit("280999901000"))  # scale label for an unknown PLU
    with pytest.raises(WeightRequired):
        co.scan("1001")  # a weighed product's PLU typed alone: the weight is needed
    assert co.totals() == before


def test_scale_labels_amount_and_18_digit(stocked: Services) -> None:
    stocked.settings.set("scale_layouts", ["2PPPPPPAAAAAC", "20PPPPPWWWWWAAAAAC"])  # this scale prints amounts
    co = stocked.checkout()
    co.new_sale(_cashier(stocked))
    a = co.scan(with_check_digit("200100200345")).line  # PLU 1002 cucumbers, ¥3.45 on the label
    assert a is not None
    assert a.gross_fen == 345
    assert a.weight_g == 690  # 3.45 / 5.00 per kg
    b = co.scan(with_check_digit("20010010125000699")).line
    assert b is not None
    assert (b.weight_g, b.gross_fen) == (1250, 699)


def test_pay_refuses_an_incomplete_payment_an_empty_cart_and_no_shift(stocked: Services) -> None:
    co = stocked.checkout()
    co.new_sale(_cashier(stocked))
    with pytest.raises(EmptyCart):
        co.start_payment()
    co.scan("6920000000012")
    plan = co.start_payment()
    plan.add("mobile", 100)
    with pytest.raises(AmountStillDue):
        co.pay(plan)
    cashier = _cashier(stocked)
    stocked.shifts.close(cashier, {"cash": 20_000})
    plan.add("cash", 1000)
    with pytest.raises(NoOpenShift):
        co.pay(plan)


def test_cart_changes_after_payment_started_are_repriced(stocked: Services) -> None:
    co = stocked.checkout()
    co.new_sale(_cashier(stocked))
    co.scan("6920000000012")
    plan = co.start_payment()
    plan.add("cash", 2000)
    co.scan("6920000000012")  # one more bag before paying
    sale = co.pay(plan)
    assert sale.total_fen == 1780
    assert sale.change_fen == 220


def test_hold_and_resume_survive_a_restart(stocked: Services, db_path: Path) -> None:
    co = stocked.checkout()
    cashier = _cashier(stocked)
    co.new_sale(cashier)
    co.scan("6920000000012", qty=3)
    co.scan(with_check_digit("280100100500"))
    held = co.hold()
    assert co.cart.is_empty
    co.scan("6948000000054")
    co.hold()

    other = stocked.checkout()  # a fresh screen after a restart
    other.new_sale(cashier)
    listed = other.held()
    assert next(h.id for h in listed) == held.id
    assert listed[0].total_fen == 3 * 890 + 280
    other.resume(held.id)
    assert other.totals().total_fen == 3 * 890 + 280
    assert len(other.held()) == 1
    plan = other.start_payment()
    plan.add("cash", plan.due_fen)
    other.pay(plan)
    assert _rows(db_path, "select count(*) from held_sale") == [(1,)]


def test_voided_lines_are_recorded_but_not_charged(stocked: Services, db_path: Path) -> None:
    co = stocked.checkout()
    co.new_sale(_cashier(stocked))
    co.scan("6920000000012")
    line = co.scan("6935000000023").line
    assert line is not None
    co.void_line(line.line_no, stocked.users.authorize("manager", "999999", "manager"))
    plan = co.start_payment()
    plan.add("cash", 890)
    co.pay(plan)
    assert _rows(db_path, "select name, voided, net_fen from sale_line order by line_no") == [
        ("赤峰小米 500g", 0, 890),
        ("蒙香鸡 整鸡1.2kg", 1, 0),
    ]
    assert _rows(db_path, "select count(*) from stock_movement") == [(1,)]


def test_rounding_setting_applies_and_is_booked(stocked: Services, db_path: Path) -> None:
    stocked.settings.set("rounding", "drop_jiao")
    co = stocked.checkout()
    co.new_sale(_cashier(stocked))
    co.scan("6920000000012")  # ¥8.90 → ¥8.00
    plan = co.start_payment()
    assert plan.due_fen == 800
    plan.add("cash", 1000)
    sale = co.pay(plan)
    assert (sale.rounding_fen, sale.total_fen, sale.change_fen) == (-90, 800, 200)
    assert _rows(db_path, "select sum(net_fen), sum(rounding_fen) from sale_line") == [(800, -90)]
