"""Chinese registry identifiers: the unified social credit code (GB 32100) and the resident ID number
(GB 11643), each with its check character."""

from __future__ import annotations

import unicodedata

from pos_app.domain.errors import InvalidInput
from pos_app.domain.text import is_digits

CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # 31 characters: no I, O, Z, S, V
CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip().upper().replace(" ", "")


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
    if credit_code_check_char(code[:17]) != code[17]:
        raise InvalidInput(
            what=f"credit code {text!r}: wrong check character",
            what_zh=f"统一社会信用代码 {text}：校验位不对",
        )
    return code


def id_number_check_char(first17: str) -> str:
    return ID_CHECK[sum(int(ch) * w for ch, w in zip(first17, ID_WEIGHTS, strict=True)) % 11]


def validate_id_number(text: str) -> str:
    """A resident ID number: 17 digits and a check character (digit or X)."""
    code = _fold(text)
    if len(code) != 18 or not is_digits(code[:17]) or not (is_digits(code[17]) or code[17] == "X"):
        raise InvalidInput(what="ID number: 17 digits and a check digit or X")
    if id_number_check_char(code[:17]) != code[17]:
        raise InvalidInput(what="ID number: wrong check digit")
    return code


def mask_tail(text: str, keep: int = 4) -> str:
    """``"************1234"``: what screens and printouts may show of a sensitive number."""
    return "*" * max(0, len(text) - keep) + text[-keep:] if text else ""
