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


# GB 32100: the registration authority, then digits for the category and the division code, then
# the organisation code (letters allowed), then the check character.
CREDIT_BODIES = st.builds(
    lambda a, b, c: a + b + c,
    st.text(CREDIT_CHARS, min_size=1, max_size=1),
    st.text("0123456789", min_size=7, max_size=7),
    st.text(CREDIT_CHARS, min_size=9, max_size=9),
)


@given(CREDIT_BODIES)
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


def test_credit_codes_keep_the_standards_digits_and_forgive_how_they_are_written() -> None:
    good = "91350100M000100Y43"
    assert validate_credit_code("9135-0100-M000-100Y43") == good  # hyphens and spaces, as printed
    assert validate_credit_code("9 1350100 M000100Y4 3") == good
    body = "9A350100M000100Y4"  # a letter where the category digit stands
    with pytest.raises(InvalidInput) as bad:
        validate_credit_code(body + credit_code_check_char(body))
    assert "第 2–8 位须为数字" in bad.value.message_zh


@pytest.mark.parametrize(
    ("number", "why"),
    [
        ("110105194913310028", "出生日期"),  # month 13
        ("110105200002300020", "出生日期"),  # 30 February
        ("110105209901010020", "出生日期"),  # born in the future
        ("990105194912310020", "行政区划"),  # no province 99
    ],
)
def test_id_numbers_have_a_real_birth_date_and_a_known_province(number: str, why: str) -> None:
    from datetime import date

    body = number[:17]
    with pytest.raises(InvalidInput) as bad:
        validate_id_number(body + id_number_check_char(body), today=date(2026, 12, 4))
    assert why in bad.value.message_zh
    assert validate_id_number("11010519491231002X", today=date(2026, 12, 4))
