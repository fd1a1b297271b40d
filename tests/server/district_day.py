"""A district holding one station's day, for the pages' browser tests and screenshots: two shifts,
the second missing its last sale (so one is reconciled and one incomplete), and two households."""

from __future__ import annotations

import os
from datetime import datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from pos_app.bootstrap import Services, build_services
from pos_app.domain.clock import LOCAL_TZ, FixedClock
from pos_app.importing.certified import parse_certified
from pos_app.server import auth, reference
from pos_app.server.app import create_app
from pos_app.server.runtime import open_server
from pos_app.services.station import init_station, open_database
from tests.conftest import SMALL_CATALOG
from tests.facts import outbox_ops, register_households, with_household_goods
from tests.integration.test_certification import GOOD, _csv
from tests.server.conftest import ADMIN, NOW, enroll
from tests.server.test_shift_reconciliation import a_day_at_the_till, push


def pushed_day(api: TestClient, engine: Engine, s: Services, tmp: Path) -> str:
    """One shift of ``a_day_at_the_till`` with the households' goods, all of it pushed; its id."""
    headers = enroll(api, engine)
    shift_id = a_day_at_the_till(with_household_goods(s, tmp))
    push(api, headers, outbox_ops(s))
    return shift_id


def district_with_two_shifts(tmp: Path) -> tuple[FastAPI, Engine]:
    os.environ["POS_SERVER_KEY_FILE"] = str(tmp / "keys" / "server.key")
    engine, cipher = open_server(f"sqlite+pysqlite:///{tmp / 'district.db'}")
    with engine.begin() as conn:
        auth.add_station(conn, "TZ01", "通州社区扶贫超市", NOW)
        auth.add_station(conn, "SC01", "双城扶贫超市", NOW)
        auth.add_admin(conn, *ADMIN, NOW)
        register_households(conn, cipher, NOW)
    app = create_app(engine, cipher, clock=lambda: NOW)
    api = TestClient(app)
    clock = FixedClock(datetime(2026, 11, 20, 9, 0, tzinfo=LOCAL_TZ))
    db = open_database(tmp / "station.db")
    s = build_services(db, clock, init_station(db, clock, "TZ01", "通州社区扶贫超市", 1))
    s.catalog.upsert(SMALL_CATALOG, source="test")
    certified = _csv(tmp, GOOD)  # the millet is a certified poverty-relief product, at the till and the district
    s.certification.import_file(certified)
    with engine.begin() as conn:
        reference.import_certified(conn, [item for _, item in parse_certified(certified).good], NOW)
    cashier = s.users.create("cashier", "王收银", ["cashier"], "1111")
    s.users.create("manager", "张经理", ["manager"], "999999")
    s.shifts.open(cashier.id, 20_000)
    with_household_goods(s, tmp)
    headers = enroll(api, engine)
    a_day_at_the_till(s)
    s.backup.wait()
    s.shifts.open(cashier.id, 20_000)
    a_day_at_the_till(s)
    s.backup.wait()
    ops = outbox_ops(s)
    withheld = [o for o in ops if o.entity_type == "sale"][-1]
    push(api, headers, [o for o in ops if o is not withheld])
    # the round ends asking for the station's state, the till's clock eight minutes fast
    fast = format_datetime(NOW + timedelta(minutes=8, seconds=5), usegmt=True)
    assert api.get("/v1/state", headers={**headers, "Date": fast}).status_code == 200
    s.close()
    return app, engine
