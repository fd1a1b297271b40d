"""What terminals call: meta (no credentials), enroll (a one-time code), push, pull, the audit tip,
and what the tills of one station learn of each other through the district (state, settlements,
statements, another till's sale)."""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from pos_app.contract.protocol import (
    DEFAULT_PULL_LIMIT,
    MAX_PULL_LIMIT,
    STREAMS,
    SUPPORTED_VERSIONS,
    AuditTip,
    EnrollRequest,
    EnrollResponse,
    HouseholdLedgerPage,
    Meta,
    PullPage,
    PushRequest,
    PushResponse,
    RemoteSale,
    Reservation,
    ReserveRequest,
    StationState,
)
from pos_app.server import auth, district, ingest, reference, tills
from pos_app.server.errors import ServerError
from pos_app.server.routes.deps import ServerState, State, Terminal

router = APIRouter(prefix="/v1")


@router.get("/meta", response_model=Meta)
def meta(state: State) -> Meta:
    with state.engine.connect() as conn:
        return Meta(
            protocol_versions=list(SUPPORTED_VERSIONS),
            server_epoch=reference.epoch(conn),
            server_time=state.clock(),
            streams=list(STREAMS),
        )


@router.post("/enroll", response_model=EnrollResponse)
def enroll(state: State, req: EnrollRequest) -> EnrollResponse:
    with state.engine.begin() as conn:
        token, name = auth.enroll(conn, req.code, req.station_code, req.terminal, state.clock())
        return EnrollResponse(
            token=token,
            station_code=req.station_code.upper(),
            station_name=name,
            terminal=req.terminal,
            server_epoch=reference.epoch(conn),
        )


@router.post("/push", response_model=PushResponse)
async def push(request: Request, state: State, caller: Terminal) -> PushResponse:
    body = await request.body()  # parsed here, not by FastAPI: a refusal names the field
    try:
        req = PushRequest.model_validate_json(body)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(x) for x in first.get("loc", ()))
        raise ServerError(
            422, "invalid_request", f"{where}: {first.get('msg', 'invalid')}", f"推送格式错误：{where}"
        ) from exc
    return await run_in_threadpool(_push, state, caller, req)


def _push(state: ServerState, caller: auth.Caller, req: PushRequest) -> PushResponse:
    with state.engine.begin() as conn:
        return ingest.push(conn, caller, req, state.clock())


@router.get("/pull", response_model=PullPage)
def pull(
    state: State,
    caller: Terminal,
    stream: Annotated[str, Query(max_length=32)],
    since: Annotated[int, Query(ge=0, le=2**62)] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_PULL_LIMIT)] = DEFAULT_PULL_LIMIT,
) -> Response:
    with state.engine.connect() as conn:
        page = reference.pull(conn, stream, since, limit, state.cipher, caller.station_code)
    body = json.dumps(page, ensure_ascii=False, separators=(",", ":"))
    return Response(body.encode(), media_type="application/json")


@router.get("/audit/tip", response_model=AuditTip)
def audit_tip(state: State, caller: Terminal) -> AuditTip:
    """Where this terminal's audit chain stands at the district (the station compares its own)."""
    with state.engine.connect() as conn:
        return district.audit_tip(conn, caller.terminal_id)


@router.get("/state", response_model=StationState)
def station_state(state: State, caller: Terminal) -> StationState:
    """The station's stock and balances at the district, with this till's share of each."""
    now = state.clock()
    with state.engine.begin() as conn:  # asked at the end of every sync round, pushed or not
        auth.seen(conn, caller, now)
    with state.engine.connect() as conn:
        if conn.dialect.name == "postgresql":  # one snapshot for both figures
            conn.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        return tills.station_state(conn, caller, now)


@router.post("/settlements", response_model=Reservation)
def reserve(state: State, caller: Terminal, req: ReserveRequest) -> Reservation:
    """Hold a household's balance for a settlement at this till (asking again returns the same hold)."""
    with state.engine.begin() as conn:
        return tills.reserve(conn, caller, req, state.clock())


@router.get("/households/{code}/ledger", response_model=HouseholdLedgerPage)
def household_ledger(
    state: State, caller: Terminal, code: str, year: Annotated[int, Query(ge=2000, le=2199)]
) -> HouseholdLedgerPage:
    with state.engine.connect() as conn:
        return tills.household_ledger(conn, caller, code, year)


@router.get("/sales/{receipt_no}", response_model=RemoteSale)
def remote_sale(state: State, caller: Terminal, receipt_no: str) -> RemoteSale:
    """A sale of this station (any of its tills), with the refunds of it the district has."""
    with state.engine.connect() as conn:
        return tills.remote_sale(conn, caller, receipt_no)
