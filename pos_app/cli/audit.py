"""The audit log: verify it (here and against the district's copy), list, export."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from pos_app.cli.base import Commands, require
from pos_app.domain.errors import SyncError

if TYPE_CHECKING:
    from pos_app.bootstrap import Services


def register(sub: Commands) -> list[argparse.ArgumentParser]:
    aud = sub.add_parser("audit", help="verify, list or export the audit log")
    aud.add_argument("action", choices=("verify", "list", "export"))
    aud.add_argument("--grep", default="", help="only entries mentioning this")
    aud.add_argument("--out", type=Path, help="file for export (.csv or .xlsx)")
    aud.set_defaults(on_station=audit)
    return [aud]


def audit(services: Services, args: argparse.Namespace) -> int:
    if args.action == "verify":
        return verify(services)
    if args.action == "export":
        require(args.out, "--out FILE", "请用 --out 指定文件")
        print(f"{services.audit.export(args.out, None)} entries → {args.out}")
        return 0
    for e in services.audit.entries(args.grep, limit=200):
        approver = f" (approved by {e.approver})" if e.approver else ""
        print(f"{e.seq:6d} {e.at:%Y-%m-%d %H:%M:%S} {e.user}{approver} {e.action} {e.target} {e.detail}")
    return 0


def verify(services: Services) -> int:
    broken = services.audit.verify()
    if broken is not None:
        print(f"audit log broken at entry {broken}: it was edited, deleted or reordered", file=sys.stderr)
        return 1
    if not services.sync.status().enrolled:
        print("audit log intact")
        return 0
    from pos_app.sync.client import SyncClient

    try:
        tip = SyncClient(services.sync, timeout=10).audit_tip()
    except SyncError as exc:
        print(f"audit log intact on this computer; the district was not asked ({exc.message})")
        return 0
    if not services.audit.matches_district(tip.entries, tip.hash):
        print(
            f"audit log differs from the district's: entry {tip.entries}, which the district "
            "received, is missing or changed here",
            file=sys.stderr,
        )
        return 1
    print(f"audit log intact, and agrees with the district's {tip.entries} entries")
    return 0
