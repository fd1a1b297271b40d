"""The district server's HTTP API (FastAPI). Stateless: everything lives in the database, so several
uvicorn workers or hosts can serve one PostgreSQL.

- ``GET /v1/meta``: the only endpoint without credentials.
- ``POST /v1/enroll``: a one-time enrollment code is the credential.
- ``POST /v1/push``, ``GET /v1/pull``: a terminal's bearer token; the terminal comes from the token.
- ``GET /v1/reports/...``: a district admin (HTTP Basic over TLS).
Every refusal is ``{"code", "message", "message_zh"}`` with a fitting status.
"""

import base64
import binascii
import json
import logging
from collections.abc import Callable, MutableMapping
from datetime import UTC, date, datetime
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Header, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse, Response
from pydantic import ValidationError
from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from pos_app.contract.protocol import (
    DEFAULT_PULL_LIMIT,
    MAX_BODY_BYTES,
    MAX_PULL_LIMIT,
    STREAMS,
    SUPPORTED_VERSIONS,
    AuditBreak,
    AuditTip,
    DistrictFigures,
    EnrollRequest,
    EnrollResponse,
    ErrorBody,
    Meta,
    PayoutReceipt,
    PayoutRequest,
    PullPage,
    PushRequest,
    PushResponse,
    QuarantinedFact,
    TerminalGaps,
)
from pos_app.crypto import FieldCipher
from pos_app.server import auth, district, ingest, reference, settlement
from pos_app.server.errors import ServerError, bad_input, unauthorised

log = logging.getLogger("pos.server")
Clock = Callable[[], datetime]

ERRORS: dict[int | str, dict[str, Any]] = {s: {"model": ErrorBody} for s in (400, 401, 403, 404, 413, 422)}


def _utcnow() -> datetime:
    return datetime.now(UTC)


def _error(
    status: int, code: str, message: str, message_zh: str, headers: dict[str, str] | None = None
) -> JSONResponse:
    body = ErrorBody(code=code, message=message, message_zh=message_zh).model_dump()
    return JSONResponse(body, status_code=status, headers=headers)


class BodyLimit:
    """Refuse request bodies over ``limit`` bytes, declared or streamed, before anything parses them."""

    def __init__(self, app: Any, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: MutableMapping[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        too_big = _error(413, "too_large", f"the request is over {self.limit} bytes", "请求过大")
        for name, value in scope.get("headers", ()):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = self.limit + 1
                if declared > self.limit:
                    await too_big(scope, receive, send)
                    return
        seen = 0

        async def limited() -> MutableMapping[str, Any]:
            nonlocal seen
            message: MutableMapping[str, Any] = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise _TooLarge()
            return message

        try:
            await self.app(scope, limited, send)
        except _TooLarge:
            await too_big(scope, receive, send)


class _TooLarge(Exception):
    pass


def create_app(engine: Engine, cipher: FieldCipher, clock: Clock = _utcnow) -> FastAPI:
    app = FastAPI(
        title="扶贫 POS district server",
        version="1",
        description="Stations push facts (sales, refunds, ledger, deliveries…) exactly once and pull reference data.",
        responses=ERRORS,
        # Nothing but /v1/meta answers without credentials: no public docs pages. The spec is
        # printed by `pos-server openapi`.
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
    )

    @app.exception_handler(ServerError)
    async def _server_error(_: Request, exc: ServerError) -> JSONResponse:
        headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
        return _error(exc.status, exc.code, exc.message, exc.message_zh, headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(x) for x in first.get("loc", ()))
        return _error(422, "invalid_request", f"{where}: {first.get('msg', 'invalid')}", f"请求格式错误：{where}")

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        return _error(exc.status_code, f"http_{exc.status_code}", str(exc.detail), "请求无法处理")

    @app.exception_handler(Exception)
    async def _bug(_: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected server error")
        return _error(
            500, "server_error", "the server failed; the request may be retried", "服务器内部错误，可稍后重试"
        )

    def terminal(authorization: Annotated[str | None, Header()] = None) -> auth.Caller:
        scheme, _, token = (authorization or "").partition(" ")
        if scheme.lower() != "bearer":
            raise unauthorised()
        with engine.connect() as conn:
            return auth.authenticate(conn, token.strip())

    def admin(authorization: Annotated[str | None, Header()] = None) -> str:
        scheme, _, value = (authorization or "").partition(" ")
        refused = ServerError(
            401, "unauthorised", "a district admin's user and password are required", "需要区级管理员账号和密码"
        )
        if scheme.lower() != "basic":
            raise refused
        try:
            user, _, password = base64.b64decode(value.strip(), validate=True).decode().partition(":")
        except (binascii.Error, UnicodeDecodeError) as exc:
            raise refused from exc
        with engine.connect() as conn:
            if not auth.check_admin(conn, user, password):
                raise refused
        return user

    @app.get("/v1/meta", response_model=Meta)
    def meta() -> Meta:
        with engine.connect() as conn:
            return Meta(
                protocol_versions=list(SUPPORTED_VERSIONS),
                server_epoch=reference.epoch(conn),
                server_time=clock(),
                streams=list(STREAMS),
            )

    @app.post("/v1/enroll", response_model=EnrollResponse)
    def enroll(req: EnrollRequest) -> EnrollResponse:
        with engine.begin() as conn:
            token, name = auth.enroll(conn, req.code, req.station_code, req.terminal, clock())
            return EnrollResponse(
                token=token,
                station_code=req.station_code.upper(),
                station_name=name,
                terminal=req.terminal,
                server_epoch=reference.epoch(conn),
            )

    @app.post("/v1/push", response_model=PushResponse)
    async def push(request: Request, caller: Annotated[auth.Caller, Depends(terminal)]) -> PushResponse:
        body = await request.body()
        try:
            req = PushRequest.model_validate_json(body)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(x) for x in first.get("loc", ()))
            raise ServerError(
                422, "invalid_request", f"{where}: {first.get('msg', 'invalid')}", f"推送格式错误：{where}"
            ) from exc
        return await run_in_threadpool(_push, caller, req)

    def _push(caller: auth.Caller, req: PushRequest) -> PushResponse:
        with engine.begin() as conn:
            return ingest.push(conn, caller, req, clock())

    @app.get("/v1/pull", response_model=PullPage)
    def pull(
        caller: Annotated[auth.Caller, Depends(terminal)],
        stream: Annotated[str, Query(max_length=32)],
        since: Annotated[int, Query(ge=0, le=2**62)] = 0,
        limit: Annotated[int, Query(ge=1, le=MAX_PULL_LIMIT)] = DEFAULT_PULL_LIMIT,
    ) -> Response:
        with engine.connect() as conn:
            page = reference.pull(conn, stream, since, limit, cipher, caller.station_code)
        body = json.dumps(page, ensure_ascii=False, separators=(",", ":"))
        return Response(body.encode(), media_type="application/json")

    @app.get("/v1/reports/district", response_model=DistrictFigures)
    def district_report(
        _: Annotated[str, Depends(admin)],
        date_from: Annotated[date | None, Query(alias="from")] = None,
        date_to: Annotated[date | None, Query(alias="to")] = None,
    ) -> DistrictFigures:
        if date_from and date_to and date_from > date_to:
            raise bad_input("from is after to", "起始日期晚于结束日期")
        with engine.connect() as conn:
            return district.figures(conn, date_from, date_to, clock())

    @app.get("/v1/reports/gaps", response_model=list[TerminalGaps])
    def gaps(_: Annotated[str, Depends(admin)]) -> list[TerminalGaps]:
        with engine.connect() as conn:
            return district.gaps(conn)

    @app.get("/v1/reports/audit-breaks", response_model=list[AuditBreak])
    def audit_breaks(_: Annotated[str, Depends(admin)]) -> list[AuditBreak]:
        with engine.connect() as conn:
            return district.audit_breaks(conn)

    @app.get("/v1/audit/tip", response_model=AuditTip)
    def audit_tip(caller: Annotated[auth.Caller, Depends(terminal)]) -> AuditTip:
        """Where this terminal's audit chain stands at the district (the station compares its own)."""
        with engine.connect() as conn:
            return district.audit_tip(conn, caller.terminal_id)

    @app.post("/v1/payouts", response_model=PayoutReceipt)
    def payout(user: Annotated[str, Depends(admin)], req: PayoutRequest) -> PayoutReceipt:
        """Pay out a household the district settles (no home station), against the district's books."""
        with engine.begin() as conn:
            return settlement.pay_out(
                conn,
                req.household_code,
                method=req.method,
                reference=req.reference,
                paid_by=user,
                now=clock(),
                amount_fen=req.amount_fen,
            )

    @app.get("/v1/reports/quarantine", response_model=list[QuarantinedFact])
    def quarantined(_: Annotated[str, Depends(admin)]) -> list[QuarantinedFact]:
        with engine.connect() as conn:
            return district.quarantine(conn)

    app.add_middleware(BodyLimit, limit=MAX_BODY_BYTES)
    app.openapi = lambda: _spec(app)  # type: ignore[method-assign]
    return app


def _spec(app: FastAPI) -> dict[str, Any]:
    """The generated spec, plus the push body (read straight from bytes by the route, so FastAPI
    does not see it) and the bearer/basic security schemes."""
    if app.openapi_schema:
        return app.openapi_schema
    spec = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
    schemas = spec.setdefault("components", {}).setdefault("schemas", {})
    body = PushRequest.model_json_schema(ref_template="#/components/schemas/{model}")
    schemas.update(body.pop("$defs", {}))
    schemas["PushRequest"] = body
    spec["paths"]["/v1/push"]["post"]["requestBody"] = {
        "required": True,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PushRequest"}}},
    }
    spec["components"]["securitySchemes"] = {
        "terminal": {"type": "http", "scheme": "bearer"},
        "admin": {"type": "http", "scheme": "basic"},
    }
    for path, item in spec["paths"].items():
        for op in item.values():
            if path.startswith("/v1/reports") or path == "/v1/payouts":
                op["security"] = [{"admin": []}]
            elif path in ("/v1/push", "/v1/pull", "/v1/audit/tip"):
                op["security"] = [{"terminal": []}]
    app.openapi_schema = spec
    return spec
