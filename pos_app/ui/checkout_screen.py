"""The cashier's screen: the code field keeps the focus; everything works from the keyboard.

Enter scans (or pays, on an empty field); F-keys for the rest (shown on screen). Errors show in a red
banner with a beep and never block the next scan.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from pos_app.bootstrap import Services
from pos_app.domain.barcodes import split_quantity_prefix
from pos_app.domain.errors import PosError, UnknownCode, WeightRequired
from pos_app.domain.money import format_fen, weight_figure, weight_unit
from pos_app.hardware.printer import NoDrawer, PdfFilePrinter, ReceiptPrinter
from pos_app.hardware.scale import WeightSource
from pos_app.reports.receipt import render_pdf
from pos_app.services.buyers import BuyerView
from pos_app.services.checkout import CheckoutService, CompletedSale, HeldView
from pos_app.services.users import UserView
from pos_app.ui.background import Background
from pos_app.ui.cart_model import CartModel
from pos_app.ui.dialogs import BuyerDialog, HeldDialog, ManagerPinDialog, NumberDialog, WeightDialog
from pos_app.ui.look import error_text
from pos_app.ui.manager.area import ManagerArea
from pos_app.ui.payment_dialog import PaymentDialog
from pos_app.ui.receipt_preview import PdfPreview
from pos_app.ui.refund_dialog import RefundDialog
from pos_app.ui.search_dialog import SearchDialog

log = logging.getLogger("pos.ui")
F = TypeVar("F", bound=Callable[..., Any])


def refocus(fn: F) -> F:
    """Whatever an action does, the code field has the focus afterwards."""

    @wraps(fn)
    def wrapper(self: CheckoutScreen, *args: Any, **kwargs: Any) -> Any:
        try:
            return fn(self, *args, **kwargs)
        finally:
            if self.isVisible():
                self.window().activateWindow()  # back from any dialog: the F-keys work again
            self.code.setFocus()

    return wrapper  # type: ignore[return-value]


class CheckoutScreen(QWidget):
    sale_completed = Signal(object)
    close_shift_requested = Signal()
    lock_requested = Signal()
    deliveries_requested = Signal()
    sync_requested = Signal()
    # what the customer should see: the sale's Totals as it runs, the CompletedSale once paid (the
    # customer's displays make their view of it later, off the scan's path, and only when there are any)
    customer_view = Signal(object)

    def __init__(
        self,
        services: Services,
        user: UserView,
        printer: ReceiptPrinter,
        background: Background,
        parent: QWidget | None = None,
        scale: WeightSource | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.user = user
        self.printer = printer
        self.background = background
        self.scale = scale  # the counter scale the weight prompt reads, when one is connected
        self.checkout: CheckoutService = services.checkout()
        self.checkout.new_sale(user.id, user.display_name)
        self.last_sale: CompletedSale | None = None

        self.code = QLineEdit()
        self.code.setObjectName("codeField")
        self.code.setPlaceholderText(self.tr("Scan or type a barcode / PLU, letters to search — Enter"))
        self.code.returnPressed.connect(self.on_enter)
        self.code.installEventFilter(self)

        self.banner = QLabel()
        self.banner.setObjectName("error")
        self.banner.setWordWrap(True)
        self.banner.hide()
        self.notice = QLabel()
        self.notice.setObjectName("ok")
        self.notice.hide()

        self.model = CartModel(self.checkout.cart)
        self.table = QTableView()
        self.table.setObjectName("cartTable")
        self.table.setModel(self.model)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(40)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(CartModel.NAME, QHeaderView.ResizeMode.Stretch)
        for col, w in (
            (CartModel.NO, 48),
            (CartModel.QTY, 130),
            (CartModel.PRICE, 130),
            (CartModel.AMOUNT, 120),
            (CartModel.MARKS, 150),
        ):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Fixed)
            self.table.setColumnWidth(col, w)

        self.items_label = QLabel()
        self.subtotal_label = QLabel()
        self.discount_label = QLabel()
        self.rounding_label = QLabel()
        self.total_label = QLabel()
        self.total_label.setObjectName("totalDue")
        self.total_label.setAlignment(Qt.AlignmentFlag.AlignRight)
        totals = QFrame()
        totals.setObjectName("panel")
        grid = QGridLayout(totals)
        rows = (
            (self.tr("Items"), self.items_label),
            (self.tr("Subtotal"), self.subtotal_label),
            (self.tr("Discount"), self.discount_label),
            (self.tr("Rounding"), self.rounding_label),
        )
        for r, (caption, widget) in enumerate(rows):
            grid.addWidget(QLabel(caption), r, 0)
            widget.setAlignment(Qt.AlignmentFlag.AlignRight)
            grid.addWidget(widget, r, 1)
        due = QLabel(self.tr("Total due"))
        due.setObjectName("muted")
        grid.addWidget(due, len(rows), 0, 1, 2)
        grid.addWidget(self.total_label, len(rows) + 1, 0, 1, 2)

        self.buyer_label = QLabel()
        self.buyer_label.setObjectName("ok")
        self.buyer_label.hide()
        self.last_label = QLabel()
        self.last_label.setObjectName("muted")
        self.last_label.setWordWrap(True)
        self.change_label = QLabel()
        self.change_label.setObjectName("change")
        self.change_label.setAlignment(Qt.AlignmentFlag.AlignRight)

        keys = QFrame()
        keys.setObjectName("panel")
        key_grid = QGridLayout(keys)
        self._actions: list[tuple[str, str, Callable[[], None]]] = [
            ("F2", self.tr("Search"), self.search),
            ("F3", self.tr("Quantity"), self.change_quantity),
            ("F4", self.tr("Void line"), self.void_line),
            ("F5", self.tr("Hold"), self.hold),
            ("F6", self.tr("Resume"), self.resume),
            ("F7", self.tr("Refund"), self.refund),
            ("F8", self.tr("Reprint"), self.reprint),
            ("F9", self.tr("Open drawer"), self.open_drawer),
            ("F10", self.tr("Close shift"), self.close_shift),
            ("F11", self.tr("Lock"), self.lock_requested.emit),
            ("F12", self.tr("Pay"), self.pay),
            ("Ctrl+D", self.tr("Discount"), self.discount),
            ("Ctrl+B", self.tr("Buyer"), self.choose_buyer),
            ("Ctrl+M", self.tr("Manager"), self.manager_area),
            ("Ctrl+E", self.tr("Deliveries"), self.deliveries_requested.emit),
        ]
        self._ctrl_keys = {
            QKeySequence(key)[0].key(): action  # type: ignore[index]
            for key, _, action in self._actions
            if key.startswith("Ctrl+")
        }
        self.key_tiles: list[QPushButton] = []
        for i, (key, label, action) in enumerate(self._actions):
            hint = QPushButton(f"{key}  {label}")  # a tile a finger or a mouse can press, as its key does
            hint.setObjectName("keyHint")
            hint.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the code field keeps the cursor
            hint.clicked.connect(action)
            self.key_tiles.append(hint)
            key_grid.addWidget(hint, i // 2, i % 2)
            # Window scope: the screen's dialogs are its children, and F-keys there mean something else.
            QShortcut(QKeySequence(key), self, action, context=Qt.ShortcutContext.WindowShortcut)
        # two fixed lines, broken between hints and never inside one ("空回 / 车 结账")
        for row, text in enumerate(
            (
                self.tr("+ / −  quantity · ↑↓ choose line · N*code  N pieces"),
                self.tr("Enter on empty  pay · Esc  clear"),
            )
        ):
            extra = QLabel(text)
            extra.setObjectName("muted")
            key_grid.addWidget(extra, (len(self._actions) + 1) // 2 + row, 0, 1, 2)

        left = QVBoxLayout()
        left.addWidget(self.code)
        left.addWidget(self.banner)
        left.addWidget(self.notice)
        left.addWidget(self.table, 1)
        right = QVBoxLayout()
        right.addWidget(totals)
        right.addWidget(self.buyer_label)
        right.addWidget(self.last_label)
        right.addWidget(self.change_label)
        right.addStretch()
        right.addWidget(keys)
        body = QHBoxLayout(self)
        body.addLayout(left, 3)
        body.addLayout(right, 1)
        self.refresh()

    # -- feedback --------------------------------------------------------------------------------
    def show_error(self, exc: BaseException | str) -> None:
        if not isValid(self.banner):  # a background job ended after the cashier signed out
            log.warning("after sign-out: %s", exc)
            return
        self.banner.setText(exc if isinstance(exc, str) else error_text(exc))
        self.banner.show()
        self.notice.hide()
        QApplication.beep()

    def show_notice(self, text: str) -> None:
        if not isValid(self.notice):  # the screen is gone (signed out): nobody to tell
            return
        self.notice.setText(text)
        self.notice.show()
        self.banner.hide()

    def clear_messages(self) -> None:
        self.banner.hide()
        self.notice.hide()

    def refresh(self, select_line: int | None = None) -> None:
        if self.model.cart is not self.checkout.cart:
            self.model.set_cart(self.checkout.cart)
        else:
            self.model.refresh()
        t = self.checkout.totals()
        self.items_label.setText(str(t.item_count))
        self.subtotal_label.setText(format_fen(t.subtotal_fen))
        self.discount_label.setText(format_fen(-t.discount_fen) if t.discount_fen else format_fen(0))
        self.rounding_label.setText(format_fen(t.rounding_fen))
        self.total_label.setText(format_fen(t.total_fen))
        self.customer_view.emit(t)
        buyer = self.checkout.buyer
        self.buyer_label.setVisible(buyer is not None)
        if buyer is not None:
            self.buyer_label.setText(self.tr("Buyer: {0}").format(buyer.name))
        if select_line is not None:
            row = self.model.row_of(select_line)
            if row >= 0:
                self.table.selectRow(row)
                self.table.scrollTo(self.model.index(row, 0))

    def selected_line_no(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        line = self.model.line_at(rows[0].row()) if rows else self.model.line_at(self.model.rowCount() - 1)
        return line.line_no if line else None

    # -- keys ------------------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.code and isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress:
            key = event.key()
            if event.modifiers() == Qt.KeyboardModifier.ControlModifier and key in self._ctrl_keys:
                # the line edit's own bindings (Ctrl+E: end of line on X11) must not eat the till's keys
                self._ctrl_keys[key]()
                return True
            if key in (Qt.Key.Key_Up, Qt.Key.Key_Down) and self.model.rowCount():
                rows = self.table.selectionModel().selectedRows()
                row = rows[0].row() if rows else self.model.rowCount()
                row += -1 if key == Qt.Key.Key_Up else 1
                self.table.selectRow(max(0, min(row, self.model.rowCount() - 1)))
                return True
            if key in (Qt.Key.Key_Plus, Qt.Key.Key_Minus) and not self.code.text() and self.selected_line_no():
                self.bump_quantity(1 if key == Qt.Key.Key_Plus else -1)
                return True  # with no line to change, the sign is typed (and "-3*…" is then refused)
            if key == Qt.Key.Key_Escape:
                self.code.clear()
                self.clear_messages()
                return True
        return False  # QObject.eventFilter's own answer, without the call into C++

    # -- scanning --------------------------------------------------------------------------------
    @refocus
    def on_enter(self) -> None:
        text = self.code.text().strip()
        self.code.clear()
        if not text:
            if not self.checkout.cart.is_empty:
                self.pay()
            return
        try:
            qty, code = split_quantity_prefix(text)
            result = self.checkout.scan(code, qty)
        except WeightRequired as exc:
            self.ask_weight(exc.product_id, exc.name, exc.unit_label)
            return
        except UnknownCode as exc:
            if any(ch.isalpha() for ch in text):
                self.search(text)
            else:
                self.show_error(exc)
            return
        except PosError as exc:
            if any(ch.isalpha() and not ch.isascii() for ch in text):
                self.search(text)  # Chinese typed into the code field: search for it
            else:
                self.show_error(exc)
            return
        if result.payment_code is not None:
            self.pay(payment_code=result.payment_code.raw)
            return
        self.clear_messages()
        self.refresh(select_line=result.line.line_no if result.line else None)

    def ask_weight(self, product_id: str, name: str, unit_label: str) -> None:
        """The weight in the unit the product is priced by (斤 or kg; "500g" or "2斤" typed also do)."""
        unit = weight_unit(unit_label)
        label = self.tr("{0}: weight in 斤") if unit == "斤" else self.tr("{0}: weight in kg")
        dlg = WeightDialog(self.tr("Weight"), label.format(name), unit, self.scale, self)
        if dlg.exec() == QDialog.DialogCode.Accepted:
            try:
                line = self.checkout.add_weighed(product_id, dlg.value)
            except PosError as exc:
                self.show_error(exc)
                return
            self.clear_messages()
            self.refresh(select_line=line.line_no)

    @refocus
    def search(self, initial: str = "") -> None:
        dlg = SearchDialog(self.services.catalog, initial if isinstance(initial, str) else "", self)
        if dlg.exec() != QDialog.DialogCode.Accepted or dlg.chosen is None:
            return
        p = dlg.chosen
        if p.sold_by_weight:
            self.ask_weight(p.id, p.name, p.unit_label)
            return
        try:
            line = self.checkout.add_product(p.id)
        except PosError as exc:
            self.show_error(exc)
            return
        self.clear_messages()
        self.refresh(select_line=line.line_no)

    # -- line edits --------------------------------------------------------------------------------
    def _change(self, line_no: int, change: Callable[[], object]) -> None:
        """Apply one edit to a line: an error is shown, else the line is repainted and selected."""
        try:
            change()
        except PosError as exc:
            self.show_error(exc)
            return
        self.refresh(select_line=line_no)

    @refocus
    def bump_quantity(self, delta: int) -> None:
        line_no = self.selected_line_no()
        if line_no is None:
            return
        line = self.checkout.cart.line(line_no)
        if line.qty + delta < 1:
            self.show_error(self.tr("use F4 to void a line"))
            return
        self._change(line_no, lambda: self.checkout.set_qty(line_no, line.qty + delta))

    @refocus
    def change_quantity(self) -> None:
        line_no = self.selected_line_no()
        if line_no is None:
            return
        line = self.checkout.cart.line(line_no)
        weighed = line.product.sold_by_weight and line.label_amount_fen is None
        unit = weight_unit(line.product.unit_label)
        dlg = NumberDialog(
            self.tr("Quantity"),
            line.product.name + (f"（{unit}）" if weighed else ""),
            unit if weighed else "count",
            weight_figure(line.weight_g, unit) if weighed and line.weight_g else str(line.qty),
            self,
        )
        if dlg.exec() != QDialog.DialogCode.Accepted:
            return
        change = self.checkout.set_weight if weighed else self.checkout.set_qty
        self._change(line_no, lambda: change(line_no, dlg.value))

    @refocus
    def void_line(self) -> None:
        line_no = self.selected_line_no()
        if line_no is None:
            return
        name = self.checkout.cart.line(line_no).product.name
        pin = ManagerPinDialog(self.services.users, self.tr("void {0}").format(name), self)
        if pin.exec() != QDialog.DialogCode.Accepted or pin.approver is None:
            return
        try:
            self.checkout.void_line(line_no, pin.approver)
        except PosError as exc:
            self.show_error(exc)
            return
        log.info("line %s (%s) voided, approved by %s", line_no, name, pin.approver.username)
        self.show_notice(self.tr("Voided {0} (approved by {1})").format(name, pin.approver.display_name))
        self.refresh()

    # -- hold / resume ---------------------------------------------------------------------------
    @refocus
    def hold(self) -> None:
        try:
            held = self.checkout.hold()
        except PosError as exc:
            self.show_error(exc)
            return
        self.refresh()
        self.show_notice(self.tr("Sale held ({0}); F6 resumes it").format(format_fen(held.total_fen)))

    @refocus
    def resume(self) -> None:
        held = self.checkout.held()
        if not held:
            self.show_error(self.tr("No held sales"))
            return
        dlg = HeldDialog(held, self)
        if dlg.exec() != QDialog.DialogCode.Accepted or not isinstance(dlg.chosen, HeldView):
            return
        try:
            parked = self.checkout.resume(dlg.chosen.id)
        except PosError as exc:
            self.show_error(exc)
            return
        self.clear_messages()
        self.refresh()
        if parked is not None:  # never silently: the sale that was open is held, and says so
            self.show_notice(
                self.tr("The open sale was held ({0}); F6 brings it back").format(format_fen(parked.total_fen))
            )

    # -- payment and receipts -------------------------------------------------------------------------
    @refocus
    def pay(self, payment_code: str | None = None) -> None:
        try:
            plan = self.checkout.start_payment()
        except PosError as exc:
            self.show_error(exc)
            return
        dlg = PaymentDialog(plan, payment_code if isinstance(payment_code, str) else None, self)
        if dlg.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            sale = self.checkout.pay(dlg.plan)
        except PosError as exc:
            self.show_error(exc)
            return
        self.after_sale(sale)

    def after_sale(self, sale: CompletedSale) -> None:
        self.last_sale = sale
        self.refresh()
        self.clear_messages()
        self.last_label.setText(self.tr("Last sale {0}: {1}").format(sale.receipt_no, format_fen(sale.total_fen)))
        self.change_label.setText(self.tr("Change {0}").format(format_fen(sale.change_fen)) if sale.change_fen else "")
        self.customer_view.emit(sale)
        printer = self.printer
        cash = any(p.tender_code == "cash" for p in sale.payments)

        def work() -> bool:
            """The receipt, then the drawer for a cash tender; True when there is no drawer to open."""
            printer.print_receipt(sale)
            if cash:
                try:
                    printer.open_drawer()
                except NoDrawer:
                    return True
            return False

        self.background.run(work, on_done=self._drawer_said, on_error=self.show_error)
        self.sale_completed.emit(sale)

    def _drawer_said(self, no_drawer: object) -> None:
        if no_drawer:  # the cash is in the cashier's hand: say where it goes, do not stop the queue
            self.show_notice(self.tr("No cash drawer is connected: put the cash away by hand"))

    @refocus
    def reprint(self) -> None:
        sale = self.last_sale or self.checkout.last_sale
        if sale is None:
            self.show_error(self.tr("No receipt to reprint yet"))
            return
        if not isinstance(self.printer, PdfFilePrinter):
            self.background.run(lambda: self.printer.print_receipt(sale), on_error=self.show_error)
            self.show_notice(self.tr("Reprinting {0}").format(sale.receipt_no))
            return
        width = self.printer.width_mm
        self.background.run(lambda: render_pdf(sale, width), on_done=self._preview, on_error=self.show_error)

    def _preview(self, pdf: bytes) -> None:
        PdfPreview(self.tr("Receipt"), pdf, self).exec()
        self.code.setFocus()

    @refocus
    def open_drawer(self) -> None:
        pin = ManagerPinDialog(self.services.users, self.tr("open the cash drawer"), self)
        if pin.exec() == QDialog.DialogCode.Accepted and pin.approver is not None:
            self.services.audit.record("drawer_open", user_id=self.user.id, approver_id=pin.approver.id)
            self.background.run(self.printer.open_drawer, on_error=self.show_error)

    @refocus
    def refund(self) -> None:
        dlg = RefundDialog(self.services.refunds, self.services.users, self.user, self)
        if dlg.exec() == QDialog.DialogCode.Accepted:
            self.show_notice(dlg.summary())

    @refocus
    def discount(self) -> None:
        """A line discount in yuan, as a percentage (10%) or in 折 (9折); above the station's limit a
        manager approves it with a PIN."""
        line_no = self.selected_line_no()
        if line_no is None:
            return
        line = self.checkout.cart.line(line_no)
        dlg = NumberDialog(
            self.tr("Discount"),
            self.tr("{0} ({1}): yuan off, or 10% off, or 9折").format(line.product.name, format_fen(line.gross_fen)),
            "discount",
            "",
            self,
            base_fen=line.gross_fen,
        )
        if dlg.exec() != QDialog.DialogCode.Accepted:
            return
        approver = None
        if dlg.value > int(self.services.settings.get("discount_limit_fen")):
            pin = ManagerPinDialog(
                self.services.users, self.tr("a discount of {0}").format(format_fen(dlg.value)), self
            )
            if pin.exec() != QDialog.DialogCode.Accepted or pin.approver is None:
                return
            approver = pin.approver
        self._change(line_no, lambda: self.checkout.set_line_discount(line_no, dlg.value, approver))

    @refocus
    def choose_buyer(self) -> None:
        dlg = BuyerDialog(self.services.buyers.all(), self)
        if dlg.exec() == QDialog.DialogCode.Accepted:
            self.checkout.set_buyer(dlg.chosen if isinstance(dlg.chosen, BuyerView) else None)
            self.refresh()

    @refocus
    def manager_area(self) -> None:
        """A signed-in manager goes straight in; a cashier's till asks a manager's PIN."""
        manager = self.user if self.user.has("manager") else None
        if manager is None:
            pin = ManagerPinDialog(self.services.users, self.tr("the manager area"), self)
            if pin.exec() != QDialog.DialogCode.Accepted or pin.approver is None:
                return
            manager = pin.approver
        ManagerArea(self.services, manager, self, self.background, self.sync_requested.emit).exec()

    @refocus
    def close_shift(self) -> None:
        if not self.checkout.cart.is_empty:
            self.show_error(self.tr("Finish or hold the current sale first"))
            return
        self.close_shift_requested.emit()
