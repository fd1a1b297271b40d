"""The certified-product list: import, link to products, what expires soon."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pos_app.bootstrap import Services
from pos_app.domain.errors import PosError
from pos_app.ui.look import refusal_text
from pos_app.ui.manager.tables import fill, table
from pos_app.ui.search_dialog import SearchDialog


class CertificatesTab(QWidget):
    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.s = services
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Certificate number, product or supplier"))
        self.expiring = QCheckBox(self.tr("Expiring within 30 days"))
        self.unmatched = QCheckBox(self.tr("Not linked to a product"))
        self.table = table(
            [
                self.tr("Certificate"),
                self.tr("Product"),
                self.tr("Supplier"),
                self.tr("Regime"),
                self.tr("Issuer and batch"),
                self.tr("Valid from"),
                self.tr("Valid to"),
                self.tr("Products"),
                self.tr("Status"),
            ]
        )
        self.table.setColumnWidth(0, 140)
        self.table.setColumnWidth(1, 150)
        self.table.setColumnWidth(2, 200)
        self.table.setColumnWidth(3, 180)
        self.table.setColumnWidth(4, 160)
        import_button = QPushButton(self.tr("Import list…"))
        import_button.clicked.connect(self.import_file)
        link = QPushButton(self.tr("Link to a product…"))
        link.clicked.connect(self.link)
        self.status = QLabel()
        self.status.setObjectName("muted")
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.expiring)
        top.addWidget(self.unmatched)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(link)
        bottom.addWidget(import_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table)
        layout.addLayout(bottom)
        self.search.textChanged.connect(self.refresh)
        self.expiring.toggled.connect(self.refresh)
        self.unmatched.toggled.connect(self.refresh)
        self.refresh()

    def refresh(self, *_: object) -> None:
        cs = self.s.certification
        today = cs.today()
        if self.expiring.isChecked():
            certs = cs.expiring(30)
        elif self.unmatched.isChecked():
            certs = cs.unmatched()
        else:
            certs = cs.search(self.search.text())
        self._certs = certs
        rows = []
        for c in certs:
            if not c.valid_on(today):
                state = self.tr("Expired") if c.valid_to < today else self.tr("Not yet valid")
            elif c.valid_to <= today.fromordinal(today.toordinal() + 30):
                state = self.tr("Expires soon")
            else:
                state = self.tr("Valid")
            rows.append(
                [
                    c.cert_no,
                    c.product_name,
                    c.supplier_name,
                    c.regime_name or self.tr("not stated"),
                    " ".join(x for x in (c.issuer, c.batch) if x),
                    c.valid_from.isoformat(),
                    c.valid_to.isoformat(),
                    str(c.linked_products),
                    state,
                ]
            )
        fill(self.table, rows)
        self.status.setText(self.tr("{0} certificates").format(len(certs)))

    def import_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Certified-product list"), "", "CSV / Excel (*.csv *.xlsx)")
        if path:
            self.import_path(Path(path))

    def import_path(self, path: Path) -> None:
        try:
            rep = self.s.certification.import_file(path)
        except PosError as exc:
            QMessageBox.warning(self, self.tr("Nothing imported"), refusal_text(exc))
            return
        self.status.setText(
            self.tr("{0} new, {1} updated, {2} not linked yet").format(rep.created, rep.updated, len(rep.unmatched))
        )
        self.refresh()

    def link(self) -> None:
        row = self.table.currentRow()
        if not 0 <= row < len(self._certs):
            return
        dlg = SearchDialog(self.s.catalog, self._certs[row].product_name, self)
        if dlg.exec() == QDialog.DialogCode.Accepted and dlg.chosen is not None:
            self.s.certification.link(self._certs[row].cert_no, dlg.chosen.id)
            self.refresh()
