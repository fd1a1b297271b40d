"""The volunteer's screen for phone orders and deliveries: few steps, big type, keyboard first.

F2 find a resident (any part of a phone number, the name, or pinyin initials) · F3 repeat the last order ·
F4 a new resident · F5 change the chosen one · item field: scan or type a name · F12 place the order and
print the slip · F8 large type (适老化) · F11 sign out · scanning a slip's barcode in the order field
opens that order (→ next step, or delivered and paid).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pos_app.bootstrap import Services
from pos_app.domain.delivery import STATE_ZH, DeliveryState
from pos_app.domain.errors import InvalidInput, PosError
from pos_app.domain.money import (
    format_fen,
    parse_count,
    parse_weight,
    quantity_text,
    weighed_amount,
    weight_figure,
    weight_unit,
)
from pos_app.domain.text import is_digits
from pos_app.reports.delivery_docs import delivery_slip_pdf
from pos_app.services.catalog import ProductView
from pos_app.services.deliveries.orders import OrderView
from pos_app.services.deliveries.residents import ResidentForm, ResidentView
from pos_app.services.users import UserView
from pos_app.ui.dialogs import ManagerPinDialog
from pos_app.ui.look import elder_style, error_text
from pos_app.ui.receipt_preview import PdfPreview
from pos_app.ui.resident_dialog import ResidentDialog
from pos_app.ui.search_dialog import SearchDialog


def _wrapping_list() -> QListWidget:
    """A list whose long entries wrap instead of scrolling sideways (large type on a narrow screen)."""
    lst = QListWidget()
    lst.setWordWrap(True)
    lst.setResizeMode(QListWidget.ResizeMode.Adjust)
    lst.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return lst


NEXT = {
    DeliveryState.REQUESTED: DeliveryState.CONFIRMED,
    DeliveryState.CONFIRMED: DeliveryState.PICKED,
    DeliveryState.PICKED: DeliveryState.OUT,
    DeliveryState.OUT: DeliveryState.DELIVERED,
}


class OrderDialog(QDialog):
    """One order, opened from the board or by scanning its slip: move it on, or delivered and paid."""

    def __init__(self, services: Services, order: OrderView, user: UserView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.s, self.user, self.order = services, user, order
        self.setWindowTitle(self.tr("Order {0}").format(order.order_no))
        self.info = QLabel()
        self.info.setWordWrap(True)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.hide()
        self.next_button = QPushButton()
        self.next_button.clicked.connect(self.advance)
        self.mine = QPushButton(self.tr("I deliver this"))
        self.mine.clicked.connect(self.assign_to_me)
        self.lines = QTableWidget(0, 3)
        self.lines.setObjectName("orderLines")
        self.lines.setHorizontalHeaderLabels([self.tr("Product"), self.tr("Ordered"), self.tr("Found on the shelf")])
        self.lines.setColumnWidth(0, 220)
        self.short = QPushButton(self.tr("Save what was found"))
        self.short.clicked.connect(self.save_short_pick)
        self.reason = QLineEdit()
        self.reason.setObjectName("cancelReason")
        self.reason.setPlaceholderText(self.tr("Why cancel (required)"))
        self.cancel_button = QPushButton(self.tr("Cancel the order"))
        self.cancel_button.clicked.connect(self.cancel_order)
        self.pay_button = QPushButton(self.tr("Delivered and paid"))
        self.pay_button.setObjectName("primary")
        self.pay_button.clicked.connect(self.delivered_and_paid)
        row = QHBoxLayout()
        row.addWidget(self.mine)
        row.addWidget(self.next_button)
        row.addWidget(self.pay_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.info)
        layout.addWidget(self.lines)
        layout.addWidget(self.short)
        cancel_row = QHBoxLayout()
        cancel_row.addWidget(self.reason, 1)
        cancel_row.addWidget(self.cancel_button)
        layout.addLayout(cancel_row)
        layout.addWidget(self.error)
        layout.addLayout(row)
        self.resize(560, 360)
        self.show_order(order)

    def show_order(self, o: OrderView) -> None:
        self.order = o
        lines = "<br>".join(
            f"{li.name}　{quantity_text(li.delivered_quantity, li.sold_by_weight, li.unit_label)}" for li in o.lines
        )
        due = self.tr("Amount due")
        self.info.setText(
            f"<b>{o.resident.name}</b>　{' / '.join(o.resident.phones)}<br>{o.resident.address}<br>"
            f"{lines}<br>{due}: <b>{format_fen(o.total_fen)}</b>　{STATE_ZH[o.state]}"
        )
        nxt = NEXT.get(o.state)
        self.next_button.setVisible(nxt is not None)
        if nxt is not None:
            self.next_button.setText(self.tr("→ {0}").format(STATE_ZH[nxt]))
        self.pay_button.setVisible(o.state in (DeliveryState.OUT, DeliveryState.DELIVERED))
        editable = o.state in (DeliveryState.CONFIRMED, DeliveryState.PICKED)
        self.lines.setRowCount(len(o.lines))
        for r, li in enumerate(o.lines):
            found = (
                weight_figure(li.delivered_quantity, weight_unit(li.unit_label))
                if li.sold_by_weight
                else str(li.delivered_quantity)
            )
            ordered = quantity_text(li.quantity, li.sold_by_weight, li.unit_label)
            for c, v in enumerate((li.name, ordered, found)):
                cell = QTableWidgetItem(v)
                if c < 2 or not editable:
                    cell.setFlags(cell.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.lines.setItem(r, c, cell)
        self.short.setVisible(editable)
        can_cancel = o.state not in (DeliveryState.DELIVERED, DeliveryState.PAID, DeliveryState.CANCELLED)
        self.reason.setVisible(can_cancel)
        self.cancel_button.setVisible(can_cancel)
        self.mine.setVisible(o.volunteer == "" and o.state not in (DeliveryState.PAID, DeliveryState.CANCELLED))

    def _fail(self, exc: PosError) -> None:
        self.error.setText(error_text(exc))
        self.error.show()

    def cancel_order(self) -> None:
        """Before the order leaves, the volunteer cancels it; after, a manager approves with a PIN."""
        approver = None
        if self.order.state is DeliveryState.OUT:
            pin = ManagerPinDialog(self.s.users, self.tr("cancel {0}").format(self.order.order_no), self)
            if pin.exec() != QDialog.DialogCode.Accepted or pin.approver is None:
                return
            approver = pin.approver
        try:
            self.show_order(
                self.s.deliveries.move(
                    self.order.order_no,
                    DeliveryState.CANCELLED,
                    by=self.user,
                    approver=approver,
                    reason=self.reason.text(),
                )
            )
        except PosError as exc:
            self._fail(exc)

    def assign_to_me(self) -> None:
        self.s.deliveries.assign(self.order.order_no, self.user, by=self.user)
        self.show_order(self.s.deliveries.get(self.order.order_no, self.user))

    def save_short_pick(self) -> None:
        """Fewer found than ordered: the order and its amount change now, before it leaves."""
        try:
            for r, li in enumerate(self.order.lines):
                cell = self.lines.item(r, 2)
                text = cell.text().strip() if cell else ""
                if li.sold_by_weight and text not in ("", "0"):
                    found = parse_weight(text, weight_unit(li.unit_label))  # in the unit the order shows
                elif is_digits(text):
                    found = int(text)
                else:
                    what = self.tr("found on the shelf, line {0}: {1}").format(r + 1, text)
                    raise InvalidInput(what=what, what_zh=what)
                if found != li.delivered_quantity:
                    self.s.deliveries.short_pick(self.order.order_no, li.id, found, by=self.user)
        except PosError as exc:
            self._fail(exc)
            return
        self.show_order(self.s.deliveries.get(self.order.order_no, self.user))

    def advance(self) -> None:
        nxt = NEXT.get(self.order.state)
        if nxt is None:
            return
        try:
            self.show_order(self.s.deliveries.move(self.order.order_no, nxt, by=self.user))
        except PosError as exc:
            self._fail(exc)

    def delivered_and_paid(self) -> None:
        try:
            if self.order.state is DeliveryState.OUT:
                self.s.deliveries.move(self.order.order_no, DeliveryState.DELIVERED, by=self.user)
            self.s.deliveries.pay_on_delivery(self.order.order_no, by=self.user)
        except PosError as exc:
            self._fail(exc)
            return
        self.accept()


class DeliveryScreen(QWidget):
    back_requested = Signal()
    lock_requested = Signal()

    def __init__(self, services: Services, user: UserView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.s, self.user = services, user
        self.resident: ResidentView | None = None
        self.items: list[tuple[ProductView, int]] = []

        self.resident_find = QLineEdit()
        self.resident_find.setObjectName("residentFind")
        self.resident_find.setPlaceholderText(self.tr("Phone, name or initials — Enter"))
        self.resident_find.returnPressed.connect(self.find_resident)
        self.found = _wrapping_list()
        self.found.itemActivated.connect(self._choose)
        self.card = QLabel(self.tr("No resident chosen"))
        self.card.setObjectName("panel")
        self.card.setWordWrap(True)
        self.found_message = QLabel()
        self.found_message.setObjectName("muted")
        self.found_message.setWordWrap(True)
        self.found_message.hide()
        new_resident = QPushButton(self.tr("F4 New resident"))
        new_resident.clicked.connect(self.new_resident)
        self.edit_button = QPushButton(self.tr("F5 Change"))
        self.edit_button.clicked.connect(self.edit_resident)
        self.edit_button.setEnabled(False)
        resident_buttons = QVBoxLayout()  # stacked: the order in the middle gets the width
        resident_buttons.addWidget(new_resident)
        resident_buttons.addWidget(self.edit_button)
        left = QVBoxLayout()
        left.addWidget(QLabel(self.tr("F2 Find the resident")))
        left.addWidget(self.resident_find)
        left.addWidget(self.found_message)
        left.addWidget(self.found, 1)
        left.addWidget(self.card)
        left.addLayout(resident_buttons)

        self.item = QLineEdit()
        self.item.setObjectName("orderItem")
        self.item.setPlaceholderText(self.tr("Scan or type a product, then Enter"))
        self.item.returnPressed.connect(self.add_item)
        self.qty = QLineEdit("1")
        self.qty.setObjectName("orderQty")
        self.qty.setMaximumWidth(90)
        self.qty_hint = QLabel(self.tr("pieces; weighed goods in their price unit (斤 or kg), or say it: 2斤, 500g"))
        self.qty_hint.setObjectName("muted")
        self.qty_hint.setWordWrap(True)  # never what makes the screen wider than a 1024 px till
        self.table = QTableWidget(0, 4)
        self.table.setTabKeyNavigation(False)  # arrows between rows, Tab to the buttons
        self.table.setHorizontalHeaderLabels(
            [self.tr("Product"), self.tr("Quantity"), self.tr("Amount"), self.tr("Marks")]
        )
        header = self.table.horizontalHeader()
        for col in (1, 2, 3):  # quantity, amount and marks always whole, in any type size
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)  # the name takes the rest
        self.table.verticalHeader().hide()
        self.day = QDateEdit()
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        today = services.today()
        self.day.setDate(QDate(today.year, today.month, today.day))
        self.slot = QComboBox()
        self.slot.addItems([self.tr("Morning"), self.tr("Afternoon"), self.tr("Evening")])
        self.notes = QLineEdit()
        self.notes.setPlaceholderText(self.tr("Notes for the volunteer"))
        self.total = QLabel(format_fen(0))
        self.total.setObjectName("bigFigure")
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.hide()
        place = QPushButton(self.tr("F12 Place order and print slip"))
        place.setObjectName("primary")
        place.clicked.connect(self.place)
        entry = QHBoxLayout()
        entry.addWidget(self.qty)
        entry.addWidget(self.item, 1)
        when = QHBoxLayout()
        when.addWidget(self.day)
        when.addWidget(self.slot)
        when.addWidget(self.notes, 1)
        middle = QVBoxLayout()
        middle.addWidget(QLabel(self.tr("Order — F3 repeats the last one")))
        middle.addLayout(entry)
        middle.addWidget(self.qty_hint)
        middle.addWidget(self.table, 1)
        middle.addLayout(when)
        middle.addWidget(self.total)
        middle.addWidget(self.message)
        middle.addWidget(place)

        self.scan = QLineEdit()
        self.scan.setObjectName("slipScan")
        self.scan.setPlaceholderText(self.tr("Scan a delivery slip"))
        self.scan.returnPressed.connect(self.open_scanned)
        self.board = _wrapping_list()
        self.board.itemActivated.connect(self._open_item)
        right = QVBoxLayout()
        right.addWidget(QLabel(self.tr("Today's orders")))
        right.addWidget(self.scan)
        right.addWidget(self.board, 1)
        picks = QPushButton(self.tr("Print pick lists"))
        picks.clicked.connect(self.print_pick_lists)
        right.addWidget(picks)
        back = QPushButton(self.tr("Esc Back to the till"))
        back.clicked.connect(self.back_requested.emit)
        back.setVisible(user.has("cashier") or user.has("manager"))
        right.addWidget(back)
        self.large_type = QPushButton(self.tr("F8 Large type"))
        self.large_type.setObjectName("largeType")
        self.large_type.setCheckable(True)
        self.large_type.setChecked(bool(services.settings.get("elder_mode")))
        self.large_type.toggled.connect(self.set_large_type)
        right.addWidget(self.large_type)
        sign_out = QPushButton(self.tr("F11 Sign out"))
        sign_out.clicked.connect(self.lock_requested.emit)
        right.addWidget(sign_out)

        body = QHBoxLayout(self)
        for layout, stretch in ((left, 2), (middle, 4), (right, 2)):
            frame = QFrame()
            frame.setLayout(layout)
            body.addWidget(frame, stretch)
        for key, slot in (
            ("F2", self.resident_find.setFocus),
            ("F3", self.repeat_last),
            ("F4", self.new_resident),
            ("F5", self.edit_resident),
            ("F8", self.large_type.toggle),
            ("F11", self.lock_requested.emit),
            ("F12", self.place),
        ):
            QShortcut(QKeySequence(key), self, slot, context=Qt.ShortcutContext.WindowShortcut)
        self.refresh_board()
        self._apply_large_type(self.large_type.isChecked())

    # -- the elder-friendly mode (适老化) -----------------------------------------------------------
    def set_large_type(self, on: bool) -> None:
        """Large type and targets on this screen, its dialogs and the slips it prints; kept for next time."""
        self.s.settings.change("elder_mode", on, self.user)
        self._apply_large_type(on)

    def _apply_large_type(self, on: bool) -> None:
        self.setStyleSheet(elder_style() if on else "")  # cascades to the screen's dialogs too

    # -- feedback ------------------------------------------------------------------------------------
    def say(self, text: str, error: bool = False) -> None:
        self.message.setObjectName("error" if error else "ok")
        self.message.setStyleSheet("")  # re-read the object name's style
        self.message.setText(text)
        self.message.show()

    # -- resident ------------------------------------------------------------------------------------
    def find_resident(self) -> None:
        self.found.clear()
        self.found_message.hide()
        text = self.resident_find.text().strip()
        if not text:
            return
        found = self.s.residents.find_residents(text, self.user)
        if not found:
            self.found_message.setText(self.tr("No resident matches “{0}”. F4 adds a new one.").format(text))
            self.found_message.show()
        for r in found:
            item = QListWidgetItem(f"{r.name}　{' / '.join(r.phones)}　{r.compound}")
            item.setData(Qt.ItemDataRole.UserRole, r)
            self.found.addItem(item)
        if len(found) == 1:
            self.choose(found[0])
        elif found:
            self.found.setCurrentRow(0)
            self.found.setFocus()

    def _choose(self, item: QListWidgetItem) -> None:
        self.choose(item.data(Qt.ItemDataRole.UserRole))

    def choose(self, r: ResidentView) -> None:
        self.resident = r
        self._show_card(r)
        self.edit_button.setEnabled(True)
        self.items = []
        self._show_items()
        self.item.setFocus()

    def _show_card(self, r: ResidentView) -> None:
        family = self.tr("Family: {0}").format(r.family) if r.family else ""
        self.card.setText(
            "<br>".join(x for x in (f"<b>{r.name}</b>　{' / '.join(r.phones)}", r.address, r.notes, family) if x)
        )

    def new_resident(self) -> None:
        """A resident not yet on the list: the name or phone typed in the search comes along."""
        typed = self.resident_find.text().strip()
        form = ResidentForm(phones=(typed,)) if is_digits(typed) else ResidentForm(name=typed)
        self._open_form(form)

    def edit_resident(self) -> None:
        if self.resident is None:
            self.say(self.tr("Find the resident first (F2)"), error=True)
            return
        try:
            form = self.s.residents.form(self.resident.code, self.user)
        except PosError as exc:  # a cashier on this screen sees residents but does not edit them
            self.say(error_text(exc), error=True)
            return
        self._open_form(form, keep_order=True)

    def _open_form(self, form: ResidentForm, keep_order: bool = False) -> None:
        dlg = ResidentDialog(self.s.residents, self.user, form, self.s.today(), self)
        if dlg.exec() != QDialog.DialogCode.Accepted or dlg.saved is None:
            return
        self.found_message.hide()
        self.say(self.tr("Saved: {0}").format(dlg.saved.name))
        if keep_order:  # a changed phone or room: the order being taken stays
            self.resident = dlg.saved
            self._show_card(dlg.saved)
            self.item.setFocus()
        else:
            self.choose(dlg.saved)

    # -- order ---------------------------------------------------------------------------------------
    def _quantity(self, p: ProductView) -> int:
        text = self.qty.text().strip() or "1"
        return parse_weight(text, weight_unit(p.unit_label)) if p.sold_by_weight else parse_count(text)

    def add_item(self) -> None:
        text = self.item.text().strip()
        self.item.clear()
        if not text:
            return
        product = self.s.catalog.by_code(text) if is_digits(text) and len(text) > 6 else None
        if product is None and is_digits(text) and len(text) <= 6:
            product = self.s.catalog.by_plu(int(text))
        if product is None:
            dlg = SearchDialog(self.s.catalog, text, self)
            if dlg.exec() != QDialog.DialogCode.Accepted or dlg.chosen is None:
                return
            product = dlg.chosen
        try:
            product = self.s.catalog.get(product.id)  # with today's stock
            self.items.append((product, self._quantity(product)))
        except PosError as exc:
            self.say(error_text(exc), error=True)
            return
        self.qty.setText("1")
        self._show_items()

    def repeat_last(self) -> None:
        if self.resident is None:
            self.say(self.tr("Find the resident first (F2)"), error=True)
            return
        last = self.s.deliveries.last_order_items(self.resident.code)
        if not last:
            self.say(self.tr("No earlier order"), error=True)
            return
        self.items = [(self.s.catalog.get(pid), q) for pid, q in last]
        self._show_items()

    def _show_items(self) -> None:
        self.table.setRowCount(len(self.items))
        total = 0
        for r, (p, q) in enumerate(self.items):
            amount = weighed_amount(q, p.price_fen) if p.sold_by_weight else q * p.price_fen
            total += amount
            shown = quantity_text(q, p.sold_by_weight, p.unit_label)
            marks = [self.tr("Certified")] if p.certified else []
            if p.pass_through:
                marks.append(self.tr("Household"))
            if p.stock is not None and p.stock < q:  # only what the volunteer must tell the resident
                stock = quantity_text(p.stock, True, p.unit_label) if p.sold_by_weight else str(p.stock)
                marks.append(self.tr("short: {0}").format(stock))
            for c, v in enumerate((p.name, shown, format_fen(amount), " · ".join(marks))):
                self.table.setItem(r, c, QTableWidgetItem(v))
        self.total.setText(format_fen(total))

    def place(self) -> None:
        try:
            if self.resident is None:
                raise InvalidInput(what="no resident", what_zh="请先找到老人（F2）")
            d = self.day.date()
            order = self.s.deliveries.create_order(
                self.resident.code,
                [(p.id, q) for p, q in self.items],
                day=date(d.year(), d.month(), d.day()),
                slot=self.slot.currentText(),
                by=self.user,
                notes=self.notes.text(),
            )
        except PosError as exc:
            self.say(error_text(exc), error=True)
            return
        self.say(self.tr("Order {0} placed: {1}").format(order.order_no, format_fen(order.total_fen)))
        self.items = []
        self._show_items()
        self.refresh_board()
        self.last_slip = delivery_slip_pdf(
            self.s.deliveries.get(order.order_no, self.user),
            self.s.station.station_name,
            large=self.large_type.isChecked(),
        )
        PdfPreview(self.tr("Delivery slip"), self.last_slip, self).exec()

    # -- board and slips ---------------------------------------------------------------------------
    def refresh_board(self) -> None:
        self.board.clear()
        d = self.day.date()
        for state, orders in self.s.delivery_board.board(date(d.year(), d.month(), d.day()), self.user).items():
            for o in orders:
                item = QListWidgetItem(
                    f"{STATE_ZH[state]}　{o.order_no[-6:]}　{o.resident.name}　{format_fen(o.total_fen)}"
                )
                item.setData(Qt.ItemDataRole.UserRole, o.order_no)
                self.board.addItem(item)

    def print_pick_lists(self) -> None:
        from pos_app.reports.delivery_docs import pick_lists_pdf

        d = self.day.date()
        routes = self.s.delivery_board.routes(date(d.year(), d.month(), d.day()))
        PdfPreview(self.tr("Pick lists"), pick_lists_pdf(routes, self.s.station.station_name), self).exec()

    def _open_item(self, item: QListWidgetItem) -> None:
        self.open_order(item.data(Qt.ItemDataRole.UserRole))

    def open_scanned(self) -> None:
        text = self.scan.text().strip()
        self.scan.clear()
        if text:
            self.open_order(text)

    def open_order(self, order_no: str) -> None:
        try:
            order = self.s.deliveries.get(order_no, self.user)
        except PosError as exc:
            self.say(error_text(exc), error=True)
            return
        OrderDialog(self.s, order, self.user, self).exec()
        self.refresh_board()
