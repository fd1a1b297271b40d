"""The household registry (帮扶户名册): one household a row."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pos_app.domain.certification import parse_date
from pos_app.domain.errors import InvalidInput, PosError
from pos_app.domain.identifiers import validate_id_number
from pos_app.domain.text import is_digits
from pos_app.importing.tabular import Parsed, RowError, read_fields

HOUSEHOLD_ALIASES = {
    "code": ("户编码", "农户编码", "编码", "code", "household code"),
    "head_name": ("户主姓名", "户主", "姓名", "head", "head name", "name"),
    "village": ("所在村", "村", "村组", "village"),
    "phone": ("电话", "联系电话", "phone"),
    "category": ("类别", "户类别", "category"),
    "settlement": ("结算方式", "settlement", "settlement method"),
    "id_number": ("身份证号", "身份证号码", "id number", "id_number"),
    "bank_account": ("银行账号", "银行卡号", "bank account"),
    "home_station": ("归属站点", "结算站点", "home station"),
    "consent_date": ("同意日期", "授权日期", "consent date"),
}
SETTLEMENT = {"现金": "cash", "cash": "cash", "银行": "bank", "银行转账": "bank", "bank": "bank"}


@dataclass(frozen=True)
class HouseholdInput:
    code: str
    head_name: str
    village: str
    phone: str = ""
    category_code: str = "registered"
    settlement_method: str = "cash"
    id_number: str | None = None
    bank_account: str | None = None
    home_station_code: str | None = None
    consent_date: date | None = None
    active: bool = True


def parse_households(
    path: Path, categories: Sequence[tuple[str, str]], today: date | None = None
) -> Parsed[HouseholdInput]:
    """Rows of the registry; ``categories`` are the (code, name) pairs in use, either may be written;
    an ID number's birth date may not be after ``today``."""
    rows = read_fields(path, HOUSEHOLD_ALIASES, required=("code", "head_name", "village", "category"))
    by_name = {n: c for c, n in categories} | {c: c for c, _ in categories}
    report: Parsed[HouseholdInput] = Parsed([], [])
    seen: dict[str, int] = {}

    for line, row in rows:
        try:
            code = row["code"]
            if not code or len(code) > 32:
                raise InvalidInput(what="household code is empty or longer than 32")
            if code in seen:
                raise InvalidInput(what=f"household {code} repeats line {seen[code]}")
            head, village = row["head_name"], row["village"]
            if not head or not village:
                raise InvalidInput(what="head's name and village are required")
            category = by_name.get(row["category"])
            if category is None:
                raise InvalidInput(what=f"category {row['category']!r} (one of {', '.join(n for _, n in categories)})")
            settlement = SETTLEMENT.get(row["settlement"] or "现金")
            if settlement is None:
                raise InvalidInput(what=f"settlement {row['settlement']!r} (现金 or 银行)")
            phone = row["phone"]
            if phone and (not is_digits(phone.replace("-", "")) or len(phone) > 20):
                raise InvalidInput(what=f"phone {phone!r}")
            id_text = row["id_number"]
            bank = row["bank_account"].replace(" ", "")
            if bank and (not is_digits(bank) or not 12 <= len(bank) <= 30):
                raise InvalidInput(what="bank account: 12 to 30 digits")
            if settlement == "bank" and not bank:
                raise InvalidInput(what="bank settlement needs a bank account")
            consent = row["consent_date"]
            item = HouseholdInput(
                code=code,
                head_name=head[:32],
                village=village[:64],
                phone=phone,
                category_code=category,
                settlement_method=settlement,
                id_number=validate_id_number(id_text, today) if id_text else None,
                bank_account=bank or None,
                home_station_code=row["home_station"] or None,
                consent_date=parse_date(consent) if consent else None,
            )
            seen[code] = line
            report.good.append((line, item))
        except PosError as exc:
            report.bad.append(RowError.of(line, exc))
    return report
