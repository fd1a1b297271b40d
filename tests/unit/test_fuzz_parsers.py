"""Every parser a user, a scanner or a file can reach, fed anything: it either returns a
value within its contract or raises the product's own ``PosError`` with a message; never another
exception, never a value out of range."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from pos_app.domain.barcodes import (
    CodeKind,
    classify,
    mask_payment_code,
    payment_network,
    split_quantity_prefix,
    validate_product_code,
)
from pos_app.domain.errors import PosError
from pos_app.domain.identifiers import validate_credit_code, validate_id_number
from pos_app.domain.money import MAX_FEN, parse_count, parse_weight, parse_yuan

# What comes out of a keyboard wedge, a paste, or an Excel cell: digits, separators, full-width forms,
# Chinese, control characters, and anything else.
TYPED = st.one_of(
    st.text(),
    st.text(alphabet="0123456789.,-+ ¥￥元角分０１２３４５６７８９．，kg斤克\t\n\r\x00", max_size=30),
    st.from_regex(r"\A[-+]?[0-9]{0,20}([.,][0-9]{0,6})?\Z"),
)


@given(TYPED)
@example("1e9")
@example("NaN")
@example("١٢٣")  # Arabic-Indic digits: str.isdigit() says yes
@example("9" * 400)
def test_amounts(text: str) -> None:
    try:
        fen = parse_yuan(text)
    except PosError:
        return
    assert isinstance(fen, int) and 0 <= fen <= MAX_FEN


@given(TYPED, st.sampled_from(["kg", "g", "斤"]))
@example("1e9", "kg")
@example("²", "g")
def test_weights(text: str, unit: str) -> None:
    try:
        grams = parse_weight(text, unit)
    except PosError:
        return
    assert isinstance(grams, int) and grams > 0


@given(TYPED)
@example("²")
@example("0x10")
def test_counts(text: str) -> None:
    try:
        n = parse_count(text)
    except PosError:
        return
    assert isinstance(n, int) and n > 0


@given(TYPED)
@example("13*6920000000012")
@example("*")
@example("99999999999*1")
def test_quantity_prefix(text: str) -> None:
    try:
        qty, rest = split_quantity_prefix(text)
    except PosError:
        return
    assert isinstance(qty, int) and qty > 0 and isinstance(rest, str)


@given(st.one_of(st.text(), st.from_regex(r"\A[0-9]{6,20}\Z")))
def test_product_codes(text: str) -> None:
    try:
        code = validate_product_code(text)
    except PosError:
        return
    assert code and code == code.strip() and len(code) <= 48


@given(st.one_of(st.text(), st.from_regex(r"\A(1[0-5]|2[5-9]|30|62)[0-9]{14,20}\Z")))
@example("²" * 18)  # str.isdigit() is true for superscripts, int() refuses them
@example("١٣" + "٠" * 16)  # Arabic-Indic digits
def test_payment_codes(text: str) -> None:
    network = payment_network(text)
    if network is None:
        return
    assert text.isascii() and text.isdigit()
    masked = mask_payment_code(text)
    assert masked != text and len(masked) == len(text)  # never printed whole
    assert classify(text).kind is CodeKind.PAYMENT


@given(st.one_of(st.text(), st.from_regex(r"\A[0-9]{17}[0-9Xx]\Z"), st.from_regex(r"\A[0-9A-Z]{18}\Z")))
def test_identity_numbers(text: str) -> None:
    for validate in (validate_id_number, validate_credit_code):
        try:
            value = validate(text)
        except PosError:
            continue
        assert len(value) == 18


@settings(max_examples=300)
@given(st.text(max_size=60))
def test_scanner_input_is_classified_or_refused(text: str) -> None:
    try:
        scanned = classify(text)
    except PosError:
        return
    assert scanned.kind in CodeKind
