"""Documents a household takes home: the consignment intake slip and the settlement statement."""

from __future__ import annotations

from reportlab.lib.pagesizes import A4, A5
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer

from pos_app.domain.clock import format_local
from pos_app.domain.money import format_fen, quantity_text, shelf_price
from pos_app.reports.styles import build, cols, styles, table
from pos_app.services.households.consignment import IntakeResult
from pos_app.services.households.settlement import Settlement

CATEGORY_NOTE = "零利润代销：按农户定价销售，货款全额计入农户账户，超市不加价、不提成。"


def _quantity(sold_by_weight: bool, quantity: int, unit: str) -> str:
    return quantity_text(quantity, sold_by_weight, unit)


def intake_slip_pdf(r: IntakeResult) -> bytes:
    st = styles()
    h = r.household
    story = [
        Paragraph(f"{r.station_name}", st["title"]),
        Paragraph("农户代销入库单", st["h2"]),
        Paragraph(f"单号：{r.slip_no}　　时间：{format_local(r.at, '%Y-%m-%d %H:%M')}", st["body"]),
        Paragraph(f"农户：{h.head_name}（{h.code}）　{h.village}　{h.category_name}", st["body"]),
        Spacer(1, 4 * mm),
        table(
            [
                ["商品", "数量", "农户定价", "金额"],
                [
                    r.product_name,
                    _quantity(r.sold_by_weight, r.quantity, r.unit_label),
                    shelf_price(r.unit_price_fen, r.unit_label, r.sold_by_weight),
                    format_fen(r.amount_fen),
                ],
            ],
            cols(52, 22, 22, 22, pagesize=A5),
            align_right=(1, 2, 3),
        ),
        Spacer(1, 3 * mm),
        Paragraph(CATEGORY_NOTE, st["small"]),
        Spacer(1, 10 * mm),
        Paragraph(f"经手人：{r.received_by}　　　　　　农户签字：____________", st["body"]),
    ]
    return build(story, f"代销入库单 {r.slip_no}", A5, footer=f"{r.station_name} · {r.slip_no}")


def settlement_pdf(r: Settlement) -> bytes:
    st = styles()
    h = r.household
    rows = [["日期", "单据", "商品", "数量", "金额"]]
    for li in r.lines:
        rows.append(
            [
                format_local(li.at, "%Y-%m-%d"),
                li.document,
                li.product + ("（退货）" if li.kind == "debit" else ""),
                li.quantity,
                format_fen(li.amount_fen),
            ]
        )
    rows.append(["", "", "", "合计", format_fen(r.amount_fen)])
    method = "现金" if r.method == "cash" else f"银行转账（{r.reference}）"
    story = [
        Paragraph(r.station_name, st["title"]),
        Paragraph("农户货款结算单", st["h2"]),
        Paragraph(f"结算单号：{r.statement_no}　　结算时间：{format_local(r.at, '%Y-%m-%d %H:%M')}", st["body"]),
        Paragraph(f"农户：{h.head_name}（{h.code}）　{h.village}　{h.category_name}", st["body"]),
        Paragraph(f"结算方式：{method}　　本次结算金额：<b>{format_fen(r.amount_fen)}</b>", st["body"]),
        Spacer(1, 4 * mm),
        table(rows, cols(24, 40, 62, 24, 26), total_row=True, align_right=(3, 4)),
        Spacer(1, 3 * mm),
        Paragraph(CATEGORY_NOTE + " 本单所列明细结算后不再重复支付。", st["small"]),
        Spacer(1, 14 * mm),
        Paragraph(f"结算人：{r.paid_by}　　　　农户签字：____________　　　　日期：____________", st["body"]),
    ]
    return build(story, f"结算单 {r.statement_no}", A4, footer=f"{r.station_name} · {r.statement_no}")
