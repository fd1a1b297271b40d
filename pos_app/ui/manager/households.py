"""Households: the registry, income progress and ledger, consignment intake, settlement."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pos_app.bootstrap import Services
from pos_app.domain.clock import format_local
from pos_app.domain.errors import InvalidInput, PosError
from pos_app.domain.money import format_fen, parse_weight, parse_yuan, shelf_price
from pos_app.domain.text import is_digits
from pos_app.importing.catalog import ProductInput
from pos_app.reports.household_docs import intake_slip_pdf, settlement_pdf
from pos_app.services.households.ledger import HouseholdProgress
from pos_app.services.users import UserView
from pos_app.ui.look import error_text, refusal_text
from pos_app.ui.manager.tables import fill, table
from pos_app.ui.receipt_preview import PdfPreview


class IntakeDialog(QDialog):
    """A household hands in goods: its product (or a new one), the quantity and its price."""

    UNITS = ("枚", "只", "袋", "盒", "件", "把", "斤", "kg")

    def __init__(self, services: Services, household_code: str, user: UserView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.s = services
        self.code = household_code
        self.user = user
        self.result_pdf: bytes | None = None
        h = services.households.get(household_code)
        self.setWindowTitle(self.tr("Consignment intake — {0} {1}").format(h.head_name, h.code))
        self.product = QComboBox()
        self.product.setObjectName("intakeProduct")
        self._products = services.consignment.products_of(household_code)
        for _pid, name, unit, price, by_weight in self._products:
            self.product.addItem(f"{name}  {shelf_price(price, unit, by_weight)}")
        self.product.addItem(self.tr("New product…"))
        self.name = QLineEdit()
        self.name.setObjectName("intakeName")
        self.unit = QComboBox()
        self.unit.addItems(self.UNITS)
        self.barcode = QLineEdit()
        self.barcode.setPlaceholderText(self.tr("optional"))
        self.quantity = QLineEdit()
        self.quantity.setObjectName("intakeQuantity")
        self.price = QLineEdit()
        self.price.setObjectName("intakePrice")
        self.price.setPlaceholderText(self.tr("the household's price per unit, yuan"))
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.hide()
        form = QFormLayout()
        form.addRow(self.tr("Product"), self.product)
        form.addRow(self.tr("New product name"), self.name)
        form.addRow(self.tr("Unit"), self.unit)
        form.addRow(self.tr("Barcode"), self.barcode)
        form.addRow(self.tr("Quantity (pieces, or weight in the unit)"), self.quantity)
        form.addRow(self.tr("Household's price (yuan per unit)"), self.price)
        note = QLabel(self.tr("Zero profit: the goods sell at the household's price and every fen goes to it."))
        note.setObjectName("muted")
        note.setWordWrap(True)
        ok = QPushButton(self.tr("Take in and print slip"))
        ok.setObjectName("primary")
        ok.clicked.connect(self.submit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.error)
        layout.addWidget(ok)
        self.product.currentIndexChanged.connect(self._toggle)
        self._toggle()

    def _toggle(self, *_: object) -> None:
        new = self.product.currentIndex() >= len(self._products)
        for w in (self.name, self.unit, self.barcode):
            w.setEnabled(new)

    def submit(self) -> None:
        try:
            i = self.product.currentIndex()
            if i < len(self._products):
                pid, _name, unit, _price, by_weight = self._products[i]
                new = None
            else:
                pid, unit = None, self.unit.currentText()
                by_weight = unit in ("斤", "kg")
            per_unit = parse_yuan(self.price.text())
            if by_weight:
                grams = parse_weight(self.quantity.text(), "斤" if unit == "斤" else "kg")
                price = per_unit * 2 if unit == "斤" else per_unit
                quantity = grams
            else:
                if not is_digits(self.quantity.text().strip()):
                    raise InvalidInput(what=self.tr("quantity"))
                quantity, price = int(self.quantity.text()), per_unit
            if pid is None:
                if not self.name.text().strip():
                    raise InvalidInput(what=self.tr("the new product's name"))
                codes = (self.barcode.text().strip(),) if self.barcode.text().strip() else ()
                new = ProductInput(self.name.text().strip(), unit, per_unit, codes, "农户代销")
            r = self.s.consignment.intake(
                self.code, quantity=quantity, price_fen=price, received_by=self.user, product_id=pid, new_product=new
            )
        except PosError as exc:
            self.error.setText(error_text(exc))
            self.error.show()
            return
        self.result_pdf = intake_slip_pdf(r)
        self.accept()


class HouseholdsTab(QWidget):
    def __init__(self, services: Services, user: UserView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.s = services
        self.user = user
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Code, name or village"))
        self.below = QCheckBox(self.tr("Below target"))
        self.no_buyer = QCheckBox(self.tr("No buyer"))
        self.table = table(
            [
                self.tr("Code"),
                self.tr("Head"),
                self.tr("Village"),
                self.tr("Category"),
                self.tr("Income this year"),
                self.tr("Progress"),
                self.tr("Balance"),
                self.tr("Last sale"),
                self.tr("Buyers"),
            ]
        )
        for col, w in ((0, 80), (1, 80), (2, 130), (3, 120), (4, 110), (5, 150), (6, 90), (7, 130)):
            self.table.setColumnWidth(col, w)
        self.table.setObjectName("householdTable")
        buttons = QHBoxLayout()
        for text, slot in (
            (self.tr("Ledger"), self.show_ledger),
            (self.tr("Intake…"), self.intake),
            (self.tr("Settle…"), self.settle),
            (self.tr("Import registry…"), self.import_file),
        ):
            b = QPushButton(text)
            b.clicked.connect(slot)
            buttons.addWidget(b)
        self.status = QLabel()
        self.status.setObjectName("muted")
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.below)
        top.addWidget(self.no_buyer)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self.search.textChanged.connect(self.refresh)
        self.below.toggled.connect(self.refresh)
        self.no_buyer.toggled.connect(self.refresh)
        self.refresh()

    def refresh(self, *_: object) -> None:
        self._rows: list[HouseholdProgress] = self.s.ledger.progress(
            self.search.text(), below_target=self.below.isChecked(), no_buyer=self.no_buyer.isChecked()
        )
        fill(
            self.table,
            [
                [
                    p.household.code,
                    p.household.head_name,
                    p.household.village,
                    p.household.category_name,
                    format_fen(p.income_fen),
                    "",
                    format_fen(p.balance_fen),
                    format_local(p.last_sale_at, "%m-%d %H:%M") if p.last_sale_at else "—",
                    str(p.buyers),
                ]
                for p in self._rows
            ],
        )
        for r, p in enumerate(self._rows):
            bar = QProgressBar()
            bar.setRange(0, 100)
            bar.setValue(p.percent)
            bar.setFormat(f"{p.percent}% / {format_fen(p.target_fen)}")
            self.table.setCellWidget(r, 5, bar)
        below = sum(1 for p in self._rows if p.below_target)
        self.status.setText(self.tr("{0} households, {1} below this year's target").format(len(self._rows), below))

    def selected(self) -> str | None:
        row = self.table.currentRow()
        return self._rows[row].household.code if 0 <= row < len(self._rows) else None

    def show_ledger(self) -> None:
        code = self.selected()
        if code is None:
            return
        dlg = QDialog(self)
        dlg.setWindowTitle(self.tr("Ledger of {0}").format(code))
        t = table([self.tr("Date"), self.tr("Document"), self.tr("Product"), self.tr("Quantity"), self.tr("Amount")])
        kinds = {"credit": "", "debit": self.tr(" (refund)"), "payout": self.tr("Paid out")}
        fill(
            t,
            [
                [
                    format_local(li.at, "%Y-%m-%d"),
                    li.document,
                    (li.product or "") + kinds[li.kind],
                    li.quantity,
                    format_fen(li.amount_fen),
                ]
                for li in self.s.ledger.ledger(code)
            ],
        )
        QVBoxLayout(dlg).addWidget(t)
        dlg.resize(760, 420)
        dlg.exec()

    def intake(self) -> None:
        code = self.selected()
        if code is None:
            return
        dlg = IntakeDialog(self.s, code, self.user, self)
        if dlg.exec() == QDialog.DialogCode.Accepted and dlg.result_pdf:
            PdfPreview(self.tr("Intake slip"), dlg.result_pdf, self).exec()
        self.refresh()

    def settle(self) -> None:
        code = self.selected()
        if code is None:
            return
        h = self.s.households.get(code)
        balance = self.s.ledger.balance(code)
        reference = ""
        if h.settlement_method == "bank":
            box = QDialog(self)
            box.setWindowTitle(self.tr("Bank transfer reference"))
            field = QLineEdit()
            form = QFormLayout(box)
            form.addRow(self.tr("Reference"), field)
            ok = QPushButton(self.tr("OK"))
            ok.clicked.connect(box.accept)
            form.addRow(ok)
            if box.exec() != QDialog.DialogCode.Accepted:
                return
            reference = field.text()
        answer = QMessageBox.question(
            self,
            self.tr("Settle"),
            self.tr("Pay {0} {1} to {2}?").format(
                format_fen(balance),
                self.tr("in cash") if h.settlement_method == "cash" else self.tr("by bank"),
                h.head_name,
            ),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            paid = self.s.settlement.settle(code, method=h.settlement_method, reference=reference, paid_by=self.user)
        except PosError as exc:
            QMessageBox.warning(self, self.tr("Not settled"), error_text(exc))
            return
        PdfPreview(self.tr("Settlement statement"), settlement_pdf(paid), self).exec()
        self.refresh()

    def import_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Household registry"), "", "CSV / Excel (*.csv *.xlsx)")
        if not path:
            return
        try:
            rep = self.s.households.import_file(Path(path))
        except PosError as exc:
            QMessageBox.warning(self, self.tr("Nothing imported"), refusal_text(exc))
            return
        self.status.setText(self.tr("{0} new, {1} updated").format(rep.created, rep.updated))
        self.refresh()
