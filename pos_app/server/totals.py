"""Running totals, kept at ingest so the district report answers from a few small tables however
many sales the district holds.

Every row ingest writes passes through ``add``: the sales, sale lines, refunds and ledger entries
of a push become increments of the station's day, the household's day and the institutional buyer's
day, upserted in the push's transaction (so the totals commit, or not, with the facts). ``rebuild``
computes the same tables from the facts themselves: the upgrade uses it, and a test checks that the
two always agree.

(docs/architecture.md, "The district report reads running totals")
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, Table, bindparam, case, delete, func, insert, literal_column, select, union_all
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from pos_app.server.models import (
    DayBuyer,
    DayHousehold,
    DayProduct,
    DayStation,
    DistrictLedgerEntry,
    DistrictRefund,
    DistrictSale,
    DistrictSaleLine,
    DistrictStockMovement,
    MonthHousehold,
    TerminalBalance,
    TerminalReceipts,
    TerminalStock,
    table,
)

Key = tuple[str, ...]


def add(conn: Connection, rows: Mapping[str, Sequence[dict[str, Any]]]) -> None:
    """Add what these new rows (by table name, as ingest writes them) bring to the running totals."""
    station: dict[Key, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    household: dict[Key, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    buyer: dict[Key, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    product: dict[Key, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    receipts: dict[str, list[int]] = defaultdict(lambda: [0, 0])  # terminal → [received, highest]
    sales = {r["id"]: r for r in rows.get(DistrictSale.__tablename__, ())}
    for r in (*sales.values(), *rows.get(DistrictRefund.__tablename__, ())):
        numbers = receipts[r["terminal_id"]]
        numbers[0] += 1
        numbers[1] = max(numbers[1], r["doc_seq"])
    for r in sales.values():
        day = station[(r["station_id"], r["local_day"])]
        day["sales_count"] += 1
        day["sales_fen"] += r["total_fen"]
        day["late_sales"] += 1 if r["late"] else 0
    for li in rows.get(DistrictSaleLine.__tablename__, ()):
        sale = sales[li["sale_id"]]  # a sale's lines always travel with it
        if li["voided"]:
            continue
        if li["certified"]:
            station[(sale["station_id"], sale["local_day"])]["certified_fen"] += li["net_fen"]
        if li["certified"] or li["pass_through"]:
            kind = "certified" if li["certified"] else "household"
            p = product[(sale["local_day"], kind, li["certificate_no"] or "", li["name"])]
            p["lines"] += 1
            p["qty"] += 0 if li["weight_g"] is not None else li["qty"]
            p["weight_g"] += li["weight_g"] or 0
            p["sales_fen"] += li["net_fen"]
        if sale["buyer_institutional"]:
            b = buyer[(sale["buyer_name"] or "?", sale["local_day"])]
            b["total_fen"] += li["net_fen"]
            b["poverty_fen"] += li["net_fen"] if li["certified"] or li["pass_through"] else 0
    for r in rows.get(DistrictRefund.__tablename__, ()):
        station[(r["station_id"], r["local_day"])]["refunds_fen"] += r["total_fen"]
    stock: dict[Key, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for m in rows.get(DistrictStockMovement.__tablename__, ()):
        stock[(m["station_id"], m["terminal_id"] or "", m["product_id"])]["on_hand"] += m["delta"]
    till: dict[Key, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for e in rows.get(DistrictLedgerEntry.__tablename__, ()):
        till[(e.get("terminal_id") or "", e["household_code"])]["amount_fen"] += e["amount_fen"]
        h = household[(e["station_id"] or "", e["household_code"], e["local_day"])]
        if e["kind"] == "payout":
            h["paid_fen"] -= e["amount_fen"]
        else:
            h["earned_fen"] += e["amount_fen"]
            h["earned_entries"] += 1
    _bump(conn, table(DayStation), ("station_id", "local_day"), station)
    _bump(conn, table(DayHousehold), ("station_id", "household_code", "local_day"), household)
    month: dict[Key, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for key, sums in household.items():
        in_month = month[(key[0], key[1], key[2][:7])]  # station, household, "YYYY-MM"
        for k, v in sums.items():
            in_month[k] += v
    _bump(conn, table(MonthHousehold), ("station_id", "household_code", "month"), month)
    _bump(conn, table(DayBuyer), ("buyer_name", "local_day"), buyer)
    _bump(conn, table(DayProduct), ("local_day", "kind", "certificate_no", "name"), product)
    _receipts(conn, receipts)
    _bump(conn, table(TerminalStock), ("station_id", "terminal_id", "product_id"), stock)
    _bump(conn, table(TerminalBalance), ("terminal_id", "household_code"), till)


_UPSERTS: dict[tuple[str, str], Any] = {}


def _upsert(conn: Connection, t: Table, keys: tuple[str, ...]) -> Any:
    """``INSERT … ON CONFLICT (keys) DO UPDATE SET v = v + excluded.v``, built once per table."""
    cached = _UPSERTS.get((conn.dialect.name, t.name))
    if cached is None:
        make = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
        stmt = make(t).values({c.name: bindparam(c.name) for c in t.columns})
        values = [c.name for c in t.columns if c.name not in keys]
        cached = stmt.on_conflict_do_update(
            index_elements=list(keys), set_={v: t.c[v] + stmt.excluded[v] for v in values}
        )
        _UPSERTS[(conn.dialect.name, t.name)] = cached
    return cached


def _bump(conn: Connection, t: Table, keys: tuple[str, ...], increments: dict[Key, dict[str, int]]) -> None:
    """Upsert each row adding the increments, in one statement run for every row; in key order, so
    two pushes never wait on each other in a cycle."""
    if not increments:
        return
    values = [c.name for c in t.columns if c.name not in keys]
    rows = [
        {**dict(zip(keys, key, strict=True)), **{v: increments[key].get(v, 0) for v in values}}
        for key in sorted(increments)
    ]
    conn.execute(_upsert(conn, t, keys), rows)


def _receipts(conn: Connection, seen: dict[str, list[int]]) -> None:
    """Count each till's receipt numbers received and keep the highest."""
    if not seen:
        return
    t = table(TerminalReceipts)
    make = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
    stmt = make(t).values(terminal_id=bindparam("t"), received=bindparam("n"), highest=bindparam("top"))
    stmt = stmt.on_conflict_do_update(
        index_elements=["terminal_id"],
        set_={
            "received": t.c.received + stmt.excluded.received,
            "highest": case((t.c.highest > stmt.excluded.highest, t.c.highest), else_=stmt.excluded.highest),
        },
    )
    conn.execute(stmt, [{"t": tid, "n": n, "top": top} for tid, (n, top) in sorted(seen.items())])


PARTS = ("report", "tills", "products")  # what each upgrade that added running totals rebuilt


def rebuild(conn: Connection, parts: Collection[str] = PARTS) -> None:
    """The running totals computed afresh from every fact the district holds. ``parts`` names which
    (an upgrade rebuilds only the tables that existed when it was written): the report's day totals,
    the tills' shares of stock and balances; the varieties' day totals, the receipt counts and the
    households' months (from their days: "report" comes first)."""
    models = {
        "report": (DayStation, DayHousehold, DayBuyer),
        "tills": (TerminalStock, TerminalBalance),
        "products": (DayProduct, TerminalReceipts, MonthHousehold),
    }
    for part in parts:
        for model in models[part]:
            conn.execute(delete(table(model)))
    if "report" in parts:
        _rebuild_report(conn)
    if "tills" in parts:
        _rebuild_tills(conn)
    if "products" in parts:
        _rebuild_products(conn)


def _rebuild_report(conn: Connection) -> None:
    s, li, r, e = DistrictSale, DistrictSaleLine, DistrictRefund, DistrictLedgerEntry
    live = li.voided.is_(False)
    days = select(s.station_id, s.local_day).union(select(r.station_id, r.local_day)).subquery()
    sold = (
        select(
            s.station_id,
            s.local_day,
            func.count().label("n"),
            func.sum(s.total_fen).label("fen"),
            func.sum(case((s.late, 1), else_=0)).label("late"),
        )
        .group_by(s.station_id, s.local_day)
        .subquery()
    )
    cert = (
        select(s.station_id, s.local_day, func.sum(li.net_fen).label("fen"))
        .join(li, li.sale_id == s.id)
        .where(live, li.certified)
        .group_by(s.station_id, s.local_day)
        .subquery()
    )
    back = (
        select(r.station_id, r.local_day, func.sum(r.total_fen).label("fen"))
        .group_by(r.station_id, r.local_day)
        .subquery()
    )

    def on(sub: Any) -> Any:
        return (sub.c.station_id == days.c.station_id) & (sub.c.local_day == days.c.local_day)

    conn.execute(
        insert(table(DayStation)).from_select(
            ["station_id", "local_day", "sales_count", "sales_fen", "late_sales", "refunds_fen", "certified_fen"],
            select(
                days.c.station_id,
                days.c.local_day,
                func.coalesce(sold.c.n, 0),
                func.coalesce(sold.c.fen, 0),
                func.coalesce(sold.c.late, 0),
                func.coalesce(back.c.fen, 0),
                func.coalesce(cert.c.fen, 0),
            )
            .select_from(days)
            .outerjoin(sold, on(sold))
            .outerjoin(back, on(back))
            .outerjoin(cert, on(cert)),
        )
    )
    earned = e.kind != "payout"
    conn.execute(
        insert(table(DayHousehold)).from_select(
            ["station_id", "household_code", "local_day", "earned_fen", "earned_entries", "paid_fen"],
            select(
                func.coalesce(e.station_id, literal_column("''")),
                e.household_code,
                e.local_day,
                func.sum(case((earned, e.amount_fen), else_=0)),
                func.sum(case((earned, 1), else_=0)),
                -func.sum(case((earned, 0), else_=e.amount_fen)),
            ).group_by(func.coalesce(e.station_id, literal_column("''")), e.household_code, e.local_day),
        )
    )
    conn.execute(
        insert(table(DayBuyer)).from_select(
            ["buyer_name", "local_day", "total_fen", "poverty_fen"],
            select(
                func.coalesce(s.buyer_name, literal_column("'?'")),
                s.local_day,
                func.sum(li.net_fen),
                func.sum(case((li.certified | li.pass_through, li.net_fen), else_=0)),
            )
            .join(li, li.sale_id == s.id)
            .where(s.buyer_institutional, live)
            .group_by(func.coalesce(s.buyer_name, literal_column("'?'")), s.local_day),
        )
    )


def _rebuild_tills(conn: Connection) -> None:
    e, m = DistrictLedgerEntry, DistrictStockMovement
    till = func.coalesce(m.terminal_id, literal_column("''"))
    conn.execute(
        insert(table(TerminalStock)).from_select(
            ["station_id", "terminal_id", "product_id", "on_hand"],
            select(m.station_id, till, m.product_id, func.sum(m.delta)).group_by(m.station_id, till, m.product_id),
        )
    )
    booked_by = func.coalesce(e.terminal_id, literal_column("''"))
    conn.execute(
        insert(table(TerminalBalance)).from_select(
            ["terminal_id", "household_code", "amount_fen"],
            select(booked_by, e.household_code, func.sum(e.amount_fen)).group_by(booked_by, e.household_code),
        )
    )


def _rebuild_products(conn: Connection) -> None:
    d = DayHousehold
    month = func.substr(d.local_day, literal_column("1"), literal_column("7"))  # one expression, grouped by
    conn.execute(
        insert(table(MonthHousehold)).from_select(
            ["station_id", "household_code", "month", "earned_fen", "earned_entries", "paid_fen"],
            select(
                d.station_id,
                d.household_code,
                month,
                func.sum(d.earned_fen),
                func.sum(d.earned_entries),
                func.sum(d.paid_fen),
            ).group_by(d.station_id, d.household_code, month),
        )
    )
    s, li, r = DistrictSale, DistrictSaleLine, DistrictRefund
    kind = case((li.certified, literal_column("'certified'")), else_=literal_column("'household'"))
    cert = func.coalesce(li.certificate_no, literal_column("''"))
    conn.execute(
        insert(table(DayProduct)).from_select(
            ["local_day", "kind", "certificate_no", "name", "lines", "qty", "weight_g", "sales_fen"],
            select(
                s.local_day,
                kind,
                cert,
                li.name,
                func.count(),
                func.sum(case((li.weight_g.is_(None), li.qty), else_=0)),
                func.sum(func.coalesce(li.weight_g, 0)),
                func.sum(li.net_fen),
            )
            .join(li, li.sale_id == s.id)
            .where(li.voided.is_(False), li.certified | li.pass_through)
            .group_by(s.local_day, kind, cert, li.name),
        )
    )
    used = union_all(
        select(s.terminal_id.label("t"), s.doc_seq.label("seq")), select(r.terminal_id, r.doc_seq)
    ).subquery()
    conn.execute(
        insert(table(TerminalReceipts)).from_select(
            ["terminal_id", "received", "highest"],
            select(used.c.t, func.count(), func.max(used.c.seq)).group_by(used.c.t),
        )
    )
