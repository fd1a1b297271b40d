"""Signing in to the district's web pages: sessions, form tokens and the lock-out.

A session is a random cookie value of which the server keeps only the SHA-256, with the form token
(CSRF) every POST must carry back and when it was last used: idle for ``IDLE`` it is gone. Five wrong
passwords in a row lock the account for ``LOCK_FOR``; while locked even the right password is
refused, and the count starts again after a good sign-in.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection, delete, insert, select, update

from pos_app.server import auth
from pos_app.server.models import AdminUser, WebSession, table

MAX_FAILURES = 5
LOCK_FOR = timedelta(minutes=15)
IDLE = timedelta(minutes=30)


@dataclass(frozen=True)
class WebUser:
    username: str
    csrf: str


class SignInRefused(Exception):
    def __init__(self, message: str, message_zh: str) -> None:
        super().__init__(message)
        self.message, self.message_zh = message, message_zh


def sign_in(conn: Connection, username: str, password: str, now: datetime) -> tuple[str, WebUser] | SignInRefused:
    """A new session for a district admin whose password checks out: (cookie value, user); else why
    not, *returned*, so that the caller commits the failure's count with the refusal."""
    username = username.strip()[:32]
    row = conn.execute(
        select(AdminUser.id, AdminUser.failed_logins, AdminUser.locked_until).where(AdminUser.username == username)
    ).first()
    if row is not None and row.locked_until is not None and row.locked_until > now:
        minutes = max(1, int((row.locked_until - now).total_seconds() // 60) + 1)
        return SignInRefused(
            f"too many wrong passwords: locked for {minutes} more minutes",
            f"密码错误次数过多，账号已锁定，请 {minutes} 分钟后再试",
        )
    if not auth.check_admin(conn, username, password):
        if row is not None:
            failed = row.failed_logins + 1
            locked = now + LOCK_FOR if failed >= MAX_FAILURES else None
            conn.execute(
                update(AdminUser)
                .where(AdminUser.id == row.id)
                .values(failed_logins=0 if locked else failed, locked_until=locked)
            )
        return SignInRefused("wrong user or password", "用户名或密码错误")
    assert row is not None  # the password checked out: the account exists
    conn.execute(update(AdminUser).where(AdminUser.id == row.id).values(failed_logins=0, locked_until=None))
    token = secrets.token_urlsafe(32)
    user = WebUser(username, secrets.token_urlsafe(32))
    conn.execute(
        insert(table(WebSession)),
        [
            {
                "token_hash": auth.sha256(token),
                "username": username,
                "csrf": user.csrf,
                "created_at": now,
                "last_seen_at": now,
            }
        ],
    )
    return token, user


def session(conn: Connection, token: str | None, now: datetime) -> WebUser | None:
    """The signed-in admin a cookie belongs to, or None (no cookie, unknown, idle too long, or the
    account disabled since)."""
    if not token or len(token) > 200:
        return None
    key = auth.sha256(token)
    row = conn.execute(
        select(WebSession.username, WebSession.csrf, WebSession.last_seen_at, AdminUser.active)
        .join(AdminUser, AdminUser.username == WebSession.username)
        .where(WebSession.token_hash == key)
    ).first()
    if row is None:
        return None
    if now - row.last_seen_at > IDLE or not row.active:
        conn.execute(delete(WebSession).where(WebSession.token_hash == key))
        return None
    conn.execute(update(WebSession).where(WebSession.token_hash == key).values(last_seen_at=now))
    return WebUser(row.username, row.csrf)


def sign_out(conn: Connection, token: str | None) -> None:
    if token:
        conn.execute(delete(WebSession).where(WebSession.token_hash == auth.sha256(token)))


def same_token(given: str | None, wanted: str) -> bool:
    return bool(given) and secrets.compare_digest(str(given), wanted)
