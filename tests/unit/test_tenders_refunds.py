import contextlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pos_app.domain.errors import (
    AmountStillDue,
    NonCashOverpay,
    PaymentError,
    RefundError,
    RefundExceedsSold,
    UnknownTender,
)
from pos_app.domain.refunds import PaidTender, RefundHistory, SoldLine, refund_line_amount, refund_tenders
from pos_app.domain.tenders import DEFAULT_TENDERS, PaymentPlan

TENDERS = {t.code: t for t in DEFAULT_TENDERS}


def test_cash_gives_change() -> None:
    plan = PaymentPlan(due_fen=8530, tenders=TENDERS)
    plan.add("cash", 10000)
    assert plan.complete
    assert plan.change_fen == 1470
    assert plan.paid_fen == 8530


def test_split_tenders() -> None:
    plan = PaymentPlan(due_fen=10000, tenders=TENDERS)
    plan.add("love_card", 3000, reference="AX1")
    plan.add("mobile", 5000, masked_code="1345****6789", reference="WX1")
    with pytest.raises(AmountStillDue):
        plan.require_complete()
    plan.add("cash", 5000)
    assert plan.complete
    assert plan.change_fen == 3000


def test_non_cash_never_exceeds_due() -> None:
    plan = PaymentPlan(due_fen=1000, tenders=TENDERS)
    with pytest.raises(NonCashOverpay):
        plan.add("mobile", 1001)
    plan.add("card", 600)
    with pytest.raises(NonCashOverpay):
        plan.add("elder_card", 401)


def test_bad_tender_amounts() -> None:
    plan = PaymentPlan(due_fen=1000, tenders=TENDERS)
    with pytest.raises(UnknownTender):
        plan.add("bitcoin", 100)
    with pytest.raises(PaymentError):
        plan.add("cash", 0)
    with pytest.raises(PaymentError):
        plan.add("cash", -5)
    plan.add("cash", 1000)
    with pytest.raises(PaymentError):
        plan.add("cash", 1)


@given(
    st.integers(1, 10**7),
    st.lists(st.tuples(st.sampled_from(list(TENDERS)), st.integers(1, 10**7)), max_size=8),
)
def test_payment_invariants(due: int, attempts: list[tuple[str, int]]) -> None:
    plan = PaymentPlan(due_fen=due, tenders=TENDERS)
    for code, amount in attempts:
        with contextlib.suppress(PaymentError):
            plan.add(code, amount)
        assert plan.paid_fen <= due
        assert all(t.change_fen == 0 for t in plan.lines if t.tender.code != "cash")
        assert all(t.change_fen >= 0 for t in plan.lines)


def test_partial_refunds_add_up_to_the_line() -> None:
    line = SoldLine("l1", 1, quantity=3, net_fen=1000)
    a = refund_line_amount(line, 1)
    line = SoldLine("l1", 1, 3, 1000, refunded_quantity=1, refunded_fen=a)
    b = refund_line_amount(line, 1)
    line = SoldLine("l1", 1, 3, 1000, refunded_quantity=2, refunded_fen=a + b)
    c = refund_line_amount(line, 1)
    assert a + b + c == 1000
    with pytest.raises(RefundExceedsSold):
        refund_line_amount(SoldLine("l1", 1, 3, 1000, 3, 1000), 1)


@given(st.integers(1, 5000), st.integers(0, 10**6), st.lists(st.integers(1, 5000), min_size=1, max_size=20))
def test_refunds_never_exceed_what_was_sold(quantity: int, net: int, parts: list[int]) -> None:
    done_q = done_a = 0
    for part in parts:
        line = SoldLine("l", 1, quantity, net, done_q, done_a)
        if part > line.quantity_left:
            with pytest.raises(RefundExceedsSold):
                refund_line_amount(line, part)
            continue
        amount = refund_line_amount(line, part)
        assert amount >= 0
        done_q += part
        done_a += amount
        assert done_a <= net
    if done_q == quantity:
        assert done_a == net


def test_refund_goes_back_non_cash_first() -> None:
    paid = [PaidTender("cash", 2000, is_cash=True), PaidTender("mobile", 3000)]
    assert refund_tenders(4000, paid) == [("mobile", 3000), ("cash", 1000)]
    with pytest.raises(RefundError):
        refund_tenders(6000, paid)


refund_parts = st.lists(
    st.tuples(
        st.sampled_from(["r1", "r2", "r3", "r4"]),
        st.sampled_from(["L1", "L2"]),
        st.integers(1, 50),
        st.integers(0, 5000),
    ),
    max_size=12,
)


@given(refund_parts, st.randoms(use_true_random=False))
def test_a_refund_known_from_the_till_and_from_the_district_counts_once(parts, rnd) -> None:  # type: ignore[no-untyped-def]
    by_refund: dict[str, list[tuple[str, int, int]]] = {}
    for refund_id, line, q, a in parts:
        by_refund.setdefault(refund_id, []).append((line, q, a))
    once = RefundHistory()
    for refund_id, lines in by_refund.items():
        once.add(refund_id, lines, [(li, a) for li, _, a in lines], [("cash", sum(a for _, _, a in lines))])
    merged = RefundHistory()
    sources = list(by_refund.items()) * 2  # this till's file and the district's copy name the same refunds
    rnd.shuffle(sources)
    for refund_id, lines in sources:
        merged.add(refund_id, lines, [(li, a) for li, _, a in lines], [("cash", sum(a for _, _, a in lines))])
    assert (merged.quantity, merged.amount, merged.debited, merged.tenders) == (
        once.quantity,
        once.amount,
        once.debited,
        once.tenders,
    )
    assert sum(merged.quantity.values()) == sum(q for lines in by_refund.values() for _, q, _ in lines)
