import pytest
from hypothesis import given
from hypothesis import strategies as st

from pos_app.domain.errors import InvalidMoney, InvalidQuantity
from pos_app.domain.money import (
    MAX_FEN,
    Rounding,
    allocate,
    format_fen,
    parse_count,
    parse_weight,
    parse_yuan,
    per_jin,
    per_kg,
    price_in,
    quantity_text,
    round_total,
    shelf_price,
    weighed_amount,
    weight_figure,
    weight_unit,
)


@pytest.mark.parametrize(
    ("text", "fen"),
    [
        ("12.5", 1250),
        ("12.50", 1250),
        ("¥12.50", 1250),
        ("１２.５", 1250),
        ("￥ 3", 300),
        ("0.05", 5),
        ("12.", 1200),
        ("1,234.56", 123456),
        ("12元", 1200),
        ("0", 0),
        ("12。5", 1250),
    ],
)
def test_parse_yuan_accepts_what_people_type(text: str, fen: int) -> None:
    assert parse_yuan(text) == fen


@pytest.mark.parametrize("text", ["abc", "-1", "1.234", "", " ", "1e3", "12,34", "1.2.3", "99999999999", "NaN"])
def test_parse_yuan_rejects_garbage_negatives_precision_and_overflow(text: str) -> None:
    with pytest.raises(InvalidMoney):
        parse_yuan(text)


def test_format_fen() -> None:
    assert format_fen(1250) == "¥12.50"
    assert format_fen(5) == "¥0.05"
    assert format_fen(-1250) == "-¥12.50"
    assert format_fen(12345678) == "¥123,456.78"


@given(st.integers(min_value=0, max_value=MAX_FEN))
def test_format_then_parse_round_trips(fen: int) -> None:
    assert parse_yuan(format_fen(fen)) == fen


def test_weighed_amount_rounds_half_up() -> None:
    assert weighed_amount(1250, 560) == 700  # 1.25 kg × ¥5.60
    assert weighed_amount(333, 1000) == 333
    assert weighed_amount(1, 500) == 1  # 0.5 fen rounds up
    assert weighed_amount(1, 499) == 0
    assert per_jin(560) == 280
    assert shelf_price(560, "斤", True) == "¥2.80/斤"
    assert shelf_price(3600, "kg", True) == "¥36.00/kg"
    assert shelf_price(890, "袋", False) == "¥8.90"


@given(st.integers(0, 10**7), st.integers(0, 10**7))
def test_weighed_amount_is_within_half_a_fen(grams: int, fen_per_kg: int) -> None:
    exact = grams * fen_per_kg / 1000
    assert abs(weighed_amount(grams, fen_per_kg) - exact) <= 0.5


@given(st.integers(-(10**9), 10**9), st.lists(st.integers(0, 10**6), min_size=1, max_size=30))
def test_allocate_is_exact(total: int, weights: list[int]) -> None:
    parts = allocate(total, weights)
    assert sum(parts) == total
    assert len(parts) == len(weights)
    if sum(weights):
        assert all(p == 0 for p, w in zip(parts, weights, strict=True) if w == 0)


@pytest.mark.parametrize(
    ("mode", "total", "adj"),
    [
        (Rounding.NONE, 1237, 0),
        (Rounding.DROP_FEN, 1237, -7),
        (Rounding.DROP_JIAO, 1237, -37),
        (Rounding.NEAREST_JIAO, 1235, 5),
        (Rounding.NEAREST_JIAO, 1234, -4),
        (Rounding.DROP_JIAO, 50, -50),
    ],
)
def test_rounding_modes(mode: Rounding, total: int, adj: int) -> None:
    assert round_total(total, mode) == adj


@given(st.integers(0, MAX_FEN), st.sampled_from(list(Rounding)))
def test_rounding_never_goes_negative_and_stays_within_a_yuan(total: int, mode: Rounding) -> None:
    adj = round_total(total, mode)
    assert total + adj >= 0
    assert abs(adj) < 100


def test_parse_weight_and_count() -> None:
    assert parse_weight("1.25") == 1250
    assert parse_weight("2", "斤") == 1000
    assert parse_weight("１.５", "kg") == 1500
    assert parse_count("3") == 3
    for bad in ("-1", "0", "abc", ""):
        with pytest.raises(InvalidQuantity):
            parse_weight(bad)
    for bad in ("0", "-2", "1.5", "10000", "x"):
        with pytest.raises(InvalidQuantity):
            parse_count(bad)


@given(
    st.integers(-50, 10_000),
    st.one_of(st.none(), st.integers(0, 1_000_000)),
    st.integers(1, 10_000),
    st.integers(0, 1_000_000),
)
def test_the_moving_average_lies_between_what_was_on_hand_and_what_came_in(on_hand, average, received, cost) -> None:  # type: ignore[no-untyped-def]
    from pos_app.domain.purchasing import moving_average

    result = moving_average(on_hand, average, received, cost)
    if average is None or on_hand <= 0:
        assert result == cost
    else:
        assert min(average, cost) <= result <= max(average, cost)
        exact = (on_hand * average + received * cost) / (on_hand + received)
        assert abs(result - exact) <= 0.5


# -- weights in the unit goods are priced by ---------------------------------------------------------


@pytest.mark.parametrize(
    ("grams", "unit_label", "text"),
    [
        (1000, "斤", "2 斤"),
        (750, "斤", "1.5 斤"),
        (1234, "斤", "2.468 斤"),
        (1, "斤", "0.002 斤"),
        (-250, "斤", "-0.5 斤"),
        (1250, "kg", "1.250 kg"),
        (500, "袋", "0.500 kg"),  # a weighed good with another label is shown in kg
    ],
)
def test_a_weight_reads_in_the_unit_its_price_is_per(grams: int, unit_label: str, text: str) -> None:
    assert quantity_text(grams, True, unit_label) == text
    assert quantity_text(3, False, "袋") == "3 袋"


@given(st.integers(min_value=1, max_value=10_000_000), st.sampled_from(["斤", "kg"]))
def test_a_shown_weight_reads_back_to_the_same_grams(grams: int, unit: str) -> None:
    """What a screen shows can be typed back in: no gram is lost in either unit."""
    assert parse_weight(weight_figure(grams, unit), unit) == grams
    assert parse_weight(quantity_text(grams, True, unit).replace(" ", ""), "kg") == grams


@pytest.mark.parametrize(
    ("text", "unit", "grams"),
    [("2斤", "kg", 1000), ("1.5kg", "斤", 1500), ("500g", "斤", 500), ("3两", "kg", 150), ("1.5", "斤", 750)],
)
def test_a_unit_typed_after_the_number_wins(text: str, unit: str, grams: int) -> None:
    assert parse_weight(text, unit) == grams
    assert weight_unit("斤") == "斤" and weight_unit("kg") == "kg"


@pytest.mark.parametrize(
    ("text", "off"),
    [
        ("5", 500),
        ("¥1.25", 125),
        ("10%", 179),
        ("12.5%", 224),
        ("１０％", 179),
        ("9折", 179),
        ("95折", 90),
        ("9.5折", 90),
        ("100%", 1790),
    ],
)
def test_a_discount_is_typed_in_yuan_percent_or_zhe(text: str, off: int) -> None:
    from pos_app.domain.money import parse_discount

    assert parse_discount(text, 1790) == off


@pytest.mark.parametrize("text", ["0%", "101%", "10折", "0折", "20", "-1", "abc", "%", "9.55折"])
def test_a_discount_that_is_none_or_more_than_the_line_is_refused(text: str) -> None:
    from pos_app.domain.money import parse_discount

    with pytest.raises(InvalidMoney):
        parse_discount(text, 1790)


@given(st.integers(min_value=0, max_value=10**8), st.integers(min_value=1, max_value=1000))
def test_a_percentage_off_is_never_more_than_the_line(amount: int, permille: int) -> None:
    from pos_app.domain.money import parse_discount

    off = parse_discount(f"{permille // 10}.{permille % 10}%", amount)
    assert 0 <= off <= amount


def test_a_cost_typed_per_jin_is_kept_per_kg_and_shown_back_per_jin() -> None:
    assert per_kg(300, "斤") == 600 and per_kg(300, "kg") == 300 and per_kg(15, "两") == 300
    assert price_in(600, "斤") == 300 and price_in(601, "斤") == 301 and price_in(601, "kg") == 601


@given(st.integers(min_value=0, max_value=MAX_FEN // 2), st.sampled_from(["kg", "斤", "两"]))
def test_a_price_typed_per_unit_comes_back_as_typed(fen: int, unit: str) -> None:
    assert price_in(per_kg(fen, unit), unit) == fen


def test_stock_quantities_are_typed_in_the_unit_the_product_is_shown_in() -> None:
    from pos_app.domain.purchasing import parse_quantity
    from pos_app.domain.stocktake import parse_counted

    assert parse_quantity("3", True, "斤") == 1500
    assert parse_quantity("3", True, "kg") == 3000
    assert parse_quantity("3", True) == 3000  # a file: kg
    assert parse_quantity("2kg", True, "斤") == 2000  # a unit written wins
    assert parse_quantity("3", False, "袋") == 3
    assert parse_counted("1.5", True, "斤") == 750
    assert parse_counted("0", True, "斤") == 0
