"""Suppliers (供应商): certified enterprises, cooperatives and village collectives, one a row."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pos_app.domain.errors import InvalidInput, PosError
from pos_app.domain.identifiers import validate_credit_code
from pos_app.domain.text import is_digits
from pos_app.importing.tabular import Parsed, RowError, read_fields

SUPPLIER_ALIASES = {
    "code": ("编码", "供应商编码", "code", "supplier code"),
    "name": ("名称", "供应商名称", "企业名称", "name"),
    "credit_code": ("统一社会信用代码", "信用代码", "credit_code", "credit code"),
    "contact": ("联系人", "contact"),
    "phone": ("电话", "联系电话", "phone"),
}


@dataclass(frozen=True)
class SupplierInput:
    code: str
    name: str
    credit_code: str
    contact: str = ""
    phone: str = ""
    active: bool = True


def check_supplier(item: SupplierInput) -> SupplierInput:
    """The same rules for a row of a file and for the supplier form: a code, a name, a 统一社会信用代码
    whose check character is right (an N… code of a rural collective included), a phone of digits."""
    code, name = item.code.strip(), item.name.strip()
    if not code or len(code) > 32:
        raise InvalidInput(what="supplier code: 1 to 32 characters", what_zh="供应商编码：1 至 32 个字符")
    if not name or len(name) > 100:
        raise InvalidInput(what="supplier name: 1 to 100 characters", what_zh="供应商名称：1 至 100 个字符")
    phone = item.phone.strip()
    if phone and (not is_digits(phone.replace("-", "")) or len(phone) > 20):
        raise InvalidInput(what=f"phone {phone!r}", what_zh=f"电话 {phone} 无效")
    return SupplierInput(
        code, name, validate_credit_code(item.credit_code), item.contact.strip()[:32], phone, item.active
    )


def parse_suppliers(path: Path) -> Parsed[SupplierInput]:
    rows = read_fields(path, SUPPLIER_ALIASES, required=("code", "name", "credit_code"))
    report: Parsed[SupplierInput] = Parsed([], [])
    codes: dict[str, int] = {}
    credit: dict[str, int] = {}
    for line, row in rows:
        try:
            item = check_supplier(
                SupplierInput(row["code"], row["name"], row["credit_code"], row["contact"], row["phone"])
            )
            if item.code in codes:
                raise InvalidInput(
                    what=f"supplier {item.code} repeats line {codes[item.code]}",
                    what_zh=f"供应商编码 {item.code} 与第 {codes[item.code]} 行重复",
                )
            if item.credit_code in credit:
                raise InvalidInput(
                    what=f"credit code {item.credit_code} repeats line {credit[item.credit_code]}",
                    what_zh=f"统一社会信用代码 {item.credit_code} 与第 {credit[item.credit_code]} 行重复",
                )
            codes[item.code], credit[item.credit_code] = line, line
            report.good.append((line, item))
        except PosError as exc:
            report.bad.append(RowError.of(line, exc))
    return report
