"""Two blocks both the daily and the period report print: the gross margin of the store's own goods
per category, and the zero-profit check (零利润核对) of the households' consigned goods."""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Paragraph

from pos_app.domain.money import format_fen
from pos_app.reports.styles import cols, styles, table
from pos_app.services.reports import CategoryMargin, ZeroProfitCheck


def _percent(permille: int | None) -> str:
    if permille is None:
        return "—"
    sign, n = ("-" if permille < 0 else ""), abs(permille)
    return f"{sign}{n // 10}.{n % 10}%"


def margin_table(margins: tuple[CategoryMargin, ...]) -> list[Any]:
    """品类毛利: sales less refunds, cost at the moving average when sold, margin and its rate."""
    st = styles()
    rows: list[list[str]] = [["品类（自营商品）", "销售额", "成本", "毛利", "毛利率", "未计成本销售"]]
    for m in margins:
        rows.append(
            [
                m.category,
                format_fen(m.sales_fen),
                format_fen(m.cost_fen),
                format_fen(m.margin_fen),
                _percent(m.margin_permille),
                format_fen(m.uncosted_fen) if m.uncosted_fen else "",
            ]
        )
    sales = sum(m.sales_fen for m in margins)
    cost = sum(m.cost_fen for m in margins)
    uncosted = sum(m.uncosted_fen for m in margins)
    total = CategoryMargin("合计", sales, cost, uncosted)
    rows.append(
        [
            "合计",
            format_fen(sales),
            format_fen(cost),
            format_fen(total.margin_fen),
            _percent(total.margin_permille),
            format_fen(uncosted) if uncosted else "",
        ]
    )
    out: list[Any] = [
        table(rows, cols(34, 22, 22, 22, 16, 24), total_row=True, align_right=(1, 2, 3, 4, 5)),
    ]
    if uncosted:
        out.append(Paragraph("“未计成本销售”是从未带进价入库的商品（如期初库存），不计入毛利与毛利率。", st["small"]))
    return out


def zero_profit_block(z: ZeroProfitCheck) -> list[Any]:
    """零利润核对: at the households' prices, what customers paid, what the ledgers were credited."""
    st = styles()
    gap = format_fen(z.credited_fen - z.household_price_fen)
    verdict = (
        "核对相符：农户代销商品按农户价计的每一分钱都已计入农户账户，超市不留利润。"
        if z.holds
        else f"核对不符：农户入账与农户价金额相差 {gap}，请联系区级核查。"
    )
    rows = [
        ["零利润核对", "金额"],
        [f"代销商品销售（{z.lines} 行，按农户价，已扣退货）", format_fen(z.household_price_fen)],
        ["顾客实付（已扣退货）", format_fen(z.paid_fen)],
        ["计入农户账户", format_fen(z.credited_fen)],
        ["超市所得（实付 − 入账；负数为超市承担的优惠与抹零）", format_fen(z.store_fen)],
    ]
    return [
        table(rows, cols(110, 40), align_right=(1,)),
        Paragraph(verdict, st["body"]),
    ]
