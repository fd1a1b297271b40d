"""Pull a 500,000-product district catalog into a fresh station through a real ``pos-server``.

    python -m tests.benchmarks.bench_pull [--products 500000] [--pg URL]

The district's catalog comes from the benchmark generator (realistic Chinese names, pinyin, GS1
China barcodes, weighed goods with PLUs) and is loaded into the server's PostgreSQL untimed. Timed:
a freshly enrolled station's first ``SyncClient.sync_once()``, pulling every stream page by page,
each page applied with its cursor in one transaction; then the first search (index build). Baseline,
same run: the same rows read from PostgreSQL with one bare ``SELECT`` and written into SQLite with
bare ``executemany`` (same durability). Bar: ≤ 20 s.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import create_engine

from tests.benchmarks.bench_push import drop_database, fresh_database, server_cli, start_server
from tests.benchmarks.catalog_gen import default_path, generate
from tests.benchmarks.common import add_pg_argument, current_rss_mb, emit


def load_district(db_url: str, catalog: Path, data: Path) -> int:
    from pos_app.server.runtime import open_server

    os.environ["POS_SERVER_KEY_FILE"] = str(data / "server.key")
    engine, _ = open_server(db_url)
    engine.dispose()
    src = sqlite3.connect(catalog)
    products = src.execute(
        "select p.id, p.name, p.unit_label, p.price_fen, group_concat(c.code, ';'), p.category, p.plu, p.active,"
        " p.pinyin_initials, p.pinyin_full from product p left join product_code c on c.product_id = p.id"
        " group by p.id order by p.rowid"
    ).fetchall()
    codes = src.execute("select code, product_id from product_code").fetchall()
    src.close()
    now = datetime.now(UTC)
    raw = create_engine(db_url).raw_connection()
    cur = raw.cursor()
    with cur.copy(  # type: ignore[attr-defined]
        "COPY ref_product (id, name, unit_label, price_fen, codes, category, plu, active, pinyin_initials,"
        " pinyin_full, version, updated_at) FROM STDIN"
    ) as cp:
        for v, p in enumerate(products, start=1):
            cp.write_row((*p[:7], bool(p[7]), p[8], p[9], v, now))
    with cur.copy("COPY ref_product_code (code, product_id) FROM STDIN") as cp:  # type: ignore[attr-defined]
        for row in codes:
            cp.write_row(row)
    cur.execute("update version_counter set value = %s where id = 1", (len(products),))
    raw.commit()
    raw.close()
    return len(products)


def baseline(db_url: str, out: Path) -> float:
    """The same rows: one bare SELECT from PostgreSQL, bare executemany into SQLite (WAL, FULL)."""
    from pos_app.services.station import open_database

    open_database(out).dispose()  # the same schema
    t0 = time.perf_counter()
    raw = create_engine(db_url).raw_connection()
    cur = raw.cursor()
    cur.execute(
        "select id, name, unit_label, price_fen, plu, category, active, pinyin_initials, pinyin_full, codes"
        " from ref_product order by version"
    )
    rows = cur.fetchall()
    raw.close()
    now = datetime.now(UTC).isoformat()
    con = sqlite3.connect(out)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=FULL")
    for i in range(0, len(rows), 1000):
        page = rows[i : i + 1000]
        con.executemany(
            "insert into product(id, name, unit_label, sold_by_weight, price_fen, plu, category, active,"
            " pinyin_initials, pinyin_full, search_name, pass_through, created_at, updated_at)"
            " values (?,?,?,?,?,?,?,?,?,?,?,0,?,?)",
            [
                (r[0], r[1], r[2], r[2] == "kg", r[3], r[4], r[5], r[6], r[7], r[8], r[1].lower(), now, now)
                for r in page
            ],
        )
        con.executemany(
            "insert into product_code(code, product_id) values (?,?)",
            [(c, r[0]) for r in page for c in (r[9] or "").split(";") if c],
        )
        con.commit()
    con.close()
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--products", type=int, default=500_000)
    ap.add_argument("--page", type=int, default=1000)
    add_pg_argument(ap)
    args = ap.parse_args()

    from pos_app.bootstrap import open_station
    from pos_app.cli import main as admin
    from pos_app.sync.client import SyncClient, enroll
    from tests.sync.conftest import free_port

    catalog = generate(default_path(args.products), args.products)
    tmp = Path(tempfile.mkdtemp(prefix="pos-bench-pull-"))
    name = f"fupin_bench_pull_{os.getpid()}"
    db_url = fresh_database(args.pg, name)
    n = load_district(db_url, catalog, tmp)
    server_cli(db_url, tmp, "add-station", "TZ01", "通州社区扶贫超市")
    port = free_port()
    proc = start_server(db_url, port, 1, tmp)
    try:
        station_db = tmp / "station.db"
        admin(["--db", str(station_db), "init", "--station", "TZ01", "--name", "通州社区扶贫超市"])
        station = open_station(station_db)
        code = server_cli(db_url, tmp, "enroll-code", "--station", "TZ01", "--terminal", "1")
        enroll(station.sync, f"http://127.0.0.1:{port}", code)
        t0 = time.perf_counter()
        report = SyncClient(station.sync, timeout=120, page_size=args.page).sync_once()
        pull_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        found = station.catalog.search("xhs", limit=5)
        index_s = time.perf_counter() - t0
        count = station.catalog.count()
        sample = station.catalog.by_code("6900000000123") or station.catalog.page(0, 1)[0]
        rss = current_rss_mb()
        station.close()
    finally:
        proc.terminate()
        proc.wait(10)
    base_s = baseline(db_url, tmp / "bare.db")
    drop_database(args.pg, name)
    emit(
        "pull the district catalog into a fresh station",
        {
            "products": n,
            "page_size": args.page,
            "pulled": report.pulled.get("catalog", 0),
            "station_products": count,
            "pull_s": round(pull_s, 2),
            "products_per_s": round(n / pull_s),
            "first_search_s": round(index_s, 2),
            "first_search_hits": len(found),
            "sample": sample.name,
            "station_rss_mb": rss,
            "baseline_select_insert_s": round(base_s, 2),
            "ratio": round(pull_s / base_s, 2),
            "bar": "≤ 20 s",
        },
    )


if __name__ == "__main__":
    main()
