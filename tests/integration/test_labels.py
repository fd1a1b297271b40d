"""Labels: what is printed scans back to the same digits (decoded with zxing-cpp from the rendered PDF)."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest
import zxingcpp

from pos_app.bootstrap import Services
from pos_app.domain.barcodes import has_valid_check_digit
from pos_app.domain.errors import InvalidInput, NotFound
from pos_app.reports.labels import ean13_modules, label_sheet_pdf
from tests.integration.test_receipts import pdf_text


def decoded(pdf: bytes, dpi: int = 300) -> list[str]:
    doc = pdfium.PdfDocument(pdf)
    try:
        found = []
        for page in doc:
            image = page.render(scale=dpi / 72).to_pil()
            found += [r.text for r in zxingcpp.read_barcodes(image)]
        return found
    finally:
        doc.close()


@pytest.mark.parametrize("layout", ["a4-3x8", "a4-4x10", "thermal-40x30", "thermal-58x40"])
def test_shelf_labels_scan_back(stocked: Services, layout: str) -> None:
    items = stocked.labels.shelf_labels()
    assert len(items) == 7
    pdf = label_sheet_pdf(items, layout)
    assert sorted(decoded(pdf)) == sorted(i.code for i in items)
    text = pdf_text(pdf)
    assert "赤峰小米 500g" in text and "¥8.90/袋" in text and "¥2.80/斤" in text


def test_products_without_barcodes_get_in_store_codes_once(stocked: Services) -> None:
    first = {i.name: i.code for i in stocked.labels.shelf_labels()}
    tomato = first["内蒙古西红柿"]
    assert tomato.startswith("21") and len(tomato) == 13 and has_valid_check_digit(tomato)
    assert first["黄瓜"] != tomato
    again = {i.name: i.code for i in stocked.labels.shelf_labels()}
    assert again == first  # kept, not reassigned
    product = stocked.catalog.by_code(tomato)
    assert product is not None and product.name == "内蒙古西红柿"


def test_scale_label_carries_weight_and_amount(stocked: Services) -> None:
    item = stocked.labels.scale_label(1001, 1250)
    assert item.detail == "2.5 斤  ¥7.00"
    (code,) = decoded(label_sheet_pdf([item], "thermal-40x30"))
    co = stocked.checkout()
    co.new_sale("x")
    line = co.scan(code).line
    assert line is not None and line.weight_g == 1250 and line.gross_fen == 700
    with pytest.raises(NotFound):
        stocked.labels.scale_label(9999, 100)
    with pytest.raises(InvalidInput):
        stocked.labels.scale_label(1001, 0)


def test_bar_pattern_is_python_barcodes_own() -> None:
    modules = ean13_modules("6901234567892")
    assert len(modules) == 95 and modules.startswith("101") and modules.endswith("101")


def test_cli_labels(tmp_path: Path) -> None:
    from pos_app.cli import main

    db = tmp_path / "s.db"
    assert main(["--db", str(db), "init", "--station", "S1", "--name", "站", "--demo"]) == 0
    out = tmp_path / "l.pdf"
    assert main(["--db", str(db), "labels", "--category", "粮油", "--layout", "a4-4x10", "--out", str(out)]) == 0
    assert "五常大米" in pdf_text(out.read_bytes())
    assert main(["--db", str(db), "labels", "--scale", "1001=500", "--layout", "thermal-40x30", "--out", str(out)]) == 0
    assert main(["--db", str(db), "labels", "--scale", "abc", "--out", str(out)]) == 2
    assert main(["--db", str(db), "labels", "--barcodes", "6901234567892", "--out", str(out)]) == 2
