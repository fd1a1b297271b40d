"""pos-server: run and manage the district server.

Every command takes ``--db URL`` (or ``$POS_SERVER_DB``), before or after the command; without
either, a SQLite file in the server's data directory. Each handler is bound to its sub-parser and
runs in one transaction. Exit codes are pos-admin's (``pos_app.commandline``).
"""

from __future__ import annotations

import argparse
import getpass
import json
import logging
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from sqlalchemy import Connection, func, select
from sqlalchemy.exc import OperationalError

from pos_app.commandline import FOUND_PROBLEMS, db_option, guarded, iso_date, speak
from pos_app.crypto import FieldCipher
from pos_app.domain.errors import ImportFailed
from pos_app.domain.money import format_fen, parse_yuan
from pos_app.files import write_private
from pos_app.importing.catalog import parse_catalog
from pos_app.importing.certified import parse_certified
from pos_app.importing.households import parse_households
from pos_app.importing.tabular import Parsed
from pos_app.server import auth, db, district, reconcile, reference, settlement, tills
from pos_app.server.district import LOCAL_TZ
from pos_app.server.errors import ServerError
from pos_app.server.models import DistrictStation, DistrictTerminal, Fact, Quarantine
from pos_app.server.runtime import key_file, open_server

log = logging.getLogger("pos.server")
T = TypeVar("T")


class Context:
    """What a handler gets: the open transaction, the field cipher, and the time it started."""

    def __init__(self, conn: Connection, cipher: FieldCipher, now: datetime) -> None:
        self.conn, self.cipher, self.now = conn, cipher, now


Handler = Callable[[Context, argparse.Namespace], int | None]


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="pos-server", description="扶贫 POS district server")
    sub = p.add_subparsers(dest="command", required=True)
    commands: list[argparse.ArgumentParser] = []

    def command(name: str, help: str, handler: Handler | None = None) -> argparse.ArgumentParser:
        cmd = sub.add_parser(name, help=help)
        if handler is not None:
            cmd.set_defaults(handler=handler)
        commands.append(cmd)
        return cmd

    serve = command("serve", "run the HTTP API")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8765)
    serve.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    serve.set_defaults(outside=_serve)
    oa = command("openapi", "write the API's OpenAPI spec (JSON)")
    oa.add_argument("--out", type=Path, required=True)
    oa.set_defaults(outside=_openapi)

    st = command("add-station", "register a station (or rename one)", _add_station)
    st.add_argument("code")
    st.add_argument("name")
    ec = command("enroll-code", "print a one-time enrollment code for a terminal (valid 24 h)", _enroll_code)
    ec.add_argument("--station", required=True)
    ec.add_argument("--terminal", type=int, required=True)
    rv = command("revoke", "revoke a terminal's token", _revoke)
    rv.add_argument("--station", required=True)
    rv.add_argument("--terminal", type=int, required=True)
    ad = command("add-admin", "add a district admin (or reset the password)", _add_admin)
    ad.add_argument("username")
    ad.add_argument("--password", help="default: asked for, or $POS_SERVER_ADMIN_PASSWORD")
    for name, what, handler in (
        ("import-catalog", "products and prices", _import_catalog),
        ("import-certified", "the certified-product list", _import_certified),
        ("import-households", "the household registry", _import_households),
    ):
        imp = command(name, f"import {what} (CSV or XLSX, as a station reads it)", handler)
        imp.add_argument("file", type=Path)
        imp.add_argument("--skip-bad", action="store_true", help="import the good rows, list the bad ones")
        if name == "import-households":
            imp.add_argument(
                "--home-station", help="home station of rows that name none (default: the district settles them)"
            )
    se = command("setting", "hand a district setting down to every station (value as JSON)", _setting)
    se.add_argument("key", choices=("income_targets", "rounding", "discount_limit_fen", "scale_layouts"))
    se.add_argument("value")
    cat = command("category", "add, rename or retire a household category for every station", _category)
    cat.add_argument("code")
    cat.add_argument("name")
    cat.add_argument("--inactive", action="store_true", help="retire it")
    ten = command("tender", "add, rename or retire a tender for every station", _tender)
    ten.add_argument("code")
    ten.add_argument("name")
    ten.add_argument("--kind", required=True, help="cash, mobile, card, love_card, elder_card or account")
    ten.add_argument("--inactive", action="store_true", help="retire it")
    command("new-epoch", "after restoring a backup: make stations pull again and resend their facts", _new_epoch)
    rep = command("report", "the district report", _report)
    rep.add_argument("kind", choices=("district",))
    rep.add_argument("--from", dest="date_from", type=iso_date)
    rep.add_argument("--to", dest="date_to", type=iso_date)
    rep.add_argument("--out", type=Path, required=True, help=".pdf or .json")
    po = command("payout", "pay out a household the district settles (one with no home station)", _payout)
    po.add_argument("code", help="the household's code")
    po.add_argument("--method", required=True, choices=("cash", "bank"))
    po.add_argument("--reference", default="", help="the bank transfer's reference (required for bank)")
    po.add_argument("--amount", help="yuan, e.g. 120.50; default: the whole balance at the district")
    po.add_argument("--by", default=getpass.getuser(), help="who pays (kept with the payout)")
    command("settlements", "settlements reserved at a till and not paid yet", _settlements)
    rel = command("release-settlement", "let go of a reservation whose till will never pay it", _release)
    rel.add_argument("id", help="the reservation's id (from `settlements`)")
    command("gaps", "receipt numbers used by terminals but not received", _gaps)
    sh = command("shifts", "a station's recent shifts, each reconciled against the till's own Z totals", _shifts)
    sh.add_argument("station", help="the station's code")
    sh.add_argument("--limit", type=int, default=20, help="how many of the newest shifts (default 20)")
    command("audit-breaks", "where a terminal's audit chain, as received, does not continue", _audit_breaks)
    command("status", "stations, terminals, facts and reference data", _status)
    db_option(p, commands, "database URL (postgresql+psycopg://… or a SQLite file); default $POS_SERVER_DB")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("alembic").setLevel(logging.WARNING)
    args = build_parser().parse_args(argv)
    url = db.resolve_url(args.db)
    speak("en")  # the district's operators read the server's log and its English messages
    return guarded(lambda: _dispatch(args, url), refused=(ServerError,), unreachable=(OperationalError,))


def _dispatch(args: argparse.Namespace, url: str) -> int:
    if hasattr(args, "outside"):  # commands that open the database their own way
        return int(args.outside(args, url))
    engine, cipher = open_server(url)
    args.key_file = key_file(url)
    try:
        with engine.begin() as conn:
            return args.handler(Context(conn, cipher, datetime.now(UTC)), args) or 0
    finally:
        engine.dispose()


# -- running -------------------------------------------------------------------------------------
def _serve(args: argparse.Namespace, url: str) -> int:
    import uvicorn

    open_server(url)[0].dispose()  # migrate once, before any worker starts
    os.environ["POS_SERVER_DB"] = url
    uvicorn.run(
        "pos_app.server.runtime:asgi_app",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        log_level="info",
    )
    return 0


def _openapi(args: argparse.Namespace, url: str) -> int:
    from pos_app.server.app import create_app

    spec = create_app(db.make_engine("sqlite://"), FieldCipher(bytes(64))).openapi()
    args.out.write_text(json.dumps(spec, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"OpenAPI {spec['info']['version']}: {len(spec['paths'])} paths → {args.out}")
    return 0


# -- stations, terminals, admins ---------------------------------------------------------------
def _add_station(c: Context, args: argparse.Namespace) -> None:
    auth.add_station(c.conn, args.code, args.name, c.now)
    print(f"station {args.code.upper()} {args.name}")


def _enroll_code(c: Context, args: argparse.Namespace) -> None:
    code = auth.enrollment_code(c.conn, args.station, args.terminal, c.now)
    print(code)
    print(
        f"on station {args.station.upper()} terminal {args.terminal}, within 24 hours: "
        f"pos-admin enroll --server URL --code {code}",
        file=sys.stderr,
    )


def _revoke(c: Context, args: argparse.Namespace) -> None:
    auth.revoke(c.conn, args.station, args.terminal, c.now)
    print(f"terminal {args.station.upper()}-{args.terminal:02d}: token revoked")


def _add_admin(c: Context, args: argparse.Namespace) -> None:
    password = args.password or os.environ.get("POS_SERVER_ADMIN_PASSWORD") or getpass.getpass()
    auth.add_admin(c.conn, args.username, password, c.now)
    print(f"district admin {args.username}")


# -- reference data ----------------------------------------------------------------------------
def _good(parsed: Parsed[T], skip_bad: bool) -> list[T]:
    """The station's own parsers read the file; a bad row refuses the whole file unless skipped."""
    if parsed.bad and not skip_bad:
        raise ImportFailed(errors=parsed.bad)
    for row in parsed.bad:
        print(f"skipped {row}", file=sys.stderr)
    return [item for _, item in parsed.good]


def _import_catalog(c: Context, args: argparse.Namespace) -> None:
    created, updated, same = reference.import_catalog(c.conn, _good(parse_catalog(args.file), args.skip_bad), c.now)
    print(f"catalog: {created} new, {updated} updated, {same} unchanged")


def _import_certified(c: Context, args: argparse.Namespace) -> None:
    certificates = _good(parse_certified(args.file), args.skip_bad)
    created, updated = reference.import_certified(c.conn, certificates, c.now)
    print(f"certificates: {created} new, {updated} updated")


def _import_households(c: Context, args: argparse.Namespace) -> None:
    households = _good(parse_households(args.file, reference.categories(c.conn), c.now.date()), args.skip_bad)
    if args.home_station:
        home = args.home_station.strip().upper()
        households = [h if h.home_station_code else replace(h, home_station_code=home) for h in households]
    created, updated = reference.import_households(c.conn, households, c.cipher, c.now)
    print(f"households: {created} new, {updated} updated")


def _setting(c: Context, args: argparse.Namespace) -> None:
    try:
        value = json.loads(args.value)
    except json.JSONDecodeError:
        value = args.value
    changed = reference.set_setting(c.conn, args.key, value, c.now)
    print(f"{args.key} = {json.dumps(value, ensure_ascii=False)}" + ("" if changed else " (unchanged)"))


def _category(c: Context, args: argparse.Namespace) -> None:
    changed = reference.set_category(c.conn, args.code, args.name, not args.inactive, c.now)
    print(f"category {args.code} {args.name}" + ("" if changed else " (unchanged)"))


def _tender(c: Context, args: argparse.Namespace) -> None:
    changed = reference.set_tender(c.conn, args.code, args.name, args.kind, not args.inactive, c.now)
    print(f"tender {args.code} {args.name} ({args.kind})" + ("" if changed else " (unchanged)"))


def _new_epoch(c: Context, args: argparse.Namespace) -> None:
    print(f"new epoch {reference.new_epoch(c.conn)}: stations will pull again and resend their facts")


# -- the district's books ----------------------------------------------------------------------
def _report(c: Context, args: argparse.Namespace) -> None:
    figures = district.figures(c.conn, args.date_from, args.date_to, c.now)
    if args.out.suffix.lower() == ".json":
        write_private(args.out, figures.model_dump_json(indent=2).encode())
    else:
        from pos_app.reports.district import district_pdf

        write_private(args.out, district_pdf(figures))
    t = figures.total
    print(
        f"district: {t.sales_count} sales, net {format_fen(t.net_fen)}, "
        f"{t.households_helped} households helped → {args.out}"
    )


def _gaps(c: Context, args: argparse.Namespace) -> None:
    for g in district.gaps(c.conn):
        missing = ", ".join(map(str, g.missing[:20])) + (" …" if len(g.missing) > 20 else "")
        print(f"{g.station_code}-{g.terminal:02d}: {g.received} of {g.highest} received; missing {missing or '-'}")


def _shifts(c: Context, args: argparse.Namespace) -> None:
    """One line a shift: reconciled, or incomplete with each difference and the missing receipts."""
    for s in reconcile.recent_shifts(c.conn, args.station, args.limit):
        head = f"{s.station_code}-{s.terminal:02d} {s.closed_at.astimezone(LOCAL_TZ):%Y-%m-%d %H:%M} {s.state}"
        got = s.received
        print(f"{head}: {got.sales_count} sales {format_fen(got.sales_fen)}, refunds {format_fen(got.refunds_fen)}")
        for d in s.differences:
            till, rec = (format_fen(d.till), format_fen(d.received)) if d.in_fen else (d.till, d.received)
            print(f"  {d.what}: till {till}, received {rec}")
        if s.missing_receipts:
            print(f"  missing: {', '.join(s.missing_receipts[:20])}{' …' if len(s.missing_receipts) > 20 else ''}")


def _payout(c: Context, args: argparse.Namespace) -> None:
    done = settlement.pay_out(
        c.conn,
        args.code,
        method=args.method,
        reference=args.reference,
        paid_by=args.by,
        now=c.now,
        amount_fen=parse_yuan(args.amount) if args.amount else None,
    )
    print(
        f"{done.statement_no}: paid {done.household_code} {done.head_name} {format_fen(done.amount_fen)} "
        f"by {done.method}{' ' + done.reference if done.reference else ''}; "
        f"balance now {format_fen(done.balance_after_fen)}"
    )


def _settlements(c: Context, args: argparse.Namespace) -> None:
    held = tills.open_reservations(c.conn)
    for r in held:
        print(
            f"{r.id} {r.household_code} {format_fen(r.amount_fen)} at {r.terminal} "
            f"since {r.reserved_at:%Y-%m-%d %H:%M} UTC"
        )
    print(f"{len(held)} settlement(s) reserved and not paid yet")


def _release(c: Context, args: argparse.Namespace) -> None:
    r = tills.release(c.conn, args.id, c.now)
    print(f"released {r.id}: {r.household_code} {format_fen(r.amount_fen)} is payable again")


def _audit_breaks(c: Context, args: argparse.Namespace) -> int:
    breaks = district.audit_breaks(c.conn)
    for b in breaks:
        print(
            f"{b.station_code}-{b.terminal:02d} entry {b.n} ({b.at:%Y-%m-%d %H:%M} UTC, {b.entity_id}): "
            f"follows {b.got_prev[:12]}…, the district last had {b.expected_prev[:12]}…"
        )
    print(f"{len(breaks)} break(s) in the terminals' audit chains" if breaks else "every audit chain intact")
    return FOUND_PROBLEMS if breaks else 0


def _status(c: Context, args: argparse.Namespace) -> None:
    conn = c.conn
    print(f"epoch {reference.epoch(conn)}")
    print(f"key {args.key_file}: this database's (check {c.cipher.check_value()[:8]})")
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


if __name__ == "__main__":
    sys.exit(main())
