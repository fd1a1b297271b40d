"""Users and PINs: scrypt hashes keyed with the key file's pepper (a copied station file alone
gives up no PIN), lock-out after five wrong tries, managers' and administrators' PINs of at least
six digits (an older, shorter one is changed at the next sign-in). Every change of who may do what
is audited with who made it."""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select

from pos_app.crypto import check_secret as check_pin
from pos_app.crypto import hash_secret as hash_pin
from pos_app.crypto import is_keyed
from pos_app.domain.clock import Clock
from pos_app.domain.errors import AuthError, InvalidInput, NotPermitted
from pos_app.domain.ids import new_id
from pos_app.domain.permissions import Permission, pin_digits, require
from pos_app.domain.text import is_digits
from pos_app.store.audit import record
from pos_app.store.context import StationContext
from pos_app.store.models import AppUser
from pos_app.store.uow import Database

ROLES = ("cashier", "volunteer", "manager", "admin")
ROLE_ZH = {"cashier": "收银", "volunteer": "志愿者操作", "manager": "主管授权", "admin": "管理员操作"}


def validate_pin(pin: str, roles: Sequence[str] = ()) -> str:
    """A new PIN for someone with ``roles``: digits only, 4–8 (6–8 for managers and administrators)."""
    low, high = pin_digits(roles)
    typed = unicodedata.normalize("NFKC", pin).strip()
    if not (is_digits(typed) and low <= len(typed) <= high):
        raise InvalidInput(what=f"a PIN is {low} to {high} digits", what_zh=f"PIN 须为 {low}–{high} 位数字")
    return typed


@dataclass(frozen=True)
class UserView:
    id: str
    username: str
    display_name: str
    roles: tuple[str, ...]
    active: bool = True
    pin_change_due: bool = False  # signed in with a PIN shorter than the roles now need: change it first

    def has(self, role: str) -> bool:
        return role in self.roles


def _view(u: AppUser, pin_change_due: bool = False) -> UserView:
    roles = tuple(r for r in u.roles.split(",") if r)
    return UserView(u.id, u.username, u.display_name, roles, u.active, pin_change_due)


def _roles(roles: Sequence[str]) -> list[str]:
    clean = [r.strip() for r in roles if r.strip()]
    bad = [r for r in clean if r not in ROLES]
    if bad or not clean:
        raise InvalidInput(
            what=f"roles {', '.join(clean) or '(none)'} (choose from {', '.join(ROLES)})",
            what_zh=f"角色 {'、'.join(clean) or '（无）'} 无效（可选：{'、'.join(ROLES)}）",
        )
    return list(dict.fromkeys(clean))


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
    def __init__(
        self, db: Database, clock: Clock, station: StationContext | None = None, pepper: bytes | None = None
    ) -> None:
        self._db = db
        self._clock = clock
        self._station = station
        self._pepper = pepper  # from the key file: PIN hashes are keyed with it

    def has_admin(self) -> bool:
        """Whether anyone may administer this station yet (the first administrator needs no one's PIN)."""
        with self._db.uow() as uow:
            rows = uow.session.execute(select(AppUser.roles).where(AppUser.active)).scalars()
            return any("admin" in r.split(",") for r in rows)

    def create(
        self, username: str, display_name: str, roles: list[str], pin: str, *, by: UserView | None = None
    ) -> UserView:
        """A new user. ``by``: the administrator adding them (needed once the station has one; the
        first administrator of a new station is added by no one)."""
        if by is not None:
            require(by.display_name, by.roles, Permission.USERS)
        username = username.strip().lower()
        if not username or len(username) > 32 or not username.replace("_", "").isalnum():
            raise InvalidInput(
                what=f"user name {username!r} (letters and digits, at most 32)",
                what_zh=f"用户名「{username}」无效（字母和数字，最多 32 位）",
            )
        roles = _roles(roles)
        pin = validate_pin(pin, roles)
        with self._db.uow(write=True) as uow:
            if uow.session.execute(select(AppUser.id).where(AppUser.username == username)).first():
                raise InvalidInput(what=f"user {username} already exists", what_zh=f"用户 {username} 已存在")
            user = AppUser(
                id=new_id(),
                username=username,
                display_name=display_name.strip() or username,
                roles=",".join(roles),
                pin_hash=hash_pin(pin, self._pepper),
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
                    user_id=by.id if by else None,
                    target=username,
                    after={"roles": roles, "display_name": user.display_name},
                )
            uow.commit()
            return _view(user)

    def edit(
        self,
        username: str,
        *,
        by: UserView,
        display_name: str | None = None,
        roles: Sequence[str] | None = None,
        pin: str | None = None,
        active: bool | None = None,
    ) -> UserView:
        """Change a user's name, roles, PIN (a reset: the PIN is never shown or audited) or whether
        they may sign in, by an administrator; audited with the values before and after."""
        require(by.display_name, by.roles, Permission.USERS)
        with self._db.uow(write=True) as uow:
            s = uow.session
            user = s.execute(select(AppUser).where(AppUser.username == username.strip().lower())).scalar_one_or_none()
            if user is None:
                raise InvalidInput(what=f"no user {username}", what_zh=f"没有用户 {username}")
            old_roles = user.roles.split(",")
            before: dict[str, object] = {"display_name": user.display_name, "roles": old_roles, "active": user.active}
            new_roles = _roles(roles) if roles is not None else old_roles
            if user.id == by.id and ("admin" not in new_roles or active is False):
                raise InvalidInput(
                    what="an administrator cannot take away their own administration",
                    what_zh="管理员不能取消自己的管理员身份或停用自己",
                )
            if roles is not None:
                user.roles = ",".join(new_roles)
            if display_name is not None and display_name.strip():
                user.display_name = display_name.strip()
            if active is not None:
                user.active = active
            if pin is not None:
                user.pin_hash = hash_pin(validate_pin(pin, new_roles), self._pepper)
                user.failed_attempts, user.locked_until = 0, None
            after: dict[str, object] = {
                "display_name": user.display_name,
                "roles": user.roles.split(","),
                "active": user.active,
            }
            if after == before and pin is None:
                return _view(user)
            if self._station is not None:
                changed = {k: v for k, v in after.items() if before[k] != v}
                record(
                    s,
                    self._station,
                    self._clock.now(),
                    "user_edit",
                    user_id=by.id,
                    target=user.username,
                    before={k: before[k] for k in changed},
                    after={**changed, **({"pin": "reset"} if pin is not None else {})},
                )
            uow.commit()
            return _view(user)

    def change_pin(self, username: str, old_pin: str, new_pin: str) -> UserView:
        """Someone changes their own PIN, knowing the old one (a short PIN at sign-in, or any day)."""
        user = self.authenticate(username, old_pin)
        new = validate_pin(new_pin, user.roles)
        if new == unicodedata.normalize("NFKC", old_pin).strip():
            raise InvalidInput(what="the new PIN is the old one", what_zh="新 PIN 不能与旧 PIN 相同")
        with self._db.uow(write=True) as uow:
            u = uow.session.get(AppUser, user.id)
            assert u is not None
            u.pin_hash = hash_pin(new, self._pepper)
            if self._station is not None:
                record(uow.session, self._station, self._clock.now(), "pin_change", user_id=u.id, target=u.username)
            uow.commit()
            return _view(u)

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
            if user is not None and check_pin(pin, user.pin_hash, self._pepper):
                if user.failed_attempts:
                    user.failed_attempts = 0
                    user.locked_until = None
                if self._pepper and not is_keyed(user.pin_hash):
                    user.pin_hash = hash_pin(pin, self._pepper)  # an older unkeyed hash: keyed from now on
                uow.commit()
                low, _ = pin_digits(user.roles.split(","))
                return _view(user, pin_change_due=len(pin) < low)
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
