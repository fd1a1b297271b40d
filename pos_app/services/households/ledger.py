"""The household ledger: every pass-through sale credits it, a refund debits it, a payout closes it
up to a sequence number (docs/architecture.md, "Zero-profit pass-through")."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pos_app.domain.clock import Clock, to_local
from pos_app.domain.errors import SyncError
from pos_app.domain.money import Fen, quantity_text
from pos_app.domain.money_rules import income_percent
from pos_app.services.base import StationService
from pos_app.services.district import DistrictLink
from pos_app.services.households.registry import HouseholdView, household_row, household_view
from pos_app.store.context import StationContext
from pos_app.store.district_state import other_tills_balance
from pos_app.store.models import (
    Household,
    LedgerEntry,
    Payout,
    Refund,
    Sale,
    SaleLine,
    Subscription,
)
from pos_app.store.settings import read_setting
from pos_app.store.uow import Database

log = logging.getLogger("pos.households")
DEFAULT_TARGET_FEN = 100_000  # ¥1,000 a year


@dataclass(frozen=True)
class HouseholdProgress:
    household: HouseholdView
    year: int
    income_fen: Fen
    target_fen: Fen
    balance_fen: Fen
    last_sale_at: datetime | None
    buyers: int

    @property
    def percent(self) -> int:
        return income_percent(self.income_fen, self.target_fen)

    @property
    def below_target(self) -> bool:
        return self.income_fen < self.target_fen


@dataclass(frozen=True)
class LedgerLine:
    seq: int
    kind: str
    amount_fen: Fen
    at: datetime
    document: str  # receipt, refund or statement number
    product: str
    quantity: str
    entry_id: str = ""  # as the district knows the entry (a payout's entry: the payout's id)


@dataclass(frozen=True)
class HouseholdStatement:
    household: HouseholdView
    year: int
    lines: tuple[LedgerLine, ...]  # credits, refunds and payouts in the year
    income_fen: Fen
    target_fen: Fen
    balance_fen: Fen
    station_name: str
    printed_at: datetime
    every_till: bool = True  # False: enrolled, but the district could not be asked; this till's lines only

    @property
    def percent(self) -> int:
        return income_percent(self.income_fen, self.target_fen)


def _qty_text(sold_by_weight: bool, qty: int, weight_g: int | None, unit: str) -> str:
    return quantity_text(weight_g or 0, True, unit) if sold_by_weight else f"{qty}{unit}"


def paid_through(s: Session, household_id: str) -> int:
    return int(
        s.execute(
            select(func.coalesce(func.max(Payout.through_seq), 0)).where(Payout.household_id == household_id)
        ).scalar_one()
    )


def ledger_lines(s: Session, household_id: str, after_seq: int, kinds: tuple[str, ...] | None) -> list[LedgerLine]:
    q = (
        select(LedgerEntry, SaleLine, Sale.receipt_no, Refund.receipt_no, Payout.statement_no)
        .outerjoin(SaleLine, SaleLine.id == LedgerEntry.sale_line_id)
        .outerjoin(Sale, Sale.id == LedgerEntry.sale_id)
        .outerjoin(Refund, Refund.id == LedgerEntry.refund_id)
        .outerjoin(Payout, Payout.id == LedgerEntry.payout_id)
        .where(LedgerEntry.household_id == household_id, LedgerEntry.seq > after_seq)
        .order_by(LedgerEntry.seq)
    )
    if kinds:
        q = q.where(LedgerEntry.kind.in_(kinds))
    out = []
    for e, line, receipt, refund_no, statement in s.execute(q):
        out.append(
            LedgerLine(
                e.seq,
                e.kind,
                e.amount_fen,
                e.at,
                refund_no or receipt or statement or "",
                line.name if line else "",
                _qty_text(line.sold_by_weight, line.qty, line.weight_g, line.unit_label)
                if line and e.kind == "credit"
                else "",
                e.payout_id or e.id,
            )
        )
    return out


class HouseholdLedger(StationService):
    """What each household earned and is owed: the ledger, income progress to the yearly target, statements."""

    def __init__(self, db: Database, clock: Clock, station: StationContext, district: DistrictLink | None = None):
        super().__init__(db, clock, station)
        self._district = district

    def target_for(self, year: int) -> Fen:
        with self._db.uow() as uow:
            targets = read_setting(uow.session, "income_targets") or {}
        return int(targets.get(str(year), DEFAULT_TARGET_FEN))

    def progress(
        self, text: str = "", *, year: int | None = None, below_target: bool = False, no_buyer: bool = False
    ) -> list[HouseholdProgress]:
        year = year or to_local(self._clock.now()).year
        target = self.target_for(year)
        with self._db.uow() as uow:
            s = uow.session
            income = dict(
                s.execute(
                    select(LedgerEntry.household_id, func.sum(LedgerEntry.amount_fen))
                    .where(LedgerEntry.year == year, LedgerEntry.kind.in_(("credit", "debit")))
                    .group_by(LedgerEntry.household_id)
                ).all()
            )
            balance = dict(
                s.execute(
                    select(LedgerEntry.household_id, func.sum(LedgerEntry.amount_fen)).group_by(
                        LedgerEntry.household_id
                    )
                ).all()
            )
            others = other_tills_balance(s)
            last = dict(
                s.execute(
                    select(LedgerEntry.household_id, func.max(LedgerEntry.at))
                    .where(LedgerEntry.kind == "credit")
                    .group_by(LedgerEntry.household_id)
                ).all()
            )
            buyers = dict(
                s.execute(
                    select(Subscription.household_id, func.count(func.distinct(Subscription.buyer_id))).group_by(
                        Subscription.household_id
                    )
                ).all()
            )
            q = select(Household).where(Household.active).order_by(Household.code)
            if text.strip():
                like = f"%{text.strip()}%"
                q = q.where(Household.code.like(like) | Household.head_name.like(like) | Household.village.like(like))
            out = []
            for h in s.execute(q).scalars():
                last_at = last.get(h.id)
                p = HouseholdProgress(
                    household_view(s, h),
                    year,
                    int(income.get(h.id, 0)),
                    target,
                    int(balance.get(h.id, 0)) + others.get(h.code, 0),
                    datetime.fromisoformat(last_at) if isinstance(last_at, str) else last_at,
                    int(buyers.get(h.id, 0)),
                )
                if (below_target and not p.below_target) or (no_buyer and p.buyers):
                    continue
                out.append(p)
        out.sort(key=lambda p: (p.percent, p.household.code))
        return out

    def balance(self, code: str) -> Fen:
        """What the household is owed: this till's ledger and, once synced, what the district holds
        from every other till (less settlements reserved there)."""
        with self._db.uow() as uow:
            h = household_row(uow.session, code)
            own = uow.session.execute(
                select(func.coalesce(func.sum(LedgerEntry.amount_fen), 0)).where(LedgerEntry.household_id == h.id)
            ).scalar_one()
            return int(own) + other_tills_balance(uow.session).get(h.code, 0)

    def ledger(self, code: str, *, unpaid_only: bool = False) -> list[LedgerLine]:
        with self._db.uow() as uow:
            s = uow.session
            h = household_row(s, code)
            after = paid_through(s, h.id) if unpaid_only else -1
            return ledger_lines(s, h.id, after, kinds=("credit", "debit") if unpaid_only else None)

    def statement(self, code: str, year: int) -> HouseholdStatement:
        """A household's year: every credited line, refunds, payouts, balance, progress to the target."""
        own = [li for li in self.ledger(code) if to_local(li.at).year == year]
        balance, every_till = self.balance(code), True
        if self._district is not None and self._district.enrolled():
            try:
                page = self._district.household_ledger(code, year)
            except SyncError as exc:
                log.warning("statement of %s from this till only: %s", code, exc.message)
                every_till = False
            else:  # every till's lines, and this till's the district has not received yet
                known = {li.entry_id for li in page.lines}
                mine = [li for li in own if li.entry_id not in known]
                own = [
                    LedgerLine(0, li.kind, li.amount_fen, li.at, li.document, li.product, li.quantity, li.entry_id)
                    for li in page.lines
                ] + mine
                own.sort(key=lambda li: li.at)
                balance = page.balance_fen + sum(li.amount_fen for li in mine)
        lines = tuple(own)
        income = sum(li.amount_fen for li in lines if li.kind in ("credit", "debit"))
        with self._db.uow() as uow:
            view = household_view(uow.session, household_row(uow.session, code))
        return HouseholdStatement(
            view,
            year,
            lines,
            income,
            self.target_for(year),
            balance,
            self._station.station_name,
            self._clock.now(),
            every_till,
        )
