"""What the station's services ask of the district, as a port: the sync client implements it, the
composition root wires it in, and a station that is not enrolled has none (it works alone).

(docs/architecture.md, "Several tills, one station")
"""

from __future__ import annotations

from typing import Protocol

from pos_app.contract.protocol import HouseholdLedgerPage, RemoteSale, Reservation


class DistrictLink(Protocol):
    def enrolled(self) -> bool:
        """Whether this till belongs to a district (then the district is the judge of balances)."""
        ...

    def push(self) -> None:
        """Send every queued fact now; ``SyncError`` when the district cannot be reached."""
        ...

    def reserve(self, reservation_id: str, household_code: str) -> Reservation:
        """Hold the household's balance for one settlement (the same id returns the same hold)."""
        ...

    def household_ledger(self, code: str, year: int) -> HouseholdLedgerPage:
        """The household's year as the district holds it, every till's entries."""
        ...

    def sale(self, receipt_no: str, *, timeout: float | None = None) -> RemoteSale | None:
        """A sale of this station as the district holds it, with every refund of it the district has
        received; None when the district has no such sale."""
        ...
