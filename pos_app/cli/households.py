"""The household registry."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from pos_app.cli.base import Commands, approver, audited, credential, skip_bad, tell_skipped
from pos_app.commandline import say
from pos_app.domain.permissions import Permission

if TYPE_CHECKING:
    from pos_app.bootstrap import Services


def register(sub: Commands) -> list[argparse.ArgumentParser]:
    hh = sub.add_parser("import-households", help="import the household registry (CSV or XLSX)")
    hh.add_argument("file", type=Path, help="the registry file (.csv or .xlsx)")
    skip_bad(hh)
    credential(hh, "a manager")
    hh.set_defaults(on_station=import_households)
    return [hh]


def import_households(services: Services, args: argparse.Namespace) -> int:
    manager = approver(services, args, Permission.HOUSEHOLD_EDIT)
    rep = services.households.import_file(args.file, skip_bad=args.skip_bad)
    audited(services, manager, "household_import", args.file.name, rows=rep.created + rep.updated)
    print(say(f"households: {rep.created} new, {rep.updated} updated", f"农户：新增 {rep.created}，更新 {rep.updated}"))
    tell_skipped(rep.bad)
    return 0
