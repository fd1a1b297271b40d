"""Regenerate the README screenshots offscreen: python docs/screenshots/make_screenshots.py [--lang zh_CN].

Builds a fresh demo station in a temporary folder, drives the real screens on a till-sized screen
(1024×768 unless ``--size`` says otherwise) and saves PNGs here. ``--check`` also lays out every
screen and dialog it shows and lists what does not fit: a widget outside its window, a window
outside the screen, a label or button whose text is cut (tests/ui/test_layout.py runs it so at
1024×768 and 1366×768, exit status 1 when anything is found).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path


def _screen_size() -> tuple[int, int]:
    for i, arg in enumerate(sys.argv):
        if arg == "--size" and i + 1 < len(sys.argv):
            w, _, h = sys.argv[i + 1].partition("x")
            return int(w), int(h)
    return 1024, 768


def _offscreen_screen(width: int, height: int) -> None:
    """The offscreen platform with one screen of the till's size (its default is 800×800)."""
    if os.environ.get("QT_QPA_PLATFORM", "offscreen") != "offscreen":
        return
    config = Path(tempfile.mkdtemp(prefix="pos-screen-")) / "screen.json"
    screen = {"name": "till", "x": 0, "y": 0, "width": width, "height": height, "logicalDpi": 96, "dpr": 1}
    config.write_text(json.dumps({"screens": [screen]}), encoding="utf-8")
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"


_offscreen_screen(*_screen_size())

from PySide6.QtCore import QPoint, QRect  # noqa: E402
from PySide6.QtGui import QTextDocument  # noqa: E402
from PySide6.QtWidgets import (  # noqa: E402
    QAbstractButton,
    QAbstractScrollArea,
    QApplication,
    QLabel,
    QTableWidget,
    QWidget,
)

OUT = Path(__file__).resolve().parent
PROBLEMS: list[str] = []
CHECK = {"on": False}


def _plain(label: QLabel) -> str:
    if label.textFormat().name == "PlainText" or "<" not in label.text():
        return label.text()
    doc = QTextDocument()
    doc.setHtml(label.text())
    return doc.toPlainText()


def _scrolls(w: QWidget, top: QWidget) -> bool:
    """Inside a scroll area's viewport (a table's cell, a scrolled form): it may lie out of view."""
    p = w.parentWidget()
    while p is not None and p is not top:
        if isinstance(p.parentWidget(), QAbstractScrollArea) and p is p.parentWidget().viewport():  # type: ignore[union-attr]
            return True
        p = p.parentWidget()
    return False


def _cut_cells(table: QTableWidget, what: str) -> list[str]:
    """Columns narrower than Qt itself says their header or cells need (a name cut to "…"); in a
    table whose cells wrap, a row shorter than its text."""
    out = []
    header = table.horizontalHeader()
    for c in range(table.columnCount()):
        if table.isColumnHidden(c) or (c == table.columnCount() - 1 and header.stretchLastSection()):
            continue
        width = table.columnWidth(c)
        if not header.isHidden() and header.sectionSizeHint(c) > width + 1:
            out.append(f"{what}: column {c} cuts its header ({header.sectionSizeHint(c)} px > {width})")
        line = table.fontMetrics().height() + 12
        if table.wordWrap() and any(table.rowHeight(r) > line for r in range(table.rowCount())):
            continue  # rows sized to their wrapped text (checked by resizeRowsToContents)
        if table.sizeHintForColumn(c) > width + 1:
            out.append(f"{what}: column {c} cuts its text ({table.sizeHintForColumn(c)} px > {width})")
    return out


def layout_problems(top: QWidget, name: str) -> list[str]:
    """What a person would see cut or out of reach on this window."""
    out = []
    room = top.screen().availableGeometry()
    frame = top.frameGeometry()
    if not room.contains(frame):
        out.append(f"{name}: the window {frame.getRect()} is larger than the screen {room.getRect()}")
    inside = top.rect()
    for w in top.findChildren(QWidget):
        if not w.isVisible() or w.window() is not top or _scrolls(w, top):
            continue
        r = QRect(w.mapTo(top, QPoint(0, 0)), w.size())
        what = f"{name}: {type(w).__name__} {w.objectName() or ''}".rstrip()
        text = _plain(w) if isinstance(w, QLabel) else w.text() if isinstance(w, QAbstractButton) else ""
        if text:
            what += f" “{text[:40]}”"
        if r.width() > 0 and r.height() > 0 and not inside.contains(r):
            out.append(f"{what} lies outside its window ({r.getRect()} in {inside.getRect()})")
        fm = w.fontMetrics()
        if isinstance(w, QLabel) and text:
            if w.wordWrap():
                if w.heightForWidth(w.width()) > w.height() + 2:
                    out.append(f"{what} is cut: needs {w.heightForWidth(w.width())} px height, has {w.height()}")
            else:
                need = max(fm.horizontalAdvance(line) for line in text.splitlines() or [""])
                if need > w.contentsRect().width() + 2:
                    out.append(f"{what} is cut: needs {need} px, has {w.contentsRect().width()}")
        elif isinstance(w, QTableWidget):
            out += _cut_cells(w, what)
        elif isinstance(w, QAbstractButton) and text and type(w).__name__ == "QPushButton":
            need = fm.horizontalAdvance(text.replace("&", "")) + 8
            if need > w.width():
                out.append(f"{what} is cut: needs {need} px, has {w.width()}")
    return out


def shot(widget: QWidget, name: str, app: QApplication) -> None:
    if widget.isWindow() and widget.parentWidget() is None and hasattr(widget, "statusBar"):
        widget.showMaximized()  # the main window, as the app opens it
    else:
        widget.show()
    for _ in range(5):
        app.processEvents()
    if CHECK["on"]:
        PROBLEMS.extend(layout_problems(widget, name))
    widget.grab().save(str(OUT / name))
    print("wrote", OUT / name)


def page_png(pdf: bytes, name: str, dpi: int = 60) -> None:
    """The first page of a document, as a person sees it printed."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        doc[0].render(scale=dpi / 72).to_pil().save(OUT / name)
    finally:
        doc.close()
    print("wrote", OUT / name)


def pdf_pages(services, tmp: Path) -> None:  # type: ignore[no-untyped-def]
    """One rendered page of every document the product prints."""
    from pos_app.domain.clock import to_local
    from pos_app.reports import period as docs
    from pos_app.reports.daily import daily_pdf
    from pos_app.reports.household_docs import intake_slip_pdf, settlement_pdf
    from pos_app.reports.labels import label_sheet_pdf

    today = to_local(services.clock.now()).date()
    start = today.replace(day=1)
    manager = services.users.authorize("manager", "999999", "manager")
    yesterday = today.fromordinal(today.toordinal() - 1)
    page_png(daily_pdf(services.reports.daily(yesterday, manager.display_name)), "report-daily.png")
    page_png(
        docs.period_pdf(services.period_reports.period(today.fromordinal(today.toordinal() - 6), today)),
        "report-period.png",
    )
    page_png(docs.household_statement_pdf(services.ledger.statement("SC-001", today.year)), "report-household.png")
    page_png(
        docs.income_progress_pdf(services.ledger.progress(year=today.year), today.year, services.station.station_name),
        "report-income.png",
    )
    page_png(
        docs.demand_pdf(
            services.period_reports.demand(start, today), f"{start} 至 {today}", services.station.station_name
        ),
        "report-demand.png",
    )
    page_png(
        docs.institutional_pdf(
            services.period_reports.institutional(start, today), f"{start} 至 {today}", services.station.station_name
        ),
        "report-institutional.png",
    )
    page_png(label_sheet_pdf(services.labels.shelf_labels(category="扶贫特产"), "a4-3x8"), "labels.png")
    eggs = services.consignment.products_of("SC-004")[0][0]
    page_png(
        intake_slip_pdf(
            services.consignment.intake("SC-004", quantity=5, price_fen=8800, received_by=manager, product_id=eggs)
        ),
        "intake-slip.png",
        80,
    )
    page_png(settlement_pdf(services.settlement.settle("SC-001", method="cash", paid_by=manager)), "settlement.png")
    from pos_app.reports.purchasing_docs import goods_receipt_pdf

    page_png(goods_receipt_pdf(services.purchasing.document("DEMO-01-RK-000001")), "goods-receipt.png", 80)


def district_shots(services, manager, window, tmp: Path, app: QApplication) -> None:  # type: ignore[no-untyped-def]
    """Sync the demo station with an in-process district server; its report, and the sync tab."""
    from datetime import UTC, datetime

    from fastapi.testclient import TestClient
    from sqlalchemy import select, update

    from pos_app.importing.households import parse_households
    from pos_app.paths import SEED
    from pos_app.reports.district import district_pdf
    from pos_app.server import auth, district, reference
    from pos_app.server.app import create_app
    from pos_app.server.runtime import open_server
    from pos_app.store.models import Outbox
    from pos_app.sync.client import SyncClient, enroll
    from pos_app.ui.manager.area import ManagerArea

    engine, cipher = open_server(f"sqlite+pysqlite:///{tmp / 'district.db'}")
    now = datetime.now(UTC)
    with engine.begin() as conn:
        auth.add_station(conn, "DEMO", "通州社区扶贫超市", now)
        auth.add_station(conn, "SC01", "双城区扶贫超市", now)
        code = auth.enrollment_code(conn, "DEMO", 1, now)
        registry = parse_households(SEED / "demo_households.csv", reference.categories(conn))
        reference.import_households(conn, [h for _, h in registry.good], cipher, now)
    with TestClient(create_app(engine, cipher)) as api:
        transport = api._transport
        enroll(services.sync, "https://pos.tongzhou.example", code, transport=transport)
        SyncClient(services.sync, transport=transport).sync_once()
    with engine.connect() as conn:
        page_png(district_pdf(district.figures(conn, None, None, now)), "report-district.png")
    with services.db.transaction() as conn:  # one fact the district refused, as a manager would see it
        seq = conn.execute(select(Outbox.seq).where(Outbox.entity_type == "sale").limit(1)).scalar_one()
        conn.execute(
            update(Outbox)
            .where(Outbox.seq == seq)
            .values(status="rejected", last_error="not_home_station: 农户 SC-001 归属站点 SC01，请核对是否重复结算")
        )
    area = ManagerArea(services, manager, window, sync_now=window.sync_now)
    area.tabs.setCurrentWidget(area.sync)
    shot(area, "sync.png", app)
    area.close()
    window.update_sync()
    shot(window, "status-bar.png", app)


def main() -> None:
    global OUT
    ap = argparse.ArgumentParser()
    ap.add_argument("--lang", default="zh_CN")
    ap.add_argument("--size", default="1024x768", help="the screen, WIDTHxHEIGHT")
    ap.add_argument("--check", action="store_true", help="list what does not fit; exit 1 if anything")
    ap.add_argument("--out", type=Path, default=OUT, help="where the PNGs go")
    args = ap.parse_args()
    OUT = args.out
    OUT.mkdir(parents=True, exist_ok=True)
    CHECK["on"] = args.check

    from pos_app.bootstrap import open_station
    from pos_app.cli import main as admin
    from pos_app.domain.barcodes import with_check_digit
    from pos_app.domain.delivery import DeliveryState
    from pos_app.hardware.printer import PdfFilePrinter
    from pos_app.reports.delivery_docs import delivery_slip_pdf
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

    from pos_app.ui.customer_display import CustomerWindow, sale_view

    customer = CustomerWindow(services.station.station_name)
    customer.resize(window.size())
    customer.show_view(sale_view(sale))
    shot(customer, "customer-display.png", app)
    customer.close()

    preview = PdfPreview("小票", render_pdf(sale, 80), window)
    shot(preview, "receipt.png", app)

    from pos_app.ui.dialogs import ManagerPinDialog
    from pos_app.ui.refund_dialog import RefundDialog
    from pos_app.ui.search_dialog import SearchDialog

    shot(SearchDialog(services.catalog, "jd", window), "search.png", app)  # 鸡蛋 by pinyin initials
    from pos_app.hardware.scale import ScaleReading
    from pos_app.ui.dialogs import WeightDialog

    class _Scale:  # a counter scale holding 1.250 kg of cucumbers on a 50 g tray
        def latest(self) -> ScaleReading:
            return ScaleReading(1250, 50)

    weigh = WeightDialog("重量", "黄瓜：重量（kg）", "kg", _Scale(), window)
    shot(weigh, "weight-scale.png", app)
    weigh.close()
    refund = RefundDialog(services.refunds, services.users, cashier, window)
    refund.receipt.setText(sale.receipt_no[-2:].lstrip("0"))  # the short number on the receipt
    refund.load()
    shot(refund, "refund.png", app)
    refund.close()
    shot(ManagerPinDialog(services.users, "退货 ¥29.90", window), "manager-pin.png", app)

    from pos_app.ui.manager.area import ManagerArea

    manager = services.users.authorize("manager", "999999", "manager")
    area = ManagerArea(services, manager, window)
    area.tabs.setCurrentWidget(area.households)
    shot(area, "households.png", app)
    area.tabs.setCurrentWidget(area.certificates)
    shot(area, "certificates.png", app)
    area.tabs.setCurrentWidget(area.products)
    area.products.search.setText("xm")  # 小米 and the rest, by pinyin initials
    area.products.refresh()
    shot(area, "products.png", app)
    from pos_app.ui.manager.products import ProductDialog

    millet_id = services.catalog.by_code("6935000000016").id
    shot(ProductDialog(services, manager, millet_id, area), "product-edit.png", app)
    area.tabs.setCurrentWidget(area.suppliers)
    shot(area, "suppliers.png", app)
    area.tabs.setCurrentWidget(area.receiving)
    rec = area.receiving
    for code, quantity, cost in (("6901000000028", "24", "11.80"), ("1001", "25.5", "1.80")):
        rec.code.setText(code)
        rec.find_product()
        rec.quantity.setText(quantity)
        rec.cost.setText(cost)
        rec.add_line()
    rec.note.setText("MX-20261203")
    rec.code.setText("6935000000016")
    rec.find_product()
    shot(area, "receiving.png", app)
    area.tabs.setCurrentWidget(area.buyers)
    shot(area, "buyers.png", app)
    area.tabs.setCurrentWidget(area.reports)
    shot(area, "reports.png", app)
    area.tabs.setCurrentWidget(area.audit)
    shot(area, "audit.png", app)
    area.tabs.setCurrentWidget(area.settings)
    area.settings.label_test.setText(with_check_digit("280100101250"))
    area.settings.read_label()
    shot(area, "settings.png", app)
    services.settings.set("scale", {"protocol": "stgs", "port": "/dev/ttyUSB0", "baud": 9600})
    services.settings.set("customer_display", {"window": True, "pole_port": "/dev/ttyUSB1", "pole_baud": 2400})
    services.settings.set("label_scales", [{"name": "1号秤", "host": "192.168.1.60", "port": 4001}])
    area.settings.refresh()
    area.settings.label_scale_host.setText("192.168.1.61")
    area.settings.label_scale_name.setText("2号秤")
    area.settings.ensure_visible(area.settings.send_scales_button)
    shot(area, "settings-hardware.png", app)
    from pos_app.ui.manager.households import IntakeDialog

    shot(IntakeDialog(services, "SC-004", manager, area), "intake.png", app)
    area.tabs.setCurrentWidget(area.stock)
    area.stock.search.setText("xm")
    area.stock.table.selectRow(0)
    shot(area, "stock.png", app)
    from pos_app.ui.manager.stock import NearExpiryDialog

    expiring = NearExpiryDialog(services, area)
    expiring.days.setValue(365)
    shot(expiring, "near-expiry.png", app)
    area.tabs.setCurrentWidget(area.stocktake)
    take = area.stocktake
    take.category.setCurrentIndex(take.category.findData("扶贫特产"))
    take.start()
    for text in ("67*6935000000016", "66*6901000000028", "2*6901000000028", "47.2*1046"):
        take.code.setText(text)
        take.scan()
    take.table.selectRow(1)
    take.reason.setCurrentIndex(take.reason.findData("damage"))
    take.set_reason()
    shot(area, "stocktake.png", app)
    area.close()
    from pos_app.reports.purchasing_docs import stocktake_pdf

    done = services.stocktake.book(by=manager, approver=manager)
    page_png(stocktake_pdf(done, services.station.station_name), "stocktake-report.png", 80)

    pdf_pages(services, tmp)

    from pos_app.ui.delivery_screen import DeliveryScreen

    volunteer = services.users.authenticate("volunteer", "2222")
    services.residents.add_resident(
        "R-001",
        "王大爷",
        ["13800001234"],
        compound="幸福里小区",
        building="3",
        unit="2",
        room="401",
        notes="四楼无电梯，耳背请大声",
    )
    services.residents.add_resident("R-002", "李奶奶", ["13900005678"], compound="东升小区", room="102")
    day = services.today()
    millet, tomato = services.catalog.by_code("6935000000016"), services.catalog.by_plu(1001)
    services.deliveries.create_order("R-002", [(millet.id, 1)], day=day, slot="下午", by=volunteer)
    first = services.deliveries.create_order(
        "R-001", [(millet.id, 2), (tomato.id, 1500)], day=day, slot="上午", by=volunteer
    )
    services.deliveries.move(first.order_no, DeliveryState.CONFIRMED, by=volunteer)
    delivery = DeliveryScreen(services, volunteer)
    delivery.resize(window.size())
    delivery.resident_find.setText("1234")
    delivery.find_resident()
    delivery.repeat_last()
    shot(delivery, "delivery.png", app)
    from pos_app.services.deliveries.residents import ResidentForm
    from pos_app.ui.delivery_screen import OrderDialog
    from pos_app.ui.resident_dialog import ResidentDialog

    resident_form = services.residents.form("R-001", volunteer)
    shot(ResidentDialog(services.residents, volunteer, resident_form, day, delivery), "resident.png", app)
    shot(ResidentDialog(services.residents, volunteer, ResidentForm(), day, delivery), "resident-new.png", app)
    order = services.deliveries.get(first.order_no, volunteer)
    shot(OrderDialog(services, order, volunteer, delivery), "order.png", app)
    delivery.large_type.setChecked(True)  # 适老化
    shot(delivery, "delivery-large.png", app)
    shot(ResidentDialog(services.residents, volunteer, resident_form, day, delivery), "resident-large.png", app)
    delivery.large_type.setChecked(False)
    page_png(
        delivery_slip_pdf(services.deliveries.get(first.order_no), services.station.station_name),
        "delivery-slip.png",
        80,
    )

    district_shots(services, manager, window, tmp, app)

    close = CloseShiftDialog(services.shifts, cashier.id, window)
    for denom, count in ((10000, 3), (2000, 1), (100, 9), (10, 3)):
        close.counts[denom].setText(str(count))
    shot(close, "shift_close.png", app)
    services.close()
    if CHECK["on"]:
        print(f"{len(PROBLEMS)} layout problems at {args.size}")
        for p in PROBLEMS:
            print("  " + p)
        sys.exit(1 if PROBLEMS else 0)


if __name__ == "__main__":
    main()
