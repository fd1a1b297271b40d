"""Chinese registry identifiers: the unified social credit code (GB 32100) and the resident ID number
(GB 11643), each with its check character."""

from __future__ import annotations

import unicodedata
from datetime import date

from pos_app.domain.errors import InvalidInput
from pos_app.domain.text import is_digits

CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # 31 characters: no I, O, Z, S, V
CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"
# The first two digits of an ID number: the province-level division of registration (GB/T 2260), and
# 71 / 81 / 82 / 83 for Taiwan, Hong Kong, Macao and Taiwan residents' residence permits. Whether
# the county existed in the birth year is not checked: the code follows the place of registration.
PROVINCES = frozenset(
    {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54}
    | {61, 62, 63, 64, 65, 71, 81, 82, 83}
)


def _fold(text: str) -> str:
    """Full-width folded, upper case, and the spaces and hyphens people write codes with taken out."""
    return unicodedata.normalize("NFKC", text).strip().upper().replace(" ", "").replace("-", "")


def credit_code_check_char(first17: str) -> str:
    total = sum(CREDIT_CHARS.index(ch) * w for ch, w in zip(first17, CREDIT_WEIGHTS, strict=True))
    return CREDIT_CHARS[(31 - total % 31) % 31]


def validate_credit_code(text: str) -> str:
    """A 统一社会信用代码: 18 characters from the GB 32100 set, the last one its check character."""
    code = _fold(text)
    if len(code) != 18 or any(ch not in CREDIT_CHARS for ch in code):
        raise InvalidInput(
            what=f"credit code {text!r}: 18 characters of 0-9 and A-Y without I O S V Z",
            what_zh=f"统一社会信用代码 {text}：须为 18 位数字或大写字母（不含 I O S V Z）",
        )
    if not is_digits(code[1:8]):  # the organisation's category (2nd) and its division code (3rd–8th)
        raise InvalidInput(
            what=f"credit code {text!r}: characters 2 to 8 are digits (category and division code)",
            what_zh=f"统一社会信用代码 {text}：第 2–8 位须为数字（机构类别和登记管理机关行政区划码）",
        )
    if credit_code_check_char(code[:17]) != code[17]:
        raise InvalidInput(
            what=f"credit code {text!r}: wrong check character",
            what_zh=f"统一社会信用代码 {text}：校验位不对",
        )
    return code


def id_number_check_char(first17: str) -> str:
    return ID_CHECK[sum(int(ch) * w for ch, w in zip(first17, ID_WEIGHTS, strict=True)) % 11]


def validate_id_number(text: str, today: date | None = None) -> str:
    """A resident ID number (GB 11643): 17 digits and a check character (digit or X), a known province
    code, and a real birth date (from 1900, and not after ``today`` when it is given)."""
    code = _fold(text)
    if len(code) != 18 or not is_digits(code[:17]) or not (is_digits(code[17]) or code[17] == "X"):
        raise InvalidInput(what="ID number: 17 digits and a check digit or X", what_zh="身份证号须为 17 位数字加校验位")
    if int(code[:2]) not in PROVINCES:
        raise InvalidInput(
            what=f"ID number: {code[:2]} is no province's code", what_zh=f"身份证号：{code[:2]} 不是省级行政区划代码"
        )
    try:
        born = date(int(code[6:10]), int(code[10:12]), int(code[12:14]))
    except ValueError:
        born = None
    if born is None or born.year < 1900 or (today is not None and born > today):
        raise InvalidInput(
            what=f"ID number: {code[6:14]} is not a birth date", what_zh=f"身份证号：{code[6:14]} 不是有效的出生日期"
        )
    if id_number_check_char(code[:17]) != code[17]:
        raise InvalidInput(what="ID number: wrong check digit", what_zh="身份证号校验位不对")
    return code


def mask_tail(text: str, keep: int = 4) -> str:
    """``"************1234"``: what screens and printouts may show of a sensitive number."""
    return "*" * max(0, len(text) - keep) + text[-keep:] if text else ""
