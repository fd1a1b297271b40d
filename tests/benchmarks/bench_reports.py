"""Close a shift and print the day's report over 10,000 sales; print a 1,000-label sheet.

    python -m tests.benchmarks.bench_reports [--sales 10000] [--labels 1000]

Baselines (same run): a minimal reportlab document with a table of the same number of rows.
Bars: close shift + Z report PDF ≤ 2 s; 1,000-label sheet ≤ 3 s.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from datetime import datetime
from pathlib import Path

from tests.benchmarks.common import emit


def _minimal_table_pdf(rows: int) -> float:
    import io

    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import SimpleDocTemplate, Table

    t0 = time.perf_counter()
    buf = io.BytesIO()
    SimpleDocTemplate(buf, pagesize=A4).build([Table([[str(i), "x", "1.00"] for i in range(rows)], repeatRows=0)])
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sales", type=int, default=10_000)
    ap.add_argument("--labels", type=int, default=1_000)
    args = ap.parse_args()

    from pos_app.bootstrap import build_services
    from pos_app.demo import DEMO_CATALOG
    from pos_app.domain.clock import LOCAL_TZ, FixedClock
    from pos_app.reports.daily import daily_pdf
    from pos_app.reports.labels import label_sheet_pdf
    from pos_app.services.catalog_io import import_catalog
    from pos_app.services.labels import LabelItem
    from pos_app.services.station import init_station, open_database

    tmp = Path(tempfile.mkdtemp(prefix="pos-bench-reports-"))
    clock = FixedClock(datetime(2026, 11, 20, 7, 0, tzinfo=LOCAL_TZ))
    db = open_database(tmp / "s.db")
    s = build_services(db, clock, init_station(db, clock, "B1", "基准站", 1))
    import_catalog(s.catalog, DEMO_CATALOG)
    cashier = s.users.create("c", "收银", ["cashier", "manager"], "111111")
    s.shifts.open(cashier.id, 20_000)
    codes = [p.codes[0] for p in s.catalog.page(0, 1000) if p.codes]
    rng = random.Random(5)
    co = s.checkout()
    co.new_sale(cashier.id, cashier.display_name)
    t0 = time.perf_counter()
    step = 13 * 3600 / args.sales  # spread over 07:00–20:00
    for _ in range(args.sales):
        clock.advance(seconds=step)
        for _ in range(rng.randint(1, 5)):
            co.scan(rng.choice(codes))
        plan = co.start_payment()
        plan.add(rng.choice(("cash", "mobile", "love_card")), plan.due_fen, reference="R")
        co.pay(plan)
    fill_s = time.perf_counter() - t0

    t0 = time.perf_counter()
    closed = s.shifts.close(cashier.id, {"cash": 20_000})
    close_s = time.perf_counter() - t0
    t1 = time.perf_counter()
    report = s.reports.daily(clock.now().date(), "基准")
    figures_s = time.perf_counter() - t1
    t2 = time.perf_counter()
    pdf = daily_pdf(report)
    pdf_s = time.perf_counter() - t2
    z_total = close_s + figures_s + pdf_s
    rows = len(report.tenders) + len(report.categories) + len(report.certified_top) + len(report.households) + 30
    base_z = _minimal_table_pdf(rows)

    items = [
        LabelItem(f"测试商品{i} 500g", "¥8.90/袋", "", f"69{i:010d}"[:12] + "0", i % 3 == 0) for i in range(args.labels)
    ]
    from pos_app.domain.barcodes import with_check_digit

    items = [LabelItem(i.name, i.price, i.second_price, with_check_digit(i.code[:12]), i.certified) for i in items]
    t3 = time.perf_counter()
    sheet = label_sheet_pdf(items, "a4-3x8")
    labels_s = time.perf_counter() - t3
    base_labels = _minimal_table_pdf(args.labels)

    emit(
        "reports",
        {
            "sales_in_day": report.sales_count,
            "filling_the_day_s": round(fill_s, 1),
            "close_shift_s": round(close_s, 3),
            "daily_figures_s": round(figures_s, 3),
            "daily_pdf_s": round(pdf_s, 3),
            "close_plus_z_report_s": round(z_total, 3),
            "baseline_minimal_table_pdf_s": round(base_z, 3),
            "z_ratio": round(z_total / base_z, 1) if base_z else None,
            "z_pdf_bytes": len(pdf),
            "shift_sales_count": closed.sales_count,
            "labels": args.labels,
            "label_sheet_s": round(labels_s, 3),
            "baseline_minimal_table_pdf_same_rows_s": round(base_labels, 3),
            "labels_ratio": round(labels_s / base_labels, 1) if base_labels else None,
            "label_pdf_pages": sheet.count(b"/Type /Page") - sheet.count(b"/Type /Pages"),
        },
    )
    s.close()


if __name__ == "__main__":
    main()
