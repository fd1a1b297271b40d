"""Closing a shift: count cash by denomination, see expected vs counted per tender, confirm, print Z."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QIntValidator, QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pos_app.domain.errors import PosError
from pos_app.domain.money import format_fen
from pos_app.domain.text import is_digits
from pos_app.services.shifts import ShiftFigures, ShiftService
from pos_app.ui.look import error_text

DENOMINATIONS_FEN = (10000, 5000, 2000, 1000, 500, 100, 50, 10)


class CloseShiftDialog(QDialog):
    def __init__(self, shifts: ShiftService, user_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Close shift"))
        self._shifts = shifts
        self._user_id = user_id
        self.figures: ShiftFigures = shifts.figures()
        self.closed: ShiftFigures | None = None
        cash = next((t for t in self.figures.tenders if t.tender_code == "cash"), None)
        self._expected_cash = cash.expected_fen if cash else 0

        grid = QGridLayout()
        grid.addWidget(QLabel(self.tr("Note / coin")), 0, 0)
        grid.addWidget(QLabel(self.tr("Count")), 0, 1)
        self.counts: dict[int, QLineEdit] = {}
        for r, d in enumerate(DENOMINATIONS_FEN, start=1):
            grid.addWidget(QLabel(format_fen(d)), r, 0)
            field = QLineEdit()
            field.setObjectName(f"count_{d}")
            field.setValidator(QIntValidator(0, 99_999, field))  # whole pieces: "x-1" never lands
            field.setAlignment(Qt.AlignmentFlag.AlignRight)
            field.setMaximumWidth(120)
            field.textChanged.connect(self._update)
            self.counts[d] = field
            grid.addWidget(field, r, 1)

        others = QVBoxLayout()
        summary = QLabel(
            self.tr("{0} sales {1} · {2} refunds {3}").format(
                self.figures.sales_count,
                format_fen(self.figures.sales_fen),
                self.figures.refunds_count,
                format_fen(self.figures.refunds_fen),
            )
        )
        others.addWidget(summary)
        for t in self.figures.tenders:
            if t.tender_code != "cash" and (t.sales_fen or t.refunds_fen):
                others.addWidget(QLabel(self.tr("{0}: expected {1}").format(t.tender_name, format_fen(t.expected_fen))))
        self.expected = QLabel(format_fen(self._expected_cash))
        self.expected.setObjectName("bigFigure")
        self.counted = QLabel()
        self.counted.setObjectName("bigFigure")
        self.diff = QLabel()
        self.diff.setObjectName("change")
        for caption, widget in (
            (self.tr("Cash expected (float + sales − refunds)"), self.expected),
            (self.tr("Cash counted"), self.counted),
            (self.tr("Difference"), self.diff),
        ):
            c = QLabel(caption)
            c.setObjectName("muted")
            others.addWidget(c)
            others.addWidget(widget)
        others.addStretch()
        self._held = shifts.held_sales()
        if self._held[0]:
            held = QLabel(
                self.tr("{0} held sale(s), {1}: they stay held after the close").format(
                    self._held[0], format_fen(self._held[1])
                )
            )
            held.setObjectName("warning")
            held.setWordWrap(True)
            others.insertWidget(1, held)
        self._armed: int | None = None  # the difference the cashier was asked to confirm
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.hide()
        confirm = QPushButton(self.tr("Close shift and print Z"))
        confirm.setObjectName("primary")
        confirm.clicked.connect(self.confirm)
        cancel = QPushButton(self.tr("Cancel"))
        cancel.clicked.connect(self.reject)
        top = QHBoxLayout()
        top.addLayout(grid)
        top.addSpacing(24)
        top.addLayout(others)
        buttons = QHBoxLayout()
        buttons.addStretch()
        buttons.addWidget(confirm)
        buttons.addWidget(cancel)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self._update()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter moves from one count to the next, empty or not; it never closes the shift by itself:
        only the button does, pressed with Space or Enter when it has the focus."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            focused = self.focusWidget()
            if isinstance(focused, QPushButton):
                focused.click()
            elif isinstance(focused, QLineEdit):
                self.focusNextChild()  # an empty count too: denominations not in the drawer are skipped
            event.accept()
            return
        super().keyPressEvent(event)

    def counted_fen(self) -> int:
        total = 0
        for d, field in self.counts.items():
            text = field.text().strip()
            if text and not is_digits(text):
                raise ValueError(text)
            total += d * int(text or 0)
        return total

    def _update(self) -> None:
        self._armed = None  # a changed count is confirmed afresh
        self.error.hide()
        try:
            counted = self.counted_fen()
        except ValueError:
            self.counted.setText("—")
            self.diff.setText("—")
            return
        self.counted.setText(format_fen(counted))
        diff = counted - self._expected_cash
        self.diff.setText(("+" if diff > 0 else "") + format_fen(diff))

    def confirm(self) -> None:
        try:
            counted = self.counted_fen()
        except ValueError as exc:
            self.error.setText(self.tr("Counts are whole numbers: {0}").format(exc))
            self.error.show()
            return
        diff = counted - self._expected_cash
        if (diff or self._held[0]) and self._armed != diff:
            # a shortage, an overage or held sales: said once, closed on the second press
            said = []
            if diff:
                said.append(
                    (self.tr("Cash short by {0}") if diff < 0 else self.tr("Cash over by {0}")).format(
                        format_fen(abs(diff))
                    )
                )
            if self._held[0]:
                said.append(self.tr("{0} held sale(s) not paid").format(self._held[0]))
            self.error.setText("；".join(said) + self.tr(" — press again to close the shift as counted"))
            self.error.show()
            self._armed = diff
            return
        try:
            self.closed = self._shifts.close(self._user_id, {"cash": counted})
        except PosError as exc:
            self.error.setText(error_text(exc))
            self.error.show()
            return
        self.accept()
