"""The district report (区级汇总): every station and the total, households and canteens."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, TableStyle

from pos_app.contract.protocol import DistrictFigures, VarietyWeek
from pos_app.domain.clock import format_local
from pos_app.domain.money import format_fen, sold_text
from pos_app.domain.money_rules import share_percent
from pos_app.reports.fonts import register_fonts
from pos_app.reports.styles import GREEN, build, cols, frame_width, styles, table

BELOW = colors.HexColor("#fdecea")
AMBER = colors.HexColor("#e0a100")


def _stations_chart(f: DistrictFigures) -> Drawing:
    """Net sales (green) and certified-product sales (amber) per station, in yuan."""
    font = register_fonts()
    n = max(1, len(f.stations))
    height = min(110, 14 + 9 * n) * mm
    d = Drawing(frame_width(), height)
    chart = HorizontalBarChart()
    chart.x, chart.y = 38 * mm, 6 * mm
    chart.width, chart.height = frame_width() - 46 * mm, height - 16 * mm
    chart.data = [[s.net_fen / 100 for s in f.stations] or [0], [s.certified_fen / 100 for s in f.stations] or [0]]
    chart.categoryAxis.categoryNames = [s.name[:12] for s in f.stations] or ["—"]
    for axis in (chart.categoryAxis, chart.valueAxis):
        axis.labels.fontName = font
        axis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    chart.bars[0].fillColor = GREEN
    chart.bars[1].fillColor = AMBER
    d.add(chart)
    d.add(String(0, height - 6 * mm, "各站点净销售额（绿）与扶贫认证产品销售额（黄），元", fontName=font, fontSize=9))
    return d


@dataclass(frozen=True)
class DemandRow:
    variety: str
    households: bool  # a household's consigned goods (else a certified product)
    weeks: list[str]  # what sold each week, as text, in the order of the table's weeks
    sales_fen: int  # over every week shown


def demand_table(weeks: list[date], demand: list[VarietyWeek]) -> list[DemandRow]:
    """The growers' demand as people read it: a row a variety, a column each of ``weeks`` (Mondays),
    most sold first. The web page and the PDF show this same table."""
    per: dict[tuple[str, bool], dict[date, VarietyWeek]] = {}
    for d in demand:
        per.setdefault((d.variety, d.households), {})[d.week] = d
    rows = [
        DemandRow(
            name,
            mine,
            [sold_text(w.qty, w.weight_g) if (w := sold.get(week)) else "—" for week in weeks],
            sum(w.sales_fen for w in sold.values()),
        )
        for (name, mine), sold in per.items()
    ]
    return sorted(rows, key=lambda r: (-r.sales_fen, r.variety))


def district_pdf(f: DistrictFigures) -> bytes:
    st = styles()
    span = f"{f.date_from or '开始'} 至 {f.date_to or '今日'}" if (f.date_from or f.date_to) else "全部历史"
    t = f.total
    share = share_percent(t.certified_fen, t.sales_fen)  # both before refunds
    below = [h for h in f.households if h.percent < 100]
    weeks = f.demand_weeks
    demand = demand_table(weeks, f.demand)
    last_day = (weeks[-1] + timedelta(days=6)).isoformat() if weeks else "—"
    households = table(
        [["编码", "户主", "所在村", "期间增收", f"{f.target_year}年收入", "目标", "进度", "已结算"]]
        + [
            [
                h.code,
                h.head_name,
                h.village,
                format_fen(h.credited_fen),
                format_fen(h.year_income_fen),
                format_fen(h.target_fen),
                f"{h.percent}%",
                format_fen(h.paid_out_fen),
            ]
            for h in f.households
        ]
        or [["—"] + [""] * 7],
        cols(0.9, 1.1, 1.4, 1, 1, 0.9, 0.6, 0.9),
        align_right=(3, 4, 5, 6, 7),
    )
    marks: list[tuple[Any, ...]] = [
        ("BACKGROUND", (0, i), (-1, i), BELOW) for i, h in enumerate(f.households, start=1) if h.percent < 100
    ]
    households.setStyle(TableStyle(marks))
    story: list[Any] = [
        Paragraph("区级消费帮扶汇总报表", st["title"]),
        Paragraph(f"{span}　生成时间 {format_local(f.generated_at, '%Y-%m-%d %H:%M')}", st["small"]),
        Paragraph("一、全区汇总", st["h2"]),
        table(
            [
                ["销售笔数", "净销售额", "扶贫认证产品", "认证占比", "农户增收", "受益农户", "迟到销售"],
                [
                    str(t.sales_count),
                    format_fen(t.net_fen),
                    format_fen(t.certified_fen),
                    f"{share}%",
                    format_fen(t.credited_fen),
                    f"{t.households_helped} 户",
                    str(t.late_sales),
                ],
            ],
            cols(1, 1.2, 1.2, 0.8, 1.1, 0.9, 0.8),
            align_right=tuple(range(7)),
        ),
        Paragraph("二、各站点", st["h2"]),
        _stations_chart(f),
        table(
            [["站点", "笔数", "销售", "退款", "净额", "认证产品", "农户增收", "受益户"]]
            + [
                [
                    f"{s.code} {s.name}",
                    str(s.sales_count),
                    format_fen(s.sales_fen),
                    format_fen(-s.refunds_fen),
                    format_fen(s.net_fen),
                    format_fen(s.certified_fen),
                    format_fen(s.credited_fen),
                    str(s.households_helped),
                ]
                for s in f.stations
            ]
            + [
                [
                    "合计",
                    str(t.sales_count),
                    format_fen(t.sales_fen),
                    format_fen(-t.refunds_fen),
                    format_fen(t.net_fen),
                    format_fen(t.certified_fen),
                    format_fen(t.credited_fen),
                    str(t.households_helped),
                ]
            ],
            cols(2.1, 0.6, 1, 0.9, 1, 1, 1, 0.7),
            total_row=True,
            align_right=tuple(range(1, 8)),
        ),
        Paragraph(
            f"三、农户增收与目标进度（{len(f.households)} 户，其中 {len(below)} 户未达年度目标，标红）", st["h2"]
        ),
        households,
        Paragraph("四、单位采购（食堂、工会）扶贫产品占比（政策要求不低于 30%）", st["h2"]),
        table(
            [["采购单位", "采购额", "扶贫产品", "占比", "是否达标"]]
            + (
                [
                    [
                        b.name,
                        format_fen(b.total_fen),
                        format_fen(b.poverty_fen),
                        f"{b.percent}%",
                        "达标" if b.meets_policy else "未达标",
                    ]
                    for b in f.buyers
                ]
                or [["—", "", "", "", ""]]
            ),
            cols(2.2, 1, 1, 0.7, 0.8),
            align_right=(1, 2, 3),
        ),
        Paragraph("五、扶贫认定产品销售（全区，按证书与产品，未扣退款；各站点合计见第一部分）", st["h2"]),
        table(
            [["证书编号", "产品", "生产企业/供应商", "数量", "销售额"]]
            + (
                [
                    [c.cert_no, c.product_name, c.supplier_name, sold_text(c.qty, c.weight_g), format_fen(c.sales_fen)]
                    for c in f.certified
                ]
                or [["—", "", "", "", ""]]
            ),
            cols(1.2, 1.4, 1.8, 1, 0.9),
            align_right=(3, 4),
        ),
        Paragraph("按生产企业/供应商", st["small"]),
        table(
            [["生产企业/供应商", "证书数", "销售额"]]
            + (
                [
                    [x.supplier_name or "（证书未在区名录）", str(x.certificates), format_fen(x.sales_fen)]
                    for x in f.suppliers
                ]
                or [["—", "", ""]]
            ),
            cols(3, 0.8, 1),
            align_right=(1, 2),
        ),
        Paragraph(f"六、帮扶农户品种周需求（最近 {len(weeks)} 周，截至 {last_day}，按周一起算）", st["h2"]),
        table(
            [["品种", *[w.strftime("%m-%d") for w in weeks], "金额"]]
            + (
                [
                    [r.variety + ("（农户）" if r.households else "（认定）"), *r.weeks, format_fen(r.sales_fen)]
                    for r in demand
                ]
                or [["—", *["" for _ in weeks], ""]]
            ),
            cols(1.6, *[0.8 for _ in weeks], 0.9),
            align_right=tuple(range(1, len(weeks) + 2)),
        ),
        Paragraph("七、各站点库存（按区级账：各收银台已上传的进货、代销入库、销售、退货、盘点与报损）", st["h2"]),
        table(
            [["站点", "在库商品（种）", "其中农户代销（种）", "负库存商品（种）"]]
            + [
                [f"{x.code} {x.name}", str(x.products_in_stock), str(x.consigned_in_stock), str(x.negative)]
                for x in f.stock
            ],
            cols(2.2, 1, 1, 1),
            align_right=(1, 2, 3),
        ),
        Paragraph("负库存说明售出多于已入库或已盘点的数量：请该站点补录进货或盘点。", st["small"]),
    ]
    return build(story, "区级汇总报表", footer=f"区级消费帮扶汇总 · {span}")


def household_statement_pdf(
    head: tuple[str, str, str, str],
    year: int,
    figures: tuple[int, int, int, int, int],
    lines: list[tuple[str, str, str, str, str, int]],
    generated_at: datetime,
) -> bytes:
    """A household's statement as the district holds it (户账单): every credit, debit and payout from
    every station. ``head`` is (code, head name, village, category); ``figures`` (income this year,
    target, percent, balance, paid out); each line (when, station, kind, receipt, goods, fen)."""
    st = styles()
    code, name, village, category = head
    income, target, percent, balance, paid = figures
    story: list[Any] = [
        Paragraph(f"帮扶农户账单：{code} {name}", st["title"]),
        Paragraph(f"{village}　{category}　生成时间 {format_local(generated_at, '%Y-%m-%d %H:%M')}", st["small"]),
        table(
            [
                [f"{year}年收入", "年度目标", "进度", "账户余额", "累计已结算"],
                [format_fen(income), format_fen(target), f"{percent}%", format_fen(balance), format_fen(paid)],
            ],
            cols(1, 1, 0.6, 1, 1),
            align_right=(0, 1, 2, 3, 4),
        ),
        Paragraph("每一笔入账、退货扣回和结算（来自各站点）", st["h2"]),
        table(
            [["时间", "站点", "类型", "小票号", "商品", "金额"]]
            + [[at, station, kind, receipt, goods, format_fen(fen)] for at, station, kind, receipt, goods, fen in lines]
            or [["—", "", "", "", "", ""]],
            cols(1.2, 0.6, 0.8, 1.3, 1.6, 0.8),
            align_right=(5,),
        ),
    ]
    return build(story, f"{code} 账单", footer="扶贫 POS 区级平台")
