"""Catalog files: one product a row (条码, 名称, 单位, 售价, 类别, PLU)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pos_app.domain.barcodes import validate_product_code
from pos_app.domain.errors import InvalidInput, PosError
from pos_app.domain.money import Fen, parse_yuan
from pos_app.domain.text import is_digits
from pos_app.importing.tabular import Parsed, RowError, read_fields

WEIGHT_UNITS = {"kg": 1000, "公斤": 1000, "千克": 1000, "斤": 500}


@dataclass(frozen=True)
class ProductInput:
    """One product as an import, a manager or the district gives it. Price is per ``unit_label``.

    ``id`` is the district's id of the product, when the row comes from the district server."""

    name: str
    unit_label: str
    price_fen: Fen
    codes: tuple[str, ...] = ()
    category: str = ""
    plu: int | None = None
    active: bool = True
    id: str | None = None
    pinyin: tuple[str, str] | None = None  # (initials, full) when already known (the district sends them)

    @property
    def sold_by_weight(self) -> bool:
        return self.unit_label in WEIGHT_UNITS

    @property
    def price_per_stock_unit(self) -> Fen:
        """Weighed goods are priced per kg internally (斤 price × 2)."""
        if self.sold_by_weight:
            return self.price_fen * 1000 // WEIGHT_UNITS[self.unit_label]
        return self.price_fen


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


def parse_catalog(path: Path) -> Parsed[ProductInput]:
    rows = read_fields(path, CATALOG_ALIASES, required=("name", "unit", "price"))
    report: Parsed[ProductInput] = Parsed([], [])
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
                if not is_digits(plu_text) or not 0 < int(plu_text) <= 999_999:
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
            report.bad.append(RowError.of(line, exc))
    return report
