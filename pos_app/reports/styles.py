"""Page documents (A4/A5) with the bundled CJK font: paragraph styles, tables, page numbers."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

from pos_app.reports.fonts import register_fonts

GREEN = colors.HexColor("#1b5e3a")


def styles() -> dict[str, ParagraphStyle]:
    font = register_fonts()
    base = ParagraphStyle("base", fontName=font, fontSize=10, leading=14, wordWrap="CJK")
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8.5, leading=12, textColor=colors.HexColor("#444444")),
        "title": ParagraphStyle("title", parent=base, fontSize=17, leading=24, alignment=1, textColor=GREEN),
        "h2": ParagraphStyle(
            "h2", parent=base, fontSize=12.5, leading=18, spaceBefore=8, spaceAfter=4, textColor=GREEN
        ),
        "cell": ParagraphStyle("cell", parent=base, fontSize=9, leading=12),
        "right": ParagraphStyle("right", parent=base, fontSize=9, leading=12, alignment=2),
    }


def table(
    rows: Sequence[Sequence[Any]],
    widths: Sequence[float],
    *,
    header: bool = True,
    total_row: bool = False,
    align_right: Sequence[int] = (),
) -> Table:
    st = styles()
    body = [
        [
            c if not isinstance(c, str) else Paragraph(c, st["right"] if j in align_right else st["cell"])
            for j, c in enumerate(r)
        ]
        for r in rows
    ]
    t = Table(body, colWidths=list(widths), repeatRows=1 if header else 0)
    commands: list[tuple[Any, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), register_fonts()),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#9fb3a5")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eee9")))
    if total_row:
        commands.append(("BACKGROUND", (0, -1), (-1, -1), colors.HexColor("#f4f6f3")))
    t.setStyle(TableStyle(commands))
    return t


def build(story: list[Any], title: str, pagesize: tuple[float, float] = A4, footer: str = "") -> bytes:
    """A document with "page N of M" and a footer line on every page."""
    font = register_fonts()
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=pagesize,
        title=title,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=14 * mm,
        bottomMargin=16 * mm,
    )

    class _Total:
        pages = 0

    def count(canvas: Any, _doc: Any) -> None:
        _Total.pages = max(_Total.pages, canvas.getPageNumber())

    def number(canvas: Any, _doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(font, 8)
        canvas.drawString(15 * mm, 9 * mm, footer)
        canvas.drawRightString(pagesize[0] - 15 * mm, 9 * mm, f"第 {canvas.getPageNumber()} 页 / 共 {_Total.pages} 页")
        canvas.restoreState()

    # Two passes: the first counts the pages so that every page can say "of M".
    doc.build(list(story), onFirstPage=count, onLaterPages=count)
    buf.seek(0)
    buf.truncate()
    doc = SimpleDocTemplate(
        buf,
        pagesize=pagesize,
        title=title,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=14 * mm,
        bottomMargin=16 * mm,
    )
    doc.build(list(story), onFirstPage=number, onLaterPages=number)
    return buf.getvalue()
