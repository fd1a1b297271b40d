"""The district office's pages: sign-in, sign-out and the stations at a glance.

Every page but the sign-in needs a signed-in district admin (a session cookie: HttpOnly,
SameSite=Strict, Secure over HTTPS, path /district); every POST carries the session's form token
(the sign-in form a token of its own, double-submitted in a cookie). An ``Authorization`` header,
a terminal's bearer token included, means nothing here.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from pos_app.server.district import LOCAL_TZ, stations_at_a_glance
from pos_app.server.routes.deps import State
from pos_app.server.web import accounts

COOKIE = "fp_district"
LOGIN_COOKIE = "fp_login"
STALE_AFTER = timedelta(days=1)  # a till not heard from for this long is marked on the stations page

templates = Jinja2Templates(directory=str(Path(__file__).with_name("templates")))
router = APIRouter(prefix="/district", include_in_schema=False)


def _local(t: datetime | None) -> str:
    return "" if t is None else t.astimezone(LOCAL_TZ).strftime("%Y-%m-%d %H:%M")


def _cookie(response: Response, request: Request, name: str, value: str) -> None:
    response.set_cookie(
        name,
        value,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        path="/district",
    )


def _page(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    return templates.TemplateResponse(request, name, context, status_code=status)


def _signed_in(request: Request, state: State) -> accounts.WebUser | None:
    with state.engine.begin() as conn:
        return accounts.session(conn, request.cookies.get(COOKIE), state.clock())


def _to_sign_in() -> RedirectResponse:
    return RedirectResponse("/district/login", status_code=303)


def _forbidden(request: Request) -> HTMLResponse:
    return _page(request, "login.html", 403, error="表单已过期，请重新登录", csrf="", username="", user=None)


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request) -> HTMLResponse:
    token = secrets.token_urlsafe(24)
    response = _page(request, "login.html", csrf=token, username="", error=None, user=None)
    _cookie(response, request, LOGIN_COOKIE, token)
    return response


@router.post("/login", response_class=HTMLResponse)
def login(
    request: Request,
    state: State,
    username: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    csrf: Annotated[str, Form()] = "",
) -> Response:
    if not accounts.same_token(request.cookies.get(LOGIN_COOKIE), csrf):
        return _forbidden(request)
    with state.engine.begin() as conn:  # a wrong password's count is committed with its refusal
        outcome = accounts.sign_in(conn, username, password, state.clock())
    if isinstance(outcome, accounts.SignInRefused):
        refused = outcome
        again = secrets.token_urlsafe(24)
        page = _page(
            request, "login.html", 401, csrf=again, username=username[:32], error=refused.message_zh, user=None
        )
        _cookie(page, request, LOGIN_COOKIE, again)
        return page
    token, _ = outcome
    response = RedirectResponse("/district/", status_code=303)
    _cookie(response, request, COOKIE, token)
    response.delete_cookie(LOGIN_COOKIE, path="/district")
    return response


@router.post("/logout")
def logout(request: Request, state: State, csrf: Annotated[str, Form()] = "") -> Response:
    user = _signed_in(request, state)
    if user is None:
        return _to_sign_in()
    if not accounts.same_token(csrf, user.csrf):
        return _forbidden(request)
    with state.engine.begin() as conn:
        accounts.sign_out(conn, request.cookies.get(COOKIE))
    response = _to_sign_in()
    response.delete_cookie(COOKIE, path="/district")
    return response


@router.get("/", response_class=HTMLResponse)
def stations(request: Request, state: State) -> Response:
    user = _signed_in(request, state)
    if user is None:
        return _to_sign_in()
    now = state.clock()
    with state.engine.connect() as conn:
        rows = stations_at_a_glance(conn, now)
    shown = [
        {
            **vars(t),
            "seen": _local(t.last_seen_at),
            "stale": t.enrolled and (t.last_seen_at is None or now - t.last_seen_at > STALE_AFTER),
        }
        for t in rows
    ]
    return _page(request, "stations.html", user=user, terminals=shown, now=_local(now))
