"""Stations, terminals and their tokens; one-time enrollment codes; district admin accounts.

A terminal's token is 32 random bytes shown once, at enrollment; the server keeps only its SHA-256
(a token is long and random, so a fast hash is right here; passwords get scrypt). The terminal a
request speaks for comes from its token, never from its body.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection, insert, select, update

from pos_app.crypto import check_secret, hash_secret
from pos_app.domain.ids import new_id
from pos_app.server.errors import ServerError, bad_input, not_found, unauthorised
from pos_app.server.models import AdminUser, DistrictStation, DistrictTerminal, EnrollmentCode, table

ENROLL_TTL = timedelta(hours=24)
_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud over the phone


@dataclass(frozen=True)
class Caller:
    terminal_id: str
    station_id: str
    station_code: str
    terminal_no: int
    clock: datetime | None = None  # the till's own clock, as its request's Date header said


def seen(conn: Connection, caller: Caller, now: datetime, **values: object) -> None:
    """The terminal was heard from now: kept with how far its clock is from the server's (when its
    request said the time), and any other ``values`` of its row."""
    if caller.clock is not None:
        values["clock_skew_s"] = round((caller.clock - now).total_seconds())
    conn.execute(
        update(DistrictTerminal).where(DistrictTerminal.id == caller.terminal_id).values(last_seen_at=now, **values)
    )


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _normal_code(code: str) -> str:
    return code.strip().upper().replace("-", "").replace(" ", "")


def _station(conn: Connection, code: str) -> tuple[str, str]:
    """(id, code) of a registered station."""
    row = conn.execute(
        select(DistrictStation.id, DistrictStation.code).where(DistrictStation.code == code.strip().upper())
    ).first()
    if row is None:
        raise not_found("station", "站点", code)
    return row.id, row.code


def add_station(conn: Connection, code: str, name: str, now: datetime) -> str:
    code = code.strip().upper()
    if not code or not code.isascii() or not code.replace("_", "").isalnum() or len(code) > 16:
        raise bad_input(f"station code {code!r} (letters and digits, at most 16)", f"站点编码无效：{code}")
    if not name.strip() or len(name) > 100:
        raise bad_input("station name", "站点名称无效")
    existing = conn.execute(select(DistrictStation.id).where(DistrictStation.code == code)).scalar()
    if existing:
        conn.execute(update(DistrictStation).where(DistrictStation.id == existing).values(name=name.strip()))
        return str(existing)
    sid = new_id()
    conn.execute(insert(table(DistrictStation)), [{"id": sid, "code": code, "name": name.strip(), "created_at": now}])
    return sid


def enrollment_code(conn: Connection, station_code: str, terminal_no: int, now: datetime) -> str:
    """A one-time code (expires in 24 h) for one terminal of a station: XXXX-XXXX-XXXX."""
    if not 1 <= terminal_no <= 99:
        raise bad_input(f"terminal number {terminal_no} (1–99)", f"终端号无效：{terminal_no}")
    station_id, _ = _station(conn, station_code)
    raw = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(12))
    conn.execute(
        insert(table(EnrollmentCode)),
        [
            {
                "code_hash": sha256(raw),
                "station_id": station_id,
                "terminal_number": terminal_no,
                "created_at": now,
                "expires_at": now + ENROLL_TTL,
                "used_at": None,
            }
        ],
    )
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def enroll(conn: Connection, code: str, station_code: str, terminal_no: int, now: datetime) -> tuple[str, str]:
    """Exchange an enrollment code for a terminal token. Returns (token, station name)."""
    ec = conn.execute(
        select(
            EnrollmentCode.code_hash,
            EnrollmentCode.station_id,
            EnrollmentCode.terminal_number,
            EnrollmentCode.expires_at,
            EnrollmentCode.used_at,
            DistrictStation.code.label("station_code"),
            DistrictStation.name.label("station_name"),
        )
        .join(DistrictStation, DistrictStation.id == EnrollmentCode.station_id)
        .where(EnrollmentCode.code_hash == sha256(_normal_code(code)))
    ).first()
    refused = ServerError(
        403, "enrollment_refused", "the enrollment code is wrong, used or expired", "登记码错误、已使用或已过期"
    )
    if ec is None:
        raise refused
    code_station, station_name = ec.station_code, ec.station_name
    if ec.used_at is not None or ec.expires_at < now:
        raise refused
    if code_station != station_code.strip().upper() or ec.terminal_number != terminal_no:
        raise ServerError(
            403,
            "enrollment_mismatch",
            f"this code is for station {code_station} terminal {ec.terminal_number}",
            f"此登记码属于站点 {code_station} 的 {ec.terminal_number} 号终端",
        )
    # Claim the code first: of two enrollments with one code at once, exactly one row is updated (the
    # other waits on the row lock, then sees it used), so exactly one token is made.
    claimed = conn.execute(
        update(EnrollmentCode)
        .where(EnrollmentCode.code_hash == ec.code_hash, EnrollmentCode.used_at.is_(None))
        .values(used_at=now)
    ).rowcount
    if claimed != 1:
        raise refused
    token = secrets.token_urlsafe(32)
    tid = conn.execute(
        select(DistrictTerminal.id).where(
            DistrictTerminal.station_id == ec.station_id, DistrictTerminal.number == terminal_no
        )
    ).scalar()
    values = {"token_hash": sha256(token), "enrolled_at": now, "revoked_at": None}
    if tid is None:
        conn.execute(
            insert(table(DistrictTerminal)),
            [{"id": new_id(), "station_id": ec.station_id, "number": terminal_no, "high_water": 0, **values}],
        )
    else:  # re-enrolling a terminal (a new PC) replaces its token; its history stays
        conn.execute(update(DistrictTerminal).where(DistrictTerminal.id == tid).values(**values))
    return token, str(station_name)


def authenticate(conn: Connection, token: str | None) -> Caller:
    if not token or len(token) > 200:
        raise unauthorised()
    row = conn.execute(
        select(
            DistrictTerminal.id,
            DistrictTerminal.station_id,
            DistrictStation.code,
            DistrictTerminal.number,
            DistrictTerminal.revoked_at,
        )
        .join(DistrictStation, DistrictStation.id == DistrictTerminal.station_id)
        .where(DistrictTerminal.token_hash == sha256(token))
    ).first()
    if row is None:
        raise unauthorised()
    if row.revoked_at is not None:
        raise ServerError(401, "token_revoked", "this terminal's token was revoked", "本终端的令牌已被吊销")
    return Caller(row.id, row.station_id, row.code, row.number)


def revoke(conn: Connection, station_code: str, terminal_no: int, now: datetime) -> None:
    station_id, code = _station(conn, station_code)
    done = conn.execute(
        update(DistrictTerminal)
        .where(DistrictTerminal.station_id == station_id, DistrictTerminal.number == terminal_no)
        .values(revoked_at=now)
    ).rowcount
    if not done:
        raise not_found("terminal", "终端", f"{code}-{terminal_no:02d}")


def add_admin(conn: Connection, username: str, password: str, now: datetime) -> None:
    if not username or len(username) > 32 or not username.isascii():
        raise bad_input("username: at most 32 ASCII characters", "用户名：最多 32 个英文字符")
    if len(password) < 10:
        raise bad_input("a district password has at least 10 characters", "区级密码至少 10 个字符")
    digest = hash_secret(password)
    existing = conn.execute(select(AdminUser.id).where(AdminUser.username == username)).scalar()
    if existing:
        conn.execute(update(AdminUser).where(AdminUser.id == existing).values(password_hash=digest, active=True))
        return
    conn.execute(
        insert(table(AdminUser)),
        [{"id": new_id(), "username": username, "password_hash": digest, "active": True, "created_at": now}],
    )


_DUMMY = hash_secret("timing-equaliser")


def check_admin(conn: Connection, username: str, password: str) -> bool:
    stored = conn.execute(
        select(AdminUser.password_hash).where(AdminUser.username == username, AdminUser.active)
    ).scalar()
    ok = check_secret(password, stored or _DUMMY)  # the same work whether or not the user exists
    return stored is not None and ok
