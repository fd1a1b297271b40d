"""Backup and restore of a one-year station file (≈ 500,000 sales).

A thousand sales are rung up through the checkout service (real rows: sale, lines, payment, stock,
household ledger, outbox payload), then replicated with fresh ids, receipt numbers and document
numbers until the file holds ``--sales`` sales, as a year at a busy station would. Then:

- ``BackupService.backup()`` (``pos-admin backup``): SQLite's online backup, switched to a
  self-contained file, read back with ``integrity_check``;
- ``BackupService.restore()`` (``pos-admin restore``): the backup checked, the current file kept
  aside (itself an online backup), the backup put in place;
- baselines in the same run: a bare ``sqlite3`` ``Connection.backup`` of the same file, and a plain
  file copy (the disk's own speed).

    python -m tests.benchmarks.bench_backup [--sales 500000]
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import tempfile
import time
from datetime import datetime
from pathlib import Path

from tests.benchmarks.common import emit

COPIED = {  # table → its id-like columns (rewritten per copy so every row is new)
    "sale": ("id",),
    "sale_line": ("id", "sale_id"),
    "payment": ("id", "sale_id"),
    "stock_movement": ("id", "ref_id"),
    "ledger_entry": ("id", "sale_id", "sale_line_id"),
}


def _make_station(folder: Path, seed_sales: int) -> Path:
    from pos_app.bootstrap import build_services
    from pos_app.domain.clock import LOCAL_TZ, FixedClock
    from pos_app.services.station import init_station, open_database
    from tests.conftest import SMALL_CATALOG
    from tests.facts import sell, with_household_goods

    db_path = folder / "station.db"
    clock = FixedClock(datetime(2026, 1, 5, 9, 0, tzinfo=LOCAL_TZ))
    db = open_database(db_path)
    s = build_services(db, clock, init_station(db, clock, "TZ01", "通州社区扶贫超市", 1))
    s.catalog.upsert(SMALL_CATALOG, source="bench")
    cashier = s.users.create("cashier", "王收银", ["cashier"], "1111")
    s.users.create("manager", "张经理", ["manager"], "999999")
    s.shifts.open(cashier.id, 20_000)
    with_household_goods(s, folder)
    baskets = [
        ["6920000000012", "6953000000010"],
        ["6935000000023", "6901000000035", "6920000000012"],
        ["6948000000054"],
        ["6901000000035", "6953000000010", "6953000000010", "0012345678905"],
    ]
    for i in range(seed_sales):
        sell(s, baskets[i % len(baskets)])
        clock.advance(minutes=2)
    s.close()
    return db_path


def _replicate(db_path: Path, copies: int) -> None:
    """Each copy k: ids get their first 8 hex digits replaced by k, receipts and doc numbers moved on."""
    con = sqlite3.connect(db_path, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=OFF")
    cols = {t: [r[1] for r in con.execute(f"PRAGMA table_info({t})")] for t in (*COPIED, "outbox")}
    (base_n,) = con.execute("SELECT max(doc_seq) FROM sale").fetchone()
    for k in range(1, copies + 1):
        con.execute("BEGIN")
        tag = f"'{k:08x}'"
        for table, ids in COPIED.items():
            exprs = []
            for c in cols[table]:
                if c in ids:
                    exprs.append(f"CASE WHEN {c} IS NULL THEN NULL ELSE {tag} || substr({c}, 9) END")
                elif table == "sale" and c == "receipt_no":
                    exprs.append(f"'TZ01-01-' || printf('%07d', doc_seq + {k * base_n})")
                elif table == "sale" and c == "doc_seq":
                    exprs.append(f"doc_seq + {k * base_n}")
                elif table == "ledger_entry" and c == "seq":
                    exprs.append("NULL")
                else:
                    exprs.append(c)
            where = "substr(id, 1, 4) != '0000'"  # the rung-up originals (UUIDv7: 019...), not earlier copies
            if table == "ledger_entry":
                where += " AND sale_id IS NOT NULL"
            if table == "stock_movement":
                where += " AND reason = 'sale'"
            con.execute(
                f"INSERT INTO {table} ({', '.join(cols[table])}) SELECT {', '.join(exprs)} FROM {table} WHERE {where}"
            )
        outbox = [
            "NULL" if c == "seq" else f"{tag} || substr({c}, 9)" if c in ("id", "entity_id") else c
            for c in cols["outbox"]
        ]
        con.execute(
            f"INSERT INTO outbox ({', '.join(cols['outbox'])}) SELECT {', '.join(outbox)} FROM outbox"
            " WHERE entity_type = 'sale' AND substr(id, 1, 4) != '0000'"
        )
        con.execute("COMMIT")
    con.execute("UPDATE terminal SET last_doc_seq = (SELECT max(doc_seq) FROM sale)")
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()


def _outbox_mb(con: sqlite3.Connection) -> float:
    query = "SELECT sum(pgsize) FROM dbstat WHERE name IN ('outbox', 'sqlite_autoindex_outbox_1')"
    (size,) = con.execute(query).fetchone()
    return round((size or 0) / 2**20, 1)


def _timed(fn) -> float:  # type: ignore[no-untyped-def]
    t0 = time.perf_counter()
    fn()
    return round(time.perf_counter() - t0, 2)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sales", type=int, default=500_000)
    ap.add_argument("--seed-sales", type=int, default=1_000)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="pos-backup-", dir=Path.cwd() / "bench-data") as tmp:
        folder = Path(tmp)
        t0 = time.perf_counter()
        db_path = _make_station(folder, args.seed_sales)
        _replicate(db_path, args.sales // args.seed_sales - 1)
        built = round(time.perf_counter() - t0, 1)
        con = sqlite3.connect(db_path)
        counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in (*COPIED, "outbox")}
        con.close()
        size_mb = round(db_path.stat().st_size / 2**20, 1)

        from pos_app.bootstrap import open_station

        s = open_station(db_path)
        out = folder / "year.backup.db"
        backup_s = _timed(lambda: s.backup.backup(out=out))
        restore_s = _timed(lambda: s.backup.restore(out))
        s.close()
        check_s = _timed(lambda: open_station(db_path).close())  # opens (migrations check) the restored file

        def bare_backup() -> None:
            with sqlite3.connect(db_path) as src, sqlite3.connect(folder / "bare.db") as dst:
                src.backup(dst)

        bare_s = _timed(bare_backup)
        copy_s = _timed(lambda: shutil.copyfile(db_path, folder / "plain-copy.db"))

        # The same year, synced as it went: every fact acknowledged the day it was made, spread over
        # the year; then the daily pruning of what the district acknowledged over 90 days ago.
        con = sqlite3.connect(db_path, isolation_level=None)
        con.execute(
            "UPDATE outbox SET status = 'acked', acked_at = strftime('%Y-%m-%dT%H:%M:%S.000000+00:00', "
            "'now', '-' || CAST(365 - 365.0 * seq / (SELECT max(seq) FROM outbox) AS INTEGER) || ' days')"
        )
        outbox_before = _outbox_mb(con)
        con.close()
        s = open_station(db_path)
        archive_s = _timed(s.sync.prune_acknowledged)
        s.close()
        con = sqlite3.connect(db_path)
        outbox_after = _outbox_mb(con)
        (free_pages,) = con.execute("PRAGMA freelist_count").fetchone()
        (page_size,) = con.execute("PRAGMA page_size").fetchone()
        con.close()
    emit(
        "backup",
        {
            "sales": counts["sale"],
            "rows": counts,
            "station_file_mb": size_mb,
            "built_in_s": built,
            "backup_s": backup_s,
            "restore_s": restore_s,
            "open_restored_s": check_s,
            "baseline_bare_sqlite_backup_s": bare_s,
            "baseline_file_copy_s": copy_s,
            "ratio_backup_vs_bare": round(backup_s / bare_s, 2) if bare_s else None,
            "prune_outbox_after_a_synced_year_s": archive_s,
            "outbox_mb_before_prune": outbox_before,
            "outbox_mb_after_prune": outbox_after,
            "free_mb_for_new_sales": round(free_pages * page_size / 2**20, 1),
        },
    )


if __name__ == "__main__":
    main()
