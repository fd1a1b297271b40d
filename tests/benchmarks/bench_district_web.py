"""The district office's web pages on a large district: 200 stations and 2,000,000 received sales,
on PostgreSQL, each page timed as a signed-in clerk asks for it, against ``GET /v1/meta`` (the
server's cheapest answer) in the same run.

    python -m tests.benchmarks.bench_district_web [--sales 2000000] [--pg URL] [--keep NAME]

``--keep NAME`` generates the district into database NAME once and keeps it: a later run with the
same name upgrades it, rebuilds the running totals and measures without generating again.

The sales, their lines and the households' credits are generated in PostgreSQL as in
``bench_district_report`` (each till's receipts numbered without gaps), with the received-fact row
ingest keeps for each, and the running totals rebuilt;
then every page is asked for 30 times through the app (in-process, the same code uvicorn serves).
Bar: every page ≤ 300 ms p99.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path
from typing import Any

from tests.benchmarks import bench_district_report as gen
from tests.benchmarks.bench_push import database_exists, drop_database, fresh_database
from tests.benchmarks.common import add_pg_argument, emit, ratio, summary

gen.STATIONS = 200  # the large district

PAGES = {
    "stations": "/district/",
    "station": "/district/stations/ST001",
    "households": "/district/households",
    "households_below_target": "/district/households?below=1",
    "households_no_buyer": "/district/households?unsold=1",
    "household": "/district/households/H0001",
    "report_year": "/district/report",
    "report_month": "/district/report?from=2026-11-01&to=2026-11-30",
    "report_odd_span": "/district/report?from=2026-01-15&to=2026-11-20",  # whole months and 37 days
    "report_pdf_month": "/district/report?from=2026-11-01&to=2026-11-30&format=pdf",
    "demand_csv": "/district/report?table=demand&format=csv",
}


def add_received(engine: Any) -> None:
    """The exactly-once judge's row for every sale, as ingest keeps it (one in a thousand refused),
    received when it was made: the stations page counts today's from these."""
    from sqlalchemy import text

    with engine.begin() as conn:
        conn.execute(
            text(
                "insert into received_op (terminal_id, entity_id, entity_type, terminal_seq, payload_hash, status, "
                "reason, received_at) select terminal_id, id, 'sale', doc_seq, md5(id), "
                "case when doc_seq % 1000 = 0 then 'rejected' else 'applied' end, "
                "case when doc_seq % 1000 = 0 then 'bench' end, received_at from sale"
            )
        )
        conn.execute(text("analyze received_op"))


def timed_get(client: Any, path: str, n: int) -> list[float]:
    client.get(path)  # warm
    out = []
    for _ in range(n):
        t0 = time.perf_counter_ns()
        reply = client.get(path)
        out.append((time.perf_counter_ns() - t0) / 1e6)
        assert reply.status_code == 200, (path, reply.status_code)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sales", type=int, default=2_000_000)
    ap.add_argument("--repeat", type=int, default=30)
    ap.add_argument("--keep", metavar="NAME", help="generate into database NAME once and keep it")
    add_pg_argument(ap)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="pos-bench-web-")) if not args.keep else Path(tempfile.gettempdir())
    name = args.keep or f"fupin_bench_web_{os.getpid()}"
    os.environ["POS_SERVER_KEY_FILE"] = str(tmp / f"{name}.key")
    reuse = bool(args.keep) and database_exists(args.pg, name)
    url = args.pg.rsplit("/", 1)[0] + f"/{name}" if reuse else fresh_database(args.pg, name)
    from datetime import UTC, datetime

    from fastapi.testclient import TestClient

    from pos_app.server import auth
    from pos_app.server.app import create_app
    from pos_app.server.runtime import open_server, tune_collector
    from tests.server.test_web_pages import sign_in

    engine, cipher = open_server(url)
    try:
        generated = 0.0
        now = datetime(2026, 12, 31, 12, 0, tzinfo=UTC)
        if not reuse:
            gen.setup(engine, cipher)
            t0 = time.perf_counter()
            gen.add_sales(engine, 1, args.sales)
            add_received(engine)
            generated = time.perf_counter() - t0
            with engine.begin() as conn:
                auth.add_admin(conn, "district", "district-pass-1", now)
        gen.rebuild(engine)
        client = TestClient(create_app(engine, cipher, clock=lambda: now))
        tune_collector()  # as the served app is (``runtime.asgi_app``)
        base = summary(timed_get(client, "/v1/meta", args.repeat))
        assert sign_in(client).status_code == 303
        pages = {}
        for label, path in PAGES.items():
            s = summary(timed_get(client, path, args.repeat))
            pages[label] = s | {"ratio_p99_to_meta": ratio(s, base)}
    finally:
        engine.dispose()
        if not args.keep:
            drop_database(args.pg, name)
    emit(
        "district web pages",
        {"stations": gen.STATIONS, "sales": args.sales, "generate_s": round(generated, 1), "meta": base, **pages},
    )


if __name__ == "__main__":
    main()
