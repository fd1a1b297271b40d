"""Screenshots of the district office's web pages: a district server on a temporary database holding
one station's two shifts (the second missing its last sale) and two households, each page rendered
signed in and photographed by headless Chromium (Debian's chromium package).

    python docs/screenshots/make_web_screenshots.py [--out docs/screenshots]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
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
TALL = {"web-report.png": 1350}  # down to the certified goods, the suppliers and the growers' demand


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = ap.parse_args()
    chromium = shutil.which("chromium")
    if chromium is None:
        sys.exit("needs Debian's chromium (apt-get install chromium)")
    tmp = Path(tempfile.mkdtemp(prefix="pos-web-"))

    from fastapi.testclient import TestClient

    from tests.server.district_day import district_with_two_shifts
    from tests.server.test_web_pages import sign_in

    app, _ = district_with_two_shifts(tmp)
    api = TestClient(app)
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
                f"--window-size=1280,{TALL.get(name, 800)}",
                f"--screenshot={args.out / name}",
                page.as_uri(),
            ],
            check=True,
            capture_output=True,
        )
        print(f"wrote {args.out / name}")


if __name__ == "__main__":
    main()
