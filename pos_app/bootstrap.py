"""Wiring: config → engine → unit of work → services. No globals; tests build their own."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from pos_app.crypto import FieldCipher
from pos_app.domain.certification import today_local
from pos_app.domain.clock import Clock, SystemClock
from pos_app.domain.errors import StationNotInitialised
from pos_app.hardware.label_scale import DahuaTmClient
from pos_app.services.audit import AuditService
from pos_app.services.backup import BackupService
from pos_app.services.buyers import BuyerService
from pos_app.services.catalog import CatalogService
from pos_app.services.certification import CertificationService
from pos_app.services.checkout import CheckoutService
from pos_app.services.deliveries.board import DeliveryBoard
from pos_app.services.deliveries.orders import DeliveryService
from pos_app.services.deliveries.residents import ResidentService
from pos_app.services.health import HealthService
from pos_app.services.households.consignment import ConsignmentService
from pos_app.services.households.ledger import HouseholdLedger
from pos_app.services.households.registry import HouseholdRegistry
from pos_app.services.households.settlement import SettlementService
from pos_app.services.keys import KeyState, open_key
from pos_app.services.label_scales import LabelScaleService
from pos_app.services.labels import LabelService
from pos_app.services.maintenance import DailyJobs
from pos_app.services.purchasing import GoodsReceiptService
from pos_app.services.refunds import RefundService
from pos_app.services.reports import PeriodReports, ReportService
from pos_app.services.settings import SettingsService
from pos_app.services.shifts import ShiftService
from pos_app.services.station import load_context, open_database
from pos_app.services.stock import StockService
from pos_app.services.stocktake import StocktakeService
from pos_app.services.suppliers import SupplierService
from pos_app.services.sync import SyncService
from pos_app.services.users import UserService, UserView

if TYPE_CHECKING:
    from pos_app.contract.protocol import EnrollResponse
from pos_app.store.context import StationContext
from pos_app.store.uow import Database
from pos_app.sync.client import DistrictClient


@dataclass
class Services:
    db: Database
    clock: Clock
    station: StationContext
    settings: SettingsService
    users: UserService
    catalog: CatalogService
    shifts: ShiftService
    refunds: RefundService
    certification: CertificationService
    households: HouseholdRegistry
    ledger: HouseholdLedger
    consignment: ConsignmentService
    settlement: SettlementService
    buyers: BuyerService
    suppliers: SupplierService
    purchasing: GoodsReceiptService
    stock: StockService
    stocktake: StocktakeService
    reports: ReportService
    labels: LabelService
    label_scales: LabelScaleService
    period_reports: PeriodReports
    audit: AuditService
    residents: ResidentService
    deliveries: DeliveryService
    delivery_board: DeliveryBoard
    sync: SyncService
    backup: BackupService
    health: HealthService
    daily_jobs: DailyJobs
    key: KeyState  # the station's key, as checked at opening (pos-admin info)

    def checkout(self) -> CheckoutService:
        """A checkout for this terminal (the screen keeps one; tests may make several)."""
        return CheckoutService(self.db, self.clock, self.station, self.catalog, self.settings)

    def enroll(self, server_url: str, code: str, by: UserView) -> EnrollResponse:
        """Enroll this terminal with the district server (the sync tab's form; pos-admin enroll)."""
        from pos_app.sync.client import enroll  # httpx: only when a till is enrolled

        return enroll(self.sync, server_url, code, by=by)

    def today(self) -> date:
        """The station's business day (Asia/Shanghai)."""
        return today_local(self.clock.now())

    def close(self) -> None:
        self.backup.wait()  # a backup started by a shift close finishes first
        self.db.dispose()


def open_station(path: Path, clock: Clock | None = None) -> Services:
    """Open an initialised station file (migrating it) and build its services. A file that is not
    there is refused before anything is written (no empty file is left behind)."""
    if not Path(path).is_file():
        raise StationNotInitialised(path=str(path))
    clock = clock or SystemClock()
    db = open_database(path)
    try:
        station = load_context(db, path)
    except Exception:
        db.dispose()
        raise
    return build_services(db, clock, station)


def build_services(db: Database, clock: Clock, station: StationContext) -> Services:
    backup = BackupService(_db_file(db), clock)
    cipher, key = open_key(db, _key_file(db), backup.key_copies())  # never a new key over sealed data
    if station.chain is None:
        station = replace(station, chain=cipher.chain_key(_key_file(db).with_suffix(".anchor")))
    settings = SettingsService(db, clock, station)
    catalog = CatalogService(db, clock, station)
    households = HouseholdRegistry(db, clock, station, cipher)
    audit = AuditService(db, clock, station)
    sync = SyncService(db, clock, station, households, _key_file(db).with_suffix(".sync-token"))
    district = DistrictClient(sync)  # a till not enrolled works alone (district.enrolled() is False)
    audit.anchor()

    def checkout() -> CheckoutService:
        return CheckoutService(db, clock, station, catalog, settings)

    return Services(
        db=db,
        clock=clock,
        station=station,
        settings=settings,
        users=UserService(db, clock, station, pepper=cipher.pepper()),
        catalog=catalog,
        shifts=ShiftService(db, clock, station, after_close=backup.after_shift),
        refunds=RefundService(db, clock, station, district),
        certification=CertificationService(db, clock),
        households=households,
        ledger=HouseholdLedger(db, clock, station, district),
        consignment=ConsignmentService(db, clock, station),
        settlement=SettlementService(db, clock, station, district),
        buyers=BuyerService(db, clock),
        suppliers=SupplierService(db, clock, station),
        purchasing=GoodsReceiptService(db, clock, station),
        stock=StockService(db, clock, station),
        stocktake=StocktakeService(db, clock, station),
        reports=ReportService(db, clock, station),
        labels=LabelService(db, clock, catalog, settings),
        label_scales=LabelScaleService(db, clock, settings, link=DahuaTmClient),
        period_reports=PeriodReports(db, clock, station),
        audit=audit,
        residents=ResidentService(db, clock, station),
        deliveries=DeliveryService(db, clock, station, catalog, checkout),
        delivery_board=DeliveryBoard(db, clock, station),
        sync=sync,
        backup=backup,
        health=HealthService(db, clock),
        daily_jobs=DailyJobs(backup, sync),
        key=key,
    )


def _db_file(db: Database) -> Path:
    path = db.engine.url.database
    if not path or path == ":memory:":
        raise ValueError("a station database file is needed (key file, backups)")
    return Path(path)


def _key_file(db: Database) -> Path:
    """``keys/<db>.key`` beside the file; for a backup opened as it lies (``backups/x.db``), the key
    copy kept with it (``backups/x.key``) when there is no key of its own."""
    own = FieldCipher.key_path_for(_db_file(db))
    kept = _db_file(db).with_suffix(".key")
    return kept if not own.exists() and kept.exists() else own
