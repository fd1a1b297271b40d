"""The household registry: rows by code, import from files and the district, personal data kept
encrypted and revealed only to those allowed (each reveal audited)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from pos_app.crypto import FieldCipher
from pos_app.domain.clock import Clock, to_local
from pos_app.domain.errors import ImportFailed, InvalidInput, NotFound
from pos_app.domain.identifiers import validate_id_number
from pos_app.domain.ids import new_id
from pos_app.domain.permissions import Permission, require
from pos_app.importing.households import HouseholdInput, parse_households
from pos_app.importing.tabular import RowError
from pos_app.services.users import UserView
from pos_app.store.audit import record
from pos_app.store.context import StationContext
from pos_app.store.models import (
    Household,
    HouseholdCategory,
    table,
)
from pos_app.store.uow import Database


@dataclass(frozen=True)
class HouseholdView:
    id: str
    code: str
    head_name: str
    village: str
    phone: str
    category_code: str
    category_name: str
    settlement_method: str
    id_number_masked: str
    bank_account_masked: str
    home_station_code: str
    consent_date: str | None


@dataclass
class HouseholdImportReport:
    good: list[tuple[int, HouseholdInput]] = field(default_factory=list)
    bad: list[RowError] = field(default_factory=list)
    created: int = 0
    updated: int = 0


def household_view(s: Session, h: Household) -> HouseholdView:
    name = s.get(HouseholdCategory, h.category_code)
    return HouseholdView(
        h.id,
        h.code,
        h.head_name,
        h.village,
        h.phone,
        h.category_code,
        name.name if name else h.category_code,
        h.settlement_method,
        ("*" * 14 + h.id_number_last4) if h.id_number_last4 else "",
        ("****" + h.bank_account_last4) if h.bank_account_last4 else "",
        h.home_station_code,
        h.consent_date,
    )


def household_row(s: Session, code: str) -> Household:
    h = s.execute(select(Household).where(Household.code == code.strip())).scalar_one_or_none()
    if h is None:
        raise NotFound(what="household", what_zh="农户", key=code)
    return h


class HouseholdRegistry:
    """Who the registered households are: their rows, import, lookup by ID number, export."""

    def __init__(self, db: Database, clock: Clock, station: StationContext, cipher: FieldCipher) -> None:
        self._db = db
        self._clock = clock
        self._station = station
        self._cipher = cipher

    def categories(self) -> list[tuple[str, str]]:
        with self._db.uow() as uow:
            rows = uow.session.execute(
                select(HouseholdCategory.code, HouseholdCategory.name)
                .where(HouseholdCategory.active)
                .order_by(HouseholdCategory.sort_order)
            )
            return [(c, n) for c, n in rows]

    def get(self, code: str) -> HouseholdView:
        with self._db.uow() as uow:
            return household_view(uow.session, household_row(uow.session, code))

    def upsert(self, items: list[HouseholdInput]) -> tuple[int, int]:
        with self._db.uow(write=True) as uow:
            result = self.upsert_in(uow.session, items)
            uow.commit()
        return result

    def upsert_in(self, s: Session, items: list[HouseholdInput]) -> tuple[int, int]:
        """Create or update households by code in the caller's transaction: (created, updated)."""
        now = self._clock.now()
        created = updated = 0
        cats = {c for c in s.execute(select(HouseholdCategory.code).where(HouseholdCategory.active)).scalars()}
        for item in items:
            if item.category_code not in cats:
                raise InvalidInput(what=f"category {item.category_code!r}")
            values: dict[str, object] = {
                "head_name": item.head_name,
                "village": item.village,
                "phone": item.phone,
                "category_code": item.category_code,
                "settlement_method": item.settlement_method,
                "home_station_code": item.home_station_code or self._station.station_code,
                "consent_date": item.consent_date.isoformat() if item.consent_date else None,
                "active": item.active,
                "updated_at": now,
            }
            if item.id_number:
                values |= {
                    "id_number_enc": self._cipher.encrypt(item.id_number, "household.id_number"),
                    "id_number_hash": self._cipher.lookup_hash(item.id_number),
                    "id_number_last4": item.id_number[-4:],
                }
            if item.bank_account:
                values |= {
                    "bank_account_enc": self._cipher.encrypt(item.bank_account, "household.bank_account"),
                    "bank_account_last4": item.bank_account[-4:],
                }
            hid = s.execute(select(Household.id).where(Household.code == item.code)).scalar()
            if hid is None:
                s.execute(
                    insert(table(Household)),
                    [{"id": new_id(), "code": item.code, "created_at": now, **values}],
                )
                created += 1
            else:
                s.execute(update(Household).where(Household.id == hid).values(**values))
                updated += 1
        return created, updated

    def apply_from_district(self, s: Session, item: HouseholdInput, id_last4: str, bank_last4: str) -> None:
        """A registry row pulled from the district, in the caller's transaction. The district never
        sends ID or bank numbers: of its own households the station keeps what it registered itself
        while the last four still match; of another station's it keeps no number and no phone."""
        self.upsert_in(s, [item])
        h = s.execute(
            select(
                Household.id, Household.home_station_code, Household.id_number_last4, Household.bank_account_last4
            ).where(Household.code == item.code)
        ).one()
        values: dict[str, object] = {}
        if h.home_station_code != self._station.station_code:
            values = {"id_number_enc": None, "id_number_hash": None, "bank_account_enc": None}
            values |= {"id_number_last4": "", "bank_account_last4": "", "phone": ""}
        else:
            if id_last4 != h.id_number_last4:
                values |= {"id_number_enc": None, "id_number_hash": None, "id_number_last4": id_last4}
            if bank_last4 != h.bank_account_last4:
                values |= {"bank_account_enc": None, "bank_account_last4": bank_last4}
        if values:
            s.execute(update(Household).where(Household.id == h.id).values(**values))

    def parse_file(self, path: Path) -> HouseholdImportReport:
        parsed = parse_households(path, self.categories(), to_local(self._clock.now()).date())
        return HouseholdImportReport(parsed.good, parsed.bad)

    def import_file(self, path: Path, *, skip_bad: bool = False) -> HouseholdImportReport:
        report = self.parse_file(path)
        if report.bad and not skip_bad:
            raise ImportFailed(errors=report.bad)
        report.created, report.updated = self.upsert([i for _, i in report.good])
        return report

    def registry_rows(self, *, unmasked_by: UserView | None = None) -> tuple[tuple[str, ...], list[tuple[str, ...]]]:
        """The registry for export. ID and bank numbers are masked unless an admin asks for them in
        full, which is audited."""
        if unmasked_by is not None:
            require(unmasked_by.display_name, unmasked_by.roles, Permission.EXPORT_UNMASKED)
        headers = (
            "户编码",
            "户主姓名",
            "所在村",
            "电话",
            "类别",
            "结算方式",
            "身份证号",
            "银行账号",
            "归属站点",
            "同意日期",
        )
        with self._db.uow(write=unmasked_by is not None) as uow:
            s = uow.session
            rows: list[tuple[str, ...]] = []
            for h in s.execute(select(Household).where(Household.active).order_by(Household.code)).scalars():
                v = household_view(s, h)
                if unmasked_by is not None:
                    idn = self._cipher.decrypt(h.id_number_enc, "household.id_number") if h.id_number_enc else ""
                    bank = (
                        self._cipher.decrypt(h.bank_account_enc, "household.bank_account") if h.bank_account_enc else ""
                    )
                else:
                    idn, bank = v.id_number_masked, v.bank_account_masked
                rows.append(
                    (
                        v.code,
                        v.head_name,
                        v.village,
                        v.phone,
                        v.category_name,
                        "现金" if v.settlement_method == "cash" else "银行",
                        idn,
                        bank,
                        v.home_station_code,
                        v.consent_date or "",
                    )
                )
            if unmasked_by is not None:
                record(
                    s,
                    self._station,
                    self._clock.now(),
                    "pii_export",
                    user_id=unmasked_by.id,
                    target="household registry",
                    rows=len(rows),
                )
                uow.commit()
        return headers, rows

    def find_by_id_number(self, id_number: str) -> HouseholdView | None:
        key = self._cipher.lookup_hash(validate_id_number(id_number))
        with self._db.uow() as uow:
            h = uow.session.execute(select(Household).where(Household.id_number_hash == key)).scalar_one_or_none()
            return None if h is None else household_view(uow.session, h)

    def reveal_id_number(self, code: str, user: UserView) -> str:
        """The full ID number, for someone allowed to see it; every reveal is in the audit log."""
        require(user.display_name, user.roles, Permission.REVEAL_PII)
        with self._db.uow(write=True) as uow:
            h = household_row(uow.session, code)
            if not h.id_number_enc:
                return ""
            record(
                uow.session,
                self._station,
                self._clock.now(),
                "pii_reveal",
                user_id=user.id,
                target=h.code,
                field="id_number",
            )
            uow.commit()
            return self._cipher.decrypt(h.id_number_enc, "household.id_number")
