"""Figures for the manager's reports, computed by SQL from the facts (sales, refunds, ledger, shifts).

Every figure is in fen and re-adds exactly: net = Σ sale totals − Σ refunds, tender and category
tables add up to their totals (tests check them against the database).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import ColumnElement, case, func, select
from sqlalchemy.orm import Session

from pos_app.domain.clock import Clock, local_day_bounds, to_local
from pos_app.domain.money import Fen
from pos_app.services.station import StationContext
from pos_app.store.models import (
    AppUser,
    Household,
    LedgerEntry,
    Payment,
    Refund,
    RefundPayment,
    Sale,
    SaleLine,
    Shift,
    ShiftCount,
    TenderType,
)
from pos_app.store.uow import Database


@dataclass(frozen=True)
class ShiftRow:
    opened_at: datetime
    closed_at: datetime | None
    cashier: str
    float_fen: Fen
    expected_cash_fen: Fen | None
    counted_cash_fen: Fen | None

    @property
    def difference_fen(self) -> Fen | None:
        if self.expected_cash_fen is None or self.counted_cash_fen is None:
            return None
        return self.counted_cash_fen - self.expected_cash_fen


@dataclass(frozen=True)
class VoidRow:
    receipt_no: str
    product: str
    amount_fen: Fen
    approved_by: str


@dataclass(frozen=True)
class DailyReport:
    station_name: str
    station_code: str
    day: date
    printed_by: str
    printed_at: datetime
    sales_count: int
    gross_fen: Fen  # Σ line amounts before discounts
    discount_fen: Fen
    rounding_fen: Fen
    sales_fen: Fen  # Σ sale totals (what customers paid)
    refunds_count: int
    refunds_fen: Fen
    voids: tuple[VoidRow, ...]
    tenders: tuple[tuple[str, Fen, Fen], ...]  # (tender name, taken, refunded)
    categories: tuple[tuple[str, Fen], ...]  # (category, Σ net of sold lines)
    certified_fen: Fen
    certified_top: tuple[tuple[str, str, Fen], ...]  # (product, certificate no, amount)
    households: tuple[tuple[str, str, str, Fen], ...]  # (code, head, village, credited)
    by_hour: tuple[int, ...]  # 24 sales totals, local hours
    shifts: tuple[ShiftRow, ...]

    @property
    def net_fen(self) -> Fen:
        return self.sales_fen - self.refunds_fen

    @property
    def certified_share(self) -> float:
        return self.certified_fen / self.sales_fen if self.sales_fen else 0.0

    @property
    def credited_fen(self) -> Fen:
        return sum(h[3] for h in self.households)


class ReportService:
    def __init__(self, db: Database, clock: Clock, station: StationContext) -> None:
        self._db = db
        self._clock = clock
        self._station = station

    def daily(self, day: date, printed_by: str = "") -> DailyReport:
        start, end = local_day_bounds(day)
        with self._db.uow() as uow:
            s = uow.session
            in_day = (Sale.completed_at >= start, Sale.completed_at < end)
            totals = s.execute(
                select(
                    func.count(),
                    func.coalesce(func.sum(Sale.subtotal_fen), 0),
                    func.coalesce(func.sum(Sale.discount_fen), 0),
                    func.coalesce(func.sum(Sale.rounding_fen), 0),
                    func.coalesce(func.sum(Sale.total_fen), 0),
                ).where(*in_day)
            ).one()
            refund_in_day = (Refund.created_at >= start, Refund.created_at < end)
            refunds = s.execute(
                select(func.count(), func.coalesce(func.sum(Refund.total_fen), 0)).where(*refund_in_day)
            ).one()
            tenders = self._tenders(s, in_day, refund_in_day)
            categories = tuple(
                (c or "—", int(v))
                for c, v in s.execute(
                    select(SaleLine.category, func.sum(SaleLine.net_fen))
                    .join(Sale, Sale.id == SaleLine.sale_id)
                    .where(*in_day, SaleLine.voided.is_(False))
                    .group_by(SaleLine.category)
                    .order_by(func.sum(SaleLine.net_fen).desc())
                )
            )
            certified_fen = int(
                s.execute(
                    select(func.coalesce(func.sum(SaleLine.net_fen), 0))
                    .join(Sale, Sale.id == SaleLine.sale_id)
                    .where(*in_day, SaleLine.voided.is_(False), SaleLine.certified)
                ).scalar_one()
            )
            top = tuple(
                (n, c or "", int(v))
                for n, c, v in s.execute(
                    select(SaleLine.name, func.max(SaleLine.certificate_no), func.sum(SaleLine.net_fen))
                    .join(Sale, Sale.id == SaleLine.sale_id)
                    .where(*in_day, SaleLine.voided.is_(False), SaleLine.certified)
                    .group_by(SaleLine.name)
                    .order_by(func.sum(SaleLine.net_fen).desc())
                    .limit(10)
                )
            )
            households = tuple(
                (code, head, village, int(v))
                for code, head, village, v in s.execute(
                    select(Household.code, Household.head_name, Household.village, func.sum(LedgerEntry.amount_fen))
                    .join(Household, Household.id == LedgerEntry.household_id)
                    .where(LedgerEntry.at >= start, LedgerEntry.at < end, LedgerEntry.kind.in_(("credit", "debit")))
                    .group_by(Household.code, Household.head_name, Household.village)
                    .order_by(Household.code)
                )
            )
            voids = tuple(
                VoidRow(r, n, int(a), who or "—")
                for r, n, a, who in s.execute(
                    select(Sale.receipt_no, SaleLine.name, SaleLine.gross_fen, AppUser.display_name)
                    .join(Sale, Sale.id == SaleLine.sale_id)
                    .outerjoin(AppUser, AppUser.id == SaleLine.void_approved_by)
                    .where(*in_day, SaleLine.voided)
                    .order_by(Sale.completed_at)
                )
            )
            hours = [0] * 24
            for at, total in s.execute(select(Sale.completed_at, Sale.total_fen).where(*in_day)):
                hours[to_local(at).hour] += total
            shifts = self._shifts(s, start, end)
        return DailyReport(
            self._station.station_name,
            self._station.station_code,
            day,
            printed_by,
            self._clock.now(),
            int(totals[0]),
            int(totals[1]),
            int(totals[2]),
            int(totals[3]),
            int(totals[4]),
            int(refunds[0]),
            int(refunds[1]),
            voids,
            tenders,
            categories,
            certified_fen,
            top,
            households,
            tuple(hours),
            shifts,
        )

    @staticmethod
    def _tenders(
        s: Session, in_day: tuple[ColumnElement[bool], ...], refund_in_day: tuple[ColumnElement[bool], ...]
    ) -> tuple[tuple[str, Fen, Fen], ...]:
        taken = dict(
            s.execute(
                select(Payment.tender_code, func.sum(Payment.amount_fen))
                .join(Sale, Sale.id == Payment.sale_id)
                .where(*in_day)
                .group_by(Payment.tender_code)
            ).all()
        )
        back = dict(
            s.execute(
                select(RefundPayment.tender_code, func.sum(RefundPayment.amount_fen))
                .join(Refund, Refund.id == RefundPayment.refund_id)
                .where(*refund_in_day)
                .group_by(RefundPayment.tender_code)
            ).all()
        )
        out = []
        for code, name in s.execute(select(TenderType.code, TenderType.name).order_by(TenderType.sort_order)):
            if code in taken or code in back:
                out.append((name, int(taken.get(code, 0)), int(back.get(code, 0))))
        return tuple(out)

    @staticmethod
    def _shifts(s: Session, start: datetime, end: datetime) -> tuple[ShiftRow, ...]:
        cash = (
            select(ShiftCount.shift_id, ShiftCount.expected_fen, ShiftCount.counted_fen)
            .where(ShiftCount.tender_code == "cash")
            .subquery()
        )
        rows = s.execute(
            select(Shift, AppUser.display_name, cash.c.expected_fen, cash.c.counted_fen)
            .join(AppUser, AppUser.id == Shift.opened_by)
            .outerjoin(cash, cash.c.shift_id == Shift.id)
            .where(Shift.opened_at < end, case((Shift.closed_at.is_(None), True), else_=Shift.closed_at >= start))
            .order_by(Shift.opened_at)
        )
        return tuple(ShiftRow(sh.opened_at, sh.closed_at, who, sh.float_fen, exp, cnt) for sh, who, exp, cnt in rows)
