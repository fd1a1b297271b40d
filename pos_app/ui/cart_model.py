"""The cart as a Qt table: one row per active line; it reads the checkout's cart, never the database."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from pos_app.domain.cart import Cart, CartLine
from pos_app.domain.money import format_fen, shelf_price

CERTIFIED_BG = QColor("#e3f2e6")
PASS_THROUGH_BG = QColor("#fff4dc")
_Index = QModelIndex | QPersistentModelIndex


class CartModel(QAbstractTableModel):
    NO, NAME, QTY, PRICE, AMOUNT, MARKS = range(6)

    def __init__(self, cart: Cart) -> None:
        super().__init__()
        self._cart = cart
        self._lines: list[CartLine] = []
        self.set_cart(cart)

    def headers(self) -> list[str]:
        return [
            self.tr("#"),
            self.tr("Product"),
            self.tr("Qty / weight"),
            self.tr("Unit price"),
            self.tr("Amount"),
            self.tr("Marks"),
        ]

    def set_cart(self, cart: Cart) -> None:
        self.beginResetModel()
        self._cart = cart
        self._lines = cart.active_lines
        self.endResetModel()

    def refresh(self) -> None:
        """Follow the cart after a change: append a new line cheaply, else update rows in place."""
        lines = self._cart.active_lines
        if len(lines) == len(self._lines) + 1 and lines[:-1] == self._lines:
            n = len(self._lines)
            self.beginInsertRows(QModelIndex(), n, n)
            self._lines = lines
            self.endInsertRows()
        elif len(lines) == len(self._lines) and lines == self._lines:
            if lines:
                self.dataChanged.emit(self.index(0, 0), self.index(len(lines) - 1, self.MARKS))
        else:
            self.beginResetModel()
            self._lines = lines
            self.endResetModel()

    def line_at(self, row: int) -> CartLine | None:
        return self._lines[row] if 0 <= row < len(self._lines) else None

    def row_of(self, line_no: int) -> int:
        for i, line in enumerate(self._lines):
            if line.line_no == line_no:
                return i
        return -1

    # -- Qt model API -------------------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._lines)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 6

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < 6:
            return self.headers()[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._lines):
            return None
        line = self._lines[index.row()]
        p = line.product
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == self.NO:
                return str(index.row() + 1)
            if col == self.NAME:
                return p.name
            if col == self.QTY:
                if p.sold_by_weight and line.weight_g is not None:
                    return f"{line.weight_g / 1000:.3f} kg"
                return f"{line.qty} {p.unit_label}"
            if col == self.PRICE:
                return shelf_price(p.unit_price_fen, p.unit_label, p.sold_by_weight)
            if col == self.AMOUNT:
                return format_fen(line.after_line_discount_fen)
            if col == self.MARKS:
                marks = []
                if p.certified:
                    marks.append(self.tr("Certified"))
                if p.pass_through:
                    marks.append(self.tr("Household"))
                return " · ".join(marks)
        if role == Qt.ItemDataRole.ToolTipRole and col in (self.NAME, self.MARKS):
            tips = []
            if p.certified:
                tips.append(
                    self.tr("Certified poverty-relief product, certificate {0}").format(p.certificate_no or "—")
                )
            if p.pass_through:
                tips.append(self.tr("Household consignment: {0}").format(p.household_label or "—"))
            return "\n".join(tips) or None
        if role == Qt.ItemDataRole.BackgroundRole and col == self.MARKS:
            if p.certified:
                return QBrush(CERTIFIED_BG)
            if p.pass_through:
                return QBrush(PASS_THROUGH_BG)
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (self.QTY, self.PRICE, self.AMOUNT):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
