"""Institutional and private buyers, and their subscriptions to households' produce (认购)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pos_app.bootstrap import Services
from pos_app.domain.errors import InvalidInput, PosError
from pos_app.ui.look import error_text
from pos_app.ui.manager.tables import fill, table


class BuyersTab(QWidget):
    KINDS = ("person", "unit", "canteen", "union")

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.s = services
        self.buyers = table([self.tr("Buyer"), self.tr("Kind"), self.tr("On account"), self.tr("Contact")])
        self.buyers.setColumnWidth(0, 220)
        self.subs = table(
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
        fill(
            self.buyers,
            [
                [b.name, self.kind_name(b.kind), self.tr("yes") if b.institutional else "", b.contact]
                for b in self._buyers
            ],
        )
        fill(
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
