"""The station file itself: init, backup and restore, info, settings."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING

from pos_app.cli.base import Commands, approver, credential
from pos_app.commandline import say
from pos_app.domain.clock import SystemClock, format_local
from pos_app.domain.errors import InvalidInput
from pos_app.domain.money import format_fen
from pos_app.domain.permissions import Permission
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
    credential(rst, "an administrator (of the station as it is, or of the backup when the station will not open)")
    rst.set_defaults(on_file=restore)  # before opening: the current file may be the damaged one

    info = sub.add_parser("info", help="show the station, catalog size, open shift and sync state")
    info.set_defaults(on_station=show_info)

    setting = sub.add_parser("setting", help="show or change a station setting (value as JSON)")
    setting.add_argument("key", nargs="?", help="language, rounding, scale_layouts, printer")
    setting.add_argument(
        "value", nargs="?", help='e.g. \'"zh_CN"\', \'"drop_jiao"\', \'{"kind": "network", "host": "..."}\''
    )
    credential(setting, "the administrator changing it (showing needs no one)")
    setting.set_defaults(on_station=change_setting)

    tender = sub.add_parser("tender", help="list the tenders, or rename one or take it off the payment screen")
    tender.add_argument("code", nargs="?", help="the tender's code (see the list)")
    tender.add_argument("--name", help="the name the payment screen and receipts show")
    onoff = tender.add_mutually_exclusive_group()
    onoff.add_argument("--off", action="store_true", help="take it off the payment screen")
    onoff.add_argument("--on", action="store_true", help="put it back")
    credential(tender, "the administrator changing it (listing needs no one)")
    tender.set_defaults(on_station=change_tender)
    return [init, bak, rst, info, setting, tender]


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
    """An administrator's PIN first: of the station as it is, or, when that file will not open (the
    damage a restore is for), of the backup about to take its place. Audited in the restored file."""
    from pos_app.bootstrap import open_station
    from pos_app.domain.errors import StationNotInitialised, StorageError
    from pos_app.services.backup import BackupService

    try:
        current = open_station(db_path)
    except (StorageError, StationNotInitialised):  # damaged, keyless, or a new computer with no station
        current = open_station(args.file)  # yet: the administrator of the backup taking its place
    try:
        admin = approver(current, args, Permission.SETTINGS)
    finally:
        current.close()
    aside = BackupService(db_path, SystemClock()).restore(args.file)
    restored = open_station(db_path)
    try:
        restored.audit.record(
            "restore",
            user_id=None,
            target=args.file.name,
            by=f"{admin.display_name} ({admin.username})",
            aside=aside.name,
        )
    finally:
        restored.close()
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
    key = services.key
    print(
        say(
            f"key {key.path}: this station's (check {key.fingerprint})" + (", made now" if key.made_now else ""),
            f"密钥 {key.path}：本站密钥，校验 {key.fingerprint}" + ("（刚刚生成）" if key.made_now else ""),
        )
    )
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
    services.settings.check(key, parsed)  # a bad value is told before anyone's PIN is asked for
    admin = approver(services, args, Permission.SETTINGS)
    changed = services.settings.change(key, parsed, by=admin)
    shown = json.dumps(parsed, ensure_ascii=False)
    print(f"{key} = {shown}" + ("" if changed else say(" (already so)", "（原已如此）")))
    return 0


def change_tender(services: Services, args: argparse.Namespace) -> int:
    tenders = services.settings.tenders()
    if args.code is None:
        for t in tenders:
            shown = say("on the payment screen", "在收款界面") if t.active else say("off", "已停用")
            print(f"{t.code:14s} {t.name:10s} {shown}")
        return 0
    tender = next((t for t in tenders if t.code == args.code), None)
    if tender is None:
        raise InvalidInput(
            what=f"no tender {args.code!r} (one of {', '.join(t.code for t in tenders)})",
            what_zh=f"没有收款方式 {args.code}",
        )
    admin = approver(services, args, Permission.SETTINGS)
    active = False if args.off else (True if args.on else tender.active)
    services.settings.set_tender(tender.code, name=args.name or tender.name, active=active, by=admin)
    print(f"{tender.code} {args.name or tender.name} " + (say("on", "启用") if active else say("off", "停用")))
    return 0
