"""The shift's Z (close) or X (interim) summary on receipt paper."""

from __future__ import annotations

from datetime import datetime

from pos_app.domain.clock import format_local
from pos_app.domain.money import format_fen
from pos_app.reports.receipt import Row, rows_pdf
from pos_app.services.shifts import ShiftFigures


def shift_rows(f: ShiftFigures, station_name: str, terminal: str, printed_by: str, at: datetime) -> list[Row]:
    closed = f.shift.closed_at is not None
    rows = [
        Row(station_name, size=1.3, center=True),
        Row("交班报表（Z）" if closed else "班次报表（X）", center=True),
        Row(f"终端：{terminal}"),
        Row(f"开班：{format_local(f.shift.opened_at)}"),
        Row(f"交班：{format_local(f.shift.closed_at)}" if f.shift.closed_at else "交班：未交班"),
        Row(f"打印：{printed_by} {format_local(at)}"),
        Row("", rule=True),
        Row(f"销售 {f.sales_count} 笔", format_fen(f.sales_fen)),
        Row(f"退货 {f.refunds_count} 笔", "-" + format_fen(f.refunds_fen)),
        Row("优惠", format_fen(f.discount_fen)),
        Row("抹零", format_fen(f.rounding_fen)),
        Row("净额", format_fen(f.net_fen), size=1.2),
        Row("", rule=True),
        Row("备用金", format_fen(f.shift.float_fen)),
    ]
    for t in f.tenders:
        if not (t.sales_fen or t.refunds_fen or t.expected_fen or t.counted_fen):
            continue  # a tender nobody used this shift prints no row of zeros
        rows.append(Row(t.tender_name))
        rows.append(Row("  收款 / 退款", f"{format_fen(t.sales_fen)} / {format_fen(t.refunds_fen)}"))
        rows.append(Row("  应有", format_fen(t.expected_fen)))
        if t.counted_fen is not None:
            rows.append(Row("  实点", format_fen(t.counted_fen)))
            diff = t.difference_fen or 0
            rows.append(Row("  差额", ("+" if diff > 0 else "") + format_fen(diff)))
    rows.append(Row("", rule=True))
    rows.append(Row("收银员签字：________", ""))
    return rows


def render_shift_pdf(
    f: ShiftFigures, station_name: str, terminal: str, printed_by: str, at: datetime, width_mm: int = 80
) -> bytes:
    return rows_pdf(shift_rows(f, station_name, terminal, printed_by, at), width_mm, "交班报表")
