"""The volunteer's form for a resident who orders by phone: new, or the chosen one changed.

Enter moves to the next field and saves from the last one (the consent box; Space ticks it), Ctrl+S
saves from anywhere; Esc cancels.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QLineEdit, QWidget

from pos_app.services.deliveries.residents import ResidentForm, ResidentService, ResidentView, split_phones
from pos_app.services.users import UserView
from pos_app.ui.dialogs import Form

TENDER_CODES = ("cash", "elder_card", "prepaid")


class ResidentDialog(Form):
    def __init__(
        self,
        residents: ResidentService,
        user: UserView,
        form: ResidentForm,
        today: date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(self.tr("Change resident") if form.code else self.tr("New resident"), parent)
        self._residents, self._user, self._form = residents, user, form
        self._today = today
        self.saved: ResidentView | None = None
        self.name = self._field("residentName", form.name, self.tr("Name"))
        self.phones = self._field(
            "residentPhones", " ".join(form.phones), self.tr("Phones"), self.tr("several: separate with spaces")
        )
        # the address as it is written: 小区, then [3]号楼 [2]单元 [401]室
        self.compound = self._field("residentCompound", form.compound, self.tr("Compound"))
        self.building = self._part("residentBuilding", form.building, self.tr("Building"))
        self.unit = self._part("residentUnit", form.unit, self.tr("Unit"))
        self.room = self._part("residentRoom", form.room, self.tr("Room"))
        address = QHBoxLayout()
        for part, suffix in ((self.building, "号楼"), (self.unit, "单元"), (self.room, "室")):
            address.addWidget(part, 1)
            address.addWidget(QLabel(suffix))
        self.form.addRow(self.tr("Building, unit, room"), address)
        self.notes = self._field(
            "residentNotes", form.notes, self.tr("Notes"), self.tr("stairs, hearing, diet, when to call")
        )
        self.emergency = self._field("residentEmergency", form.emergency_contact, self.tr("Emergency contact"))
        self.family = self._field(
            "residentFamily", form.family, self.tr("Family who may order"), self.tr("name and phone")
        )
        self.tender = QComboBox()
        self.tender.setObjectName("residentTender")
        self.tender.addItems([self.tr("Cash"), self.tr("Elderly care card"), self.tr("Prepaid")])
        if form.preferred_tender in TENDER_CODES:
            self.tender.setCurrentIndex(TENDER_CODES.index(form.preferred_tender))
        self.form.addRow(self.tr("Pays by"), self.tender)
        self.consent = QCheckBox(self.tr("The resident (or family) agreed that we keep phone and address"))
        self.consent.setObjectName("residentConsent")
        self.consent.setChecked(form.consent_date is not None)
        self.form.addRow(self.consent)
        QShortcut(QKeySequence("Ctrl+S"), self, self.submit)
        self.setMinimumWidth(560)

    @staticmethod
    def _part(name: str, value: str, hint: str) -> QLineEdit:
        field = QLineEdit(value)
        field.setObjectName(name)
        field.setToolTip(hint)
        return field

    def _field(self, name: str, value: str, label: str, hint: str = "") -> QLineEdit:
        field = QLineEdit(value)
        field.setObjectName(name)
        field.setPlaceholderText(hint)
        self.form.addRow(label, field)
        return field

    def showEvent(self, event: QShowEvent) -> None:
        """Room for a four-digit room number in whatever type size the screen uses (large type too)."""
        for part in (self.building, self.unit, self.room):
            part.setMinimumWidth(part.fontMetrics().horizontalAdvance("0000") + 28)
        super().showEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter goes on to the next field; on the last one (the consent box) it saves."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()
            if self.focusWidget() is self.consent:
                self.submit()
            else:
                self.focusNextChild()
            focused = self.focusWidget()
            if focused is not None:
                self._scroll.ensureWidgetVisible(focused)  # in large type the form scrolls
            return
        super().keyPressEvent(event)

    def validate(self) -> None:
        consent = self._form.consent_date
        if not self.consent.isChecked():
            consent = None
        elif consent is None:
            consent = self._today
        form = replace(
            self._form,
            name=self.name.text().strip(),
            phones=tuple(split_phones(self.phones.text())),
            compound=self.compound.text(),
            building=self.building.text(),
            unit=self.unit.text(),
            room=self.room.text(),
            notes=self.notes.text(),
            emergency_contact=self.emergency.text(),
            family=self.family.text(),
            preferred_tender=TENDER_CODES[self.tender.currentIndex()],
            consent_date=consent,
        )
        self.saved = self._residents.save(form, self._user)
