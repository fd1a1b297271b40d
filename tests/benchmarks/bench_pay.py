"""Pay → sale durable: a 5-line sale with payment, stock deltas and outbox row, synchronous=FULL.

    python -m tests.benchmarks.bench_pay [--sales 500]

Baseline (same run, same file system): a bare sqlite3 transaction writing the same rows (terminal
sequence update, sale, 5 lines, payment, 5 stock movements, outbox) with WAL and synchronous=FULL.
Bar: p99 ≤ 3 ms and ≤ 10× the baseline.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

from tests.benchmarks.common import emit, ratio, summary


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sales", type=int, default=500)
    args = ap.parse_args()

    from pos_app.bootstrap import build_services
    from pos_app.demo import DEMO_CATALOG
    from pos_app.domain.clock import SystemClock
    from pos_app.services.catalog_io import import_catalog
    from pos_app.services.station import init_station, open_database

    tmp = Path(tempfile.mkdtemp(prefix="pos-bench-"))
    db = open_database(tmp / "station.db")
    clock = SystemClock()
    services = build_services(db, clock, init_station(db, clock, "B1", "基准", 1))
    import_catalog(services.catalog, DEMO_CATALOG)
    cashier = services.users.create("c", "收银", ["cashier"], "1111")
    services.shifts.open(cashier.id, 0)
    codes = [p.codes[0] for p in services.catalog.page(0, 1000) if p.codes][:50]

    co = services.checkout()
    co.new_sale(cashier.id)
    ours = []
    for i in range(args.sales + 20):
        for k in range(5):
            co.scan(codes[(i + k * 7) % len(codes)])
        plan = co.start_payment()
        plan.add("cash", plan.due_fen + 1000)
        t0 = time.perf_counter_ns()
        co.pay(plan)
        if i >= 20:
            ours.append((time.perf_counter_ns() - t0) / 1e6)

    # The same rows through bare sqlite3 into a second copy of the schema.
    db2 = open_database(tmp / "bare.db")
    init_station(db2, clock, "B2", "基准", 1)
    db2.dispose()
    con = sqlite3.connect(tmp / "bare.db", isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=FULL")
    con.execute("PRAGMA foreign_keys=ON")
    term = con.execute("select id from terminal").fetchone()[0]
    user = str(uuid.uuid4())
    con.execute(
        "insert into app_user(id, username, display_name, roles, pin_hash, active, failed_attempts, created_at)"
        " values (?, 'u', 'u', 'cashier', 'x', 1, 0, '2026')",
        (user,),
    )
    shift = str(uuid.uuid4())
    con.execute(
        "insert into shift(id, terminal_id, opened_by, opened_at, float_fen) values (?,?,?,?,0)",
        (shift, term, user, "2026"),
    )
    pids = [r[0] for r in sqlite3.connect(tmp / "station.db").execute("select id from product limit 5")]
    con.executemany(
        "insert into product(id, name, unit_label, sold_by_weight, price_fen, category, active, pinyin_initials,"
        " pinyin_full, created_at, updated_at) values (?, 'p', '件', 0, 100, '', 1, '', '', '', '')",
        [(p,) for p in pids],
    )
    base = []
    for i in range(args.sales + 20):
        now = datetime.now(UTC).isoformat()
        sid = str(uuid.uuid4())
        t0 = time.perf_counter_ns()
        con.execute("BEGIN IMMEDIATE")
        seq = con.execute("update terminal set last_doc_seq = last_doc_seq + 1 returning last_doc_seq").fetchone()[0]
        con.execute(
            "insert into sale(id, receipt_no, terminal_id, doc_seq, shift_id, cashier_id, started_at, completed_at,"
            " item_count, subtotal_fen, discount_fen, rounding_fen, total_fen, change_fen)"
            " values (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (sid, f"B2-01-{seq:06d}", term, seq, shift, user, now, now, 5, 500, 0, 0, 500, 0),
        )
        lines = [
            (str(uuid.uuid4()), sid, k + 1, pids[k], "690", "p", "件", "", 0, 1, 100, 100, 0, 0, 100, 0, 0, 0)
            for k in range(5)
        ]
        con.executemany(
            "insert into sale_line(id, sale_id, line_no, product_id, code, name, unit_label, category,"
            " sold_by_weight, qty, unit_price_fen, gross_fen, discount_fen, rounding_fen, net_fen, voided,"
            " certified, pass_through) values (" + ",".join("?" * 18) + ")",
            lines,
        )
        con.execute(
            "insert into payment(id, sale_id, tender_code, amount_fen, tendered_fen, change_fen, masked_code,"
            " reference) values (?,?,?,?,?,?,?,?)",
            (str(uuid.uuid4()), sid, "cash", 500, 500, 0, None, None),
        )
        con.executemany(
            "insert into stock_movement(id, product_id, delta, reason, ref_id, at) values (?,?,?,?,?,?)",
            [(str(uuid.uuid4()), pids[k], -1, "sale", sid, now) for k in range(5)],
        )
        body = json.dumps({"sale": sid, "lines": lines})
        con.execute(
            "insert into outbox(id, entity_type, entity_id, payload_json, payload_hash, schema_ver, status,"
            " attempts, created_at) values (?,?,?,?,?,1,'pending',0,?)",
            (str(uuid.uuid4()), "sale", sid, body, "h", now),
        )
        con.execute("COMMIT")
        if i >= 20:
            base.append((time.perf_counter_ns() - t0) / 1e6)
    con.close()
    o, b = summary(ours), summary(base)
    emit(
        "pay_durable",
        {
            "sales": args.sales,
            "pay_service": o,
            "bare_sqlite3_same_rows": b,
            "ratio_p99": ratio(o, b),
            "ratio_p50": ratio(o, b, "p50_ms"),
        },
    )
    services.close()


if __name__ == "__main__":
    main()
