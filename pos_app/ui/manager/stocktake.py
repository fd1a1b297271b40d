"""Stocktake (盘点): start a count (every product or a category), scan each piece — or type a
quantity, or "12*barcode" — with the till keyboard, then a manager approves it (F12) and the
variance report opens. The count is kept in the station file until it is booked or cancelled."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pos_app.bootstrap import Services
from pos_app.domain.clock import format_local
from pos_app.domain.errors import InvalidInput, PosError
from pos_app.domain.money import format_fen, quantity_text
from pos_app.domain.stocktake import REASONS
from pos_app.reports.purchasing_docs import stocktake_pdf
from pos_app.services.stocktake import CountLine
from pos_app.services.users import UserView
from pos_app.ui.dialogs import ManagerPinDialog
from pos_app.ui.look import error_text
from pos_app.ui.manager.tables import fill, table
from pos_app.ui.receipt_preview import PdfPreview


class StocktakeTab(QWidget):
    def __init__(self, services: Services, user: UserView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.s = services
        self.user = user
        self._lines: list[CountLine] = []
        self._pending = ""  # a weighed product scanned, waiting for its weight
        self.category = QComboBox()
        self.start_button = QPushButton(self.tr("Start the stocktake"))
        self.start_button.setAutoDefault(True)  # Enter on it starts, as Space does
        self.start_button.clicked.connect(self.start)
        self.state = QLabel()
        self.code = QLineEdit()
        self.code.setObjectName("stocktakeCode")
        self.code.setPlaceholderText(self.tr("Scan a barcode / PLU (one piece each), or 12*barcode — Enter"))
        self.quantity = QLineEdit()
        self.quantity.setObjectName("stocktakeQuantity")
        self.quantity.setPlaceholderText(self.tr("quantity (pieces, or the weight in 斤 / kg as the product is sold)"))
        self.recount = QCheckBox(self.tr("Replace the count (recount)"))
        self.table = table(
            [
                self.tr("Code"),
                self.tr("Product"),
                self.tr("Books"),
                self.tr("Counted"),
                self.tr("Difference"),
                self.tr("Value"),
                self.tr("Reason"),
            ]
        )
        for column, width in enumerate((130, 240, 100, 100, 100, 90)):
            self.table.setColumnWidth(column, width)
        self.reason = QComboBox()
        for code, name in REASONS.items():
            self.reason.addItem(name, code)
        set_reason = QPushButton(self.tr("Set the reason"))
        set_reason.clicked.connect(self.set_reason)
        remove = QPushButton(self.tr("Remove the line"))
        remove.clicked.connect(self.remove)
        self.complete = QCheckBox(self.tr("The count is complete: products not counted have none"))
        self.summary = QLabel()
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.hide()
        self.book_button = QPushButton(self.tr("Approve and book (F12)…"))
        self.book_button.setObjectName("primary")
        self.book_button.clicked.connect(self.book)
        cancel = QPushButton(self.tr("Cancel the stocktake"))
        cancel.clicked.connect(self.cancel)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Count")))
        top.addWidget(self.category, 1)
        top.addWidget(self.start_button)
        top.addWidget(self.state, 2)
        entry = QHBoxLayout()
        entry.addWidget(self.code, 3)
        entry.addWidget(self.quantity, 2)
        entry.addWidget(self.recount)
        lines = QHBoxLayout()
        lines.addWidget(self.reason)
        lines.addWidget(set_reason)
        lines.addWidget(remove)
        lines.addStretch(1)
        lines.addWidget(self.complete)
        buttons = QHBoxLayout()
        buttons.addWidget(self.summary, 1)
        buttons.addWidget(cancel)
        buttons.addWidget(self.book_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(entry)
        layout.addWidget(self.error)
        layout.addWidget(self.table, 1)
        layout.addLayout(lines)
        layout.addLayout(buttons)
        self.code.returnPressed.connect(self.scan)
        self.quantity.returnPressed.connect(self.typed_quantity)
        QShortcut(QKeySequence("F12"), self, self.book, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.refresh()

    # -- the session ---------------------------------------------------------------------------------

    def refresh(self) -> None:
        current = self.category.currentData()
        self.category.clear()
        self.category.addItem(self.tr("every product"), "")
        for c in self.s.catalog.categories():
            self.category.addItem(c, c)
        if current is not None and (i := self.category.findData(current)) >= 0:
            self.category.setCurrentIndex(i)
        self._show()

    def _show(self) -> None:
        view = self.s.stocktake.current()
        is_open = view is not None
        for w in (self.code, self.quantity, self.recount, self.book_button, self.complete):
            w.setEnabled(is_open)
        self.start_button.setEnabled(not is_open)
        self.category.setEnabled(not is_open)
        # the tab opens where its work is: the scope and Start, or the scan field of the open count
        self.setFocusProxy(self.code if is_open else self.category)
        if view is None:
            self._lines = []
            self.state.setText(self.tr("No stocktake is open."))
            self.summary.clear()
            fill(self.table, [])
            return
        scope = view.category or self.tr("every product")
        self.state.setText(
            self.tr("Counting {0} since {1}").format(scope, format_local(view.started_at, "%m-%d %H:%M"))
        )
        self._lines = view.lines
        fill(
            self.table,
            [
                [
                    li.code,
                    li.name + (f" ({li.household_code})" if li.household_code else ""),
                    quantity_text(li.expected, li.sold_by_weight, li.unit_label),
                    quantity_text(li.counted, li.sold_by_weight, li.unit_label),
                    ("+" if li.difference > 0 else "") + quantity_text(li.difference, li.sold_by_weight, li.unit_label),
                    format_fen(li.value_fen) if li.costed else self.tr("no cost"),
                    REASONS.get(li.reason, li.reason) if li.reason else "",
                ]
                for li in self._lines
            ],
        )
        # the counted lines only, so a scan stays quick on a big catalog; the products a complete count
        # books as nothing are in the variance report the booking opens
        differ = [li for li in self._lines if li.difference]
        self.summary.setText(
            self.tr("{0} products counted; {1} differ, {2}").format(
                len(self._lines), len(differ), format_fen(sum(li.value_fen for li in differ))
            )
        )

    def _fail(self, exc: PosError) -> None:
        self.error.setText(error_text(exc))
        self.error.show()

    def start(self) -> None:
        self.error.hide()
        try:
            self.s.stocktake.start(str(self.category.currentData() or ""), by=self.user)
        except PosError as exc:
            self._fail(exc)
            return
        self._show()
        self.code.setFocus()

    # -- counting ------------------------------------------------------------------------------------

    def scan(self) -> None:
        """Enter in the code box: one piece, the typed quantity, or "quantity*code"; a weighed product
        waits for its weight in the quantity box."""
        self.error.hide()
        text = self.code.text().strip()
        if not text:
            return
        typed = self.quantity.text().strip()
        if "*" in text:
            typed, text = (part.strip() for part in text.split("*", 1))
        try:
            if not typed and (unit := self.s.stocktake.weighed(text)):
                self._pending = text
                self.quantity.setFocus()
                self.error.setText(self.tr("Weighed goods: type the weight in {0}, then Enter").format(unit))
                self.error.show()
                return
            self._count(text, typed)
        except PosError as exc:
            self._fail(exc)
            self.code.selectAll()

    def typed_quantity(self) -> None:
        code = self._pending or self.code.text().strip()
        if not code:
            self.code.setFocus()
            return
        self.error.hide()
        try:
            self._count(code, self.quantity.text())
        except PosError as exc:
            self._fail(exc)
            self.quantity.selectAll()

    def _count(self, code: str, typed: str) -> None:
        quantity = self.s.stocktake.quantity(code, typed) if typed.strip() else None
        line = self.s.stocktake.count(code, quantity, replace=self.recount.isChecked())
        self._pending = ""
        self.code.clear()
        self.quantity.clear()
        self.recount.setChecked(False)
        self._show()
        self.table.selectRow(0)  # the line just counted: latest first
        self.state.setText(
            self.tr("{0}: counted {1}").format(
                line.name, quantity_text(line.counted, line.sold_by_weight, line.unit_label)
            )
        )
        self.code.setFocus()

    def _selected(self) -> CountLine:
        row = self.table.currentRow()
        if not 0 <= row < len(self._lines):
            raise InvalidInput(what=self.tr("choose a line in the list"))
        return self._lines[row]

    def set_reason(self) -> None:
        self.error.hide()
        try:
            self.s.stocktake.set_reason(self._selected().product_id, str(self.reason.currentData()))
        except PosError as exc:
            self._fail(exc)
            return
        row = self.table.currentRow()
        self._show()
        self.table.selectRow(row)

    def remove(self) -> None:
        self.error.hide()
        try:
            self.s.stocktake.remove(self._selected().product_id)
        except PosError as exc:
            self._fail(exc)
            return
        self._show()
        self.code.setFocus()

    # -- the end -------------------------------------------------------------------------------------

    def cancel(self) -> None:
        self.error.hide()
        try:
            self.s.stocktake.cancel(by=self.user)
        except PosError as exc:
            self._fail(exc)
            return
        self._show()

    def book(self) -> None:
        self.error.hide()
        if self.s.stocktake.current() is None:
            return
        pin = ManagerPinDialog(self.s.users, self.tr("booking the stocktake"), self)
        if pin.exec() != QDialog.DialogCode.Accepted or pin.approver is None:
            return
        try:
            done = self.s.stocktake.book(
                by=self.user, approver=pin.approver, uncounted_as_zero=self.complete.isChecked()
            )
        except PosError as exc:
            self._fail(exc)
            return
        self.complete.setChecked(False)
        self._show()
        title = ", ".join(d.doc_no for d in done.documents) or self.tr("Stocktake: no difference")
        self.state.setText(title)
        PdfPreview(title, stocktake_pdf(done, self.s.station.station_name), self).exec()
        self.code.setFocus()
