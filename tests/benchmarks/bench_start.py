"""Station start on a 500,000-product catalog (bar: start to ready ≤ 2 s, RSS ≤ 300 MB).

Each run starts a fresh process, as a cashier does, on a copy of the generated station:

- **ours**: ``pos-app --db FILE`` (offscreen): migrations check, ``quick_check``, the writable and
  clock checks, the main window; then a cashier signs in and scans a product. The process reports
  when the sign-in screen took its first event (ready), when the first line was painted, and its
  memory then and once the search index (built in the background) is ready.
- **baseline**: a bare PySide6 process showing a window with a line edit and a table view.

Times are from the parent's ``Popen`` to the child's report (``time.monotonic`` is system-wide).

    python -m tests.benchmarks.bench_start [--products 500000] [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.benchmarks.catalog_gen import default_path, generate
from tests.benchmarks.common import ROOT, emit

BARE = """
import json, sys, time, resource
from PySide6.QtCore import QTimer
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QApplication, QLineEdit, QMainWindow, QTableView, QVBoxLayout, QWidget

def rss():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS"):
            return int(line.split()[1]) / 1024

app = QApplication([])
w = QMainWindow()
box = QWidget(); lay = QVBoxLayout(box); lay.addWidget(QLineEdit())
t = QTableView(); t.setModel(QStandardItemModel(0, 5)); lay.addWidget(t)
w.setCentralWidget(box); w.resize(1280, 800); w.show()
def ready():
    print(json.dumps({"ready": time.monotonic(), "rss_ready": rss()}), flush=True)
    app.quit()
QTimer.singleShot(0, ready)
app.exec()
"""

DRIVER = """
import json, sys, time
from PySide6.QtCore import QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
import pos_app.app as pos_app
from pos_app.ui.main_window import MainWindow

def rss():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS"):
            return int(line.split()[1]) / 1024

def peak():
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

out = {}
windows = []
original_init = MainWindow.__init__
def spy(self, *a, **k):
    original_init(self, *a, **k)
    windows.append(self)
MainWindow.__init__ = spy

original_exec = QApplication.exec
def exec_(*_a):
    app = QApplication.instance()
    def ready():
        out["ready"] = time.monotonic()
        out["rss_ready"] = rss()
        out["rss_peak_at_ready"] = peak()
        w = windows[0]
        QTest.keyClicks(w.login.user, "cashier"); QTest.keyClick(w.login.user, "\\r")
        QTest.keyClicks(w.login.pin, "1111"); QTest.keyClick(w.login.pin, "\\r")
        screen = w.checkout
        QTest.keyClicks(screen.code, sys.argv[2]); QTest.keyClick(screen.code, "\\r")
        screen.repaint()
        out["first_line"] = time.monotonic()
        out["lines"] = screen.model.rowCount()
        w.background.wait()  # the search index, the daily backup
        out["rss_index"] = rss()
        out["rss_peak"] = peak()
        print(json.dumps(out), flush=True)
        app.quit()
    QTimer.singleShot(0, ready)
    return original_exec()
QApplication.exec = exec_
sys.exit(pos_app.main(["--db", sys.argv[1], "--lang", "zh_CN"]))
"""


def _run(code: str, *args: str) -> dict[str, float]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    t0 = time.monotonic()
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, timeout=300)
    if done.returncode != 0 or not done.stdout.strip():
        raise RuntimeError(f"exit {done.returncode}: {done.stdout[-1000:]} {done.stderr[-3000:]}")
    report = json.loads(done.stdout.strip().splitlines()[-1])
    report["t0"] = t0
    return report


def _station(n: int, work: Path) -> tuple[Path, str]:
    """A copy of the generated catalog with a cashier (the generator makes products only)."""
    import sqlite3

    from pos_app.bootstrap import open_station

    src = generate(default_path(n), n)
    db = work / "station.db"
    shutil.copy(src, db)
    s = open_station(db)
    if not any(u.username == "cashier" for u in s.users.list()):
        cashier = s.users.create("cashier", "王收银", ["cashier"], "1111")
        if s.shifts.current() is None:  # another benchmark may have left one open on the generated file
            s.shifts.open(cashier.id, 20_000)
    s.close()
    with sqlite3.connect(db) as con:
        (code,) = con.execute("SELECT code FROM product_code ORDER BY rowid DESC LIMIT 1").fetchone()
    return db, code


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--products", type=int, default=500_000)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="pos-start-") as tmp:
        work = Path(tmp)
        db, code = _station(args.products, work)
        size_mb = round(db.stat().st_size / 2**20, 1)
        ours, bare = [], []
        for _ in range(args.runs):
            for f in work.glob("backups/*"):
                f.unlink()  # each start makes its daily backup, as the first start of a day does
            r = _run(DRIVER, str(db), code)
            assert r["lines"] == 1
            ours.append(r)
            bare.append(_run(BARE))

    def med(rows: list[dict[str, float]], key: str, since: str = "t0") -> float:
        return round(statistics.median(r[key] - (r[since] if since else 0) for r in rows), 3)

    ready, base = med(ours, "ready"), med(bare, "ready")
    emit(
        "start",
        {
            "products": args.products,
            "station_file_mb": size_mb,
            "runs": args.runs,
            "start_to_ready_s": ready,
            "start_to_first_line_painted_s": med(ours, "first_line"),
            "rss_at_ready_mb": med(ours, "rss_ready", ""),
            "rss_with_search_index_mb": med(ours, "rss_index", ""),
            "rss_peak_at_ready_mb": med(ours, "rss_peak_at_ready", ""),
            "rss_peak_mb": med(ours, "rss_peak", ""),
            "baseline_bare_qt_ready_s": base,
            "baseline_bare_qt_rss_mb": med(bare, "rss_ready", ""),
            "ratio_ready": round(ready / base, 2),
            "all_runs_ready_s": [round(r["ready"] - r["t0"], 3) for r in ours],
        },
    )


if __name__ == "__main__":
    main()
