"""pos-server: run and manage the district server.

Every command takes ``--db URL`` (or ``$POS_SERVER_DB``); without either, a SQLite file in the
server's data directory. Exit codes: 0 done, 1 environment failure, 2 bad input (nothing changed).
"""

from __future__ import annotations

import argparse
import gc
import getpass
import json
import logging
import os
import sys
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from sqlalchemy import Connection, Engine, func, select
from sqlalchemy.exc import OperationalError

from pos_app.commandline import iso_date, tell_import_failed
from pos_app.crypto import FieldCipher
from pos_app.domain.errors import ImportFailed, PosError
from pos_app.domain.money import format_fen, parse_yuan
from pos_app.importing.catalog import parse_catalog
from pos_app.importing.certified import parse_certified
from pos_app.importing.households import parse_households
from pos_app.importing.tabular import Parsed
from pos_app.server import auth, db, district, reference, settlement
from pos_app.server.errors import ServerError
from pos_app.server.models import DistrictStation, DistrictTerminal, Fact, Quarantine

log = logging.getLogger("pos.server")
T = TypeVar("T")


def key_file(url: str) -> Path:
    """The server's field key: $POS_SERVER_KEY_FILE, else beside a SQLite file, else the data dir."""
    env = os.environ.get("POS_SERVER_KEY_FILE")
    if env:
        return Path(env)
    if url.startswith("sqlite") and ":///" in url:
        return FieldCipher.key_path_for(Path(url.split(":///", 1)[1]))
    return db.data_dir() / "keys" / "server.key"


def open_server(url: str) -> tuple[Engine, FieldCipher]:
    """Engine on the newest schema, initialised, with the field cipher."""
    engine = db.make_engine(url)
    db.migrate(engine)
    with engine.begin() as conn:
        reference.ensure_initialised(conn, datetime.now(UTC))
    return engine, FieldCipher.from_key_file(key_file(url))


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="pos-server", description="扶贫 POS district server")
    p.add_argument("--db", help="database URL (postgresql+psycopg://… or a SQLite file); default $POS_SERVER_DB")
    sub = p.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="run the HTTP API")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8765)
    serve.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    st = sub.add_parser("add-station", help="register a station (or rename one)")
    st.add_argument("code")
    st.add_argument("name")
    ec = sub.add_parser("enroll-code", help="print a one-time enrollment code for a terminal (valid 24 h)")
    ec.add_argument("--station", required=True)
    ec.add_argument("--terminal", type=int, required=True)
    rv = sub.add_parser("revoke", help="revoke a terminal's token")
    rv.add_argument("--station", required=True)
    rv.add_argument("--terminal", type=int, required=True)
    ad = sub.add_parser("add-admin", help="add a district admin (or reset the password)")
    ad.add_argument("username")
    ad.add_argument("--password", help="default: asked for, or $POS_SERVER_ADMIN_PASSWORD")
    for name, what in (
        ("import-catalog", "products and prices"),
        ("import-certified", "the certified-product list"),
        ("import-households", "the household registry"),
    ):
        imp = sub.add_parser(name, help=f"import {what} (CSV or XLSX, as a station reads it)")
        imp.add_argument("file", type=Path)
        imp.add_argument("--skip-bad", action="store_true", help="import the good rows, list the bad ones")
        if name == "import-households":
            imp.add_argument(
                "--home-station", help="home station of rows that name none (default: the district settles them)"
            )
    se = sub.add_parser("setting", help="hand a district setting down to every station (value as JSON)")
    se.add_argument("key", choices=("income_targets", "rounding", "discount_limit_fen", "scale_layouts"))
    se.add_argument("value")
    cat = sub.add_parser("category", help="add, rename or retire a household category for every station")
    cat.add_argument("code")
    cat.add_argument("name")
    cat.add_argument("--inactive", action="store_true", help="retire it")
    ten = sub.add_parser("tender", help="add, rename or retire a tender for every station")
    ten.add_argument("code")
    ten.add_argument("name")
    ten.add_argument("--kind", required=True, help="cash, mobile, card, love_card, elder_card or account")
    ten.add_argument("--inactive", action="store_true", help="retire it")
    sub.add_parser("new-epoch", help="after restoring a backup: make stations pull again and resend their facts")
    rep = sub.add_parser("report", help="the district report")
    rep.add_argument("kind", choices=("district",))
    rep.add_argument("--from", dest="date_from", type=iso_date)
    rep.add_argument("--to", dest="date_to", type=iso_date)
    rep.add_argument("--out", type=Path, required=True, help=".pdf or .json")
    po = sub.add_parser("payout", help="pay out a household the district settles (one with no home station)")
    po.add_argument("code", help="the household's code")
    po.add_argument("--method", required=True, choices=("cash", "bank"))
    po.add_argument("--reference", default="", help="the bank transfer's reference (required for bank)")
    po.add_argument("--amount", help="yuan, e.g. 120.50; default: the whole balance at the district")
    po.add_argument("--by", default=getpass.getuser(), help="who pays (kept with the payout)")
    sub.add_parser("gaps", help="receipt numbers used by terminals but not received")
    sub.add_parser("audit-breaks", help="where a terminal's audit chain, as received, does not continue")
    oa = sub.add_parser("openapi", help="write the API's OpenAPI spec (JSON)")
    oa.add_argument("--out", type=Path, required=True)
    sub.add_parser("status", help="stations, terminals, facts and reference data")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("alembic").setLevel(logging.WARNING)
    args = build_parser().parse_args(argv)
    url = db.resolve_url(args.db)
    try:
        return _run(args, url)
    except ImportFailed as exc:
        return tell_import_failed(exc)
    except (ServerError, PosError) as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return 2
    except OperationalError as exc:
        print(f"error: the district database is not reachable: {str(exc.orig).splitlines()[0]}", file=sys.stderr)
        return 1


def _run(args: argparse.Namespace, url: str) -> int:
    now = datetime.now(UTC)
    if args.command == "serve":
        import uvicorn

        open_server(url)[0].dispose()  # migrate once, before any worker starts
        os.environ["POS_SERVER_DB"] = url
        uvicorn.run(
            "pos_app.server.cli:asgi_app",
            factory=True,
            host=args.host,
            port=args.port,
            workers=args.workers,
            log_level="info",
        )
        return 0
    if args.command == "openapi":
        from pos_app.server.app import create_app

        spec = create_app(db.make_engine("sqlite://"), FieldCipher(bytes(64))).openapi()
        args.out.write_text(json.dumps(spec, ensure_ascii=False, indent=2), encoding="utf-8")
        print(f"OpenAPI {spec['info']['version']}: {len(spec['paths'])} paths → {args.out}")
        return 0
    engine, cipher = open_server(url)
    try:
        with engine.begin() as conn:
            if args.command == "add-station":
                auth.add_station(conn, args.code, args.name, now)
                print(f"station {args.code.upper()} {args.name}")
            elif args.command == "enroll-code":
                code = auth.enrollment_code(conn, args.station, args.terminal, now)
                print(code)
                print(
                    f"on station {args.station.upper()} terminal {args.terminal}, within 24 hours: "
                    f"pos-admin enroll --server URL --code {code}",
                    file=sys.stderr,
                )
            elif args.command == "revoke":
                auth.revoke(conn, args.station, args.terminal, now)
                print(f"terminal {args.station.upper()}-{args.terminal:02d}: token revoked")
            elif args.command == "add-admin":
                password = args.password or os.environ.get("POS_SERVER_ADMIN_PASSWORD") or getpass.getpass()
                auth.add_admin(conn, args.username, password, now)
                print(f"district admin {args.username}")
            elif args.command.startswith("import-"):
                _import(conn, args, cipher, now)
            elif args.command == "setting":
                try:
                    value = json.loads(args.value)
                except json.JSONDecodeError:
                    value = args.value
                changed = reference.set_setting(conn, args.key, value, now)
                print(f"{args.key} = {json.dumps(value, ensure_ascii=False)}" + ("" if changed else " (unchanged)"))
            elif args.command == "category":
                changed = reference.set_category(conn, args.code, args.name, not args.inactive, now)
                print(f"category {args.code} {args.name}" + ("" if changed else " (unchanged)"))
            elif args.command == "tender":
                changed = reference.set_tender(conn, args.code, args.name, args.kind, not args.inactive, now)
                print(f"tender {args.code} {args.name} ({args.kind})" + ("" if changed else " (unchanged)"))
            elif args.command == "new-epoch":
                print(f"new epoch {reference.new_epoch(conn)}: stations will pull again and resend their facts")
            elif args.command == "report":
                figures = district.figures(conn, args.date_from, args.date_to, now)
                args.out.parent.mkdir(parents=True, exist_ok=True)
                if args.out.suffix.lower() == ".json":
                    args.out.write_text(figures.model_dump_json(indent=2), encoding="utf-8")
                else:
                    from pos_app.reports.district import district_pdf

                    args.out.write_bytes(district_pdf(figures))
                t = figures.total
                print(
                    f"district: {t.sales_count} sales, net ¥{t.net_fen / 100:,.2f}, "
                    f"{t.households_helped} households helped → {args.out}"
                )
            elif args.command == "gaps":
                for g in district.gaps(conn):
                    missing = ", ".join(map(str, g.missing[:20])) + (" …" if len(g.missing) > 20 else "")
                    term = f"{g.station_code}-{g.terminal:02d}"
                    print(f"{term}: {g.received} of {g.highest} received; missing {missing or '-'}")
            elif args.command == "payout":
                amount = parse_yuan(args.amount) if args.amount else None
                done = settlement.pay_out(
                    conn,
                    args.code,
                    method=args.method,
                    reference=args.reference,
                    paid_by=args.by,
                    now=now,
                    amount_fen=amount,
                )
                print(
                    f"{done.statement_no}: paid {done.household_code} {done.head_name} {format_fen(done.amount_fen)} "
                    f"by {done.method}{' ' + done.reference if done.reference else ''}; "
                    f"balance now {format_fen(done.balance_after_fen)}"
                )
            elif args.command == "audit-breaks":
                breaks = district.audit_breaks(conn)
                for b in breaks:
                    print(
                        f"{b.station_code}-{b.terminal:02d} entry {b.n} ({b.at:%Y-%m-%d %H:%M} UTC, {b.entity_id}): "
                        f"follows {b.got_prev[:12]}…, the district last had {b.expected_prev[:12]}…"
                    )
                print(
                    f"{len(breaks)} break(s) in the terminals' audit chains" if breaks else "every audit chain intact"
                )
                return 3 if breaks else 0
            elif args.command == "status":
                _status(conn)
    finally:
        engine.dispose()
    return 0


def _good(parsed: Parsed[T], skip_bad: bool) -> list[T]:
    if parsed.bad and not skip_bad:
        raise ImportFailed(errors=parsed.bad)
    for row in parsed.bad:
        print(f"skipped {row}", file=sys.stderr)
    return [item for _, item in parsed.good]


def _import(conn: Connection, args: argparse.Namespace, cipher: FieldCipher, now: datetime) -> None:
    """The station's own parsers read the file; the rows become reference data for every station."""
    if args.command == "import-catalog":
        products = _good(parse_catalog(args.file), args.skip_bad)
        c, u, same = reference.import_catalog(conn, products, now)
        print(f"catalog: {c} new, {u} updated, {same} unchanged")
    elif args.command == "import-certified":
        certificates = _good(parse_certified(args.file), args.skip_bad)
        c, u = reference.import_certified(conn, certificates, now)
        print(f"certificates: {c} new, {u} updated")
    else:
        households = _good(parse_households(args.file, reference.categories(conn)), args.skip_bad)
        if args.home_station:
            home = args.home_station.strip().upper()
            households = [h if h.home_station_code else replace(h, home_station_code=home) for h in households]
        c, u = reference.import_households(conn, households, cipher, now)
        print(f"households: {c} new, {u} updated")


def _status(conn: Connection) -> None:
    print(f"epoch {reference.epoch(conn)}")
    for code, name, number, seen, revoked, hw in conn.execute(
        select(
            DistrictStation.code,
            DistrictStation.name,
            DistrictTerminal.number,
            DistrictTerminal.last_seen_at,
            DistrictTerminal.revoked_at,
            DistrictTerminal.high_water,
        )
        .outerjoin(DistrictTerminal, DistrictTerminal.station_id == DistrictStation.id)
        .order_by(DistrictStation.code, DistrictTerminal.number)
    ):
        state = "revoked" if revoked else (f"last seen {seen:%Y-%m-%d %H:%M} UTC" if seen else "never seen")
        term = f"terminal {number:02d}" if number else "no terminal"
        print(f"{code:8s} {name} {term}: {state}, facts up to #{hw or 0}")
    facts = {k: n for k, n in conn.execute(select(Fact.entity_type, func.count()).group_by(Fact.entity_type))}
    print("facts " + ", ".join(f"{k} {v}" for k, v in sorted(facts.items())))
    print(f"quarantined {conn.execute(select(func.count()).select_from(Quarantine)).scalar_one()}")
    print("reference " + ", ".join(f"{k} {v}" for k, v in reference.counts(conn).items()))


def asgi_app() -> object:
    """The ASGI app for uvicorn workers (``--factory``): the database from $POS_SERVER_DB."""
    from pos_app.server.app import create_app

    engine, cipher = open_server(db.resolve_url(None))
    app = create_app(engine, cipher)
    # A push of 500 facts makes hundreds of thousands of short-lived objects; with the default
    # thresholds the collector keeps rescanning the long-lived ones (modules, the app). Those are
    # moved out of its sight, and it runs less often: pushes take ~20% less time.
    gc.freeze()
    gc.set_threshold(100_000, 50, 1000)
    return app


if __name__ == "__main__":
    sys.exit(main())
