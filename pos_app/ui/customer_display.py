"""What the customer sees (客显): a window for a second monitor and the serial pole display.

The checkout screen sends a ``CustomerView`` whenever the sale changes and once it is paid; every
display the station has shows it in its own way. The window shows the lines, the weight of a weighed
line, the total in large type, what was paid and the change, and what this purchase sent to the
households whose goods are in it. The pole display shows the running total, then the change (or
what was paid) with its indicator light.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from pos_app.domain.cart import Totals
from pos_app.domain.money import Fen, format_fen, quantity_text, shelf_price
from pos_app.hardware.pole_display import PoleDisplay
from pos_app.services.checkout import CompletedSale

SHOWN_LINES = 8  # the newest lines; the total counts them all


@dataclass(frozen=True)
class CustomerView:
    lines: tuple[tuple[str, str, str], ...] = ()  # name, quantity, amount: the newest lines
    item_count: int = 0
    total_fen: Fen = 0
    weight: str = ""  # the weighed line just added: "黄瓜 0.500 kg × ¥5.00/kg"
    credited_fen: Fen = 0  # what the purchase sends to households (the pass-through rule)
    households: int = 0
    paid_fen: Fen | None = None  # once paid
    change_fen: Fen = 0


def cart_view(totals: Totals) -> CustomerView:
    rows = []
    weight = ""
    for p in totals.lines:
        li, prod = p.line, p.line.product
        qty = quantity_text(li.weight_g or 0, True, prod.unit_label) if li.weight_g else str(li.qty)
        rows.append((prod.name, qty, format_fen(p.gross_fen)))
        if li.weight_g:
            weight = f"{prod.name} {qty} × {shelf_price(prod.unit_price_fen, prod.unit_label, True)}"
        elif weight:
            weight = ""  # the newest line is not weighed: no stale weight on show
    credits = totals.household_credits()
    return CustomerView(
        tuple(rows[-SHOWN_LINES:]),
        totals.item_count,
        totals.total_fen,
        weight,
        sum(credits.values()),
        len(credits),
    )


def sale_view(sale: CompletedSale) -> CustomerView:
    rows = tuple(
        (
            li.name,
            quantity_text(li.weight_g or 0, True, li.unit_label) if li.weight_g else str(li.qty),
            format_fen(li.gross_fen),
        )
        for li in sale.lines
    )
    paid = sum(p.tendered_fen for p in sale.payments)
    return CustomerView(
        rows[-SHOWN_LINES:],
        sale.item_count,
        sale.total_fen,
        "",
        sale.credited_fen,
        sale.credited_households,
        paid,
        sale.change_fen,
    )


def view_of(shown: Totals | CompletedSale) -> CustomerView:
    """What the customer sees of a sale in progress (its totals) or of the sale just paid."""
    return sale_view(shown) if isinstance(shown, CompletedSale) else cart_view(shown)


class CustomerDisplay(Protocol):
    def show_view(self, view: CustomerView) -> None: ...

    def close(self) -> bool | None: ...


class CustomerWindow(QWidget):
    """The customer's screen: large type, no keys, no focus; on the second monitor when there is one."""

    def __init__(self, station_name: str) -> None:
        super().__init__(None, Qt.WindowType.Window | Qt.WindowType.WindowDoesNotAcceptFocus)
        self.setObjectName("customerDisplay")
        self.setWindowTitle(self.tr("Customer display"))
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setStyleSheet(
            "#customerDisplay { background: #10324a; }"
            "#customerDisplay QLabel { color: #ffffff; font-size: 24px; }"
            "#customerDisplay QLabel#customerTotal { font-size: 72px; font-weight: bold; color: #ffe08a; }"
            "#customerDisplay QLabel#customerHouseholds { color: #9be7a8; font-size: 26px; }"
            "#customerDisplay QLabel#customerMuted { color: #b8cde0; }"
        )
        self.welcome = QLabel(self.tr("Welcome to {0}").format(station_name))
        self.welcome.setObjectName("customerMuted")
        self.grid = QGridLayout()
        self.line_labels: list[tuple[QLabel, QLabel, QLabel]] = []
        for r in range(SHOWN_LINES):
            cells = (QLabel(), QLabel(), QLabel())
            right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
            cells[0].setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            cells[1].setAlignment(right)
            cells[2].setAlignment(right)
            cells[2].setMinimumWidth(160)  # the amounts line up under each other
            for c, cell in enumerate(cells):
                self.grid.addWidget(cell, r, c)
            self.line_labels.append(cells)
        self.grid.setColumnStretch(0, 1)
        self.grid.setHorizontalSpacing(32)
        lines = QFrame()
        lines.setLayout(self.grid)
        self.weight = QLabel()
        self.weight.setObjectName("customerWeight")
        self.total_caption = QLabel(self.tr("Total"))
        self.total_caption.setObjectName("customerMuted")
        self.total = QLabel(format_fen(0))
        self.total.setObjectName("customerTotal")
        self.total.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.paid = QLabel()
        self.paid.setObjectName("customerPaid")
        self.paid.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.households = QLabel()
        self.households.setObjectName("customerHouseholds")
        self.households.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.welcome)
        layout.addWidget(lines, 1)
        layout.addWidget(self.weight)
        layout.addWidget(self.total_caption)
        layout.addWidget(self.total)
        layout.addWidget(self.paid)
        layout.addWidget(self.households)
        self.show_view(CustomerView())

    def show_view(self, view: CustomerView) -> None:
        for r, cells in enumerate(self.line_labels):
            texts = view.lines[r] if r < len(view.lines) else ("", "", "")
            for cell, text in zip(cells, texts, strict=True):
                cell.setText(text)
        self.weight.setText(self.tr("Weighed: {0}").format(view.weight) if view.weight else "")
        self.total_caption.setText(
            self.tr("Total, {0} items").format(view.item_count) if view.item_count else self.tr("Total")
        )
        self.total.setText(format_fen(view.total_fen))
        if view.paid_fen is None:
            self.paid.setText("")
        else:
            text = self.tr("Paid {0}").format(format_fen(view.paid_fen))
            if view.change_fen:
                text += self.tr("  ·  change {0}").format(format_fen(view.change_fen))
            self.paid.setText(text + self.tr("  ·  thank you"))
        self.households.setText(
            self.tr("This purchase sends {0} to {1} poverty-relief households").format(
                format_fen(view.credited_fen), view.households
            )
            if view.credited_fen
            else ""
        )

    def place(self, beside: QWidget | None) -> bool:
        """Full screen on a monitor other than the till's; False (and not shown) when there is none."""
        till = beside.screen() if beside is not None else QGuiApplication.primaryScreen()
        others = [s for s in QGuiApplication.screens() if s is not till]
        if not others:
            return False
        self.setScreen(others[0])
        self.setGeometry(others[0].geometry())
        self.showFullScreen()
        return True


class PoleFeed:
    """The pole display's share of a view: the running total, then the change (or what was paid)."""

    def __init__(self, pole: PoleDisplay) -> None:
        self.pole = pole

    def show_view(self, view: CustomerView) -> None:
        if view.paid_fen is None:
            if view.item_count:
                self.pole.show("total", view.total_fen)
            else:
                self.pole.clear()
        elif view.change_fen:
            self.pole.show("change", view.change_fen)
        else:
            self.pole.show("paid", view.paid_fen)

    def close(self) -> bool:
        self.pole.close()
        return True
