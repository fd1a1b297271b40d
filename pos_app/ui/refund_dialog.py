"""Refund: scan or type the receipt number, choose quantities, give a reason, a manager approves."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pos_app.domain.errors import InvalidInput, PosError
from pos_app.domain.money import format_fen, parse_weight, quantity_text, weight_unit
from pos_app.domain.text import is_digits
from pos_app.services.refunds import RefundableSale, RefundDone, RefundService
from pos_app.services.users import UserService, UserView
from pos_app.ui.dialogs import ManagerPinDialog
from pos_app.ui.look import error_text


class RefundDialog(QDialog):
    def __init__(
        self, refunds: RefundService, users: UserService, cashier: UserView, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Refund"))
        self._refunds = refunds
        self._users = users
        self._cashier = cashier
        self._sale: RefundableSale | None = None
        self.done_refund: RefundDone | None = None
        self.receipt = QLineEdit()
        self.receipt.setObjectName("refundReceipt")
        self.receipt.setPlaceholderText(self.tr("Scan the receipt's barcode or type its number"))
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("refundLines")
        self.table.setHorizontalHeaderLabels(
            [self.tr("Product"), self.tr("Sold"), self.tr("Can refund"), self.tr("Refund now"), self.tr("Money back")]
        )
        self.table.cellChanged.connect(self._quote)
        self.back = QLabel()  # where the money goes, before anyone approves it
        self.back.setObjectName("refundBack")
        self.back.setWordWrap(True)
        self.table.verticalHeader().hide()
        self.table.setTabKeyNavigation(False)  # Tab goes on to the reason; arrows move between lines
        self.table.setColumnWidth(0, 300)
        self.reason = QLineEdit()
        self.reason.setObjectName("refundReason")
        self.reason.setPlaceholderText(self.tr("Reason (required)"))
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.hide()
        go = QPushButton(self.tr("Refund (manager PIN)"))
        go.setObjectName("primary")
        go.clicked.connect(self.submit)
        cancel = QPushButton(self.tr("Cancel"))
        cancel.clicked.connect(self.reject)
        for button in (go, cancel):  # Enter after the scanned receipt number loads it, never refunds
            button.setAutoDefault(False)
        row = QHBoxLayout()
        row.addStretch()
        row.addWidget(go)
        row.addWidget(cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(self.receipt)
        layout.addWidget(self.table)
        layout.addWidget(self.back)
        layout.addWidget(self.reason)
        layout.addWidget(self.error)
        layout.addLayout(row)
        self.receipt.returnPressed.connect(self.load)
        self.reason.returnPressed.connect(self.submit)
        self.resize(760, 480)

    def _fail(self, exc: PosError) -> None:
        self.error.setText(error_text(exc))
        self.error.show()

    def load(self) -> None:
        self.error.hide()
        try:
            self._sale = self._refunds.find(self.receipt.text())
        except PosError as exc:
            self._fail(exc)
            return
        lines = self._sale.lines
        self.table.blockSignals(True)  # filling is not typing: no quote, no message yet
        self.table.setRowCount(len(lines))
        for r, li in enumerate(lines):

            def q(n: int, weighed: bool = li.sold_by_weight, unit: str = li.unit_label) -> str:
                return quantity_text(n, weighed, unit) if weighed else str(n)

            for c, text in enumerate((li.name, q(li.quantity), q(li.quantity_left), "", "")):
                item = QTableWidgetItem(text)
                if c != 3:
                    item.setFlags(item.flags() & ~item.flags().ItemIsEditable)
                self.table.setItem(r, c, item)
        self.table.blockSignals(False)
        self.back.setText(self.tr("Type the quantity to refund on each line; the money back shows here"))
        self.table.setFocus()
        if lines:
            self.table.setCurrentCell(0, 3)

    def _items(self) -> dict[int, int]:
        assert self._sale is not None
        items: dict[int, int] = {}
        for r, li in enumerate(self._sale.lines):
            cell = self.table.item(r, 3)
            text = cell.text().strip() if cell else ""
            if not text:
                continue
            if li.sold_by_weight:
                qty = parse_weight(text, weight_unit(li.unit_label))
            elif is_digits(text) and int(text) > 0:
                qty = int(text)
            else:
                raise InvalidInput(what=self.tr("line {0}: quantity {1}").format(li.line_no, text))
            items[li.line_no] = qty
        return items

    def _quote(self, _row: int = 0, column: int = 3) -> None:
        """Each line's money back and the tenders it returns over, as the quantities are typed."""
        if self._sale is None or column != 3:
            return
        self.table.blockSignals(True)
        try:
            quote = self._refunds.quote(self._sale, self._items())
            amounts = dict(quote.lines)
            for r, li in enumerate(self._sale.lines):
                cell = self.table.item(r, 4)
                if cell is not None:
                    cell.setText(format_fen(amounts[li.line_no]) if li.line_no in amounts else "")
            if quote.total_fen:
                back = "、".join(f"{name} {format_fen(amount)}" for name, amount in quote.tenders)
                self.back.setText(
                    self.tr("Money back {0}, the way it was paid: {1}").format(format_fen(quote.total_fen), back)
                )
            else:
                self.back.setText("")
        except PosError as exc:
            self.back.setText(error_text(exc))
            for r in range(self.table.rowCount()):  # no amount stands beside a quantity that is refused
                cell = self.table.item(r, 4)
                if cell is not None:
                    cell.setText("")
        finally:
            self.table.blockSignals(False)

    def submit(self) -> None:
        self.error.hide()
        if self._sale is None:
            self.load()
            return
        try:
            items = self._items()
            if not items:
                raise InvalidInput(what=self.tr("type a quantity to refund on at least one line"))
            pin = ManagerPinDialog(self._users, self.tr("refund of {0}").format(self._sale.receipt_no), self)
            if pin.exec() != QDialog.DialogCode.Accepted or pin.approver is None:
                return
            self.done_refund = self._refunds.refund(
                self._sale.receipt_no, items, cashier=self._cashier, approver=pin.approver, reason=self.reason.text()
            )
        except PosError as exc:
            self._fail(exc)
            return
        self.accept()

    def summary(self) -> str:
        r = self.done_refund
        if r is None:
            return ""
        back = ", ".join(f"{name} {format_fen(amount)}" for name, amount in r.tender_names)
        return self.tr("Refund {0}: {1} back ({2})").format(r.receipt_no, format_fen(r.total_fen), back)
