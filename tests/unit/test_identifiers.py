from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pos_app.domain.certification import Validity, parse_date
from pos_app.domain.errors import InvalidInput
from pos_app.domain.identifiers import (
    CREDIT_CHARS,
    credit_code_check_char,
    id_number_check_char,
    mask_tail,
    validate_credit_code,
    validate_id_number,
)


def test_known_credit_codes() -> None:
    assert validate_credit_code("91350100M000100Y43") == "91350100M000100Y43"
    assert validate_credit_code(" 91350100m000100y43 ") == "91350100M000100Y43"
    for bad in ("91350100M000100Y44", "91350100M000100Y4", "9135010OM000100Y43", "", "ABC"):
        with pytest.raises(InvalidInput):
            validate_credit_code(bad)


@given(st.text(CREDIT_CHARS, min_size=17, max_size=17))
def test_every_code_with_its_check_char_is_valid_and_any_other_is_not(body: str) -> None:
    good = credit_code_check_char(body)
    assert validate_credit_code(body + good)
    for other in CREDIT_CHARS:
        if other != good:
            with pytest.raises(InvalidInput):
                validate_credit_code(body + other)
            break


def test_id_numbers() -> None:
    assert validate_id_number("11010519491231002X") == "11010519491231002X"
    assert id_number_check_char("11010519491231002") == "X"
    with pytest.raises(InvalidInput):
        validate_id_number("110105194912310021")
    with pytest.raises(InvalidInput):
        validate_id_number("1101051949123100")
    assert mask_tail("11010519491231002X") == "**************002X"


@pytest.mark.parametrize(
    "text",
    [
        "2024-03-01",
        "2024/3/1",
        "2024.3.1",
        "2024年3月1日",
        "20240301",
        "45352",
        "2024-03-01 00:00:00",
        "２０２４-03-01",
    ],
)
def test_dates_as_offices_write_them(text: str) -> None:
    assert parse_date(text) == date(2024, 3, 1)


@pytest.mark.parametrize("text", ["2024-02-30", "3/1/2024", "明年", "", "2024-13-01"])
def test_bad_dates(text: str) -> None:
    with pytest.raises(InvalidInput):
        parse_date(text)


def test_validity() -> None:
    v = Validity(date(2026, 1, 1), date(2026, 12, 31))
    assert v.covers(date(2026, 12, 31)) and not v.covers(date(2027, 1, 1))
    assert v.expires_within(date(2026, 12, 10), 30) and not v.expires_within(date(2026, 11, 1), 30)
    with pytest.raises(InvalidInput):
        Validity(date(2026, 2, 1), date(2026, 1, 1))
