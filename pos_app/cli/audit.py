"""The audit log: verify it (here and against the district's copy), list, export."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from pos_app.cli.base import Commands, require
from pos_app.commandline import chinese, say
from pos_app.domain.audit_words import action_words, detail_words
from pos_app.domain.clock import format_local
from pos_app.domain.errors import SyncError

if TYPE_CHECKING:
    from pos_app.bootstrap import Services


def register(sub: Commands) -> list[argparse.ArgumentParser]:
    aud = sub.add_parser("audit", help="verify, list or export the audit log")
    aud.add_argument(
        "action", choices=("verify", "list", "export"), help="verify the chain, list entries or export them"
    )
    aud.add_argument("--grep", default="", help="only entries mentioning this")
    aud.add_argument("--out", type=Path, help="file for export (.csv or .xlsx)")
    aud.set_defaults(on_station=audit)
    return [aud]


def audit(services: Services, args: argparse.Namespace) -> int:
    if args.action == "verify":
        return verify(services)
    if args.action == "export":
        require(args.out, "--out FILE", "请用 --out 指定文件")
        n = services.audit.export(args.out, None)
        print(say(f"{n} entries → {args.out}", f"{n} 条审计记录 → {args.out}"))
        return 0
    zh = chinese()
    for e in services.audit.entries(args.grep, limit=200):
        approver = say(f" (approved by {e.approver})", f"（{e.approver} 授权）") if e.approver else ""
        at = format_local(e.at, "%Y-%m-%d %H:%M:%S")
        words = detail_words(e.detail, zh, e.action)
        print(f"{e.seq:6d} {at} {e.user or '—'}{approver} {action_words(e.action, zh)} {e.target} {words}".rstrip())
    return 0


def verify(services: Services) -> int:
    broken = services.audit.verify()
    if broken is not None:
        print(
            say(
                f"audit log broken at entry {broken}: it was edited, deleted or reordered",
                f"审计日志在第 {broken} 条处断开：记录被修改、删除或调换了顺序",
            ),
            file=sys.stderr,
        )
        return 1
    if not services.sync.status().enrolled:
        print(say("audit log intact", "审计日志完好"))
        return 0
    from pos_app.sync.client import SyncClient

    try:
        tip = SyncClient(services.sync, timeout=10).audit_tip()
    except SyncError as exc:
        print(
            say(
                f"audit log intact on this computer; the district was not asked ({exc.message})",
                f"本机审计日志完好；未能向区县核对（{exc.message_zh}）",
            )
        )
        return 0
    if not services.audit.matches_district(tip.entries, tip.hash):
        print(
            say(
                f"audit log differs from the district's: entry {tip.entries}, which the district "
                "received, is missing or changed here",
                f"审计日志与区县的不一致：区县已收到的第 {tip.entries} 条在本机缺失或被修改",
            ),
            file=sys.stderr,
        )
        return 1
    print(
        say(
            f"audit log intact, and agrees with the district's {tip.entries} entries",
            f"审计日志完好，与区县的 {tip.entries} 条记录一致",
        )
    )
    return 0
