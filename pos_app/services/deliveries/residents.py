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
from pos_app.importing.tabular import BadRows, RowError, read_fields
from pos_app.services.base import StationService
from pos_app.services.users import UserView
from pos_app.store.audit import record
from pos_app.store.models import Resident, table

# The spellings community offices use in their own lists (a header not listed here is named back).
RESIDENT_ALIASES = {
    "code": ("编号", "居民编号", "老人编号", "档案号", "code"),
    "name": ("姓名", "老人姓名", "居民姓名", "名字", "name"),
    "phones": ("电话", "联系电话", "手机", "手机号", "手机号码", "电话号码", "联系方式", "phone", "phones"),
    "compound": ("小区", "小区名称", "社区", "住址小区", "compound"),
    "building": ("楼号", "楼", "楼栋", "栋", "幢", "楼栋号", "building"),
    "unit": ("单元", "单元号", "unit"),
    "room": ("房号", "室", "房间", "房间号", "门牌号", "室号", "room"),
    "notes": ("备注", "说明", "注意事项", "notes"),
    "emergency": ("紧急联系人", "紧急联系电话", "emergency contact"),
    "family": ("家属", "可代订家属", "代订人", "family"),
    "tender": ("付款方式", "支付方式", "tender"),
    "consent": ("同意日期", "授权日期", "consent date"),
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


class ConsentMissing(InvalidInput):
    code = "consent_missing"
    template = "Ask the resident (or their family) to agree that we keep phone and address, and tick the box"
    template_zh = "请先征得老人或家属同意保存电话和地址，并勾选“已同意”"


@dataclass(frozen=True)
class ResidentForm:
    """What the volunteer's resident form shows and saves; ``code`` empty for a new resident."""

    code: str = ""
    name: str = ""
    phones: tuple[str, ...] = ()
    compound: str = ""
    building: str = ""
    unit: str = ""
    room: str = ""
    notes: str = ""
    emergency_contact: str = ""
    family: str = ""
    preferred_tender: str = "cash"
    consent_date: date | None = None


@dataclass(frozen=True)
class ResidentsImported:
    count: int
    bad: list[RowError]
    ignored_columns: list[str]


def split_phones(text: str) -> list[str]:
    """Phone numbers as people write a list of them: separated by spaces, commas, slashes or semicolons."""
    for sep in "；;,，/、":
        text = text.replace(sep, " ")
    return [p for p in text.split() if p]


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

    def form(self, code: str, viewer: UserView) -> ResidentForm:
        """A resident's full record for the form, to those who deliver."""
        require(viewer.display_name, viewer.roles, Permission.RESIDENTS)
        with self._db.uow() as uow:
            r = resident_row(uow.session, code)
            return ResidentForm(
                r.code,
                r.name,
                tuple(p for p in r.phones.split(";") if p),
                r.compound,
                r.building,
                r.unit,
                r.room,
                r.notes,
                r.emergency_contact,
                r.family,
                r.preferred_tender,
                parse_date(r.consent_date) if r.consent_date else None,
            )

    def save(self, form: ResidentForm, by: UserView) -> ResidentView:
        """A resident added or edited on screen: needs their consent to keep phone and address, audited."""
        require(by.display_name, by.roles, Permission.RESIDENTS)
        if form.consent_date is None:
            raise ConsentMissing()
        if form.preferred_tender not in TENDERS.values():
            raise InvalidInput(what=f"payment {form.preferred_tender!r}", what_zh="付款方式")
        new = not form.code.strip()
        code = self._next_code() if new else form.code.strip()
        if not new:
            with self._db.uow() as uow:
                resident_row(uow.session, code)  # an edit of one that exists
        view = self.add_resident(
            code,
            form.name,
            list(form.phones),
            compound=form.compound.strip(),
            building=form.building.strip(),
            unit=form.unit.strip(),
            room=form.room.strip(),
            notes=form.notes.strip(),
            emergency_contact=form.emergency_contact.strip(),
            family=form.family.strip(),
            preferred_tender=form.preferred_tender,
            consent_date=form.consent_date,
            by=by,
        )
        return view

    def _next_code(self) -> str:
        """R-001, R-002, …: one past the highest number among the R- codes."""
        with self._db.uow() as uow:
            codes = uow.session.execute(select(Resident.code).where(Resident.code.like("R-%"))).scalars()
            numbers = [int(c[2:]) for c in codes if is_digits(c[2:])]
        return f"R-{max(numbers, default=0) + 1:03d}"

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
        by: UserView | None = None,
    ) -> ResidentView:
        """Add the resident with this code, or change them; ``by``: the person doing it on screen,
        audited in the same transaction as the change."""
        if not code.strip() or not name.strip():
            raise InvalidInput(what="resident code and name", what_zh="请填写老人的姓名")
        if not phones:
            raise InvalidInput(what="at least one phone number", what_zh="请至少填写一个电话号码")
        for p in phones:
            if not is_digits(p) or not 7 <= len(p) <= 15:
                raise InvalidInput(what=f"phone {p!r}", what_zh=f"电话号码 {p}（7–15 位数字）")
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
                action = "resident_add"
            else:
                s.execute(update(Resident).where(Resident.id == rid).values(**values))
                action = "resident_edit"
            if by is not None:
                record(s, self._station, now, action, user_id=by.id, target=code.strip())
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

    def import_residents(self, path: Path, *, skip_bad: bool = False) -> ResidentsImported:
        rows = read_fields(path, RESIDENT_ALIASES, required=("code", "name", "phones"))
        good: list[dict[str, Any]] = []
        bad: list[RowError] = BadRows()
        seen: dict[str, int] = {}
        for line, row in rows:
            try:
                code = row["code"]
                if not code or code in seen:
                    raise InvalidInput(what=f"code {code!r} is empty or repeats line {seen.get(code)}")
                phones = split_phones(row["phones"])
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
                bad.append(RowError.of(line, exc))
        if bad and not skip_bad:
            raise ImportFailed(errors=bad)
        for item in good:
            self.add_resident(**item)
        return ResidentsImported(len(good), bad, rows.ignored)
