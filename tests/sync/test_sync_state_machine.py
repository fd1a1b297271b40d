"""A hypothesis state machine over a station and a district server: sell, refund, go
offline, sync, lose the server's reply after it committed, send a request twice, crash and restart
the station, back up and restore the server. At every step the server holds nothing the station
does not (server ⊆ client) and every sale the screen called paid exists; after settling, the two
are equal, with equal ledger and stock sums, and nothing is counted twice."""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import httpx
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule
from sqlalchemy import func, select

from pos_app.bootstrap import Services, build_services, open_station
from pos_app.domain.clock import LOCAL_TZ, FixedClock
from pos_app.domain.errors import SyncError
from pos_app.server import auth, reference
from pos_app.server.app import create_app
from pos_app.server.models import DistrictLedgerEntry, DistrictSale, DistrictStockMovement
from pos_app.server.runtime import open_server
from pos_app.services.station import init_station, open_database
from pos_app.store.models import LedgerEntry, Sale, StockMovement
from pos_app.sync.client import SyncClient, enroll
from tests.conftest import SMALL_CATALOG
from tests.facts import EGGS, refund_first_line, register_households, sell, with_household_goods

CODES = ["6920000000012", "6935000000023", "6901000000035", EGGS, "6948000000054"]
NOW = datetime(2026, 11, 20, 9, 0, tzinfo=LOCAL_TZ)


class Wire(httpx.BaseTransport):
    """The network between them: down, a reply lost after the server acted, or a request sent twice."""

    def __init__(self, machine: SyncMachine) -> None:
        self.m = machine
        self.offline = False
        self.lose_next_reply = False
        self.send_twice = False

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if self.offline:
            raise httpx.ConnectError("no network", request=request)
        inner = self.m.api._transport  # the server, in process
        if self.send_twice:
            self.send_twice = False
            request.read()
            inner.handle_request(request).read()
        reply = inner.handle_request(request)
        if self.lose_next_reply:
            self.lose_next_reply = False
            reply.read()
            raise httpx.ReadError("connection cut after the server answered", request=request)
        return reply


class SyncMachine(RuleBasedStateMachine):
    @initialize()
    def start(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="pos-sm-"))
        os.environ["POS_SERVER_KEY_FILE"] = str(self.dir / "server.key")
        self.db_path = self.dir / "station.db"
        self.clock = FixedClock(NOW)
        db = open_database(self.db_path)
        ctx = init_station(db, self.clock, "TZ01", "通州社区扶贫超市", 1)
        s = build_services(db, self.clock, ctx)
        s.catalog.upsert(SMALL_CATALOG, source="test")
        cashier = s.users.create("cashier", "王收银", ["cashier"], "1111")
        s.users.create("manager", "张经理", ["manager"], "999999")
        s.shifts.open(cashier.id, 20_000)
        self.station: Services = with_household_goods(s, self.dir)
        self.server_file = self.dir / "district.db"
        self._open_server()
        with self.engine.begin() as conn:
            auth.add_station(conn, "TZ01", "通州社区扶贫超市", datetime.now(UTC))
            register_households(conn, self.cipher, datetime.now(UTC))
            code = auth.enrollment_code(conn, "TZ01", 1, datetime.now(UTC))
        self.wire = Wire(self)
        enroll(self.station.sync, "http://district", code, transport=self.wire)
        self.paid: set[str] = set()
        self.receipts: list[str] = []
        self.backup: Path | None = None

    def _open_server(self) -> None:
        self.engine, self.cipher = open_server(f"sqlite+pysqlite:///{self.server_file}")
        self.api = TestClient(create_app(self.engine, self.cipher))

    def _client(self) -> SyncClient:
        return SyncClient(self.station.sync, transport=self.wire, batch_size=7, page_size=50)

    # -- rules ---------------------------------------------------------------------------------------
    @rule(codes=st.lists(st.sampled_from(CODES), min_size=1, max_size=4))
    def sell(self, codes: list[str]) -> None:
        receipt = sell(self.station, codes)
        self.receipts.append(receipt)
        with self.station.db.read() as conn:
            self.paid.add(conn.execute(select(Sale.id).where(Sale.receipt_no == receipt)).scalar_one())

    @precondition(lambda self: bool(self.receipts))
    @rule(data=st.data())
    def refund(self, data: st.DataObject) -> None:
        receipt = data.draw(st.sampled_from(self.receipts))
        try:
            refund_first_line(self.station, receipt)
        except Exception as exc:  # already fully refunded: the service says so and changes nothing
            assert "refund" in type(exc).__name__.lower() or "退" in str(getattr(exc, "message_zh", ""))

    @rule()
    def go_offline(self) -> None:
        self.wire.offline = True

    @rule()
    def go_online(self) -> None:
        self.wire.offline = False

    @rule()
    def lose_the_next_reply(self) -> None:
        self.wire.lose_next_reply = True

    @rule()
    def send_the_next_request_twice(self) -> None:
        self.wire.send_twice = True

    @rule()
    def sync(self) -> None:
        with contextlib.suppress(SyncError):  # offline or cut: the next round tries again
            self._client().sync_once()

    @rule()
    def crash_and_restart_the_station(self) -> None:
        self.station.close()
        self.station = open_station(self.db_path, self.clock)

    @rule()
    def back_up_the_server(self) -> None:
        self.backup = self.dir / "district-backup.db"
        src, dst = sqlite3.connect(self.server_file), sqlite3.connect(self.backup)
        src.backup(dst)
        src.close()
        dst.close()

    @precondition(lambda self: self.backup is not None)
    @rule()
    def restore_the_server_from_backup(self) -> None:
        self.api.close()
        self.engine.dispose()
        for suffix in ("-wal", "-shm"):
            Path(str(self.server_file) + suffix).unlink(missing_ok=True)
        assert self.backup is not None
        shutil.copy(self.backup, self.server_file)
        self._open_server()
        with self.engine.begin() as conn:
            reference.new_epoch(conn)

    @rule()
    def settle(self) -> None:
        self.wire.offline = self.wire.lose_next_reply = self.wire.send_twice = False
        for _ in range(5):
            self._client().sync_once()
            if self.station.sync.status().waiting == 0:
                break
        server = self._server_facts()
        local = self._local_facts()
        assert server == local

    # -- invariants ------------------------------------------------------------------------------------
    def _server_facts(self) -> tuple[set[str], int, int]:
        with self.engine.connect() as conn:
            sales = conn.execute(select(DistrictSale.id)).scalars().all()
            assert len(sales) == len(set(sales))
            ledger = conn.execute(select(func.coalesce(func.sum(DistrictLedgerEntry.amount_fen), 0))).scalar_one()
            stock = conn.execute(select(func.coalesce(func.sum(DistrictStockMovement.delta), 0))).scalar_one()
        return set(sales), int(ledger), int(stock)

    def _local_facts(self) -> tuple[set[str], int, int]:
        with self.station.db.read() as conn:
            sales = set(conn.execute(select(Sale.id)).scalars())
            ledger = conn.execute(select(func.coalesce(func.sum(LedgerEntry.amount_fen), 0))).scalar_one()
            stock = conn.execute(
                select(func.coalesce(func.sum(StockMovement.delta), 0)).where(
                    StockMovement.reason.in_(("sale", "refund", "intake"))
                )
            ).scalar_one()
        return sales, int(ledger), int(stock)

    @invariant()
    def server_holds_nothing_the_station_does_not(self) -> None:
        if not hasattr(self, "engine"):
            return
        server_sales = self._server_facts()[0]
        local_sales = self._local_facts()[0]
        assert server_sales <= local_sales
        assert self.paid <= local_sales  # every sale the screen called paid is on disk

    def teardown(self) -> None:
        if hasattr(self, "station"):
            self.station.close()
            self.api.close()
            self.engine.dispose()
            shutil.rmtree(self.dir, ignore_errors=True)


SyncMachine.TestCase.settings = settings(
    max_examples=int(os.environ.get("POS_SM_EXAMPLES", "12")),
    stateful_step_count=25,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
test_sync_state_machine = SyncMachine.TestCase
