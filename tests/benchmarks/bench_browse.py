"""The manager's product list over a 500,000-product catalog: how long the lazy model takes to open,
to show a page anywhere in the catalog (as when the scroll bar is dragged), and to narrow by a search,
against bare ``sqlite3`` reading the same page (``ORDER BY rowid LIMIT 200 OFFSET n``).

    python -m tests.benchmarks.bench_browse [--products 500000]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sqlite3
import tempfile
import time
from pathlib import Path

from tests.benchmarks.catalog_gen import default_path, generate
from tests.benchmarks.common import emit, ratio, rss_mb, summary, timed_each


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--products", type=int, default=500_000)
    args = ap.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from pos_app import memory
    from pos_app.bootstrap import open_station
    from pos_app.ui.manager.products import PAGE, ProductTableModel

    memory.tune()
    app = QApplication.instance() or QApplication([])  # noqa: F841
    with tempfile.TemporaryDirectory(prefix="pos-browse-") as tmp:
        db = Path(tmp) / "station.db"
        shutil.copy(generate(default_path(args.products), args.products), db)
        s = open_station(db)
        s.catalog.warm_search_index()
        t0 = time.perf_counter()
        model = ProductTableModel(s)
        open_ms = (time.perf_counter() - t0) * 1000
        rng = random.Random(7)
        rows = [rng.randrange(model.rowCount()) for _ in range(300)]
        pages = timed_each(lambda r: model.data(model.index(r - r % PAGE, 0)), rows)  # each a fresh page
        model.set_query("")
        con = sqlite3.connect(db)
        bare = timed_each(
            lambda r: con.execute(
                "SELECT id, name, unit_label, sold_by_weight, price_fen, plu, category, active FROM product"
                " ORDER BY rowid LIMIT ? OFFSET ?",
                (PAGE, r - r % PAGE),
            ).fetchall(),
            rows,
        )
        con.close()
        queries = ["米", "小米", "xm", "neimenggu", "有机", "zz"]
        search = timed_each(lambda q: (model.set_query(q), model.data(model.index(0, 0))), queries)
        counts = {q: s.catalog.browse_count(q) for q in queries}
        s.close()
    page_summary, bare_summary = summary(pages), summary(bare)
    emit(
        "browse",
        {
            "products": args.products,
            "open_model_ms": round(open_ms, 2),
            "page_anywhere": page_summary,
            "page_bare_sqlite3": bare_summary,
            "ratio_p99": ratio(page_summary, bare_summary),
            "search_then_first_page": summary(search),
            "matches": counts,
            "process_rss_mb": rss_mb(),
        },
    )


if __name__ == "__main__":
    main()
