"""The shapes every command group shares."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, TypeAlias

from pos_app.commandline import chinese, say
from pos_app.domain.errors import InvalidInput
from pos_app.domain.permissions import ACTION_ZH, Permission
from pos_app.services.users import UserView

if TYPE_CHECKING:
    from pos_app.bootstrap import Services

# The ``add_subparsers()`` object each group adds its commands to.
Commands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


def skip_bad(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument("--skip-bad", action="store_true", help="import the good rows, list the bad ones")


def tell_skipped(rows: Iterable[object]) -> None:
    for row in rows:
        text = row.zh() if chinese() and hasattr(row, "zh") else str(row)
        print(say(f"skipped {text}", f"已跳过 {text}"), file=sys.stderr)


def require(value: object, what: str, what_zh: str) -> None:
    """An option the command needs in this case (argparse cannot say "needed when …")."""
    if not value:
        raise InvalidInput(what=what, what_zh=what_zh)


def credential(cmd: argparse.ArgumentParser, who: str) -> None:
    """``--as USER`` and ``--pin PIN`` for a command that changes who may do what, what the till
    charges or what was recorded (``who``: whose, as the help says it). Without ``--pin`` the PIN is
    read from $POS_PIN, or asked for without echo when a person is at the terminal."""
    cmd.add_argument("--as", dest="as_user", help=who)
    cmd.add_argument("--pin", help="that user's PIN (default: $POS_PIN, or asked for)")


def approver(services: Services, args: argparse.Namespace, permission: Permission) -> UserView:
    """The user and PIN the command was given, checked (a wrong PIN counts toward the lock-out, as
    at the till) and allowed ``permission``."""
    action = ACTION_ZH.get(permission, permission.value)
    if not getattr(args, "as_user", None):
        raise InvalidInput(
            what=f"this command needs --as USER --pin PIN of someone allowed to {permission.value}",
            what_zh=f"此命令需要有「{action}」权限的用户：--as 用户名 --pin PIN",
        )
    pin = args.pin or os.environ.get("POS_PIN", "")
    if not pin and sys.stdin.isatty():
        pin = getpass.getpass(say(f"PIN for {args.as_user}: ", f"{args.as_user} 的 PIN："))
    return services.users.approve(args.as_user, pin, permission)


def audited(services: Services, who: UserView, action: str, target: str, **detail: Any) -> None:
    """What a command changed, with who did it, in the audit log."""
    services.audit.record(action, user_id=who.id, target=target, **detail)
