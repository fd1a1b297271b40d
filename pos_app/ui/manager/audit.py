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
from pos_app.domain.clock import format_local
from pos_app.domain.money import format_fen
from pos_app.services.users import UserView
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

    def _actions(self) -> dict[str, str]:
        return {
            "backup": self.tr("Backup"),
            "discount": self.tr("Discount"),
            "drawer_open": self.tr("Drawer opened"),
            "enroll": self.tr("Terminal enrolled"),
            "export": self.tr("Export"),
            "goods_receipt": self.tr("Goods receipt"),
            "goods_return": self.tr("Return to supplier"),
            "intake": self.tr("Consignment intake"),
            "payout": self.tr("Payout"),
            "pii_export": self.tr("Export with personal data"),
            "pii_reveal": self.tr("ID number shown"),
            "pin_failed": self.tr("Wrong PIN"),
            "price_change": self.tr("Price change"),
            "product_add": self.tr("Product added"),
            "product_edit": self.tr("Product changed"),
            "refund": self.tr("Refund"),
            "resident_add": self.tr("Resident added"),
            "resident_edit": self.tr("Resident changed"),
            "resident_purge": self.tr("Resident's data erased"),
            "restore": self.tr("Backup restored"),
            "setting": self.tr("Setting changed"),
            "settlement": self.tr("Settlement"),
            "stock_minimum": self.tr("Low-stock threshold"),
            "stock_opening": self.tr("Opening stock"),
            "stock_stocktake": self.tr("Stocktake booked"),
            "stock_writeoff": self.tr("Write-off"),
            "stocktake_book": self.tr("Stocktake approved"),
            "stocktake_cancel": self.tr("Stocktake cancelled"),
            "stocktake_start": self.tr("Stocktake started"),
            "supplier_add": self.tr("Supplier added"),
            "supplier_edit": self.tr("Supplier changed"),
            "supplier_import": self.tr("Suppliers imported"),
            "sync_retry": self.tr("Sync problem retried"),
            "user_add": self.tr("User added"),
            "void_line": self.tr("Line voided"),
        }

    def _keys(self) -> dict[str, str]:
        return {
            "amount_fen": self.tr("amount"),
            "before": self.tr("before"),
            "after": self.tr("after"),
            "price_fen": self.tr("price"),
            "reason": self.tr("reason"),
            "lines": self.tr("lines"),
            "attempts": self.tr("tries"),
            "minimum": self.tr("threshold"),
            "category": self.tr("category"),
            "documents": self.tr("documents"),
            "codes": self.tr("codes"),
            "source": self.tr("source"),
            "roles": self.tr("roles"),
            "rows": self.tr("rows"),
            "display_name": self.tr("name"),
        }

    def _detail(self, detail: dict[str, object]) -> str:
        """The entry's details as words and yuan, not as raw keys, fen and JSON."""
        keys = self._keys()
        parts = []
        for key, value in detail.items():
            if value is None or value == "" or value == []:
                continue
            if isinstance(value, dict):
                shown = self._detail(value)
            elif (
                isinstance(value, int)
                and not isinstance(value, bool)
                and (key.endswith("_fen") or key in ("before", "after"))
            ):
                shown = format_fen(value)
            elif isinstance(value, list):
                shown = "、".join(str(v) for v in value)
            else:
                shown = str(value)
            parts.append(f"{keys.get(key, key)} {shown}")
        return "；".join(parts)

    def refresh(self, *_: object) -> None:
        rows = self.s.audit.entries(self.search.text(), limit=500)
        actions = self._actions()
        fill(
            self.table,
            [
                [
                    str(e.seq),
                    format_local(e.at),
                    e.user,
                    e.approver,
                    actions.get(e.action, e.action),
                    e.target,
                    self._detail(e.detail),
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
