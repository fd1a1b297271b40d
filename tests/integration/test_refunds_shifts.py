import sqlite3
from pathlib import Path

import pytest

from pos_app.bootstrap import Services
from pos_app.domain.errors import AuthError, NotFound, RefundError, RefundExceedsSold, ShiftAlreadyOpen


def _sell(s: Services, codes: list[str], tenders: list[tuple[str, int]]) -> str:
    co = s.checkout()
    co.new_sale(s.users.authenticate("cashier", "1111").id)
    for c in codes:
        co.scan(c)
    plan = co.start_payment()
    for code, amount in tenders:
        plan.add(code, amount)
    return co.pay(plan).receipt_no


def test_partial_refund_then_the_rest_never_more(stocked: Services, db_path: Path) -> None:
    receipt = _sell(stocked, ["6920000000012"] * 3 + ["6935000000023"], [("mobile", 3000), ("cash", 10000)])
    cashier = stocked.users.authenticate("cashier", "1111")
    manager = stocked.users.authorize("manager", "999999", "manager")
    sale = stocked.refunds.find(receipt)
    assert [(li.line_no, li.quantity_left) for li in sale.lines] == [(1, 3), (2, 1)]

    first = stocked.refunds.refund(receipt, {1: 1}, cashier=cashier, approver=manager, reason="破袋")
    assert first.total_fen == 890
    assert first.tenders == (("mobile", 890),)
    assert first.receipt_no == "TZ01-01-000002"
    second = stocked.refunds.refund(receipt, {1: 2, 2: 1}, cashier=cashier, approver=manager, reason="退货")
    assert second.total_fen == 1780 + 5800
    assert second.tenders == (("mobile", 2110), ("cash", 5470))
    assert second.tender_names == (("移动支付", 2110), ("现金", 5470))  # what the cashier is told, by name
    with pytest.raises(RefundExceedsSold):
        stocked.refunds.refund(receipt, {1: 1}, cashier=cashier, approver=manager, reason="again")
    with sqlite3.connect(db_path) as con:
        assert con.execute("select count(*) from outbox where entity_type='refund'").fetchone() == (2,)
        assert con.execute("select sum(delta) from stock_movement where reason='refund'").fetchone() == (4,)


def test_refund_needs_a_manager_and_a_reason(stocked: Services) -> None:
    receipt = _sell(stocked, ["6920000000012"], [("cash", 890)])
    cashier = stocked.users.authenticate("cashier", "1111")
    with pytest.raises(AuthError):
        stocked.refunds.refund(receipt, {1: 1}, cashier=cashier, approver=cashier, reason="x")
    with pytest.raises(AuthError):
        stocked.users.authorize("cashier", "1111", "manager")
    with pytest.raises(AuthError):
        stocked.users.authorize("manager", "0000", "manager")
    manager = stocked.users.authorize("manager", "999999", "manager")
    with pytest.raises(RefundError):
        stocked.refunds.refund(receipt, {1: 1}, cashier=cashier, approver=manager, reason=" ")
    with pytest.raises(RefundError):
        stocked.refunds.refund(receipt, {7: 1}, cashier=cashier, approver=manager, reason="x")
    with pytest.raises(NotFound):
        stocked.refunds.find("TZ01-01-999999")


def test_shift_figures_and_close(stocked: Services, db_path: Path) -> None:
    cashier = stocked.users.authenticate("cashier", "1111")
    manager = stocked.users.authorize("manager", "999999", "manager")
    r = _sell(stocked, ["6920000000012"], [("cash", 1000)])  # 8.90 cash, 1.10 change
    _sell(stocked, ["6935000000023"], [("mobile", 5800)])
    stocked.refunds.refund(r, {1: 1}, cashier=cashier, approver=manager, reason="x")
    x = stocked.shifts.figures()
    assert (x.sales_count, x.sales_fen, x.refunds_count, x.refunds_fen, x.net_fen) == (2, 6690, 1, 890, 5800)
    by = {t.tender_code: t for t in x.tenders}
    assert by["cash"].expected_fen == 20_000 + 890 - 890
    assert by["mobile"].expected_fen == 5800
    with pytest.raises(ShiftAlreadyOpen):
        stocked.shifts.open(cashier.id, 0)
    z = stocked.shifts.close(cashier.id, {"cash": 19_950})
    by = {t.tender_code: t for t in z.tenders}
    assert by["cash"].difference_fen == -50
    assert by["mobile"].difference_fen == 0
    from datetime import UTC, datetime

    from pos_app.reports.shift_report import shift_rows

    printed = [row.left for row in shift_rows(z, "通州社区扶贫超市", "01", "王收银", datetime.now(UTC))]
    assert "现金" in printed and "移动支付" in printed
    assert "爱心卡" not in printed and "银行卡" not in printed  # tenders nobody used print no zero rows
    assert stocked.shifts.current() is None
    with sqlite3.connect(db_path) as con:
        assert con.execute("select count(*) from outbox where entity_type='shift'").fetchone() == (1,)
    again = stocked.shifts.open(cashier.id, 10_000)
    assert stocked.shifts.figures().sales_count == 0
    assert again.float_fen == 10_000


def test_a_sale_is_found_by_its_sequence_number_alone(stocked: Services) -> None:
    receipt = _sell(stocked, ["6920000000012"], [("cash", 890)])
    assert receipt == "TZ01-01-000001"
    assert stocked.refunds.find("1").receipt_no == receipt  # the cashier types what the receipt's end says
    assert stocked.refunds.find(" 000001 ").receipt_no == receipt
    with pytest.raises(NotFound):
        stocked.refunds.find("76")


def test_held_sales_are_counted_for_the_shift_close(stocked: Services) -> None:
    co = stocked.checkout()
    co.new_sale(stocked.users.authenticate("cashier", "1111").id)
    co.scan("6920000000012", qty=2)
    co.hold()
    assert stocked.shifts.held_sales() == (1, 1780)
