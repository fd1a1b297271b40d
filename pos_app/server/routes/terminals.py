"""What terminals call: meta (no credentials), enroll (a one-time code), push, pull, the audit tip."""

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
    Meta,
    PullPage,
    PushRequest,
    PushResponse,
)
from pos_app.server import auth, district, ingest, reference
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
