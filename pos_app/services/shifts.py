"""Shifts: open with a cash float, X figures at any time, close with counted money per tender."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, func, insert, or_, select, union_all, update
from sqlalchemy.orm import Session

from pos_app.contract.facts import ShiftFact, to_payload
from pos_app.domain.clock import Clock
from pos_app.domain.errors import InvalidInput, NoOpenShift, ShiftAlreadyOpen
from pos_app.domain.ids import new_id
from pos_app.domain.money import MAX_FEN, Fen
from pos_app.store.context import StationContext
from pos_app.store.models import (
    HeldSale,
    LedgerEntry,
    Refund,
    Sale,
    Shift,
    ShiftCount,
    TenderType,
    table,
)
from pos_app.store.outbox import enqueue
from pos_app.store.queries import tender_totals
from pos_app.store.uow import Database


@dataclass(frozen=True)
class ShiftView:
    id: str
    opened_by: str
    opened_at: datetime
    float_fen: Fen
    closed_at: datetime | None


@dataclass(frozen=True)
class TenderFigures:
    tender_code: str
    tender_name: str
    sales_fen: Fen
    refunds_fen: Fen
    expected_fen: Fen  # cash: float + sales − refunds; others: sales − refunds
    counted_fen: Fen | None = None

    @property
    def difference_fen(self) -> Fen | None:
        return None if self.counted_fen is None else self.counted_fen - self.expected_fen


@dataclass(frozen=True)
class ShiftFigures:
    shift: ShiftView
    sales_count: int
    sales_fen: Fen
    refunds_count: int
    refunds_fen: Fen
    discount_fen: Fen
    rounding_fen: Fen
    tenders: tuple[TenderFigures, ...]

    @property
    def net_fen(self) -> Fen:
        return self.sales_fen - self.refunds_fen


class ShiftService:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        station: StationContext,
        after_close: Callable[[], None] | None = None,
    ) -> None:
        self._db = db
        self._clock = clock
        self._station = station
        self._after_close = after_close  # e.g. a backup, once the close is committed

    def _open_row(self, s: Session) -> Shift | None:
        return s.execute(
            select(Shift).where(Shift.terminal_id == self._station.terminal_id, Shift.closed_at.is_(None))
        ).scalar_one_or_none()

    def current(self) -> ShiftView | None:
        with self._db.uow() as uow:
            row = self._open_row(uow.session)
            return None if row is None else _view(row)

    def open(self, user_id: str, float_fen: Fen) -> ShiftView:
        if not 0 <= float_fen <= MAX_FEN:
            raise InvalidInput(what="cash float")
        with self._db.uow(write=True) as uow:
            if self._open_row(uow.session) is not None:
                raise ShiftAlreadyOpen()
            row = Shift(
                id=new_id(),
                terminal_id=self._station.terminal_id,
                opened_by=user_id,
                opened_at=self._clock.now(),
                float_fen=float_fen,
            )
            uow.session.add(row)
            uow.commit()
            return _view(row)

    def held_sales(self) -> tuple[int, Fen]:
        """The sales held at this till and not resumed: (how many, their total). They stay held
        across a shift close; the cashier is told before closing."""
        with self._db.uow() as uow:
            n, total = uow.session.execute(
                select(func.count(), func.coalesce(func.sum(HeldSale.total_fen), 0)).where(
                    HeldSale.terminal_id == self._station.terminal_id
                )
            ).one()
        return int(n), int(total)

    def figures(self, shift_id: str | None = None) -> ShiftFigures:
        """X figures of a shift (the open one by default), read without changing anything."""
        with self._db.uow() as uow:
            s = uow.session
            row = self._open_row(s) if shift_id is None else s.get(Shift, shift_id)
            if row is None:
                raise NoOpenShift()
            return self._figures(s, row, {})

    @staticmethod
    def _figures(s: Session, row: Shift, counted: dict[str, Fen]) -> ShiftFigures:
        sales = s.execute(
            select(
                func.count(),
                func.coalesce(func.sum(Sale.total_fen), 0),
                func.coalesce(func.sum(Sale.discount_fen), 0),
                func.coalesce(func.sum(Sale.rounding_fen), 0),
            ).where(Sale.shift_id == row.id)
        ).one()
        refunds = s.execute(
            select(func.count(), func.coalesce(func.sum(Refund.total_fen), 0)).where(Refund.shift_id == row.id)
        ).one()
        totals = tender_totals(s, (Sale.shift_id == row.id,), (Refund.shift_id == row.id,))
        tenders = []
        for t in s.execute(select(TenderType).order_by(TenderType.sort_order)).scalars():
            got, out = totals.get(t.code, (0, 0))
            if not (t.active or got or out or t.code in counted):
                continue
            expected = got - out + (row.float_fen if t.kind == "cash" else 0)
            tenders.append(TenderFigures(t.code, t.name, got, out, expected, counted.get(t.code)))
        return ShiftFigures(
            _view(row),
            int(sales[0]),
            int(sales[1]),
            int(refunds[0]),
            int(refunds[1]),
            int(sales[2]),
            int(sales[3]),
            tuple(tenders),
        )

    def close(self, user_id: str, counted: dict[str, Fen]) -> ShiftFigures:
        """Close the open shift with the money counted per tender (cash at least).

        Tenders not counted are taken as counted = expected (their slips are settled elsewhere)."""
        if "cash" not in counted:
            raise InvalidInput(what="the counted cash")
        if any(not 0 <= v <= MAX_FEN for v in counted.values()):
            raise InvalidInput(what="a counted amount")
        now = self._clock.now()
        with self._db.uow(write=True) as uow:
            s = uow.session
            row = self._open_row(s)
            if row is None:
                raise NoOpenShift()
            known = set(s.execute(select(TenderType.code)).scalars())
            unknown = set(counted) - known
            if unknown:
                raise InvalidInput(what=f"tender {', '.join(sorted(unknown))}")
            before = self._figures(s, row, counted)
            full = {
                t.tender_code: t.counted_fen if t.counted_fen is not None else t.expected_fen for t in before.tenders
            }
            s.execute(
                insert(table(ShiftCount)),
                [
                    {
                        "id": new_id(),
                        "shift_id": row.id,
                        "tender_code": t.tender_code,
                        "expected_fen": t.expected_fen,
                        "counted_fen": full[t.tender_code],
                    }
                    for t in before.tenders
                ],
            )
            s.execute(update(Shift).where(Shift.id == row.id).values(closed_at=now, closed_by=user_id))
            s.flush()
            s.refresh(row)
            figures = self._figures(s, row, full)
            fact = ShiftFact.model_validate(
                {
                    "shift": {
                        "id": row.id,
                        "terminal_id": row.terminal_id,
                        "opened_by": row.opened_by,
                        "opened_at": row.opened_at,
                        "float_fen": row.float_fen,
                        "closed_by": user_id,
                        "closed_at": now,
                    },
                    "counts": [
                        {"tender_code": t.tender_code, "expected_fen": t.expected_fen, "counted_fen": t.counted_fen}
                        for t in figures.tenders
                    ],
                    "totals": self._z_totals(s, row.id, figures),
                }
            )
            enqueue(s, "shift", row.id, to_payload(fact), now)
            uow.commit()
        if self._after_close is not None:
            self._after_close()
        return figures

    @staticmethod
    def _z_totals(s: Session, shift_id: str, figures: ShiftFigures) -> dict[str, object]:
        """The Z totals the district reconciles the shift's received sales and refunds against."""
        sales = select(Sale.id).where(Sale.shift_id == shift_id)
        refunds = select(Refund.id).where(Refund.shift_id == shift_id)
        credited = s.execute(
            select(func.coalesce(func.sum(LedgerEntry.amount_fen), 0)).where(
                or_(
                    and_(LedgerEntry.kind == "credit", LedgerEntry.sale_id.in_(sales)),
                    and_(LedgerEntry.kind == "debit", LedgerEntry.refund_id.in_(refunds)),
                )
            )
        ).scalar_one()
        seqs = union_all(
            select(Sale.doc_seq.label("seq")).where(Sale.shift_id == shift_id),
            select(Refund.doc_seq.label("seq")).where(Refund.shift_id == shift_id),
        ).subquery()
        first, last = s.execute(select(func.min(seqs.c.seq), func.max(seqs.c.seq))).one()
        return {
            "sales_count": figures.sales_count,
            "sales_fen": figures.sales_fen,
            "refunds_count": figures.refunds_count,
            "refunds_fen": figures.refunds_fen,
            "credited_fen": int(credited),
            "tenders": [
                {"tender_code": t.tender_code, "sales_fen": t.sales_fen, "refunds_fen": t.refunds_fen}
                for t in figures.tenders
                if t.sales_fen or t.refunds_fen
            ],
            "first_doc_seq": first,
            "last_doc_seq": last,
        }


def _view(row: Shift) -> ShiftView:
    return ShiftView(row.id, row.opened_by, row.opened_at, row.float_fen, row.closed_at)
