"""Sign in with user name and PIN."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFormLayout, QFrame, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from pos_app.domain.errors import PosError
from pos_app.services.users import UserService
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
        self.user.setPlaceholderText(self.tr("user name"))
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
        self.pin.clear()
        self.error.hide()
        self.logged_in.emit(user)
