"""The manager area: certificates, households (ledger, intake, settlement), buyers and subscriptions.

Every action goes through a service; documents (intake slips, statements) open in the PDF preview.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
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
from pos_app.ui.background import Background
from pos_app.ui.look import error_text, refusal_text
from pos_app.ui.product_list import ProductsTab
from pos_app.ui.receipt_preview import PdfPreview
from pos_app.ui.search_dialog import SearchDialog
from pos_app.ui.sync_tab import SyncTab


def _table(headers: list[str]) -> QTableWidget:
    t = QTableWidget(0, len(headers))
    t.setHorizontalHeaderLabels(headers)
    t.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    t.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
    t.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    t.verticalHeader().hide()
    t.horizontalHeader().setStretchLastSection(True)
    return t


def _fill(t: QTableWidget, rows: list[list[str]]) -> None:
    t.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            t.setItem(r, c, QTableWidgetItem(value))


class CertificatesTab(QWidget):
    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.s = services
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Certificate number, product or supplier"))
        self.expiring = QCheckBox(self.tr("Expiring within 30 days"))
        self.unmatched = QCheckBox(self.tr("Not linked to a product"))
        self.table = _table(
            [
                self.tr("Certificate"),
                self.tr("Product"),
                self.tr("Supplier"),
                self.tr("Valid from"),
                self.tr("Valid to"),
                self.tr("Products"),
                self.tr("Status"),
            ]
        )
        self.table.setColumnWidth(0, 140)
        self.table.setColumnWidth(1, 150)
        self.table.setColumnWidth(2, 240)
        import_button = QPushButton(self.tr("Import list…"))
        import_button.clicked.connect(self.import_file)
        link = QPushButton(self.tr("Link to a product…"))
        link.clicked.connect(self.link)
        self.status = QLabel()
        self.status.setObjectName("muted")
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.expiring)
        top.addWidget(self.unmatched)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(link)
        bottom.addWidget(import_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table)
        layout.addLayout(bottom)
        self.search.textChanged.connect(self.refresh)
        self.expiring.toggled.connect(self.refresh)
        self.unmatched.toggled.connect(self.refresh)
        self.refresh()

    def refresh(self, *_: object) -> None:
        cs = self.s.certification
        today = cs.today()
        if self.expiring.isChecked():
            certs = cs.expiring(30)
        elif self.unmatched.isChecked():
            certs = cs.unmatched()
        else:
            certs = cs.search(self.search.text())
        self._certs = certs
        rows = []
        for c in certs:
            if not c.valid_on(today):
                state = self.tr("Expired") if c.valid_to < today else self.tr("Not yet valid")
            elif c.valid_to <= today.fromordinal(today.toordinal() + 30):
                state = self.tr("Expires soon")
            else:
                state = self.tr("Valid")
            rows.append(
                [
                    c.cert_no,
                    c.product_name,
                    c.supplier_name,
                    c.valid_from.isoformat(),
                    c.valid_to.isoformat(),
                    str(c.linked_products),
                    state,
                ]
            )
        _fill(self.table, rows)
        self.status.setText(self.tr("{0} certificates").format(len(certs)))

    def import_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Certified-product list"), "", "CSV / Excel (*.csv *.xlsx)")
        if path:
            self.import_path(Path(path))

    def import_path(self, path: Path) -> None:
        try:
            rep = self.s.certification.import_file(path)
        except PosError as exc:
            QMessageBox.warning(self, self.tr("Nothing imported"), refusal_text(exc))
            return
        self.status.setText(
            self.tr("{0} new, {1} updated, {2} not linked yet").format(rep.created, rep.updated, len(rep.unmatched))
        )
        self.refresh()

    def link(self) -> None:
        row = self.table.currentRow()
        if not 0 <= row < len(self._certs):
            return
        dlg = SearchDialog(self.s.catalog, self._certs[row].product_name, self)
        if dlg.exec() == QDialog.DialogCode.Accepted and dlg.chosen is not None:
            self.s.certification.link(self._certs[row].cert_no, dlg.chosen.id)
            self.refresh()


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
        self.table = _table(
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
        _fill(
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
        t = _table([self.tr("Date"), self.tr("Document"), self.tr("Product"), self.tr("Quantity"), self.tr("Amount")])
        kinds = {"credit": "", "debit": self.tr(" (refund)"), "payout": self.tr("Paid out")}
        _fill(
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


class BuyersTab(QWidget):
    KINDS = ("person", "unit", "canteen", "union")

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.s = services
        self.buyers = _table([self.tr("Buyer"), self.tr("Kind"), self.tr("On account"), self.tr("Contact")])
        self.buyers.setColumnWidth(0, 220)
        self.subs = _table(
            [
                self.tr("Household"),
                self.tr("Head"),
                self.tr("Buyer"),
                self.tr("Produce"),
                self.tr("Quantity"),
                self.tr("From"),
            ]
        )
        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("New buyer's name"))
        self.kind = QComboBox()
        for k in self.KINDS:
            self.kind.addItem(self.kind_name(k), k)
        add = QPushButton(self.tr("Add buyer"))
        add.clicked.connect(self.add_buyer)
        self.household = QLineEdit()
        self.household.setPlaceholderText(self.tr("Household code"))
        self.produce = QLineEdit()
        self.produce.setPlaceholderText(self.tr("Produce, e.g. 土鸡蛋"))
        self.quantity = QLineEdit()
        self.quantity.setPlaceholderText(self.tr("How much, e.g. 每周 200 枚"))
        subscribe = QPushButton(self.tr("Subscribe selected buyer"))
        subscribe.clicked.connect(self.subscribe)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.hide()
        row1 = QHBoxLayout()
        for w in (self.name, self.kind, add):
            row1.addWidget(w)
        row2 = QHBoxLayout()
        for w in (self.household, self.produce, self.quantity, subscribe):
            row2.addWidget(w)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Buyers")))
        layout.addWidget(self.buyers)
        layout.addLayout(row1)
        layout.addWidget(QLabel(self.tr("Subscriptions (认购)")))
        layout.addWidget(self.subs)
        layout.addLayout(row2)
        layout.addWidget(self.error)
        self.refresh()

    def kind_name(self, kind: str) -> str:
        return {
            "person": self.tr("Person"),
            "unit": self.tr("Unit"),
            "canteen": self.tr("Canteen"),
            "union": self.tr("Union"),
        }[kind]

    def refresh(self) -> None:
        self._buyers = self.s.buyers.all()
        _fill(
            self.buyers,
            [
                [b.name, self.kind_name(b.kind), self.tr("yes") if b.institutional else "", b.contact]
                for b in self._buyers
            ],
        )
        _fill(
            self.subs,
            [
                [x.household_code, x.household_head, x.buyer_name, x.produce, x.quantity, x.start]
                for x in self.s.buyers.subscriptions()
            ],
        )

    def add_buyer(self) -> None:
        self.error.hide()
        try:
            self.s.buyers.add(self.name.text(), str(self.kind.currentData()))
        except PosError as exc:
            self.error.setText(error_text(exc))
            self.error.show()
            return
        self.name.clear()
        self.refresh()

    def subscribe(self) -> None:
        self.error.hide()
        row = self.buyers.currentRow()
        try:
            if not 0 <= row < len(self._buyers):
                raise InvalidInput(what=self.tr("choose a buyer"))
            self.s.buyers.subscribe(
                self._buyers[row].id, self.household.text().strip(), self.produce.text(), self.quantity.text()
            )
        except PosError as exc:
            self.error.setText(error_text(exc))
            self.error.show()
            return
        self.refresh()


class ReportsTab(QWidget):
    """Daily report and label sheets, rendered off the UI thread and shown in the preview."""

    def __init__(
        self, services: Services, user: UserView, background: Background, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.s = services
        self.user = user
        self.background = background
        self.day = QDateEdit()
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        today = services.today()
        self.day.setDate(QDate(today.year, today.month, today.day))
        daily = QPushButton(self.tr("Daily report"))
        daily.setObjectName("primary")
        daily.clicked.connect(self.daily)
        self.category = QComboBox()
        self.category.addItem(self.tr("All products"), "")
        for c in sorted({p.category for p in services.catalog.page(0, 100_000) if p.category}):
            self.category.addItem(c, c)
        self.layout_box = QComboBox()
        for key, label in (
            ("a4-3x8", self.tr("A4, 3 × 8")),
            ("a4-4x10", self.tr("A4, 4 × 10")),
            ("thermal-40x30", self.tr("Thermal 40 × 30 mm")),
            ("thermal-58x40", self.tr("Thermal 58 × 40 mm")),
        ):
            self.layout_box.addItem(label, key)
        labels = QPushButton(self.tr("Label sheet"))
        labels.clicked.connect(self.labels)
        self.status = QLabel()
        self.status.setObjectName("muted")
        form = QFormLayout(self)
        form.addRow(self.tr("Day"), self.day)
        form.addRow(daily)
        form.addRow(self.tr("Category"), self.category)
        form.addRow(self.tr("Label layout"), self.layout_box)
        form.addRow(labels)
        form.addRow(self.status)

    def _busy(self, text: str) -> None:
        self.status.setText(text)

    def _show(self, title: str) -> Callable[[bytes], None]:
        def show(pdf: bytes) -> None:
            self.status.setText("")
            self.last_pdf = pdf
            PdfPreview(title, pdf, self).exec()

        return show

    def _failed(self, exc: BaseException) -> None:
        self.status.setText(error_text(exc))

    def daily(self) -> None:
        from pos_app.reports.daily import daily_pdf

        d = self.day.date()
        day = date(d.year(), d.month(), d.day())
        reports, name, deliveries = self.s.reports, self.user.display_name, self.s.delivery_board
        self._busy(self.tr("Preparing the daily report…"))
        self.background.run(
            lambda: daily_pdf(reports.daily(day, name), deliveries.summary(day)),
            self._show(self.tr("Daily report")),
            self._failed,
        )

    def labels(self) -> None:
        from pos_app.reports.labels import label_sheet_pdf

        category = str(self.category.currentData() or "") or None
        layout = str(self.layout_box.currentData())
        labels = self.s.labels
        self._busy(self.tr("Preparing labels…"))
        self.background.run(
            lambda: label_sheet_pdf(labels.shelf_labels(category=category), layout),
            self._show(self.tr("Label sheet")),
            self._failed,
        )


class AuditTab(QWidget):
    """The audit log: filter, check the chain, export."""

    def __init__(self, services: Services, user: UserView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.s = services
        self.user = user
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Action, receipt, product or household"))
        self.table = _table(
            [
                self.tr("No."),
                self.tr("Time"),
                self.tr("User"),
                self.tr("Approved by"),
                self.tr("Action"),
                self.tr("Target"),
                self.tr("Details"),
            ]
        )
        for col, w in ((0, 60), (1, 150), (2, 80), (3, 80), (4, 100), (5, 160)):
            self.table.setColumnWidth(col, w)
        verify = QPushButton(self.tr("Check the chain"))
        verify.clicked.connect(self.verify)
        export = QPushButton(self.tr("Export…"))
        export.clicked.connect(self.export)
        self.status = QLabel()
        self.status.setObjectName("muted")
        row = QHBoxLayout()
        row.addWidget(self.status, 1)
        row.addWidget(verify)
        row.addWidget(export)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.table)
        layout.addLayout(row)
        self.search.textChanged.connect(self.refresh)
        self.refresh()

    def refresh(self, *_: object) -> None:
        import json

        rows = self.s.audit.entries(self.search.text(), limit=500)
        _fill(
            self.table,
            [
                [
                    str(e.seq),
                    format_local(e.at),
                    e.user,
                    e.approver,
                    e.action,
                    e.target,
                    json.dumps(e.detail, ensure_ascii=False),
                ]
                for e in rows
            ],
        )

    def verify(self) -> None:
        broken = self.s.audit.verify()
        self.status.setText(
            self.tr("The audit log is intact")
            if broken is None
            else self.tr("Broken at entry {0}: edited, deleted or reordered").format(broken)
        )

    def export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export the audit log"), "audit.xlsx", "Excel (*.xlsx);;CSV (*.csv)"
        )
        if path:
            n = self.s.audit.export(Path(path), self.user.id)
            self.status.setText(self.tr("{0} entries exported").format(n))


class ManagerArea(QDialog):
    def __init__(
        self,
        services: Services,
        user: UserView,
        parent: QWidget | None = None,
        background: Background | None = None,
        sync_now: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Manager — certificates, households, buyers"))
        self.tabs = QTabWidget()
        self.certificates = CertificatesTab(services)
        self.households = HouseholdsTab(services, user)
        self.buyers = BuyersTab(services)
        self.tabs.addTab(self.certificates, self.tr("Certified products"))
        self.tabs.addTab(self.households, self.tr("Households"))
        self.tabs.addTab(self.buyers, self.tr("Buyers and subscriptions"))
        self.products = ProductsTab(services)
        self.tabs.addTab(self.products, self.tr("Products"))
        self.background = background or Background(self)
        self.reports = ReportsTab(services, user, self.background)
        self.tabs.addTab(self.reports, self.tr("Reports and labels"))
        self.audit = AuditTab(services, user)
        self.tabs.addTab(self.audit, self.tr("Audit log"))
        self.sync = SyncTab(services, user, sync_now)
        self.tabs.addTab(self.sync, self.tr("District sync"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        self.resize(1180, 720)
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
