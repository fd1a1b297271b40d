"""The manager's product list: a lazy, id-backed table over the whole catalog (500,000 rows and
more). The model knows only how many rows there are; it asks the catalog service for the page of
200 a row falls in when the view first paints it (by position in the catalog, or among a query's
matching ids), and keeps the last few pages: memory stays the same at 1,000 or 1,000,000 rows."""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from pos_app.bootstrap import Services
from pos_app.domain.clock import format_local
from pos_app.domain.errors import InvalidInput, PosError
from pos_app.domain.money import format_fen, price_in, shelf_price, stock_unit
from pos_app.services.catalog import ProductEdit, ProductView
from pos_app.services.users import UserView
from pos_app.ui.dialogs import Form
from pos_app.ui.look import error_text
from pos_app.ui.receipt_preview import PdfPreview

UNITS = ("件", "袋", "瓶", "盒", "包", "只", "枚", "提", "桶", "斤", "kg")

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


class ProductDialog(Form):
    """Add or change one product: name, unit, price (per unit; per 斤 or kg when weighed), barcodes,
    PLU, category, low-stock threshold, a certificate linked by hand, on sale or not. A household's
    consigned goods keep the household's price and unit (set at intake)."""

    def __init__(
        self, services: Services, user: UserView, product_id: str | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(self.tr("Change a product") if product_id else self.tr("New product"), parent)
        self.s = services
        self.user = user
        self.product_id = product_id
        self.saved: ProductView | None = None
        form = services.catalog.edit_form(product_id) if product_id else ProductEdit("", "件", "")
        self.pass_through = form.pass_through
        self.name = QLineEdit(form.name)
        self.name.setObjectName("productName")
        self.unit = QComboBox()
        self.unit.setEditable(True)
        self.unit.addItems(list(UNITS))
        self.unit.setCurrentText(form.unit_label)
        self.price = QLineEdit(form.price)
        self.price.setObjectName("productPrice")
        self.price.setPlaceholderText(self.tr("yuan per unit (per 斤 / kg when weighed)"))
        self.codes = QLineEdit(form.codes)
        self.codes.setPlaceholderText(self.tr("barcodes, separated by spaces"))
        self.plu = QLineEdit(form.plu)
        self.plu.setPlaceholderText(self.tr("for weighed goods and the scale (1–999999)"))
        self.category = QComboBox()
        self.category.setEditable(True)
        self.category.addItems(services.catalog.categories())
        self.category.setCurrentText(form.category)
        self.minimum = QLineEdit(form.minimum)
        self.minimum.setPlaceholderText(self.tr("low-stock threshold (pieces, or 斤 / kg as the product is sold)"))
        self.shelf_life = QLineEdit(form.shelf_life_days)
        self.shelf_life.setObjectName("shelfLife")
        self.shelf_life.setPlaceholderText(self.tr("days, printed by the label scale (optional)"))
        self.certificate = QLineEdit(form.certificate_no)
        self.certificate.setPlaceholderText(self.tr("certificate number, to link it by hand (optional)"))
        self.active = QCheckBox(self.tr("On sale"))
        self.active.setChecked(form.active)
        self.form.addRow(self.tr("Name"), self.name)
        self.form.addRow(self.tr("Unit"), self.unit)
        self.form.addRow(self.tr("Price"), self.price)
        self.form.addRow(self.tr("Barcodes"), self.codes)
        self.form.addRow(self.tr("PLU"), self.plu)
        self.form.addRow(self.tr("Category"), self.category)
        self.form.addRow(self.tr("Threshold"), self.minimum)
        self.form.addRow(self.tr("Shelf life"), self.shelf_life)
        self.form.addRow(self.tr("Certificate"), self.certificate)
        self.form.addRow("", self.active)
        if self.pass_through:
            self.price.setReadOnly(True)
            self.unit.setEnabled(False)
            note = QLabel(self.tr("A household's consigned goods: the household sets price and unit at intake."))
            note.setObjectName("muted")
            note.setWordWrap(True)
            self.form.addRow(note)
        if product_id:
            self.form.addRow(self.tr("Cost"), QLabel(self._cost_text(product_id, form)))
        self.setMinimumWidth(560)  # the placeholders read in full
        if product_id:
            label = QPushButton(self.tr("Print a shelf label…"))
            label.clicked.connect(self.print_label)
            self.form.addRow("", label)

    def _cost_text(self, product_id: str, form: ProductEdit) -> str:
        """The moving average and the last few cost prices as received, per piece, or per 斤 or kg as
        the product is sold (the station keeps weighed costs per kg)."""
        unit = stock_unit(form.sold_by_weight, form.unit_label)

        def per_unit(fen: int) -> str:
            return format_fen(price_in(fen, unit) if form.sold_by_weight else fen)

        cost = self.s.purchasing.cost(product_id)
        if cost is None:
            return self.tr("never received with a cost")
        history = self.s.purchasing.cost_history(product_id, 4)
        recent = ", ".join(
            f"{format_local(h.at, '%m-%d')} {per_unit(h.unit_cost_fen)}" for h in history if h.kind == "receipt"
        )
        text = self.tr("moving average {0}/{2}, last {1}/{2}").format(per_unit(cost[0]), per_unit(cost[1]), unit)
        return text + (f"  ({recent})" if recent else "")

    def _edit(self) -> ProductEdit:
        return ProductEdit(
            name=self.name.text(),
            unit_label=self.unit.currentText(),
            price=self.price.text(),
            codes=self.codes.text(),
            category=self.category.currentText(),
            plu=self.plu.text(),
            active=self.active.isChecked(),
            minimum=self.minimum.text(),
            certificate_no=self.certificate.text(),
            pass_through=self.pass_through,
            shelf_life_days=self.shelf_life.text(),
        )

    def validate(self) -> None:
        self.saved = self.s.catalog.save_product(self._edit(), by=self.user, product_id=self.product_id)

    def print_label(self) -> None:
        from pos_app.reports.labels import label_sheet_pdf

        try:
            codes = [c for c in self.codes.text().split() if c]
            if not codes:
                raise InvalidInput(what=self.tr("give the product a barcode first"))
            pdf = label_sheet_pdf(self.s.labels.shelf_labels(barcodes=codes[:1]), "a4-3x8")
        except PosError as exc:
            self.show_error(error_text(exc))
            return
        PdfPreview(self.tr("Shelf label"), pdf, self).exec()


class ProductsTab(QWidget):
    def __init__(self, services: Services, user: UserView | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.s = services
        self.user = user
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
        self.table.activated.connect(self.edit)  # Enter or a double click on a row
        self.notice = QLabel()
        add = QPushButton(self.tr("New product… (Ins)"))
        add.clicked.connect(self.add)
        change = QPushButton(self.tr("Change… (Enter)"))
        change.clicked.connect(self.edit)
        add.setEnabled(user is not None)
        change.setEnabled(user is not None)
        QShortcut(QKeySequence("Ins"), self, self.add, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.search.returnPressed.connect(self.table.setFocus)
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.count)
        buttons = QHBoxLayout()
        buttons.addWidget(self.notice, 1)
        buttons.addWidget(add)
        buttons.addWidget(change)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        self._debounce = QTimer(self)  # a search per pause in typing, not per keystroke
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(150)
        self._debounce.timeout.connect(self.refresh)
        self.search.textChanged.connect(self._debounce.start)
        self.setFocusProxy(self.search)
        self._show_count()

    def refresh(self) -> None:
        self.model.set_query(self.search.text())
        self._show_count()

    def _show_count(self) -> None:
        self.count.setText(self.tr("{0} products").format(f"{self.model.rowCount():,}"))

    def add(self) -> None:
        self._open(None)

    def edit(self) -> None:
        p = self.model.product(self.table.currentIndex().row())
        if p is not None:
            self._open(p.id)

    def _open(self, product_id: str | None) -> None:
        if self.user is None:
            return
        dlg = ProductDialog(self.s, self.user, product_id, self)
        if dlg.exec() == QDialog.DialogCode.Accepted and dlg.saved is not None:
            self.notice.setText(self.tr("Saved: {0}").format(dlg.saved.name))
            self.search.setText(dlg.saved.name)
            self.refresh()
            self.table.selectRow(0)
            self.table.setFocus()
