"""Code 128 drawn as vector bars on a reportlab canvas, from python-barcode's module pattern."""

from __future__ import annotations

from barcode import Code128
from reportlab.pdfgen.canvas import Canvas


def code128_modules(data: str) -> str:
    """The bar pattern, '1' for a dark module, including quiet-zone-free start/stop."""
    return "".join(Code128(data).build())


def draw_code128(c: Canvas, x: float, y: float, data: str, width: float, height: float) -> None:
    modules = code128_modules(data)
    unit = width / len(modules)
    run_start = None
    for i, m in enumerate(modules + "0"):
        if m == "1" and run_start is None:
            run_start = i
        elif m != "1" and run_start is not None:
            c.rect(x + run_start * unit, y, (i - run_start) * unit, height, stroke=0, fill=1)
            run_start = None
