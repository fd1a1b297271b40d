"""pos-app: the desktop application. Composition root: config → services → main window."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from pos_app.config import demo_db, resolve_db, setup_logging
from pos_app.domain.errors import PosError

log = logging.getLogger("pos.ui")


def ensure_demo_station(path: Path) -> None:
    """Create the demo station the first time ``pos-app --demo`` runs."""
    from pos_app.cli import main as admin

    if not path.exists():
        admin(["--db", str(path), "init", "--station", "DEMO", "--name", "通州社区扶贫超市(演示)", "--demo"])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="pos-app", description="扶贫 POS")
    parser.add_argument("--demo", action="store_true", help="run the demo station (created if missing)")
    parser.add_argument("--db", help="station database file")
    args = parser.parse_args(argv)
    path = demo_db() if args.demo else resolve_db(args.db)
    setup_logging(path.parent / "logs")
    if args.demo:
        ensure_demo_station(path)

    from PySide6.QtWidgets import QApplication, QMessageBox

    from pos_app.bootstrap import open_station
    from pos_app.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    try:
        services = open_station(path)
    except PosError as exc:
        QMessageBox.critical(None, "扶贫 POS", exc.message_zh)
        return 2
    window = MainWindow(services)
    window.show()
    code = app.exec()
    services.close()
    return int(code)


if __name__ == "__main__":
    sys.exit(main())
