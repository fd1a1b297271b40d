"""Helpers shared by the benchmark scripts: timing, percentiles, JSON output, a station to test on."""

from __future__ import annotations

import json
import os
import resource
import statistics
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(os.environ.get("POS_BENCH_DIR", ROOT / "bench-data"))


def timed(fn: Callable[[], Any], repeat: int) -> list[float]:
    """Wall times in milliseconds of ``repeat`` calls."""
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter_ns()
        fn()
        out.append((time.perf_counter_ns() - t0) / 1e6)
    return out


def timed_each(fn: Callable[[Any], Any], items: Iterable[Any]) -> list[float]:
    out = []
    for item in items:
        t0 = time.perf_counter_ns()
        fn(item)
        out.append((time.perf_counter_ns() - t0) / 1e6)
    return out


def pct(samples: list[float], p: float) -> float:
    s = sorted(samples)
    k = min(len(s) - 1, max(0, round(p / 100 * (len(s) - 1))))
    return s[k]


def summary(samples: list[float]) -> dict[str, float]:
    return {
        "n": len(samples),
        "p50_ms": round(pct(samples, 50), 4),
        "p99_ms": round(pct(samples, 99), 4),
        "mean_ms": round(statistics.fmean(samples), 4),
        "max_ms": round(max(samples), 4),
    }


def ratio(ours: dict[str, float], base: dict[str, float], key: str = "p99_ms") -> float:
    return round(ours[key] / base[key], 2) if base[key] else float("inf")


def rss_mb() -> float:
    """Peak resident set size of this process, MB."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def current_rss_mb() -> float:
    try:
        with open("/proc/self/statm") as fh:
            pages = int(fh.read().split()[1])
        return round(pages * os.sysconf("SC_PAGE_SIZE") / 2**20, 1)
    except OSError:
        return rss_mb()


def emit(name: str, figures: dict[str, Any]) -> None:
    json.dump({"benchmark": name, **figures}, sys.stdout, ensure_ascii=False, indent=2)
    print()


def add_pg_argument(ap: Any) -> None:
    """``--pg URL``: the PostgreSQL the district benchmarks make their databases in."""
    ap.add_argument(
        "--pg", default=os.environ.get("POS_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
    )
