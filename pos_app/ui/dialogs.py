"""Small keyboard-first dialogs: manager PIN, quantity, weight (from the scale), held sales, opening a shift."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QSize, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from pos_app.domain.clock import format_local
from pos_app.domain.errors import PosError
from pos_app.domain.money import format_fen, parse_count, parse_discount, parse_weight, parse_yuan, weight_figure
from pos_app.domain.permissions import pin_digits
from pos_app.hardware.scale import ScaleRefusal, WeightSource, usable_grams
from pos_app.services.buyers import BuyerView
from pos_app.services.checkout import HeldView
from pos_app.services.users import UserService, UserView
from pos_app.ui.look import error_text
from pos_app.ui.pin import Countdown, pin_field


class Form(QDialog):
    """A titled form with an error line; Enter accepts, Esc cancels."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setModal(True)
        self.form = QFormLayout()
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.hide()
        self.error.installEventFilter(self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        # A base class: tr() would look the text up under the subclass's name, so name the context.
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(QCoreApplication.translate("Dialogs", "OK"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(QCoreApplication.translate("Dialogs", "Cancel"))
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        self._buttons = buttons
        # The fields scroll when the form is taller than the screen (a long form in large type at
        # 768 px): the error line and the buttons stay in view whatever it says.
        self._fields = QWidget()
        self._fields.setLayout(self.form)
        self._scroll = QScrollArea()
        self._scroll.setWidget(self._fields)
        self._scroll.setWidgetResizable(True)
        self._scroll.setFrameShape(QFrame.Shape.NoFrame)
        self._scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout = QVBoxLayout(self)
        layout.addWidget(self._scroll, 1)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def sizeHint(self) -> QSize:
        """The whole form when the screen has room for it, else as much as the screen holds."""
        inner = self._fields.sizeHint()
        layout = self.layout()
        assert layout is not None
        m = layout.contentsMargins()
        extra = m.top() + m.bottom() + 2 * layout.spacing() + self._buttons.sizeHint().height()
        if not self.error.isHidden():
            extra += self.error.sizeHint().height()
        room = self.screen().availableGeometry()
        width = max(inner.width(), self._buttons.sizeHint().width()) + m.left() + m.right() + 8
        height = min(inner.height() + extra, room.height() - 60)  # a title bar's worth of margin
        return QSize(min(width, 800, room.width() - 20), height)

    def showEvent(self, event: QShowEvent) -> None:
        """Sized to the form in the type it is shown in (large type is only known once shown), kept
        on the screen; typing goes into the first field at once (the buttons come first in the
        focus chain)."""
        super().showEvent(event)
        self._fit()
        if not isinstance(self.focusWidget(), QLineEdit):
            fields = [w for w in self.findChildren(QLineEdit) if w.isEnabled() and not w.isReadOnly()]
            if fields:
                fields[0].setFocus(Qt.FocusReason.ActiveWindowFocusReason)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The error line appearing grows the dialog to hold it (seen under X: the fields scrolled
        away behind a mismatch message, the second PIN box out of sight)."""
        if watched is self.error and event.type() == QEvent.Type.Show:
            QTimer.singleShot(0, self._fit)
        return super().eventFilter(watched, event)

    def _fit(self) -> None:
        """Grown to what the form needs now, kept on the screen (never shrunk under the person)."""
        if not isValid(self):
            return
        want = self.sizeHint().expandedTo(self.minimumSize())
        if want.height() > self.height() or want.width() > self.width():
            room = self.screen().availableGeometry()
            geo = self.geometry()
            geo.setSize(want.expandedTo(self.size()).boundedTo(room.size()))
            geo.moveCenter(geo.center())
            geo.moveTop(max(room.top() + 30, min(geo.top(), room.bottom() - geo.height() - 8)))  # and its frame
            geo.moveLeft(max(room.left(), min(geo.left(), room.right() - geo.width())))
            self.setGeometry(geo)

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    def submit(self) -> None:
        try:
            self.validate()
        except PosError as exc:
            self.show_error(error_text(exc))
            return
        self.accept()

    def validate(self) -> None:  # overridden
        pass


class ChangePinDialog(Form):
    """A new PIN, typed twice, for someone signed in with one shorter than their roles now need (or
    who wants another): Enter after the first goes on to the second, Enter there saves."""

    def __init__(self, users: UserService, user: UserView, old_pin: str, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Set a new PIN"), parent)
        self._users = users
        self._user = user
        self._old = old_pin
        self.changed: UserView | None = None
        low, high = pin_digits(user.roles)
        why = QLabel(
            self.tr(
                "{0}: a manager's or an administrator's PIN has {1}–{2} digits. Choose a new one to sign in."
            ).format(user.display_name, low, high)
        )
        why.setWordWrap(True)
        self.form.addRow(why)
        self.new = pin_field("newPin")
        self.new.setPlaceholderText(self.tr("{0}–{1} digits").format(low, high))
        self.again = pin_field("newPinAgain")
        self.form.addRow(self.tr("New PIN"), self.new)
        self.form.addRow(self.tr("Once more"), self.again)
        self.new.returnPressed.connect(self.again.setFocus)
        self.again.returnPressed.connect(self.submit)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()  # the fields have handled it
            return
        super().keyPressEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.new.setFocus()

    def submit(self) -> None:
        if self.new.text() != self.again.text():
            self.error.setText(self.tr("The two PINs differ: type the new PIN again."))
            self.error.show()
            self.new.clear()
            self.again.clear()
            self.new.setFocus()
            return
        try:
            self.changed = self._users.change_pin(self._user.username, self._old, self.new.text())
        except PosError as exc:
            self.error.setText(error_text(exc))
            self.error.show()
            self.new.clear()
            self.again.clear()
            self.new.setFocus()
            return
        self.accept()


class ManagerPinDialog(Form):
    """A manager approves one action with user name and PIN; a wrong PIN changes nothing."""

    def __init__(self, users: UserService, action: str, parent: QWidget | None = None, role: str = "manager") -> None:
        super().__init__(self.tr("Administrator approval") if role == "admin" else self.tr("Manager approval"), parent)
        self._users = users
        self._role = role
        self.approver: UserView | None = None
        self.form.addRow(QLabel(self.tr("Approve: {0}").format(action)))
        self.user = QLineEdit()
        self.user.setObjectName("managerUser")
        self.pin = pin_field("managerPin")
        self.pin.setPlaceholderText(self.tr("6–8 digits"))
        self.form.addRow(self.tr("Administrator") if role == "admin" else self.tr("Manager"), self.user)
        self.form.addRow(self.tr("PIN"), self.pin)
        self._countdown = Countdown(self.error)

        # Enter is each field's own: after the name it goes on to the PIN and submits nothing (no try
        # is burnt); after the PIN it submits.
        self.user.returnPressed.connect(self.pin.setFocus)
        self.pin.returnPressed.connect(self.submit)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """The fields have handled Enter; the dialog's default button must not press itself too."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()
            return
        super().keyPressEvent(event)

    def submit(self) -> None:
        try:
            self.approver = self._users.authorize(self.user.text(), self.pin.text(), self._role)
        except PosError as exc:
            self.pin.clear()
            self.pin.setFocus()
            self._countdown.show(exc)
            return
        self._countdown.stop()
        self.accept()


class NumberDialog(Form):
    """Ask one number: a piece count, a weight in kg or 斤, or an amount in yuan."""

    def __init__(
        self, title: str, label: str, kind: str, initial: str = "", parent: QWidget | None = None, base_fen: int = 0
    ) -> None:
        super().__init__(title, parent)
        self._kind = kind
        self._base = base_fen  # a discount's: the amount it comes off
        self.value: int = 0
        self.field = QLineEdit(initial)
        self.field.setObjectName("numberField")
        self.field.selectAll()
        self.form.addRow(label, self.field)
        self.field.returnPressed.connect(self.submit)

    def validate(self) -> None:
        text = self.field.text()
        if self._kind == "count":
            self.value = parse_count(text)
        elif self._kind in ("kg", "斤"):
            self.value = parse_weight(text, self._kind)
        elif self._kind == "discount":
            self.value = parse_discount(text, self._base)
        else:
            self.value = parse_yuan(text)


class WeightDialog(NumberDialog):
    """The weight of a weighed good, in the unit it is priced by. With a counter scale connected the
    box follows the scale: a stable, positive net weight fills it (Enter takes the scale's weight as it
    is at that moment), anything else empties it and the line under it says why (not stable, nothing
    on the scale, negative, overloaded, no data). A weight typed by hand stays as typed."""

    def __init__(
        self, title: str, label: str, unit: str, scale: WeightSource | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(title, label, unit, "", parent)
        self._unit = unit
        self._scale = scale
        self._typed = False
        self.readout = QLabel()
        self.readout.setObjectName("scaleReadout")
        self.readout.setWordWrap(True)
        self.form.addRow(self.readout)
        self.readout.setVisible(scale is not None)
        self.field.textEdited.connect(self._edited)
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.follow_scale)
        if scale is not None:
            self.field.setPlaceholderText(self.tr("weighing…"))
            self._timer.start(100)
            self.follow_scale()

    def _edited(self, text: str) -> None:
        self._typed = bool(text.strip())  # emptied by hand: follow the scale again

    def follow_scale(self) -> None:
        if self._scale is None or not isValid(self):
            return
        reading = self._scale.latest()
        try:
            grams = usable_grams(reading)
        except ScaleRefusal as exc:
            self.readout.setObjectName("error")
            self.readout.setStyleSheet("")
            self.readout.setText(self.tr("Scale: {0}").format(error_text(exc)))
            if not self._typed:
                self.field.clear()
            return
        assert reading is not None
        shown = weight_figure(grams, self._unit)
        text = self.tr("Scale: {0} {1}, stable").format(shown, self._unit)
        if reading.tare_g:
            text += self.tr(" (tare {0} {1})").format(weight_figure(reading.tare_g, self._unit), self._unit)
        self.readout.setObjectName("ok")
        self.readout.setStyleSheet("")
        self.readout.setText(text)
        self.error.hide()  # an earlier refusal ("not stable") no longer holds
        if not self._typed and self.field.text() != shown:
            self.field.setText(shown)

    def validate(self) -> None:
        if self._scale is not None and not self._typed:
            self.value = usable_grams(self._scale.latest())  # the scale as it is now, not as it was
            return
        super().validate()


class _PickList(QDialog):
    """Choose one entry with ↑↓ and Enter (Esc cancels); ``chosen`` holds the entry's value."""

    def __init__(
        self, title: str, entries: list[tuple[str, object]], current: int = 0, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.chosen: object = None
        self.list = QListWidget()
        for text, value in entries:
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, value)
            self.list.addItem(item)
        self.list.setCurrentRow(current)
        self.list.itemActivated.connect(self._pick)
        self.body = QVBoxLayout(self)
        self.body.addWidget(self.list)

    def _pick(self, item: QListWidgetItem) -> None:
        self.chosen = item.data(Qt.ItemDataRole.UserRole)
        self.accept()

    def keyPressEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.list.currentItem():
            self._pick(self.list.currentItem())
            return
        super().keyPressEvent(event)


class HeldDialog(_PickList):
    """Pick a held sale with the arrow keys and Enter."""

    def __init__(self, held: list[HeldView], parent: QWidget | None = None) -> None:
        entries: list[tuple[str, object]] = [
            (
                QCoreApplication.translate("HeldDialog", "{0}  ·  {1} lines  ·  {2}  ·  {3}").format(
                    format_local(h.held_at, "%H:%M"), h.line_count, format_fen(h.total_fen), h.first_items
                ),
                h,
            )
            for h in held
        ]
        super().__init__(QCoreApplication.translate("HeldDialog", "Held sales"), entries, 0, parent)
        self.list.setObjectName("heldList")
        self.body.insertWidget(0, QLabel(self.tr("Resume which sale? (↑↓ Enter, Esc to cancel)")))
        self.resize(460, 320)


class OpenShiftDialog(NumberDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Open shift"), self.tr("Cash float in the drawer (yuan)"), "yuan", "200.00", parent)


class BuyerDialog(_PickList):
    """Put a buyer on the sale (a canteen or union paying on account); ↑↓ Enter, Esc to cancel."""

    def __init__(self, buyers: list[BuyerView], parent: QWidget | None = None) -> None:
        on_account = QCoreApplication.translate("BuyerDialog", "  (on account)")
        entries: list[tuple[str, object]] = [(QCoreApplication.translate("BuyerDialog", "— no buyer —"), None)] + [
            (b.name + (on_account if b.institutional else ""), b) for b in buyers
        ]
        title = QCoreApplication.translate("BuyerDialog", "Buyer for this sale")
        super().__init__(title, entries, 1 if buyers else 0, parent)
        self.list.setObjectName("buyerList")
        self.resize(420, 360)
