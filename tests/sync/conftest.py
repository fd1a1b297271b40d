"""Sync fixtures: a real ``pos-server`` process on loopback (PostgreSQL when ``POS_TEST_PG_URL`` is
set, else SQLite), a real station file, and a TCP proxy between them that injects faults."""

from __future__ import annotations

import asyncio
import os
import socket
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from pos_app.bootstrap import Services
from pos_app.sync.client import enroll
from tests.conftest import pg_base_url
from tests.facts import households_file, with_household_goods

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class ServerProcess:
    db_url: str
    data: Path
    port: int = field(default_factory=free_port)
    proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def env(self) -> dict[str, str]:
        return {**os.environ, "POS_SERVER_KEY_FILE": str(self.data / "server.key"), "PYTHONPATH": str(ROOT)}

    def cli(self, *args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "pos_app.server.cli", "--db", self.db_url, *args],
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    def start(self) -> None:
        log = (self.data / "server.log").open("ab")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "pos_app.server.cli", "--db", self.db_url, "serve", "--port", str(self.port)],
            env=self.env(),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.url}/v1/meta", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.1)
        raise RuntimeError("the server did not start: " + (self.data / "server.log").read_text()[-2000:])

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            self.proc.wait(10)
            self.proc = None


@pytest.fixture
def server(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[ServerProcess]:
    data = tmp_path / "server"
    data.mkdir()
    db_url = str(request.getfixturevalue("pg_url")) if pg_base_url() else f"sqlite+pysqlite:///{data / 'district.db'}"
    srv = ServerProcess(db_url, data)
    srv.cli("add-station", "TZ01", "通州社区扶贫超市")
    srv.cli("import-households", str(households_file(data)))
    srv.start()
    yield srv
    srv.stop()


@pytest.fixture
def sqlite_server(tmp_path: Path) -> Iterator[ServerProcess]:
    """A server on a SQLite file (its backup is a file copy: for restore-from-backup tests)."""
    data = tmp_path / "server"
    data.mkdir()
    srv = ServerProcess(f"sqlite+pysqlite:///{data / 'district.db'}", data)
    srv.cli("add-station", "TZ01", "通州社区扶贫超市")
    srv.cli("import-households", str(households_file(data)))
    srv.start()
    yield srv
    srv.stop()


def enroll_station(station: Services, server: ServerProcess, url: str | None = None) -> None:
    code = server.cli("enroll-code", "--station", "TZ01", "--terminal", "1")
    enroll(station.sync, url or server.url, code)


@pytest.fixture
def station(stocked: Services, tmp_path: Path) -> Services:
    return with_household_goods(stocked, tmp_path)


# -- the fault proxy ---------------------------------------------------------------------------------


class FaultProxy:
    """A TCP proxy on its own event loop. Each new connection takes the next fault from ``plan``
    (then "pass"):
    - ``pass``: forward both ways;
    - ``delay``: hold the server's answer ``delay`` seconds;
    - ``drop``: close the connection before anything reaches the server;
    - ``cut``: let the request reach the server, wait for its answer (so it has committed), close
      the client's side without passing the answer on;
    - ``reset``: as ``cut``, but with a TCP reset.
    """

    def __init__(self, upstream_port: int, delay: float = 1.5) -> None:
        self.upstream = upstream_port
        self.delay = delay
        self.plan: list[str] = []
        self.used: list[str] = []
        self.port = free_port()
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        self._ready.wait(5)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        server = self._loop.run_until_complete(asyncio.start_server(self._handle, "127.0.0.1", self.port))
        self._ready.set()
        try:
            self._loop.run_forever()
        finally:
            server.close()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        mode = self.plan.pop(0) if self.plan else "pass"
        self.used.append(mode)
        if mode == "drop":
            writer.close()
            return
        try:
            up_r, up_w = await asyncio.open_connection("127.0.0.1", self.upstream)
        except OSError:
            writer.close()
            return

        async def client_to_server() -> None:
            try:
                while data := await reader.read(65536):
                    up_w.write(data)
                    await up_w.drain()
            except (ConnectionError, OSError):
                pass
            finally:
                up_w.close()

        async def server_to_client() -> None:
            try:
                while data := await up_r.read(65536):
                    if mode in ("cut", "reset"):
                        if mode == "reset":
                            sock = writer.get_extra_info("socket")
                            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                        writer.close()
                        return
                    if mode == "delay":
                        await asyncio.sleep(self.delay)
                    writer.write(data)
                    await writer.drain()
            except (ConnectionError, OSError):
                pass
            finally:
                writer.close()

        await asyncio.gather(client_to_server(), server_to_client())

    def close(self) -> None:
        async def shutdown() -> None:
            tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for t in tasks:
                t.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            self._loop.stop()

        asyncio.run_coroutine_threadsafe(shutdown(), self._loop)
        self._thread.join(5)


@pytest.fixture
def proxy(server: ServerProcess) -> Iterator[FaultProxy]:
    p = FaultProxy(server.port)
    yield p
    p.close()
