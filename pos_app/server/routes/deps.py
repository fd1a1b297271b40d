"""Everything a route depends on, in one place: the server's state (engine, field cipher, clock)
and the two kinds of caller, a terminal (bearer token) and a district admin (HTTP Basic)."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Annotated

from fastapi import Depends, Header, Request
from sqlalchemy import Engine

from pos_app.crypto import FieldCipher
from pos_app.server import auth
from pos_app.server.errors import ServerError, unauthorised

Clock = Callable[[], datetime]


@dataclass(frozen=True, slots=True)
class ServerState:
    engine: Engine
    cipher: FieldCipher
    clock: Clock


def server_state(request: Request) -> ServerState:
    state: ServerState = request.app.state.server
    return state


State = Annotated[ServerState, Depends(server_state)]


def terminal(
    state: State,
    authorization: Annotated[str | None, Header()] = None,
    date: Annotated[str | None, Header()] = None,
) -> auth.Caller:
    """The terminal the bearer token belongs to (never what a request body says), with the time its
    clock showed when it sent the request (the HTTP Date header), when that was readable."""
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer":
        raise unauthorised()
    with state.engine.connect() as conn:
        caller = auth.authenticate(conn, token.strip())
    return replace(caller, clock=_http_date(date))


def _http_date(value: str | None) -> datetime | None:
    """An HTTP Date header as an aware datetime; None when absent or unreadable (never a refusal)."""
    if not value or len(value) > 64:
        return None
    try:
        at = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return at if at.tzinfo is not None else at.replace(tzinfo=UTC)


def admin(state: State, authorization: Annotated[str | None, Header()] = None) -> str:
    """A district admin's user name, after their password checked out."""
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
    with state.engine.connect() as conn:
        if not auth.check_admin(conn, user, password):
            raise refused
    return user


Terminal = Annotated[auth.Caller, Depends(terminal)]
Admin = Annotated[str, Depends(admin)]
