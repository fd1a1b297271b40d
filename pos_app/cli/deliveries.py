"""Residents for home delivery: import, and erasing one's personal data."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from pos_app.cli.base import Commands, skip_bad, tell_skipped
from pos_app.domain.permissions import Permission

if TYPE_CHECKING:
    from pos_app.bootstrap import Services


def register(sub: Commands) -> list[argparse.ArgumentParser]:
    res = sub.add_parser("import-residents", help="import elderly residents for home delivery (CSV or XLSX)")
    res.add_argument("file", type=Path)
    skip_bad(res)
    res.set_defaults(on_station=import_residents)

    purge = sub.add_parser("purge-resident", help="erase a resident's personal data (orders stay, anonymised)")
    purge.add_argument("code")
    purge.add_argument("--as", dest="as_user", required=True, help="an admin")
    purge.add_argument("--pin", required=True)
    purge.set_defaults(on_station=purge_resident)
    return [res, purge]


def import_residents(services: Services, args: argparse.Namespace) -> int:
    done = services.residents.import_residents(args.file, skip_bad=args.skip_bad)
    print(f"residents: {done.count} imported")
    if done.ignored_columns:
        print(f"columns not understood, not imported: {', '.join(done.ignored_columns)}", file=sys.stderr)
    tell_skipped(done.bad)
    return 0


def purge_resident(services: Services, args: argparse.Namespace) -> int:
    admin = services.users.approve(args.as_user, args.pin, Permission.USERS)
    services.residents.purge_resident(args.code, admin)
    print(f"resident {args.code}: personal data erased")
    return 0
