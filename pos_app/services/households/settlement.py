"""Settlement (结算): a household is paid every entry credited since its last payout, once, and only
at its home station (or by the district)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import insert

from pos_app.contract.facts import PayoutFact, to_payload
from pos_app.domain.clock import to_local
from pos_app.domain.errors import InvalidInput
from pos_app.domain.ids import new_id
from pos_app.domain.money import Fen
from pos_app.domain.permissions import Permission, require
from pos_app.services.base import StationService
from pos_app.services.households.ledger import LedgerLine, ledger_lines, paid_through
from pos_app.services.households.registry import HouseholdView, household_row, household_view
from pos_app.services.users import UserView
from pos_app.store.audit import record
from pos_app.store.documents import document_number
from pos_app.store.models import (
    LedgerEntry,
    Payout,
    table,
)
from pos_app.store.outbox import enqueue

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

    def settle(self, code: str, *, method: str, reference: str = "", paid_by: UserView) -> Settlement:
        """Pay out everything credited since the last settlement, once."""
        require(paid_by.display_name, paid_by.roles, Permission.SETTLEMENT)
        if method not in ("cash", "bank"):
            raise InvalidInput(what=f"method {method!r} (cash or bank)")
        if method == "bank" and not reference.strip():
            raise InvalidInput(what="a bank transfer needs its reference")
        now = self._clock.now()
        with self._db.uow(write=True) as uow:
            s = uow.session
            h = household_row(s, code)
            if h.home_station_code != self._station.station_code:
                raise InvalidInput(
                    what=f"household {h.code} is settled at station {h.home_station_code} or by the district"
                )
            after = paid_through(s, h.id)
            lines = ledger_lines(s, h.id, after, kinds=("credit", "debit"))
            amount = sum(li.amount_fen for li in lines)
            if not lines or amount <= 0:
                raise InvalidInput(what=f"nothing to pay household {h.code}")
            statement_no = document_number(s, Payout.statement_no, self._station, "JS")
            pid = new_id()
            payout = {
                "id": pid,
                "statement_no": statement_no,
                "household_id": h.id,
                "amount_fen": amount,
                "method": method,
                "reference": reference.strip()[:64],
                "through_seq": lines[-1].seq,
                "paid_by": paid_by.id,
                "station_code": self._station.station_code,
                "at": now,
            }
            s.execute(insert(table(Payout)), [payout])
            s.execute(
                insert(table(LedgerEntry)),
                [
                    {
                        "id": new_id(),
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
            result = Settlement(
                statement_no,
                household_view(s, h),
                amount,
                method,
                reference.strip(),
                tuple(lines),
                paid_by.display_name,
                now,
                self._station.station_name,
            )
            uow.commit()
        log.info("household %s paid %s fen (%s)", code, amount, statement_no)
        return result
