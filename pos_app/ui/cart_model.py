"""The cart as a Qt table: one row per active line; it reads the checkout's cart, never the database."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from pos_app.domain.cart import Cart, CartLine
from pos_app.domain.money import format_fen, quantity_text, shelf_price

CERTIFIED_BG = QColor("#e3f2e6")
PASS_THROUGH_BG = QColor("#fff4dc")
_Index = QModelIndex | QPersistentModelIndex


_DISPLAY = Qt.ItemDataRole.DisplayRole.value
_TOOLTIP = Qt.ItemDataRole.ToolTipRole.value
_BACKGROUND = Qt.ItemDataRole.BackgroundRole.value
_ALIGN = Qt.ItemDataRole.TextAlignmentRole.value
_RIGHT = int((Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter).value)


class _Row:
    """A line as the view shows it, rendered once when the line changes (a repaint asks ~700 times)."""

    __slots__ = ("background", "cells", "tooltip")

    def __init__(self, cells: tuple[str, ...], tooltip: str | None, background: QBrush | None) -> None:
        self.cells = cells
        self.tooltip = tooltip
        self.background = background


class CartModel(QAbstractTableModel):
    NO, NAME, QTY, PRICE, AMOUNT, MARKS = range(6)

    def __init__(self, cart: Cart) -> None:
        super().__init__()
        self._cart = cart
        self._lines: list[CartLine] = []
        self._rows: list[_Row] = []
        self._certified = QBrush(CERTIFIED_BG)
        self._pass_through = QBrush(PASS_THROUGH_BG)
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

    @property
    def cart(self) -> Cart:
        return self._cart

    def _render(self, n: int, line: CartLine) -> _Row:
        p = line.product
        weighed = p.sold_by_weight and line.weight_g is not None
        qty = quantity_text(line.weight_g if weighed and line.weight_g else line.qty, weighed, p.unit_label)
        marks = []
        tips = []
        if p.certified:
            marks.append(self.tr("Certified"))
            tips.append(self.tr("Certified poverty-relief product, certificate {0}").format(p.certificate_no or "—"))
        if p.pass_through:
            marks.append(self.tr("Household"))
            tips.append(self.tr("Household consignment: {0}").format(p.household_label or "—"))
        cells = (
            str(n + 1),
            p.name,
            qty,
            shelf_price(p.unit_price_fen, p.unit_label, p.sold_by_weight),
            format_fen(line.after_line_discount_fen),
            " · ".join(marks),
        )
        background = self._certified if p.certified else self._pass_through if p.pass_through else None
        return _Row(cells, "\n".join(tips) or None, background)

    def set_cart(self, cart: Cart) -> None:
        self.beginResetModel()
        self._cart = cart
        self._lines = cart.active_lines
        self._rows = [self._render(i, li) for i, li in enumerate(self._lines)]
        self.endResetModel()

    def refresh(self) -> None:
        """Follow the cart after a change: append a new line cheaply, else update rows in place."""
        lines = self._cart.active_lines
        if len(lines) == len(self._lines) + 1 and lines[:-1] == self._lines:
            n = len(self._lines)
            self.beginInsertRows(QModelIndex(), n, n)
            self._lines = lines
            self._rows.append(self._render(n, lines[-1]))
            self.endInsertRows()
        elif len(lines) == len(self._lines) and lines == self._lines:
            if lines:
                fresh = [self._render(i, li) for i, li in enumerate(lines)]
                changed = [i for i, (a, b) in enumerate(zip(self._rows, fresh, strict=True)) if a.cells != b.cells]
                self._rows = fresh
                if changed:
                    self.dataChanged.emit(self.index(min(changed), 0), self.index(max(changed), self.MARKS))
        else:
            self.beginResetModel()
            self._lines = lines
            self._rows = [self._render(i, li) for i, li in enumerate(lines)]
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
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 6

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == _DISPLAY and 0 <= section < 6:
            return self.headers()[section]
        return None

    def data(self, index: _Index, role: int = _DISPLAY) -> Any:
        if role == _DISPLAY:
            row = index.row()
            return self._rows[row].cells[index.column()] if 0 <= row < len(self._rows) else None
        if role == _ALIGN:
            return _RIGHT if index.column() in (self.QTY, self.PRICE, self.AMOUNT) else None
        if role == _BACKGROUND and index.column() == self.MARKS:
            row = index.row()
            return self._rows[row].background if 0 <= row < len(self._rows) else None
        if role == _TOOLTIP and index.column() in (self.NAME, self.MARKS):
            row = index.row()
            return self._rows[row].tooltip if 0 <= row < len(self._rows) else None
        return None
