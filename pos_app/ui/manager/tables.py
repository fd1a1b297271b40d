"""The plain read-only tables the manager's tabs show."""

from __future__ import annotations

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QTableWidget, QTableWidgetItem


class _Table(QTableWidget):
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        fit_columns(self)  # now in the theme's font: the widths it really needs


def table(headers: list[str]) -> QTableWidget:
    t = _Table(0, len(headers))
    t.setHorizontalHeaderLabels(headers)
    t.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    t.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
    t.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    t.verticalHeader().hide()
    t.horizontalHeader().setStretchLastSection(True)
    t.setTabKeyNavigation(False)  # arrows move between rows; Tab goes on to the tab's buttons
    return t


MAX_COLUMN = 480  # a longer text (an issuer's full name) makes the table scroll sideways, never cut


def fit_columns(t: QTableWidget) -> None:
    """Widen every column but the stretching last one to what its header and cells need: a name is
    never cut to "…" (the table scrolls sideways instead when all of them do not fit)."""
    last = t.columnCount() - 1 if t.horizontalHeader().stretchLastSection() else -1
    for c in range(t.columnCount()):
        if c == last or t.isColumnHidden(c):
            continue
        need = min(max(t.sizeHintForColumn(c), t.horizontalHeader().sectionSizeHint(c)), MAX_COLUMN)
        if need > t.columnWidth(c):
            t.setColumnWidth(c, need)


def fill(t: QTableWidget, rows: list[list[str]]) -> None:
    t.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            t.setItem(r, c, QTableWidgetItem(value))
    fit_columns(t)
