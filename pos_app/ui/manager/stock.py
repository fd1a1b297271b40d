"""Stock: what the station has of each product (a household's goods shown as its), a threshold and
the "below threshold" list, a product's stock card, and writing off goods under a manager's PIN."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from pos_app.bootstrap import Services
from pos_app.domain.clock import format_local
from pos_app.domain.errors import InvalidInput, PosError
from pos_app.domain.money import quantity_text
from pos_app.services.stock import StockRow
from pos_app.services.users import UserView
from pos_app.ui.dialogs import ManagerPinDialog
from pos_app.ui.look import error_text
from pos_app.ui.manager.tables import fill, table

PAGE = 500


class NearExpiryDialog(QDialog):
    """Received batches whose expiry date falls within N days (or has passed), of goods on hand."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.s = services
        self.setWindowTitle(self.tr("Near-expiry batches"))
        self.days = QSpinBox()
        self.days.setRange(0, 365)
        self.days.setValue(30)
        self.days.setSuffix(self.tr(" days"))
        self.days.valueChanged.connect(self.refresh)
        self.table = table(
            [
                self.tr("Expiry"),
                self.tr("Days left"),
                self.tr("Product"),
                self.tr("Batch"),
                self.tr("Supplier"),
                self.tr("Goods receipt"),
            ]
        )
        for column, width in enumerate((100, 80, 220, 90, 170)):
            self.table.setColumnWidth(column, width)
        self.count = QLabel()
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.accept)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Expiring within")))
        top.addWidget(self.days)
        top.addWidget(self.count, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(close)
        self.resize(900, 480)
        self.refresh()

    def refresh(self) -> None:
        rows = self.s.purchasing.near_expiry(self.days.value())
        fill(
            self.table,
            [
                [
                    r.expiry.isoformat(),
                    self.tr("expired") if r.days_left < 0 else str(r.days_left),
                    r.name,
                    r.batch,
                    r.supplier_name,
                    r.doc_no,
                ]
                for r in rows
            ],
        )
        self.count.setText(self.tr("{0} batches").format(len(rows)))


class StockTab(QWidget):
    def __init__(self, services: Services, user: UserView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.s = services
        self.user = user
        self._rows: list[StockRow] = []
        self.search = QLineEdit()
        self.search.setObjectName("stockSearch")
        self.search.setPlaceholderText(self.tr("Barcode, name or pinyin initials"))
        self.search.textChanged.connect(self.refresh)
        self.below = QCheckBox(self.tr("Below threshold only"))
        self.below.toggled.connect(self.refresh)
        expiring = QPushButton(self.tr("Near-expiry batches…"))
        expiring.clicked.connect(self.near_expiry)
        self.table = table(
            [
                self.tr("Code"),
                self.tr("Product"),
                self.tr("On hand"),
                self.tr("Threshold"),
                self.tr("Household's goods"),
            ]
        )
        for column, width in enumerate((130, 260, 110, 110)):
            self.table.setColumnWidth(column, width)
        self.table.itemSelectionChanged.connect(self.show_card)
        self.card = table(
            [self.tr("Time"), self.tr("Movement"), self.tr("Document"), self.tr("Change"), self.tr("Balance")]
        )
        self.card.setColumnWidth(0, 140)
        self.card.setColumnWidth(2, 180)
        self.minimum = QLineEdit()
        self.minimum.setPlaceholderText(self.tr("threshold (pieces, or 斤 / kg as the product is sold) — Enter"))
        self.minimum.returnPressed.connect(self.set_minimum)
        self.quantity = QLineEdit()
        self.quantity.setPlaceholderText(self.tr("quantity to write off"))
        self.reason = QComboBox()
        for code, name in (
            ("spoiled", self.tr("Spoiled")),
            ("broken", self.tr("Broken")),
            ("expired", self.tr("Expired")),
            ("lost", self.tr("Lost")),
            ("other", self.tr("Other")),
        ):
            self.reason.addItem(name, code)
        write_off = QPushButton(self.tr("Write off (manager PIN)…"))
        write_off.clicked.connect(self.write_off)
        self.quantity.returnPressed.connect(self.write_off)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.hide()
        self.notice = QLabel()
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.below)
        top.addWidget(expiring)
        actions = QHBoxLayout()
        actions.addWidget(self.minimum, 2)
        actions.addWidget(self.quantity, 1)
        actions.addWidget(self.reason)
        actions.addWidget(write_off)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 3)
        layout.addLayout(actions)
        layout.addWidget(self.error)
        layout.addWidget(self.notice)
        layout.addWidget(QLabel(self.tr("Stock card of the selected product")))
        layout.addWidget(self.card, 2)
        self.setFocusProxy(self.search)  # the tab opens with the cursor where its work starts
        self.refresh()

    def refresh(self) -> None:
        self._rows = self.s.stock.on_hand(self.search.text(), below_minimum=self.below.isChecked(), limit=PAGE)
        fill(
            self.table,
            [
                [
                    r.code,
                    r.name,
                    quantity_text(r.on_hand, r.sold_by_weight, r.unit_label),
                    quantity_text(r.minimum, r.sold_by_weight, r.unit_label) if r.minimum is not None else "",
                    r.household_code or "",
                ]
                for r in self._rows
            ],
        )
        if 0 <= self.table.currentRow() < len(self._rows):
            self.show_card()  # the selected product's card, as the list now stands
        else:
            self.card.setRowCount(0)

    def near_expiry(self) -> None:
        NearExpiryDialog(self.s, self).exec()

    def _selected(self) -> StockRow:
        row = self.table.currentRow()
        if not 0 <= row < len(self._rows):
            raise InvalidInput(what=self.tr("choose a product in the list"))
        return self._rows[row]

    def _fail(self, exc: PosError) -> None:
        self.error.setText(error_text(exc))
        self.error.show()

    def show_card(self) -> None:
        row = self.table.currentRow()
        if not 0 <= row < len(self._rows):
            return
        r = self._rows[row]
        self.minimum.setPlaceholderText(self.tr("threshold in {0} — Enter").format(r.unit))
        self.quantity.setPlaceholderText(self.tr("quantity to write off, in {0}").format(r.unit))
        fill(
            self.card,
            [
                [
                    format_local(c.at, "%Y-%m-%d %H:%M"),
                    self._movement(c.reason),
                    c.document,
                    ("+" if c.delta > 0 else "") + quantity_text(c.delta, r.sold_by_weight, r.unit_label),
                    quantity_text(c.balance, r.sold_by_weight, r.unit_label),
                ]
                for c in self.s.stock.card(r.product_id)
            ],
        )

    def _movement(self, reason: str) -> str:
        return {
            "sale": self.tr("Sale"),
            "refund": self.tr("Refund"),
            "intake": self.tr("Consignment intake"),
            "receipt": self.tr("Goods receipt"),
            "return": self.tr("Return to supplier"),
            "writeoff": self.tr("Write-off"),
            "stocktake": self.tr("Stocktake"),
            "opening": self.tr("Opening stock"),
            "other_tills": self.tr("The station's other tills (as of the last sync)"),
        }.get(reason, reason)

    def set_minimum(self) -> None:
        self.error.hide()
        try:
            r = self._selected()
            text = self.minimum.text().strip()
            value = self.s.stock.quantity(r.code or r.name, text) if text else None
            self.s.stock.set_minimum(r.product_id, value, by=self.user)
        except PosError as exc:
            self._fail(exc)
            return
        self.minimum.clear()
        self.refresh()

    def write_off(self) -> None:
        self.error.hide()
        try:
            r = self._selected()
            quantity = self.s.stock.quantity(r.code, self.quantity.text())
            pin = ManagerPinDialog(self.s.users, self.tr("write-off of {0}").format(r.name), self)
            if pin.exec() != QDialog.DialogCode.Accepted or pin.approver is None:
                return
            done = self.s.stock.write_off(
                r.code, quantity, str(self.reason.currentData()), by=self.user, approver=pin.approver
            )
        except PosError as exc:
            self._fail(exc)
            return
        self.quantity.clear()
        self.notice.setText(self.tr("{0}: written off").format(done.doc_no))
        self.refresh()
