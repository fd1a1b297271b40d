"""pos-admin: headless commands for managers and automation.

Exit codes: 0 done, 1 environment or unexpected failure, 2 bad input (nothing changed).
"""

from __future__ import annotations

import argparse
import logging
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from pos_app.commandline import iso_date, tell_import_failed
from pos_app.config import resolve_db
from pos_app.domain.clock import SystemClock
from pos_app.domain.errors import ImportFailed, InvalidInput, PosError, StorageError, SyncError
from pos_app.domain.money import format_fen
from pos_app.domain.text import is_digits

if TYPE_CHECKING:
    from pos_app.bootstrap import Services

log = logging.getLogger("pos.cli")


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="pos-admin", description="扶贫 POS station administration")
    p.add_argument("--db", help="station database file (default: $POS_DB or the data directory)")
    sub = p.add_subparsers(dest="command", required=True)

    init = sub.add_parser("init", help="create or migrate a station database")
    init.add_argument("--station", required=True, help="station code, e.g. TZ01")
    init.add_argument("--name", required=True, help="station name")
    init.add_argument("--terminal", type=int, default=1, help="terminal number (1-99)")
    init.add_argument("--demo", action="store_true", help="fill with the demo catalog, users and sales")

    imp = sub.add_parser("import-catalog", help="import products from CSV or XLSX")
    imp.add_argument("file", type=Path)
    imp.add_argument("--skip-bad", action="store_true", help="import the good rows, list the bad ones")

    cert = sub.add_parser("import-certified", help="import the district's certified-product list (CSV or XLSX)")
    cert.add_argument("file", type=Path)
    cert.add_argument("--skip-bad", action="store_true", help="import the good rows, list the bad ones")

    rep = sub.add_parser("report", help="print a report to PDF")
    rep.add_argument("kind", choices=("daily", "period", "household", "income", "demand", "institutional"))
    rep.add_argument("code", nargs="?", help="the household code (report household)")
    rep.add_argument("--date", type=iso_date, help="the day (default: today)")
    rep.add_argument("--from", dest="date_from", type=iso_date, help="first day of a period")
    rep.add_argument("--to", dest="date_to", type=iso_date, help="last day of a period")
    rep.add_argument("--year", type=int, help="the year (household, income; default: this year)")
    rep.add_argument("--by", default="", help="printed by (name on the report)")
    rep.add_argument("--out", type=Path, required=True)

    lab = sub.add_parser("labels", help="print shelf or scale labels to PDF")
    which = lab.add_mutually_exclusive_group()
    which.add_argument("--category", help="only this category")
    which.add_argument("--barcodes", help="only these barcodes, comma-separated")
    which.add_argument("--scale", action="append", metavar="PLU=GRAMS", help="a pre-packed weighed item (repeatable)")
    lab.add_argument("--layout", default="a4-3x8", choices=("a4-3x8", "a4-4x10", "thermal-40x30", "thermal-58x40"))
    lab.add_argument("--out", type=Path, required=True)

    res = sub.add_parser("import-residents", help="import elderly residents for home delivery (CSV or XLSX)")
    res.add_argument("file", type=Path)
    res.add_argument("--skip-bad", action="store_true", help="import the good rows, list the bad ones")
    purge = sub.add_parser("purge-resident", help="erase a resident's personal data (orders stay, anonymised)")
    purge.add_argument("code")
    purge.add_argument("--as", dest="as_user", required=True, help="an admin")
    purge.add_argument("--pin", required=True)

    aud = sub.add_parser("audit", help="verify, list or export the audit log")
    aud.add_argument("action", choices=("verify", "list", "export"))
    aud.add_argument("--grep", default="", help="only entries mentioning this")
    aud.add_argument("--out", type=Path, help="file for export (.csv or .xlsx)")

    usr = sub.add_parser("user", help="add or list users")
    usr.add_argument("action", choices=("add", "list"))
    usr.add_argument("--username")
    usr.add_argument("--name", default="")
    usr.add_argument("--roles", default="cashier", help="comma-separated: cashier,volunteer,manager,admin")
    usr.add_argument("--pin", help="4-8 digits")

    hh = sub.add_parser("import-households", help="import the household registry (CSV or XLSX)")
    hh.add_argument("file", type=Path)
    hh.add_argument("--skip-bad", action="store_true", help="import the good rows, list the bad ones")

    exp = sub.add_parser("export", help="export products, sales lines, payments, household ledger or certified sales")
    exp.add_argument(
        "what", choices=("products", "sales", "payments", "ledger", "certified", "deliveries", "households")
    )
    exp.add_argument("--unmasked", action="store_true", help="households: full ID and bank numbers (an admin's PIN)")
    exp.add_argument("--as", dest="as_user", help="the admin exporting unmasked data")
    exp.add_argument("--pin", help="that admin's PIN")
    exp.add_argument("--from", dest="date_from", type=iso_date)
    exp.add_argument("--to", dest="date_to", type=iso_date)
    exp.add_argument("--out", type=Path, required=True)

    enr = sub.add_parser("enroll", help="enroll this terminal with the district server (a one-time code)")
    enr.add_argument("--server", required=True, help="the district server's URL, e.g. https://pos.example.gov.cn")
    enr.add_argument("--code", required=True, help="the code from `pos-server enroll-code`")
    syn = sub.add_parser("sync", help="push queued facts and pull the district's reference data")
    syn.add_argument("--once", action="store_true", help="one round, then exit (default: keep syncing)")
    syn.add_argument("--interval", type=float, default=30.0, help="seconds between rounds (default 30)")
    prob = sub.add_parser("sync-problems", help="facts the district server refused: list, retry or export")
    prob.add_argument("action", choices=("list", "retry", "export"))
    prob.add_argument("--as", dest="as_user", help="a manager (retry, export)")
    prob.add_argument("--pin", help="that manager's PIN")
    prob.add_argument("--out", type=Path, help="file for export (.csv or .xlsx)")
    bak = sub.add_parser("backup", help="back up the station database now (or list the backups)")
    bak.add_argument("--out", type=Path, help="file to write (default: backups/ beside the database)")
    bak.add_argument("--list", action="store_true", help="list the backups instead")
    rst = sub.add_parser("restore", help="put a backup in place of the station database (close the app first)")
    rst.add_argument("file", type=Path)
    info = sub.add_parser("info", help="show the station, catalog size, open shift and sync state")
    setting = sub.add_parser("setting", help="show or change a station setting (value as JSON)")
    setting.add_argument("key", nargs="?", help="language, rounding, scale_layouts, printer")
    setting.add_argument(
        "value", nargs="?", help='e.g. \'"zh_CN"\', \'"drop_jiao"\', \'{"kind": "network", "host": "..."}\''
    )
    for cmd in (init, imp, cert, hh, rep, lab, exp, info, setting, aud, usr, res, purge, enr, syn, prob, bak, rst):
        cmd.add_argument("--db", dest="db_sub", help=argparse.SUPPRESS)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    args = build_parser().parse_args(argv)
    db_path = resolve_db(getattr(args, "db_sub", None) or args.db)
    try:
        return _run(args, db_path)
    except ImportFailed as exc:
        return tell_import_failed(exc)
    except StorageError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return 1
    except PosError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return 2


def _run(args: argparse.Namespace, db_path: Path) -> int:
    from pos_app.bootstrap import build_services, open_station
    from pos_app.demo import seed_demo
    from pos_app.services.catalog_io import export_products, import_catalog
    from pos_app.services.exports import export
    from pos_app.services.station import init_station, open_database

    if args.command == "init":
        clock = SystemClock()
        db = open_database(db_path)
        try:
            ctx = init_station(db, clock, args.station, args.name, args.terminal)
            services = build_services(db, clock, ctx)
            if args.demo:
                if services.catalog.count():
                    print("the station already has products; demo data not added")
                else:
                    seed_demo(services)
            print(f"station {ctx.station_code} {ctx.station_name}, terminal {ctx.terminal_no}: {db_path}")
        finally:
            db.dispose()
        return 0

    if args.command == "restore":  # before opening: the current file may be the damaged one
        from pos_app.services.backup import BackupService

        aside = BackupService(db_path, SystemClock()).restore(args.file)
        print(f"restored {db_path} from {args.file}; the previous database is kept as {aside}")
        return 0

    services = open_station(db_path)
    try:
        if args.command == "backup":
            if args.list:
                for b in services.backup.files():
                    print(f"{b.at:%Y-%m-%d %H:%M:%S}  {b.reason:14s} {b.size / 1e6:8.1f} MB  {b.path}")
                return 0
            print(f"backup → {services.backup.backup(args.out)}")
            return 0
        if args.command == "import-catalog":
            report = import_catalog(services.catalog, args.file, skip_bad=args.skip_bad)
            r = report.result
            if r:
                print(
                    f"imported {len(report.good)} rows: {r.created} new, {r.updated} updated "
                    f"({r.price_changes} price changes), {r.unchanged} unchanged"
                )
            for row in report.bad:
                print(f"skipped {row}", file=sys.stderr)
            return 0
        if args.command == "import-certified":
            rep = services.certification.import_file(args.file, skip_bad=args.skip_bad)
            print(f"certificates: {rep.created} new, {rep.updated} updated; {rep.linked} product links made")
            if rep.unmatched:
                print(
                    f"{len(rep.unmatched)} certificate(s) match no product yet (link them in the manager screen): "
                    + ", ".join(rep.unmatched[:20])
                    + (" …" if len(rep.unmatched) > 20 else "")
                )
            for row in rep.bad:
                print(f"skipped {row}", file=sys.stderr)
            return 0
        if args.command == "report":
            return _report(services, args)
        if args.command == "labels":
            from pos_app.reports.labels import label_sheet_pdf

            if args.scale:
                items = []
                for spec in args.scale:
                    plu, _, grams = spec.partition("=")
                    if not (is_digits(plu) and is_digits(grams)):
                        raise InvalidInput(what=f"--scale {spec} (write PLU=GRAMS, e.g. 1001=1250)")
                    items.append(services.labels.scale_label(int(plu), int(grams)))
            else:
                codes = [c.strip() for c in args.barcodes.split(",") if c.strip()] if args.barcodes else None
                items = services.labels.shelf_labels(category=args.category, barcodes=codes)
            args.out.parent.mkdir(parents=True, exist_ok=True)
            args.out.write_bytes(label_sheet_pdf(items, args.layout))
            print(f"{len(items)} labels ({args.layout}) → {args.out}")
            return 0
        if args.command == "import-households":
            hrep = services.households.import_file(args.file, skip_bad=args.skip_bad)
            print(f"households: {hrep.created} new, {hrep.updated} updated")
            for row in hrep.bad:
                print(f"skipped {row}", file=sys.stderr)
            return 0
        if args.command == "export":
            if args.what == "products":
                n = export_products(services.catalog, args.out)
            elif args.what == "households":
                admin = None
                if args.unmasked:
                    if not (args.as_user and args.pin):
                        raise InvalidInput(
                            what="--unmasked needs --as ADMIN --pin PIN",
                            what_zh="导出完整个人信息需要 --as 管理员 --pin PIN",
                        )
                    from pos_app.domain.permissions import Permission

                    admin = services.users.approve(args.as_user, args.pin, Permission.EXPORT_UNMASKED)
                from pos_app.importing.tabular import write_table

                headers, rows = services.households.registry_rows(unmasked_by=admin)
                n = write_table(args.out, headers, rows)
            else:
                n = export(services.db, args.what, args.out, args.date_from, args.date_to)
            services.audit.record("export", user_id=None, target=args.out.name, what=args.what, rows=n)
            print(f"{n} rows → {args.out}")
            return 0
        if args.command == "import-residents":
            n, bad = services.residents.import_residents(args.file, skip_bad=args.skip_bad)
            print(f"residents: {n} imported")
            for row in bad:
                print(f"skipped {row}", file=sys.stderr)
            return 0
        if args.command == "purge-resident":
            from pos_app.domain.permissions import Permission

            admin = services.users.approve(args.as_user, args.pin, Permission.USERS)
            services.residents.purge_resident(args.code, admin)
            print(f"resident {args.code}: personal data erased")
            return 0
        if args.command == "audit":
            if args.action == "verify":
                broken = services.audit.verify()
                if broken is not None:
                    print(f"audit log broken at entry {broken}: it was edited, deleted or reordered", file=sys.stderr)
                    return 1
                if services.sync.status().enrolled:
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
                print("audit log intact")
                return 0
            if args.action == "export":
                if not args.out:
                    raise InvalidInput(what="--out FILE", what_zh="请用 --out 指定文件")
                print(f"{services.audit.export(args.out, None)} entries → {args.out}")
                return 0
            for e in services.audit.entries(args.grep, limit=200):
                approver = f" (approved by {e.approver})" if e.approver else ""
                print(f"{e.seq:6d} {e.at:%Y-%m-%d %H:%M:%S} {e.user}{approver} {e.action} {e.target} {e.detail}")
            return 0
        if args.command == "user":
            if args.action == "list":
                for u in services.users.list():
                    print(f"{u.username:12s} {u.display_name:8s} {','.join(u.roles)}")
                return 0
            if not (args.username and args.pin):
                raise InvalidInput(what="--username and --pin", what_zh="请给出 --username 与 --pin")
            u = services.users.create(args.username, args.name, args.roles.split(","), args.pin)
            print(f"user {u.username} ({','.join(u.roles)}) added")
            return 0
        if args.command in ("enroll", "sync", "sync-problems"):
            return _sync(services, args)
        if args.command == "info":
            st = services.station
            print(f"station {st.station_code} {st.station_name}, terminal {st.terminal_no}")
            print(f"database {db_path}")
            print(f"products {services.catalog.count()}")
            shift = services.shifts.current()
            print(
                "shift "
                + (
                    f"open since {shift.opened_at:%Y-%m-%d %H:%M} UTC, float {format_fen(shift.float_fen)}"
                    if shift
                    else "closed"
                )
            )
            sync = services.sync.status()
            if sync.enrolled:
                last = f"{sync.last_ok:%Y-%m-%d %H:%M} UTC" if sync.last_ok else "never"
                print(f"sync {sync.server_url}: last {last}, {sync.waiting} waiting, {sync.problems} problems")
                if sync.last_error:
                    print(f"sync error {sync.last_error}")
            else:
                print(f"sync not enrolled ({sync.waiting} facts waiting)")
            return 0
        if args.command == "setting":
            return _setting(services, args.key, args.value)
        raise InvalidInput(what=args.command)
    finally:
        services.close()


def _sync(services: Services, args: argparse.Namespace) -> int:
    from pos_app.sync.client import SyncClient, SyncReport, enroll

    if args.command == "enroll":
        reply = enroll(services.sync, args.server, args.code)
        print(f"enrolled: station {reply.station_code} {reply.station_name}, terminal {reply.terminal} → {args.server}")
        return 0
    if args.command == "sync-problems":
        if args.action == "list":
            for p in services.sync.problems():
                print(f"{p.seq:8d} {p.entity_type:11s} {p.entity_id} {p.status:9s} {p.error}")
            return 0
        if not (args.as_user and args.pin):
            raise InvalidInput(what="--as MANAGER --pin PIN", what_zh="请用 --as 与 --pin 给出主管账号")
        from pos_app.domain.permissions import Permission

        manager = services.users.approve(args.as_user, args.pin, Permission.SYNC_PROBLEMS)
        if args.action == "retry":
            n = services.sync.retry([p.seq for p in services.sync.problems()], manager)
            print(f"{n} facts queued again")
            return 0
        if not args.out:
            raise InvalidInput(what="--out FILE", what_zh="请用 --out 指定文件")
        print(f"{services.sync.export_problems(args.out, manager)} problems → {args.out}")
        return 0

    def describe(r: SyncReport) -> str:
        pulled = ", ".join(f"{k} {v}" for k, v in r.pulled.items()) or "nothing new"
        return f"pushed {r.pushed} ({r.acked} acked, {r.problems} problems); pulled {pulled}"

    client = SyncClient(services.sync)
    if args.once:
        r = client.sync_once()
        print(describe(r))
        for w in r.warnings:
            print(f"warning: {w}", file=sys.stderr)
        return 0 if not r.problems else 3
    from pos_app.sync.worker import SyncWorker

    def report(r: SyncReport | None, error: str) -> None:
        if r is None:
            print(f"sync failed: {error}", file=sys.stderr, flush=True)
        else:
            print(describe(r), flush=True)

    worker = SyncWorker(client, interval=args.interval, on_done=report)
    worker.start()
    try:
        threading.Event().wait()  # until Ctrl+C; the worker thread does the work
    except KeyboardInterrupt:
        worker.stop()
    return 0


def _report(services: Services, args: argparse.Namespace) -> int:
    from pos_app.domain.clock import to_local
    from pos_app.importing.tabular import write_table
    from pos_app.reports import period as docs
    from pos_app.reports.daily import daily_pdf

    today = to_local(services.clock.now()).date()
    out: Path = args.out
    out.parent.mkdir(parents=True, exist_ok=True)
    name = services.station.station_name
    start, end = args.date_from or today.replace(day=1), args.date_to or today
    span = f"{start} 至 {end}"
    if args.kind == "daily":
        day = args.date or today
        report = services.reports.daily(day, args.by)
        out.write_bytes(daily_pdf(report, services.delivery_board.summary(day)))
        print(f"daily report {day}: {report.sales_count} sales, net {format_fen(report.net_fen)} → {out}")
    elif args.kind == "period":
        p = services.period_reports.period(start, end)
        out.write_bytes(docs.period_pdf(p))
        print(f"period {span}: net {format_fen(p.sales_fen - p.refunds_fen)} → {out}")
    elif args.kind == "household":
        if not args.code:
            raise InvalidInput(what="report household CODE", what_zh="请给出农户编码")
        st = services.ledger.statement(args.code, args.year or today.year)
        out.write_bytes(docs.household_statement_pdf(st))
        print(f"household {args.code} {st.year}: income {format_fen(st.income_fen)} ({st.percent}%) → {out}")
    elif args.kind == "income":
        year = args.year or today.year
        rows = services.ledger.progress(year=year)
        out.write_bytes(docs.income_progress_pdf(rows, year, name))
        print(f"income progress {year}: {sum(1 for r in rows if r.below_target)} of {len(rows)} below target → {out}")
    elif args.kind == "demand":
        demand = services.period_reports.demand(start, end)
        if out.suffix.lower() in (".csv", ".xlsx"):
            write_table(
                out,
                ("周", "品种", "数量", "千克", "件数", "金额(元)"),
                ((d.week, d.product, d.quantity, d.kilograms, d.pieces, d.amount_fen / 100) for d in demand),
            )
        else:
            out.write_bytes(docs.demand_pdf(demand, span, name))
        print(f"demand {span}: {len(demand)} rows → {out}")
    else:
        shares = services.period_reports.institutional(start, end)
        out.write_bytes(docs.institutional_pdf(shares, span, name))
        print(f"institutional buyers {span}: {len(shares)} → {out}")
    return 0


SETTABLE = {
    "language": lambda v: v in ("auto", "zh_CN", "en"),
    "rounding": lambda v: isinstance(v, str),
    "scale_layouts": lambda v: isinstance(v, list) and all(isinstance(x, str) for x in v),
    "printer": lambda v: isinstance(v, dict) and v.get("kind") in ("none", "usb", "network", "file"),
    "discount_limit_fen": lambda v: isinstance(v, int) and 0 <= v <= 1_000_000,
    "idle_lock_minutes": lambda v: isinstance(v, int) and 0 <= v <= 240,
    "outbox_keep_days": lambda v: isinstance(v, int) and 14 <= v <= 3650,
    "income_targets": lambda v: (
        isinstance(v, dict) and all(is_digits(k) and len(k) == 4 and isinstance(x, int) and x > 0 for k, x in v.items())
    ),
}


def _setting(services: Services, key: str | None, value: str | None) -> int:
    import json

    if key is None:
        for k in SETTABLE:
            print(f"{k} = {json.dumps(services.settings.get(k), ensure_ascii=False)}")
        return 0
    if key not in SETTABLE:
        raise InvalidInput(what=f"setting {key!r} (one of {', '.join(SETTABLE)})")
    if value is None:
        print(json.dumps(services.settings.get(key), ensure_ascii=False))
        return 0
    try:
        parsed = json.loads(value)
    except json.JSONDecodeError:
        parsed = value  # a bare word such as zh_CN
    if not SETTABLE[key](parsed):
        raise InvalidInput(what=f"{key} = {value}")
    services.settings.set(key, parsed)
    print(f"{key} = {json.dumps(parsed, ensure_ascii=False)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
