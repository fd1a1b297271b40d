"""The rows a paid cart becomes, and the fact the district receives for them.

Built before anything is written, so the district's own rules judge the sale first (``judge_sale``);
each pass-through line's credit comes from the one money rule both sides use
(``domain.money_rules.pass_through_credit``; docs/architecture.md, "Zero-profit pass-through").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from pos_app.contract.facts import SaleFact
from pos_app.domain.cart import CartLine, PricedLine, Totals
from pos_app.domain.clock import to_local
from pos_app.domain.ids import new_id
from pos_app.domain.money_rules import LineFigures, pass_through_credit
from pos_app.domain.tenders import PaymentPlan
from pos_app.services.buyers import BuyerView
from pos_app.store.sales import Row, SaleRows


@dataclass(frozen=True, slots=True)
class SaleHeader:
    """What the sale row knows beyond its cart: who, where, when, and its number."""

    id: str
    receipt_no: str
    terminal_id: str
    doc_seq: int
    shift_id: str
    cashier_id: str
    started_at: datetime | None
    completed_at: datetime
    buyer: BuyerView | None
    delivery_order_id: str | None


def sale_rows(head: SaleHeader, cart_lines: list[CartLine], totals: Totals, plan: PaymentPlan) -> SaleRows:
    rows = SaleRows(_sale_row(head, totals, plan))
    priced = {p.line.line_no: p for p in totals.lines}
    year = to_local(head.completed_at).year
    for li in cart_lines:
        line = _line_row(head.id, li, priced.get(li.line_no))
        rows.lines.append(line)
        if li.voided:
            continue
        rows.stock.append(_stock_row(head, li))
        if li.product.pass_through and li.product.household_id:
            rows.ledger.append(_credit_row(head, li, line["id"], year))
    rows.payments = [
        {
            "id": new_id(),
            "sale_id": head.id,
            "tender_code": t.tender.code,
            "amount_fen": t.amount_fen,
            "tendered_fen": t.tendered_fen,
            "change_fen": t.change_fen,
            "masked_code": t.masked_code,
            "reference": t.reference,
        }
        for t in plan.lines
    ]
    return rows


def sale_fact(rows: SaleRows, household_codes: dict[str, str], buyer: BuyerView | None) -> SaleFact:
    """The district's copy: lines and credits name households by their district code."""
    return SaleFact.model_validate(
        {
            "sale": rows.sale,
            "lines": [{**r, "household_code": household_codes.get(str(r["household_id"] or ""))} for r in rows.lines],
            "payments": rows.payments,
            "stock": rows.stock,
            "ledger": [{**r, "household_code": household_codes.get(str(r["household_id"]))} for r in rows.ledger],
            "buyer": (
                {"name": buyer.name, "kind": buyer.kind, "institutional": buyer.institutional} if buyer else None
            ),
        }
    )


def _sale_row(head: SaleHeader, totals: Totals, plan: PaymentPlan) -> Row:
    return {
        "id": head.id,
        "receipt_no": head.receipt_no,
        "terminal_id": head.terminal_id,
        "doc_seq": head.doc_seq,
        "shift_id": head.shift_id,
        "cashier_id": head.cashier_id,
        "started_at": head.started_at,
        "completed_at": head.completed_at,
        "item_count": totals.item_count,
        "subtotal_fen": totals.subtotal_fen,
        "discount_fen": totals.discount_fen,
        "rounding_fen": totals.rounding_fen,
        "total_fen": totals.total_fen,
        "change_fen": plan.change_fen,
        "buyer_id": head.buyer.id if head.buyer else None,
        "delivery_order_id": head.delivery_order_id,
    }


def _line_row(sale_id: str, li: CartLine, p: PricedLine | None) -> Row:
    snap = li.product
    return {
        "id": new_id(),
        "sale_id": sale_id,
        "line_no": li.line_no,
        "product_id": snap.product_id,
        "code": li.code,
        "name": snap.name,
        "unit_label": snap.unit_label,
        "category": snap.category,
        "sold_by_weight": snap.sold_by_weight,
        "qty": li.qty,
        "weight_g": li.weight_g,
        "unit_price_fen": snap.unit_price_fen,
        "gross_fen": li.gross_fen,
        "discount_fen": p.discount_fen if p else 0,
        "rounding_fen": p.rounding_fen if p else 0,
        "net_fen": p.net_fen if p else 0,
        "voided": li.voided,
        "void_approved_by": li.void_approved_by,
        "certified": snap.certified,
        "certificate_no": snap.certificate_no,
        "household_id": snap.household_id,
        "pass_through": snap.pass_through,
    }


def _stock_row(head: SaleHeader, li: CartLine) -> Row:
    return {
        "id": new_id(),
        "product_id": li.product.product_id,
        "delta": -(li.weight_g if li.product.sold_by_weight and li.weight_g is not None else li.qty),
        "reason": "sale",
        "ref_id": head.id,
        "at": head.completed_at,
    }


def _credit_row(head: SaleHeader, li: CartLine, line_id: str, year: int) -> Row:
    credit = pass_through_credit(
        LineFigures(line_id, li.gross_fen, 0, 0, 0, 1, pass_through=True, household=li.product.household_id)
    )
    return {
        "id": new_id(),
        "household_id": li.product.household_id,
        "kind": "credit",
        "amount_fen": credit,
        "sale_id": head.id,
        "sale_line_id": line_id,
        "year": year,
        "at": head.completed_at,
    }
