"""The manager's product list: a lazy, id-backed table over the whole catalog (500,000 rows and
more). The model knows only how many rows there are; it asks the catalog service for the page of
200 a row falls in when the view first paints it (by position in the catalog, or among a query's
matching ids), and keeps the last few pages: memory stays the same at 1,000 or 1,000,000 rows."""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QTableView, QVBoxLayout, QWidget

from pos_app.bootstrap import Services
from pos_app.domain.money import shelf_price
from pos_app.services.catalog import ProductView

_Index = QModelIndex | QPersistentModelIndex
_DISPLAY = Qt.ItemDataRole.DisplayRole
PAGE = 200
KEEP_PAGES = 40  # 8,000 rows in memory at most, whatever the catalog's size


class ProductTableModel(QAbstractTableModel):
    NAME, CATEGORY, PRICE, PLU, CERTIFIED, STATUS = range(6)

    def __init__(self, services: Services, query: str = "") -> None:
        super().__init__()
        self._catalog = services.catalog
        self._query = query
        self._count = self._catalog.browse_count(query)
        self._pages: OrderedDict[int, list[ProductView]] = OrderedDict()
        self.fetches = 0  # pages asked of the service (tests and benchmarks read it)

    # -- the window onto the catalog --------------------------------------------------------------
    def set_query(self, query: str) -> None:
        self.beginResetModel()
        self._query = query
        self._pages.clear()
        self._count = self._catalog.browse_count(query)
        self.endResetModel()

    def product(self, row: int) -> ProductView | None:
        if not 0 <= row < self._count:
            return None
        page_no, k = divmod(row, PAGE)
        page = self._pages.get(page_no)
        if page is None:
            page = self._catalog.browse(self._query, page_no * PAGE, PAGE)
            self.fetches += 1
            self._pages[page_no] = page
            while len(self._pages) > KEEP_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(page_no)
        return page[k] if k < len(page) else None

    # -- Qt -------------------------------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 6

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> Any:
        if role != _DISPLAY or orientation != Qt.Orientation.Horizontal:
            return None
        return [
            self.tr("Product"),
            self.tr("Category"),
            self.tr("Price"),
            self.tr("PLU"),
            self.tr("Certified"),
            self.tr("Status"),
        ][section]

    def data(self, index: _Index, role: int = _DISPLAY) -> Any:
        if role != _DISPLAY or not index.isValid():
            return None
        p = self.product(index.row())
        if p is None:
            return None
        col = index.column()
        if col == self.NAME:
            return p.name
        if col == self.CATEGORY:
            return p.category
        if col == self.PRICE:
            return shelf_price(p.price_fen, p.unit_label, p.sold_by_weight)
        if col == self.PLU:
            return "" if p.plu is None else str(p.plu)
        if col == self.CERTIFIED:
            return p.certificate_no or ""
        return self.tr("On sale") if p.active else self.tr("Not on sale")


class ProductsTab(QWidget):
    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Name, pinyin initials or full pinyin"))
        self.count = QLabel()
        self.model = ProductTableModel(services)
        self.table = QTableView()
        self.table.setTabKeyNavigation(False)  # arrows between rows, Tab to the buttons
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.verticalHeader().hide()
        self.table.setColumnWidth(ProductTableModel.NAME, 360)
        self.table.setColumnWidth(ProductTableModel.CERTIFIED, 160)
        self.table.horizontalHeader().setStretchLastSection(True)
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table)
        self._debounce = QTimer(self)  # a search per pause in typing, not per keystroke
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(150)
        self._debounce.timeout.connect(self.refresh)
        self.search.textChanged.connect(self._debounce.start)
        self._show_count()

    def refresh(self) -> None:
        self.model.set_query(self.search.text())
        self._show_count()

    def _show_count(self) -> None:
        self.count.setText(self.tr("{0} products").format(f"{self.model.rowCount():,}"))
