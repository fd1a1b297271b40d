"""Product search: name substring, pinyin initials (xhs → 西红柿) or full pinyin; ↑↓ and Enter."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from pos_app.domain.money import shelf_price
from pos_app.services.catalog import CatalogService, ProductView


class SearchDialog(QDialog):
    def __init__(self, catalog: CatalogService, initial: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Find a product"))
        self._catalog = catalog
        self._results: list[ProductView] = []
        self.chosen: ProductView | None = None
        self.query = QLineEdit()
        self.query.setObjectName("searchField")
        self.query.setPlaceholderText(self.tr("Name, pinyin initials (xhs) or pinyin"))
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("searchResults")
        self.table.setHorizontalHeaderLabels(
            [self.tr("Product"), self.tr("Unit"), self.tr("Price"), self.tr("Category")]
        )
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(0, 360)
        self.table.itemActivated.connect(self._choose)
        self.count = QLabel()
        self.count.setObjectName("muted")
        layout = QVBoxLayout(self)
        layout.addWidget(self.query)
        layout.addWidget(self.table)
        layout.addWidget(self.count)
        self.query.textChanged.connect(self._search)
        self.query.installEventFilter(self)
        self.resize(760, 520)
        self.query.setText(initial)
        self.query.setFocus()

    def _search(self, text: str) -> None:
        self._results = self._catalog.search(text, 50)
        self.table.setRowCount(len(self._results))
        for row, p in enumerate(self._results):
            price = shelf_price(p.price_fen, p.unit_label, p.sold_by_weight)
            for col, value in enumerate((p.name, p.unit_label, price, p.category)):
                self.table.setItem(row, col, QTableWidgetItem(value))
        if self._results:
            self.table.selectRow(0)
        self.count.setText(
            self.tr("{0} found — ↑↓ to choose, Enter to add, Esc to close").format(len(self._results)) if text else ""
        )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.query and isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress:
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and self._results:
                row = self.table.currentRow() + (1 if key == Qt.Key.Key_Down else -1)
                self.table.selectRow(max(0, min(row, len(self._results) - 1)))
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._choose()
                return True
        return super().eventFilter(watched, event)

    def _choose(self, *_: object) -> None:
        row = self.table.currentRow()
        if 0 <= row < len(self._results):
            self.chosen = self._results[row]
            self.accept()
