"""Refunds against an original sale: new rows pointing back, stock back in, an outbox row.

A refund needs a manager's approval (the caller passes the approving user after a PIN check).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pos_app.contract.facts import RefundFact, to_payload
from pos_app.domain.clock import to_local
from pos_app.domain.errors import NotFound, NotPermitted, RefundError, RefundExceedsSold
from pos_app.domain.ids import new_id, receipt_number
from pos_app.domain.money import Fen
from pos_app.domain.money_rules import LineFigures, RefundedSoFar, refund_amount, refund_debit
from pos_app.domain.refunds import PaidTender, refund_tenders
from pos_app.services.base import StationService
from pos_app.services.users import UserView
from pos_app.store.audit import record
from pos_app.store.documents import next_document
from pos_app.store.models import (
    LedgerEntry,
    Payment,
    Refund,
    RefundLine,
    RefundPayment,
    Sale,
    SaleLine,
    TenderType,
)
from pos_app.store.outbox import enqueue, household_codes
from pos_app.store.sales import RefundRows, insert_refund


@dataclass(frozen=True)
class RefundableLine:
    line_id: str
    line_no: int
    name: str
    sold_by_weight: bool
    quantity: int  # pieces, or grams when weighed
    quantity_left: int
    net_fen: Fen
    refunded_fen: Fen
    gross_fen: Fen = 0
    household_id: str | None = None  # a pass-through line: the household is debited its share
    debited_fen: Fen = 0


@dataclass(frozen=True)
class RefundableSale:
    sale_id: str
    receipt_no: str
    completed_at: datetime
    total_fen: Fen
    lines: tuple[RefundableLine, ...]


@dataclass(frozen=True)
class RefundDone:
    id: str
    receipt_no: str
    sale_receipt_no: str
    total_fen: Fen
    tenders: tuple[tuple[str, Fen], ...]
    lines: tuple[tuple[int, int, Fen], ...]  # (line_no, quantity, amount)


class RefundService(StationService):
    """Finding what of a sale is left to refund, and refunding it under a manager's approval."""

    def find(self, receipt_no: str) -> RefundableSale:
        with self._db.uow() as uow:
            s = uow.session
            sale = s.execute(select(Sale).where(Sale.receipt_no == receipt_no.strip().upper())).scalar()
            if sale is None:
                raise NotFound(what="sale", what_zh="销售单", key=receipt_no)
            return RefundableSale(
                sale.id, sale.receipt_no, sale.completed_at, sale.total_fen, tuple(self._lines(s, sale.id))
            )

    @staticmethod
    def _lines(s: Session, sale_id: str) -> list[RefundableLine]:
        done = (
            select(
                RefundLine.sale_line_id,
                func.sum(RefundLine.quantity).label("q"),
                func.sum(RefundLine.amount_fen).label("a"),
            )
            .group_by(RefundLine.sale_line_id)
            .subquery()
        )
        rows = s.execute(
            select(SaleLine, func.coalesce(done.c.q, 0), func.coalesce(done.c.a, 0))
            .outerjoin(done, done.c.sale_line_id == SaleLine.id)
            .where(SaleLine.sale_id == sale_id, SaleLine.voided.is_(False))
            .order_by(SaleLine.line_no)
        )
        debited = dict(
            s.execute(
                select(LedgerEntry.sale_line_id, -func.sum(LedgerEntry.amount_fen))
                .where(LedgerEntry.sale_id == sale_id, LedgerEntry.kind == "debit")
                .group_by(LedgerEntry.sale_line_id)
            ).all()
        )
        out = []
        for line, q, a in rows:
            quantity = line.weight_g if line.sold_by_weight and line.weight_g else line.qty
            out.append(
                RefundableLine(
                    line.id,
                    line.line_no,
                    line.name,
                    line.sold_by_weight,
                    quantity,
                    quantity - int(q),
                    line.net_fen,
                    int(a),
                    line.gross_fen,
                    line.household_id if line.pass_through else None,
                    int(debited.get(line.id, 0)),
                )
            )
        return out

    def refund(
        self,
        receipt_no: str,
        items: dict[int, int],
        *,
        cashier: UserView,
        approver: UserView,
        reason: str,
    ) -> RefundDone:
        """Refund ``items`` ({line_no: quantity}) of a sale; the money goes back over its tenders."""
        if not approver.has("manager"):
            raise NotPermitted(name=approver.display_name, action="approve refunds", action_zh="批准退货")
        if not items:
            raise RefundError(what="nothing selected", what_zh="未选择退货商品")
        if not reason.strip():
            raise RefundError(what="a reason is required", what_zh="请填写退货原因")
        now = self._clock.now()
        with self._db.uow(write=True) as uow:
            s = uow.session
            sale = s.execute(select(Sale).where(Sale.receipt_no == receipt_no.strip().upper())).scalar()
            if sale is None:
                raise NotFound(what="sale", what_zh="销售单", key=receipt_no)
            shift_id, seq = next_document(s, self._station.terminal_id)
            rows = RefundRows(
                {
                    "id": new_id(),
                    "receipt_no": receipt_number(self._station.station_code, self._station.terminal_no, seq),
                    "sale_id": sale.id,
                    "terminal_id": self._station.terminal_id,
                    "doc_seq": seq,
                    "shift_id": shift_id,
                    "cashier_id": cashier.id,
                    "approved_by": approver.id,
                    "reason": reason.strip()[:200],
                    "created_at": now,
                }
            )
            by_no = {li.line_no: li for li in self._lines(s, sale.id)}
            for line_no, qty in sorted(items.items()):
                li = by_no.get(line_no)
                if li is None:
                    raise RefundError(
                        what=f"line {line_no} is not in sale {sale.receipt_no}",
                        what_zh=f"小票 {sale.receipt_no} 没有第 {line_no} 行",
                    )
                self._take_back(s, rows, sale.id, li, qty)
            total = sum(int(r["amount_fen"]) for r in rows.lines)
            rows.refund["total_fen"] = total
            tenders = refund_tenders(total, self._paid(s, sale.id))
            rows.payments = [
                {"id": new_id(), "refund_id": rows.refund["id"], "tender_code": c, "amount_fen": a} for c, a in tenders
            ]
            insert_refund(s, rows)
            record(
                s,
                self._station,
                now,
                "refund",
                user_id=cashier.id,
                approver_id=approver.id,
                target=sale.receipt_no,
                amount_fen=total,
                reason=reason.strip()[:200],
            )
            enqueue(s, "refund", rows.refund["id"], to_payload(self._fact(s, rows)), now)
            uow.commit()
        return RefundDone(
            rows.refund["id"],
            str(rows.refund["receipt_no"]),
            sale.receipt_no,
            total,
            tuple(tenders),
            tuple((ln, q, int(r["amount_fen"])) for (ln, q), r in zip(sorted(items.items()), rows.lines, strict=True)),
        )

    @staticmethod
    def _take_back(s: Session, rows: RefundRows, sale_id: str, li: RefundableLine, qty: int) -> None:
        """One line: its share of the money (domain.money_rules), its stock back in, and for a
        household's line the household's debit of its share of the full price (the store's
        discount stays the store's)."""
        if qty > li.quantity_left:
            raise RefundExceedsSold(line_no=li.line_no, asked=qty, left=li.quantity_left)
        sofar = RefundedSoFar(
            LineFigures(
                li.line_id,
                li.gross_fen,
                0,
                0,
                li.net_fen,
                li.quantity,
                pass_through=li.household_id is not None,
                household=li.household_id,
            ),
            li.quantity - li.quantity_left,
            li.refunded_fen,
            li.debited_fen,
        )
        refund_id, now = rows.refund["id"], rows.refund["created_at"]
        if li.household_id:
            rows.ledger.append(
                {
                    "id": new_id(),
                    "household_id": li.household_id,
                    "kind": "debit",
                    "amount_fen": -refund_debit(sofar, qty),
                    "sale_id": sale_id,
                    "sale_line_id": li.line_id,
                    "refund_id": refund_id,
                    "year": to_local(now).year,
                    "at": now,
                }
            )
        rows.lines.append(
            {
                "id": new_id(),
                "refund_id": refund_id,
                "sale_line_id": li.line_id,
                "quantity": qty,
                "amount_fen": refund_amount(sofar, qty),
            }
        )
        product_id = s.execute(select(SaleLine.product_id).where(SaleLine.id == li.line_id)).scalar_one()
        rows.stock.append(
            {"id": new_id(), "product_id": product_id, "delta": qty, "reason": "refund", "ref_id": refund_id, "at": now}
        )

    @staticmethod
    def _fact(s: Session, rows: RefundRows) -> RefundFact:
        codes = household_codes(s, {str(r["household_id"]) for r in rows.ledger})
        return RefundFact.model_validate(
            {
                "refund": rows.refund,
                "lines": rows.lines,
                "payments": rows.payments,
                "stock": rows.stock,
                "ledger": [{**r, "household_code": codes.get(str(r["household_id"]))} for r in rows.ledger],
            }
        )

    @staticmethod
    def _paid(s: Session, sale_id: str) -> list[PaidTender]:
        refunded = dict(
            s.execute(
                select(RefundPayment.tender_code, func.sum(RefundPayment.amount_fen))
                .join(Refund, Refund.id == RefundPayment.refund_id)
                .where(Refund.sale_id == sale_id)
                .group_by(RefundPayment.tender_code)
            ).all()
        )
        rows = s.execute(
            select(Payment.tender_code, func.sum(Payment.amount_fen), TenderType.kind)
            .outerjoin(TenderType, TenderType.code == Payment.tender_code)
            .where(Payment.sale_id == sale_id)
            .group_by(Payment.tender_code, TenderType.kind)
        )
        return [
            PaidTender(code, int(amount), int(refunded.get(code, 0)), kind == "cash") for code, amount, kind in rows
        ]
