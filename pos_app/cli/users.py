"""Station users."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from pos_app.cli.base import Commands, require
from pos_app.commandline import say

if TYPE_CHECKING:
    from pos_app.bootstrap import Services


def register(sub: Commands) -> list[argparse.ArgumentParser]:
    usr = sub.add_parser("user", help="add or list users")
    usr.add_argument("action", choices=("add", "list"), help="add a user or list them")
    usr.add_argument("--username", help="the sign-in name (add)")
    usr.add_argument("--name", default="", help="the name shown and printed (add)")
    usr.add_argument("--roles", default="cashier", help="comma-separated: cashier,volunteer,manager,admin")
    usr.add_argument("--pin", help="4-8 digits")
    usr.set_defaults(on_station=user)
    return [usr]


def user(services: Services, args: argparse.Namespace) -> int:
    if args.action == "list":
        for u in services.users.list():
            print(f"{u.username:12s} {u.display_name:8s} {','.join(u.roles)}")
        return 0
    require(args.username and args.pin, "--username and --pin", "请给出 --username 与 --pin")
    u = services.users.create(args.username, args.name, args.roles.split(","), args.pin)
    print(say(f"user {u.username} ({','.join(u.roles)}) added", f"已添加用户 {u.username}（{','.join(u.roles)}）"))
    return 0
