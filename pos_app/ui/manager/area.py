"""The manager area: one tab per job, each in its own module under ui/manager/.

Every action goes through a service; documents (intake slips, statements) open in the PDF preview."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from pos_app.bootstrap import Services
from pos_app.services.users import UserView
from pos_app.ui.background import Background
from pos_app.ui.manager.audit import AuditTab
from pos_app.ui.manager.buyers import BuyersTab
from pos_app.ui.manager.certificates import CertificatesTab
from pos_app.ui.manager.households import HouseholdsTab
from pos_app.ui.manager.products import ProductsTab
from pos_app.ui.manager.receiving import ReceivingTab
from pos_app.ui.manager.reports import ReportsTab
from pos_app.ui.manager.settings import SettingsTab
from pos_app.ui.manager.stock import StockTab
from pos_app.ui.manager.stocktake import StocktakeTab
from pos_app.ui.manager.suppliers import SuppliersTab
from pos_app.ui.manager.sync import SyncTab


class ManagerArea(QDialog):
    def __init__(
        self,
        services: Services,
        user: UserView,
        parent: QWidget | None = None,
        background: Background | None = None,
        sync_now: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Manager — certificates, households, buyers"))
        self.tabs = QTabWidget()
        self.certificates = CertificatesTab(services)
        self.households = HouseholdsTab(services, user)
        self.buyers = BuyersTab(services)
        self.tabs.addTab(self.certificates, self.tr("Certified products"))
        self.tabs.addTab(self.households, self.tr("Households"))
        self.tabs.addTab(self.buyers, self.tr("Buyers and subscriptions"))
        self.products = ProductsTab(services, user)
        self.tabs.addTab(self.products, self.tr("Products"))
        self.suppliers = SuppliersTab(services, user)
        self.tabs.addTab(self.suppliers, self.tr("Suppliers"))
        self.receiving = ReceivingTab(services, user)
        self.tabs.addTab(self.receiving, self.tr("Goods receiving"))
        self.stock = StockTab(services, user)
        self.tabs.addTab(self.stock, self.tr("Stock"))
        self.stocktake = StocktakeTab(services, user)
        self.tabs.addTab(self.stocktake, self.tr("Stocktake"))
        self.tabs.currentChanged.connect(self._tab_shown)
        self.background = background or Background(self)
        self.reports = ReportsTab(services, user, self.background)
        self.tabs.addTab(self.reports, self.tr("Reports and labels"))
        self.audit = AuditTab(services, user)
        self.tabs.addTab(self.audit, self.tr("Audit log"))
        self.sync = SyncTab(services, user, sync_now)
        self.tabs.addTab(self.sync, self.tr("District sync"))
        self.settings = SettingsTab(services, user)
        self.tabs.addTab(self.settings, self.tr("Settings"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        room = self.screen().availableGeometry()  # never wider or taller than the till's screen
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        if room.width() < 1200 or room.height() < 760:  # a small till screen: all of it, with or without
            self.setGeometry(room)  # a window manager to maximise it (X with none leaves a small box)
            self.setWindowState(Qt.WindowState.WindowMaximized)
        else:
            self.resize(1180, 720)

    def _tab_shown(self, _index: int) -> None:
        self.tabs.currentWidget().setFocus()  # its focus proxy: the tab's first field, ready to type
        if self.tabs.currentWidget() is self.receiving:
            self.receiving.refresh()  # a supplier just added on the Suppliers tab
        elif self.tabs.currentWidget() is self.stock:
            self.stock.refresh()  # a delivery just booked
        elif self.tabs.currentWidget() is self.stocktake:
            self.stocktake.refresh()  # a category just added
