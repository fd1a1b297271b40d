"""Screenshots of the district office's web pages: a district server on a temporary database holding
one station's two shifts (the second missing its last sale) and two households, each page rendered
signed in and photographed by headless Chromium (Debian's chromium package).

    python docs/screenshots/make_web_screenshots.py [--out docs/screenshots]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

PAGES = {
    "web-stations.png": "/district/",
    "web-station.png": "/district/stations/TZ01",
    "web-households.png": "/district/households",
    "web-household.png": "/district/households/SC-001",
    "web-report.png": "/district/report",
}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = ap.parse_args()
    chromium = shutil.which("chromium")
    if chromium is None:
        sys.exit("needs Debian's chromium (apt-get install chromium)")
    tmp = Path(tempfile.mkdtemp(prefix="pos-web-"))
    os.environ["POS_SERVER_KEY_FILE"] = str(tmp / "keys" / "server.key")

    from fastapi.testclient import TestClient

    from pos_app.bootstrap import build_services
    from pos_app.domain.clock import LOCAL_TZ, FixedClock
    from pos_app.server import auth
    from pos_app.server.app import create_app
    from pos_app.server.runtime import open_server
    from pos_app.services.station import init_station, open_database
    from tests.conftest import SMALL_CATALOG
    from tests.facts import outbox_ops, register_households, with_household_goods
    from tests.server.conftest import ADMIN, NOW, enroll
    from tests.server.test_shift_reconciliation import a_day_at_the_till, push
    from tests.server.test_web_pages import sign_in

    engine, cipher = open_server(f"sqlite+pysqlite:///{tmp / 'district.db'}")
    with engine.begin() as conn:
        auth.add_station(conn, "TZ01", "通州社区扶贫超市", NOW)
        auth.add_station(conn, "SC01", "双城扶贫超市", NOW)
        auth.add_admin(conn, *ADMIN, NOW)
        register_households(conn, cipher, NOW)
    api = TestClient(create_app(engine, cipher, clock=lambda: NOW))
    clock = FixedClock(datetime(2026, 11, 20, 9, 0, tzinfo=LOCAL_TZ))
    db = open_database(tmp / "station.db")
    s = build_services(db, clock, init_station(db, clock, "TZ01", "通州社区扶贫超市", 1))
    s.catalog.upsert(SMALL_CATALOG, source="screens")
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
    s.close()
    args.out.mkdir(parents=True, exist_ok=True)
    html = tmp / "login.html"
    html.write_text(api.get("/district/login").text, encoding="utf-8")
    shots = {"web-login.png": html}
    sign_in(api)
    for name, path in PAGES.items():
        page = tmp / name.replace(".png", ".html")
        page.write_text(api.get(path).text, encoding="utf-8")
        shots[name] = page
    for name, page in shots.items():
        subprocess.run(
            [
                chromium,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                f"--user-data-dir={tmp / 'profile'}",
                "--window-size=1280,800",
                f"--screenshot={args.out / name}",
                page.as_uri(),
            ],
            check=True,
            capture_output=True,
        )
        print(f"wrote {args.out / name}")


if __name__ == "__main__":
    main()
