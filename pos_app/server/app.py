"""The district server's HTTP API (FastAPI). Stateless: everything lives in the database, so several
uvicorn workers or hosts can serve one PostgreSQL.

- ``GET /v1/meta``: the only endpoint without credentials.
- ``POST /v1/enroll``: a one-time enrollment code is the credential.
- ``POST /v1/push``, ``GET /v1/pull``: a terminal's bearer token; the terminal comes from the token.
- ``GET /v1/reports/...``, ``POST /v1/payouts``: a district admin (HTTP Basic over TLS).
- ``/district/…``: the district office's web pages (``server/web/``), behind a signed-in session.
The routes live in ``server/routes/`` (one router per caller), their dependencies in
``routes/deps.py``; this module assembles the app: error bodies, the body limit, the spec.
Every refusal is ``{"code", "message", "message_zh"}`` with a fitting status.
"""

import logging
from collections.abc import MutableMapping
from datetime import UTC, datetime
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse
from sqlalchemy import Engine
from starlette.exceptions import HTTPException as StarletteHTTPException

from pos_app.contract.protocol import (
    MAX_BODY_BYTES,
    ErrorBody,
    PushRequest,
)
from pos_app.crypto import FieldCipher
from pos_app.server.errors import ServerError
from pos_app.server.routes import district, terminals
from pos_app.server.routes.deps import Clock, ServerState
from pos_app.server.web import pages

log = logging.getLogger("pos.server")

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

    app.state.server = ServerState(engine, cipher, clock)
    app.include_router(terminals.router)
    app.include_router(district.router)
    app.include_router(pages.router)
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
            elif path not in ("/v1/meta", "/v1/enroll"):
                op["security"] = [{"terminal": []}]
    app.openapi_schema = spec
    return spec
