import contextlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pos_app.domain.barcodes import (
    DEFAULT_SCALE_LAYOUTS,
    SCALE_PRESETS,
    CodeKind,
    PaymentNetwork,
    ScaleLayout,
    classify,
    gs1_check_digit,
    gs1_country,
    has_valid_check_digit,
    mask_payment_code,
    payment_network,
    validate_product_code,
    with_check_digit,
)
from pos_app.domain.errors import InvalidBarcode, InvalidInput

# A station whose scale prints flag-28 weight labels and 18-digit weight-and-amount ones; another
# whose scale prints 13-digit amount labels. (A fresh station has none: it picks its scale's format.)
LAYOUTS = tuple(ScaleLayout(p) for p in ("28PPPPPWWWWWC", "20PPPPPWWWWWAAAAAC"))
AMOUNT_LAYOUTS = (ScaleLayout("2PPPPPPAAAAAC"),)
PICKABLE = [p.pattern for p in SCALE_PRESETS]


def test_known_check_digits() -> None:
    assert has_valid_check_digit("6901234567892")  # EAN-13
    assert has_valid_check_digit("96385074")  # EAN-8
    assert has_valid_check_digit("036000291452")  # UPC-A
    assert not has_valid_check_digit("6901234567893")
    assert gs1_check_digit("690123456789") == 2


def test_gs1_china_and_in_store_prefixes() -> None:
    assert gs1_country("6901234567892") == "CN"
    assert gs1_country(with_check_digit("680123456789")) == "CN"
    assert gs1_country(with_check_digit("681123456789")) == "CN"
    assert gs1_country(with_check_digit("682123456789")) is None
    assert gs1_country(with_check_digit("250000000001")) == "instore"
    assert gs1_country("036000291452") is None


@pytest.mark.parametrize(
    ("code", "kind"),
    [
        ("6901234567892", CodeKind.EAN13),
        ("96385074", CodeKind.EAN8),
        ("036000291452", CodeKind.UPCA),
        ("88", CodeKind.PLU),
        ("001234", CodeKind.PLU),
        ("ABC-123", CodeKind.INTERNAL),
    ],
)
def test_classify_product_codes(code: str, kind: CodeKind) -> None:
    assert classify(code, LAYOUTS).kind is kind


def test_upc_a_is_looked_up_as_ean13() -> None:
    assert classify("036000291452").lookup == "0036000291452"
    assert validate_product_code("036000291452") == "0036000291452"


def test_full_width_and_spaces_from_scanners_are_folded() -> None:
    assert classify("６９０１２３４５６７８９２\r\n").lookup == "6901234567892"


@pytest.mark.parametrize("code", ["6901234567893", "96385075", "036000291453"])
def test_bad_check_digit_is_an_error_never_a_product(code: str) -> None:
    with pytest.raises(InvalidBarcode):
        classify(code, LAYOUTS)


@pytest.mark.parametrize(
    ("code", "net"),
    [
        ("134567890123456789", PaymentNetwork.WECHAT),
        ("101234567890123456", PaymentNetwork.WECHAT),
        ("281234567890123456", PaymentNetwork.ALIPAY),
        ("2512345678901234", PaymentNetwork.ALIPAY),
        ("301234567890123456789012", PaymentNetwork.ALIPAY),
        ("6212345678901234567", PaymentNetwork.UNIONPAY),
        ("0123456789012345678", PaymentNetwork.ECNY),  # 数字人民币: 19 digits, 01…
    ],
)
def test_payment_codes_are_recognised(code: str, net: PaymentNetwork) -> None:
    scanned = classify(code, LAYOUTS)
    assert scanned.kind is CodeKind.PAYMENT
    assert scanned.payment is net
    assert scanned.lookup == ""


@pytest.mark.parametrize("code", ["16" + "0" * 16, "13" + "0" * 15, "31" + "0" * 16, "6212", "62" + "0" * 18])
def test_near_misses_are_not_payment_codes(code: str) -> None:
    assert payment_network(code) is None


@given(st.sampled_from(["10", "11", "12", "13", "14", "15"]), st.text("0123456789", min_size=16, max_size=16))
def test_every_wechat_code_is_a_payment_never_a_product(prefix: str, rest: str) -> None:
    assert classify(prefix + rest, LAYOUTS).kind is CodeKind.PAYMENT


def test_mask_payment_code() -> None:
    assert mask_payment_code("134567890123456789") == "1345**********6789"


def test_scale_amount_layout() -> None:
    code = with_check_digit("200123401250")  # PLU 001234, ¥12.50
    got = classify(code, AMOUNT_LAYOUTS)
    assert got.kind is CodeKind.SCALE
    assert got.scale is not None
    assert (got.scale.plu, got.scale.amount_fen, got.scale.weight_g) == (1234, 1250, None)


def test_scale_weight_layout_wins_for_its_flag() -> None:
    code = with_check_digit("280100101250")  # PLU 01001, 1250 g
    got = classify(code, LAYOUTS)
    assert got.scale is not None
    assert (got.scale.plu, got.scale.weight_g, got.scale.amount_fen) == (1001, 1250, None)


def test_scale_18_digit_layout_carries_weight_and_amount() -> None:
    code = with_check_digit("20010010125000700")
    got = classify(code, LAYOUTS)
    assert got.scale is not None
    assert (got.scale.plu, got.scale.weight_g, got.scale.amount_fen) == (1001, 1250, 700)


def test_scale_label_with_bad_check_digit_is_an_error() -> None:
    good = with_check_digit("280100101250")
    bad = good[:-1] + str((int(good[-1]) + 1) % 10)
    with pytest.raises(InvalidBarcode):
        classify(bad, LAYOUTS)


def test_layouts_are_validated() -> None:
    for bad in ("2XXXXX", "2PPPPPCAAAAA", "2PPPP?AAAAC"):
        with pytest.raises(InvalidInput):
            ScaleLayout(bad)


@given(st.text(max_size=40))
def test_classify_never_crashes_on_any_text(text: str) -> None:
    with contextlib.suppress(InvalidBarcode):
        classify(text, LAYOUTS)


@given(st.text("0123456789", min_size=12, max_size=12))
def test_every_ean13_with_right_check_digit_is_accepted(body: str) -> None:
    code = with_check_digit(body)
    got = classify(code, LAYOUTS)
    assert got.kind in (CodeKind.EAN13, CodeKind.SCALE)


def test_validate_product_code_refuses_payment_like_and_short_codes() -> None:
    with pytest.raises(InvalidBarcode):
        validate_product_code("134567890123456789")
    with pytest.raises(InvalidBarcode):
        validate_product_code("1234")
    with pytest.raises(InvalidBarcode):
        validate_product_code("6901234567893")


@given(st.sampled_from(PICKABLE), st.integers(0, 99_999), st.integers(1, 99_999), st.integers(1, 99_999))
def test_scale_labels_we_print_read_back(pattern: str, plu: int, grams: int, fen: int) -> None:
    from pos_app.domain.barcodes import encode_scale_label

    layout = ScaleLayout(pattern)
    code = encode_scale_label(layout, plu, grams, fen)
    reading = layout.match(code)
    assert reading is not None and reading.plu == plu
    assert reading.weight_g in (None, grams) and reading.amount_fen in (None, fen)
    assert classify(code, (layout,)).scale == reading


def test_an_ecny_code_opens_payment_and_is_never_a_product_while_a_01_gtin_stays_one() -> None:
    code = "0112345678901234567"
    assert classify(code, LAYOUTS).kind is CodeKind.PAYMENT
    with pytest.raises(InvalidBarcode):
        validate_product_code(code)  # never registered as a product
    gtin = "0" + "1" + "2345678901"
    gtin += str(gs1_check_digit(gtin))  # a 13-digit 01… (a UPC-A's EAN-13 form) is still a product code
    assert classify(gtin, LAYOUTS).kind is CodeKind.EAN13


def test_a_upc_e_is_read_as_the_upc_a_it_stands_for() -> None:
    from pos_app.domain.barcodes import upce_to_upca

    assert upce_to_upca("04252614") == "042100005264"  # the standard's own example
    scanned = classify("04965802", LAYOUTS)  # EAN-8's check digit does not fit, UPC-E's does
    assert scanned.kind is CodeKind.UPCA and scanned.lookup == "0049000006582"
    assert validate_product_code("04965802") == "0049000006582"
    with pytest.raises(InvalidBarcode):
        classify("04965803", LAYOUTS)  # neither fits: an error, never a product


@pytest.mark.parametrize(
    ("pattern", "network"),
    [
        ("26PPPPPAAAAAWWWWWC", "支付宝"),  # a documented 18-digit layout: every label 26… is an Alipay code
        ("2PPPPPPWWWWWAAAAAC", "支付宝"),  # one fixed digit leaves 25–29 open
        ("62PPPPPPWWWWWAAAAAC", "银联"),
        ("01PPPPPPWWWWWAAAAAC", "数字人民币"),
    ],
)
def test_a_layout_whose_labels_look_like_payment_codes_is_refused_with_the_reason(pattern: str, network: str) -> None:
    with pytest.raises(InvalidInput) as clash:
        ScaleLayout(pattern)
    assert network in clash.value.message_zh and "付款码" in clash.value.message_zh


@given(st.sampled_from(PICKABLE), st.integers(0, 99999), st.integers(1, 99999))
def test_no_label_of_an_accepted_layout_is_a_payment_code(pattern: str, plu: int, value: int) -> None:
    from pos_app.domain.barcodes import encode_scale_label

    layout = ScaleLayout(pattern)
    weight = value if "W" in pattern else None
    amount = value if "A" in pattern else None
    label = encode_scale_label(layout, plu % 10 ** pattern.count("P"), weight, amount)
    assert payment_network(label) is None


def test_a_fresh_station_reads_no_scale_label_until_its_format_is_picked() -> None:
    assert DEFAULT_SCALE_LAYOUTS == ()
    # flag 20, item 1, 2.310 kg as common scales print it: with no format picked it is no product
    # and no amount (it used to be charged ¥23.10 by a default amount layout)
    assert classify("2000001023105", ()).kind is CodeKind.EAN13  # looked up as a code, never priced


@pytest.mark.parametrize("preset", SCALE_PRESETS, ids=lambda p: p.key)
def test_every_preset_reads_its_sample_label(preset) -> None:  # type: ignore[no-untyped-def]
    from pos_app.domain.barcodes import encode_scale_label

    layout = ScaleLayout(preset.pattern)
    reading = classify(preset.sample, (layout,)).scale
    assert reading is not None
    assert (reading.plu, reading.weight_g, reading.amount_fen) == (preset.plu, preset.weight_g, preset.amount_fen)
    assert encode_scale_label(layout, preset.plu, preset.weight_g, preset.amount_fen) == preset.sample
    assert preset.name_zh and preset.name_en


def test_the_issues_labels_read_right_with_their_formats() -> None:
    weight = classify("2000001023105", (ScaleLayout("20PPPPPWWWWWC"),)).scale
    assert weight is not None and (weight.plu, weight.weight_g, weight.amount_fen) == (1, 2310, None)
    both = classify("200100100700012501", (ScaleLayout("20PPPPPAAAAAWWWWWC"),)).scale
    assert both is not None and (both.weight_g, both.amount_fen) == (1250, 700)  # amount first, not swapped


def test_two_formats_that_read_the_same_labels_are_refused_together() -> None:
    from pos_app.domain.barcodes import overlapping_layouts

    assert overlapping_layouts(["28PPPPPWWWWWC", "2PPPPPPAAAAAC"]) == ("28PPPPPWWWWWC", "2PPPPPPAAAAAC")
    assert overlapping_layouts(["20PPPPPWWWWWC", "20PPPPPAAAAAC"]) is not None
    assert overlapping_layouts(["28PPPPPWWWWWC", "20PPPPPWWWWWAAAAAC"]) is None  # lengths differ
    assert overlapping_layouts(["28PPPPPWWWWWC", "20PPPPPAAAAAC"]) is None  # flags tell them apart
