"""Counter hardware, measured against a baseline in the same run.

- Scale frames: parsing a stream of 20,000 continuous-output frames with each protocol, per frame,
  against collecting the same bytes and cutting them at the frame's length (the least any reader
  must do).
- Scale latency: from a frame written on a pseudo-terminal until ``SerialScale.latest()`` holds it,
  against a bare ``os.read`` of the same pseudo-terminal (200 frames each).
- Label scale download: 2,000 PLUs to a simulated Dahua TM scale on 127.0.0.1 through the service
  (records, digest, state kept), against sending the same bytes over a bare socket to the same server.
- Customer display: a scan with the customer window and a pole display attached, against the same
  scan without them (the checkout screen's own repaint), 200 scans each, offscreen; and what one
  update of the displays costs (they follow the till's paint by 15 ms, newest view only).

    python -m tests.benchmarks.bench_hardware
"""

from __future__ import annotations

import os
import select
import socket
import tempfile
import time
from datetime import datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pos_app.domain.label_scale import download_bytes
from pos_app.hardware.scale import PROTOCOLS, ScaleConfig, SerialScale
from tests.benchmarks.common import emit, ratio, summary
from tests.hardware.sim import Pty, SimulatedLabelScale, toledo_frame, yaohua_frame

FRAMES = {
    "stgs": b"ST,GS,+0001.250kg\r\n",
    "toledo": toledo_frame(1250, 50),
    "yaohua": yaohua_frame("001.250"),
}


def parse_frames(n: int = 20_000) -> dict[str, object]:
    out: dict[str, object] = {}
    for name, frame in FRAMES.items():
        stream = frame * n
        chunks = [stream[i : i + 256] for i in range(0, len(stream), 256)]  # as the port hands them over
        t0 = time.perf_counter_ns()
        p = PROTOCOLS[name]()
        got = sum(len(p.feed(c)) for c in chunks)
        ours = (time.perf_counter_ns() - t0) / n / 1000
        t0 = time.perf_counter_ns()
        buf, size = b"", len(frame)
        for c in chunks:  # the least any reader does: collect the bytes and cut them into frames
            buf += c
            while len(buf) >= size:
                buf = buf[size:]
        base = (time.perf_counter_ns() - t0) / n / 1000
        out[name] = {
            "frames": got,
            "us_per_frame": round(ours, 2),
            "baseline_us": round(base, 2),
            "ratio": round(ours / base, 1),
        }
    return out


def scale_latency(n: int = 200) -> dict[str, object]:
    pty = Pty()
    reader = SerialScale(ScaleConfig("stgs", pty.port, 9600))
    ours = []
    try:
        while reader.latest() is None:  # the port is open (opening it drops what came before)
            pty.write(b"ST,GS,+0000.999kg\r\n")
            time.sleep(0.05)
        for i in range(n):
            grams = 1000 + i
            pty.write(f"ST,GS,+{grams // 1000:04d}.{grams % 1000:03d}kg\r\n".encode())
            t0 = time.perf_counter_ns()
            while (r := reader.latest()) is None or r.net_g != grams:
                time.sleep(0.0002)
            ours.append((time.perf_counter_ns() - t0) / 1e6)
    finally:
        reader.close()
        pty.close()
    pty = Pty()
    fd = os.open(pty.port, os.O_RDWR | os.O_NOCTTY)
    base = []
    try:
        for _ in range(n):
            pty.write(b"ST,GS,+0001.250kg\r\n")
            t0 = time.perf_counter_ns()
            select.select([fd], [], [], 1)
            os.read(fd, 256)
            base.append((time.perf_counter_ns() - t0) / 1e6)
    finally:
        os.close(fd)
        pty.close()
    s, b = summary(ours), summary(base)
    return {"ours": s, "baseline": b, "ratio_p50": ratio(s, b, "p50_ms"), "ratio_p99": ratio(s, b)}


def label_download(n: int = 2_000) -> dict[str, object]:
    from pos_app.bootstrap import build_services
    from pos_app.domain.clock import LOCAL_TZ, FixedClock
    from pos_app.importing.catalog import ProductInput
    from pos_app.services.station import init_station, open_database

    with tempfile.TemporaryDirectory() as d:
        db = open_database(Path(d) / "s.db")
        clock = FixedClock(datetime(2026, 12, 7, 9, 0, tzinfo=LOCAL_TZ))
        svc = build_services(db, clock, init_station(db, clock, "TZ01", "通州社区扶贫超市", 1))
        svc.catalog.upsert(
            [
                ProductInput(f"散装蔬菜{i:04d}号", "kg" if i % 3 else "袋", 100 + i, (), "蔬菜", plu=i)
                for i in range(1, n + 1)
            ],
            source="bench",
        )
        svc.settings.set("scale_layouts", ["28PPPPPWWWWWC"])
        sim = SimulatedLabelScale()
        try:
            svc.settings.set("label_scales", [{"name": "1号秤", "host": "127.0.0.1", "port": sim.port}])
            runs = []
            for _ in range(5):
                t0 = time.perf_counter_ns()
                [(_, err)] = svc.label_scales.send()
                runs.append((time.perf_counter_ns() - t0) / 1e6)
                assert err is None
            data = download_bytes(svc.label_scales.download().records)
            base = []
            for _ in range(5):
                t0 = time.perf_counter_ns()
                with socket.create_connection(("127.0.0.1", sim.port)) as conn:
                    conn.sendall(data)
                    conn.shutdown(socket.SHUT_WR)
                    while conn.recv(4096):
                        pass
                base.append((time.perf_counter_ns() - t0) / 1e6)
            assert len(sim.held) == n and not sim.bad
            first = []
            for _ in range(3):  # the records worked out from the catalog (a price changed)
                svc.label_scales._cache.key = None
                t0 = time.perf_counter_ns()
                svc.label_scales.download()
                first.append((time.perf_counter_ns() - t0) / 1e6)
        finally:
            sim.close()
            svc.close()
    s, b = summary(runs), summary(base)
    return {
        "plus": n,
        "bytes": len(data),
        "send": s,
        "baseline_raw_socket": b,
        "ratio_p50": ratio(s, b, "p50_ms"),
        "work_out_records_ms": summary(first),
    }


def display_cost(n: int = 200) -> dict[str, object]:
    from PySide6.QtWidgets import QApplication

    from pos_app.bootstrap import build_services
    from pos_app.domain.cart import Totals
    from pos_app.domain.clock import LOCAL_TZ, FixedClock
    from pos_app.hardware.pole_display import PoleDisplay
    from pos_app.hardware.printer import PdfFilePrinter
    from pos_app.importing.catalog import ProductInput
    from pos_app.services.station import init_station, open_database
    from pos_app.ui.customer_display import CustomerWindow, PoleFeed
    from pos_app.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    out: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as d:
        db = open_database(Path(d) / "s.db")
        clock = FixedClock(datetime(2026, 12, 7, 9, 0, tzinfo=LOCAL_TZ))
        svc = build_services(db, clock, init_station(db, clock, "TZ01", "通州社区扶贫超市", 1))
        svc.catalog.upsert([ProductInput("赤峰小米 500g", "袋", 890, ("6920000000012",), "扶贫特产")], source="bench")
        cashier = svc.users.create("cashier", "王收银", ["cashier"], "1111")
        svc.shifts.open(cashier.id, 20_000)
        pty = Pty()
        for label in ("without", "with"):
            displays = []
            if label == "with":
                pole = PoleFeed(PoleDisplay(pty.port, 2400))
                displays = [CustomerWindow("通州社区扶贫超市"), pole]
                displays[0].show()
            w = MainWindow(svc, PdfFilePrinter(Path(d) / "r"), customer_displays=displays)
            w.show()
            w.on_login(svc.users.get(cashier.id))
            screen = w.checkout
            assert screen is not None
            samples = []
            for _ in range(n):
                screen.code.setText("6920000000012")
                t0 = time.perf_counter_ns()
                screen.on_enter()
                app.processEvents()
                samples.append((time.perf_counter_ns() - t0) / 1e6)
                time.sleep(0.02)  # a scanner's pace: the displays follow between two scans
                app.processEvents()
                if screen.checkout.cart.totals().line_count and len(screen.checkout.cart.active_lines) > 50:
                    screen.checkout.new_sale(cashier.id, "王收银")
            out[label] = summary(samples)
            if label == "with":
                views = [screen.checkout.totals(), Totals(0, 0, 0, 0, 0, 1, ())]
                shown = []
                for i in range(n):
                    w._customer_view = views[i % 2]  # a different state each time: every label repaints
                    t0 = time.perf_counter_ns()
                    w._show_customer_now()
                    app.processEvents()
                    shown.append((time.perf_counter_ns() - t0) / 1e6)
                out["display_update"] = summary(shown)
            w.close()
            for disp in displays:
                disp.close()
        pty.close()
        svc.close()
    out["ratio_p50"] = ratio(out["with"], out["without"], "p50_ms")  # type: ignore[arg-type]
    out["ratio_p99"] = ratio(out["with"], out["without"])  # type: ignore[arg-type]
    return out


def main() -> None:
    emit(
        "hardware",
        {
            "scale_frames": parse_frames(),
            "scale_latency": scale_latency(),
            "label_download": label_download(),
            "customer_display": display_cost(),
        },
    )


if __name__ == "__main__":
    main()
