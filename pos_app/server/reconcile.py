"""Shift by shift: do the sales and refunds the district received for a till's shift add up to the
Z totals the till closed it with?

A closed shift's fact carries the till's own totals (sales and refunds counted and summed, each
tender's takings and give-backs, what households were credited less debited, and the range of
receipt numbers the shift used). The district sums what *it* received for that shift from its own
books — the sales and refunds it accepted (each already judged by the money rules), the ledger
entries it booked for them, the tenders of the facts it kept — and compares, to the fen. A shift is
**reconciled** when every figure agrees and no receipt number of its range is missing; otherwise it
is **incomplete**, with each difference and the missing receipt numbers. A shift closed by a till
too old to send totals says so. This is a second proof beside the receipt sequence: a sale can be
missing without a gap (the last one of a shift not yet sent), and a gap says nothing of amounts.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Connection, and_, func, or_, select

from pos_app.contract.facts import ShiftFact
from pos_app.domain.ids import receipt_number
from pos_app.server.district import receipt_numbers_used
from pos_app.server.models import (
    DistrictLedgerEntry,
    DistrictRefund,
    DistrictSale,
    DistrictStation,
    DistrictTerminal,
    Fact,
)

RECONCILED, INCOMPLETE, NO_TOTALS = "reconciled", "incomplete", "no_totals"


@dataclass(frozen=True)
class Figures:
    sales_count: int = 0
    sales_fen: int = 0
    refunds_count: int = 0
    refunds_fen: int = 0
    credited_fen: int = 0
    tenders: dict[str, tuple[int, int]] = field(default_factory=dict)  # code: (taken, given back)


@dataclass(frozen=True)
class Difference:
    what: str  # sales_count, sales_fen, refunds_count, refunds_fen, credited_fen, tender:CODE:sales|refunds
    till: int
    received: int

    @property
    def gap(self) -> int:
        return self.till - self.received

    @property
    def in_fen(self) -> bool:
        """Money (fen), not a count of sales or refunds."""
        return not self.what.endswith("_count")


@dataclass(frozen=True)
class ShiftReconciliation:
    shift_id: str
    station_code: str
    station_name: str
    terminal: int
    opened_at: datetime
    closed_at: datetime
    state: str
    till: Figures | None
    received: Figures
    differences: tuple[Difference, ...] = ()
    missing_receipts: tuple[str, ...] = ()  # receipt numbers of the shift's range not received


def _received(conn: Connection, terminal_id: str, shift_id: str) -> Figures:
    sales = select(DistrictSale.id).where(DistrictSale.terminal_id == terminal_id, DistrictSale.shift_id == shift_id)
    refunds = select(DistrictRefund.id).where(
        DistrictRefund.terminal_id == terminal_id, DistrictRefund.shift_id == shift_id
    )
    s_n, s_fen = conn.execute(
        select(func.count(), func.coalesce(func.sum(DistrictSale.total_fen), 0)).where(DistrictSale.id.in_(sales))
    ).one()
    r_n, r_fen = conn.execute(
        select(func.count(), func.coalesce(func.sum(DistrictRefund.total_fen), 0)).where(DistrictRefund.id.in_(refunds))
    ).one()
    credited = conn.execute(
        select(func.coalesce(func.sum(DistrictLedgerEntry.amount_fen), 0)).where(
            or_(
                and_(DistrictLedgerEntry.kind == "credit", DistrictLedgerEntry.sale_id.in_(sales)),
                and_(DistrictLedgerEntry.kind == "debit", DistrictLedgerEntry.refund_id.in_(refunds)),
            )
        )
    ).scalar_one()
    tenders: dict[str, list[int]] = {}
    facts = conn.execute(
        select(Fact.entity_type, Fact.payload_json).where(or_(Fact.entity_id.in_(sales), Fact.entity_id.in_(refunds)))
    )
    for kind, text in facts:  # the tenders, as the facts the district accepted state them
        for p in json.loads(text).get("payments", []):
            pair = tenders.setdefault(p["tender_code"], [0, 0])
            pair[0 if kind == "sale" else 1] += int(p["amount_fen"])
    return Figures(
        int(s_n),
        int(s_fen),
        int(r_n),
        int(r_fen),
        int(credited),
        {code: (a, b) for code, (a, b) in tenders.items()},
    )


def _missing(
    conn: Connection, terminal_id: str, first: int | None, last: int | None, station: str, terminal: int
) -> list[str]:
    if first is None or last is None:
        return []
    used = receipt_numbers_used(terminal_id, first, last)
    have = set(conn.execute(select(used.c.seq)).scalars())
    return [receipt_number(station, terminal, n) for n in range(first, last + 1) if n not in have][:1000]


def _compare(till: Figures, got: Figures) -> list[Difference]:
    out = [
        Difference(what, getattr(till, what), getattr(got, what))
        for what in ("sales_count", "sales_fen", "refunds_count", "refunds_fen", "credited_fen")
        if getattr(till, what) != getattr(got, what)
    ]
    for code in sorted(till.tenders.keys() | got.tenders.keys()):
        a, b = till.tenders.get(code, (0, 0)), got.tenders.get(code, (0, 0))
        for i, side in enumerate(("sales", "refunds")):
            if a[i] != b[i]:
                out.append(Difference(f"tender:{code}:{side}", a[i], b[i]))
    return out


def reconcile(conn: Connection, shift_id: str) -> ShiftReconciliation | None:
    """One closed shift, judged; None when the district has no such shift."""
    row = conn.execute(
        select(Fact.payload_json, Fact.terminal_id, DistrictStation.code, DistrictStation.name, DistrictTerminal.number)
        .join(DistrictTerminal, DistrictTerminal.id == Fact.terminal_id)
        .join(DistrictStation, DistrictStation.id == DistrictTerminal.station_id)
        .where(Fact.entity_type == "shift", Fact.entity_id == shift_id)
    ).first()
    if row is None:
        return None
    fact = ShiftFact.model_validate_json(row.payload_json)
    got = _received(conn, row.terminal_id, shift_id)
    head = fact.shift
    z = fact.totals
    till = (
        None
        if z is None
        else Figures(
            z.sales_count,
            z.sales_fen,
            z.refunds_count,
            z.refunds_fen,
            z.credited_fen,
            {t.tender_code: (t.sales_fen, t.refunds_fen) for t in z.tenders},
        )
    )
    differences = [] if till is None else _compare(till, got)
    missing = (
        [] if z is None else _missing(conn, row.terminal_id, z.first_doc_seq, z.last_doc_seq, row.code, row.number)
    )
    state = NO_TOTALS if till is None else RECONCILED if not differences and not missing else INCOMPLETE
    return ShiftReconciliation(
        shift_id,
        row.code,
        row.name,
        row.number,
        head.opened_at,
        head.closed_at,
        state,
        till,
        got,
        tuple(differences),
        tuple(missing),
    )


def recent_shifts(conn: Connection, station_code: str, limit: int = 50) -> list[ShiftReconciliation]:
    """A station's most recently received closed shifts, each judged."""
    ids = conn.execute(
        select(Fact.entity_id)
        .join(DistrictStation, DistrictStation.id == Fact.station_id)
        .where(Fact.entity_type == "shift", DistrictStation.code == station_code.strip().upper())
        .order_by(Fact.received_at.desc(), Fact.entity_id.desc())
        .limit(limit)
    ).scalars()
    out = []
    for shift_id in list(ids):
        judged = reconcile(conn, shift_id)
        if judged is not None:
            out.append(judged)
    return out
