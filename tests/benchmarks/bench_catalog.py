"""Barcode look-up and name/pinyin search on a big catalog, each against a bare-sqlite3 baseline.

    python -m tests.benchmarks.bench_catalog [--products 500000]

Figures: barcode → product through the service, p99 ≤ 0.5 ms (baseline: a bare indexed
sqlite3 SELECT); search with 1–4 character queries, p99 ≤ 20 ms (baseline: a bare LIKE '%q%' scan).
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import time

from tests.benchmarks.catalog_gen import ORIGINS, PRODUCTS, QUALITIES, default_path, generate
from tests.benchmarks.common import current_rss_mb, emit, ratio, summary, timed_each


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--products", type=int, default=500_000)
    ap.add_argument("--lookups", type=int, default=5000)
    args = ap.parse_args()
    path = generate(default_path(args.products), args.products)

    from pos_app.bootstrap import open_station
    from pos_app.domain.search import pinyin_keys

    rng = random.Random(3)
    bare = sqlite3.connect(path)
    codes = [r[0] for r in bare.execute("select code from product_code order by random() limit ?", (args.lookups,))]

    warm = [r[0] for r in bare.execute("select code from product_code order by random() limit 2000")]
    lookup_sql = (
        "select p.id, p.name, p.unit_label, p.sold_by_weight, p.price_fen, p.plu, p.category, p.active "
        "from product_code c join product p on p.id = c.product_id where c.code = ?"
    )
    for c in warm:
        bare.execute(lookup_sql, (c,)).fetchone()
    base_lookup = summary(
        timed_each(
            lambda c: bare.execute(
                "select p.id, p.name, p.unit_label, p.sold_by_weight, p.price_fen, p.plu, p.category, p.active "
                "from product_code c join product p on p.id = c.product_id where c.code = ?",
                (c,),
            ).fetchone(),
            codes,
        )
    )

    t0 = time.perf_counter()
    services = open_station(path)
    open_s = time.perf_counter() - t0
    rss_before = current_rss_mb()
    for c in warm:
        services.catalog.by_code(c)
    ours_lookup = summary(timed_each(services.catalog.by_code, codes))

    co = services.checkout()
    co.new_sale("bench")
    scan_samples = []
    piece_codes = [
        r[0]
        for r in bare.execute(
            "select c.code from product_code c join product p on p.id = c.product_id "
            "where not p.sold_by_weight order by random() limit 200"
        )
    ]
    for c in piece_codes:
        t = time.perf_counter_ns()
        co.scan(c)
        scan_samples.append((time.perf_counter_ns() - t) / 1e6)
    ours_scan = summary(scan_samples)

    t0 = time.perf_counter()
    services.catalog.warm_search_index()
    index_s = time.perf_counter() - t0
    rss_after = current_rss_mb()

    # Queries of 1–4 characters: Chinese fragments, pinyin initials and full-pinyin prefixes.
    words = [w for w, _ in PRODUCTS] + ORIGINS + [q for q in QUALITIES if q]
    queries: list[str] = []
    for _ in range(400):
        w = rng.choice(words)
        kind = rng.random()
        if kind < 0.5:
            k = rng.randint(1, min(4, len(w)))
            start = rng.randint(0, len(w) - k)
            queries.append(w[start : start + k])
        elif kind < 0.8:
            queries.append(pinyin_keys(w)[0][: rng.randint(1, 4)])
        else:
            queries.append(pinyin_keys(w)[1][: rng.randint(1, 4)])
    queries += ["鹅", "米", "xhs", "x", "mx", "没有这个", "zz", "qq"]  # include misses and one-letter queries
    by_len = {n: [q for q in queries if len(q) == n] for n in (1, 2, 3, 4)}

    ours_search = summary(timed_each(lambda q: services.catalog.search(q, 50), queries))
    ours_by_len = {
        str(n): summary(timed_each(lambda q: services.catalog.search(q, 50), qs)) for n, qs in by_len.items() if qs
    }
    sample = queries[:120]
    base_like_limit = summary(
        timed_each(
            lambda q: bare.execute(
                "select id, name from product"
                " where name like ? or pinyin_initials like ? or pinyin_full like ? limit 50",
                (f"%{q}%",) * 3,
            ).fetchall(),
            sample,
        )
    )
    base_like_scan = summary(
        timed_each(
            lambda q: bare.execute("select count(*) from product where name like ?", (f"%{q}%",)).fetchone(),
            sample[:40],
        )
    )

    emit(
        "catalog",
        {
            "products": args.products,
            "open_station_s": round(open_s, 3),
            "lookup_service": ours_lookup,
            "lookup_bare_sqlite3": base_lookup,
            "lookup_ratio_p99": ratio(ours_lookup, base_lookup),
            "scan_to_cart_service": ours_scan,
            "search_index_build_s": round(index_s, 2),
            "search_index_rss_mb": round(rss_after - rss_before, 1),
            "search_service": ours_search,
            "search_service_by_query_length": ours_by_len,
            "search_bare_like_limit50": base_like_limit,
            "search_bare_like_full_scan": base_like_scan,
            "search_ratio_p99_vs_like_limit50": ratio(ours_search, base_like_limit),
            "search_ratio_p99_vs_like_scan": ratio(ours_search, base_like_scan),
            "process_rss_mb": current_rss_mb(),
        },
    )
    services.close()


if __name__ == "__main__":
    main()
