"""The audit log: search, verify, export."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pos_app.bootstrap import Services
from pos_app.domain.audit_words import action_words, detail_words
from pos_app.domain.clock import format_local
from pos_app.services.users import UserView
from pos_app.ui.look import current_language
from pos_app.ui.manager.tables import fill, table


class AuditTab(QWidget):
    """The audit log: filter, check the chain, export."""

    def __init__(self, services: Services, user: UserView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.s = services
        self.user = user
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Action, receipt, product or household"))
        self.table = table(
            [
                self.tr("No."),
                self.tr("Time"),
                self.tr("User"),
                self.tr("Approved by"),
                self.tr("Action"),
                self.tr("Target"),
                self.tr("Details"),
            ]
        )
        for col, w in ((0, 60), (1, 150), (2, 80), (3, 80), (4, 100), (5, 160)):
            self.table.setColumnWidth(col, w)
        verify = QPushButton(self.tr("Check the chain"))
        verify.clicked.connect(self.verify)
        export = QPushButton(self.tr("Export…"))
        export.clicked.connect(self.export)
        self.status = QLabel()
        self.status.setObjectName("muted")
        row = QHBoxLayout()
        row.addWidget(self.status, 1)
        row.addWidget(verify)
        row.addWidget(export)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.table)
        layout.addLayout(row)
        self.search.textChanged.connect(self.refresh)
        self.refresh()

    def refresh(self, *_: object) -> None:
        rows = self.s.audit.entries(self.search.text(), limit=500)
        zh = current_language() == "zh_CN"
        fill(
            self.table,
            [
                [
                    str(e.seq),
                    format_local(e.at),
                    e.user,
                    e.approver,
                    action_words(e.action, zh),
                    e.target,
                    detail_words(e.detail, zh, e.action),
                ]
                for e in rows
            ],
        )

    def verify(self) -> None:
        broken = self.s.audit.verify()
        self.status.setText(
            self.tr("The audit log is intact")
            if broken is None
            else self.tr("Broken at entry {0}: edited, deleted or reordered").format(broken)
        )

    def export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export the audit log"), "audit.xlsx", "Excel (*.xlsx);;CSV (*.csv)"
        )
        if path:
            n = self.s.audit.export(Path(path), self.user.id)
            self.status.setText(self.tr("{0} entries exported").format(n))
