"""Residents for home delivery: import, and erasing one's personal data."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from pos_app.cli.base import Commands, approver, audited, credential, skip_bad, tell_skipped
from pos_app.commandline import say
from pos_app.domain.permissions import Permission

if TYPE_CHECKING:
    from pos_app.bootstrap import Services


def register(sub: Commands) -> list[argparse.ArgumentParser]:
    res = sub.add_parser("import-residents", help="import elderly residents for home delivery (CSV or XLSX)")
    res.add_argument("file", type=Path, help="the residents file (.csv or .xlsx)")
    skip_bad(res)
    credential(res, "a volunteer or a manager")
    res.set_defaults(on_station=import_residents)

    purge = sub.add_parser("purge-resident", help="erase a resident's personal data (orders stay, anonymised)")
    purge.add_argument("code", help="the resident's code")
    credential(purge, "an administrator")
    purge.set_defaults(on_station=purge_resident)
    return [res, purge]


def import_residents(services: Services, args: argparse.Namespace) -> int:
    who = approver(services, args, Permission.RESIDENTS)
    done = services.residents.import_residents(args.file, skip_bad=args.skip_bad)
    audited(services, who, "resident_import", args.file.name, rows=done.count)
    print(say(f"residents: {done.count} imported", f"居民：已导入 {done.count} 位"))
    if done.ignored_columns:
        cols = ", ".join(done.ignored_columns)
        print(say(f"columns not understood, not imported: {cols}", f"未识别、未导入的列：{cols}"), file=sys.stderr)
    tell_skipped(done.bad)
    return 0


def purge_resident(services: Services, args: argparse.Namespace) -> int:
    admin = approver(services, args, Permission.USERS)
    services.residents.purge_resident(args.code, admin)
    print(say(f"resident {args.code}: personal data erased", f"居民 {args.code}：个人信息已删除"))
    return 0
