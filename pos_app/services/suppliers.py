"""Suppliers: the list, the form's add and edit, the import file; and the certificates each holds
(matched by 统一社会信用代码 against the district's certificate list)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, insert, or_, select, update
from sqlalchemy.orm import Session

from pos_app.domain.errors import ImportFailed, InvalidInput, NotFound
from pos_app.domain.ids import new_id
from pos_app.domain.permissions import Permission, require
from pos_app.importing.suppliers import SupplierInput, check_supplier, parse_suppliers
from pos_app.importing.tabular import RowError
from pos_app.services.base import StationService
from pos_app.services.users import UserView
from pos_app.store.audit import record
from pos_app.store.models import Certificate, Supplier, table


@dataclass(frozen=True)
class SupplierView:
    id: str
    code: str
    name: str
    credit_code: str
    contact: str
    phone: str
    active: bool
    certificates: tuple[str, ...] = ()  # certificate numbers issued to this credit code


@dataclass
class SupplierImportReport:
    created: int = 0
    updated: int = 0
    bad: list[RowError] = field(default_factory=list)


class SupplierService(StationService):
    def save(self, item: SupplierInput, *, by: UserView) -> SupplierView:
        """Add a supplier, or change the one with this code (audited either way)."""
        require(by.display_name, by.roles, Permission.PURCHASING)
        item = check_supplier(item)
        with self._db.uow(write=True) as uow:
            created, _ = self._upsert(uow.session, [item])
            record(
                uow.session,
                self._station,
                self._clock.now(),
                "supplier_add" if created else "supplier_edit",
                user_id=by.id,
                target=item.code,
                name=item.name,
                credit_code=item.credit_code,
            )
            uow.commit()
        return self.get(item.code)

    def import_file(self, path: Path, *, by: UserView | None = None, skip_bad: bool = False) -> SupplierImportReport:
        """All or nothing (unless ``skip_bad``): one bad row, with its line number, and nothing changes."""
        if by is not None:
            require(by.display_name, by.roles, Permission.PURCHASING)
        parsed = parse_suppliers(path)
        report = SupplierImportReport(bad=parsed.bad)
        if parsed.bad and not skip_bad:
            raise ImportFailed(errors=parsed.bad)
        with self._db.uow(write=True) as uow:
            report.created, report.updated = self._upsert(uow.session, [i for _, i in parsed.good])
            record(
                uow.session,
                self._station,
                self._clock.now(),
                "supplier_import",
                user_id=by.id if by else None,
                target=path.name,
                created=report.created,
                updated=report.updated,
            )
            uow.commit()
        return report

    def _upsert(self, s: Session, items: list[SupplierInput]) -> tuple[int, int]:
        now = self._clock.now()
        codes = [i.code for i in items]
        known = dict(s.execute(select(Supplier.code, Supplier.id).where(Supplier.code.in_(codes))).all())
        held = dict(
            s.execute(
                select(Supplier.credit_code, Supplier.code).where(
                    Supplier.credit_code.in_([i.credit_code for i in items])
                )
            ).all()
        )
        created = updated = 0
        for item in items:
            other = held.get(item.credit_code)
            if other is not None and other != item.code:
                raise InvalidInput(
                    what=f"credit code {item.credit_code} is supplier {other}'s",
                    what_zh=f"统一社会信用代码 {item.credit_code} 已属于供应商 {other}",
                )
            values = {
                "name": item.name,
                "credit_code": item.credit_code,
                "contact": item.contact,
                "phone": item.phone,
                "active": item.active,
                "updated_at": now,
            }
            if item.code in known:
                s.execute(update(Supplier).where(Supplier.code == item.code).values(**values))
                updated += 1
            else:
                s.execute(insert(table(Supplier)), [{"id": new_id(), "code": item.code, "created_at": now, **values}])
                created += 1
        return created, updated

    def all(self, text: str = "", *, include_inactive: bool = False) -> list[SupplierView]:
        q = select(Supplier).order_by(Supplier.code)
        if text.strip():
            like = f"%{text.strip().upper()}%"
            q = q.where(
                or_(
                    func.upper(Supplier.code).like(like),
                    Supplier.name.like(f"%{text.strip()}%"),
                    Supplier.credit_code.like(like),
                )
            )
        if not include_inactive:
            q = q.where(Supplier.active)
        with self._db.uow() as uow:
            s = uow.session
            rows = list(s.execute(q).scalars())
            certs = self._certificates(s, [r.credit_code for r in rows])
            return [supplier_view(r, certs.get(r.credit_code, ())) for r in rows]

    def get(self, code: str) -> SupplierView:
        with self._db.uow() as uow:
            s = uow.session
            row = s.execute(select(Supplier).where(Supplier.code == code.strip())).scalar()
            if row is None:
                raise NotFound(what="supplier", what_zh="供应商", key=code)
            return supplier_view(row, self._certificates(s, [row.credit_code]).get(row.credit_code, ()))

    @staticmethod
    def _certificates(s: Session, credit_codes: list[str]) -> dict[str, tuple[str, ...]]:
        out: dict[str, list[str]] = {}
        for credit, cert in s.execute(
            select(Certificate.supplier_credit_code, Certificate.cert_no)
            .where(Certificate.supplier_credit_code.in_(credit_codes))
            .order_by(Certificate.cert_no)
        ):
            out.setdefault(credit, []).append(cert)
        return {k: tuple(v) for k, v in out.items()}


def supplier_view(r: Supplier, certificates: tuple[str, ...]) -> SupplierView:
    return SupplierView(r.id, r.code, r.name, r.credit_code, r.contact, r.phone, r.active, certificates)
