"""Residents who order by phone: their rows, search by phone, name or pinyin initials, import, erasure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from pos_app.domain.certification import parse_date
from pos_app.domain.errors import ImportFailed, InvalidInput, NotFound, PosError
from pos_app.domain.ids import new_id
from pos_app.domain.permissions import Permission, permissions, require
from pos_app.domain.search import pinyin_keys, search_key
from pos_app.domain.text import is_digits
from pos_app.importing.tabular import RowError, read_fields
from pos_app.services.base import StationService
from pos_app.services.users import UserView
from pos_app.store.audit import record
from pos_app.store.models import Resident, table

RESIDENT_ALIASES = {
    "code": ("编号", "居民编号", "code"),
    "name": ("姓名", "name"),
    "phones": ("电话", "联系电话", "phone", "phones"),
    "compound": ("小区", "compound"),
    "building": ("楼号", "楼", "building"),
    "unit": ("单元", "unit"),
    "room": ("房号", "室", "room"),
    "notes": ("备注", "notes"),
    "emergency": ("紧急联系人", "emergency contact"),
    "family": ("家属", "family"),
    "tender": ("付款方式", "tender"),
    "consent": ("同意日期", "consent date"),
}
TENDERS = {
    "现金": "cash",
    "cash": "cash",
    "养老助残卡": "elder_card",
    "elder_card": "elder_card",
    "预付": "prepaid",
    "prepaid": "prepaid",
}


@dataclass(frozen=True)
class ResidentView:
    id: str
    code: str
    name: str
    phones: tuple[str, ...]
    address: str
    compound: str
    notes: str
    emergency_contact: str
    family: str
    preferred_tender: str


def _mask_phone(p: str) -> str:
    return p[:3] + "****" + p[-4:] if len(p) >= 7 else "****"


def resident_view(r: Resident, full: bool = True) -> ResidentView:
    phones = tuple(p for p in r.phones.split(";") if p)
    address = "".join(
        x
        for x in (r.compound, r.building and f"{r.building}号楼", r.unit and f"{r.unit}单元", r.room and f"{r.room}室")
        if x
    )
    if not full:
        phones = tuple(_mask_phone(p) for p in phones)
        address = r.compound + ("（详细地址已隐藏）" if address != r.compound else "")
    return ResidentView(
        r.id, r.code, r.name, phones, address, r.compound, r.notes, r.emergency_contact, r.family, r.preferred_tender
    )


def resident_row(s: Session, code: str) -> Resident:
    r = s.execute(select(Resident).where(Resident.code == code, Resident.purged.is_(False))).scalar_one_or_none()
    if r is None:
        raise NotFound(what="resident", what_zh="居民", key=code)
    return r


def sees_residents(viewer: UserView) -> bool:
    """Phone numbers and addresses in full only for roles that deliver."""
    return Permission.RESIDENTS in permissions(viewer.roles)


class ResidentService(StationService):
    """The residents a station delivers to, their contacts kept from those who do not deliver."""

    def add_resident(
        self,
        code: str,
        name: str,
        phones: list[str],
        *,
        compound: str = "",
        building: str = "",
        unit: str = "",
        room: str = "",
        notes: str = "",
        emergency_contact: str = "",
        family: str = "",
        preferred_tender: str = "cash",
        consent_date: date | None = None,
    ) -> ResidentView:
        if not code.strip() or not name.strip():
            raise InvalidInput(what="resident code and name", what_zh="居民编号和姓名")
        for p in phones:
            if not is_digits(p) or not 7 <= len(p) <= 15:
                raise InvalidInput(what=f"phone {p!r}", what_zh=f"电话号码 {p}")
        now = self._clock.now()
        values = {
            "name": name.strip()[:32],
            "name_initials": pinyin_keys(name)[0],
            "phones": ";".join(phones),
            "compound": compound[:64],
            "building": building[:16],
            "unit": unit[:16],
            "room": room[:16],
            "notes": notes[:200],
            "emergency_contact": emergency_contact[:64],
            "family": family[:200],
            "preferred_tender": preferred_tender,
            "consent_date": consent_date.isoformat() if consent_date else None,
            "updated_at": now,
        }
        with self._db.uow(write=True) as uow:
            s = uow.session
            rid = s.execute(select(Resident.id).where(Resident.code == code.strip())).scalar()
            if rid is None:
                rid = new_id()
                s.execute(
                    insert(table(Resident)),
                    [{"id": rid, "code": code.strip(), "purged": False, "created_at": now, **values}],
                )
            else:
                s.execute(update(Resident).where(Resident.id == rid).values(**values))
            uow.commit()
            return resident_view(s.execute(select(Resident).where(Resident.id == rid)).scalar_one())

    def find_residents(self, text: str, viewer: UserView, limit: int = 20) -> list[ResidentView]:
        """By any part of a phone number, the name, or its pinyin initials. Phone numbers and
        addresses are shown in full only to roles that deliver."""
        q = search_key(text)
        if not q:
            return []
        like = f"%{q}%"
        with self._db.uow() as uow:
            rows = uow.session.execute(
                select(Resident)
                .where(
                    Resident.purged.is_(False),
                    Resident.phones.like(like) | Resident.name.like(like) | Resident.name_initials.like(like),
                )
                .order_by(Resident.name)
                .limit(limit)
            ).scalars()
            full = sees_residents(viewer)
            return [resident_view(r, full) for r in rows]

    def purge_resident(self, code: str, by: UserView) -> None:
        """Erase a resident's personal data; their orders and sales stay, anonymised."""
        require(by.display_name, by.roles, Permission.USERS)
        with self._db.uow(write=True) as uow:
            s = uow.session
            r = s.execute(select(Resident).where(Resident.code == code)).scalar_one_or_none()
            if r is None:
                raise NotFound(what="resident", what_zh="居民", key=code)
            s.execute(
                update(Resident)
                .where(Resident.id == r.id)
                .values(
                    name="（已删除）",
                    name_initials="",
                    phones="",
                    compound="",
                    building="",
                    unit="",
                    room="",
                    notes="",
                    emergency_contact="",
                    family="",
                    purged=True,
                    updated_at=self._clock.now(),
                )
            )
            record(s, self._station, self._clock.now(), "resident_purge", user_id=by.id, target=code)
            uow.commit()
        with self._db.engine.connect() as conn:  # push the old pages out of the write-ahead log too
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")

    def import_residents(self, path: Path, *, skip_bad: bool = False) -> tuple[int, list[RowError]]:
        rows = read_fields(path, RESIDENT_ALIASES, required=("code", "name", "phones"))
        good: list[dict[str, Any]] = []
        bad: list[RowError] = []
        seen: dict[str, int] = {}
        for line, row in rows:
            try:
                code = row["code"]
                if not code or code in seen:
                    raise InvalidInput(what=f"code {code!r} is empty or repeats line {seen.get(code)}")
                phones = [p for p in row["phones"].replace("；", ";").replace("/", ";").split(";") if p.strip()]
                tender = TENDERS.get(row["tender"] or "现金")
                if tender is None:
                    raise InvalidInput(what=f"payment {row['tender']!r} (现金, 养老助残卡 or 预付)")
                consent = parse_date(row["consent"]) if row["consent"] else None
                for p in phones:
                    if not is_digits(p.strip()) or not 7 <= len(p.strip()) <= 15:
                        raise InvalidInput(what=f"phone {p!r}", what_zh=f"电话号码 {p}")
                seen[code] = line
                good.append(
                    dict(
                        code=code,
                        name=row["name"],
                        phones=[p.strip() for p in phones],
                        compound=row["compound"],
                        building=row["building"],
                        unit=row["unit"],
                        room=row["room"],
                        notes=row["notes"],
                        emergency_contact=row["emergency"],
                        family=row["family"],
                        preferred_tender=tender,
                        consent_date=consent,
                    )
                )
            except PosError as exc:
                bad.append(RowError(line, exc.message))
        if bad and not skip_bad:
            raise ImportFailed(errors=bad)
        for item in good:
            self.add_resident(**item)
        return len(good), bad
