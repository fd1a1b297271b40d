"""Certified poverty-relief products: validity on a date, and the dates district files carry."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from pos_app.domain.errors import InvalidInput
from pos_app.domain.text import is_digits

CHANNELS = ("专区", "专柜", "专馆")
# Two certification regimes: the 2020 poverty-relief products (扶贫产品认定, until the end of the
# transition) and, after it, the products of consumption assistance (消费帮扶产品认定, 2024 on).
REGIMES = {"fupin2020": "扶贫产品（2020）", "xfbf2024": "消费帮扶产品（2024）"}
_REGIME_WORDS = {
    "fupin2020": ("fupin2020", "扶贫产品", "扶贫产品认定", "2020", "扶贫"),
    "xfbf2024": ("xfbf2024", "消费帮扶", "消费帮扶产品", "消费帮扶产品认定", "消费帮扶重点产品", "2024"),
}


def parse_regime(text: str) -> str:
    """The regime a district file names (its code, its Chinese name, or its year); "" when unstated."""
    s = unicodedata.normalize("NFKC", text).strip().replace("（2020）", "").replace("（2024）", "")
    s = s.replace("(2020)", "").replace("(2024)", "").strip()
    if not s:
        return ""
    for code, words in _REGIME_WORDS.items():
        if s in words or s == REGIMES[code].replace("（2020）", "").replace("（2024）", ""):
            return code
    raise InvalidInput(
        what=f"certification regime {text!r} (扶贫产品认定 2020 or 消费帮扶产品认定 2024)",
        what_zh=f"认定类型「{text}」须为：扶贫产品认定（2020）或 消费帮扶产品认定（2024）",
    )


_YMD = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")
EXCEL_EPOCH = date(1899, 12, 30)


def parse_date(text: str) -> date:
    """2024-03-01, 2024/3/1, 2024.3.1, 2024年3月1日, 20240301, or an Excel serial day number."""
    s = unicodedata.normalize("NFKC", text).strip()
    s = s.split(" ")[0].split("T")[0]
    m = _YMD.match(s)
    try:
        if m:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if is_digits(s) and len(s) == 8:
            return date(int(s[:4]), int(s[4:6]), int(s[6:]))
        if is_digits(s) and 20_000 <= int(s) <= 80_000:  # an Excel date cell read as a number
            return EXCEL_EPOCH + timedelta(days=int(s))
    except ValueError:
        pass
    raise InvalidInput(what=f"date {text!r} (use 2024-03-01, 2024/3/1 or 2024年3月1日)")


@dataclass(frozen=True)
class Validity:
    valid_from: date
    valid_to: date

    def __post_init__(self) -> None:
        if self.valid_to < self.valid_from:
            raise InvalidInput(what=f"valid to {self.valid_to} is before valid from {self.valid_from}")

    def covers(self, day: date) -> bool:
        return self.valid_from <= day <= self.valid_to

    def expires_within(self, day: date, days: int) -> bool:
        return day <= self.valid_to <= day + timedelta(days=days)


def today_local(now: datetime) -> date:
    from pos_app.domain.clock import to_local

    return to_local(now).date()
