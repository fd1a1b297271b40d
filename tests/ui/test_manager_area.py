"""A manager takes in a household's eggs, a cashier sells them, the manager settles: through the screens."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton, QWidget

from pos_app.importing.households import HouseholdInput
from pos_app.ui.main_window import MainWindow
from pos_app.ui.manager.area import ManagerArea
from pos_app.ui.manager.households import IntakeDialog
from pos_app.ui.payment_dialog import PaymentDialog
from pos_app.ui.receipt_preview import PdfPreview
from tests.integration.test_receipts import pdf_text
from tests.ui.conftest import press, scan, when_modal

pytestmark = pytest.mark.gui


def _manager_pin_then(qtbot, then):  # type: ignore[no-untyped-def]
    """Answer the manager-PIN prompt, then hand the next dialog (the manager area) to ``then``."""

    def act(p: QWidget) -> None:
        when_modal(then)
        qtbot.keyClicks(p.user, "manager")  # type: ignore[attr-defined]
        qtbot.keyClicks(p.pin, "999999")  # type: ignore[attr-defined]
        qtbot.keyClick(p.pin, "\r")  # type: ignore[attr-defined]

    return act


def test_intake_sale_settlement_through_the_screens(qtbot, signed_in: MainWindow, db_path: Path) -> None:
    services = signed_in.services
    services.households.upsert([HouseholdInput("SC-001", "张桂兰", "双城区幸福村")])
    screen = signed_in.checkout
    assert screen is not None
    docs: dict[str, str] = {}

    def in_area(area: QWidget) -> None:
        assert isinstance(area, ManagerArea)
        tab = area.households
        area.tabs.setCurrentWidget(tab)
        tab.table.selectRow(0)

        def intake(dlg: QWidget) -> None:
            assert isinstance(dlg, IntakeDialog)
            dlg.product.setCurrentIndex(dlg.product.count() - 1)  # new product
            dlg.name.insert("农家土鸡蛋(张桂兰)")
            dlg.unit.setCurrentText("枚")
            qtbot.keyClicks(dlg.barcode, "6953000000010")
            qtbot.keyClicks(dlg.quantity, "30")
            qtbot.keyClicks(dlg.price, "1.5")

            def slip(p: QWidget) -> None:
                assert isinstance(p, PdfPreview)
                docs["slip"] = pdf_text(p.pdf)
                p.accept()

            when_modal(slip)
            dlg.submit()

        when_modal(intake)
        tab.intake()
        area.accept()

    when_modal(_manager_pin_then(qtbot, in_area))
    press(qtbot, screen.code, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)  # a manager's PIN, then the area
    assert "农家土鸡蛋(张桂兰)" in docs["slip"] and "30 枚" in docs["slip"] and "¥45.00" in docs["slip"]

    # The cashier sells 12 of them, with the store's own ¥1 discount on nothing else
    scan(qtbot, screen.code, "12*6953000000010")
    assert screen.model.index(0, 5).data() == "Household"  # the 农户代销 badge column (English UI in tests)

    def pay(dlg: QWidget) -> None:
        assert isinstance(dlg, PaymentDialog)
        qtbot.keyClick(dlg.amount, "\r")

    when_modal(pay)
    press(qtbot, screen.code, Qt.Key.Key_F12)
    assert services.ledger.balance("SC-001") == 1800

    def settle_area(area: QWidget) -> None:
        assert isinstance(area, ManagerArea)
        tab = area.households
        area.tabs.setCurrentWidget(tab)
        tab.table.selectRow(0)
        assert "¥18.00" in tab.table.item(0, 4).text()
        tab.table.setFocus()
        for _ in range(3):  # from the list, Tab by Tab: Ledger, Intake…, Settle…
            qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        settle = QApplication.focusWidget()
        assert isinstance(settle, QPushButton) and settle.text() == "Settle…"

        def confirm(box: QWidget) -> None:
            assert isinstance(box, QMessageBox)

            def statement(p: QWidget) -> None:
                docs["statement"] = pdf_text(p.pdf)  # type: ignore[attr-defined]
                p.accept()  # type: ignore[attr-defined]

            when_modal(statement)
            box.button(QMessageBox.StandardButton.Yes).click()

        when_modal(confirm)
        qtbot.keyClick(settle, Qt.Key.Key_Space)
        area.accept()

    when_modal(_manager_pin_then(qtbot, settle_area))
    press(qtbot, screen.code, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    assert services.ledger.balance("SC-001") == 0
    st = docs["statement"]
    assert "农户货款结算单" in st and "TZ01-01-000001" in st and "12枚" in st and "¥18.00" in st
    kinds = [(li.kind, li.amount_fen) for li in services.ledger.ledger("SC-001")]
    assert kinds == [("credit", 1800), ("payout", -1800)]


def test_certificates_tab_lists_and_filters(qtbot, stocked, tmp_path: Path) -> None:
    from tests.integration.test_certification import GOOD, _csv

    stocked.certification.import_file(_csv(tmp_path, GOOD))
    manager = stocked.users.authorize("manager", "999999", "manager")
    area = ManagerArea(stocked, manager)
    qtbot.addWidget(area)
    tab = area.certificates
    assert tab.table.rowCount() == 3
    tab.expiring.setChecked(True)
    assert tab.table.rowCount() == 1 and tab.table.item(0, 0).text() == "FP-2026-0013"
    assert tab.table.item(0, 8).text() == "Expires soon"
    tab.expiring.setChecked(False)
    tab.unmatched.setChecked(True)
    assert [tab.table.item(r, 0).text() for r in range(tab.table.rowCount())] == ["FP-2026-0099"]


def test_a_canteen_pays_on_account_at_the_till(qtbot, signed_in: MainWindow, db_path: Path) -> None:
    import sqlite3

    from pos_app.ui.dialogs import BuyerDialog

    services = signed_in.services
    services.buyers.add("区政府机关食堂", "canteen")
    screen = signed_in.checkout
    assert screen is not None
    scan(qtbot, screen.code, "10*6920000000012")
    refused = []

    def on_account_without_buyer(dlg: QWidget) -> None:
        qtbot.keyClick(dlg, Qt.Key.Key_F6)  # 单位挂账
        qtbot.keyClick(dlg.amount, "\r")  # type: ignore[attr-defined]

    when_modal(on_account_without_buyer)
    press(qtbot, screen.code, Qt.Key.Key_F12)
    refused.append(screen.banner.text())
    assert "institutional buyer" in refused[0]

    def pick(dlg: QWidget) -> None:
        assert isinstance(dlg, BuyerDialog)
        qtbot.keyClick(dlg.list, "\r")  # the first buyer

    when_modal(pick)
    press(qtbot, screen.code, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    assert screen.buyer_label.text().endswith("区政府机关食堂")
    when_modal(on_account_without_buyer)
    press(qtbot, screen.code, Qt.Key.Key_F12)
    with sqlite3.connect(db_path) as con:
        rows = con.execute(
            "select b.name, p.tender_code, p.amount_fen from sale s join buyer b on b.id = s.buyer_id "
            "join payment p on p.sale_id = s.id"
        ).fetchall()
    assert rows == [("区政府机关食堂", "account", 8900)]
    assert not screen.buyer_label.isVisible()  # the next customer starts without a buyer


def test_reports_tab_renders_off_the_ui_thread(qtbot, stocked) -> None:
    from PySide6.QtCore import QDate

    manager = stocked.users.authorize("manager", "999999", "manager")
    area = ManagerArea(stocked, manager)
    qtbot.addWidget(area)
    tab = area.reports
    tab.day.setDate(QDate(2026, 11, 20))
    seen: dict[str, str] = {}

    def preview(p: QWidget) -> None:
        seen["text"] = pdf_text(p.pdf)  # type: ignore[attr-defined]
        p.accept()  # type: ignore[attr-defined]

    when_modal(preview)
    tab.daily()  # the "Daily report" button
    qtbot.waitUntil(lambda: "text" in seen, timeout=10_000)
    assert "营业日报" in seen["text"] and "2026-11-20" in seen["text"]
    seen.clear()
    when_modal(preview)
    tab.labels()
    qtbot.waitUntil(lambda: "text" in seen, timeout=10_000)
    assert "赤峰小米 500g" in seen["text"]
    area.background.wait()


def test_a_supplier_is_added_and_corrected_by_keyboard(qtbot, stocked) -> None:  # type: ignore[no-untyped-def]
    manager = stocked.users.authorize("manager", "999999", "manager")
    area = ManagerArea(stocked, manager)
    qtbot.addWidget(area)
    area.show()
    tab = area.suppliers
    area.tabs.setCurrentWidget(tab)
    tab.clear_form()
    for field, text in (
        (tab.code, "V01"),
        (tab.name, "Xingfu village collective"),  # Chinese arrives through the input method
        (tab.credit, "N2150422MF0000001E"),  # one character off
        (tab.contact, "Liu"),
        (tab.phone, "13800000000"),
    ):
        qtbot.keyClicks(field, text)
    qtbot.keyClick(tab.phone, Qt.Key.Key_Return)
    assert tab.error.isVisible() and "check character" in tab.error.text()
    assert stocked.suppliers.all() == [] and tab.table.rowCount() == 0  # refused, nothing saved
    tab.credit.clear()
    qtbot.keyClicks(tab.credit, "n2150422mf0000001f")  # a rural collective's N… code, typed in lower case
    qtbot.keyClick(tab.phone, Qt.Key.Key_Return)
    assert not tab.error.isVisible() and tab.table.rowCount() == 1
    assert tab.table.item(0, 2).text() == "N2150422MF0000001F"
    tab.table.selectRow(0)
    assert tab.code.text() == "V01" and tab.contact.text() == "Liu"  # the row fills the form
    tab.name.setText("幸福村股份经济合作社")
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert stocked.suppliers.get("V01").name == "幸福村股份经济合作社"
    tab.search.insert("幸福")  # as the input method delivers it
    assert tab.table.rowCount() == 1
    qtbot.keyClicks(tab.search, "x")
    assert tab.table.rowCount() == 0


def test_a_delivery_is_received_by_keyboard(qtbot, stocked) -> None:  # type: ignore[no-untyped-def]
    from pos_app.importing.suppliers import SupplierInput

    manager = stocked.users.authorize("manager", "999999", "manager")
    stocked.suppliers.save(SupplierInput("S01", "兴农合作社", "93150400MA0N123454"), by=manager)
    area = ManagerArea(stocked, manager)
    qtbot.addWidget(area)
    area.show()
    area.activateWindow()
    qtbot.waitUntil(area.isActiveWindow)
    tab = area.receiving
    area.tabs.setCurrentWidget(tab)
    assert tab.code.hasFocus()  # the tab opens ready to scan
    assert tab.supplier.currentData() == "S01"
    qtbot.keyClicks(tab.note, "SH-0091")
    tab.code.setFocus()

    def line(code: str, quantity: str, cost: str) -> None:  # a scanner's digits and Enter, then the keys
        qtbot.keyClicks(tab.code, code)
        qtbot.keyClick(tab.code, Qt.Key.Key_Return)
        assert tab.quantity.hasFocus(), tab.error.text()
        qtbot.keyClicks(tab.quantity, quantity)
        qtbot.keyClick(tab.quantity, Qt.Key.Key_Return)
        assert tab.cost.hasFocus()
        tab.cost.selectAll()
        qtbot.keyClicks(tab.cost, cost)
        qtbot.keyClick(tab.cost, Qt.Key.Key_Return)
        assert tab.code.hasFocus()

    qtbot.keyClicks(tab.code, "6920000000099")  # no such product: said, nothing added
    qtbot.keyClick(tab.code, Qt.Key.Key_Return)
    assert tab.error.isVisible() and tab.table.rowCount() == 0
    tab.code.clear()
    line("6920000000012", "40", "6.20")
    qtbot.keyClicks(tab.code, "1001")  # the tomato by PLU, priced by the 斤: asked in 斤, as the till asks
    qtbot.keyClick(tab.code, Qt.Key.Key_Return)
    assert tab.quantity.placeholderText() == "斤" and "斤" in tab.product_label.text()
    tab.code.selectAll()
    line("1001", "25", "0.90")
    assert tab.table.rowCount() == 2 and tab.table.item(1, 1).text() == "25 斤"
    assert tab.table.item(1, 2).text() == "¥0.90/斤" and tab.table.item(1, 3).text() == "¥22.50"
    assert "¥270.50" in tab.total.text()
    docs: list[str] = []

    def preview(p: QWidget) -> None:
        assert isinstance(p, PdfPreview)
        docs.append(pdf_text(p.pdf))
        p.accept()

    when_modal(preview)
    qtbot.keyClick(tab.code, Qt.Key.Key_F12)
    assert docs and "TZ01-01-RK-000001" in docs[0] and "SH-0091" in docs[0]
    millet = stocked.catalog.by_code("6920000000012")
    assert millet is not None and stocked.catalog.get(millet.id).stock == 40
    assert tab.table.rowCount() == 0
    qtbot.keyClicks(tab.code, "6920000000012")  # the next delivery offers the last cost
    qtbot.keyClick(tab.code, Qt.Key.Key_Return)
    assert tab.cost.text() == "6.20"
    tomato = stocked.catalog.by_plu(1001)
    assert tomato is not None and stocked.catalog.get(tomato.id).stock == 12_500  # 25 斤 in grams
    assert stocked.purchasing.cost(tomato.id)[1] == 180  # kept per kg
    tab.code.clear()
    qtbot.keyClicks(tab.code, "1001")
    qtbot.keyClick(tab.code, Qt.Key.Key_Return)
    assert tab.cost.text() == "0.90"  # offered per 斤 again


def test_stock_is_found_thresholded_and_written_off_by_keyboard(qtbot, stocked) -> None:  # type: ignore[no-untyped-def]
    manager = stocked.users.authorize("manager", "999999", "manager")
    millet = stocked.catalog.by_code("6920000000012")
    assert millet is not None
    stocked.stock.opening({millet.id: 12})
    area = ManagerArea(stocked, manager)
    qtbot.addWidget(area)
    area.show()
    area.activateWindow()
    qtbot.waitUntil(area.isActiveWindow)
    tab = area.stock
    area.tabs.setCurrentWidget(tab)
    assert tab.search.hasFocus()  # the tab opens with the cursor in its search
    qtbot.keyClicks(tab.search, "6920000000012")
    assert tab.table.rowCount() == 1 and tab.table.item(0, 2).text() == "12 袋"
    tab.table.selectRow(0)
    assert tab.card.rowCount() == 1 and tab.card.item(0, 4).text() == "12 袋"  # the opening stock
    qtbot.keyClicks(tab.minimum, "20")
    qtbot.keyClick(tab.minimum, Qt.Key.Key_Return)
    assert tab.table.item(0, 3).text() == "20 袋"
    tab.below.setChecked(True)
    assert tab.table.rowCount() == 1
    tab.table.selectRow(0)
    tab.reason.setCurrentIndex(tab.reason.findData("broken"))

    def pin(p: QWidget) -> None:
        qtbot.keyClicks(p.user, "manager")  # type: ignore[attr-defined]
        qtbot.keyClicks(p.pin, "999999")  # type: ignore[attr-defined]
        qtbot.keyClick(p.pin, "\r")  # type: ignore[attr-defined]

    when_modal(pin)
    qtbot.keyClicks(tab.quantity, "2")
    qtbot.keyClick(tab.quantity, Qt.Key.Key_Return)
    assert "TZ01-01-BS-000001" in tab.notice.text(), tab.error.text()
    assert stocked.catalog.get(millet.id).stock == 10
    tab.table.selectRow(0)
    assert tab.card.rowCount() == 2 and tab.card.item(1, 2).text() == "TZ01-01-BS-000001"

    tomato = stocked.catalog.by_plu(1001)  # weighed, priced by the 斤: threshold and write-off in 斤
    assert tomato is not None
    stocked.stock.opening({tomato.id: 5_000})
    tab.below.setChecked(False)
    tab.search.clear()
    tab.search.insert("内蒙古西红柿")
    assert tab.table.rowCount() == 1
    tab.table.selectRow(0)
    assert tab.table.item(0, 2).text() == "10 斤"
    assert "斤" in tab.minimum.placeholderText() and "斤" in tab.quantity.placeholderText()
    qtbot.keyClicks(tab.minimum, "12")
    qtbot.keyClick(tab.minimum, Qt.Key.Key_Return)
    assert tab.table.item(0, 3).text() == "12 斤", tab.error.text()
    tab.table.selectRow(0)
    tab.reason.setCurrentIndex(tab.reason.findData("spoiled"))
    when_modal(pin)
    qtbot.keyClicks(tab.quantity, "1.5")
    qtbot.keyClick(tab.quantity, Qt.Key.Key_Return)
    assert "TZ01-01-BS-000002" in tab.notice.text(), tab.error.text()
    assert stocked.catalog.get(tomato.id).stock == 4_250
    assert tab.table.item(0, 2).text() == "8.5 斤"


def test_a_stocktake_is_counted_by_scanning_and_booked_under_a_managers_pin(qtbot, stocked) -> None:  # type: ignore[no-untyped-def]
    manager = stocked.users.authorize("manager", "999999", "manager")
    millet = stocked.catalog.by_code("6920000000012")
    tomato = stocked.catalog.by_plu(1001)
    assert millet is not None and tomato is not None
    stocked.stock.opening({millet.id: 12, tomato.id: 5_000})
    area = ManagerArea(stocked, manager)
    qtbot.addWidget(area)
    area.show()
    area.activateWindow()
    qtbot.waitUntil(area.isActiveWindow)
    tab = area.stocktake
    area.tabs.setCurrentWidget(tab)
    assert not tab.code.isEnabled() and tab.start_button.isEnabled()
    assert tab.category.hasFocus()  # no count open: the tab opens on its scope, then Start
    qtbot.keyClick(tab.category, Qt.Key.Key_Tab)
    assert tab.start_button.hasFocus()
    qtbot.keyClick(tab.start_button, Qt.Key.Key_Space)
    assert tab.code.hasFocus()
    for _ in range(3):  # three bags, one scan each
        scan(qtbot, tab.code, "6920000000012")
    scan(qtbot, tab.code, "7*6920000000012")  # seven more from the store room
    assert tab.table.item(0, 2).text() == "12 袋" and tab.table.item(0, 3).text() == "10 袋"
    assert tab.table.item(0, 4).text() == "-2 袋"
    scan(qtbot, tab.code, "1001")  # weighed, priced by the 斤: the cursor goes to the weight, in 斤
    assert tab.quantity.hasFocus() and "斤" in tab.error.text()
    qtbot.keyClicks(tab.quantity, "4.8")
    qtbot.keyClick(tab.quantity, Qt.Key.Key_Return)
    assert tab.table.item(0, 3).text() == "4.8 斤" and tab.code.hasFocus()
    scan(qtbot, tab.code, "123")  # a bad code: a message, nothing counted
    assert tab.error.isVisible() and tab.table.rowCount() == 2
    tab.table.selectRow(1)
    tab.reason.setCurrentIndex(tab.reason.findData("theft"))
    tab.set_reason()
    assert tab.table.item(1, 6).text() == "丢失被盗"
    seen: dict[str, str] = {}

    def pin(p: QWidget) -> None:
        def report(d: QWidget) -> None:
            assert isinstance(d, PdfPreview)
            seen["text"] = pdf_text(d.pdf)
            d.accept()

        when_modal(report)
        qtbot.keyClicks(p.user, "manager")  # type: ignore[attr-defined]
        qtbot.keyClicks(p.pin, "999999")  # type: ignore[attr-defined]
        qtbot.keyClick(p.pin, "\r")  # type: ignore[attr-defined]

    when_modal(pin)
    qtbot.keyClick(tab.code, Qt.Key.Key_F12)
    qtbot.waitUntil(lambda: "text" in seen)
    assert "盘点差异表" in seen["text"] and "TZ01-01-PD-000001" in seen["text"] and "丢失被盗" in seen["text"]
    assert stocked.catalog.get(millet.id).stock == 10 and stocked.catalog.get(tomato.id).stock == 2_400
    assert not tab.code.isEnabled() and tab.start_button.isEnabled()


def test_near_expiry_batches_are_listed_from_the_stock_tab(qtbot, stocked) -> None:  # type: ignore[no-untyped-def]
    from datetime import timedelta

    from pos_app.importing.suppliers import SupplierInput
    from pos_app.services.purchasing import ReceiptItem
    from pos_app.ui.manager.stock import NearExpiryDialog

    manager = stocked.users.authorize("manager", "999999", "manager")
    stocked.suppliers.save(SupplierInput("S01", "兴农合作社", "93150400MA0N123454"), by=manager)
    today = stocked.today()
    stocked.purchasing.receive(
        "S01",
        [
            ReceiptItem("6920000000012", 5, 600, "B-SOON", today + timedelta(days=10)),
            ReceiptItem("6935000000023", 5, 4000, "B-LATER", today + timedelta(days=200)),
        ],
        by=manager,
    )
    area = ManagerArea(stocked, manager)
    qtbot.addWidget(area)
    seen: dict[str, object] = {}

    def look(d: QWidget) -> None:
        assert isinstance(d, NearExpiryDialog)
        seen["rows"] = [d.table.item(r, 3).text() for r in range(d.table.rowCount())]
        d.days.setValue(365)
        seen["all"] = d.table.rowCount()
        d.accept()

    when_modal(look)
    area.stock.near_expiry()
    assert seen == {"rows": ["B-SOON"], "all": 2}


def test_the_audit_log_speaks_words_and_yuan_not_codes_and_json(qtbot, stocked) -> None:  # type: ignore[no-untyped-def]
    import contextlib

    from pos_app.domain.errors import PosError

    manager = stocked.users.authorize("manager", "999999", "manager")
    with contextlib.suppress(PosError):
        stocked.users.authorize("manager", "0000", "manager")
    cashier = stocked.users.authenticate("cashier", "1111")
    stocked.audit.record("drawer_open", user_id=cashier.id, approver_id=manager.id, amount_fen=1000)
    area = ManagerArea(stocked, manager)
    qtbot.addWidget(area)
    tab = area.audit
    shown = {(tab.table.item(r, 4).text(), tab.table.item(r, 6).text()) for r in range(tab.table.rowCount())}
    assert ("Drawer opened", "amount ¥10.00") in shown
    assert any(action == "Wrong PIN" and "tries 1" in detail for action, detail in shown)
    assert not any("{" in detail or "_fen" in detail for _, detail in shown)
