"""The station file itself: init, backup and restore, info, settings."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING

from pos_app.cli.base import Commands
from pos_app.commandline import say
from pos_app.domain.clock import SystemClock, format_local
from pos_app.domain.errors import InvalidInput
from pos_app.domain.money import format_fen
from pos_app.services.settings import SETTABLE

if TYPE_CHECKING:
    from pos_app.bootstrap import Services


def register(sub: Commands) -> list[argparse.ArgumentParser]:
    init = sub.add_parser("init", help="create or migrate a station database")
    init.add_argument("--station", required=True, help="station code, e.g. TZ01")
    init.add_argument("--name", required=True, help="station name")
    init.add_argument("--terminal", type=int, default=1, help="terminal number (1-99)")
    init.add_argument("--demo", action="store_true", help="fill with the demo catalog, users and sales")
    init.set_defaults(on_file=create_station)

    bak = sub.add_parser("backup", help="back up the station database now (or list the backups)")
    bak.add_argument("--out", type=Path, help="file to write (default: backups/ beside the database)")
    bak.add_argument("--list", action="store_true", help="list the backups instead")
    bak.set_defaults(on_station=backup)

    rst = sub.add_parser("restore", help="put a backup in place of the station database (close the app first)")
    rst.add_argument("file", type=Path, help="the backup file to restore")
    rst.set_defaults(on_file=restore)  # before opening: the current file may be the damaged one

    info = sub.add_parser("info", help="show the station, catalog size, open shift and sync state")
    info.set_defaults(on_station=show_info)

    setting = sub.add_parser("setting", help="show or change a station setting (value as JSON)")
    setting.add_argument("key", nargs="?", help="language, rounding, scale_layouts, printer")
    setting.add_argument(
        "value", nargs="?", help='e.g. \'"zh_CN"\', \'"drop_jiao"\', \'{"kind": "network", "host": "..."}\''
    )
    setting.set_defaults(on_station=change_setting)
    return [init, bak, rst, info, setting]


def create_station(db_path: Path, args: argparse.Namespace) -> int:
    from pos_app.bootstrap import build_services
    from pos_app.demo import seed_demo
    from pos_app.services.station import init_station, open_database

    clock = SystemClock()
    db = open_database(db_path)
    try:
        ctx = init_station(db, clock, args.station, args.name, args.terminal)
        services = build_services(db, clock, ctx)
        if args.demo:
            if services.catalog.count():
                print(say("the station already has products; demo data not added", "门店已有商品，未添加演示数据"))
            else:
                seed_demo(services)
        print(
            say(
                f"station {ctx.station_code} {ctx.station_name}, terminal {ctx.terminal_no}: {db_path}",
                f"门店 {ctx.station_code} {ctx.station_name}，终端 {ctx.terminal_no}：{db_path}",
            )
        )
    finally:
        db.dispose()
    return 0


def restore(db_path: Path, args: argparse.Namespace) -> int:
    from pos_app.services.backup import BackupService

    aside = BackupService(db_path, SystemClock()).restore(args.file)
    print(
        say(
            f"restored {db_path} from {args.file}; the previous database is kept as {aside}",
            f"已从 {args.file} 恢复 {db_path}；原数据库另存为 {aside}",
        )
    )
    return 0


def backup(services: Services, args: argparse.Namespace) -> int:
    if args.list:
        for b in services.backup.files():
            print(f"{b.at:%Y-%m-%d %H:%M:%S}  {b.reason:14s} {b.size / 1e6:8.1f} MB  {b.path}")
        return 0
    print(say("backup → ", "备份 → ") + str(services.backup.backup(args.out)))
    return 0


def show_info(services: Services, args: argparse.Namespace) -> int:
    st = services.station
    print(
        say(
            f"station {st.station_code} {st.station_name}, terminal {st.terminal_no}",
            f"门店 {st.station_code} {st.station_name}，终端 {st.terminal_no}",
        )
    )
    print(say(f"database {args.db_path}", f"数据库 {args.db_path}"))
    print(say(f"products {services.catalog.count()}", f"商品 {services.catalog.count()} 种"))
    shift = services.shifts.current()
    if shift:
        since, float_ = format_local(shift.opened_at, "%Y-%m-%d %H:%M"), format_fen(shift.float_fen)
        print(say(f"shift open since {since}, float {float_}", f"班次 {since} 开班，备用金 {float_}"))
    else:
        print(say("shift closed", "班次 未开班"))
    sync = services.sync.status()
    if sync.enrolled:
        last = format_local(sync.last_ok, "%Y-%m-%d %H:%M") if sync.last_ok else say("never", "从未")
        print(
            say(
                f"sync {sync.server_url}: last {last}, {sync.waiting} waiting, {sync.problems} problems",
                f"区县同步 {sync.server_url}：上次 {last}，待传 {sync.waiting} 条，问题 {sync.problems} 条",
            )
        )
        if sync.last_error:
            print(say(f"sync error {sync.last_error}", f"同步错误 {sync.last_error}"))
    else:
        print(say(f"sync not enrolled ({sync.waiting} facts waiting)", f"区县同步 未接入（待传 {sync.waiting} 条）"))
    return 0


def change_setting(services: Services, args: argparse.Namespace) -> int:
    key: str | None = args.key
    value: str | None = args.value
    if key is None:
        for k in SETTABLE:
            print(f"{k} = {json.dumps(services.settings.get(k), ensure_ascii=False)}")
        return 0
    if key not in SETTABLE:
        raise InvalidInput(what=f"setting {key!r} (one of {', '.join(SETTABLE)})", what_zh=f"没有这项设置：{key}")
    if value is None:
        print(json.dumps(services.settings.get(key), ensure_ascii=False))
        return 0
    try:
        parsed = json.loads(value)
    except json.JSONDecodeError:
        parsed = value  # a bare word such as zh_CN
    services.settings.set(key, parsed)
    print(f"{key} = {json.dumps(parsed, ensure_ascii=False)}")
    return 0
