"""Label sheets: A4 grids (3×8, 4×10) and 40×30 mm thermal labels, EAN-13 bars from python-barcode."""

from __future__ import annotations

import io

from barcode import EAN13
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from pos_app.reports.fonts import register_fonts, text_width
from pos_app.services.labels import LabelItem

LAYOUTS = {
    # name: (page size, columns, rows, left margin, top margin, label width, label height)
    "a4-3x8": (A4, 3, 8, 0.0, 0.0, 70 * mm, 37.125 * mm),
    "a4-4x10": (A4, 4, 10, 0.0, 0.0, 52.5 * mm, 29.7 * mm),
    "thermal-40x30": ((40 * mm, 30 * mm), 1, 1, 0.0, 0.0, 40 * mm, 30 * mm),
    "thermal-58x40": ((58 * mm, 40 * mm), 1, 1, 0.0, 0.0, 58 * mm, 40 * mm),
}


def ean13_modules(digits: str) -> str:
    """The 95 modules of an EAN-13 symbol ('1' dark), as python-barcode encodes it."""
    return "".join(EAN13(digits[:12]).build())


def _bars(c: Canvas, x: float, y: float, digits: str, width: float, height: float) -> None:
    modules = ean13_modules(digits) if len(digits) == 13 else None
    if modules is None:  # a scale layout of another length: Code 128
        from pos_app.reports.barcodes import draw_code128

        draw_code128(c, x, y, digits, width, height)
        return
    quiet = 9  # modules of white on each side so scanners find the start
    unit = width / (len(modules) + 2 * quiet)
    start = None
    for i, m in enumerate(modules + "0"):
        if m == "1" and start is None:
            start = i
        elif m != "1" and start is not None:
            c.rect(x + (quiet + start) * unit, y, (i - start) * unit, height, stroke=0, fill=1)
            start = None


def _fit(text: str, size: float, width: float) -> str:
    while text and text_width(text, size) > width:
        text = text[:-1]
    return text


def _label(c: Canvas, item: LabelItem, x: float, y: float, w: float, h: float) -> None:
    font = register_fonts()
    pad = 2.5 * mm if w > 45 * mm else 1.6 * mm
    small = 7.0 if w > 45 * mm else 5.8
    name_size = 9.5 if w > 60 * mm else 8.0 if w > 45 * mm else 7.0
    top = y + h - pad
    c.setFillColor(colors.black)
    c.setFont(font, name_size)
    c.drawString(x + pad, top - name_size, _fit(item.name, name_size, w - 2 * pad - (9 * mm if item.certified else 0)))
    if item.certified:
        c.setFillColor(colors.HexColor("#1b5e3a"))
        c.roundRect(x + w - pad - 8.5 * mm, top - name_size - 0.8 * mm, 8.5 * mm, name_size + 1.2, 1, stroke=0, fill=1)
        c.setFillColor(colors.white)
        c.setFont(font, small * 0.85)
        c.drawCentredString(x + w - pad - 4.25 * mm, top - name_size + 0.3, "扶贫认证")
        c.setFillColor(colors.black)
    price_size = 15.0 if w > 60 * mm else 12.0 if w > 45 * mm else 10.0
    c.setFont(font, price_size)
    c.drawString(x + pad, top - name_size - price_size - 1.5 * mm, item.price)
    if item.second_price or item.detail:
        c.setFont(font, small)
        c.drawRightString(x + w - pad, top - name_size - price_size - 1.5 * mm, item.detail or item.second_price)
    bar_h = h * 0.33
    _bars(c, x + pad, y + pad + small + 0.8 * mm, item.code, w - 2 * pad, bar_h)
    c.setFont(font, small)
    c.drawCentredString(x + w / 2, y + pad, item.code)


def label_sheet_pdf(items: list[LabelItem], layout: str = "a4-3x8") -> bytes:
    if layout not in LAYOUTS:
        raise ValueError(f"layout must be one of {', '.join(LAYOUTS)}")
    page, ncols, nrows, left, top, w, h = LAYOUTS[layout]
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=page)
    c.setTitle("价签")
    per_page = ncols * nrows
    for i, item in enumerate(items):
        if i and i % per_page == 0:
            c.showPage()
        k = i % per_page
        col, row = k % ncols, k // ncols
        x = left + col * w
        y = page[1] - top - (row + 1) * h
        if layout.startswith("a4"):
            c.setStrokeColor(colors.HexColor("#d0d8d2"))
            c.setLineWidth(0.3)
            c.rect(x, y, w, h, stroke=1, fill=0)
        _label(c, item, x, y, w, h)
    c.showPage()
    c.save()
    return buf.getvalue()
