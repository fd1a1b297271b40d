"""pos-app: the desktop application. Composition root: config → services → main window."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from pos_app import memory
from pos_app.config import demo_db, resolve_db, setup_logging
from pos_app.domain.errors import PosError

if TYPE_CHECKING:
    from pos_app.bootstrap import Services
    from pos_app.hardware.printer import ReceiptPrinter
    from pos_app.sync.worker import SyncWorker
    from pos_app.ui.customer_display import CustomerDisplay, CustomerWindow

log = logging.getLogger("pos.ui")


def ensure_demo_station(path: Path) -> None:
    """Create the demo station the first time ``pos-app --demo`` runs."""
    from pos_app.cli import main as admin

    if not path.exists():
        admin(["--db", str(path), "init", "--station", "DEMO", "--name", "通州社区扶贫超市(演示)", "--demo"])


def make_printer(services: Services, data_dir: Path) -> ReceiptPrinter:
    """The receipt printer from the station setting ``printer``; PDFs in the data dir when none."""
    from pos_app.hardware.printer import EscposPrinter, PdfFilePrinter, PrinterConfig

    cfg = PrinterConfig.from_setting(services.settings.get("printer"))
    if cfg.kind == "none":
        return PdfFilePrinter(data_dir / "receipts", cfg.width_mm)
    try:
        return EscposPrinter.from_config(cfg)
    except PosError as exc:
        log.error("%s; receipts go to PDF files until the printer is fixed", exc.message)
        return PdfFilePrinter(data_dir / "receipts", cfg.width_mm)


def customer_displays(services: Services) -> tuple[list[CustomerDisplay], CustomerWindow | None]:
    """The customer's displays the station has: a window for a second monitor, a serial pole display."""
    from pos_app.hardware.pole_display import PoleDisplay
    from pos_app.ui.customer_display import CustomerWindow, PoleFeed

    setting = services.settings.get("customer_display") or {}
    displays: list[CustomerDisplay] = []
    window = None
    if setting.get("window"):
        window = CustomerWindow(services.station.station_name)
        displays.append(window)
    if setting.get("pole_port"):
        displays.append(PoleFeed(PoleDisplay(setting["pole_port"], int(setting.get("pole_baud", 2400)))))
    return displays, window


def start_sync(services: Services) -> SyncWorker | None:
    """The background sync loop, when this terminal is enrolled with a district server."""
    if services.sync.enrollment() is None:
        return None
    from pos_app.sync.client import SyncClient  # httpx and the protocol: only for an enrolled till
    from pos_app.sync.worker import SyncWorker

    worker = SyncWorker(SyncClient(services.sync))
    worker.start()
    return worker


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="pos-app", description="扶贫 POS")
    parser.add_argument("--demo", action="store_true", help="run the demo station (created if missing)")
    parser.add_argument("--db", help="station database file")
    parser.add_argument(
        "--lang",
        choices=("zh_CN", "en"),
        help="interface language (default: the station setting, Chinese unless it says en)",
    )
    parser.add_argument(
        "--fullscreen", action="store_true", help="the till mode: full screen, no window frame (default: maximised)"
    )
    args = parser.parse_args(argv)
    memory.tune()  # before the catalog's search index is built
    path = demo_db() if args.demo else resolve_db(args.db)
    setup_logging(path.parent / "logs")
    if args.demo:
        ensure_demo_station(path)

    from PySide6.QtWidgets import QApplication, QMessageBox

    from pos_app.bootstrap import open_station
    from pos_app.hardware.scale import open_scale
    from pos_app.ui import look
    from pos_app.ui.background import MainThreadGC
    from pos_app.ui.main_window import MainWindow

    running = QApplication.instance()
    app = running if isinstance(running, QApplication) else QApplication(sys.argv[:1])
    try:
        services = open_station(path)
    except PosError as exc:
        QMessageBox.critical(None, "扶贫 POS", exc.message_zh)
        return 2
    language = look.choose_language(args.lang or services.settings.get("language"))
    look.setup(app, language)
    problem = services.backup.check()
    if problem != "ok":
        latest = services.backup.files()
        QMessageBox.critical(
            None,
            "扶贫 POS",
            QApplication.translate("Startup", "The station database is damaged ({0}).").format(problem)
            + "\n\n"
            + QApplication.translate(
                "Startup", "Close the app and restore the latest backup:\npos-admin restore {0}"
            ).format(latest[-1].path if latest else "FILE"),
        )
        services.close()
        return 2
    try:
        services.health.writable()  # a read-only or held file is told now, not at the first sale
    except PosError as exc:
        QMessageBox.critical(None, "扶贫 POS", look.error_text(exc))
        services.close()
        return 2
    for warning in (services.health.clock_problem(), look.missing_resources(language)):
        if warning is not None:
            QMessageBox.warning(None, "扶贫 POS", look.error_text(warning))
    collector = MainThreadGC(app)
    scale = open_scale(services.settings.get("scale"))  # the counter scale, read in a thread of its own
    displays, customer_window = customer_displays(services)
    window = MainWindow(
        services,
        make_printer(services, path.parent),
        sync=start_sync(services),
        daily_jobs=True,
        scale=scale,
        customer_displays=displays,
    )
    if args.fullscreen:
        window.showFullScreen()
    else:
        window.setGeometry(window.screen().availableGeometry())  # the whole screen, with or without a
        window.showMaximized()  # window manager to maximise it: 1024×768 to 1920×1080
    if customer_window is not None and not customer_window.place(window):
        log.warning("customer display window: no second screen, not shown")
    try:
        code = app.exec()
    finally:
        collector.stop()
    if window.sync is not None:
        window.sync.stop()
    if scale is not None:
        scale.close()
    services.close()
    return int(code)


if __name__ == "__main__":
    sys.exit(main())
