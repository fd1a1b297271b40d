"""Reports over a span: the period report with trends, a household's statement, income progress of all
households, growers' demand by week, and institutional buyers' share of poverty-area products."""

from __future__ import annotations

from typing import Any

from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from pos_app.domain.clock import format_local
from pos_app.domain.money import format_fen
from pos_app.domain.money_rules import POLICY_SHARE_PERCENT
from pos_app.reports.fonts import register_fonts
from pos_app.reports.margins import margin_table, zero_profit_block
from pos_app.reports.styles import GREEN, build, cols, frame_width, styles, table
from pos_app.services.households.ledger import HouseholdProgress, HouseholdStatement
from pos_app.services.reports import BuyerShare, DemandRow, PeriodReport

BELOW = colors.HexColor("#fdecea")
KIND_ZH = {"person": "个人", "unit": "单位", "canteen": "食堂", "union": "工会"}


def _trend(r: PeriodReport) -> Drawing:
    font = register_fonts()
    d = Drawing(frame_width(), 60 * mm)
    chart = HorizontalLineChart()
    chart.x, chart.y, chart.width, chart.height = 14 * mm, 10 * mm, frame_width() - 20 * mm, 42 * mm
    chart.data = [[x.net_fen / 100 for x in r.days], [x.certified_fen / 100 for x in r.days]]
    step = max(1, len(r.days) // 10)
    chart.categoryAxis.categoryNames = [x.day.strftime("%m-%d") if i % step == 0 else "" for i, x in enumerate(r.days)]
    for axis in (chart.categoryAxis, chart.valueAxis):
        axis.labels.fontName = font
        axis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    chart.lines[0].strokeColor = GREEN
    chart.lines[0].strokeWidth = 1.5
    chart.lines[1].strokeColor = colors.HexColor("#e0a100")
    chart.lines[1].strokeWidth = 1.5
    d.add(chart)
    d.add(String(14 * mm, 55 * mm, "每日净销售额（绿）与扶贫认证产品销售额（黄），元", fontName=font, fontSize=9))
    return d


def period_pdf(r: PeriodReport) -> bytes:
    st = styles()
    share = r.certified_fen * 100 / r.sales_fen if r.sales_fen else 0.0
    story: list[Any] = [
        Paragraph(f"{r.station_name} 期间报表", st["title"]),
        Paragraph(
            f"{r.date_from.isoformat()} 至 {r.date_to.isoformat()}　"
            f"打印时间 {format_local(r.printed_at, '%Y-%m-%d %H:%M')}",
            st["small"],
        ),
        Paragraph("一、汇总", st["h2"]),
        table(
            [
                ["销售", "退款", "净额", "扶贫认证产品", "认证占比", "农户增收"],
                [
                    format_fen(r.sales_fen),
                    format_fen(-r.refunds_fen),
                    format_fen(r.sales_fen - r.refunds_fen),
                    format_fen(r.certified_fen),
                    f"{share:.1f}%",
                    format_fen(r.credited_fen),
                ],
            ],
            cols(1, 1, 1, 1, 1, 1),
            align_right=tuple(range(6)),
        ),
        Paragraph("二、趋势", st["h2"]),
        _trend(r),
        Paragraph("三、每日明细", st["h2"]),
        table(
            [["日期", "笔数", "销售", "退款", "净额", "认证产品", "认证占比", "农户增收"]]
            + [
                [
                    x.day.isoformat(),
                    str(x.sales_count),
                    format_fen(x.sales_fen),
                    format_fen(-x.refunds_fen),
                    format_fen(x.net_fen),
                    format_fen(x.certified_fen),
                    f"{x.certified_share * 100:.1f}%",
                    format_fen(x.credited_fen),
                ]
                for x in r.days
            ],
            cols(1.3, 0.7, 1.1, 1, 1.1, 1.1, 0.9, 1),
            align_right=tuple(range(1, 8)),
        ),
        Paragraph("四、收款方式与品类", st["h2"]),
        table(
            [["收款方式", "收款", "退款", "净额"]]
            + [[n, format_fen(t), format_fen(-b), format_fen(t - b)] for n, t, b in r.tenders]
            + [["合计", format_fen(r.sales_fen), format_fen(-r.refunds_fen), format_fen(r.sales_fen - r.refunds_fen)]],
            cols(2, 1, 1, 1),
            total_row=True,
            align_right=(1, 2, 3),
        ),
        Spacer(1, 2 * mm),
        table(
            [["品类", "实收", "占比"]]
            + [[c, format_fen(v), f"{v * 100 / r.sales_fen:.1f}%" if r.sales_fen else "—"] for c, v in r.categories],
            cols(2, 1, 1),
            align_right=(1, 2),
        ),
        Spacer(1, 2 * mm),
        *margin_table(r.margins),
        Paragraph("五、畅销商品", st["h2"]),
        table(
            [["商品", "实收"]] + ([[n, format_fen(v)] for n, v in r.top_products] or [["—", ""]]),
            cols(3, 1),
            align_right=(1,),
        ),
        Paragraph("六、农户增收（期间内）", st["h2"]),
        table(
            [["编码", "户主", "所在村", "增收"]]
            + ([[c, h, v, format_fen(a)] for c, h, v, a in r.households] or [["—", "", "", ""]]),
            cols(1, 1, 2, 1),
            align_right=(3,),
        ),
        Spacer(1, 2 * mm),
        *zero_profit_block(r.zero_profit),
    ]
    return build(story, "期间报表", footer=f"{r.station_name} · 期间报表 {r.date_from}–{r.date_to}")


def household_statement_pdf(r: HouseholdStatement) -> bytes:
    st = styles()
    h = r.household
    kinds = {"credit": "", "debit": "（退货）", "payout": "结算支付"}
    rows = [["日期", "单据", "商品", "数量", "金额"]] + [
        [
            format_local(li.at, "%Y-%m-%d"),
            li.document,
            (li.product or "") + kinds[li.kind],
            li.quantity,
            format_fen(li.amount_fen),
        ]
        for li in r.lines
    ]
    story: list[Any] = [
        Paragraph(f"{r.station_name} 农户年度对账单", st["title"]),
        Paragraph(f"{h.head_name}（{h.code}）　{h.village}　{h.category_name}　{r.year} 年", st["body"]),
        Spacer(1, 2 * mm),
        table(
            [
                ["本年增收", "增收目标", "完成进度", "待结算余额"],
                [format_fen(r.income_fen), format_fen(r.target_fen), f"{r.percent}%", format_fen(r.balance_fen)],
            ],
            cols(1, 1, 1, 1),
            align_right=(0, 1, 2, 3),
        ),
        Paragraph("明细" if r.every_till else "明细（未能连接区级服务器：仅含本收银机记录，以区级对账为准）", st["h2"]),
        table(rows if len(rows) > 1 else [*rows, ["—", "", "", "", ""]], cols(1, 1.6, 2.4, 0.9, 1), align_right=(3, 4)),
        Spacer(1, 10 * mm),
        Paragraph("农户签字：____________　　　　　站点签章：____________", st["body"]),
    ]
    return build(story, f"农户对账单 {h.code} {r.year}", footer=f"{r.station_name} · {h.code} · {r.year}")


def income_progress_pdf(rows: list[HouseholdProgress], year: int, station_name: str) -> bytes:
    st = styles()
    data = [["编码", "户主", "所在村", "类别", "本年增收", "目标", "进度"]] + [
        [
            p.household.code,
            p.household.head_name,
            p.household.village,
            p.household.category_name,
            format_fen(p.income_fen),
            format_fen(p.target_fen),
            f"{p.percent}%",
        ]
        for p in rows
    ]
    t = table(data, cols(1, 1, 1.8, 1.6, 1.1, 1.1, 0.8), align_right=(4, 5, 6))
    t.setStyle(
        TableStyle([("BACKGROUND", (0, i + 1), (-1, i + 1), BELOW) for i, p in enumerate(rows) if p.below_target])
    )
    below = sum(1 for p in rows if p.below_target)
    story: list[Any] = [
        Paragraph(f"{station_name} {year} 年农户增收进度", st["title"]),
        Paragraph(f"共 {len(rows)} 户，{below} 户未达目标（红底），按进度从低到高排列。", st["body"]),
        Spacer(1, 3 * mm),
        t,
    ]
    return build(story, f"增收进度 {year}", footer=f"{station_name} · 增收进度 {year}")


def demand_pdf(rows: list[DemandRow], title_span: str, station_name: str) -> bytes:
    st = styles()
    story: list[Any] = [
        Paragraph(f"{station_name} 订单种植需求（按周）", st["title"]),
        Paragraph(f"{title_span}　称重商品按千克计，供合作社安排种植。", st["small"]),
        Spacer(1, 3 * mm),
        table(
            [["周", "品种", "数量", "金额"]]
            + ([[r.week, r.product, r.quantity, format_fen(r.amount_fen)] for r in rows] or [["—", "", "", ""]]),
            cols(1, 3, 1.2, 1),
            align_right=(2, 3),
        ),
    ]
    return build(story, "订单种植需求", footer=f"{station_name} · {title_span}")


BUYER_KINDS = {"person": "个人", "unit": "单位", "canteen": "食堂", "union": "工会"}  # as the buyers tab says them


def institutional_pdf(rows: list[BuyerShare], title_span: str, station_name: str) -> bytes:
    st = styles()
    data = [["单位", "类型", "采购额", "扶贫产品", "占比", "是否达标（≥30%）"]] + [
        [
            b.buyer,
            BUYER_KINDS.get(b.kind, b.kind),
            format_fen(b.purchases_fen),
            format_fen(b.poverty_fen),
            f"{b.percent}%",
            "达标" if b.meets_policy else "未达标",
        ]
        for b in rows
    ]
    t: Table = table(
        data if rows else [*data, ["—", "", "", "", "", ""]], cols(2.4, 0.9, 1.1, 1.1, 0.8, 1.2), align_right=(2, 3, 4)
    )
    t.setStyle(
        TableStyle([("BACKGROUND", (0, i + 1), (-1, i + 1), BELOW) for i, b in enumerate(rows) if not b.meets_policy])
    )
    story: list[Any] = [
        Paragraph(f"{station_name} 预算单位消费帮扶采购占比", st["title"]),
        Paragraph(
            f"{title_span}　扶贫产品 = 扶贫认证产品 + 农户代销产品；政策要求占比不低于 {POLICY_SHARE_PERCENT}%。",
            st["small"],
        ),
        Spacer(1, 3 * mm),
        t,
    ]
    return build(story, "单位采购占比", footer=f"{station_name} · {title_span}")
