"""Push 100,000 queued sales from a station into PostgreSQL through a real ``pos-server`` process.

    python -m tests.benchmarks.bench_push [--sales 100000] [--workers 1] [--pg URL]

The station's outbox is filled with real sale facts (rung up through the checkout, then cloned with
fresh ids and receipt numbers); ``SyncClient.push()`` sends them in batches of 500 over loopback and
marks them acked, as the sync worker does. Baseline, same run: the rows the server writes for those
sales (received_op, fact, sale, sale_line, ledger_entry, stock_movement) loaded with a
bare PostgreSQL ``COPY`` into a fresh copy of the schema. Bar: ≥ 5,000 sales/s and ≥ 0.3× the
COPY rate, with every check the district makes of a fact in place.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import create_engine, text

from tests.benchmarks.common import ROOT, add_pg_argument, emit


def fresh_database(base: str, name: str) -> str:
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return base.rsplit("/", 1)[0] + f"/{name}"


def database_exists(base: str, name: str) -> bool:
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        found = conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).first()
    admin.dispose()
    return found is not None


def drop_database(base: str, name: str) -> None:
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def start_server(db_url: str, port: int, workers: int, data: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "POS_SERVER_KEY_FILE": str(data / "server.key"), "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "pos_app.server.cli",
            "--db",
            db_url,
            "serve",
            "--port",
            str(port),
            "--workers",
            str(workers),
        ],
        env=env,
        stdout=(data / "server.log").open("ab"),
        stderr=subprocess.STDOUT,
    )
    for _ in range(300):
        try:
            if httpx.get(f"http://127.0.0.1:{port}/v1/meta", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.1)
    raise RuntimeError((data / "server.log").read_text()[-2000:])


def server_cli(db_url: str, data: Path, *args: str) -> str:
    env = {**os.environ, "POS_SERVER_KEY_FILE": str(data / "server.key"), "PYTHONPATH": str(ROOT)}
    out = subprocess.run(
        [sys.executable, "-m", "pos_app.server.cli", "--db", db_url, *args],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout.strip()


def make_station(tmp: Path) -> Any:
    """A station with a catalog, users, an open shift and one household's eggs on the shelf."""
    from pos_app.bootstrap import build_services
    from pos_app.demo import DEMO_CATALOG
    from pos_app.domain.clock import SystemClock
    from pos_app.services.catalog_io import import_catalog
    from pos_app.services.station import init_station, open_database
    from tests.facts import with_household_goods

    db = open_database(tmp / "station.db")
    clock = SystemClock()
    s = build_services(db, clock, init_station(db, clock, "TZ01", "通州社区扶贫超市", 1))
    import_catalog(s.catalog, DEMO_CATALOG)
    cashier = s.users.create("cashier", "王收银", ["cashier"], "1111")
    s.users.create("manager", "张经理", ["manager"], "999999")
    s.shifts.open(cashier.id, 0)
    return with_household_goods(s, tmp)


def fill_outbox(s: Any, n: int) -> None:
    """Ring up 60 real sales, then clone them into ``n`` sales with fresh ids and receipt numbers."""
    from pos_app.contract.protocol import payload_hash
    from tests.facts import EGGS, sell

    codes = [p.codes[0] for p in s.catalog.page(0, 400) if p.codes][:60]
    for i in range(60):
        sell(s, [codes[i % len(codes)], codes[(i * 7) % len(codes)], codes[(i * 13) % len(codes)]] + [EGGS] * (i % 2))
    path = Path(s.db.engine.url.database)
    con = sqlite3.connect(path)
    found = con.execute("select payload_json, schema_ver from outbox where entity_type='sale'").fetchall()
    templates = [(json.loads(r[0]), int(r[1])) for r in found]
    con.execute("delete from outbox where entity_type = 'sale'")  # the intake, shift and audit facts stay
    now = datetime.now(UTC).isoformat()
    rows = []
    for i in range(n):
        template, schema_ver = templates[i % len(templates)]
        p = json.loads(json.dumps(template))
        sale_id = str(uuid.uuid4())
        p["sale"].update(id=sale_id, doc_seq=1000 + i, receipt_no=f"TZ01-01-{1000 + i:06d}")
        lines = {}
        for li in p["lines"]:
            lines[li["id"]] = new_line = str(uuid.uuid4())
            li.update(id=new_line, sale_id=sale_id)
        for st in p["stock"]:
            st.update(id=str(uuid.uuid4()), ref_id=sale_id)
        for le in p["ledger"]:
            le.update(id=str(uuid.uuid4()), sale_id=sale_id, sale_line_id=lines[le["sale_line_id"]])
        for pay in p["payments"]:
            pay.update(id=str(uuid.uuid4()), sale_id=sale_id)
        body = json.dumps(p, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        rows.append((str(uuid.uuid4()), "sale", sale_id, body, payload_hash(body), schema_ver, "pending", 0, now))
    con.executemany(
        "insert into outbox(id, entity_type, entity_id, payload_json, payload_hash, schema_ver, status, attempts,"
        " created_at) values (?,?,?,?,?,?,?,?,?)",
        rows,
    )
    con.commit()
    con.close()


def copy_baseline(db_url: str, ops: list[Any], data: Path) -> float:
    """Seconds for a bare COPY of exactly the rows the server writes for these sales."""
    from pos_app.server import auth
    from pos_app.server.books import Books
    from pos_app.server.ingest import Context, effects_of, read_fact, received_row
    from pos_app.server.models import ReceivedOp, table
    from pos_app.server.runtime import open_server
    from tests.facts import register_households

    os.environ["POS_SERVER_KEY_FILE"] = str(data / "server.key")
    engine, cipher = open_server(db_url)
    now = datetime.now(UTC)
    with engine.begin() as conn:
        sid = auth.add_station(conn, "TZ01", "基准", now)
        register_households(conn, cipher, now)
        conn.execute(
            text("insert into terminal(id, station_id, number, high_water) values (:i, :s, 1, 0)"),
            {"i": "00000000-0000-7000-8000-000000000001", "s": sid},
        )
    caller = auth.Caller("00000000-0000-7000-8000-000000000001", sid, "TZ01", 1)
    tables: dict[str, list[dict[str, Any]]] = {}
    with engine.connect() as conn:
        ctx = Context(conn, caller, now, set(), {}, Books(conn, caller.terminal_id))
        facts = [read_fact(op) for op in ops]
        for k in range(0, len(ops), 500):  # as ingest reads the books: a push of 500 at a time
            ctx.books.prime(facts[k : k + 500])
        for op, fact in zip(ops, facts, strict=True):
            eff = effects_of(ctx, op, fact)
            for name, rows in eff.rows.items():
                tables.setdefault(name, []).extend(rows)
            tables.setdefault(table(ReceivedOp).name, []).append(received_row(caller, op, now))
    order = ["received_op", "fact", "sale", "sale_line", "ledger_entry", "stock_movement"]
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        t0 = time.perf_counter()
        for name in order:
            rows = tables.get(name, [])
            if not rows:
                continue
            cols = list(rows[0])
            with cur.copy(f"COPY {name} ({', '.join(cols)}) FROM STDIN") as cp:  # type: ignore[attr-defined]
                for r in rows:
                    cp.write_row(tuple(r[c] for c in cols))
        raw.commit()
        elapsed = time.perf_counter() - t0
    finally:
        raw.close()
        engine.dispose()
    return elapsed, {k: len(v) for k, v in tables.items()}  # type: ignore[return-value]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sales", type=int, default=100_000)
    ap.add_argument("--workers", type=int, default=1)
    add_pg_argument(ap)
    args = ap.parse_args()

    from pos_app.sync.client import SyncClient, enroll
    from tests.facts import households_file, outbox_ops
    from tests.sync.conftest import free_port

    tmp = Path(tempfile.mkdtemp(prefix="pos-bench-push-"))
    t0 = time.perf_counter()
    station = make_station(tmp)
    fill_outbox(station, args.sales)
    prepared = time.perf_counter() - t0

    live_name, copy_name = f"fupin_bench_push_{os.getpid()}", f"fupin_bench_copy_{os.getpid()}"
    live = fresh_database(args.pg, live_name)
    server_cli(live, tmp, "add-station", "TZ01", "通州社区扶贫超市")
    server_cli(live, tmp, "import-households", str(households_file(tmp)))
    port = free_port()
    proc = start_server(live, port, args.workers, tmp)
    try:
        code = server_cli(live, tmp, "enroll-code", "--station", "TZ01", "--terminal", "1")
        enroll(station.sync, f"http://127.0.0.1:{port}", code)
        client = SyncClient(station.sync, timeout=120)
        t0 = time.perf_counter()
        report = client.push()
        push_s = time.perf_counter() - t0
        engine = create_engine(live)
        with engine.connect() as conn:
            stored = conn.execute(text("select count(*), count(distinct id) from sale")).one()
            lines = conn.execute(text("select count(*) from sale_line")).scalar_one()
        engine.dispose()
    finally:
        proc.terminate()
        proc.wait(10)
    ops = [op for op in outbox_ops(station) if op.entity_type == "sale"]
    copy_db = fresh_database(args.pg, copy_name)
    copy_s, copied = copy_baseline(copy_db, ops, tmp)
    drop_database(args.pg, live_name)
    drop_database(args.pg, copy_name)
    ours = args.sales / push_s
    bare = args.sales / copy_s
    emit(
        "push sales into PostgreSQL",
        {
            "sales": args.sales,
            "server_workers": args.workers,
            "acked": report.acked,
            "problems": report.problems,
            "stored_sales": stored[0],
            "distinct_sales": stored[1],
            "stored_lines": lines,
            "push_s": round(push_s, 2),
            "sales_per_s": round(ours),
            "copy_s": round(copy_s, 2),
            "copy_sales_per_s": round(bare),
            "copy_rows": copied,
            "ratio_to_copy": round(ours / bare, 2),
            "prepare_s": round(prepared, 1),
            "bar": "≥ 5,000 sales/s and ≥ 0.3× COPY",
        },
    )
    station.close()


if __name__ == "__main__":
    main()
