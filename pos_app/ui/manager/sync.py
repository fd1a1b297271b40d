"""District sync for a manager: where it stands, "sync now", and the facts the server refused, with
the server's reason, to retry (after the district fixed its side) or export for the district office."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pos_app.bootstrap import Services
from pos_app.domain.clock import format_local
from pos_app.domain.errors import PosError
from pos_app.domain.permissions import Permission, permissions
from pos_app.services.sync import SyncStatus
from pos_app.services.users import UserView
from pos_app.ui.dialogs import ManagerPinDialog
from pos_app.ui.look import error_text


def status_text(s: SyncStatus) -> str:
    """One line for the status bar and the sync tab."""
    if not s.enrolled:
        head = QCoreApplication.translate("SyncStatus", "Sync: not enrolled")
    elif s.last_ok:
        head = QCoreApplication.translate("SyncStatus", "Synced {0}").format(format_local(s.last_ok, "%m-%d %H:%M"))
    else:
        head = QCoreApplication.translate("SyncStatus", "Never synced")
    parts = [head, QCoreApplication.translate("SyncStatus", "{0} waiting").format(s.waiting)]
    if s.problems:
        parts.append(QCoreApplication.translate("SyncStatus", "{0} problems").format(s.problems))
    if s.last_error and s.enrolled:
        parts.append(QCoreApplication.translate("SyncStatus", "last try failed: {0}").format(s.last_error))
    if s.clock_skew_s:
        span = _span(abs(s.clock_skew_s))
        if s.clock_skew_s > 0:
            text = QCoreApplication.translate("SyncStatus", "clock {0} behind the district server: check the time")
        else:
            text = QCoreApplication.translate("SyncStatus", "clock {0} ahead of the district server: check the time")
        parts.append(text.format(span))
    return " · ".join(parts)


def _span(seconds: int) -> str:
    if seconds >= 86400:
        return QCoreApplication.translate("SyncStatus", "{0} days").format(f"{round(seconds / 86400, 1):g}")
    if seconds >= 3600:
        return QCoreApplication.translate("SyncStatus", "{0} hours").format(f"{round(seconds / 3600, 1):g}")
    return QCoreApplication.translate("SyncStatus", "{0} minutes").format(seconds // 60)


class SyncTab(QWidget):
    def __init__(
        self,
        services: Services,
        user: UserView,
        sync_now: Callable[[], None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.s = services
        self.user = user
        self._sync_now = sync_now
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.server = QLabel()
        self.server.setObjectName("muted")
        self.table = QTableWidget(0, 6)
        self.table.setTabKeyNavigation(False)  # arrows between rows, Tab to the buttons
        headers = [self.tr("No."), self.tr("Kind"), self.tr("Fact"), self.tr("State"), self.tr("Server's reason")]
        self.table.setHorizontalHeaderLabels([*headers, self.tr("Made")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(True)
        self.table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        for col, w in ((0, 70), (1, 80), (2, 290), (3, 80), (5, 120)):
            self.table.setColumnWidth(col, w)
        self.now_button = QPushButton(self.tr("Sync now"))
        self.now_button.clicked.connect(self.sync_now)
        self.now_button.setEnabled(sync_now is not None)
        self.retry_button = QPushButton(self.tr("Retry selected"))
        self.retry_button.clicked.connect(self.retry_selected)
        self.retry_all_button = QPushButton(self.tr("Retry all"))
        self.retry_all_button.clicked.connect(self.retry_all)
        export = QPushButton(self.tr("Export…"))
        export.clicked.connect(self.export)
        self.message = QLabel()
        self.message.setObjectName("muted")
        row = QHBoxLayout()
        row.addWidget(self.message, 1)
        for b in (self.retry_button, self.retry_all_button, export):
            row.addWidget(b)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.now_button)
        self.server_url = QLineEdit()
        self.server_url.setObjectName("enrollServer")
        self.server_url.setPlaceholderText(self.tr("District server address, e.g. https://pos.district.gov.cn"))
        self.enroll_code = QLineEdit()
        self.enroll_code.setObjectName("enrollCode")
        self.enroll_code.setPlaceholderText(self.tr("One-time code from the district office"))
        self.enroll_code.returnPressed.connect(self.enroll)
        enroll = QPushButton(self.tr("Enroll this till"))
        enroll.clicked.connect(self.enroll)
        self.enroll_row = QWidget()
        enroll_layout = QHBoxLayout(self.enroll_row)
        enroll_layout.setContentsMargins(0, 0, 0, 0)
        enroll_layout.addWidget(self.server_url, 2)
        enroll_layout.addWidget(self.enroll_code, 1)
        enroll_layout.addWidget(enroll)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.server)
        layout.addWidget(self.enroll_row)
        layout.addWidget(QLabel(self.tr("Facts the district server did not take")))
        layout.addWidget(self.table)
        layout.addLayout(row)
        self.refresh()

    def refresh(self, *_: object) -> None:
        st = self.s.sync.status()
        self.summary.setText(status_text(st))
        self.server.setText(
            self.tr("District server: {0}").format(st.server_url)
            if st.enrolled
            else self.tr("This till is not enrolled: ask the district office for a one-time code, then enroll it here")
        )
        self.enroll_row.setVisible(not st.enrolled)
        problems = self.s.sync.problems()
        self.table.setRowCount(len(problems))
        for i, p in enumerate(problems):
            cells = [
                str(p.seq),
                self._kind(p.entity_type),
                p.entity_id,
                self.tr("Refused") if p.status == "rejected" else self.tr("Differs from the server's"),
                p.error,
                format_local(p.created_at, "%m-%d %H:%M"),
            ]
            for j, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if j == 0:
                    item.setData(Qt.ItemDataRole.UserRole, p.seq)
                self.table.setItem(i, j, item)
        self.table.resizeRowsToContents()  # the server's reason wraps in its column, whole
        self.retry_button.setEnabled(bool(problems))
        self.retry_all_button.setEnabled(bool(problems))

    def _kind(self, entity_type: str) -> str:
        names = {
            "sale": self.tr("Sale"),
            "refund": self.tr("Refund"),
            "shift": self.tr("Shift"),
            "consignment": self.tr("Consignment"),
            "payout": self.tr("Household payout"),
            "audit": self.tr("Audit entry"),
            "delivery": self.tr("Delivery"),
        }
        return names.get(entity_type, entity_type)

    def enroll(self) -> None:
        """Exchange the district's one-time code for this till's credentials (an administrator's job)."""
        url, code = self.server_url.text().strip(), self.enroll_code.text().strip()
        if not url or not code:
            self.message.setText(self.tr("Type the server address and the code"))
            return
        by: UserView | None = self.user
        if Permission.ENROLLMENT not in permissions(self.user.roles):
            dlg = ManagerPinDialog(self.s.users, self.tr("enroll this till"), self, role="admin")
            by = dlg.approver if dlg.exec() == QDialog.DialogCode.Accepted else None
        if by is None:
            return
        try:
            reply = self.s.enroll(url, code, by)
        except PosError as exc:
            self.message.setText(error_text(exc))
            return
        self.enroll_code.clear()
        self.refresh()
        self.message.setText(
            self.tr("Enrolled as station {0} {1}, till {2}; syncing starts when the app starts next").format(
                reply.station_code, reply.station_name, reply.terminal
            )
        )

    def sync_now(self) -> None:
        if self._sync_now is not None:
            self._sync_now()
            self.message.setText(self.tr("Syncing in the background…"))

    def _retry(self, seqs: list[int]) -> None:
        if not seqs:
            self.message.setText(self.tr("Select the rows to retry"))
            return
        try:
            n = self.s.sync.retry(seqs, self.user)
        except PosError as exc:
            self.message.setText(error_text(exc))
            return
        self.refresh()
        if self._sync_now is not None:
            self._sync_now()
        self.message.setText(self.tr("{0} facts queued again").format(n))

    def retry_selected(self) -> None:
        rows = sorted({i.row() for i in self.table.selectedIndexes()})
        items = [self.table.item(r, 0) for r in rows]
        self._retry([int(i.data(Qt.ItemDataRole.UserRole)) for i in items if i is not None])

    def retry_all(self) -> None:
        self._retry([p.seq for p in self.s.sync.problems()])

    def export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export sync problems"), "sync-problems.xlsx", "Excel (*.xlsx);;CSV (*.csv)"
        )
        if path:
            try:
                n = self.s.sync.export_problems(Path(path), self.user)
            except PosError as exc:
                self.message.setText(error_text(exc))
                return
            self.message.setText(self.tr("{0} problems exported").format(n))
