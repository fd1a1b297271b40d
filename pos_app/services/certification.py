"""Certified poverty-relief products: import the district's list, link certificates to products,
and say which certificates expire soon. A product is certified on a day only while a linked
certificate is valid (the catalog's look-ups ask that question for today)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import delete, func, insert, select

from pos_app.domain.certification import REGIMES, today_local
from pos_app.domain.clock import Clock
from pos_app.domain.errors import ImportFailed, NotFound
from pos_app.importing.certified import CertificateInput, parse_certified
from pos_app.importing.tabular import RowError
from pos_app.store.certificates import upsert_certificates
from pos_app.store.models import Certificate, CertificateProduct, Product, table
from pos_app.store.settings import bump_catalog_version
from pos_app.store.uow import Database


@dataclass(frozen=True)
class CertificateView:
    id: str
    cert_no: str
    product_name: str
    supplier_name: str
    supplier_credit_code: str
    origin: str
    category: str
    channel: str
    valid_from: date
    valid_to: date
    households_driven: int
    barcodes: tuple[str, ...]
    linked_products: int
    regime: str = ""
    issuer: str = ""
    batch: str = ""

    @property
    def regime_name(self) -> str:
        return REGIMES.get(self.regime, "")

    def valid_on(self, day: date) -> bool:
        return self.valid_from <= day <= self.valid_to


@dataclass
class CertImportReport:
    good: list[tuple[int, CertificateInput]] = field(default_factory=list)
    bad: list[RowError] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    linked: int = 0
    unmatched: list[str] = field(default_factory=list)  # certificate numbers with no product linked


def _view(c: Certificate, linked: int) -> CertificateView:
    return CertificateView(
        c.id,
        c.cert_no,
        c.product_name,
        c.supplier_name,
        c.supplier_credit_code,
        c.origin,
        c.category,
        c.channel,
        date.fromisoformat(c.valid_from),
        date.fromisoformat(c.valid_to),
        c.households_driven,
        tuple(b for b in c.barcodes.split(";") if b),
        linked,
        c.regime,
        c.issuer,
        c.batch,
    )


class CertificationService:
    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    def today(self) -> date:
        return today_local(self._clock.now())

    def import_file(self, path: Path, *, skip_bad: bool = False) -> CertImportReport:
        parsed = parse_certified(path)
        report = CertImportReport(parsed.good, parsed.bad)
        if report.bad and not skip_bad:
            raise ImportFailed(errors=report.bad)
        created, updated, linked, unmatched = self.upsert([item for _, item in report.good])
        report.created, report.updated, report.linked, report.unmatched = created, updated, linked, unmatched
        return report

    def upsert(self, items: list[CertificateInput]) -> tuple[int, int, int, list[str]]:
        """Create or update certificates by number and link them to products by barcode."""
        with self._db.uow(write=True) as uow:
            result = upsert_certificates(uow.session, items, self._clock.now())
            uow.commit()
        return result

    def link(self, cert_no: str, product_id: str) -> None:
        """Link by hand (a certificate whose barcode the catalog does not have, or none given)."""
        with self._db.uow(write=True) as uow:
            s = uow.session
            cid = s.execute(select(Certificate.id).where(Certificate.cert_no == cert_no)).scalar()
            if cid is None:
                raise NotFound(what="certificate", what_zh="证书", key=cert_no)
            if s.get(Product, product_id) is None:
                raise NotFound(what="product", what_zh="商品", key=product_id)
            if not s.get(CertificateProduct, (cid, product_id)):
                s.execute(insert(table(CertificateProduct)), [{"certificate_id": cid, "product_id": product_id}])
            bump_catalog_version(s)
            uow.commit()

    def unlink(self, cert_no: str, product_id: str) -> None:
        with self._db.uow(write=True) as uow:
            s = uow.session
            cid = s.execute(select(Certificate.id).where(Certificate.cert_no == cert_no)).scalar()
            s.execute(
                delete(CertificateProduct).where(
                    CertificateProduct.certificate_id == cid, CertificateProduct.product_id == product_id
                )
            )
            bump_catalog_version(s)
            uow.commit()

    def _query(self, where: list[object] | None = None, limit: int = 500) -> list[CertificateView]:
        linked = (
            select(CertificateProduct.certificate_id, func.count().label("n"))
            .group_by(CertificateProduct.certificate_id)
            .subquery()
        )
        stmt = (
            select(Certificate, func.coalesce(linked.c.n, 0))
            .outerjoin(linked, linked.c.certificate_id == Certificate.id)
            .order_by(Certificate.valid_to, Certificate.cert_no)
            .limit(limit)
        )
        for w in where or []:
            stmt = stmt.where(w)  # type: ignore[arg-type]
        with self._db.uow() as uow:
            return [_view(c, int(n)) for c, n in uow.session.execute(stmt)]

    def search(self, text: str = "", limit: int = 500) -> list[CertificateView]:
        if not text.strip():
            return self._query(limit=limit)
        like = f"%{text.strip()}%"
        return self._query(
            [
                Certificate.cert_no.like(like)
                | Certificate.product_name.like(like)
                | Certificate.supplier_name.like(like)
            ],
            limit,
        )

    def expiring(self, days: int = 30) -> list[CertificateView]:
        """Certificates valid today that expire within ``days`` days (for review in the manager screen)."""
        today = self.today()
        return self._query(
            [
                Certificate.valid_to >= today.isoformat(),
                Certificate.valid_to <= (today + timedelta(days=days)).isoformat(),
            ]
        )

    def unmatched(self) -> list[CertificateView]:
        return [c for c in self._query(limit=100_000) if c.linked_products == 0]

    def for_product(self, product_id: str) -> list[CertificateView]:
        ids = select(CertificateProduct.certificate_id).where(CertificateProduct.product_id == product_id)
        return self._query([Certificate.id.in_(ids)])
