"""Taking payment: F1–F6 choose a tender, type an amount (or nothing for all that is due), Enter.

Cash equal to the total completes in one keystroke (Enter); split tenders add up line by line; a
customer's payment code, scanned at the item prompt or here, fills the mobile-pay reference.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pos_app.domain.barcodes import (
    PAYMENT_NETWORK_ZH,
    classify,
    mask_payment_code,
    normalise_code,
    payment_network,
)
from pos_app.domain.errors import InvalidInput, PosError
from pos_app.domain.money import format_fen, parse_yuan
from pos_app.domain.tenders import PaymentPlan, Tender, TenderKind
from pos_app.ui.look import error_text

NEEDS_REFERENCE = (TenderKind.MOBILE,)


class PaymentDialog(QDialog):
    def __init__(self, plan: PaymentPlan, payment_code: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Payment"))
        self.plan = plan
        self._tenders: list[Tender] = list(plan.tenders.values())

        self.due = QLabel(format_fen(plan.due_fen))
        self.due.setObjectName("totalDue")
        self.remaining = QLabel()
        self.remaining.setObjectName("bigFigure")
        self.change = QLabel()
        self.change.setObjectName("change")
        figures = QGridLayout()
        for col, (label, widget) in enumerate(
            ((self.tr("Total due"), self.due), (self.tr("Still due"), self.remaining), (self.tr("Change"), self.change))
        ):
            caption = QLabel(label)
            caption.setObjectName("muted")
            figures.addWidget(caption, 0, col)
            figures.addWidget(widget, 1, col)

        self.buttons = QButtonGroup(self)
        self.buttons.setExclusive(True)
        tender_row = QHBoxLayout()
        for i, t in enumerate(self._tenders[:8]):
            b = QPushButton(f"F{i + 1}  {t.name}")
            b.setCheckable(True)
            b.setAutoDefault(False)  # Enter belongs to the amount field, not to a tender button
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            b.setObjectName(f"tender_{t.code}")
            self.buttons.addButton(b, i)
            tender_row.addWidget(b)
            key = QShortcut(QKeySequence(f"F{i + 1}"), self)
            key.setProperty("tender_index", i)
            key.activated.connect(self._tender_key)
        self.buttons.idClicked.connect(self.select)

        self.amount = QLineEdit()
        self.amount.setObjectName("payAmount")
        self.amount.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.reference = QLineEdit()
        self.reference.setObjectName("payReference")
        self.reference.setPlaceholderText(self.tr("Scan the customer's payment code, or type the reference"))
        self.lines = QListWidget()
        self.lines.setObjectName("payLines")
        self.lines.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.hide()
        hint = QLabel(
            self.tr(
                "F1–F{0} tender · Enter pays · Enter on an empty amount pays all that is due · "
                "Delete removes the last payment · Esc cancels"
            ).format(len(self._tenders[:8]))
        )
        hint.setObjectName("muted")
        hint.setWordWrap(True)

        form = QGridLayout()
        form.addWidget(QLabel(self.tr("Amount (yuan)")), 0, 0)
        form.addWidget(self.amount, 0, 1)
        self.reference_label = QLabel(self.tr("Code / reference"))
        form.addWidget(self.reference_label, 1, 0)
        form.addWidget(self.reference, 1, 1)

        layout = QVBoxLayout(self)
        layout.addLayout(figures)
        layout.addLayout(tender_row)
        layout.addLayout(form)
        layout.addWidget(self.lines)
        layout.addWidget(self.error)
        layout.addWidget(hint)
        self.amount.returnPressed.connect(self.pay)
        self.reference.returnPressed.connect(self.pay)
        self.resize(820, 560)

        if payment_code:
            self.select(self._index_of(TenderKind.MOBILE))
            self.reference.setText(payment_code)
            self.amount.setFocus()
            network = payment_network(normalise_code(payment_code))
            if network is not None:  # say whose code was scanned: 微信支付, 支付宝, 云闪付, 数字人民币
                self.reference_label.setText(self.tr("{0} code").format(PAYMENT_NETWORK_ZH[network]))
        else:
            self.select(0)
        self._refresh()

    def _index_of(self, kind: TenderKind) -> int:
        for i, t in enumerate(self._tenders):
            if t.kind is kind:
                return i
        return 0

    @property
    def tender(self) -> Tender:
        return self._tenders[max(0, self.buttons.checkedId())]

    def _tender_key(self) -> None:
        # Slots are bound methods, never lambdas capturing self: PySide holds bound methods weakly,
        # while a lambda makes a cycle through the C++ connection that crashes at interpreter exit.
        self.select(int(self.sender().property("tender_index")))

    def select(self, i: int) -> None:
        if not 0 <= i < len(self._tenders):
            return
        self.buttons.button(i).setChecked(True)
        needs_ref = self._tenders[i].kind in NEEDS_REFERENCE
        self.reference.setVisible(needs_ref)
        self.reference_label.setVisible(needs_ref)
        self.amount.setPlaceholderText(self.tr("Enter for {0}").format(format_fen(self.plan.remaining_fen)))
        (self.reference if needs_ref and not self.reference.text() else self.amount).setFocus()

    def pay(self) -> None:
        """Add one tender line; finish when nothing is due."""
        self.error.hide()
        try:
            text = self.amount.text().strip()
            amount = parse_yuan(text) if text else self.plan.remaining_fen
            tender = self.tender
            masked = reference = None
            if tender.kind in NEEDS_REFERENCE:
                raw = normalise_code(self.reference.text())
                if not raw:
                    raise InvalidInput(what=self.tr("scan the customer's payment code or type the reference"))
                try:
                    is_code = classify(raw).payment is not None
                except PosError:
                    is_code = False
                if is_code:
                    masked = mask_payment_code(raw)
                else:
                    reference = raw[:64]
            self.plan.add(tender.code, amount, masked_code=masked, reference=reference)
        except PosError as exc:
            self.error.setText(error_text(exc))
            self.error.show()
            self.amount.selectAll()
            return
        self.amount.clear()
        self.reference.clear()
        self._refresh()
        if self.plan.complete:
            self.accept()
        else:
            self.select(0 if tender.kind is not TenderKind.CASH else self.buttons.checkedId())

    def _refresh(self) -> None:
        self.remaining.setText(format_fen(self.plan.remaining_fen))
        self.change.setText(format_fen(self.plan.change_fen))
        self.lines.clear()
        for t in self.plan.lines:
            extra = f"  {t.masked_code}" if t.masked_code else (f"  {t.reference}" if t.reference else "")
            shown = format_fen(t.tendered_fen) if t.change_fen else format_fen(t.amount_fen)
            self.lines.addItem(f"{t.tender.name}  {shown}{extra}")
        self.amount.setPlaceholderText(self.tr("Enter for {0}").format(format_fen(self.plan.remaining_fen)))

    def showEvent(self, event: QShowEvent) -> None:
        # The F-keys are this window's shortcuts: make sure it is the active window, whatever the WM does.
        super().showEvent(event)
        self.activateWindow()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Delete and self.plan.lines:
            self.plan.remove_last()
            self._refresh()
            return
        super().keyPressEvent(event)
