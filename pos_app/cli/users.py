"""Who may sign in and do what: add, change or list users (an administrator's PIN for changes)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from pos_app.cli.base import Commands, approver, credential, require
from pos_app.commandline import say
from pos_app.domain.errors import InvalidInput
from pos_app.domain.permissions import Permission

if TYPE_CHECKING:
    from pos_app.bootstrap import Services


def register(sub: Commands) -> list[argparse.ArgumentParser]:
    usr = sub.add_parser("user", help="add, change or list users")
    usr.add_argument("action", choices=("add", "edit", "list"), help="add a user, change one or list them")
    usr.add_argument("--username", help="the sign-in name (add, edit)")
    usr.add_argument("--name", default="", help="the name shown and printed (add, edit)")
    usr.add_argument("--roles", help="comma-separated: cashier,volunteer,manager,admin")
    usr.add_argument("--new-pin", help="the user's PIN: 4-8 digits, 6-8 for a manager or an administrator")
    state = usr.add_mutually_exclusive_group()
    state.add_argument("--disable", action="store_true", help="the user may no longer sign in (edit)")
    state.add_argument("--enable", action="store_true", help="the user may sign in again (edit)")
    credential(usr, "the administrator making the change (not needed for a new station's first one)")
    usr.set_defaults(on_station=user)
    return [usr]


def user(services: Services, args: argparse.Namespace) -> int:
    if args.action == "list":
        for u in services.users.list():
            state = "" if u.active else say("  (disabled)", "  （已停用）")
            print(f"{u.username:12s} {u.display_name:8s} {','.join(u.roles)}{state}")
        return 0
    require(args.username, "--username", "请给出 --username")
    roles = [r for r in (args.roles or "").split(",") if r.strip()] or None
    if args.action == "add":
        require(args.new_pin, "--new-pin", "请给出 --new-pin（新用户的 PIN）")
        if services.users.has_admin():
            by = approver(services, args, Permission.USERS)
        elif "admin" not in (roles or []):
            raise InvalidInput(
                what="the first user of a station is its administrator: --roles admin (and manager, if they approve)",
                what_zh="门店的第一个用户须为管理员：请用 --roles admin（如需授权可加 manager）",
            )
        else:
            by = None  # a new station's first administrator: there is no one to ask yet
        u = services.users.create(args.username, args.name, roles or ["cashier"], args.new_pin, by=by)
        print(say(f"user {u.username} ({','.join(u.roles)}) added", f"已添加用户 {u.username}（{','.join(u.roles)}）"))
        return 0
    by = approver(services, args, Permission.USERS)
    active = False if args.disable else (True if args.enable else None)
    u = services.users.edit(
        args.username, by=by, display_name=args.name or None, roles=roles, pin=args.new_pin, active=active
    )
    state = "" if u.active else say(", disabled", "，已停用")
    print(say(f"user {u.username} ({','.join(u.roles)}){state}", f"用户 {u.username}（{','.join(u.roles)}）{state}"))
    return 0
