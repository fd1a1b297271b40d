"""Goods receiving (进货入库) and returns to a supplier: scan, quantity, cost, Enter — line by line,
keyboard only — then F12 books the delivery and shows its document."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pos_app.bootstrap import Services
from pos_app.domain.errors import InvalidInput, PosError
from pos_app.domain.money import format_fen, quantity_amount, quantity_text, shelf_price
from pos_app.reports.purchasing_docs import goods_receipt_pdf
from pos_app.services.purchasing import ReceiptDoc, ReceiptItem, ReceivableProduct
from pos_app.services.users import UserView
from pos_app.ui.look import error_text
from pos_app.ui.manager.tables import fill, table
from pos_app.ui.receipt_preview import PdfPreview


class ReceivingTab(QWidget):
    def __init__(self, services: Services, user: UserView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.s = services
        self.user = user
        self.done: ReceiptDoc | None = None
        self._lines: list[tuple[ReceivableProduct, ReceiptItem]] = []
        self._product: ReceivableProduct | None = None
        self.supplier = QComboBox()
        self.supplier.setObjectName("receivingSupplier")
        self.note = QLineEdit()
        self.note.setPlaceholderText(self.tr("the supplier's delivery note number"))
        self.is_return = QCheckBox(self.tr("Return to the supplier (退货)"))
        self.code = QLineEdit()
        self.code.setObjectName("receivingCode")
        self.code.setPlaceholderText(self.tr("Scan or type a barcode / PLU — Enter"))
        self.quantity = QLineEdit()
        self.quantity.setObjectName("receivingQuantity")
        self.quantity.setPlaceholderText(self.tr("quantity"))
        self.cost = QLineEdit()
        self.cost.setObjectName("receivingCost")
        self.cost.setPlaceholderText(self.tr("cost price (yuan)"))
        self.batch = QLineEdit()
        self.batch.setPlaceholderText(self.tr("batch (optional)"))
        self.expiry = QLineEdit()
        self.expiry.setPlaceholderText(self.tr("expiry date (optional), e.g. 2027-05-01"))
        self.product_label = QLabel()
        self.product_label.setObjectName("muted")
        self.table = table(
            [
                self.tr("Product"),
                self.tr("Quantity"),
                self.tr("Cost price"),
                self.tr("Amount"),
                self.tr("Batch"),
                self.tr("Expiry"),
            ]
        )
        self.table.setColumnWidth(0, 260)
        self.total = QLabel()
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.hide()
        self.book = QPushButton(self.tr("Book the delivery (F12)"))
        self.book.setObjectName("primary")
        self.book.clicked.connect(self.submit)
        remove = QPushButton(self.tr("Remove last line"))
        remove.clicked.connect(self.remove_last)
        head = QFormLayout()
        head.addRow(self.tr("Supplier"), self.supplier)
        head.addRow(self.tr("Delivery note"), self.note)
        head.addRow("", self.is_return)
        entry = QHBoxLayout()
        for w, stretch in ((self.code, 3), (self.quantity, 1), (self.cost, 1), (self.batch, 1), (self.expiry, 2)):
            entry.addWidget(w, stretch)
        buttons = QHBoxLayout()
        buttons.addWidget(self.total, 1)
        buttons.addWidget(remove)
        buttons.addWidget(self.book)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addLayout(entry)
        layout.addWidget(self.product_label)
        layout.addWidget(self.error)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.code.returnPressed.connect(self.find_product)
        self.quantity.returnPressed.connect(self.cost.setFocus)
        for field in (self.cost, self.batch, self.expiry):
            field.returnPressed.connect(self.add_line)
        QShortcut(QKeySequence("F12"), self, self.submit, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.setFocusProxy(self.code)  # the tab opens with the cursor where its work starts
        self.refresh()

    def refresh(self) -> None:
        current = self.supplier.currentData()
        self.supplier.clear()
        for v in self.s.suppliers.all():
            self.supplier.addItem(f"{v.code}  {v.name}", v.code)
        if current is not None and (i := self.supplier.findData(current)) >= 0:
            self.supplier.setCurrentIndex(i)
        self._show()

    def _fail(self, exc: PosError) -> None:
        self.error.setText(error_text(exc))
        self.error.show()

    def find_product(self) -> None:
        self.error.hide()
        try:
            p = self.s.purchasing.product(self.code.text())
        except PosError as exc:
            self._fail(exc)
            self.code.selectAll()
            return
        self._product = p
        self.product_label.setText(self.tr("{0} — quantity in {1}, cost in yuan per {1}").format(p.name, p.unit))
        self.quantity.setPlaceholderText(p.unit)
        offered = p.offered_cost_fen
        self.cost.setText(format_fen(offered, symbol=False) if offered is not None else "")
        self.quantity.setFocus()

    def add_line(self) -> None:
        self.error.hide()
        p = self._product
        try:
            if p is None:
                raise InvalidInput(what=self.tr("scan a product first"))
            item = p.item(
                self.code.text(), self.quantity.text(), self.cost.text(), self.batch.text(), self.expiry.text()
            )
        except PosError as exc:
            self._fail(exc)
            return
        self._lines.append((p, item))
        self._product = None
        for field in (self.code, self.quantity, self.cost, self.batch, self.expiry):
            field.clear()
        self.product_label.clear()
        self.quantity.setPlaceholderText(self.tr("quantity"))
        self._show()
        self.code.setFocus()

    def remove_last(self) -> None:
        if self._lines:
            self._lines.pop()
            self._show()
        self.code.setFocus()

    def _show(self) -> None:
        rows = []
        total = 0
        for p, item in self._lines:
            amount = quantity_amount(item.quantity, item.unit_cost_fen, p.sold_by_weight)
            total += amount
            rows.append(
                [
                    p.name,
                    quantity_text(item.quantity, p.sold_by_weight, p.unit_label),
                    shelf_price(item.unit_cost_fen, p.unit_label, p.sold_by_weight)
                    + ("" if p.sold_by_weight else f"/{p.unit_label}"),
                    format_fen(amount),
                    item.batch,
                    item.expiry.isoformat() if item.expiry else "",
                ]
            )
        fill(self.table, rows)
        self.total.setText(self.tr("{0} lines, cost {1}").format(len(rows), format_fen(total)))

    def submit(self) -> None:
        self.error.hide()
        try:
            if self.supplier.currentData() is None:
                raise InvalidInput(what=self.tr("add the supplier first (Suppliers tab)"))
            self.done = self.s.purchasing.receive(
                str(self.supplier.currentData()),
                [item for _, item in self._lines],
                by=self.user,
                note=self.note.text(),
                kind="return" if self.is_return.isChecked() else "receipt",
            )
        except PosError as exc:
            self._fail(exc)
            return
        self._lines.clear()
        self.note.clear()
        self.is_return.setChecked(False)
        self._show()
        PdfPreview(self.done.doc_no, goods_receipt_pdf(self.done), self).exec()
        self.code.setFocus()
