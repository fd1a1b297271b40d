"""Shared fixtures. Qt runs offscreen; every service test gets its own real SQLite file."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pos_app.bootstrap import Services, build_services
from pos_app.domain.clock import LOCAL_TZ, FixedClock
from pos_app.importing.catalog import ProductInput
from pos_app.services.station import init_station, open_database
from tests.qt_workarounds import pin_none

pin_none()


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 11, 20, 9, 0, tzinfo=LOCAL_TZ))


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "station.db"


@pytest.fixture
def services(db_path: Path, clock: FixedClock) -> Iterator[Services]:
    db = open_database(db_path)
    ctx = init_station(db, clock, "TZ01", "通州社区扶贫超市", 1)
    svc = build_services(db, clock, ctx)
    yield svc
    svc.close()


SMALL_CATALOG = (
    ProductInput("内蒙古西红柿", "斤", 280, (), "蔬菜", plu=1001),
    ProductInput("黄瓜", "kg", 500, (), "蔬菜", plu=1002),
    ProductInput("赤峰小米 500g", "袋", 890, ("6920000000012",), "扶贫特产"),
    ProductInput("蒙香鸡 整鸡1.2kg", "只", 5800, ("6935000000023",), "扶贫特产"),
    ProductInput("五常大米 5kg", "袋", 6900, ("6901000000035", "6901000000042"), "粮油"),
    ProductInput("双城鹅蛋 6枚装", "盒", 3600, ("6948000000054",), "扶贫特产"),
    ProductInput("纯牛奶 1L", "盒", 1350, ("0012345678905",), "乳品", plu=88),
)


@pytest.fixture
def stocked(services: Services) -> Services:
    """A station with a small catalog, a cashier, a manager, an open shift, and its scale's label
    formats picked (flag-28 weight labels, 18-digit weight-and-amount ones)."""
    services.catalog.upsert(SMALL_CATALOG, source="test")
    services.settings.set("scale_layouts", ["28PPPPPWWWWWC", "20PPPPPWWWWWAAAAAC"])
    cashier = services.users.create("cashier", "王收银", ["cashier"], "1111")
    services.users.create("manager", "张经理", ["manager"], "999999")
    services.shifts.open(cashier.id, 20_000)
    return services


# -- PostgreSQL (server tests): a database per test, made from POS_TEST_PG_URL's -------------------------


def pg_base_url() -> str | None:
    url = os.environ.get("POS_TEST_PG_URL")
    if not url and os.environ.get("CI"):
        pytest.fail("POS_TEST_PG_URL is not set on CI")
    return url


@pytest.fixture
def pg_url() -> Iterator[str]:
    base = pg_base_url()
    if not base:
        pytest.skip("POS_TEST_PG_URL is not set")
    name = f"fupin_t_{uuid.uuid4().hex[:10]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield base.rsplit("/", 1)[0] + f"/{name}"
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()
