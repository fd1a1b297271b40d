"""A real station and a real server process: round trips, faults on the wire, replays, concurrent
pushes of one terminal, a killed client, a server restored from backup. After settling, the server
holds exactly the station's facts: nothing lost, nothing twice."""

from __future__ import annotations

import contextlib
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, func, select

from pos_app.bootstrap import Services, open_station
from pos_app.domain.errors import SyncError
from pos_app.domain.ids import new_id
from pos_app.server.models import DistrictLedgerEntry, DistrictRefund, DistrictSale, DistrictStockMovement
from pos_app.store.models import LedgerEntry, Outbox, Refund, Sale, StockMovement
from pos_app.sync.client import SyncClient
from tests.facts import EGGS, outbox_ops, refund_first_line, sell
from tests.sync.conftest import ROOT, FaultProxy, ServerProcess, enroll_station

MILLET, CHICKEN, RICE = "6920000000012", "6935000000023", "6901000000035"


def ring(station: Services, n: int, seed: int = 0) -> None:
    rng = random.Random(seed)
    for _ in range(n):
        receipt = sell(station, [rng.choice([MILLET, CHICKEN, RICE, EGGS]) for _ in range(rng.randint(1, 4))])
        if rng.random() < 0.15:
            refund_first_line(station, receipt)


def assert_settled(station: Services, server: ServerProcess) -> None:
    """Server set == client set, no duplicates; ledger and stock sums equal; the queue is empty."""
    engine = create_engine(server.db_url)
    try:
        with engine.connect() as conn:
            server_sales = conn.execute(select(DistrictSale.id)).scalars().all()
            server_refunds = set(conn.execute(select(DistrictRefund.id)).scalars())
            ledger = {
                code: int(total)
                for code, total in conn.execute(
                    select(DistrictLedgerEntry.household_code, func.sum(DistrictLedgerEntry.amount_fen)).group_by(
                        DistrictLedgerEntry.household_code
                    )
                )
            }
            stock = int(conn.execute(select(func.coalesce(func.sum(DistrictStockMovement.delta), 0))).scalar_one())
    finally:
        engine.dispose()
    with station.db.read() as conn:
        local_sales = set(conn.execute(select(Sale.id)).scalars())
        local_refunds = set(conn.execute(select(Refund.id)).scalars())
        local_ledger = int(conn.execute(select(func.coalesce(func.sum(LedgerEntry.amount_fen), 0))).scalar_one())
        local_stock = int(
            conn.execute(
                select(func.coalesce(func.sum(StockMovement.delta), 0)).where(
                    StockMovement.reason.in_(("sale", "refund", "intake"))  # the district books intake too
                )
            ).scalar_one()
        )
        unsent = conn.execute(select(func.count()).select_from(Outbox).where(Outbox.status != "acked")).scalar_one()
    assert len(server_sales) == len(set(server_sales)) == len(local_sales)
    assert set(server_sales) == local_sales
    assert server_refunds == local_refunds
    assert sum(ledger.values()) == local_ledger and set(ledger) <= {"SC-001"}
    assert stock == local_stock
    assert unsent == 0


def settle(station: Services, url: str | None = None, tries: int = 30) -> None:
    """Sync until a round goes through (as the worker would, without its waits)."""
    client = SyncClient(station.sync, timeout=5)
    for _ in range(tries):
        try:
            client.sync_once()
            if station.sync.status().waiting == 0:
                return
        except SyncError:
            time.sleep(0.05)
    raise AssertionError("sync never settled")


def test_round_trip_and_a_district_price_reaches_the_till_without_restart(
    station: Services, server: ServerProcess, tmp_path: Path
) -> None:
    enroll_station(station, server)
    ring(station, 12)
    report = SyncClient(station.sync).sync_once()
    assert report.pushed == report.acked > 0 and report.problems == 0
    assert_settled(station, server)
    status = station.sync.status()
    assert status.last_ok is not None and status.waiting == 0 and status.last_error == ""

    cashier = station.users.authenticate("cashier", "1111").id
    co = station.checkout()  # the till's one checkout, kept for the whole test
    co.new_sale(cashier)
    assert co.scan(MILLET).line.product.unit_price_fen == 890  # type: ignore[union-attr]
    sold_before = sell(station, [MILLET])
    (tmp_path / "price.csv").write_text("条码,名称,单位,售价,类别\n6920000000012,赤峰小米 500g,袋,9.50,扶贫特产\n")
    server.cli("import-catalog", str(tmp_path / "price.csv"))
    report = SyncClient(station.sync).sync_once()
    assert report.pulled.get("catalog") == 1
    co.new_sale(cashier)
    assert co.scan(MILLET).line.product.unit_price_fen == 950  # type: ignore[union-attr]  # no restart
    with station.db.read() as conn:
        from pos_app.store.models import SaleLine

        old = conn.execute(
            select(SaleLine.unit_price_fen)
            .join(Sale, Sale.id == SaleLine.sale_id)
            .where(Sale.receipt_no == sold_before)
        ).scalar_one()
    assert old == 890  # a sale keeps the price it was made at


@pytest.mark.parametrize("fault", ["drop", "cut", "reset", "delay"])
def test_faults_on_the_wire_never_lose_or_double_a_sale(
    station: Services, server: ServerProcess, proxy: FaultProxy, fault: str
) -> None:
    enroll_station(station, server, url=proxy.url)
    for round_ in range(4):
        ring(station, 15, seed=round_)
        proxy.plan = [fault, "pass", fault, fault, "pass", fault]
        with contextlib.suppress(SyncError):  # the next round will try again
            SyncClient(station.sync, timeout=1.0 if fault == "delay" else 5, batch_size=20).sync_once()
    proxy.plan = []
    settle(station)
    assert fault in proxy.used
    assert_settled(station, server)


def test_replayed_shuffled_tripled_batches_from_two_senders_count_once(
    station: Services, server: ServerProcess
) -> None:
    enroll_station(station, server)
    ring(station, 40)
    ops = outbox_ops(station)
    token = station.sync.require_enrollment().token
    replay = ops * 3
    random.Random(7).shuffle(replay)
    batches = [replay[i : i + 37] for i in range(0, len(replay), 37)]

    def send(part: list[list[object]]) -> None:
        with httpx.Client(base_url=server.url, headers={"Authorization": f"Bearer {token}"}, timeout=30) as c:
            for batch in part:
                body = {"batch_id": new_id(), "ops": [op.model_dump() for op in batch]}  # type: ignore[attr-defined]
                assert c.post("/v1/push", json=body).status_code == 200

    threads = [threading.Thread(target=send, args=(batches[i::2],)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    settle(station)  # the station's own queue: all duplicates now
    assert_settled(station, server)


def _pos_admin(db: Path, *args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-c", "import sys; from pos_app.cli import main; sys.exit(main())", "--db", str(db), *args],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def test_two_processes_of_one_terminal_pushing_at_once(station: Services, server: ServerProcess, db_path: Path) -> None:
    enroll_station(station, server)
    ring(station, 100)
    procs = [_pos_admin(db_path, "sync", "--once") for _ in range(2)]
    for p in procs:
        _, err = p.communicate(timeout=120)
        assert p.returncode == 0, err.decode()
    settle(station)
    assert_settled(station, server)


def test_client_killed_mid_push_loses_and_doubles_nothing(
    station: Services, server: ServerProcess, db_path: Path
) -> None:
    enroll_station(station, server)
    ring(station, 250)
    rng = random.Random(3)
    for _ in range(4):
        p = _pos_admin(db_path, "sync", "--once")
        time.sleep(rng.uniform(0.8, 2.0))
        p.send_signal(signal.SIGKILL)
        p.wait(10)
    with station.db.read() as conn:
        assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
    fresh = open_station(db_path)  # as after a restart
    try:
        settle(fresh)
        assert_settled(fresh, server)
    finally:
        fresh.close()


def test_server_restored_from_backup_gets_everything_again(
    station: Services, sqlite_server: ServerProcess, tmp_path: Path
) -> None:
    server = sqlite_server
    enroll_station(station, server)
    ring(station, 10, seed=1)
    settle(station)
    backup = tmp_path / "district-backup.db"
    live = Path(server.db_url.split(":///", 1)[1])
    src, dst = sqlite3.connect(live), sqlite3.connect(backup)
    src.backup(dst)  # an online, consistent backup (a plain copy would miss what is still in the WAL)
    src.close()
    dst.close()
    ring(station, 10, seed=2)
    settle(station)
    # disaster: the server goes back to last night's backup and says so with a new epoch
    server.stop()
    for suffix in ("-wal", "-shm"):
        Path(str(live) + suffix).unlink(missing_ok=True)
    shutil.copy(backup, live)
    server.cli("new-epoch")
    server.start()
    report = SyncClient(station.sync).sync_once()
    assert report.epoch_changed
    assert_settled(station, server)


def test_unreachable_server_leaves_the_station_selling_and_says_so(station: Services, server: ServerProcess) -> None:
    enroll_station(station, server)
    server.stop()
    ring(station, 3)
    with pytest.raises(SyncError) as err:
        SyncClient(station.sync, timeout=2).sync_once()
    assert "无法连接" in err.value.message_zh
    status = station.sync.status()
    assert status.waiting > 0 and "无法连接" in status.last_error
    server.start()
    settle(station)
    assert_settled(station, server)


def test_problems_are_listed_retried_and_exported(station: Services, server: ServerProcess, tmp_path: Path) -> None:
    enroll_station(station, server)
    ring(station, 2)
    with station.db.transaction() as conn:  # a fact the server cannot read (as from a damaged disk)
        from sqlalchemy import update

        text = json.dumps({"sale": {"id": "garbled"}})
        from pos_app.contract.protocol import payload_hash

        seq = conn.execute(select(func.max(Outbox.seq))).scalar_one()
        eid = conn.execute(select(Outbox.entity_id).where(Outbox.seq == seq)).scalar_one()
        conn.execute(update(Outbox).where(Outbox.seq == seq).values(payload_json=text, payload_hash=payload_hash(text)))
    report = SyncClient(station.sync).sync_once()
    assert report.problems == 1
    [problem] = station.sync.problems()
    assert problem.entity_id == eid and problem.status == "rejected" and problem.error.startswith("invalid_payload")
    assert station.sync.status().problems == 1 and station.sync.status().waiting == 0
    manager = station.users.authorize("manager", "999999", "manager")
    cashier = station.users.authenticate("cashier", "1111")
    from pos_app.domain.errors import NotPermitted

    with pytest.raises(NotPermitted):
        station.sync.retry([problem.seq], cashier)
    assert station.sync.export_problems(tmp_path / "problems.csv", manager) == 1
    assert "invalid_payload" in (tmp_path / "problems.csv").read_text(encoding="utf-8-sig")
    assert station.sync.retry([problem.seq], manager) == 1
    assert station.sync.problems() == [] and problem.seq in [op.seq for op in station.sync.pending(100)]


def test_a_fresh_demo_station_syncs_with_nothing_refused(
    server: ServerProcess, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The quick start's demo station, enrolled at a district that holds the demo registry: every
    fact it made is taken, and the district's figures are the station file's to the fen."""
    from pos_app.cli import main as admin_main

    db = tmp_path / "demo.db"
    assert admin_main(["--db", str(db), "init", "--station", "TZ01", "--name", "通州社区扶贫超市", "--demo"]) == 0
    server.cli("import-households", str(ROOT / "db" / "seed" / "demo_households.csv"), "--home-station", "TZ01")
    code = server.cli("enroll-code", "--station", "TZ01", "--terminal", "1")
    enroll = ["enroll", "--server", server.url, "--code", code, "--as", "admin", "--pin", "888888"]
    assert admin_main(["--db", str(db), *enroll]) == 0
    capsys.readouterr()
    assert admin_main(["--db", str(db), "sync", "--once"]) == 0, capsys.readouterr()
    s = open_station(db)
    try:
        assert s.sync.status().waiting == 0 and not s.sync.problems()
        with s.db.read() as conn:
            local = conn.execute(select(func.count(), func.sum(Sale.total_fen))).one()
            credited = conn.execute(select(func.sum(LedgerEntry.amount_fen))).scalar_one()
    finally:
        s.close()
    district = create_engine(server.db_url)
    with district.connect() as conn:
        assert conn.execute(select(func.count(), func.sum(DistrictSale.total_fen))).one() == tuple(local)
        assert conn.execute(select(func.sum(DistrictLedgerEntry.amount_fen))).scalar_one() == credited
    district.dispose()


def test_audit_verify_compares_with_what_the_district_received(
    server: ServerProcess, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A station file put back from an older copy, anchor and all, is intact on its own; the district
    still holds the newer entries it received, and `pos-admin audit verify` says the file lacks them."""
    from pos_app.cli import main as admin_main
    from pos_app.crypto import FieldCipher

    db = tmp_path / "till.db"
    assert admin_main(["--db", str(db), "init", "--station", "TZ01", "--name", "通州社区扶贫超市"]) == 0
    boss = ["user", "add", "--username", "boss", "--roles", "admin", "--new-pin", "135790"]
    assert admin_main(["--db", str(db), *boss]) == 0
    code = server.cli("enroll-code", "--station", "TZ01", "--terminal", "1")
    enroll = ["enroll", "--server", server.url, "--code", code, "--as", "boss", "--pin", "135790"]
    assert admin_main(["--db", str(db), *enroll]) == 0
    s = open_station(db)
    for _ in range(2):
        s.audit.record("drawer_open", user_id=None)
    s.close()
    anchor = FieldCipher.key_path_for(db).with_suffix(".anchor")
    old = tmp_path / "older"
    old.mkdir()
    shutil.copy(db, old / "till.db")
    shutil.copy(anchor, old / "till.anchor")
    s = open_station(db)
    s.audit.record("drawer_open", user_id=None)
    s.close()
    assert admin_main(["--db", str(db), "sync", "--once"]) == 0
    capsys.readouterr()
    assert admin_main(["--db", str(db), "audit", "verify"]) == 0
    agrees = capsys.readouterr().out
    assert "审计日志完好，与区县的" in agrees and "一致" in agrees  # in the station's language
    shutil.copy(old / "till.db", db)  # the older copy, with its own anchor: intact on its own
    shutil.copy(old / "till.anchor", anchor)
    assert admin_main(["--db", str(db), "audit", "verify"]) == 1
    assert "与区县的不一致" in capsys.readouterr().err
