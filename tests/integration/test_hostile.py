"""A hostile machine: the disk fills up, the file turns read-only, another program holds
the database, the file is damaged, the font is gone, the clock jumps. Each gives a clear message in
Chinese, changes nothing half-way, and loses nothing: the sale on screen is still there to pay once
the machine is fixed, and every sale paid before is still in the file."""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, func, select

from pos_app.bootstrap import Services, open_station
from pos_app.domain.clock import FixedClock
from pos_app.domain.errors import (
    DatabaseBusy,
    DatabaseDamaged,
    DatabaseReadOnly,
    DiskFull,
    PosError,
)
from pos_app.services.checkout import CheckoutService
from pos_app.services.users import UserLocked
from pos_app.store.models import Outbox, Sale
from tests.facts import sell

MILLET, CHICKEN = "6920000000012", "6935000000023"


def _receipts(db: Path) -> list[str]:
    con = sqlite3.connect(db)
    try:
        return [r for (r,) in con.execute("SELECT receipt_no FROM sale ORDER BY doc_seq")]
    finally:
        con.close()


def _cart_of(co: CheckoutService) -> list[str]:
    return [li.product.name for li in co.cart.active_lines]


@contextlib.contextmanager
def disk_full_after(s: Services, pages: int) -> Iterator[None]:
    """SQLite's own "database or disk is full": the file may not grow past ``pages`` more pages."""
    engine = s.db.engine
    with s.db.read() as conn:
        limit = int(conn.exec_driver_sql("PRAGMA page_count").scalar_one()) + pages

    def cap(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
        dbapi_conn.execute(f"PRAGMA max_page_count = {limit}")

    event.listen(engine, "connect", cap)
    engine.dispose()  # every new connection is capped
    try:
        yield
    finally:
        event.remove(engine, "connect", cap)
        engine.dispose()


# -- disk full --------------------------------------------------------------------------------------


def test_disk_full_keeps_the_cart_and_everything_paid_then_the_same_sale_pays_once(
    stocked: Services, db_path: Path
) -> None:
    paid = [sell(stocked, [MILLET])]
    co = stocked.checkout()
    co.new_sale(stocked.users.authenticate("cashier", "1111").id)
    with disk_full_after(stocked, 2):
        failure: DiskFull | None = None
        for _ in range(500):  # the day goes on until the disk is full
            for code in (MILLET, CHICKEN, "6901000000035"):
                co.scan(code)
            plan = co.start_payment()
            plan.add("cash", plan.due_fen)
            try:
                paid.append(co.pay(plan).receipt_no)
            except DiskFull as exc:
                failure = exc
                break
        assert failure is not None, "the disk never filled"
        assert "磁盘已满" in failure.message_zh and "没有保存" in failure.message_zh
        assert _cart_of(co) == ["赤峰小米 500g", "蒙香鸡 整鸡1.2kg", "五常大米 5kg"]  # still on screen
        assert _receipts(db_path) == paid  # nothing half-written, nothing lost
        with stocked.db.read() as conn:
            assert conn.execute(select(func.count()).select_from(Outbox)).scalar_one() >= len(paid)
    plan = co.start_payment()  # space freed: the same sale, paid once
    plan.add("cash", plan.due_fen)
    done = co.pay(plan)
    assert _receipts(db_path) == [*paid, done.receipt_no]
    assert int(done.receipt_no.rsplit("-", 1)[1]) == len(paid) + 1  # no receipt number burnt


# -- read-only file ---------------------------------------------------------------------------------


@contextlib.contextmanager
def read_only(path: Path) -> Iterator[None]:
    """Make ``path`` unwritable, even for root (which ignores file modes): the immutable attribute."""
    if os.geteuid() != 0:
        path.chmod(0o444)
        try:
            yield
        finally:
            path.chmod(0o644)
        return
    if not shutil.which("chattr") or subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode:
        pytest.skip("cannot make a file read-only for root here (no chattr +i)")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)


def test_a_read_only_file_says_so_and_keeps_the_cart(stocked: Services, db_path: Path) -> None:
    paid = sell(stocked, [MILLET])
    co = stocked.checkout()
    co.new_sale(stocked.users.authenticate("cashier", "1111").id)
    co.scan(CHICKEN)
    stocked.db.engine.dispose()  # checkpointed and closed: the next connection opens the file anew
    with read_only(db_path):
        plan = co.start_payment()
        plan.add("cash", plan.due_fen)
        with pytest.raises(DatabaseReadOnly) as err:
            co.pay(plan)
        assert "只读" in err.value.message_zh
        assert _cart_of(co) == ["蒙香鸡 整鸡1.2kg"]
        assert stocked.catalog.by_code(MILLET) is not None  # reading still works
    stocked.db.engine.dispose()
    plan = co.start_payment()
    plan.add("cash", plan.due_fen)
    second = co.pay(plan).receipt_no
    assert _receipts(db_path) == [paid, second]


def test_the_app_refuses_to_start_on_a_read_only_file_with_a_clear_message(stocked: Services, db_path: Path) -> None:
    sell(stocked, [MILLET])
    stocked.close()
    with read_only(db_path), pytest.raises(DatabaseReadOnly) as err:
        s = open_station(db_path)
        try:
            s.health.writable()
        finally:
            s.close()
    assert "只读" in err.value.message_zh


# -- locked by another process ----------------------------------------------------------------------

HOLD = """
import sqlite3, sys, time
con = sqlite3.connect(sys.argv[1], isolation_level=None)
con.execute("BEGIN EXCLUSIVE")
print("holding", flush=True)
sys.stdin.readline()
con.execute("ROLLBACK")
"""


@contextlib.contextmanager
def held_by_another_process(db: Path) -> Iterator[subprocess.Popen[str]]:
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(db)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout and proc.stdout.readline().strip() == "holding"
    try:
        yield proc
    finally:
        assert proc.stdin
        with contextlib.suppress(BrokenPipeError):
            proc.stdin.write("\n")
            proc.stdin.close()
        proc.wait(10)


def test_a_database_held_by_another_program_is_waited_for_then_named(stocked: Services, db_path: Path) -> None:
    co = stocked.checkout()
    co.new_sale(stocked.users.authenticate("cashier", "1111").id)
    co.scan(MILLET)
    with held_by_another_process(db_path):
        plan = co.start_payment()
        plan.add("cash", plan.due_fen)
        with pytest.raises(DatabaseBusy) as err:  # after the busy timeout (5 s)
            co.pay(plan)
        assert "其他程序占用" in err.value.message_zh
        assert _cart_of(co) == ["赤峰小米 500g"]
    plan = co.start_payment()
    plan.add("cash", plan.due_fen)
    receipt = co.pay(plan).receipt_no
    assert _receipts(db_path) == [receipt]


# -- a damaged file ---------------------------------------------------------------------------------


def test_a_file_that_is_not_a_database_is_refused_at_start_with_the_way_back(tmp_path: Path) -> None:
    db = tmp_path / "station.db"
    db.write_bytes(b"this is not an SQLite file, perhaps a half-copied one " * 200)
    with pytest.raises(DatabaseDamaged) as err:
        open_station(db)
    assert "pos-admin restore" in err.value.message_zh and "损坏" in err.value.message_zh
    assert db.read_bytes().startswith(b"this is not")  # left as it was for whoever repairs it


# -- the app's own files ----------------------------------------------------------------------------

NO_FONT = """
import pathlib
import pos_app.reports.fonts as fonts
from pos_app.domain.errors import PosError
fonts.FONT_FILE = pathlib.Path("/nowhere/wqy-microhei.ttc")
try:
    fonts.register_fonts()
except PosError as exc:
    print(exc.code, exc.message_zh)
"""


def test_a_report_without_its_font_names_the_missing_file() -> None:
    out = subprocess.run([sys.executable, "-c", NO_FONT], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "resource_missing 程序文件缺失：/nowhere/wqy-microhei.ttc。请重新安装本程序。"


# -- the clock jumps --------------------------------------------------------------------------------


def test_sales_across_clock_jumps_keep_their_order_and_numbers(stocked: Services, clock: FixedClock) -> None:
    first = sell(stocked, [MILLET])
    clock.advance(days=-3)  # the CMOS battery died
    second = sell(stocked, [CHICKEN])
    clock.advance(days=8)
    third = sell(stocked, [MILLET, CHICKEN])
    with stocked.db.read() as conn:
        rows = conn.execute(select(Sale.receipt_no, Sale.doc_seq, Sale.id).order_by(Sale.doc_seq)).all()
        queued = conn.execute(select(Outbox.entity_id).where(Outbox.entity_type == "sale").order_by(Outbox.seq))
        assert [r.receipt_no for r in rows] == [first, second, third]
        assert [r.doc_seq for r in rows] == [1, 2, 3] and len({r.id for r in rows}) == 3
        assert list(queued.scalars()) == [r.id for r in rows]  # pushed in the order they were made
    closed = stocked.shifts.close(stocked.users.authenticate("cashier", "1111").id, {"cash": 0})
    assert closed.sales_count == 3  # the shift counts its sales, whatever their clock said


def test_a_clock_set_back_does_not_stretch_a_pin_lock_out(stocked: Services, clock: FixedClock) -> None:
    for _ in range(5):
        with contextlib.suppress(PosError):
            stocked.users.authenticate("cashier", "0000")
    clock.advance(days=-2)  # now the lock-out would end two days from now
    with pytest.raises(UserLocked) as err:
        stocked.users.authenticate("cashier", "1111")
    assert err.value.seconds <= 30
    clock.advance(seconds=31)
    assert stocked.users.authenticate("cashier", "1111").username == "cashier"


def test_repeated_wrong_pins_lock_for_minutes_not_days(stocked: Services, clock: FixedClock) -> None:
    for _ in range(30):  # someone keeps trying, waiting out every lock
        clock.advance(minutes=16)
        with contextlib.suppress(PosError):
            stocked.users.authenticate("manager", "0000")
    with pytest.raises(UserLocked) as err:
        stocked.users.authenticate("manager", "999999")
    assert 60 < err.value.seconds <= 15 * 60


def test_a_clock_behind_the_last_sale_is_noticed_at_start(stocked: Services, clock: FixedClock) -> None:
    sell(stocked, [MILLET])
    assert stocked.health.clock_problem() is None
    clock.advance(days=-2)
    warning = stocked.health.clock_problem()
    assert warning is not None and "时间" in warning.message_zh and "早于" in warning.message_zh


def test_a_clock_jump_forward_does_not_prune_every_backup(stocked: Services, clock: FixedClock) -> None:
    for _ in range(4):
        stocked.backup.backup(reason="daily")
        clock.advance(days=1)
    clock.advance(days=400)  # a year in the future, for a moment
    stocked.backup.prune()
    assert len([b for b in stocked.backup.files() if b.reason == "daily"]) >= 3


def test_sync_tells_when_the_clock_is_far_from_the_servers(stocked: Services, clock: FixedClock) -> None:
    stocked.sync.record_server_time(clock.now() + timedelta(days=3))
    status = stocked.sync.status()
    assert status.clock_skew_s is not None and status.clock_skew_s >= 3 * 86400 - 1
    stocked.sync.record_server_time(clock.now() + timedelta(seconds=20))
    assert stocked.sync.status().clock_skew_s is None  # within tolerance: nothing to say
