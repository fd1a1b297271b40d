"""The district report at 200,000 and at 2,000,000 received sales, on PostgreSQL.

    python -m tests.benchmarks.bench_district_report [--small 200000] [--large 2000000] [--pg URL]

A district of 50 stations and 1,000 registered households over one year: every sale has a store
line (one in three certified) and, one sale in two, a household's pass-through line credited to its
ledger; one sale in a hundred is an institutional canteen's. The facts are generated in PostgreSQL
(``generate_series``), then the running totals are filled from them with ``totals.rebuild``, the same
computation the upgrade runs and the one a test checks ingest always agrees with.

Timed (median of 5): ``district.figures`` for the whole year and for one month, as
``pos-server report district`` and ``GET /v1/reports/district`` call it. Baseline, same run and
size: one bare ``SELECT count(*), sum(total_fen) FROM sale``, a single scan of the sales, which a
report reading the facts would need several of. Bar: ≤ 1 s at both sizes, and at most 1.5× more
time at 2,000,000 than at 200,000.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, text

from pos_app.crypto import FieldCipher
from tests.benchmarks.bench_push import drop_database, fresh_database
from tests.benchmarks.common import add_pg_argument, emit

STATIONS, HOUSEHOLDS, CANTEENS = 50, 1_000, 10
# 300 certified products under their own certificates; each household's goods one of eight varieties
# (picked by a hash of the product id, so the same product always sells under the same name)
_CERT_OF = "abs(hashtext(md5('p' || (i % 300)::text)::uuid::text)) % 300"
CERTIFICATE = f"'FP-2026-' || lpad(({_CERT_OF})::text, 4, '0')"
CERTIFIED_NAME = f"'认定产品' || ({_CERT_OF})"
VARIETY = (
    "(array['土鸡蛋', '小米', '土豆', '蜂蜜', '木耳', '核桃', '红枣', '香菇'])"
    f"[abs(hashtext(md5('hp' || (i % {HOUSEHOLDS})::text)::uuid::text)) % 8 + 1]"
)


def _uuid(prefix: str, expr: str) -> str:
    return f"md5('{prefix}' || ({expr})::text)::uuid::text"


def setup(engine: Engine, cipher: FieldCipher) -> None:
    from pos_app.importing.households import HouseholdInput
    from pos_app.server import reference

    now = datetime.now(UTC)
    with engine.begin() as conn:
        conn.execute(
            text(
                f"insert into station (id, code, name, created_at) select {_uuid('s', 'i')}, "
                f"'ST' || lpad(i::text, 3, '0'), '站' || i, now() from generate_series(1, {STATIONS}) i"
            )
        )
        conn.execute(
            text(
                f"insert into terminal (id, station_id, number, high_water) select {_uuid('t', 'i')}, "
                f"{_uuid('s', 'i')}, 1, 0 from generate_series(1, {STATIONS}) i"
            )
        )
        homes = [f"ST{i % STATIONS + 1:03d}" for i in range(HOUSEHOLDS)]
        reference.import_households(
            conn,
            [HouseholdInput(f"H{i:04d}", "农户", "某村", home_station_code=homes[i]) for i in range(HOUSEHOLDS)],
            cipher,
            now,
        )


def add_sales(engine: Engine, first: int, last: int) -> None:
    """Sales ``first``..``last`` with their lines and ledger credits, spread over 2026."""
    span = f"generate_series({first}, {last}) i"
    # runs of 13 sales a day (13 shares no factor with the stations, households or days): every day
    # has sales at every station and of nearly every household's goods, as a busy district's would
    ts = (
        "(timestamptz '2026-01-01 08:00+08' + ((i - 1) / 13 % 365) * interval '1 day' "
        "+ (i % 600) * interval '1 minute')"
    )
    station = f"{_uuid('s', f'i % {STATIONS} + 1')}"
    with engine.begin() as conn:
        conn.execute(
            text(
                "insert into sale (id, station_id, terminal_id, receipt_no, doc_seq, completed_at, local_day, "
                "subtotal_fen, discount_fen, rounding_fen, total_fen, buyer_name, buyer_institutional, late, "
                f"received_at) select {_uuid('sale', 'i')}, {station}, {_uuid('t', f'i % {STATIONS} + 1')}, "
                f"'R' || i, (i - 1) / {STATIONS} + 1, {ts}, "  # each till's receipts numbered without gaps
                f"to_char({ts} at time zone 'Asia/Shanghai', 'YYYY-MM-DD'), "
                "1000 + i % 5000 + case when i % 2 = 0 then 450 else 0 end, 0, 0, "
                "1000 + i % 5000 + case when i % 2 = 0 then 450 else 0 end, "
                f"case when i % 100 = 0 then '食堂' || (i % {CANTEENS}) end, i % 100 = 0, false, {ts} "
                f"from {span}"
            )
        )
        conn.execute(
            text(
                "insert into sale_line (id, sale_id, line_no, product_id, name, category, qty, gross_fen, net_fen, "
                "voided, certified, certificate_no, pass_through) "
                f"select {_uuid('l1', 'i')}, {_uuid('sale', 'i')}, 1, {_uuid('p', 'i % 300')}, "
                f"case when i % 3 = 0 then {CERTIFIED_NAME} else '商品' end, '粮油', 1, 1000 + i % 5000, "
                f"1000 + i % 5000, false, i % 3 = 0, case when i % 3 = 0 then {CERTIFICATE} end, false from {span}"
            )
        )
        conn.execute(
            text(
                "insert into sale_line (id, sale_id, line_no, product_id, name, category, qty, gross_fen, net_fen, "
                f"voided, certified, pass_through, household_code) select {_uuid('l2', 'i')}, "
                f"{_uuid('sale', 'i')}, 2, {_uuid('hp', f'i % {HOUSEHOLDS}')}, {VARIETY}, '农户代销', 3, 450, "
                f"450, false, false, true, 'H' || lpad((i % {HOUSEHOLDS})::text, 4, '0') from {span} "
                "where i % 2 = 0"
            )
        )
        conn.execute(
            text(
                "insert into ledger_entry (id, station_id, household_code, kind, amount_fen, year, local_day, "
                f"sale_id, sale_line_id, at) select {_uuid('le', 'i')}, {station}, "
                f"'H' || lpad((i % {HOUSEHOLDS})::text, 4, '0'), 'credit', 450, 2026, "
                f"to_char({ts} at time zone 'Asia/Shanghai', 'YYYY-MM-DD'), {_uuid('sale', 'i')}, "
                f"{_uuid('l2', 'i')}, {ts} from {span} where i % 2 = 0"
            )
        )
        conn.execute(text("analyze"))


def rebuild(engine: Engine) -> float:
    from pos_app.server import totals

    t0 = time.perf_counter()
    with engine.begin() as conn:
        totals.rebuild(conn)
        conn.execute(text("analyze"))
    return time.perf_counter() - t0


def measure(engine: Engine) -> dict[str, Any]:
    from pos_app.server import district

    now = datetime(2026, 12, 31, 12, 0, tzinfo=UTC)

    def median_ms(fn: Any) -> float:
        fn()  # warm
        samples = []
        for _ in range(5):
            t0 = time.perf_counter()
            fn()
            samples.append((time.perf_counter() - t0) * 1000)
        return round(statistics.median(samples), 1)

    with engine.connect() as conn:
        year = median_ms(lambda: district.figures(conn, None, None, now))
        month = median_ms(lambda: district.figures(conn, date(2026, 11, 1), date(2026, 11, 30), now))
        scan = median_ms(lambda: conn.execute(text("select count(*), sum(total_fen) from sale")).one())
        figures = district.figures(conn, None, None, now)
        counted = conn.execute(text("select count(*), sum(total_fen) from sale")).one()
        credited = conn.execute(text("select sum(amount_fen) from ledger_entry")).scalar_one()
        rows = {
            t: conn.execute(text(f"select count(*) from {t}")).scalar_one()
            for t in ("day_station", "day_household", "day_buyer")
        }
    assert figures.total.sales_count == counted[0] and figures.total.sales_fen == counted[1]
    assert figures.total.credited_fen == credited
    return {
        "year_report_ms": year,
        "month_report_ms": month,
        "bare_scan_ms": scan,
        "year_report_vs_scan": round(year / scan, 3),
        "households": len(figures.households),
        "totals_rows": rows,
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--small", type=int, default=200_000)
    ap.add_argument("--large", type=int, default=2_000_000)
    add_pg_argument(ap)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="pos-bench-report-"))
    os.environ["POS_SERVER_KEY_FILE"] = str(tmp / "server.key")
    name = f"fupin_bench_report_{os.getpid()}"
    url = fresh_database(args.pg, name)
    from pos_app.server.runtime import open_server

    engine, cipher = open_server(url)
    try:
        setup(engine, cipher)
        t0 = time.perf_counter()
        add_sales(engine, 1, args.small)
        gen_small = time.perf_counter() - t0
        rebuild_small = rebuild(engine)
        small = measure(engine)
        t0 = time.perf_counter()
        add_sales(engine, args.small + 1, args.large)
        gen_large = time.perf_counter() - t0
        rebuild_large = rebuild(engine)
        large = measure(engine)
    finally:
        engine.dispose()
        drop_database(args.pg, name)
    emit(
        "district report at two sizes",
        {
            "stations": STATIONS,
            "households": HOUSEHOLDS,
            f"at_{args.small}": small | {"generate_s": round(gen_small, 1), "rebuild_s": round(rebuild_small, 1)},
            f"at_{args.large}": large | {"generate_s": round(gen_large, 1), "rebuild_s": round(rebuild_large, 1)},
            "year_report_growth": round(large["year_report_ms"] / small["year_report_ms"], 2),
            "month_report_growth": round(large["month_report_ms"] / small["month_report_ms"], 2),
            "scan_growth": round(large["bare_scan_ms"] / small["bare_scan_ms"], 2),
            "bar": "≤ 1 s at both sizes; ≤ 1.5× growth from the small to the large size",
        },
    )


if __name__ == "__main__":
    main()
