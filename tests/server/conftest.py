"""District-server fixtures: a fresh database per test, on SQLite and on the real PostgreSQL.

PostgreSQL comes from ``POS_TEST_PG_URL`` (CI sets it); each test gets a database of its own,
created from that one and dropped afterwards. Without the variable the PostgreSQL cases are skipped,
except on CI, where that is an error.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from pos_app.crypto import FieldCipher
from pos_app.server import auth
from pos_app.server.app import create_app
from pos_app.server.runtime import open_server
from tests.facts import register_households

NOW = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)
ADMIN = ("district", "district-pass-1")


@pytest.fixture(params=["sqlite", pytest.param("pg", marks=pytest.mark.pg)])
def server_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite+pysqlite:///{tmp_path / 'district.db'}"
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture
def district(server_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Engine, FieldCipher]]:
    monkeypatch.setenv("POS_SERVER_KEY_FILE", str(tmp_path / "keys" / "server.key"))
    engine, cipher = open_server(server_url)
    with engine.begin() as conn:
        auth.add_station(conn, "TZ01", "通州社区扶贫超市", NOW)
        auth.add_station(conn, "SC01", "双城扶贫超市", NOW)
        auth.add_admin(conn, *ADMIN, NOW)
        register_households(conn, cipher, NOW)
    yield engine, cipher
    engine.dispose()


@pytest.fixture
def api(district: tuple[Engine, FieldCipher]) -> Iterator[TestClient]:
    engine, cipher = district
    with TestClient(create_app(engine, cipher, clock=lambda: NOW), raise_server_exceptions=False) as client:
        yield client


def enroll(api: TestClient, engine: Engine, station: str = "TZ01", terminal: int = 1) -> dict[str, str]:
    """Enroll a terminal; returns the Authorization header for it."""
    with engine.begin() as conn:
        code = auth.enrollment_code(conn, station, terminal, NOW)
    reply = api.post("/v1/enroll", json={"code": code, "station_code": station, "terminal": terminal})
    assert reply.status_code == 200, reply.text
    return {"Authorization": f"Bearer {reply.json()['token']}"}


def admin_header(user: str = ADMIN[0], password: str = ADMIN[1]) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()}
