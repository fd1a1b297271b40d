"""What the district office calls (a district admin): reports and the district's own payouts."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query

from pos_app.contract.protocol import (
    AuditBreak,
    DistrictFigures,
    PayoutReceipt,
    PayoutRequest,
    QuarantinedFact,
    TerminalGaps,
)
from pos_app.server import district, settlement
from pos_app.server.errors import bad_input
from pos_app.server.routes.deps import Admin, State

router = APIRouter(prefix="/v1")


@router.get("/reports/district", response_model=DistrictFigures)
def district_report(
    state: State,
    _: Admin,
    date_from: Annotated[date | None, Query(alias="from")] = None,
    date_to: Annotated[date | None, Query(alias="to")] = None,
) -> DistrictFigures:
    if date_from and date_to and date_from > date_to:
        raise bad_input("from is after to", "起始日期晚于结束日期")
    with state.engine.connect() as conn:
        return district.figures(conn, date_from, date_to, state.clock())


@router.get("/reports/gaps", response_model=list[TerminalGaps])
def gaps(state: State, _: Admin) -> list[TerminalGaps]:
    with state.engine.connect() as conn:
        return district.gaps(conn)


@router.get("/reports/audit-breaks", response_model=list[AuditBreak])
def audit_breaks(state: State, _: Admin) -> list[AuditBreak]:
    with state.engine.connect() as conn:
        return district.audit_breaks(conn)


@router.get("/reports/quarantine", response_model=list[QuarantinedFact])
def quarantined(state: State, _: Admin) -> list[QuarantinedFact]:
    with state.engine.connect() as conn:
        return district.quarantine(conn)


@router.post("/payouts", response_model=PayoutReceipt)
def payout(state: State, user: Admin, req: PayoutRequest) -> PayoutReceipt:
    """Pay out a household the district settles (no home station), against the district's books."""
    with state.engine.begin() as conn:
        return settlement.pay_out(
            conn,
            req.household_code,
            method=req.method,
            reference=req.reference,
            paid_by=user,
            now=state.clock(),
            amount_fen=req.amount_fen,
        )
