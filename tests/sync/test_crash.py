"""``kill -9`` at random points (issue "Scale and durability").

The app's process is killed with SIGKILL at a random moment while it rings up sales, refunds,
takes payment for delivered orders and syncs with a real ``pos-server`` process, then started again
on the same file. After every kill the station file is checked from outside:

- every sale, refund and delivery payment the screen had shown exists;
- no half-written sale or refund (lines, payments, stock, household ledger and the outbox event all
  there, sums agreeing); receipt numbers without gaps; every delivery state change queued;
- the file passes ``integrity_check``.

After the last kill a final sync must leave the server holding exactly the station's sales, refunds,
ledger and stock, each once.

The default run does ``CRASH_ROUNDS`` kills (CI); ``pytest -m slow tests/sync/test_crash.py`` does
1,000. Each run prints where the kills landed.
"""

from __future__ import annotations

import collections
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select

from pos_app.bootstrap import Services, open_station
from pos_app.server.models import (
    DistrictLedgerEntry,
    DistrictRefund,
    DistrictSale,
    DistrictSaleLine,
    DistrictStockMovement,
)
from pos_app.sync.client import SyncClient
from tests.sync.conftest import ROOT, ServerProcess, enroll_station

CI_ROUNDS = int(os.environ.get("POS_CRASH_ROUNDS", "60"))


class ForkServer:
    def __init__(self) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.sync.crash_worker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )

    def _ask(self, line: str) -> str:
        assert self.proc.stdin and self.proc.stdout
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()
        return self.proc.stdout.readline().strip()

    def run(self, folder: Path, seed: int) -> int:
        return int(self._ask(f"run {folder} {seed}"))

    def wait(self, pid: int) -> int:
        return int(self._ask(f"wait {pid}"))

    def close(self) -> None:
        assert self.proc.stdin
        self.proc.stdin.close()
        self.proc.wait(10)


def _steps(folder: Path) -> list[str]:
    path = folder / "doing.log"
    return path.read_text().splitlines() if path.exists() else []


# Each check is a query that must return no row. They aggregate once per table (a kill test checks
# after every one of a thousand kills, on a file that keeps growing).
HALF_WRITTEN = {
    "a sale without lines, or whose lines do not add up to its total": """
        SELECT s.id FROM sale s LEFT JOIN (
            SELECT sale_id, COUNT(*) AS n, SUM(CASE WHEN voided THEN 0 ELSE net_fen END) AS net
            FROM sale_line GROUP BY sale_id) l ON l.sale_id = s.id
        WHERE l.n IS NULL OR s.total_fen != l.net OR s.total_fen != s.subtotal_fen - s.discount_fen + s.rounding_fen""",
    "a sale not paid in full": """
        SELECT s.id FROM sale s LEFT JOIN (SELECT sale_id, SUM(amount_fen) AS paid FROM payment GROUP BY sale_id) p
            ON p.sale_id = s.id
        WHERE COALESCE(p.paid, 0) != s.total_fen""",
    "a sale without its stock movements": """
        SELECT s.id FROM sale s
        LEFT JOIN (SELECT sale_id, COUNT(*) AS n FROM sale_line WHERE NOT voided GROUP BY sale_id) l ON l.sale_id = s.id
        LEFT JOIN (SELECT ref_id, COUNT(*) AS n FROM stock_movement WHERE reason = 'sale' GROUP BY ref_id) m
            ON m.ref_id = s.id
        WHERE COALESCE(l.n, 0) != COALESCE(m.n, 0)""",
    "a pass-through sale not credited to its household exactly": """
        SELECT s.id FROM sale s
        LEFT JOIN (SELECT sale_id, SUM(net_fen) AS due FROM sale_line WHERE pass_through AND NOT voided
                   GROUP BY sale_id) l ON l.sale_id = s.id
        LEFT JOIN (SELECT sale_id, SUM(amount_fen) AS credited FROM ledger_entry WHERE kind = 'credit'
                   GROUP BY sale_id) e ON e.sale_id = s.id
        WHERE COALESCE(l.due, 0) != COALESCE(e.credited, 0)""",
    "a refund whose lines, payments and total disagree": """
        SELECT r.id FROM refund r
        LEFT JOIN (SELECT refund_id, SUM(amount_fen) AS amount FROM refund_line GROUP BY refund_id) l
            ON l.refund_id = r.id
        LEFT JOIN (SELECT refund_id, SUM(amount_fen) AS amount FROM refund_payment GROUP BY refund_id) p
            ON p.refund_id = r.id
        WHERE r.total_fen != COALESCE(l.amount, 0) OR r.total_fen != COALESCE(p.amount, 0)""",
    "a delivery paid without its sale, or a sale for an order not paid": """
        SELECT o.id FROM delivery_order o LEFT JOIN sale s ON s.delivery_order_id = o.id
        WHERE (o.state = 'paid') != (s.id IS NOT NULL)""",
    "a delivery whose state is not its last event": """
        SELECT o.id FROM delivery_order o JOIN (
            SELECT order_id, to_state, ROW_NUMBER() OVER (PARTITION BY order_id ORDER BY at DESC, rowid DESC) AS k
            FROM delivery_event) e ON e.order_id = o.id AND e.k = 1
        WHERE e.to_state != o.state""",
}
for _table, _kind in (("sale", "sale"), ("refund", "refund"), ("delivery_event", "delivery")):
    HALF_WRITTEN[f"a {_table} missing from the outbox"] = f"""
        SELECT t.id FROM {_table} t LEFT JOIN (SELECT DISTINCT entity_id FROM outbox WHERE entity_type = '{_kind}') o
            ON o.entity_id = t.id
        WHERE o.entity_id IS NULL"""
    HALF_WRITTEN[f"an outbox {_kind} without its {_table}"] = f"""
        SELECT o.entity_id FROM outbox o LEFT JOIN {_table} t ON t.id = o.entity_id
        WHERE o.entity_type = '{_kind}' AND t.id IS NULL"""


def check_station(db: Path, folder: Path) -> dict[str, int]:
    """Everything shown exists; nothing is half-written. Returns counts."""
    log = folder / "shown.log"
    shown = [line.split() for line in log.read_text().splitlines()] if log.exists() else []
    con = sqlite3.connect(db)
    try:
        q = con.execute
        assert q("PRAGMA integrity_check").fetchone()[0] == "ok"
        sales = {receipt: sid for sid, receipt in q("SELECT id, receipt_no FROM sale")}
        refunds = {receipt for (receipt,) in q("SELECT receipt_no FROM refund")}
        paid_orders = {
            order_no: receipt
            for order_no, receipt in q(
                "SELECT o.order_no, s.receipt_no FROM delivery_order o JOIN sale s ON s.delivery_order_id = o.id"
                " WHERE o.state = 'paid'"
            )
        }
        for kind, *rest in shown:
            if kind == "sale":
                assert rest[0] in sales, f"sale {rest[0]} was shown as paid but is not in the file"
            elif kind == "refund":
                assert rest[0] in refunds, f"refund {rest[0]} was shown but is not in the file"
            else:
                order_no, receipt = rest
                assert paid_orders.get(order_no) == receipt, f"delivery {order_no} was shown paid by {receipt}"
        for what, sql in HALF_WRITTEN.items():
            rows = q(sql).fetchall()
            assert not rows, f"{what}: {rows[:3]}"
        seqs = sorted(s for (s,) in q("SELECT doc_seq FROM sale UNION ALL SELECT doc_seq FROM refund"))
        (last,) = q("SELECT last_doc_seq FROM terminal").fetchone()
        assert seqs == list(range(1, last + 1)), "receipt numbers have a gap or a double"
        return {"sales": len(sales), "refunds": len(refunds), "deliveries_paid": len(paid_orders)}
    finally:
        con.close()


def settle_and_compare(station: Services, db: Path, server: ServerProcess) -> dict[str, int]:
    for _ in range(20):
        SyncClient(station.sync, batch_size=500).sync_once()
        status = station.sync.status()
        if status.waiting == 0:
            break
    assert status.waiting == 0 and status.problems == 0, status
    engine = create_engine(server.db_url)
    try:
        with engine.connect() as conn:
            srv_sales = conn.execute(select(DistrictSale.id)).scalars().all()
            srv_refunds = conn.execute(select(DistrictRefund.id)).scalars().all()
            srv_lines = conn.execute(select(func.count()).select_from(DistrictSaleLine)).scalar_one()
            srv_ledger = conn.execute(select(func.coalesce(func.sum(DistrictLedgerEntry.amount_fen), 0))).scalar_one()
            srv_stock = conn.execute(
                select(func.coalesce(func.sum(DistrictStockMovement.delta), 0)).where(
                    DistrictStockMovement.reason.in_(("sale", "refund"))
                )
            ).scalar_one()
    finally:
        engine.dispose()
    con = sqlite3.connect(db)
    try:
        sales = [r for (r,) in con.execute("SELECT id FROM sale")]
        refunds = [r for (r,) in con.execute("SELECT id FROM refund")]
        (lines,) = con.execute("SELECT COUNT(*) FROM sale_line").fetchone()
        (ledger,) = con.execute("SELECT COALESCE(SUM(amount_fen), 0) FROM ledger_entry").fetchone()
        (stock,) = con.execute(
            "SELECT COALESCE(SUM(delta), 0) FROM stock_movement WHERE reason IN ('sale', 'refund')"
        ).fetchone()
    finally:
        con.close()
    assert len(srv_sales) == len(set(srv_sales)) and set(srv_sales) == set(sales)
    assert len(srv_refunds) == len(set(srv_refunds)) and set(srv_refunds) == set(refunds)
    assert (srv_lines, int(srv_ledger), int(srv_stock)) == (lines, ledger, stock)
    return {"server_sales": len(srv_sales), "server_refunds": len(srv_refunds)}


def kill_rounds(
    station: Services, db: Path, server: ServerProcess, folder: Path, rounds: int, seed: int
) -> dict[str, object]:
    station.users.create("volunteer", "李阿姨", ["volunteer"], "2222")
    station.residents.add_resident(
        "R-001",
        "王大爷",
        ["13800001234"],
        compound="幸福里小区",
        building="3",
        unit="2",
        room="401",
        preferred_tender="cash",
    )
    enroll_station(station, server)
    station.close()
    rng = random.Random(seed)
    where: collections.Counter[str] = collections.Counter()
    forks = ForkServer()
    try:
        for _ in range(rounds):
            before = len(_steps(folder))
            pid = forks.run(folder, rng.randrange(2**32))
            if rng.random() < 0.1:  # now and then while it starts (migrations, quick_check, sign-in)
                time.sleep(rng.uniform(0, 0.3))
            else:  # mostly once it works
                deadline = time.monotonic() + 20
                while len(_steps(folder)) < before + 2 and time.monotonic() < deadline:
                    time.sleep(0.002)
                time.sleep(rng.uniform(0, 0.25))
            os.kill(pid, signal.SIGKILL)
            status = forks.wait(pid)
            error = folder / "worker-error.txt"
            assert not error.exists(), error.read_text()
            assert os.WIFSIGNALED(status), f"the worker ended by itself: {status}"
            steps = _steps(folder)[before:]
            where[steps[-1] if steps else "start"] += 1
            counts = check_station(db, folder)
    finally:
        forks.close()
    again = open_station(db)
    try:
        final = settle_and_compare(again, db, server)
    finally:
        again.close()
    return {"kills": rounds, "where": dict(where), **counts, **final}


def _run(station: Services, db: Path, server: ServerProcess, rounds: int) -> None:
    result = kill_rounds(station, db, server, db.parent, rounds, seed=rounds)
    print("\nkill -9 rounds:", json.dumps(result, ensure_ascii=False))
    assert result["sales"] > 0 and result["refunds"] > 0


def test_killed_at_random_points_loses_and_doubles_nothing(
    station: Services, db_path: Path, server: ServerProcess
) -> None:
    _run(station, db_path, server, CI_ROUNDS)


def test_the_checks_catch_a_half_written_sale(station: Services, db_path: Path) -> None:
    """The checker itself: a sale that lost its outbox event, or a payment, does not pass."""
    from tests.facts import sell

    (db_path.parent / "shown.log").write_text(f"sale {sell(station, ['6920000000012'])}\n")
    station.close()
    assert check_station(db_path, db_path.parent)["sales"] == 1
    for damage, what in (
        ("DELETE FROM outbox WHERE entity_type = 'sale'", "missing from the outbox"),
        ("DELETE FROM payment", "not paid in full"),
        ("DELETE FROM sale_line", "without lines"),
    ):
        con = sqlite3.connect(db_path)
        con.execute("PRAGMA foreign_keys = OFF")
        con.execute(damage)
        con.commit()
        con.close()
        with pytest.raises(AssertionError, match=what):
            check_station(db_path, db_path.parent)


@pytest.mark.slow
def test_a_thousand_kills(station: Services, db_path: Path, server: ServerProcess) -> None:
    _run(station, db_path, server, 1000)
