"""A settlement round trip on a till of a two-till station: hold the household's balance at the
district, pay it in the till's file with its payout fact, push that fact (the district closes the
hold) — against a bare ``GET /v1/meta`` over the same loopback in the same run. Then a refund at
till 1 of a sale made at till 2 (fetch the sale and its refunds from the district, refund in the
till's file), against the same baseline.

    python -m tests.benchmarks.bench_settle [--rounds 200] [--pg URL]

A real ``pos-server`` process on PostgreSQL; each round, till 2 sells the household's eggs (so there
is a balance) and till 1 settles it, as a manager would press "settle" after a sale at the other lane.
"""

from __future__ import annotations

import argparse
import tempfile
import time
import uuid
from pathlib import Path

import httpx

from pos_app.bootstrap import Services, build_services
from pos_app.domain.clock import SystemClock
from pos_app.importing.catalog import ProductInput
from pos_app.services.station import init_station, open_database
from pos_app.sync.client import SyncClient, enroll
from tests.benchmarks.bench_push import drop_database, fresh_database, server_cli, start_server
from tests.benchmarks.common import add_pg_argument, emit, ratio, summary
from tests.facts import EGGS, households_file, sell


def till(path: Path, number: int, url: str, db_url: str, data: Path) -> Services:
    clock = SystemClock()
    db = open_database(path)
    s = build_services(db, clock, init_station(db, clock, "TZ01", "通州社区扶贫超市", number))
    cashier = s.users.create("cashier", "王收银", ["cashier"], "1111")
    s.users.create("manager", "张经理", ["manager"], "999999")
    s.shifts.open(cashier.id, 20_000)
    enroll(s.sync, url, server_cli(db_url, data, "enroll-code", "--station", "TZ01", "--terminal", str(number)))
    SyncClient(s.sync).sync_once()
    return s


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=200)
    add_pg_argument(ap)
    args = ap.parse_args()
    name = f"fupin_bench_settle_{uuid.uuid4().hex[:8]}"
    db_url = fresh_database(args.pg, name)
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp)
        server_cli(db_url, data, "add-station", "TZ01", "通州社区扶贫超市")
        server_cli(db_url, data, "import-households", str(households_file(data)))
        port = 18000 + uuid.uuid4().int % 2000
        proc = start_server(db_url, port, 1, data)
        url = f"http://127.0.0.1:{port}"
        try:
            a, b = till(data / "a01.db", 1, url, db_url, data), till(data / "a02.db", 2, url, db_url, data)
            manager = a.users.authorize("manager", "999999", "manager")
            a.consignment.intake(
                "SC-001",
                quantity=100_000,
                price_fen=150,
                received_by=manager,
                new_product=ProductInput("农家土鸡蛋(张桂兰)", "枚", 150, (EGGS,), "扶贫特产"),
            )
            for s in (a, b, a, b):
                SyncClient(s.sync).sync_once()
            settle, meta = [], []
            with httpx.Client(base_url=url) as client:
                for _ in range(args.rounds):
                    sell(b, [EGGS, EGGS])
                    SyncClient(b.sync).push()
                    t0 = time.perf_counter_ns()
                    done = a.settlement.settle("SC-001", method="cash", paid_by=manager)
                    settle.append((time.perf_counter_ns() - t0) / 1e6)
                    assert done.amount_fen == 300, done.amount_fen
                    t0 = time.perf_counter_ns()
                    client.get("/v1/meta").raise_for_status()
                    meta.append((time.perf_counter_ns() - t0) / 1e6)
            unsent = a.sync.status().waiting  # the settlements' facts all acknowledged: 0
            refund, meta2 = [], []
            cashier = a.users.authenticate("cashier", "1111")
            with httpx.Client(base_url=url) as client:
                for _ in range(args.rounds):
                    receipt = sell(b, [EGGS, EGGS])
                    SyncClient(b.sync).push()
                    t0 = time.perf_counter_ns()
                    left = a.refunds.find(receipt).lines[0].quantity_left
                    back = a.refunds.refund(receipt, {1: left}, cashier=cashier, approver=manager, reason="退货")
                    refund.append((time.perf_counter_ns() - t0) / 1e6)
                    assert back.total_fen == 300, back.total_fen
                    t0 = time.perf_counter_ns()
                    client.get("/v1/meta").raise_for_status()
                    meta2.append((time.perf_counter_ns() - t0) / 1e6)
            mine, base2 = summary(refund), summary(meta2)
            emit(
                "refund of another till's sale (find + refund, two fetches of the district's copy) vs GET /v1/meta",
                {
                    "refund": mine,
                    "meta": base2,
                    "p50_ratio": ratio(mine, base2, "p50_ms"),
                    "p99_ratio": ratio(mine, base2),
                },
            )
            ours, base = summary(settle), summary(meta)
            emit(
                "settlement round trip (reserve + pay + ack) vs GET /v1/meta",
                {
                    "settle": ours,
                    "meta": base,
                    "p50_ratio": ratio(ours, base, "p50_ms"),
                    "p99_ratio": ratio(ours, base),
                    "unsent_after": unsent,
                },
            )
            a.close()
            b.close()
        finally:
            proc.terminate()
            proc.wait(10)
            drop_database(args.pg, name)


if __name__ == "__main__":
    main()
