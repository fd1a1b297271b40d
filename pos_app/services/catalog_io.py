"""Catalog import (validate every row first; all-or-nothing unless --skip-bad) and exports."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pos_app.domain.errors import ImportFailed
from pos_app.domain.money import format_fen, per_jin
from pos_app.importing.catalog import WEIGHT_UNITS, ProductInput, parse_catalog
from pos_app.importing.tabular import RowError, write_table
from pos_app.services.catalog import CatalogService
from pos_app.store.catalog import UpsertResult


@dataclass
class ImportReport:
    good: list[tuple[int, ProductInput]] = field(default_factory=list)
    bad: list[RowError] = field(default_factory=list)
    result: UpsertResult | None = None


def import_catalog(catalog: CatalogService, path: Path, *, skip_bad: bool = False) -> ImportReport:
    """Validate every row; with bad rows, import nothing (or only the good ones with ``skip_bad``)."""
    parsed = parse_catalog(path)
    report = ImportReport(parsed.good, parsed.bad)
    if report.bad and not skip_bad:
        raise ImportFailed(errors=report.bad)
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
