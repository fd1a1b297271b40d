"""Catalog import (validate every row first; all-or-nothing unless --skip-bad) and exports."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pos_app.domain.barcodes import validate_product_code
from pos_app.domain.errors import ImportFailed, InvalidInput, PosError
from pos_app.domain.money import format_fen, parse_yuan, per_jin
from pos_app.services.catalog import WEIGHT_UNITS, CatalogService, ProductInput, UpsertResult
from pos_app.services.tabular import RowError, read_fields, write_table

CATALOG_ALIASES = {
    "barcode": ("条码", "barcode", "商品条码", "条形码", "code", "codes"),
    "name": ("名称", "name", "商品名称", "品名", "product"),
    "unit": ("单位", "unit", "计量单位"),
    "price": ("售价", "price", "零售价", "价格", "单价"),
    "category": ("类别", "category", "分类", "品类"),
    "plu": ("PLU", "plu", "称重编码", "货号"),
}
_UNIT_ALIASES = {"KG": "kg", "Kg": "kg", "千克": "kg", "公斤": "kg", "pcs": "件", "piece": "件", "pc": "件"}
_GRAM_UNITS = ("g", "G", "克", "两")


def parse_unit(text: str) -> str:
    """kg / 斤 (and their spellings) are weighed; any other short word (件, 袋, 提, 杯…) counts pieces."""
    unit = _UNIT_ALIASES.get(text, text)
    if unit in _GRAM_UNITS:
        raise InvalidInput(what=f"unit {text!r}: price weighed goods per kg or per 斤")
    if not unit or len(unit) > 4 or any(ch.isdigit() or ch in ".,;/ " for ch in unit):
        raise InvalidInput(what=f"unit {text!r} (kg, 斤, or a count word such as 件, 袋, 盒)")
    return unit


@dataclass
class ImportReport:
    good: list[tuple[int, ProductInput]] = field(default_factory=list)
    bad: list[RowError] = field(default_factory=list)
    result: UpsertResult | None = None


def parse_catalog(path: Path) -> ImportReport:
    rows = read_fields(path, CATALOG_ALIASES, required=("name", "unit", "price"))
    report = ImportReport()
    seen_codes: dict[str, int] = {}
    seen_plu: dict[int, int] = {}

    for line, row in rows:
        try:
            name = row["name"]
            if not name:
                raise InvalidInput(what="name is empty")
            if len(name) > 100:
                raise InvalidInput(what="name longer than 100 characters")
            unit = parse_unit(row["unit"])
            price = parse_yuan(row["price"])
            codes = tuple(
                validate_product_code(c)
                for c in row["barcode"].replace("；", ";").replace("|", ";").split(";")
                if c.strip()
            )
            plu_text = row["plu"]
            plu = None
            if plu_text:
                if not plu_text.isdigit() or not 0 < int(plu_text) <= 999_999:
                    raise InvalidInput(what=f"PLU {plu_text!r} (1–999999)")
                plu = int(plu_text)
            if not codes and plu is None:
                raise InvalidInput(what="needs a barcode or a PLU")
            for c in codes:
                if c in seen_codes:
                    raise InvalidInput(what=f"barcode {c} repeats line {seen_codes[c]}")
                seen_codes[c] = line
            if plu is not None:
                if plu in seen_plu:
                    raise InvalidInput(what=f"PLU {plu} repeats line {seen_plu[plu]}")
                seen_plu[plu] = line
            report.good.append((line, ProductInput(name, unit, price, codes, row["category"][:32], plu)))
        except PosError as exc:
            report.bad.append(RowError(line, exc.message))
    return report


def import_catalog(catalog: CatalogService, path: Path, *, skip_bad: bool = False) -> ImportReport:
    """Validate every row; with bad rows, import nothing (or only the good ones with ``skip_bad``)."""
    report = parse_catalog(path)
    if report.bad and not skip_bad:
        raise ImportFailed(count=len(report.bad), errors=report.bad)
    if report.good:
        report.result = catalog.upsert((p for _, p in report.good), source=f"import:{path.name}")
    return report


PRODUCT_HEADERS = ("条码", "名称", "单位", "售价", "类别", "PLU")


def export_products(catalog: CatalogService, out: Path) -> int:
    def rows() -> Iterator[tuple[object, ...]]:
        offset = 0
        while True:
            page = catalog.page(offset, 5000)
            if not page:
                return
            for p in page:
                price = p.price_fen
                if p.sold_by_weight and WEIGHT_UNITS.get(p.unit_label) == 500:
                    price = per_jin(price)
                yield (
                    ";".join(p.codes),
                    p.name,
                    p.unit_label,
                    format_fen(price, symbol=False).replace(",", ""),
                    p.category,
                    p.plu or "",
                )
            offset += len(page)

    return write_table(out, PRODUCT_HEADERS, rows())


def _yuan(fen: int) -> str:
    return format_fen(fen, symbol=False).replace(",", "")
