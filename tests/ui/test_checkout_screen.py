"""The cashier's screens, driven by keystrokes; results checked in the database and the receipt PDF."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from pos_app.domain.barcodes import with_check_digit
from pos_app.hardware.printer import PdfFilePrinter
from pos_app.ui.cart_model import CartModel
from pos_app.ui.dialogs import HeldDialog, ManagerPinDialog, NumberDialog
from pos_app.ui.main_window import MainWindow
from pos_app.ui.payment_dialog import PaymentDialog
from pos_app.ui.refund_dialog import RefundDialog
from pos_app.ui.search_dialog import SearchDialog
from pos_app.ui.shift_dialog import CloseShiftDialog
from tests.ui.conftest import press, scan, when_modal

pytestmark = pytest.mark.gui

MILLET = "6920000000012"
CHICKEN = "6935000000023"


def rows(db: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(db) as con:
        return con.execute(sql).fetchall()


def pay_cash(qtbot, amount: str = "") -> list[QWidget]:
    def act(dlg: QWidget) -> None:
        assert isinstance(dlg, PaymentDialog)
        if amount:
            qtbot.keyClicks(dlg.amount, amount)
        qtbot.keyClick(dlg.amount, "\r")

    return when_modal(act)


def test_login_wrong_then_right_pin(qtbot, window: MainWindow) -> None:
    qtbot.keyClicks(window.login.user, "cashier")
    qtbot.keyClicks(window.login.pin, "0000")
    qtbot.keyClick(window.login.pin, "\r")
    assert window.login.error.isVisible()
    assert window.checkout is None
    qtbot.keyClicks(window.login.pin, "1111")
    qtbot.keyClick(window.login.pin, "\r")
    assert window.checkout is not None
    assert window.stack.currentWidget() is window.checkout
    assert window.checkout.code.hasFocus()


def test_scans_increment_and_a_cash_sale_is_committed_with_change(qtbot, signed_in: MainWindow, db_path: Path) -> None:
    screen = signed_in.checkout
    assert screen is not None
    scan(qtbot, screen.code, MILLET)
    scan(qtbot, screen.code, MILLET)
    scan(qtbot, screen.code, CHICKEN)
    assert screen.model.rowCount() == 2
    assert screen.model.index(0, CartModel.QTY).data() == "2 袋"
    assert screen.total_label.text() == "¥75.80"
    assert screen.code.hasFocus()

    pay_cash(qtbot, "100")
    qtbot.keyClick(screen.code, "\r")  # Enter on the empty field: pay
    assert rows(db_path, "select receipt_no, total_fen, change_fen from sale") == [("TZ01-01-000001", 7580, 2420)]
    assert screen.change_label.text().endswith("¥24.20")
    assert screen.model.rowCount() == 0
    signed_in.background.wait()
    pdf = signed_in.printer.path_for("TZ01-01-000001")  # type: ignore[attr-defined]
    doc = pdfium.PdfDocument(pdf.read_bytes())
    text = doc[0].get_textpage().get_text_range()
    doc.close()
    assert "赤峰小米 500g" in text and "¥75.80" in text and "找零" in text and "¥24.20" in text


def test_cash_equal_to_total_is_one_keystroke(qtbot, signed_in: MainWindow, db_path: Path) -> None:
    screen = signed_in.checkout
    assert screen is not None
    scan(qtbot, screen.code, MILLET)
    pay_cash(qtbot)  # Enter on the empty amount
    press(qtbot, screen.code, Qt.Key.Key_F12)
    assert rows(db_path, "select total_fen, change_fen from sale") == [(890, 0)]


def test_a_cash_sale_opens_the_drawer_and_says_so_when_there_is_none(qtbot, signed_in: MainWindow) -> None:  # type: ignore[no-untyped-def]
    screen = signed_in.checkout
    assert screen is not None
    opened: list[str] = []

    class Drawer:  # a receipt printer with a drawer on its kick-out port
        width_mm = 80

        def print_receipt(self, sale) -> None:  # type: ignore[no-untyped-def]
            opened.append("receipt")

        def open_drawer(self) -> None:
            opened.append("drawer")

    no_drawer = screen.printer
    screen.printer = Drawer()  # type: ignore[assignment]
    scan(qtbot, screen.code, MILLET)
    pay_cash(qtbot)
    press(qtbot, screen.code, Qt.Key.Key_F12)
    qtbot.waitUntil(lambda: opened == ["receipt", "drawer"])  # every cash tender, not only F9
    screen.printer = no_drawer  # receipts kept as PDFs: no drawer to open
    scan(qtbot, screen.code, MILLET)
    pay_cash(qtbot)
    press(qtbot, screen.code, Qt.Key.Key_F12)
    qtbot.waitUntil(lambda: "No cash drawer is connected" in screen.notice.text())
    assert screen.notice.isVisible() and not screen.banner.isVisible()  # said, not an error


def test_bad_codes_show_an_error_and_never_block_the_next_scan(qtbot, signed_in: MainWindow) -> None:
    screen = signed_in.checkout
    assert screen is not None
    scan(qtbot, screen.code, "6901234567892")  # valid EAN, not in the catalog
    assert screen.banner.isVisible()
    assert "6901234567892" in screen.banner.text()
    scan(qtbot, screen.code, "6920000000013")  # bad check digit
    assert screen.banner.isVisible()
    assert "check digit" in screen.banner.text()
    assert screen.model.rowCount() == 0
    scan(qtbot, screen.code, MILLET)
    assert not screen.banner.isVisible()
    assert screen.model.rowCount() == 1
    assert screen.code.hasFocus()


def test_scale_label_adds_a_weighed_line(qtbot, signed_in: MainWindow) -> None:
    screen = signed_in.checkout
    assert screen is not None
    scan(qtbot, screen.code, with_check_digit("280100101250"))
    assert screen.model.index(0, CartModel.QTY).data() == "2.5 斤"  # a tomato priced by the 斤 is weighed in 斤
    assert screen.model.index(0, CartModel.PRICE).data() == "¥2.80/斤"
    assert screen.model.index(0, CartModel.AMOUNT).data() == "¥7.00"


def test_weighed_plu_asks_for_the_weight(qtbot, signed_in: MainWindow) -> None:
    screen = signed_in.checkout
    assert screen is not None

    def act(dlg: QWidget) -> None:
        assert isinstance(dlg, NumberDialog)
        qtbot.keyClicks(dlg.field, "0.5")
        qtbot.keyClick(dlg.field, "\r")

    when_modal(act)
    scan(qtbot, screen.code, "1002")  # cucumbers by PLU, ¥5.00/kg
    assert screen.model.index(0, CartModel.AMOUNT).data() == "¥2.50"


def test_goods_priced_by_the_jin_are_weighed_in_jin(qtbot, signed_in: MainWindow) -> None:
    """Tomatoes at ¥2.80/斤: the prompt asks 斤, the line says 斤, and F3 changes it in 斤."""
    screen = signed_in.checkout
    assert screen is not None
    asked: list[str] = []

    def weigh(dlg: QWidget) -> None:
        assert isinstance(dlg, NumberDialog)
        asked.append(" ".join(label.text() for label in dlg.findChildren(QLabel)))
        qtbot.keyClicks(dlg.field, "1.5")
        qtbot.keyClick(dlg.field, "\r")

    when_modal(weigh)
    scan(qtbot, screen.code, "1001")
    assert "斤" in asked[0] and "kg" not in asked[0]
    assert screen.model.index(0, CartModel.QTY).data() == "1.5 斤"
    assert screen.model.index(0, CartModel.AMOUNT).data() == "¥4.20"

    def change(dlg: QWidget) -> None:
        assert isinstance(dlg, NumberDialog) and dlg.field.text() == "1.5"
        dlg.field.selectAll()
        qtbot.keyClicks(dlg.field, "2")
        qtbot.keyClick(dlg.field, "\r")

    when_modal(change)
    press(qtbot, screen.code, Qt.Key.Key_F3)
    assert screen.model.index(0, CartModel.QTY).data() == "2 斤"
    assert screen.model.index(0, CartModel.AMOUNT).data() == "¥5.60"


def test_payment_code_at_the_item_prompt_opens_payment_with_it(qtbot, signed_in: MainWindow, db_path: Path) -> None:
    screen = signed_in.checkout
    assert screen is not None
    scan(qtbot, screen.code, CHICKEN)
    seen = []

    def act(dlg: QWidget) -> None:
        assert isinstance(dlg, PaymentDialog)
        seen.append((dlg.tender.code, dlg.reference.text()))
        qtbot.keyClick(dlg.amount, "\r")

    when_modal(act)
    scan(qtbot, screen.code, "134567890123456789")
    assert seen == [("mobile", "134567890123456789")]
    assert rows(db_path, "select tender_code, amount_fen, masked_code from payment") == [
        ("mobile", 5800, "1345**********6789")
    ]


def test_an_ecny_code_at_the_item_prompt_opens_payment_named_as_such(
    qtbot, signed_in: MainWindow, db_path: Path
) -> None:
    screen = signed_in.checkout
    assert screen is not None
    scan(qtbot, screen.code, CHICKEN)
    seen = []

    def act(dlg: QWidget) -> None:
        assert isinstance(dlg, PaymentDialog)
        seen.append((dlg.tender.code, dlg.reference_label.text()))
        qtbot.keyClick(dlg.amount, "\r")

    when_modal(act)
    scan(qtbot, screen.code, "0112345678901234567")  # 数字人民币: never looked up as a product
    assert seen == [("mobile", "数字人民币 code")]
    assert rows(db_path, "select masked_code from payment") == [("0112***********4567",)]


def test_split_tender_with_keys(qtbot, signed_in: MainWindow, db_path: Path) -> None:
    screen = signed_in.checkout
    assert screen is not None
    scan(qtbot, screen.code, CHICKEN)

    def act(dlg: QWidget) -> None:
        assert isinstance(dlg, PaymentDialog)
        qtbot.keyClick(dlg, Qt.Key.Key_F4)  # 爱心卡
        qtbot.keyClicks(dlg.amount, "30")
        qtbot.keyClick(dlg.amount, "\r")
        qtbot.keyClick(dlg, Qt.Key.Key_F2)  # mobile: nothing scanned yet → refused
        qtbot.keyClick(dlg.reference, "\r")
        assert dlg.error.isVisible()
        qtbot.keyClicks(dlg.reference, "WX20261120001")
        qtbot.keyClicks(dlg.amount, "10")
        qtbot.keyClick(dlg.amount, "\r")
        qtbot.keyClick(dlg, Qt.Key.Key_F1)  # cash for the rest
        qtbot.keyClicks(dlg.amount, "20")
        qtbot.keyClick(dlg.amount, "\r")

    when_modal(act)
    press(qtbot, screen.code, Qt.Key.Key_F12)
    assert sorted(
        rows(db_path, "select tender_code, amount_fen, tendered_fen, change_fen, reference from payment")
    ) == [
        ("cash", 1800, 2000, 200, None),
        ("love_card", 3000, 3000, 0, None),
        ("mobile", 1000, 1000, 0, "WX20261120001"),
    ]


def test_search_by_pinyin_initials_and_pick_with_enter(qtbot, signed_in: MainWindow) -> None:
    screen = signed_in.checkout
    assert screen is not None

    def act(dlg: QWidget) -> None:
        assert isinstance(dlg, SearchDialog)
        assert dlg.query.text() == "mxj"
        assert dlg.table.rowCount() == 1
        qtbot.keyClick(dlg.query, "\r")

    when_modal(act)
    scan(qtbot, screen.code, "mxj")  # letters at the item prompt search
    assert screen.model.index(0, CartModel.NAME).data() == "蒙香鸡 整鸡1.2kg"


def test_plus_minus_and_quantity_prefix(qtbot, signed_in: MainWindow) -> None:
    screen = signed_in.checkout
    assert screen is not None
    scan(qtbot, screen.code, "3*" + MILLET)
    assert screen.model.index(0, CartModel.QTY).data() == "3 袋"
    qtbot.keyClick(screen.code, Qt.Key.Key_Plus)
    assert screen.model.index(0, CartModel.QTY).data() == "4 袋"
    qtbot.keyClick(screen.code, Qt.Key.Key_Minus)
    qtbot.keyClick(screen.code, Qt.Key.Key_Minus)
    assert screen.model.index(0, CartModel.QTY).data() == "2 袋"


def test_void_needs_a_managers_pin(qtbot, signed_in: MainWindow) -> None:
    screen = signed_in.checkout
    assert screen is not None
    scan(qtbot, screen.code, MILLET)
    scan(qtbot, screen.code, CHICKEN)

    def wrong(dlg: QWidget) -> None:
        assert isinstance(dlg, ManagerPinDialog)
        qtbot.keyClicks(dlg.user, "manager")
        qtbot.keyClicks(dlg.pin, "1234")
        qtbot.keyClick(dlg.pin, "\r")
        assert dlg.error.isVisible()
        qtbot.keyClicks(dlg.user, "")
        dlg.reject()

    when_modal(wrong)
    press(qtbot, screen.code, Qt.Key.Key_F4)
    assert screen.model.rowCount() == 2

    def cashier_pin(dlg: QWidget) -> None:
        qtbot.keyClicks(dlg.user, "cashier")  # a cashier cannot approve
        qtbot.keyClicks(dlg.pin, "1111")
        qtbot.keyClick(dlg.pin, "\r")
        assert dlg.isVisible()
        dlg.reject()

    when_modal(cashier_pin)
    press(qtbot, screen.code, Qt.Key.Key_F4)
    assert screen.model.rowCount() == 2

    def right(dlg: QWidget) -> None:
        qtbot.keyClicks(dlg.user, "manager")
        qtbot.keyClicks(dlg.pin, "999999")
        qtbot.keyClick(dlg.pin, "\r")

    when_modal(right)
    press(qtbot, screen.code, Qt.Key.Key_F4)  # voids the selected (last scanned) line
    assert screen.model.rowCount() == 1
    assert screen.model.index(0, CartModel.NAME).data() == "赤峰小米 500g"
    assert screen.total_label.text() == "¥8.90"


def test_hold_and_resume(qtbot, signed_in: MainWindow) -> None:
    screen = signed_in.checkout
    assert screen is not None
    scan(qtbot, screen.code, MILLET)
    press(qtbot, screen.code, Qt.Key.Key_F5)
    assert screen.model.rowCount() == 0
    scan(qtbot, screen.code, CHICKEN)
    press(qtbot, screen.code, Qt.Key.Key_F5)

    def act(dlg: QWidget) -> None:
        assert isinstance(dlg, HeldDialog)
        assert dlg.list.count() == 2
        assert dlg.list.item(0).text().endswith("赤峰小米 500g")  # which basket is whose, at a glance
        qtbot.keyClick(dlg.list, "\r")  # the oldest first

    when_modal(act)
    press(qtbot, screen.code, Qt.Key.Key_F6)
    assert screen.model.index(0, CartModel.NAME).data() == "赤峰小米 500g"
    assert len(screen.checkout.held()) == 1
    assert not screen.notice.isVisible()  # the cart was empty: nothing was parked
    scan(qtbot, screen.code, MILLET)  # a second bag on the resumed sale, then F6 with it open

    def other(dlg: QWidget) -> None:
        qtbot.keyClick(dlg.list, "\r")  # type: ignore[attr-defined]

    when_modal(other)
    press(qtbot, screen.code, Qt.Key.Key_F6)
    assert screen.model.index(0, CartModel.NAME).data() == "蒙香鸡 整鸡1.2kg"
    assert "was held (¥17.80)" in screen.notice.text()  # never parked silently


def test_refund_by_receipt_number_with_manager_pin(qtbot, signed_in: MainWindow, db_path: Path) -> None:
    screen = signed_in.checkout
    assert screen is not None
    scan(qtbot, screen.code, "2*" + MILLET)
    pay_cash(qtbot, "20")
    qtbot.keyClick(screen.code, "\r")

    def refund(dlg: QWidget) -> None:
        assert isinstance(dlg, RefundDialog)
        scan(qtbot, dlg.receipt, "tz01-01-000001")  # a scanner's keystrokes, then Enter
        assert dlg.table.rowCount() == 1 and not dlg.error.isVisible()  # loaded, nothing refused yet
        assert "Type the quantity" in dlg.back.text()  # a hint, not a refusal, before anything is typed
        dlg.table.item(0, 3).setText("1")
        assert dlg.table.item(0, 4).text() == "¥8.90"  # the line's money back, before the PIN
        assert dlg.back.text() == "Money back ¥8.90, the way it was paid: 现金 ¥8.90"
        dlg.table.item(0, 3).setText("3")  # more than was sold: said at once
        assert "3" in dlg.back.text() and dlg.table.item(0, 4).text() == ""
        dlg.table.item(0, 3).setText("1")
        qtbot.keyClick(dlg.table, Qt.Key.Key_Tab)
        assert dlg.reason.hasFocus()  # Tab leaves the lines for the reason
        dlg.reason.insert("包装破损")  # Chinese arrives through the input method, not as key codes

        def pin(p: QWidget) -> None:
            qtbot.keyClicks(p.user, "manager")  # type: ignore[attr-defined]
            qtbot.keyClicks(p.pin, "999999")  # type: ignore[attr-defined]
            qtbot.keyClick(p.pin, "\r")  # type: ignore[attr-defined]

        when_modal(pin)
        qtbot.keyClick(dlg.reason, "\r")

    when_modal(refund)
    press(qtbot, screen.code, Qt.Key.Key_F7)
    assert rows(db_path, "select receipt_no, total_fen, reason from refund") == [("TZ01-01-000002", 890, "包装破损")]
    assert "¥8.90" in screen.notice.text()


def test_close_shift_shows_figures_and_locks(qtbot, signed_in: MainWindow, db_path: Path) -> None:
    screen = signed_in.checkout
    assert screen is not None
    scan(qtbot, screen.code, MILLET)
    pay_cash(qtbot, "10")
    qtbot.keyClick(screen.code, "\r")
    seen = {}

    def close(dlg: QWidget) -> None:
        assert isinstance(dlg, CloseShiftDialog)
        seen["expected"] = dlg.expected.text()
        qtbot.keyClicks(dlg.counts[10000], "2")
        qtbot.keyClicks(dlg.counts[500], "1")
        qtbot.keyClicks(dlg.counts[100], "3")
        qtbot.keyClicks(dlg.counts[50], "1")
        seen["counted"] = dlg.counted.text()
        seen["diff"] = dlg.diff.text()
        qtbot.keyClicks(dlg.counts[10], "x-")  # not a count: never lands
        seen["typed"] = dlg.counts[10].text()
        dlg.confirm()  # a shortage: said first, nothing closed
        seen["said"] = dlg.error.text()
        assert dlg.isVisible() and signed_in.services.shifts.current() is not None

        def preview(p: QWidget) -> None:
            qtbot.keyClick(p, Qt.Key.Key_Escape)  # Esc closes the Z preview

        when_modal(preview)
        dlg.confirm()  # pressed again: closed as counted

    when_modal(close)
    press(qtbot, screen.code, Qt.Key.Key_F10)
    said = seen.pop("said")
    assert seen == {"expected": "¥208.90", "counted": "¥208.50", "diff": "-¥0.40", "typed": ""}
    assert "Cash short by ¥0.40" in said and "press again" in said
    assert rows(db_path, "select expected_fen, counted_fen from shift_count where tender_code='cash'") == [
        (20890, 20850)
    ]
    assert signed_in.stack.currentWidget() is signed_in.login


def test_cart_model_passes_qt_model_tests(qtmodeltester, stocked) -> None:
    co = stocked.checkout()
    co.new_sale("x")
    model = CartModel(co.cart)
    co.scan(MILLET)
    co.scan(with_check_digit("280100101250"))
    model.refresh()
    qtmodeltester.check(model)
    assert model.rowCount() == 2


def test_chinese_translation_is_loaded(qtbot, stocked, tmp_path: Path) -> None:
    from PySide6.QtWidgets import QApplication

    from pos_app.ui import look

    app = QApplication.instance()
    translator = look.install_translations(app, "zh_CN")  # type: ignore[arg-type]
    try:
        w = MainWindow(stocked, PdfFilePrinter(tmp_path))
        qtbot.addWidget(w)
        assert w.login.error.text() == "" and w.sync_label.full_text().startswith("区级同步：未登记 · 待传 ")
        w.background.wait()
    finally:
        app.removeTranslator(translator)  # type: ignore[union-attr]
        look.install_translations(app, "en")  # type: ignore[arg-type]


def test_large_discount_needs_a_manager_and_small_does_not(qtbot, signed_in: MainWindow) -> None:
    screen = signed_in.checkout
    assert screen is not None
    scan(qtbot, screen.code, "6935000000023")  # ¥58.00

    def small(dlg: QWidget) -> None:
        qtbot.keyClicks(dlg.field, "3")  # type: ignore[attr-defined]
        qtbot.keyClick(dlg.field, "\r")  # type: ignore[attr-defined]

    when_modal(small)
    press(qtbot, screen.code, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert screen.total_label.text() == "¥55.00"

    def large(dlg: QWidget) -> None:
        def pin(p: QWidget) -> None:
            qtbot.keyClicks(p.user, "manager")  # type: ignore[attr-defined]
            qtbot.keyClicks(p.pin, "999999")  # type: ignore[attr-defined]
            qtbot.keyClick(p.pin, "\r")  # type: ignore[attr-defined]

        when_modal(pin)
        qtbot.keyClicks(dlg.field, "10")  # type: ignore[attr-defined]
        qtbot.keyClick(dlg.field, "\r")  # type: ignore[attr-defined]

    when_modal(large)
    press(qtbot, screen.code, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert screen.total_label.text() == "¥48.00"
    entry = signed_in.services.audit.entries(action="discount")[0]
    assert (entry.approver, entry.detail["amount_fen"]) == ("张经理", 1000)


def test_a_percentage_discount_typed_as_a_cashier_would(qtbot, signed_in: MainWindow) -> None:
    screen = signed_in.checkout
    assert screen is not None
    scan(qtbot, screen.code, MILLET)  # ¥8.90

    def ten_percent(dlg: QWidget) -> None:
        assert dlg.field.hasFocus()  # type: ignore[attr-defined]
        qtbot.keyClicks(dlg.field, "10%")  # type: ignore[attr-defined]
        qtbot.keyClick(dlg.field, "\r")  # type: ignore[attr-defined]

    when_modal(ten_percent)
    press(qtbot, screen.code, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert screen.total_label.text() == "¥8.01"  # ¥0.89 off, under the cashier's own limit


def test_the_till_locks_itself_when_idle(qtbot, signed_in: MainWindow) -> None:
    signed_in._idle_limit_s = 1
    signed_in._last_activity -= 5
    signed_in.tick()
    assert signed_in.stack.currentWidget() is signed_in.login


def test_a_pin_dialog_takes_typing_at_once(qtbot, signed_in: MainWindow) -> None:
    """Keyboard only: the manager types name, Tab, PIN, Enter, never reaching for the mouse."""
    screen = signed_in.checkout
    assert screen is not None
    seen: list[str] = []

    def typed_blind(dlg: QWidget) -> None:
        assert isinstance(dlg, ManagerPinDialog)
        focused = QApplication.focusWidget() or dlg.focusWidget()
        seen.append(focused.objectName() if focused else "")
        dlg.reject()

    scan(qtbot, screen.code, MILLET)
    when_modal(typed_blind)
    press(qtbot, screen.code, Qt.Key.Key_F4)
    assert seen == ["managerUser"]


def test_a_signed_in_manager_opens_the_manager_area_without_a_pin_and_is_called_manager(
    qtbot, window: MainWindow
) -> None:
    from pos_app.ui.manager.area import ManagerArea

    qtbot.keyClicks(window.login.user, "manager")
    qtbot.keyClick(window.login.user, "\r")
    qtbot.keyClicks(window.login.pin, "999999")
    qtbot.keyClick(window.login.pin, "\r")
    screen = window.checkout
    assert screen is not None and window.user_label.text() == "Manager: 张经理"
    seen: list[QWidget] = []

    def area(d: QWidget) -> None:
        seen.append(d)
        d.reject()  # type: ignore[attr-defined]

    when_modal(area)
    press(qtbot, screen.code, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    assert len(seen) == 1 and isinstance(seen[0], ManagerArea)  # straight in: no PIN asked again


def test_a_negative_quantity_before_a_code_is_refused_not_sold(qtbot, signed_in: MainWindow) -> None:
    screen = signed_in.checkout
    assert screen is not None
    scan(qtbot, screen.code, "-3*6920000000012")
    assert screen.model.rowCount() == 0 and "1 to 9999" in screen.banner.text()
    scan(qtbot, screen.code, "99999*6920000000012")
    assert screen.model.rowCount() == 0 and "1 to 9999" in screen.banner.text()


def test_the_key_tiles_do_what_their_keys_do(qtbot, signed_in: MainWindow) -> None:
    screen = signed_in.checkout
    assert screen is not None
    asked: list[str] = []

    def deliveries() -> None:
        asked.append("deliveries")

    screen.deliveries_requested.connect(deliveries)
    tile = next(t for t in screen.key_tiles if t.text().startswith("Ctrl+E"))
    qtbot.mouseClick(tile, Qt.MouseButton.LeftButton)
    assert asked == ["deliveries"]
    assert tile.focusPolicy() == Qt.FocusPolicy.NoFocus  # pressing a tile leaves the cursor in the code field
    qtbot.keyClick(screen.code, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert asked == ["deliveries", "deliveries"]  # and its key, once, from the code field


def test_f9_with_no_drawer_says_so(qtbot, signed_in: MainWindow) -> None:
    screen = signed_in.checkout
    assert screen is not None
    scan(qtbot, screen.code, MILLET)
    pay_cash(qtbot, "10")  # a cash sale kicks the drawer: with none, nothing is said
    qtbot.keyClick(screen.code, "\r")
    signed_in.background.wait()
    qtbot.wait(200)  # the printing job's answer reaches the screen
    assert screen.last_sale is not None
    assert not screen.banner.isVisible()

    def pin(p: QWidget) -> None:
        qtbot.keyClicks(p.user, "manager")  # type: ignore[attr-defined]
        qtbot.keyClicks(p.pin, "999999")  # type: ignore[attr-defined]
        qtbot.keyClick(p.pin, "\r")  # type: ignore[attr-defined]

    when_modal(pin)
    press(qtbot, screen.code, Qt.Key.Key_F9)
    qtbot.waitUntil(lambda: "No cash drawer" in screen.banner.text(), timeout=3000)
    assert signed_in.services.audit.entries(action="drawer_open")  # still recorded: the manager approved it


def test_enter_between_cash_counts_never_closes_the_shift(qtbot, signed_in: MainWindow) -> None:
    screen = signed_in.checkout
    assert screen is not None
    seen: dict[str, object] = {}

    def count(dlg: QWidget) -> None:
        assert isinstance(dlg, CloseShiftDialog)
        first = dlg.counts[10000]
        qtbot.keyClicks(first, "2")
        qtbot.keyClick(first, Qt.Key.Key_Return)  # on to the ¥50 notes: the shift must stay open
        seen["open after Enter"] = signed_in.services.shifts.current() is not None
        seen["moved on"] = dlg.counts[5000].hasFocus()
        qtbot.keyClick(dlg.counts[5000], Qt.Key.Key_Return)  # an empty count: skipped by Enter too
        seen["skipped"] = dlg.counts[2000].hasFocus()
        dlg.reject()

    when_modal(count)
    press(qtbot, screen.code, Qt.Key.Key_F10)
    assert seen == {"open after Enter": True, "moved on": True, "skipped": True}
    assert signed_in.services.shifts.current() is not None


def test_the_key_help_breaks_between_hints_never_inside_one(signed_in: MainWindow) -> None:
    from PySide6.QtWidgets import QLabel

    screen = signed_in.checkout
    assert screen is not None
    (pay,) = [w for w in screen.findChildren(QLabel) if "Enter on empty" in w.text()]
    assert not pay.wordWrap() and pay.text().startswith("Enter on empty")
