"""Refunds against an original sale: new rows pointing back, stock back in, an outbox row.

A refund needs a manager's approval (the caller passes the approving user after a PIN check).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from pos_app.contract.facts import RefundFact, to_payload
from pos_app.domain.clock import Clock, to_local
from pos_app.domain.errors import NoOpenShift, NotFound, NotPermitted, RefundError, RefundExceedsSold
from pos_app.domain.ids import new_id, receipt_number
from pos_app.domain.money import Fen
from pos_app.domain.money_rules import LineFigures, RefundedSoFar, refund_amount, refund_debit
from pos_app.domain.refunds import PaidTender, refund_tenders
from pos_app.services.users import UserView
from pos_app.store.audit import record
from pos_app.store.context import StationContext
from pos_app.store.models import (
    LedgerEntry,
    Payment,
    Refund,
    RefundLine,
    RefundPayment,
    Sale,
    SaleLine,
    Shift,
    StockMovement,
    TenderType,
    Terminal,
    table,
)
from pos_app.store.outbox import enqueue, household_codes
from pos_app.store.uow import Database


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


class RefundService:
    def __init__(self, db: Database, clock: Clock, station: StationContext) -> None:
        self._db = db
        self._clock = clock
        self._station = station

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
        refund_id = new_id()
        with self._db.uow(write=True) as uow:
            s = uow.session
            sale = s.execute(select(Sale).where(Sale.receipt_no == receipt_no.strip().upper())).scalar()
            if sale is None:
                raise NotFound(what="sale", what_zh="销售单", key=receipt_no)
            by_no = {li.line_no: li for li in self._lines(s, sale.id)}
            line_rows, stock_rows, ledger_rows, total = [], [], [], 0
            amounts: dict[int, Fen] = {}
            for line_no, qty in sorted(items.items()):
                li = by_no.get(line_no)
                if li is None:
                    raise RefundError(
                        what=f"line {line_no} is not in sale {sale.receipt_no}",
                        what_zh=f"小票 {sale.receipt_no} 没有第 {line_no} 行",
                    )
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
                if qty > li.quantity_left:
                    raise RefundExceedsSold(line_no=line_no, asked=qty, left=li.quantity_left)
                amount = refund_amount(sofar, qty)
                total += amount
                amounts[line_no] = amount
                if li.household_id:
                    # The household gives back its share of the full price; the store's discount stays the store's.
                    ledger_rows.append(
                        {
                            "id": new_id(),
                            "household_id": li.household_id,
                            "kind": "debit",
                            "amount_fen": -refund_debit(sofar, qty),
                            "sale_id": sale.id,
                            "sale_line_id": li.line_id,
                            "refund_id": refund_id,
                            "year": to_local(now).year,
                            "at": now,
                        }
                    )
                line_rows.append(
                    {
                        "id": new_id(),
                        "refund_id": refund_id,
                        "sale_line_id": li.line_id,
                        "quantity": qty,
                        "amount_fen": amount,
                    }
                )
                product_id = s.execute(select(SaleLine.product_id).where(SaleLine.id == li.line_id)).scalar_one()
                stock_rows.append(
                    {
                        "id": new_id(),
                        "product_id": product_id,
                        "delta": qty,
                        "reason": "refund",
                        "ref_id": refund_id,
                        "at": now,
                    }
                )
            paid = self._paid(s, sale.id)
            tenders = refund_tenders(total, paid)
            shift_id = s.execute(
                select(Shift.id).where(Shift.terminal_id == self._station.terminal_id, Shift.closed_at.is_(None))
            ).scalar()
            if shift_id is None:
                raise NoOpenShift()
            seq = s.execute(
                update(Terminal)
                .where(Terminal.id == self._station.terminal_id)
                .values(last_doc_seq=Terminal.last_doc_seq + 1)
                .returning(Terminal.last_doc_seq)
            ).scalar_one()
            refund_row = {
                "id": refund_id,
                "receipt_no": receipt_number(self._station.station_code, self._station.terminal_no, seq),
                "sale_id": sale.id,
                "terminal_id": self._station.terminal_id,
                "doc_seq": seq,
                "shift_id": shift_id,
                "cashier_id": cashier.id,
                "approved_by": approver.id,
                "reason": reason.strip()[:200],
                "created_at": now,
                "total_fen": total,
            }
            pay_rows = [{"id": new_id(), "refund_id": refund_id, "tender_code": c, "amount_fen": a} for c, a in tenders]
            s.execute(insert(table(Refund)), [refund_row])
            s.execute(insert(table(RefundLine)), line_rows)
            if pay_rows:  # a fully discounted line comes back with no money
                s.execute(insert(table(RefundPayment)), pay_rows)
            s.execute(insert(table(StockMovement)), stock_rows)
            if ledger_rows:
                s.execute(insert(table(LedgerEntry)), ledger_rows)
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
            codes = household_codes(s, {str(r["household_id"]) for r in ledger_rows})
            fact = RefundFact.model_validate(
                {
                    "refund": refund_row,
                    "lines": line_rows,
                    "payments": pay_rows,
                    "stock": stock_rows,
                    "ledger": [{**r, "household_code": codes.get(str(r["household_id"]))} for r in ledger_rows],
                }
            )
            enqueue(s, "refund", refund_id, to_payload(fact), now)
            uow.commit()
        return RefundDone(
            refund_id,
            str(refund_row["receipt_no"]),
            sale.receipt_no,
            total,
            tuple(tenders),
            tuple((ln, q, amounts[ln]) for ln, q in sorted(items.items())),
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
