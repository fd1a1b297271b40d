"""The app's work under ``kill -9``: a fork server for the crash test (tests/sync/test_crash.py).

Started once, it imports the product (about a second of Python imports), then reads commands on
stdin. ``run SEED`` forks a child that opens the station exactly as the app does (migrations,
``quick_check``, services) and works until it is killed: checkouts, refunds, delivery payments and
syncs with the district server it is enrolled with, in random order. Forking keeps a round at a few tens of
milliseconds, so a thousand kills fit in minutes; the killed process is the one doing the writes,
with its own SQLite connections, as the real app is.

What the screen would have shown is written to ``shown.log`` *after* each call returns (the screen
says "paid" only then): ``sale RECEIPT``, ``refund RECEIPT``, ``delivery ORDER RECEIPT``. Before
each step the child writes the step's name to ``doing.log``, so the test can tell where it killed.
Both are plain ``O_APPEND`` writes: a killed process loses nothing the kernel has been given.
"""

from __future__ import annotations

import contextlib
import os
import random
import sys
from pathlib import Path

from pos_app.bootstrap import open_station
from pos_app.domain.clock import LOCAL_TZ
from pos_app.domain.delivery import DeliveryState
from pos_app.domain.errors import PosError, SyncError
from pos_app.sync.client import SyncClient

CODES = ["6920000000012", "6935000000023", "6901000000035", "6953000000010", "6948000000054"]


class Logs:
    def __init__(self, folder: Path) -> None:
        flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT
        self.shown = os.open(folder / "shown.log", flags, 0o600)
        self.doing = os.open(folder / "doing.log", flags, 0o600)

    def show(self, line: str) -> None:
        os.write(self.shown, (line + "\n").encode())

    def step(self, name: str) -> None:
        os.write(self.doing, (name + "\n").encode())


def work(folder: Path, seed: int) -> None:
    rng = random.Random(seed)
    logs = Logs(folder)
    logs.step("start")
    s = open_station(folder / "station.db")
    problem = s.backup.check()  # what the app does first
    if problem != "ok":
        raise SystemExit(f"damaged station file: {problem}")
    cashier = s.users.authenticate("cashier", "1111")
    manager = s.users.authorize("manager", "999999", "manager")
    volunteer = s.users.authenticate("volunteer", "2222")
    shown: list[str] = [
        line.split()[1] for line in (folder / "shown.log").read_text().splitlines() if line.startswith("sale ")
    ]
    today = s.clock.now().astimezone(LOCAL_TZ).date()
    products = [p.id for p in (s.catalog.by_code(c) for c in CODES) if p is not None]
    while True:
        roll = rng.random()
        if roll < 0.5:
            logs.step("checkout")
            co = s.checkout()
            co.new_sale(cashier.id)
            for code in rng.choices(CODES, k=rng.randint(1, 5)):
                co.scan(code)
            plan = co.start_payment()
            plan.add("cash", plan.due_fen)
            receipt = co.pay(plan).receipt_no
            logs.show(f"sale {receipt}")
            shown.append(receipt)
        elif roll < 0.65 and shown:
            logs.step("refund")
            try:
                done = s.refunds.refund(rng.choice(shown), {1: 1}, cashier=cashier, approver=manager, reason="顾客退货")
            except PosError:  # that line is already fully refunded: refused, nothing written
                continue
            logs.show(f"refund {done.receipt_no}")
        elif roll < 0.94:
            logs.step("delivery")
            order = s.deliveries.create_order(
                "R-001", [(rng.choice(products), rng.randint(1, 3))], day=today, slot="上午", by=volunteer
            )
            for state in (DeliveryState.CONFIRMED, DeliveryState.PICKED, DeliveryState.OUT, DeliveryState.DELIVERED):
                s.deliveries.move(order.order_no, state, by=volunteer)
            logs.step("delivery payment")
            paid = s.deliveries.pay_on_delivery(order.order_no, by=volunteer)
            receipt = paid if isinstance(paid, str) else paid.receipt_no
            logs.show(f"delivery {order.order_no} {receipt}")
        else:
            logs.step("sync")
            with contextlib.suppress(SyncError):  # the server busy or gone: the next round tries again
                SyncClient(s.sync, timeout=10, batch_size=25, page_size=200).sync_once()
            logs.step("idle")


def serve() -> None:
    """The fork server: ``run FOLDER SEED`` → the child's pid on stdout; ``wait PID`` → its exit status."""
    for line in sys.stdin:
        cmd, *args = line.split()
        if cmd == "run":
            folder, seed = Path(args[0]), int(args[1])
            pid = os.fork()
            if pid == 0:
                code = 0
                try:
                    sys.stdin.close()
                    work(folder, seed)
                except BaseException as exc:  # a failure is the test's business: say it, exit non-zero
                    import traceback

                    (folder / "worker-error.txt").write_text(f"{exc!r}\n{traceback.format_exc()}")
                    code = 3
                os._exit(code)
            print(pid, flush=True)
        elif cmd == "wait":
            _, status = os.waitpid(int(args[0]), 0)
            print(status, flush=True)


if __name__ == "__main__":
    serve()
