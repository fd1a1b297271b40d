"""Running the store on a big catalog: a 200-line goods receipt, and the "below threshold" page.

    python -m tests.benchmarks.bench_store_ops [--products 500000] [--receipts 30] [--thresholds 50000]

Figures, each against a baseline measured in the same run on the same file:
- booking a 200-line goods receipt (lines, cost averages, stock movements, its fact, its audit entry,
  one transaction) vs a bare sqlite3 transaction inserting 200 rows with the station's PRAGMAs;
- the Stock tab's "below threshold" page (500 rows) with ``--thresholds`` products thresholded vs
  a bare sqlite3 SELECT of the same 500 products by name.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sqlite3
import uuid

from tests.benchmarks.catalog_gen import default_path, generate
from tests.benchmarks.common import DATA, emit, ratio, summary, timed, timed_each


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--products", type=int, default=500_000)
    ap.add_argument("--receipts", type=int, default=30)
    ap.add_argument("--thresholds", type=int, default=50_000)
    args = ap.parse_args()
    source = generate(default_path(args.products), args.products)
    path = DATA / f"store-ops-{args.products}.db"
    shutil.copyfile(source, path)
    for tail in ("-wal", "-shm"):
        (path.parent / (path.name + tail)).unlink(missing_ok=True)

    from pos_app.bootstrap import open_station
    from pos_app.importing.suppliers import SupplierInput
    from pos_app.services.purchasing import ReceiptItem

    services = open_station(path)
    manager = services.users.create("benchmgr", "基准经理", ["manager"], "999999")
    services.suppliers.save(SupplierInput("S01", "基准合作社", "93150400MA0N123454"), by=manager)
    rng = random.Random(5)
    bare = sqlite3.connect(path, isolation_level=None)
    bare.execute("PRAGMA journal_mode=WAL")
    bare.execute("PRAGMA synchronous=FULL")
    codes = [
        c
        for (c,) in bare.execute(
            "select c.code from product_code c join product p on p.id = c.product_id "
            "where not p.pass_through and p.active order by random() limit ?",
            (200 * (args.receipts + 3),),
        )
    ]

    # -- a 200-line receipt ----------------------------------------------------------------------
    bare.execute("create table if not exists bench_rows (id text primary key, product text, qty int, cost int)")

    def bare_tx() -> None:
        bare.execute("begin immediate")
        bare.executemany(
            "insert into bench_rows values (?, ?, ?, ?)",
            [(uuid.uuid4().hex, rng.choice(codes), rng.randint(1, 50), rng.randint(100, 9000)) for _ in range(200)],
        )
        bare.execute("commit")

    for _ in range(3):
        bare_tx()
    base_tx = summary(timed(bare_tx, args.receipts))
    batches = iter([codes[i * 200 : (i + 1) * 200] for i in range(args.receipts + 3)])

    def receive() -> None:
        batch = next(batches)
        services.purchasing.receive(
            "S01", [ReceiptItem(c, rng.randint(1, 50), rng.randint(100, 9000)) for c in batch], by=manager
        )

    for _ in range(3):
        receive()
    ours_tx = summary(timed(receive, args.receipts))

    # -- the below-threshold page ------------------------------------------------------------------
    ids = [
        pid
        for (pid,) in bare.execute("select id from product where active order by random() limit ?", (args.thresholds,))
    ]
    bare.execute("begin immediate")
    bare.executemany("insert or replace into stock_minimum values (?, ?)", [(pid, 5) for pid in ids])
    bare.execute("commit")
    page_sql = (
        "select p.id, p.name from product p join stock_minimum m on m.product_id = p.id "
        "where p.active order by p.name limit 500"
    )
    for _ in range(3):
        bare.execute(page_sql).fetchall()
    base_page = summary(timed_each(lambda _: bare.execute(page_sql).fetchall(), range(20)))
    for _ in range(2):
        services.stock.on_hand(below_minimum=True, limit=500)
    ours_page = summary(timed_each(lambda _: services.stock.on_hand(below_minimum=True, limit=500), range(20)))
    shown = len(services.stock.on_hand(below_minimum=True, limit=500))
    services.close()
    emit(
        "store_ops",
        {
            "products": args.products,
            "receipt_200_lines": ours_tx,
            "bare_sqlite3_200_row_transaction": base_tx,
            "receipt_ratio_p50": ratio(ours_tx, base_tx, "p50_ms"),
            "receipt_ratio_p99": ratio(ours_tx, base_tx),
            "thresholded_products": args.thresholds,
            "below_threshold_page": ours_page,
            "rows_shown": shown,
            "bare_sqlite3_page": base_page,
            "page_ratio_p50": ratio(ours_page, base_page, "p50_ms"),
            "page_ratio_p99": ratio(ours_page, base_page),
        },
    )


if __name__ == "__main__":
    main()
