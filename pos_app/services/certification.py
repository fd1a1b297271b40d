"""Certified poverty-relief products: import the district's list, link certificates to products,
and say which certificates expire soon. A product is certified on a day only while a linked
certificate is valid (the catalog's look-ups ask that question for today)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import delete, func, insert, select, update

from pos_app.domain.barcodes import validate_product_code
from pos_app.domain.certification import CHANNELS, Validity, parse_date, today_local
from pos_app.domain.clock import Clock
from pos_app.domain.errors import ImportFailed, InvalidInput, NotFound, PosError
from pos_app.domain.identifiers import validate_credit_code
from pos_app.domain.ids import new_id
from pos_app.services.settings import bump_catalog_version
from pos_app.services.tabular import RowError, read_fields
from pos_app.store.models import Certificate, CertificateProduct, Product, ProductCode, table
from pos_app.store.uow import Database

CERT_ALIASES = {
    "cert_no": ("证书编号", "认定编号", "certificate no", "certificate_no", "certificate"),
    "product_name": ("产品名称", "product name", "product"),
    "supplier": ("生产企业/供应商", "生产企业", "供应商", "supplier", "producer"),
    "credit_code": ("统一社会信用代码", "信用代码", "credit code", "uscc"),
    "origin": ("产地", "origin"),
    "category": ("类别", "产品类别", "category"),
    "channel": ("渠道", "销售渠道", "channel"),
    "valid_from": ("有效期起", "有效期开始", "valid from", "valid_from"),
    "valid_to": ("有效期止", "有效期至", "有效期结束", "valid to", "valid_to"),
    "barcode": ("条码", "商品条码", "barcode", "barcodes"),
    "households": ("带贫户数", "带动贫困户数", "households driven", "households"),
}


@dataclass(frozen=True)
class CertificateInput:
    cert_no: str
    product_name: str
    supplier_name: str
    supplier_credit_code: str
    validity: Validity
    origin: str = ""
    category: str = ""
    channel: str = ""
    households_driven: int = 0
    barcodes: tuple[str, ...] = ()


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


def parse_certified(path: Path) -> CertImportReport:
    rows = read_fields(
        path, CERT_ALIASES, required=("cert_no", "product_name", "supplier", "credit_code", "valid_from", "valid_to")
    )
    report = CertImportReport()
    seen: dict[str, int] = {}

    for line, row in rows:
        try:
            cert_no = row["cert_no"]
            if not cert_no or len(cert_no) > 64:
                raise InvalidInput(what="certificate number is empty or longer than 64")
            if cert_no in seen:
                raise InvalidInput(what=f"certificate {cert_no} repeats line {seen[cert_no]}")
            name, supplier = row["product_name"], row["supplier"]
            if not name or not supplier:
                raise InvalidInput(what="product name and supplier are required")
            channel = row["channel"]
            if channel and channel not in CHANNELS:
                raise InvalidInput(what=f"channel {channel!r} (one of {' '.join(CHANNELS)})")
            households_text = row["households"] or "0"
            if not households_text.isdigit():
                raise InvalidInput(what=f"households driven {households_text!r} is not a whole number")
            codes = tuple(
                validate_product_code(c)
                for c in row["barcode"].replace("；", ";").replace(",", ";").replace("|", ";").split(";")
                if c.strip()
            )
            item = CertificateInput(
                cert_no=cert_no,
                product_name=name[:100],
                supplier_name=supplier[:100],
                supplier_credit_code=validate_credit_code(row["credit_code"]),
                validity=Validity(parse_date(row["valid_from"]), parse_date(row["valid_to"])),
                origin=row["origin"][:100],
                category=row["category"][:32],
                channel=channel,
                households_driven=int(households_text),
                barcodes=codes,
            )
            seen[cert_no] = line
            report.good.append((line, item))
        except PosError as exc:
            report.bad.append(RowError(line, exc.message))
    return report


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
    )


class CertificationService:
    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    def today(self) -> date:
        return today_local(self._clock.now())

    def import_file(self, path: Path, *, skip_bad: bool = False) -> CertImportReport:
        report = parse_certified(path)
        if report.bad and not skip_bad:
            raise ImportFailed(count=len(report.bad), errors=report.bad)
        created, updated, linked, unmatched = self.upsert([item for _, item in report.good])
        report.created, report.updated, report.linked, report.unmatched = created, updated, linked, unmatched
        return report

    def upsert(self, items: list[CertificateInput]) -> tuple[int, int, int, list[str]]:
        """Create or update certificates by number and link them to products by barcode."""
        now = self._clock.now()
        created = updated = linked = 0
        unmatched: list[str] = []
        with self._db.uow(write=True) as uow:
            s = uow.session
            for item in items:
                values = {
                    "product_name": item.product_name,
                    "supplier_name": item.supplier_name,
                    "supplier_credit_code": item.supplier_credit_code,
                    "origin": item.origin,
                    "category": item.category,
                    "channel": item.channel,
                    "valid_from": item.validity.valid_from.isoformat(),
                    "valid_to": item.validity.valid_to.isoformat(),
                    "households_driven": item.households_driven,
                    "barcodes": ";".join(item.barcodes),
                    "updated_at": now,
                }
                cid = s.execute(select(Certificate.id).where(Certificate.cert_no == item.cert_no)).scalar()
                if cid is None:
                    cid = new_id()
                    s.execute(
                        insert(table(Certificate)), [{"id": cid, "cert_no": item.cert_no, "created_at": now, **values}]
                    )
                    created += 1
                else:
                    s.execute(update(Certificate).where(Certificate.id == cid).values(**values))
                    updated += 1
                for code in item.barcodes:
                    pid = s.execute(select(ProductCode.product_id).where(ProductCode.code == code)).scalar()
                    if pid and not s.get(CertificateProduct, (cid, pid)):
                        s.execute(insert(table(CertificateProduct)), [{"certificate_id": cid, "product_id": pid}])
                        linked += 1
                s.flush()
                has_link = s.execute(
                    select(func.count()).select_from(CertificateProduct).where(CertificateProduct.certificate_id == cid)
                ).scalar_one()
                if not has_link:
                    unmatched.append(item.cert_no)
            bump_catalog_version(s)
            uow.commit()
        return created, updated, linked, unmatched

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
