"""Stocktake (盘点): counted by scanning, against the books at the first count (sales during the count
are not differences), approved by a manager, booked as one adjustment with its fact, a household's
shortage the store's loss, and a variance report."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select

from pos_app.bootstrap import Services
from pos_app.cli import main
from pos_app.domain.errors import InvalidInput, NotPermitted
from pos_app.domain.stocktake import Variance, parse_counted, variances
from pos_app.reports.purchasing_docs import stocktake_pdf
from pos_app.services.purchasing import ReceiptItem
from pos_app.store.models import LedgerEntry
from tests.facts import EGGS, outbox_ops, sell, with_household_goods
from tests.integration.test_purchasing import MILLET, shop  # noqa: F401  (the fixture)

RICE, MILK = "6901000000035", "0012345678905"


def _people(s: Services):  # type: ignore[no-untyped-def]
    return s.users.authenticate("cashier", "1111"), s.users.authorize("manager", "999999", "manager")


def _stock(s: Services, code: str) -> int:
    p = s.catalog.by_code(code) or s.catalog.by_plu(int(code))
    assert p is not None
    return s.catalog.get(p.id).stock


def booked_stock(expected: dict[str, int], lines: list[Variance]) -> dict[str, int]:
    """The books after a booking: each product's expected figure plus its booked difference."""
    out = dict(expected)
    for v in lines:
        out[v.product_id] = out.get(v.product_id, 0) + v.delta
    return out


@given(
    st.dictionaries(
        st.text("abcdef", min_size=1, max_size=3),
        st.tuples(st.integers(-50, 500), st.integers(0, 500)),
        max_size=8,
    ),
    st.dictionaries(st.text("ghij", min_size=1, max_size=3), st.integers(-50, 500), max_size=5),
    st.booleans(),
)
def test_booking_the_differences_makes_the_books_equal_the_count(
    counts: dict[str, tuple[int, int]], uncounted: dict[str, int], complete: bool
) -> None:
    lines = variances(counts, uncounted, uncounted_as_zero=complete)
    before = {pid: e for pid, (e, _) in counts.items()} | uncounted
    after = booked_stock(before, lines)
    for pid, (_, c) in counts.items():
        assert after[pid] == c
    for pid, q in uncounted.items():
        assert after[pid] == (0 if complete else q)
    assert all(v.delta for v in lines)  # a product that agrees makes no line


def test_a_count_is_pieces_kg_or_nothing() -> None:
    assert parse_counted("0", False) == 0 and parse_counted("0.000", True) == 0
    assert parse_counted("12", False) == 12 and parse_counted("1.25", True) == 1250
    for bad in ("", ".", "-1", "1.5", "abc"):
        with pytest.raises(InvalidInput):
            parse_counted(bad, False)


def test_a_stocktake_books_the_differences_once_sales_during_the_count_included(
    shop: Services,  # noqa: F811
    tmp_path: Path,
) -> None:
    cashier, manager = _people(shop)
    shop.purchasing.receive("S01", [ReceiptItem(MILLET, 10, 600), ReceiptItem(RICE, 5, 5000)], by=manager)
    take = shop.stocktake.start(by=manager)
    assert take.lines == []
    with pytest.raises(InvalidInput) as twice:
        shop.stocktake.start(by=manager)
    assert "请先审批入账或取消" in twice.value.message_zh
    for _ in range(7):  # seven bags on the shelf, one scan each
        shop.stocktake.count(MILLET)
    sell(shop, [MILLET])  # a customer buys a counted bag during the count: not a difference
    shop.stocktake.count(MILLET, 1)  # one more in the store room
    sell(shop, [RICE])  # a bag of rice sells before the rice is counted: not a difference either
    shop.stocktake.count(RICE, 4)
    shop.stocktake.count(MILK, 3)  # found, never received: a gain at no cost
    view = shop.stocktake.current()
    assert view is not None
    by_name = {li.code: li for li in view.lines}
    assert (by_name[MILLET].expected, by_name[MILLET].counted) == (10, 8)
    assert (by_name[RICE].expected, by_name[RICE].counted) == (4, 4)
    shop.stocktake.set_reason(by_name[MILLET].product_id, "theft")
    with pytest.raises(InvalidInput):
        shop.stocktake.set_reason(by_name[MILLET].product_id, "aliens")
    with pytest.raises(NotPermitted):
        shop.stocktake.book(by=cashier, approver=cashier)
    ops = len(outbox_ops(shop))
    done = shop.stocktake.book(by=cashier, approver=manager)
    assert [d.doc_no for d in done.documents] == ["TZ01-01-PD-000001"]
    lines = {li.code: li for li in done.lines}
    assert set(lines) == {MILLET, MILK}  # the rice agreed
    assert lines[MILLET].difference == -2 and lines[MILLET].value_fen == -1200  # at the ¥6.00 cost
    assert lines[MILK].difference == 3 and done.value_fen == -1200
    assert _stock(shop, MILLET) == 10 - 1 - 2 == 7 and _stock(shop, MILK) == 3 and _stock(shop, RICE) == 4
    assert shop.stocktake.current() is None
    new = outbox_ops(shop)[ops:]
    facts = [json.loads(o.payload_json) for o in new if o.entity_type == "stock_adjustment"]
    assert len(facts) == 1 and facts[0]["kind"] == "stocktake"
    assert {li["reason"] for li in facts[0]["lines"] if li["delta"] == -2} == {"theft"}
    with pytest.raises(InvalidInput):
        shop.stocktake.count(MILLET)  # no stocktake is open any more
    pdf = tmp_path / "pd.pdf"
    pdf.write_bytes(stocktake_pdf(done, shop.station.station_name))
    assert pdf.read_bytes().startswith(b"%PDF")


def test_a_shortage_of_a_households_goods_is_the_stores_loss(
    shop: Services,  # noqa: F811
    tmp_path: Path,
) -> None:
    with_household_goods(shop, tmp_path)
    sell(shop, [EGGS] * 3)
    cashier, manager = _people(shop)
    with shop.db.read() as conn:
        ledger = conn.execute(select(func.count(), func.sum(LedgerEntry.amount_fen))).one()
    shop.stocktake.start("扶贫特产", by=manager)
    shop.stocktake.count(EGGS, 490)  # seven eggs are missing
    with pytest.raises(InvalidInput) as other:
        shop.stocktake.count(RICE, 1)
    assert "不属于本次盘点的类别" in other.value.message_zh
    done = shop.stocktake.book(by=cashier, approver=manager)
    assert done.household_loss_fen == -1050  # seven at the household's ¥1.50
    assert shop.ledger.balance("SC-001") == 450  # credited for the three sold, and nothing else
    with shop.db.read() as conn:
        assert tuple(conn.execute(select(func.count(), func.sum(LedgerEntry.amount_fen))).one()) == tuple(ledger)
    assert _stock(shop, EGGS) == 490


def test_a_complete_count_books_uncounted_products_as_nothing_and_weighed_goods_as_they_are_sold(
    shop: Services,  # noqa: F811
) -> None:
    _, manager = _people(shop)
    shop.purchasing.receive("S01", [ReceiptItem(MILLET, 10, 600), ReceiptItem("1001", 12_500, 180)], by=manager)
    shop.stocktake.start(by=manager)
    with pytest.raises(InvalidInput) as weighed:
        shop.stocktake.count("1001")
    assert "称重商品" in weighed.value.message_zh
    assert shop.stocktake.weighed("1001") == "斤" and shop.stocktake.weighed(MILLET) is None
    shop.stocktake.count("1001", shop.stocktake.quantity("1001", "24.6"))  # priced by the 斤: counted in 斤
    shop.stocktake.count("1001", shop.stocktake.quantity("1001", "12.4kg"), replace=True)  # a recount, in kg
    preview = {li.code or li.name: li for li in shop.stocktake.preview(uncounted_as_zero=True)}
    assert preview[MILLET].counted_by_rule and preview[MILLET].difference == -10
    assert preview["1001"].difference == -100  # 100 g at ¥1.80/kg
    assert preview["1001"].value_fen == -18
    assert set(shop.stocktake.preview(uncounted_as_zero=False)) == {preview["1001"]}
    shop.stocktake.book(by=manager, approver=manager, uncounted_as_zero=True)
    assert _stock(shop, MILLET) == 0 and _stock(shop, "1001") == 12_400


def test_a_cancelled_stocktake_changes_nothing_and_an_empty_one_cannot_be_booked(shop: Services) -> None:  # noqa: F811
    cashier, manager = _people(shop)
    shop.stocktake.start(by=manager)
    with pytest.raises(InvalidInput) as empty:
        shop.stocktake.book(by=manager, approver=manager)
    assert "尚未盘点" in empty.value.message_zh
    shop.stocktake.count(MILLET, 5)
    ops = len(outbox_ops(shop))
    shop.stocktake.cancel(by=manager)
    assert shop.stocktake.current() is None and _stock(shop, MILLET) == 0
    assert [o.entity_type for o in outbox_ops(shop)[ops:]] == ["audit"]
    with pytest.raises(NotPermitted):
        shop.stocktake.start(by=cashier)


def test_pos_admin_books_a_counted_sheet(
    shop: Services,  # noqa: F811
    db_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, manager = _people(shop)
    shop.purchasing.receive("S01", [ReceiptItem(MILLET, 10, 600)], by=manager)
    sheet = tmp_path / "count.csv"
    sheet.write_text("条码,数量\n6920000000012,9\n1001,2.5\n", encoding="utf-8")
    db = str(db_path)
    bad = tmp_path / "bad.csv"
    bad.write_text("条码,数量\n6920000000012,9\n9999999999999,1\n", encoding="utf-8")
    args = ["--db", db, "stocktake", "--as", "manager", "--pin", "999999"]
    assert main([*args, str(bad)]) == 2
    assert "第 3 行" in capsys.readouterr().err and _stock(shop, MILLET) == 10
    out = tmp_path / "pd.pdf"
    assert main([*args, str(sheet), "--out", str(out)]) == 0
    text = capsys.readouterr().out
    assert re.search(r"TZ01-01-PD-000001", text) and out.read_bytes().startswith(b"%PDF")
    assert _stock(shop, MILLET) == 9 and _stock(shop, "1001") == 2500
    assert main(["--db", db, "stocktake", "--as", "manager", "--pin", "1234", str(sheet)]) != 0
