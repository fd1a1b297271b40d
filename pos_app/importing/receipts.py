"""A supplier's delivery note as a file: barcode, quantity (pieces, or kg for weighed goods), cost in
yuan per piece or per kg, and optionally batch and expiry date. The text is read here; what a
quantity means depends on the product, so the receiving service parses it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pos_app.importing.tabular import read_fields

RECEIPT_ALIASES = {
    "code": ("条码", "商品条码", "barcode", "code"),
    "quantity": ("数量", "quantity", "qty"),
    "cost": ("进价", "成本价", "cost", "cost price"),
    "batch": ("批次", "批号", "batch"),
    "expiry": ("有效期", "有效期至", "保质期至", "expiry", "expiry date"),
}


@dataclass(frozen=True)
class DeliveryRow:
    line: int
    code: str
    quantity: str
    cost: str
    batch: str = ""
    expiry: str = ""


def read_delivery_note(path: Path) -> list[DeliveryRow]:
    return [
        DeliveryRow(line, row["code"], row["quantity"], row["cost"], row["batch"], row["expiry"])
        for line, row in read_fields(path, RECEIPT_ALIASES, required=("code", "quantity", "cost"))
    ]


COUNT_ALIASES = {
    "code": ("条码", "商品条码", "barcode", "code"),
    "quantity": ("数量", "实盘", "实盘数量", "quantity", "qty", "counted"),
    "reason": ("原因", "差异原因", "reason"),
}


@dataclass(frozen=True)
class CountRow:
    line: int
    code: str
    quantity: str
    reason: str = ""


def read_count_sheet(path: Path) -> list[CountRow]:
    """A stocktake's count sheet: barcode (or PLU) and the quantity found, pieces or kg."""
    return [
        CountRow(line, row["code"], row["quantity"], row["reason"])
        for line, row in read_fields(path, COUNT_ALIASES, required=("code", "quantity"))
    ]
