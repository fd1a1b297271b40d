"""Receipt documents: the PDF's text, both widths, and the ESC/POS bytes a printer receives."""

from dataclasses import replace
from datetime import UTC, datetime

import pypdfium2 as pdfium
import pytest
from escpos.printer import Dummy

from pos_app.bootstrap import Services
from pos_app.domain.barcodes import with_check_digit
from pos_app.hardware.printer import DRAWER_KICK, EscposPrinter, PdfFilePrinter, PrinterConfig, receipt_bytes
from pos_app.reports.receipt import display_width, render_pdf, sample_sale, text_lines


def pdf_text(data: bytes) -> str:
    doc = pdfium.PdfDocument(data)
    try:
        return "".join(page.get_textpage().get_text_range() for page in doc)
    finally:
        doc.close()


def _sale(s: Services):
    co = s.checkout()
    co.new_sale(s.users.authenticate("cashier", "1111").id, "王收银")
    co.scan("6920000000012", qty=2)
    co.scan(with_check_digit("280100101250"))
    plan = co.start_payment()
    plan.add("cash", 5000)
    return co.pay(plan)


@pytest.mark.parametrize("width", [58, 80])
def test_receipt_pdf_says_what_was_sold(stocked: Services, width: int) -> None:
    sale = _sale(stocked)
    text = pdf_text(render_pdf(sale, width))
    for expected in (
        "通州社区扶贫超市",
        "TZ01-01-000001",
        "王收银",
        "赤峰小米 500g",
        "¥17.80",
        "内蒙古西红柿",
        "2.5 斤 × ¥2.80/斤",
        "¥7.00",
        "应付",
        "¥24.80",
        "现金",
        "¥50.00",
        "找零",
        "¥25.20",
    ):
        assert expected in text, expected


def test_marks_and_household_footer() -> None:
    text = pdf_text(render_pdf(sample_sale(datetime(2026, 11, 20, tzinfo=UTC))))
    assert "【扶贫认证】FP-2026-0012" in text
    assert "【农户代销】双城区幸福村" in text
    assert "其中扶贫认证产品" in text
    assert "为 1 户农户增收 ¥30.00" in text


def test_bad_width_is_refused() -> None:
    with pytest.raises(ValueError):
        render_pdf(sample_sale(datetime(2026, 11, 20, tzinfo=UTC)), 70)


def test_escpos_bytes_are_gb18030_and_fit_the_paper() -> None:
    sale = sample_sale(datetime(2026, 11, 20, tzinfo=UTC))
    for cols in (32, 48):
        assert all(display_width(line) <= cols for line in text_lines(sale, cols))
    dummy = Dummy()
    EscposPrinter(dummy, 32).print_receipt(sale)
    data = dummy.output
    assert data == receipt_bytes(sale, 32)
    assert data.startswith(b"\x1b@\x1c&")
    assert "通州社区扶贫超市".encode("gb18030") in data
    assert "【农户代销】双城区幸福村".encode("gb18030") in data
    assert data.endswith(b"\x1dV\x41\x03")
    assert b"\x1dk\x49\x10{BDEMO-01-000001" in data  # the receipt number as Code 128, for refunds
    dummy2 = Dummy()
    EscposPrinter(dummy2).open_drawer()
    assert dummy2.output == DRAWER_KICK


def test_pdf_file_printer_and_config(tmp_path) -> None:
    sale = sample_sale(datetime(2026, 11, 20, tzinfo=UTC))
    p = PdfFilePrinter(tmp_path / "receipts", 58)
    p.print_receipt(sale)
    assert "DEMO-01-000001" in pdf_text(p.path_for(sale.receipt_no).read_bytes())
    assert PrinterConfig.from_setting({"kind": "network", "host": "10.0.0.5", "width_mm": 58}).columns == 32
    assert PrinterConfig.from_setting(None).kind == "none"


def test_the_receipt_barcode_scans_back_to_its_number_and_finds_the_sale(stocked) -> None:  # type: ignore[no-untyped-def]
    from tests.facts import sell
    from tests.integration.test_labels import decoded

    receipt = sell(stocked, ["0012345678905"])
    sale = sample_sale(datetime(2026, 11, 20, tzinfo=UTC))
    assert decoded(render_pdf(sale, 58)) == ["DEMO-01-000001"]
    scanned = decoded(render_pdf(replace(sale, receipt_no=receipt), 80))
    assert scanned == [receipt]
    assert stocked.refunds.find(scanned[0]).receipt_no == receipt  # what a scanner types finds the sale
