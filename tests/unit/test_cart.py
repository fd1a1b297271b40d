import pytest
from hypothesis import given
from hypothesis import strategies as st

from pos_app.domain.cart import Cart, ProductSnapshot
from pos_app.domain.errors import CartError, InvalidQuantity, NoSuchLine
from pos_app.domain.money import Rounding

MILLET = ProductSnapshot("p1", "赤峰小米 500g", "袋", False, 890, "扶贫特产", certified=True, certificate_no="FP-1")
CHICKEN = ProductSnapshot("p2", "蒙香鸡", "只", False, 5800)
TOMATO = ProductSnapshot("p3", "内蒙古西红柿", "斤", True, 560)
EGGS = ProductSnapshot("p4", "土鸡蛋", "盒", False, 3000, household_id="h1", pass_through=True)


def test_repeat_scan_increments_the_line() -> None:
    cart = Cart()
    cart.add(MILLET, "6920000000015")
    line = cart.add(MILLET, "6920000000015")
    assert len(cart.lines) == 1
    assert line.qty == 2
    assert cart.totals().total_fen == 1780


def test_weighed_line_amount_and_weight_edit() -> None:
    cart = Cart()
    line = cart.add_weighed(TOMATO, "", 1250)
    assert line.gross_fen == 700
    cart.set_weight(line.line_no, 500)
    assert cart.totals().total_fen == 280
    with pytest.raises(CartError):
        cart.add(TOMATO, "")
    with pytest.raises(CartError):
        cart.set_qty(line.line_no, 3)


def test_scale_label_amount_is_what_the_customer_saw() -> None:
    cart = Cart()
    line = cart.add_weighed(TOMATO, "x", 1250, label_amount_fen=699)
    assert line.gross_fen == 699


def test_set_qty_void_and_missing_line() -> None:
    cart = Cart()
    a = cart.add(MILLET, "a")
    b = cart.add(CHICKEN, "b")
    cart.set_qty(a.line_no, 3)
    cart.void(b.line_no)
    totals = cart.totals()
    assert totals.total_fen == 3 * 890
    assert totals.line_count == 1
    assert len(cart.lines) == 2  # the void is kept for the record
    with pytest.raises(NoSuchLine):
        cart.set_qty(b.line_no, 2)
    with pytest.raises(InvalidQuantity):
        cart.set_qty(a.line_no, 0)
    with pytest.raises(InvalidQuantity):
        cart.set_qty(a.line_no, -1)


def test_scanning_after_a_void_starts_a_new_line() -> None:
    cart = Cart()
    a = cart.add(MILLET, "a")
    cart.void(a.line_no)
    b = cart.add(MILLET, "a")
    assert b.line_no != a.line_no
    assert cart.totals().total_fen == 890


def test_discounts_and_rounding_are_explicit_and_shared_out() -> None:
    cart = Cart(rounding=Rounding.DROP_JIAO)
    a = cart.add(MILLET, "a", qty=3)  # 26.70
    cart.add(CHICKEN, "b")  # 58.00
    cart.set_line_discount(a.line_no, 70)  # 26.00
    cart.set_ticket_discount(500)  # 84.00 − 5.00 = 79.00 → no jiao to drop
    t = cart.totals()
    assert (t.subtotal_fen, t.discount_fen, t.rounding_fen, t.total_fen) == (8470, 570, 0, 7900)
    assert sum(p.net_fen for p in t.lines) == t.total_fen
    cart.set_ticket_discount(555)
    t = cart.totals()
    assert t.rounding_fen == -45
    assert t.total_fen == 7800
    assert sum(p.net_fen for p in t.lines) == 7800


def test_discounts_cannot_exceed_amounts() -> None:
    cart = Cart()
    a = cart.add(MILLET, "a")
    with pytest.raises(CartError):
        cart.set_line_discount(a.line_no, 891)
    with pytest.raises(CartError):
        cart.set_ticket_discount(891)
    with pytest.raises(CartError):
        cart.set_line_discount(a.line_no, -1)


def test_certified_and_pass_through_subtotals() -> None:
    cart = Cart()
    cart.add(MILLET, "a", qty=2)
    cart.add(EGGS, "e")
    cart.add(CHICKEN, "c")
    t = cart.totals()
    assert t.certified_fen == 1780
    assert t.pass_through_fen == 3000


def test_held_cart_round_trips() -> None:
    cart = Cart(rounding=Rounding.DROP_FEN)
    cart.add(MILLET, "a", qty=2)
    cart.add_weighed(TOMATO, "t", 777)
    cart.void(cart.add(CHICKEN, "c").line_no)
    cart.set_ticket_discount(10)
    again = Cart.from_dict(cart.to_dict())
    assert again.totals() == cart.totals()
    assert again.add(EGGS, "e").line_no == 4


line_ops = st.lists(
    st.tuples(
        st.sampled_from([MILLET, CHICKEN, TOMATO, EGGS]),
        st.integers(1, 20),
        st.integers(1, 5000),
        st.integers(0, 100),
    ),
    min_size=1,
    max_size=25,
)


@given(line_ops, st.sampled_from(list(Rounding)), st.integers(0, 10_000))
def test_totals_always_add_up(ops: list[tuple[ProductSnapshot, int, int, int]], mode: Rounding, disc: int) -> None:
    cart = Cart(rounding=mode)
    for product, qty, grams, line_disc in ops:
        line = cart.add_weighed(product, "", grams) if product.sold_by_weight else cart.add(product, "", qty % 9 + 1)
        cart.set_line_discount(
            line.line_no,
            min(line_disc, line.gross_fen - line.line_discount_fen) + 0
            if line.line_discount_fen == 0
            else line.line_discount_fen,
        )
    before = sum(li.after_line_discount_fen for li in cart.active_lines)
    cart.set_ticket_discount(min(disc, before))
    t = cart.totals()
    assert t.total_fen == t.subtotal_fen - t.discount_fen + t.rounding_fen
    assert sum(p.net_fen for p in t.lines) == t.total_fen
    assert sum(p.gross_fen for p in t.lines) == t.subtotal_fen
    assert sum(p.discount_fen for p in t.lines) == t.discount_fen
    assert sum(p.rounding_fen for p in t.lines) == t.rounding_fen
    assert t.total_fen >= 0
    assert all(p.net_fen >= 0 for p in t.lines)
