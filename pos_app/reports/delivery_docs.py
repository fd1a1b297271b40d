"""Delivery printouts: a pick list per route (grouped by product) and a slip per order with a Code 128
of the order number, which the delivery screen scans to open the order."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from reportlab.lib.pagesizes import A5
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer

from pos_app.domain.delivery import STATE_ZH
from pos_app.domain.money import format_fen, quantity_text, shelf_price
from pos_app.reports.barcodes import draw_code128
from pos_app.reports.styles import build, cols, styles, table
from pos_app.services.deliveries.orders import OrderView

TENDER_ZH = {"cash": "货到付现金", "elder_card": "养老助残卡", "prepaid": "已预付"}


class _Code128(Flowable):  # type: ignore[misc]  # reportlab ships no types
    def __init__(self, data: str, width: float = 70 * mm, height: float = 14 * mm) -> None:
        super().__init__()
        self.data, self.width, self.height = data, width, height

    def draw(self) -> None:
        draw_code128(self.canv, 0, 0, self.data, self.width, self.height)


def _qty(sold_by_weight: bool, q: int, unit: str) -> str:
    return quantity_text(q, sold_by_weight, unit)


def pick_list_pdf(route: str, orders: list[OrderView], station_name: str) -> bytes:
    return pick_lists_pdf({route: orders}, station_name)


def pick_lists_pdf(routes: dict[str, list[OrderView]], station_name: str) -> bytes:
    """One page (or more) per route, each grouped by product for fast picking."""
    story: list[Any] = []
    for i, (route, orders) in enumerate(routes.items()):
        if i:
            story.append(PageBreak())
        story += _pick_story(route, orders, station_name)
    if not story:
        story = [Paragraph("今日没有待配送订单", styles()["body"])]
    return build(story, "配货单", footer=f"{station_name} · 配货单")


def _pick_story(route: str, orders: list[OrderView], station_name: str) -> list[Any]:
    st = styles()
    totals: dict[tuple[str, bool, str], int] = defaultdict(int)
    who: dict[tuple[str, bool, str], list[str]] = defaultdict(list)
    for o in orders:
        for li in o.lines:
            key = (li.name, li.sold_by_weight, li.unit_label)
            totals[key] += li.quantity
            who[key].append(o.order_no[-6:])
    story: list[Any] = [
        Paragraph(f"{station_name} 配货单", st["title"]),
        Paragraph(f"线路：{route}　共 {len(orders)} 单", st["body"]),
        Spacer(1, 3 * mm),
        table(
            [["商品", "合计", "订单", "已配"]]
            + [[name, _qty(w, q, u), "、".join(who[(name, w, u)]), "□"] for (name, w, u), q in sorted(totals.items())],
            cols(2.2, 1, 2.6, 0.5),
            align_right=(1,),
        ),
    ]
    return story


def delivery_slip_pdf(o: OrderView, station_name: str, large: bool = False) -> bytes:
    """The slip the resident keeps; ``large``: the elder-friendly print (body ≥ 18 pt, total ≥ 30 pt)."""
    st = styles(large)
    r = o.resident
    rows = (
        [["商品", "数量", "单价", "金额"]]
        + [
            [
                li.name + ("（缺货调整）" if li.picked is not None and li.picked < li.quantity else ""),
                _qty(li.sold_by_weight, li.delivered_quantity, li.unit_label),
                shelf_price(li.unit_price_fen, li.unit_label, li.sold_by_weight),
                format_fen(li.amount_fen),
            ]
            for li in o.lines
        ]
        + [["", "", "应收", format_fen(o.total_fen)]]
    )
    story: list[Any] = [
        Paragraph(f"{station_name} 送货单（免费送货上门）", st["title"]),
        Paragraph(
            f"订单号：{o.order_no}　送货日期：{o.day.isoformat()} {o.slot}　状态：{STATE_ZH[o.state]}", st["body"]
        ),
        Paragraph(f"收货人：{r.name}　电话：{' / '.join(r.phones)}", st["body"]),
        Paragraph(f"地址：{r.address}", st["body"]),
        Paragraph(f"备注：{r.notes}　{o.notes}".rstrip(), st["small"]),
        Spacer(1, 3 * mm),
        table(rows, cols(2.4, 1, 1, 1, pagesize=A5), total_row=True, align_right=(1, 2, 3), large=large),
        Paragraph(f"应收 {format_fen(o.total_fen)}", st["total"]),
        Spacer(1, 2 * mm),
        Paragraph(
            f"付款方式：{TENDER_ZH.get(o.tender_code, o.tender_code)}　送货志愿者：{o.volunteer or '—'}", st["body"]
        ),
        Spacer(1, 4 * mm),
        _Code128(o.order_no),
        Paragraph(o.order_no, st["small"]),
        Spacer(1, 8 * mm),
        Paragraph("收货人签字：____________　　　　送达时间：____________", st["body"]),
    ]
    return build(story, f"送货单 {o.order_no}", A5, footer=f"{station_name} · {o.order_no}")
