"""The PIN box every sign-in and approval uses (digits only, at most 8), and the lock-out countdown
shown under it while a user is locked."""

from __future__ import annotations

from PySide6.QtCore import QObject, QRegularExpression, QTimer
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QLabel, QLineEdit

from pos_app.domain.errors import PosError
from pos_app.services.users import UserLocked
from pos_app.ui.look import error_text


def pin_field(name: str) -> QLineEdit:
    field = QLineEdit()
    field.setObjectName(name)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setMaxLength(8)
    field.setValidator(QRegularExpressionValidator(QRegularExpression("[0-9]{0,8}"), field))  # letters never land
    return field


class Countdown(QObject):
    """Shows an error under a PIN box; a lock-out's seconds count down to "try again" there."""

    def __init__(self, label: QLabel) -> None:
        super().__init__(label)
        self._label = label
        self._left = 0
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self._tick)

    @property
    def running(self) -> bool:
        return self._timer.isActive()

    def show(self, exc: PosError) -> None:
        self._timer.stop()
        if isinstance(exc, UserLocked):
            self._left = exc.seconds
            self._timer.start()
            self._paint()
        else:
            self._label.setText(error_text(exc))
        self._label.show()

    def stop(self) -> None:
        self._timer.stop()

    def _tick(self) -> None:
        self._left -= 1
        if self._left <= 0:
            self._timer.stop()
            self._label.setText(self.tr("You may try again now."))
            return
        self._paint()

    def _paint(self) -> None:
        self._label.setText(self.tr("Too many wrong PINs: try again in {0} s").format(self._left))
