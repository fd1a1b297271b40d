"""Suppliers: the list with the certificates each holds, and the form to add or change one."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pos_app.bootstrap import Services
from pos_app.domain.errors import PosError
from pos_app.importing.suppliers import SupplierInput
from pos_app.services.suppliers import SupplierView
from pos_app.services.users import UserView
from pos_app.ui.look import error_text
from pos_app.ui.manager.tables import fill, table


class SuppliersTab(QWidget):
    def __init__(self, services: Services, user: UserView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.s = services
        self.user = user
        self._rows: list[SupplierView] = []
        self.search = QLineEdit()
        self.search.setObjectName("supplierSearch")
        self.search.setPlaceholderText(self.tr("Code, name or credit code"))
        self.search.textChanged.connect(self.refresh)
        self.table = table(
            [
                self.tr("Code"),
                self.tr("Supplier"),
                self.tr("Credit code"),
                self.tr("Contact"),
                self.tr("Phone"),
                self.tr("Certificates held"),
            ]
        )
        for column, width in enumerate((80, 250, 190, 70, 120)):
            self.table.setColumnWidth(column, width)
        self.table.itemSelectionChanged.connect(self._pick)
        self.code = QLineEdit()
        self.name = QLineEdit()
        self.credit = QLineEdit()
        self.credit.setPlaceholderText(self.tr("18 characters, e.g. 93150400MA0N123454"))
        self.contact = QLineEdit()
        self.phone = QLineEdit()
        form = QFormLayout()
        form.addRow(self.tr("Code"), self.code)
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Unified social credit code"), self.credit)
        form.addRow(self.tr("Contact"), self.contact)
        form.addRow(self.tr("Phone"), self.phone)
        self.save_button = QPushButton(self.tr("Save supplier"))
        self.save_button.setObjectName("primary")
        self.save_button.clicked.connect(self.save)
        self.phone.returnPressed.connect(self.save)
        new = QPushButton(self.tr("New"))
        new.clicked.connect(self.clear_form)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.hide()
        self.notice = QLabel()
        buttons = QHBoxLayout()
        buttons.addWidget(self.notice, 1)
        buttons.addWidget(new)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.setFocusProxy(self.search)  # the tab opens with the cursor where its work starts
        self.refresh()

    def refresh(self) -> None:
        self._rows = self.s.suppliers.all(self.search.text())
        fill(
            self.table,
            [[v.code, v.name, v.credit_code, v.contact, v.phone, "、".join(v.certificates)] for v in self._rows],
        )

    def _pick(self) -> None:
        row = self.table.currentRow()
        if not 0 <= row < len(self._rows):
            return
        v = self._rows[row]
        for field, value in (
            (self.code, v.code),
            (self.name, v.name),
            (self.credit, v.credit_code),
            (self.contact, v.contact),
            (self.phone, v.phone),
        ):
            field.setText(value)

    def clear_form(self) -> None:
        for field in (self.code, self.name, self.credit, self.contact, self.phone):
            field.clear()
        self.error.hide()
        self.code.setFocus()

    def save(self) -> None:
        self.error.hide()
        item = SupplierInput(
            self.code.text(), self.name.text(), self.credit.text(), self.contact.text(), self.phone.text()
        )
        try:
            saved = self.s.suppliers.save(item, by=self.user)
        except PosError as exc:
            self.error.setText(error_text(exc))
            self.error.show()
            return
        self.notice.setText(self.tr("Saved {0} {1}").format(saved.code, saved.name))
        self.refresh()
