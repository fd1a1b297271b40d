"""Sign in: pick a name from the staff list (↑↓ from the name field, or a click) or type the user
name, then the PIN."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pos_app.domain.errors import PosError
from pos_app.services.users import UserService
from pos_app.ui.dialogs import ChangePinDialog
from pos_app.ui.pin import Countdown, pin_field


class LoginScreen(QWidget):
    logged_in = Signal(object)  # UserView

    def __init__(self, users: UserService, station_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._users = users
        title = QLabel(station_name)
        title.setObjectName("totalDue")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        subtitle = QLabel(self.tr("Poverty-relief POS — sign in"))
        subtitle.setObjectName("muted")
        subtitle.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.user = QLineEdit()
        self.user.setObjectName("loginUser")
        self.user.setPlaceholderText(self.tr("user name, or ↓ to pick from the list"))
        self.user.installEventFilter(self)
        self.staff = QListWidget()
        self.staff.setObjectName("staffList")
        self.staff.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the name field keeps the keyboard
        self.staff.itemClicked.connect(self._picked)
        self.staff.setMaximumHeight(150)
        self.pin = pin_field("loginPin")
        self.pin.setPlaceholderText(self.tr("4–8 digits"))
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.hide()
        self._countdown = Countdown(self.error)
        button = QPushButton(self.tr("Sign in"))
        button.setObjectName("primary")
        button.clicked.connect(self.submit)
        panel = QFrame()
        panel.setObjectName("panel")
        panel.setFixedWidth(460)
        form = QFormLayout(panel)
        form.addRow(self.staff)
        form.addRow(self.tr("User"), self.user)
        form.addRow(self.tr("PIN"), self.pin)
        form.addRow(self.error)
        form.addRow(button)
        layout = QVBoxLayout(self)
        layout.addStretch()
        layout.addWidget(title)
        layout.addWidget(subtitle)
        layout.addSpacing(24)
        layout.addWidget(panel, alignment=Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch()
        self.user.returnPressed.connect(self.pin.setFocus)
        self.pin.returnPressed.connect(self.submit)

    def show_staff(self) -> None:
        roles = {"admin": self.tr("Administrator"), "manager": self.tr("Manager"), "cashier": self.tr("Cashier")}
        roles["volunteer"] = self.tr("Volunteer")
        self.staff.clear()
        for u in self._users.staff():
            role = next((roles[r] for r in ("admin", "manager", "cashier", "volunteer") if u.has(r)), "")
            item = QListWidgetItem(f"{u.display_name}　{role}　({u.username})")
            item.setData(Qt.ItemDataRole.UserRole, u.username)
            self.staff.addItem(item)

    def showEvent(self, event: QShowEvent) -> None:
        self.show_staff()  # a user just added on the manager's screen is on the list
        super().showEvent(event)

    def _picked(self, item: QListWidgetItem) -> None:
        self.user.setText(item.data(Qt.ItemDataRole.UserRole))
        self.pin.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """↑↓ in the name field walk the staff list and fill the name in."""
        if watched is self.user and isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress:
            step = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1}.get(Qt.Key(event.key()))
            if step and self.staff.count():
                row = min(max(self.staff.currentRow() + step, 0), self.staff.count() - 1)
                self.staff.setCurrentRow(row)
                self.user.setText(self.staff.item(row).data(Qt.ItemDataRole.UserRole))
                return True
        return super().eventFilter(watched, event)

    def reset(self) -> None:
        self.pin.clear()
        self.error.hide()
        (self.pin if self.user.text() else self.user).setFocus()

    def submit(self) -> None:
        try:
            user = self._users.authenticate(self.user.text(), self.pin.text())
        except PosError as exc:
            self._countdown.show(exc)
            self.pin.clear()
            self.pin.setFocus()
            return
        self._countdown.stop()
        old = self.pin.text()
        self.pin.clear()
        self.error.hide()
        if user.pin_change_due:  # a manager's or an administrator's PIN from before six digits were needed
            change = ChangePinDialog(self._users, user, old, self)
            if change.exec() != QDialog.DialogCode.Accepted or change.changed is None:
                self.error.setText(self.tr("Not signed in: the PIN must be changed first."))
                self.error.show()
                self.pin.setFocus()
                return
            user = change.changed
        self.logged_in.emit(user)
