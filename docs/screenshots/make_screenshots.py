"""Regenerate the README screenshots offscreen: python docs/screenshots/make_screenshots.py [--lang zh_CN].

Builds a fresh demo station in a temporary folder, drives the real screens and saves PNGs here.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication, QWidget

OUT = Path(__file__).resolve().parent


def shot(widget: QWidget, name: str, app: QApplication) -> None:
    widget.show()
    for _ in range(5):
        app.processEvents()
    widget.grab().save(str(OUT / name))
    print("wrote", OUT / name)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--lang", default="zh_CN")
    args = ap.parse_args()

    from pos_app.bootstrap import open_station
    from pos_app.cli import main as admin
    from pos_app.domain.barcodes import with_check_digit
    from pos_app.hardware.printer import PdfFilePrinter
    from pos_app.reports.receipt import render_pdf
    from pos_app.ui import look
    from pos_app.ui.main_window import MainWindow
    from pos_app.ui.payment_dialog import PaymentDialog
    from pos_app.ui.receipt_preview import PdfPreview
    from pos_app.ui.shift_dialog import CloseShiftDialog

    tmp = Path(tempfile.mkdtemp(prefix="pos-shots-"))
    db = tmp / "demo.db"
    admin(["--db", str(db), "init", "--station", "DEMO", "--name", "通州社区扶贫超市", "--demo"])
    services = open_station(db)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    look.setup(app, args.lang)

    window = MainWindow(services, PdfFilePrinter(tmp / "receipts"))
    window.resize(1280, 800)
    window.login.user.setText("cashier")
    shot(window, "login.png", app)

    cashier = services.users.authenticate("cashier", "1111")
    services.shifts.open(cashier.id, 20_000)
    window.on_login(cashier)
    screen = window.checkout
    assert screen is not None
    for code in (
        "6935000000016",  # 赤峰小米: certified
        "6971000000052",  # 蒙香鸡: certified
        with_check_digit("280100101250"),  # tomatoes from the scale, 1.250 kg
        with_check_digit("280200201850"),  # a household's tomatoes from the scale: pass-through
        "6*" + with_check_digit("695800000901"),  # six of a household's eggs: pass-through
        "6971000000113",
        "6935000000016",
        "6901000000141",
    ):
        screen.code.setText(code)
        screen.on_enter()
    shot(window, "checkout.png", app)

    plan = screen.checkout.start_payment()
    plan.add("love_card", 5000, reference="AX2031")
    dlg = PaymentDialog(plan, None, window)
    dlg.amount.setText("200")
    shot(dlg, "payment.png", app)
    dlg.pay()
    sale = screen.checkout.pay(dlg.plan)
    screen.after_sale(sale)
    window.background.wait()
    shot(window, "after_sale.png", app)

    preview = PdfPreview("小票", render_pdf(sale, 80), window)
    shot(preview, "receipt.png", app)

    from pos_app.ui.manager_area import ManagerArea

    manager = services.users.authorize("manager", "9999", "manager")
    area = ManagerArea(services, manager, window)
    area.tabs.setCurrentWidget(area.households)
    shot(area, "households.png", app)
    area.tabs.setCurrentWidget(area.certificates)
    shot(area, "certificates.png", app)
    area.close()

    close = CloseShiftDialog(services.shifts, cashier.id, window)
    for denom, count in ((10000, 3), (2000, 1), (100, 9), (10, 3)):
        close.counts[denom].setText(str(count))
    shot(close, "shift_close.png", app)
    services.close()


if __name__ == "__main__":
    main()
