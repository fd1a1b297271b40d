"""Users and PINs (scrypt-hashed). Roles and lock-out policy grow with the users-and-audit work."""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select

from pos_app.crypto import check_secret as check_pin
from pos_app.crypto import hash_secret as hash_pin
from pos_app.domain.clock import Clock
from pos_app.domain.errors import AuthError, InvalidInput, NotPermitted
from pos_app.domain.ids import new_id
from pos_app.domain.permissions import Permission, require
from pos_app.domain.text import is_digits
from pos_app.store.audit import record
from pos_app.store.context import StationContext
from pos_app.store.models import AppUser
from pos_app.store.uow import Database

ROLES = ("cashier", "volunteer", "manager", "admin")
ROLE_ZH = {"cashier": "收银", "volunteer": "志愿者操作", "manager": "主管授权", "admin": "管理员操作"}


def validate_pin(pin: str) -> str:
    if not (is_digits(pin) and 4 <= len(pin) <= 8):
        raise InvalidInput(what="a PIN is 4 to 8 digits")
    return pin


@dataclass(frozen=True)
class UserView:
    id: str
    username: str
    display_name: str
    roles: tuple[str, ...]

    def has(self, role: str) -> bool:
        return role in self.roles


def _view(u: AppUser) -> UserView:
    return UserView(u.id, u.username, u.display_name, tuple(r for r in u.roles.split(",") if r))


MAX_TRIES = 5
LOCK_SECONDS = 30  # after the 5th wrong PIN; doubles with every further wrong PIN
MAX_LOCK_SECONDS = 15 * 60  # a lock-out is minutes, never days: a manager must not be locked out by a prankster


def lock_seconds(failed_attempts: int) -> int:
    """How long a user stays locked after ``failed_attempts`` wrong PINs in a row (0 below the limit)."""
    if failed_attempts < MAX_TRIES:
        return 0
    return min(MAX_LOCK_SECONDS, LOCK_SECONDS * (1 << min(failed_attempts - MAX_TRIES, 20)))


class UserLocked(AuthError):
    code = "user_locked"
    template = "Too many wrong PINs: try again in {seconds} s"
    template_zh = "PIN 错误次数过多，请 {seconds} 秒后再试"

    def __init__(self, *, seconds: int) -> None:
        super().__init__(seconds=seconds)
        self.seconds = seconds  # until the next try is allowed


class WrongPin(AuthError):
    """A wrong PIN for a known user: how many tries are left before the lock-out."""

    code = "wrong_pin"
    template = "Wrong user or PIN: {left} more tries before a lock-out"
    template_zh = "用户名或 PIN 错误，还可再试 {left} 次"

    def __init__(self, *, left: int) -> None:
        super().__init__(left=left)
        self.left = left


class UserService:
    def __init__(self, db: Database, clock: Clock, station: StationContext | None = None) -> None:
        self._db = db
        self._clock = clock
        self._station = station

    def create(self, username: str, display_name: str, roles: list[str], pin: str) -> UserView:
        username = username.strip().lower()
        if not username or len(username) > 32 or not username.replace("_", "").isalnum():
            raise InvalidInput(what=f"user name {username!r}")
        bad = [r for r in roles if r not in ROLES]
        if bad or not roles:
            raise InvalidInput(what=f"roles {roles} (choose from {', '.join(ROLES)})")
        validate_pin(pin)
        with self._db.uow(write=True) as uow:
            if uow.session.execute(select(AppUser.id).where(AppUser.username == username)).first():
                raise InvalidInput(what=f"user {username} already exists")
            user = AppUser(
                id=new_id(),
                username=username,
                display_name=display_name.strip() or username,
                roles=",".join(roles),
                pin_hash=hash_pin(pin),
                active=True,
                created_at=self._clock.now(),
            )
            uow.session.add(user)
            if self._station is not None:
                record(
                    uow.session,
                    self._station,
                    self._clock.now(),
                    "user_add",
                    user_id=None,
                    target=username,
                    after={"roles": roles, "display_name": user.display_name},
                )
            uow.commit()
            return _view(user)

    def authenticate(self, username: str, pin: str) -> UserView:
        """Check a PIN. Five wrong tries lock the user for 30 s, doubling with each further try;
        every failure is in the audit log. Nothing typed, or letters, are not a try: the PIN was
        not entered yet (a keyboard approval's Enter after the name), so no try is burnt."""
        typed = unicodedata.normalize("NFKC", pin).strip()
        if not typed:
            raise InvalidInput(what="type the PIN", what_zh="请输入 PIN")
        if not is_digits(typed) or not 4 <= len(typed) <= 8:
            raise InvalidInput(what="a PIN is 4 to 8 digits", what_zh="PIN 为 4–8 位数字")
        pin = typed
        now = self._clock.now()
        with self._db.uow(write=True) as uow:
            s = uow.session
            user = s.execute(
                select(AppUser).where(AppUser.username == username.strip().lower(), AppUser.active)
            ).scalar_one_or_none()
            if user is not None and user.locked_until is not None and user.locked_until > now:
                longest = timedelta(seconds=lock_seconds(user.failed_attempts))
                if user.locked_until - now > longest:
                    # The clock was set back: the lock-out runs from now, it is not stretched into days.
                    user.locked_until = now + longest
                    uow.commit()
                raise UserLocked(seconds=max(1, math.ceil((user.locked_until - now).total_seconds())))
            if user is not None and check_pin(pin, user.pin_hash):
                if user.failed_attempts:
                    user.failed_attempts = 0
                    user.locked_until = None
                    uow.commit()
                return _view(user)
            locked = 0
            if user is not None:
                user.failed_attempts += 1
                if user.failed_attempts >= MAX_TRIES:
                    locked = lock_seconds(user.failed_attempts)
                    user.locked_until = now + timedelta(seconds=locked)
            if self._station is not None:
                record(
                    s,
                    self._station,
                    now,
                    "pin_failed",
                    user_id=user.id if user else None,
                    target=username.strip()[:32],
                    attempts=user.failed_attempts if user else None,
                )
            uow.commit()
            if locked:  # this try locked the user: say for how long at once
                raise UserLocked(seconds=locked)
            if user is not None:
                raise WrongPin(left=MAX_TRIES - user.failed_attempts)
        raise AuthError()

    def authorize(self, username: str, pin: str, role: str) -> UserView:
        """A PIN check for one action that needs ``role`` (a manager approving a refund)."""
        user = self.authenticate(username, pin)
        if not user.has(role):
            raise NotPermitted(name=user.display_name, action=f"act as {role}", action_zh=ROLE_ZH.get(role, role))
        return user

    def approve(self, username: str, pin: str, permission: Permission) -> UserView:
        """The override prompt: someone whose roles grant ``permission`` approves one action."""
        user = self.authenticate(username, pin)
        require(user.display_name, user.roles, permission)
        return user

    def get(self, user_id: str) -> UserView:
        with self._db.uow() as uow:
            u = uow.session.get(AppUser, user_id)
            if u is None:
                raise InvalidInput(what=f"user {user_id}")
            return _view(u)

    def staff(self) -> list[UserView]:
        """Who may sign in at this till, for the sign-in screen's list (names and roles, never PINs)."""
        with self._db.uow() as uow:
            rows = uow.session.execute(select(AppUser).where(AppUser.active).order_by(AppUser.username)).scalars()
            return [_view(u) for u in rows]

    def list(self) -> list[UserView]:
        with self._db.uow() as uow:
            return [_view(u) for u in uow.session.execute(select(AppUser).order_by(AppUser.username)).scalars()]
