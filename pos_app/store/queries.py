"""Read queries more than one service asks (in the caller's session)."""

from __future__ import annotations

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from pos_app.domain.money import Fen
from pos_app.store.models import Payment, Refund, RefundPayment, Sale


def tender_totals(
    s: Session, sales: tuple[ColumnElement[bool], ...], refunds: tuple[ColumnElement[bool], ...]
) -> dict[str, tuple[Fen, Fen]]:
    """Per tender code: (taken by the sales matching ``sales``, given back by the refunds matching
    ``refunds``). A shift, a day and a period are each just their own conditions."""
    taken = dict(
        s.execute(
            select(Payment.tender_code, func.sum(Payment.amount_fen))
            .join(Sale, Sale.id == Payment.sale_id)
            .where(*sales)
            .group_by(Payment.tender_code)
        ).all()
    )
    back = dict(
        s.execute(
            select(RefundPayment.tender_code, func.sum(RefundPayment.amount_fen))
            .join(Refund, Refund.id == RefundPayment.refund_id)
            .where(*refunds)
            .group_by(RefundPayment.tender_code)
        ).all()
    )
    return {code: (int(taken.get(code, 0)), int(back.get(code, 0))) for code in taken.keys() | back.keys()}
