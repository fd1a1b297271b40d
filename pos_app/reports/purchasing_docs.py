"""The goods receipt (进货入库单) and the return to a supplier (退货单), kept and printed."""

from __future__ import annotations

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer

from pos_app.domain.clock import format_local
from pos_app.domain.money import format_fen, shelf_price
from pos_app.reports.styles import build, cols, styles, table
from pos_app.services.purchasing import ReceiptDoc


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
                f"{li.quantity / 1000:.3f} kg" if li.sold_by_weight else f"{li.quantity} {li.unit_label}",
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
