"""The goods receipt (进货入库单), the return to a supplier (退货单) and the stocktake's variance report
(盘点差异表), kept and printed."""

from __future__ import annotations

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer

from pos_app.domain.clock import format_local
from pos_app.domain.money import format_fen, quantity_text, shelf_price
from pos_app.domain.stocktake import REASONS
from pos_app.reports.styles import build, cols, styles, table
from pos_app.services.purchasing import ReceiptDoc
from pos_app.services.stocktake import StocktakeResult


def goods_receipt_pdf(r: ReceiptDoc) -> bytes:
    st = styles()
    title = "进货入库单" if r.kind == "receipt" else "退货单（退回供应商）"
    s = r.supplier
    rows = [["行", "条码", "商品", "数量", "进价", "金额", "批次", "有效期至"]]
    for li in r.lines:
        rows.append(
            [
                str(li.line_no),
                li.code,
                li.name,
                quantity_text(li.quantity, li.sold_by_weight, li.unit_label),
                shelf_price(li.unit_cost_fen, li.unit_label, li.sold_by_weight),
                format_fen(li.cost_fen),
                li.batch,
                li.expiry.isoformat() if li.expiry else "",
            ]
        )
    rows.append(["", "", "合计", "", "", format_fen(r.total_cost_fen), "", ""])
    story = [
        Paragraph(r.station_name, st["title"]),
        Paragraph(title, st["h2"]),
        Paragraph(f"单号：{r.doc_no}　　时间：{format_local(r.at, '%Y-%m-%d %H:%M')}", st["body"]),
        Paragraph(f"供应商：{s.name}（{s.code}）　统一社会信用代码：{s.credit_code}", st["body"]),
        Paragraph(f"送货单号：{r.delivery_note or '—'}　　联系人：{s.contact or '—'} {s.phone}", st["body"]),
        Spacer(1, 4 * mm),
        table(rows, cols(6, 26, 40, 18, 17, 18, 14, 22, pagesize=A4), align_right=(3, 4, 5)),
        Spacer(1, 10 * mm),
        Paragraph(f"经手人：{r.received_by}　　　　送货人签字：____________　　　　仓管签字：____________", st["body"]),
    ]
    return build(story, f"{title} {r.doc_no}", A4, footer=f"{r.station_name} · {r.doc_no}")


def stocktake_pdf(r: StocktakeResult, station_name: str) -> bytes:
    """The variance report (盘点差异表): every product whose count differed, at cost (a household's
    goods at its price), with the documents it booked and who approved it."""
    st = styles()
    rows = [["条码", "商品", "账面", "实盘", "差异", "差异金额", "原因"]]
    for li in r.lines:
        why = "未盘点，按 0 计" if li.counted_by_rule else REASONS.get(li.reason, li.reason)
        rows.append(
            [
                li.code,
                li.name + (f"（{li.household_code} 代销）" if li.household_code else ""),
                quantity_text(li.expected, li.sold_by_weight, li.unit_label),
                quantity_text(li.counted, li.sold_by_weight, li.unit_label),
                ("+" if li.difference > 0 else "") + quantity_text(li.difference, li.sold_by_weight, li.unit_label),
                format_fen(li.value_fen) if li.costed else "无进价",
                why,
            ]
        )
    gain = sum(li.value_fen for li in r.lines if li.value_fen > 0)
    loss = sum(li.value_fen for li in r.lines if li.value_fen < 0)
    rows.append(["", "合计", "", "", "", format_fen(r.value_fen), ""])
    docs = "、".join(d.doc_no for d in r.documents) or "无差异，未生成调整单"
    scope = f"类别「{r.category}」" if r.category else "全部商品"
    story = [
        Paragraph(station_name, st["title"]),
        Paragraph("盘点差异表", st["h2"]),
        Paragraph(
            f"范围：{scope}　　开始：{format_local(r.started_at, '%Y-%m-%d %H:%M')}"
            f"　　入账：{format_local(r.booked_at, '%Y-%m-%d %H:%M')}",
            st["body"],
        ),
        Paragraph(f"调整单号：{docs}　　已盘商品：{r.counted} 种　　差异：{len(r.lines)} 种", st["body"]),
        Paragraph(
            f"盘盈 {format_fen(gain)}　　盘亏 {format_fen(loss)}"
            + (
                f"　　其中农户代销商品短少 {format_fen(r.household_loss_fen)}（由超市承担，农户收入不变）"
                if r.household_loss_fen
                else ""
            ),
            st["body"],
        ),
        Spacer(1, 4 * mm),
        table(rows, cols(26, 40, 19, 19, 20, 19, 18, pagesize=A4), align_right=(2, 3, 4, 5)),
        Spacer(1, 10 * mm),
        Paragraph(
            f"审批人：{r.approved_by}　　　　盘点人签字：____________　　　　复核人签字：____________", st["body"]
        ),
    ]
    return build(story, f"盘点差异表 {docs}", A4, footer=f"{station_name} · 盘点差异表")
