"""Settlement (结算): a household is paid every entry credited since its last payout, once, and only
at its home station (or by the district).

A till that belongs to a district settles through it: the district holds the household's whole
balance (every till's, every station's) for this settlement and the till pays exactly that. When
the district cannot be reached, the till refuses: it cannot know what the station's other tills
hold or have paid (docs/architecture.md, "Several tills, one station")."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from pos_app.contract.facts import PayoutFact, to_payload
from pos_app.contract.protocol import Reservation
from pos_app.domain.clock import Clock, to_local
from pos_app.domain.errors import InvalidInput, SyncError
from pos_app.domain.ids import new_id
from pos_app.domain.money import Fen
from pos_app.domain.permissions import Permission, require
from pos_app.services.base import StationService
from pos_app.services.district import DistrictLink
from pos_app.services.households.ledger import LedgerLine, ledger_lines, paid_through
from pos_app.services.households.registry import HouseholdView, household_row, household_view
from pos_app.services.users import UserView
from pos_app.store.audit import record
from pos_app.store.context import StationContext
from pos_app.store.documents import document_number
from pos_app.store.models import (
    Household,
    LedgerEntry,
    Payout,
    SettlementAttempt,
    table,
)
from pos_app.store.outbox import enqueue
from pos_app.store.uow import Database

log = logging.getLogger("pos.sales")


@dataclass(frozen=True)
class Settlement:
    statement_no: str
    household: HouseholdView
    amount_fen: Fen
    method: str
    reference: str
    lines: tuple[LedgerLine, ...]
    paid_by: str
    at: datetime
    station_name: str


class SettlementService(StationService):
    """Paying a household what the ledger owes it, once."""

    def __init__(self, db: Database, clock: Clock, station: StationContext, district: DistrictLink | None = None):
        super().__init__(db, clock, station)
        self._district = district

    def settle(self, code: str, *, method: str, reference: str = "", paid_by: UserView) -> Settlement:
        """Pay out everything credited since the last settlement, once."""
        require(paid_by.display_name, paid_by.roles, Permission.SETTLEMENT)
        if method not in ("cash", "bank"):
            raise InvalidInput(what=f"method {method!r} (cash or bank)")
        if method == "bank" and not reference.strip():
            raise InvalidInput(what="a bank transfer needs its reference")
        if self._district is not None and self._district.enrolled():
            return self._settle_at_district(code, method, reference.strip(), paid_by)
        now = self._clock.now()
        with self._db.uow(write=True) as uow:
            s = uow.session
            h = self._home_household(s, code)
            after = paid_through(s, h.id)
            lines = ledger_lines(s, h.id, after, kinds=("credit", "debit"))
            amount = sum(li.amount_fen for li in lines)
            if not lines or amount <= 0:
                raise InvalidInput(what=f"nothing to pay household {h.code}")
            result = self._pay(s, h, amount, method, reference.strip(), paid_by, tuple(lines), None, now)
            uow.commit()
        log.info("household %s paid %s fen (%s)", code, amount, result.statement_no)
        return result

    def _home_household(self, s: Session, code: str) -> Household:
        h = household_row(s, code)
        if h.home_station_code != self._station.station_code:
            raise InvalidInput(
                what=f"household {h.code} is settled at station {h.home_station_code} or by the district"
            )
        return h

    def _settle_at_district(self, code: str, method: str, reference: str, paid_by: UserView) -> Settlement:
        """Hold the balance at the district, then pay exactly what it holds, in one local transaction
        with the payout fact that names the hold. A till killed after the hold asks again with the
        same id (``settlement_attempt``) and gets the same hold back."""
        assert self._district is not None
        with self._db.uow(write=True) as uow:
            s = uow.session
            h = self._home_household(s, code)
            attempt = s.execute(
                select(SettlementAttempt.id).where(
                    SettlementAttempt.household_id == h.id, SettlementAttempt.state == "open"
                )
            ).scalar()
            if attempt is None:
                attempt = new_id()
                s.execute(
                    insert(table(SettlementAttempt)),
                    [{"id": attempt, "household_id": h.id, "state": "open", "created_at": self._clock.now()}],
                )
            uow.commit()
        try:
            self._district.push()  # this till's own credits are at the district before it holds the balance
            held = self._district.reserve(attempt, h.code)
        except SyncError as exc:
            raise SyncError(
                what=f"cannot settle without the district: {exc.details.get('what', exc.message)}",
                what_zh=f"无法结算：{exc.details.get('what_zh', exc.message_zh)}。"
                "本站已接入区级，结算须由区级核定余额，请联网后再试",
            ) from exc
        now = self._clock.now()
        with self._db.uow(write=True) as uow:
            s = uow.session
            h = household_row(s, code)
            state = s.execute(select(SettlementAttempt.state).where(SettlementAttempt.id == attempt)).scalar_one()
            if state != "open" or held.state != "reserved":
                raise InvalidInput(what=f"settlement {attempt} was paid already")
            result = self._pay(s, h, held.amount_fen, method, reference, paid_by, _statement(held), held.id, now)
            s.execute(update(SettlementAttempt).where(SettlementAttempt.id == attempt).values(state="paid"))
            uow.commit()
        log.info("household %s paid %s fen held at the district (%s)", code, held.amount_fen, result.statement_no)
        try:
            self._district.push()
        except SyncError:
            log.info("the payout fact waits for the next sync")
        return result

    def _pay(
        self,
        s: Session,
        h: Household,
        amount: Fen,
        method: str,
        reference: str,
        paid_by: UserView,
        lines: tuple[LedgerLine, ...],
        reservation_id: str | None,
        now: datetime,
    ) -> Settlement:
        statement_no = document_number(s, Payout.statement_no, self._station, "JS")
        pid = new_id()
        through = s.execute(
            select(func.coalesce(func.max(LedgerEntry.seq), 0)).where(LedgerEntry.household_id == h.id)
        ).scalar_one()
        payout = {
            "id": pid,
            "statement_no": statement_no,
            "household_id": h.id,
            "amount_fen": amount,
            "method": method,
            "reference": reference[:64],
            "through_seq": max(int(through), max((li.seq for li in lines), default=0)),
            "paid_by": paid_by.id,
            "station_code": self._station.station_code,
            "at": now,
            "reservation_id": reservation_id,
        }
        s.execute(insert(table(Payout)), [payout])
        s.execute(
            insert(table(LedgerEntry)),
            [
                {
                    "id": pid,  # the entry is known at the district by the payout's id
                    "household_id": h.id,
                    "kind": "payout",
                    "amount_fen": -amount,
                    "payout_id": pid,
                    "year": to_local(now).year,
                    "at": now,
                }
            ],
        )
        enqueue(s, "payout", pid, to_payload(PayoutFact.model_validate({**payout, "household_code": h.code})), now)
        record(
            s,
            self._station,
            now,
            "settlement",
            user_id=paid_by.id,
            target=h.code,
            amount_fen=amount,
            method=method,
            statement_no=statement_no,
        )
        return Settlement(
            statement_no,
            household_view(s, h),
            amount,
            method,
            reference,
            lines,
            paid_by.display_name,
            now,
            self._station.station_name,
        )


def _statement(held: Reservation) -> tuple[LedgerLine, ...]:
    """The district's lines for a settlement, every till's, as the statement prints them."""
    lines = [LedgerLine(0, li.kind, li.amount_fen, li.at, li.document, li.product, li.quantity) for li in held.lines]
    if held.carried_fen:
        lines.insert(0, LedgerLine(0, "credit", held.carried_fen, held.reserved_at, "", "上期结转", ""))
    return tuple(lines)
