"""The daily report (日报 / Z): totals, tenders, categories, certified products, households, voids,
cash per shift, and charts of sales by hour and by tender."""

from __future__ import annotations

from typing import Any

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.piecharts import Pie
from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer

from pos_app.domain.clock import format_local
from pos_app.domain.money import format_fen
from pos_app.reports.fonts import register_fonts
from pos_app.reports.margins import margin_table, zero_profit_block
from pos_app.reports.styles import GREEN, build, cols, frame_width, styles, table
from pos_app.services.deliveries.board import DeliverySummary
from pos_app.services.reports import DailyReport, ShiftRow

PALETTE = [colors.HexColor(c) for c in ("#2e7d4f", "#e0a100", "#3b78b5", "#c2553a", "#7b5ea7", "#5d6b62", "#9fb3a5")]


def _hours_chart(r: DailyReport) -> Drawing:
    font = register_fonts()
    d = Drawing(frame_width(), 55 * mm)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 12 * mm, 8 * mm, frame_width() - 16 * mm, 40 * mm
    chart.data = [[v / 100 for v in r.by_hour]]
    chart.categoryAxis.categoryNames = [str(h) for h in range(24)]
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 7
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    chart.bars[0].fillColor = GREEN
    chart.bars[0].strokeColor = None
    d.add(chart)
    d.add(String(12 * mm, 51 * mm, "按小时销售额（元）", fontName=font, fontSize=9))
    return d


def _tender_chart(r: DailyReport) -> Drawing:
    font = register_fonts()
    d = Drawing(frame_width(), 50 * mm)
    taken = [(name, t) for name, t, _ in r.tenders if t > 0]
    if not taken:
        d.add(String(0, 20 * mm, "当日无收款", fontName=font, fontSize=9))
        return d
    pie = Pie()
    pie.x, pie.y, pie.width, pie.height = 20 * mm, 4 * mm, 40 * mm, 40 * mm
    pie.data = [t for _, t in taken]
    pie.labels = None
    pie.slices.strokeColor = colors.white
    for i in range(len(taken)):
        pie.slices[i].fillColor = PALETTE[i % len(PALETTE)]
    d.add(pie)
    total = sum(t for _, t in taken)
    for i, (name, t) in enumerate(taken):
        y = 40 * mm - i * 6 * mm
        d.add(Rect(75 * mm, y, 4 * mm, 4 * mm, fillColor=PALETTE[i % len(PALETTE)], strokeColor=None))
        d.add(
            String(81 * mm, y + 0.5 * mm, f"{name}  {format_fen(t)}  {t * 100 / total:.1f}%", fontName=font, fontSize=9)
        )
    d.add(String(0, 46 * mm, "收款方式构成", fontName=font, fontSize=9))
    return d


def _delivery_detail(d: DeliverySummary | None) -> list[Any]:
    if d is None or not d.orders:
        return []
    st = styles()
    return [
        Spacer(1, 2 * mm),
        Paragraph(
            f"送货上门中扶贫认证产品 {format_fen(d.certified_fen)}，占 {d.certified_share * 100:.1f}%。", st["body"]
        ),
        table(
            [["志愿者", "订单", "已送达", "收款"]]
            + [[v, str(n), str(done), format_fen(a)] for v, n, done, a in d.by_volunteer],
            cols(2, 1, 1, 1),
            align_right=(1, 2, 3),
        ),
    ]


def _shift_span(x: ShiftRow) -> str:
    end = format_local(x.closed_at, "%H:%M") if x.closed_at else "未交班"
    return f"{format_local(x.opened_at, '%H:%M')}–{end}"


def daily_pdf(r: DailyReport, deliveries: DeliverySummary | None = None) -> bytes:
    st = styles()
    story: list[Any] = [
        Paragraph(f"{r.station_name} 营业日报", st["title"]),
        Paragraph(
            f"门店 {r.station_code}　日期 {r.day.isoformat()}　打印人 {r.printed_by or '—'}　"
            f"打印时间 {format_local(r.printed_at, '%Y-%m-%d %H:%M')}",
            st["small"],
        ),
        Paragraph("一、营业汇总", st["h2"]),
        table(
            [
                ["销售笔数", "商品金额", "优惠", "抹零", "实收销售", "退货笔数", "退款", "净额"],
                [
                    str(r.sales_count),
                    format_fen(r.gross_fen),
                    format_fen(-r.discount_fen),
                    format_fen(r.rounding_fen),
                    format_fen(r.sales_fen),
                    str(r.refunds_count),
                    format_fen(-r.refunds_fen),
                    format_fen(r.net_fen),
                ],
            ],
            cols(*[1] * 8),
            align_right=tuple(range(8)),
        ),
        Paragraph("二、收款方式", st["h2"]),
        table(
            [["收款方式", "收款", "退款", "净额"]]
            + [[n, format_fen(t), format_fen(-b), format_fen(t - b)] for n, t, b in r.tenders]
            + [
                [
                    "合计",
                    format_fen(sum(t for _, t, _ in r.tenders)),
                    format_fen(-sum(b for _, _, b in r.tenders)),
                    format_fen(sum(t - b for _, t, b in r.tenders)),
                ]
            ],
            cols(60, 40, 40, 40),
            total_row=True,
            align_right=(1, 2, 3),
        ),
        Spacer(1, 2 * mm),
        _tender_chart(r),
        Paragraph("三、品类销售", st["h2"]),
        table(
            [["品类", "实收", "占比"]]
            + [[c, format_fen(v), f"{v * 100 / r.sales_fen:.1f}%" if r.sales_fen else "—"] for c, v in r.categories],
            cols(80, 50, 50),
            align_right=(1, 2),
        ),
        Spacer(1, 2 * mm),
        *margin_table(r.margins),
        Paragraph("四、扶贫认证产品", st["h2"]),
        Paragraph(
            f"认证产品销售额 {format_fen(r.certified_fen)}，占当日销售 {r.certified_share * 100:.1f}%。", st["body"]
        ),
        table(
            [["商品", "证书编号", "实收"]] + [[n, c, format_fen(v)] for n, c, v in r.certified_top]
            if r.certified_top
            else [["商品", "证书编号", "实收"], ["—", "", ""]],
            cols(80, 60, 40),
            align_right=(2,),
        ),
        Paragraph("五、农户代销（零利润）", st["h2"]),
        Paragraph(f"当日为 {len(r.households)} 户农户增收 {format_fen(r.credited_fen)}（已扣除退货）。", st["body"]),
        table(
            [["农户编码", "户主", "所在村", "计入农户"]]
            + ([[c, h, v, format_fen(a)] for c, h, v, a in r.households] or [["—", "", "", ""]]),
            cols(35, 35, 70, 40),
            align_right=(3,),
        ),
        Spacer(1, 2 * mm),
        *zero_profit_block(r.zero_profit),
        Paragraph("六、删除商品（需主管授权）", st["h2"]),
        table(
            [["小票号", "商品", "金额", "授权人"]]
            + (
                [[v.receipt_no, v.product, format_fen(v.amount_fen), v.approved_by] for v in r.voids]
                or [["—", "", "", ""]]
            ),
            cols(50, 70, 30, 30),
            align_right=(2,),
        ),
        Paragraph("七、班次现金核对", st["h2"]),
        table(
            [["班次", "收银员", "备用金", "现金应有", "现金实点", "差额"]]
            + (
                [
                    [
                        _shift_span(x),
                        x.cashier,
                        format_fen(x.float_fen),
                        format_fen(x.expected_cash_fen) if x.expected_cash_fen is not None else "—",
                        format_fen(x.counted_cash_fen) if x.counted_cash_fen is not None else "—",
                        format_fen(x.difference_fen) if x.difference_fen is not None else "—",
                    ]
                    for x in r.shifts
                ]
                or [["—", "", "", "", "", ""]]
            ),
            cols(36, 30, 28, 30, 30, 26),
            align_right=(2, 3, 4, 5),
        ),
        Paragraph("八、送货上门", st["h2"]),
        table(
            [
                ["订单", "已送达", "服务老人", "货到收款"],
                [str(r.deliveries[0]), str(r.deliveries[1]), str(r.deliveries[2]), format_fen(r.deliveries[3])],
            ],
            cols(1, 1, 1, 1),
            align_right=(0, 1, 2, 3),
        ),
        *_delivery_detail(deliveries),
        Paragraph("九、分时段销售", st["h2"]),
        _hours_chart(r),
    ]
    return build(story, f"营业日报 {r.day.isoformat()}", footer=f"{r.station_name} · 营业日报 {r.day.isoformat()}")
