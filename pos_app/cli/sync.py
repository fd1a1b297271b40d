"""The district: enroll this terminal, sync (once or continuously), facts the district refused."""

from __future__ import annotations

import argparse
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from pos_app.cli.base import Commands, approver, credential, require
from pos_app.commandline import say
from pos_app.domain.permissions import Permission

if TYPE_CHECKING:
    from pos_app.bootstrap import Services
    from pos_app.sync.client import SyncReport


def register(sub: Commands) -> list[argparse.ArgumentParser]:
    enr = sub.add_parser("enroll", help="enroll this terminal with the district server (a one-time code)")
    enr.add_argument("--server", required=True, help="the district server's URL, e.g. https://pos.example.gov.cn")
    enr.add_argument("--code", required=True, help="the code from `pos-server enroll-code`")
    credential(enr, "the administrator enrolling it")
    enr.set_defaults(on_station=enroll)

    syn = sub.add_parser("sync", help="push queued facts and pull the district's reference data")
    syn.add_argument("--once", action="store_true", help="one round, then exit (default: keep syncing)")
    syn.add_argument("--interval", type=float, default=30.0, help="seconds between rounds (default 30)")
    syn.set_defaults(on_station=sync)

    prob = sub.add_parser("sync-problems", help="facts the district server refused: list, retry or export")
    prob.add_argument("action", choices=("list", "retry", "export"), help="list them, send them again or export them")
    credential(prob, "a manager (retry, export)")
    prob.add_argument("--out", type=Path, help="file for export (.csv or .xlsx)")
    prob.set_defaults(on_station=problems)
    return [enr, syn, prob]


def enroll(services: Services, args: argparse.Namespace) -> int:
    from pos_app.sync.client import enroll

    admin = approver(services, args, Permission.ENROLLMENT)
    reply = enroll(services.sync, args.server, args.code, by=admin)
    print(
        say(
            f"enrolled: station {reply.station_code} {reply.station_name}, terminal {reply.terminal} → {args.server}",
            f"已接入：门店 {reply.station_code} {reply.station_name}，终端 {reply.terminal} → {args.server}",
        )
    )
    return 0


def problems(services: Services, args: argparse.Namespace) -> int:
    if args.action == "list":
        for p in services.sync.problems():
            print(f"{p.seq:8d} {p.entity_type:11s} {p.entity_id} {p.status:9s} {p.error}")
        return 0
    manager = approver(services, args, Permission.SYNC_PROBLEMS)
    if args.action == "retry":
        n = services.sync.retry([p.seq for p in services.sync.problems()], manager)
        print(say(f"{n} facts queued again", f"{n} 条记录已重新排队"))
        return 0
    require(args.out, "--out FILE", "请用 --out 指定文件")
    n = services.sync.export_problems(args.out, manager)
    print(say(f"{n} problems → {args.out}", f"{n} 条问题 → {args.out}"))
    return 0


def _describe(r: SyncReport) -> str:
    pulled = ", ".join(f"{k} {v}" for k, v in r.pulled.items()) or say("nothing new", "无新数据")
    return say(
        f"pushed {r.pushed} ({r.acked} acked, {r.problems} problems); pulled {pulled}",
        f"上传 {r.pushed} 条（确认 {r.acked}，问题 {r.problems}）；下载 {pulled}",
    )


def _tell(r: SyncReport | None, error: str) -> None:
    if r is None:
        print(say(f"sync failed: {error}", f"同步失败：{error}"), file=sys.stderr, flush=True)
    else:
        print(_describe(r), flush=True)


def sync(services: Services, args: argparse.Namespace) -> int:
    from pos_app.sync.client import SyncClient
    from pos_app.sync.worker import SyncWorker

    client = SyncClient(services.sync)
    if args.once:
        r = client.sync_once()
        print(_describe(r))
        for w in r.warnings:
            print(say(f"warning: {w}", f"警告：{w}"), file=sys.stderr)
        return 0 if not r.problems else 3
    worker = SyncWorker(client, interval=args.interval, on_done=_tell)
    worker.start()
    try:
        threading.Event().wait()  # until Ctrl+C; the worker thread does the work
    except KeyboardInterrupt:
        worker.stop()
    return 0
