"""Sale receipts: one document model, rendered as a PDF (58 or 80 mm) or as ESC/POS text columns."""

from __future__ import annotations

import io
import unicodedata
from dataclasses import dataclass
from datetime import datetime

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from pos_app.domain.clock import format_local
from pos_app.domain.money import format_fen, quantity_text, shelf_price
from pos_app.reports.barcodes import draw_code128
from pos_app.reports.fonts import register_fonts, text_width
from pos_app.services.checkout import CompletedSale, ReceiptLine

WIDTHS_MM = (58, 80)


@dataclass(frozen=True)
class Row:
    left: str
    right: str = ""
    size: float = 1.0  # relative to the body size
    center: bool = False
    rule: bool = False


def _qty(line: ReceiptLine) -> str:
    price = shelf_price(line.unit_price_fen, line.unit_label, line.sold_by_weight)
    if line.sold_by_weight and line.weight_g is not None:
        return f"{quantity_text(line.weight_g, True, line.unit_label)} × {price}"
    return f"{line.qty}{line.unit_label} × {price}"


def receipt_rows(sale: CompletedSale) -> list[Row]:
    """Everything a receipt says, in order. Labels are Chinese: receipts go to customers."""
    rows = [
        Row(sale.station_name, size=1.4, center=True),
        Row("销售小票", center=True),
        Row(f"小票号：{sale.receipt_no}"),
        Row(f"收银员：{sale.cashier_name}"),
        Row(f"时间：{format_local(sale.completed_at)}"),
        Row("", rule=True),
    ]
    for line in sale.lines:
        rows.append(Row(line.name))
        rows.append(Row("  " + _qty(line), format_fen(line.gross_fen)))
        if line.discount_fen:
            rows.append(Row("  优惠", "-" + format_fen(line.discount_fen)))
        if line.certified:
            rows.append(Row(f"  【扶贫认证】{line.certificate_no or ''}".rstrip()))
        if line.pass_through:
            rows.append(Row(f"  【农户代销】{line.household_label or ''}".rstrip()))
    rows.append(Row("", rule=True))
    rows.append(Row(f"件数 {sale.item_count}", f"小计 {format_fen(sale.subtotal_fen)}"))
    if sale.discount_fen:
        rows.append(Row("优惠", "-" + format_fen(sale.discount_fen)))
    if sale.rounding_fen:
        rows.append(Row("抹零", format_fen(sale.rounding_fen)))
    rows.append(Row("应付", format_fen(sale.total_fen), size=1.3))
    certified = sum(li.net_fen for li in sale.lines if li.certified)
    if certified:
        rows.append(Row("其中扶贫认证产品", format_fen(certified)))
    for p in sale.payments:
        label = p.tender_name + (f" {p.masked_code}" if p.masked_code else "")
        rows.append(Row(label, format_fen(p.tendered_fen)))
        if p.reference:
            rows.append(Row(f"  流水号 {p.reference}"))
    rows.append(Row("找零", format_fen(sale.change_fen), size=1.3 if sale.change_fen else 1.0))
    households = {li.household_label for li in sale.lines if li.pass_through}
    sent = sum(li.gross_fen for li in sale.lines if li.pass_through)
    rows.append(Row("", rule=True))
    if sent:
        rows.append(Row(f"本次购物为 {len(households)} 户农户增收 {format_fen(sent)}", center=True))
    rows.append(Row("感谢您支持消费帮扶！", center=True))
    return rows


def render_pdf(sale: CompletedSale, width_mm: int = 80) -> bytes:
    return rows_pdf(receipt_rows(sale), width_mm, f"小票 {sale.receipt_no}", barcode=sale.receipt_no)


def rows_pdf(rows: list[Row], width_mm: int, title: str, barcode: str | None = None) -> bytes:
    """Lay rows out on a roll of ``width_mm`` paper, as tall as they need, with an optional Code 128."""
    if width_mm not in WIDTHS_MM:
        raise ValueError(f"receipt width must be one of {WIDTHS_MM} mm")
    font = register_fonts()
    body = 8.0 if width_mm == 80 else 7.0
    margin = 3 * mm
    width = width_mm * mm
    inner = width - 2 * margin
    laid: list[tuple[Row, list[str]]] = []
    height = margin * 2 + (17 * mm if barcode else 0)
    for row in rows:
        size = body * row.size
        room = inner - (text_width(row.right, size) + 2 * mm if row.right else 0)
        parts = _wrap(row.left, size, room) if row.left else [""]
        laid.append((row, parts))
        height += len(parts) * size * 1.35 + (2 * mm if row.rule else 0)
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=(width, height))
    c.setTitle(title)
    y = height - margin
    for row, parts in laid:
        size = body * row.size
        if row.rule:
            y -= 1 * mm
            c.setDash(1, 2)
            c.line(margin, y, width - margin, y)
            c.setDash()
            y -= 1 * mm
            continue
        c.setFont(font, size)
        for i, part in enumerate(parts):
            y -= size * 1.35
            if row.center:
                c.drawCentredString(width / 2, y, part)
            else:
                c.drawString(margin, y, part)
            if row.right and i == len(parts) - 1:
                c.drawRightString(width - margin, y, row.right)
    if barcode:
        y -= 13 * mm
        draw_code128(c, margin + 2 * mm, y, barcode, inner - 4 * mm, 11 * mm)
        c.setFont(font, body * 0.9)
        c.drawCentredString(width / 2, y - body * 1.2, barcode)
    c.showPage()
    c.save()
    return buf.getvalue()


def _wrap(text: str, size: float, room: float) -> list[str]:
    out, cur = [], ""
    for ch in text:
        if cur and text_width(cur + ch, size) > room:
            out.append(cur)
            cur = "  " + ch if text.startswith("  ") else ch
        else:
            cur += ch
    out.append(cur)
    return out


def display_width(text: str) -> int:
    """Columns on a fixed-pitch receipt printer: CJK and full-width characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _fit(text: str, cols: int) -> list[str]:
    out, cur = [], ""
    for ch in text:
        if display_width(cur + ch) > cols:
            out.append(cur)
            cur = ch
        else:
            cur += ch
    out.append(cur)
    return out


def text_lines(sale: CompletedSale, cols: int = 48) -> list[str]:
    """The receipt as fixed-pitch lines (48 columns on 80 mm paper, 32 on 58 mm)."""
    out: list[str] = []
    for row in receipt_rows(sale):
        if row.rule:
            out.append("-" * cols)
            continue
        if row.center:
            for part in _fit(row.left, cols):
                pad = (cols - display_width(part)) // 2
                out.append(" " * pad + part)
            continue
        parts = _fit(row.left, cols)
        if row.right:
            last = parts[-1]
            gap = cols - display_width(last) - display_width(row.right)
            if gap >= 1:
                parts[-1] = last + " " * gap + row.right
            else:
                parts.append(" " * (cols - display_width(row.right)) + row.right)
        out.extend(parts)
    return out


def sample_sale(at: datetime) -> CompletedSale:
    """A representative sale for previews and printer tests."""
    from pos_app.services.checkout import ReceiptPayment

    lines = (
        ReceiptLine(1, "赤峰小米 500g", "袋", False, 2, None, 890, 1780, 0, 1780, True, "FP-2026-0012", False, None),
        ReceiptLine(2, "内蒙古西红柿", "斤", True, 1, 1250, 560, 700, 0, 700, False, None, False, None),
        ReceiptLine(3, "农家土鸡蛋", "盒", False, 1, None, 3000, 3000, 0, 3000, False, None, True, "双城区幸福村"),
    )
    return CompletedSale(
        id="sample",
        receipt_no="DEMO-01-000001",
        station_name="通州社区扶贫超市",
        cashier_id="u",
        cashier_name="王收银",
        completed_at=at,
        lines=lines,
        item_count=4,
        subtotal_fen=5480,
        discount_fen=0,
        rounding_fen=-80,
        total_fen=5400,
        change_fen=4600,
        payments=(ReceiptPayment("cash", "现金", 5400, 10000, 4600, None, None),),
    )
