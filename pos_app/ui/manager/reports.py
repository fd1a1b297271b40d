"""The day's and a period's reports, income progress, demand, label sheets: each to the PDF preview."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QLabel,
    QPushButton,
    QWidget,
)

from pos_app.bootstrap import Services
from pos_app.services.users import UserView
from pos_app.ui.background import Background
from pos_app.ui.look import error_text
from pos_app.ui.receipt_preview import PdfPreview


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
