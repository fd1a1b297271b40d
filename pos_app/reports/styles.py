"""Page documents (A4/A5) with the bundled CJK font: paragraph styles, tables, page numbers."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

from pos_app.reports.fonts import register_fonts

GREEN = colors.HexColor("#1b5e3a")
MARGIN = 15 * mm
FRAME_PADDING = 6  # points, each side (reportlab's default frame padding)


def frame_width(pagesize: tuple[float, float] = A4) -> float:
    """The usable width inside the margins: what tables and charts may span."""
    return float(pagesize[0] - 2 * MARGIN - 2 * FRAME_PADDING) - 1  # a point of slack: reportlab compares floats


def cols(*fractions: float, pagesize: tuple[float, float] = A4) -> list[float]:
    """Column widths as fractions of the frame width."""
    total = sum(fractions)
    return [frame_width(pagesize) * f / total for f in fractions]


LARGE_BODY_PT = 18  # elder-friendly (适老化) documents: nothing a resident reads is smaller
LARGE_TOTAL_PT = 30


def styles(large: bool = False) -> dict[str, ParagraphStyle]:
    """The document styles; ``large`` for what an elderly customer reads (body ≥ 18 pt, totals ≥ 30 pt)."""
    font = register_fonts()
    if large:
        base = ParagraphStyle("base", fontName=font, fontSize=20, leading=28, wordWrap="CJK")
        return {
            "body": base,
            "small": ParagraphStyle("small", parent=base, fontSize=LARGE_BODY_PT, leading=25),
            "title": ParagraphStyle("title", parent=base, fontSize=26, leading=34, alignment=1, textColor=GREEN),
            "h2": ParagraphStyle("h2", parent=base, fontSize=22, leading=30, textColor=GREEN, keepWithNext=1),
            "cell": ParagraphStyle("cell", parent=base, fontSize=LARGE_BODY_PT, leading=25),
            "right": ParagraphStyle("right", parent=base, fontSize=LARGE_BODY_PT, leading=25, alignment=2),
            "total": ParagraphStyle("total", parent=base, fontSize=LARGE_TOTAL_PT, leading=40, alignment=2),
        }
    base = ParagraphStyle("base", fontName=font, fontSize=10, leading=14, wordWrap="CJK")
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8.5, leading=12, textColor=colors.HexColor("#444444")),
        "title": ParagraphStyle("title", parent=base, fontSize=17, leading=24, alignment=1, textColor=GREEN),
        "h2": ParagraphStyle(
            "h2", parent=base, fontSize=12.5, leading=18, spaceBefore=8, spaceAfter=4, textColor=GREEN, keepWithNext=1
        ),
        "cell": ParagraphStyle("cell", parent=base, fontSize=9, leading=12),
        "right": ParagraphStyle("right", parent=base, fontSize=9, leading=12, alignment=2),
        "total": ParagraphStyle("total", parent=base, fontSize=14, leading=20, alignment=2),
    }


def table(
    rows: Sequence[Sequence[Any]],
    widths: Sequence[float],
    *,
    header: bool = True,
    total_row: bool = False,
    align_right: Sequence[int] = (),
    large: bool = False,
) -> Table:
    st = styles(large)
    cell = st["cell"]
    font = register_fonts()

    def shown(c: Any, j: int) -> Any:
        """A text that fits its column on one line stays a plain string, drawn by the table in the
        cell style's font, size and leading: laying out a Paragraph (CJK line breaking) for every
        cell made a 40-page district report take three times as long. Anything longer, or with
        markup, is a Paragraph that wraps."""
        if not isinstance(c, str):
            return c
        if "<" not in c and "&" not in c and "\n" not in c and stringWidth(c, font, cell.fontSize) <= widths[j] - 12:
            return c  # 12: the table's default left and right padding
        return Paragraph(c, st["right"] if j in align_right else cell)

    body = [[shown(c, j) for j, c in enumerate(r)] for r in rows]
    t = Table(body, colWidths=list(widths), repeatRows=1 if header else 0)
    commands: list[tuple[Any, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), font),
        ("FONTSIZE", (0, 0), (-1, -1), cell.fontSize),
        ("LEADING", (0, 0), (-1, -1), cell.leading),
        *(("ALIGN", (j, 0), (j, -1), "RIGHT") for j in align_right),
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
    """A document with a footer line and "page N of M" on every page, in one pass: the canvas keeps
    each page's state and writes the numbers when it knows how many pages there are."""
    font = register_fonts()

    class NumberedCanvas(Canvas):  # type: ignore[misc]  # reportlab ships no types
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self.setFont(font, 8)
                self.drawString(MARGIN, 9 * mm, footer)
                self.drawRightString(pagesize[0] - MARGIN, 9 * mm, f"第 {self._pageNumber} 页 / 共 {total} 页")
                super().showPage()
            super().save()

    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=pagesize,
        title=title,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=14 * mm,
        bottomMargin=16 * mm,
    )
    doc.build(story, canvasmaker=NumberedCanvas)
    return buf.getvalue()
