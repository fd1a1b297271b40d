"""Reference data the district hands down: catalog and prices, certificates, household categories,
households, tenders and district settings.

Every change stamps the row with the next version from the one counter; a pull returns rows with
``version > since`` in version order. A row is never deleted: it goes inactive (a tombstone with
``deleted``), so a station that pulls later still hears of it.

(docs/architecture.md, "What goes down is what a station may see")
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from pydantic import ValidationError
from sqlalchemy import Connection, Table, func, insert, select, update

from pos_app.contract.protocol import (
    DISTRICT_SETTINGS,
    STREAMS,
    CategoryRow,
    CertificateRow,
    HouseholdRow,
    SettingRow,
    TenderRow,
)
from pos_app.crypto import FieldCipher
from pos_app.domain.barcodes import ScaleLayout, overlapping_layouts
from pos_app.domain.ids import new_id
from pos_app.domain.search import pinyin_keys
from pos_app.domain.tenders import DEFAULT_TENDERS, TenderKind
from pos_app.importing.catalog import ProductInput
from pos_app.importing.certified import CertificateInput
from pos_app.importing.households import HouseholdInput
from pos_app.server.errors import bad_input
from pos_app.server.models import (
    DistrictLedgerEntry,
    DistrictRefund,
    DistrictStation,
    Fact,
    RefCategory,
    RefCertificate,
    RefHousehold,
    RefProduct,
    RefProductCode,
    RefSetting,
    RefTender,
    ServerMeta,
    SettlementReservation,
    StationProduct,
    VersionCounter,
    table,
)

DEFAULT_CATEGORIES = (
    ("registered", "建档立卡贫困户"),
    ("marginal", "边缘户"),
    ("unstable", "脱贫不稳定户"),
    ("at_risk", "边缘易致贫户"),
    ("hardship", "突发严重困难户"),
)


def _dump(model: Any) -> str:
    return json.dumps(model.model_dump(), ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def epoch(conn: Connection) -> str:
    return str(conn.execute(select(ServerMeta.value).where(ServerMeta.key == "epoch")).scalar_one())


def new_epoch(conn: Connection) -> str:
    """After restoring a backup: stations see a new epoch, pull from the start and resend their facts."""
    value = str(uuid.uuid4())
    conn.execute(update(ServerMeta).where(ServerMeta.key == "epoch").values(value=value))
    return value


def next_versions(conn: Connection, n: int = 1) -> int:
    """Reserve ``n`` versions; returns the first. The counter row stays locked until commit."""
    last = conn.execute(
        update(VersionCounter)
        .where(VersionCounter.id == 1)
        .values(value=VersionCounter.value + n)
        .returning(VersionCounter.value)
    ).scalar_one()
    return int(last) - n + 1


def ensure_initialised(conn: Connection, now: datetime) -> None:
    """First start: an epoch, the version counter, the default categories and tenders."""
    if conn.execute(select(ServerMeta.value).where(ServerMeta.key == "epoch")).scalar() is not None:
        return
    conn.execute(insert(table(ServerMeta)), [{"key": "epoch", "value": str(uuid.uuid4())}])
    conn.execute(insert(table(VersionCounter)), [{"id": 1, "value": 0}])
    for i, (code, name) in enumerate(DEFAULT_CATEGORIES):
        _put(conn, table(RefCategory), code, CategoryRow(code=code, name=name, sort_order=i), now)
    for i, t in enumerate(DEFAULT_TENDERS):
        _put(conn, table(RefTender), t.code, TenderRow(code=t.code, name=t.name, kind=t.kind.value, sort_order=i), now)


def _put(conn: Connection, t: Table, key: str, body: Any, now: datetime) -> bool:
    """Insert or update a JSON-bodied reference row; a new version only when the body changed."""
    text = _dump(body)
    old = conn.execute(select(t.c.body_json).where(t.c.id == key)).scalar()
    if old == text:
        return False
    version = next_versions(conn)
    if old is None:
        conn.execute(insert(t), [{"id": key, "body_json": text, "version": version, "updated_at": now}])
    else:
        conn.execute(update(t).where(t.c.id == key).values(body_json=text, version=version, updated_at=now))
    return True


# -- imports (the station's own parsers read the files; see pos_app.importing) ------------------------


def import_catalog(conn: Connection, items: Iterable[ProductInput], now: datetime) -> tuple[int, int, int]:
    """Create or update products, matched by any code, then by PLU. (created, updated, unchanged)."""
    created = updated = unchanged = 0
    for item in items:
        pid = None
        for code in item.codes:
            pid = conn.execute(select(RefProductCode.product_id).where(RefProductCode.code == code)).scalar()
            if pid:
                break
        if pid is None and item.plu is not None:
            pid = conn.execute(select(RefProduct.id).where(RefProduct.plu == item.plu)).scalar()
        values = {
            "name": item.name,
            "unit_label": item.unit_label,
            "price_fen": item.price_fen,
            "category": item.category,
            "plu": item.plu,
            "active": item.active,
        }
        if pid is None:
            values["pinyin_initials"], values["pinyin_full"] = pinyin_keys(item.name)
            pid = new_id()
            codes = ";".join(item.codes)
            conn.execute(
                insert(table(RefProduct)),
                [{"id": pid, **values, "codes": codes, "version": next_versions(conn), "updated_at": now}],
            )
            created += 1
        else:
            old = conn.execute(select(RefProduct).where(RefProduct.id == pid)).one()
            codes = ";".join(dict.fromkeys([*filter(None, old.codes.split(";")), *item.codes]))
            if all(getattr(old, k) == v for k, v in values.items()) and codes == old.codes:
                unchanged += 1
                continue
            values["pinyin_initials"], values["pinyin_full"] = pinyin_keys(item.name)
            conn.execute(
                update(RefProduct)
                .where(RefProduct.id == pid)
                .values(**values, codes=codes, version=next_versions(conn), updated_at=now)
            )
            updated += 1
        for code in item.codes:
            owner = conn.execute(select(RefProductCode.product_id).where(RefProductCode.code == code)).scalar()
            if owner is None:
                conn.execute(insert(table(RefProductCode)), [{"code": code, "product_id": pid}])
            elif owner != pid:
                raise bad_input(f"code {code} already belongs to another product", f"条码 {code} 已属于另一商品")
    return created, updated, unchanged


def import_certified(conn: Connection, items: Iterable[CertificateInput], now: datetime) -> tuple[int, int]:
    created = updated = 0
    t = table(RefCertificate)
    for item in items:
        body = CertificateRow(
            cert_no=item.cert_no,
            product_name=item.product_name,
            supplier_name=item.supplier_name,
            supplier_credit_code=item.supplier_credit_code,
            origin=item.origin,
            category=item.category,
            channel=item.channel,
            valid_from=item.validity.valid_from.isoformat(),
            valid_to=item.validity.valid_to.isoformat(),
            households_driven=item.households_driven,
            barcodes=list(item.barcodes),
            regime=item.regime,
            issuer=item.issuer,
            batch=item.batch,
        )
        text = _dump(body)
        old = conn.execute(select(t.c.id, t.c.body_json).where(t.c.cert_no == item.cert_no)).first()
        if old is not None and old.body_json == text:
            continue
        version = next_versions(conn)
        if old is None:
            conn.execute(
                insert(t),
                [{"id": new_id(), "cert_no": item.cert_no, "body_json": text, "version": version, "updated_at": now}],
            )
            created += 1
        else:
            conn.execute(update(t).where(t.c.id == old.id).values(body_json=text, version=version, updated_at=now))
            updated += 1
    return created, updated


def categories(conn: Connection) -> list[tuple[str, str]]:
    rows = conn.execute(select(RefCategory.body_json)).scalars()
    cats = [CategoryRow.model_validate_json(r) for r in rows]
    return [(c.code, c.name) for c in sorted(cats, key=lambda c: c.sort_order) if c.active]


def import_households(
    conn: Connection, items: Iterable[HouseholdInput], cipher: FieldCipher, now: datetime
) -> tuple[int, int]:
    created = updated = 0
    t = table(RefHousehold)
    for item in items:
        body = HouseholdRow(
            code=item.code,
            head_name=item.head_name,
            village=item.village,
            phone=item.phone,
            category_code=item.category_code,
            settlement_method="bank" if item.settlement_method == "bank" else "cash",
            home_station_code=(item.home_station_code or "").upper(),
            consent_date=item.consent_date.isoformat() if item.consent_date else None,
        )
        old = conn.execute(
            select(t.c.id, t.c.body_json, t.c.id_number_enc, t.c.bank_account_enc).where(t.c.code == item.code)
        ).first()
        text = _dump(body)
        # A file without ID or bank numbers leaves the stored ones as they are (as a station does).
        id_enc = old.id_number_enc if old is not None else None
        bank_enc = old.bank_account_enc if old is not None else None
        changed_secret = False
        if item.id_number and not _same_secret(cipher, id_enc, item.id_number, "household.id_number"):
            id_enc, changed_secret = cipher.encrypt(item.id_number, "household.id_number"), True
        if item.bank_account and not _same_secret(cipher, bank_enc, item.bank_account, "household.bank_account"):
            bank_enc, changed_secret = cipher.encrypt(item.bank_account, "household.bank_account"), True
        if old is not None and old.body_json == text and not changed_secret:
            continue
        values = {
            "body_json": text,
            "home_station_code": body.home_station_code,
            "id_number_enc": id_enc,
            "bank_account_enc": bank_enc,
            "version": next_versions(conn),
            "updated_at": now,
        }
        if old is None:
            conn.execute(insert(t), [{"id": new_id(), "code": item.code, **values}])
            created += 1
        else:
            conn.execute(update(t).where(t.c.id == old.id).values(**values))
            updated += 1
    return created, updated


def _same_secret(cipher: FieldCipher, stored: str | None, plain: str, context: str) -> bool:
    return stored is not None and cipher.decrypt(stored, context) == plain


def set_category(conn: Connection, code: str, name: str, active: bool, now: datetime) -> bool:
    """Add, rename or retire a household category (retired ones stay on households that have them)."""
    t = table(RefCategory)
    row = _valid(CategoryRow, code=code, name=name, sort_order=_place(conn, t, code), active=active)
    return _put(conn, t, code, row, now)


def set_tender(conn: Connection, code: str, name: str, kind: str, active: bool, now: datetime) -> bool:
    """Add, rename or retire a tender for every station (a union card paid like a love card, say)."""
    kinds = [k.value for k in TenderKind]
    if kind not in kinds:
        raise bad_input(f"tender kind {kind!r} (one of {', '.join(kinds)})", f"支付类型无效：{kind}")
    t = table(RefTender)
    row = _valid(TenderRow, code=code, name=name, kind=kind, sort_order=_place(conn, t, code), active=active)
    return _put(conn, t, code, row, now)


def _place(conn: Connection, t: Table, key: str) -> int:
    """A row keeps its place in the list; a new one goes last."""
    old = conn.execute(select(t.c.body_json).where(t.c.id == key)).scalar()
    if old is not None:
        return int(json.loads(old).get("sort_order", 0))
    return int(conn.execute(select(func.count()).select_from(t)).scalar_one())


def _valid(model: type[Any], **fields: Any) -> Any:
    try:
        return model.model_validate(fields)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise bad_input(f"{first['loc'][0]}: {first['msg']}", f"输入无效：{first['loc'][0]}") from exc


def set_setting(conn: Connection, key: str, value: Any, now: datetime) -> bool:
    if key not in DISTRICT_SETTINGS:
        raise bad_input(f"setting {key!r} (one of {', '.join(DISTRICT_SETTINGS)})", f"不能下发的设置：{key}")
    if key == "scale_layouts":  # the stations' own rule: each layout sound, no two reading one label
        if not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
            raise bad_input("scale_layouts: a list of layouts", "秤码格式应为一组格式")
        patterns = [ScaleLayout(v).pattern for v in value]
        both = overlapping_layouts(patterns)
        if both is not None:
            raise bad_input(
                f"scale layouts {both[0]} and {both[1]} read the same labels",
                f"秤码格式 {both[0]} 与 {both[1]} 会读同一张秤签",
            )
    return _put(conn, table(RefSetting), key, _valid(SettingRow, key=key, value=value), now)


def register_product(conn: Connection, row: dict[str, Any]) -> None:
    """A till's product, in the push's transaction: new, or changed by a later change than the one
    held (two tills changing one product offline: the later change wins, at both tills)."""
    sp = table(StationProduct)
    old = conn.execute(select(sp.c.changed_at).where(sp.c.id == row["id"])).scalar()
    if old is None:
        conn.execute(insert(sp), [{**row, "version": next_versions(conn)}])
    elif old < row["changed_at"]:
        conn.execute(
            update(sp)
            .where(sp.c.id == row["id"])
            .values(
                body_json=row["body_json"],
                changed_at=row["changed_at"],
                updated_at=row["updated_at"],
                version=next_versions(conn),
            )
        )


def settle_entries(conn: Connection, code: str, payout_id: str, reservation_id: str | None) -> None:
    """The entries a payout paid: those its reservation listed; for a payout made without one,
    every entry of the household no statement has listed yet (they are on the one it printed)."""
    e, r = DistrictLedgerEntry, SettlementReservation
    if reservation_id is not None:
        conn.execute(update(r).where(r.id == reservation_id).values(state="paid", payout_id=payout_id))
        return
    conn.execute(
        update(e)
        .where(e.household_code == code, e.reservation_id.is_(None), e.kind.in_(("credit", "debit")))
        .values(reservation_id=payout_id)
    )


# -- pull ---------------------------------------------------------------------------------------------


def pull(
    conn: Connection, stream: str, since: int, limit: int, cipher: FieldCipher, station_code: str
) -> dict[str, Any]:
    """One page of a stream as plain data, shaped as ``PullPage``, for a terminal of ``station_code``
    (the rows were validated when they were written; a page of 1,000 products is not validated again
    on the way out)."""
    if stream not in STREAMS:
        raise bad_input(f"stream {stream!r} (one of {', '.join(STREAMS)})", f"未知的数据流：{stream}")
    if stream == "catalog":
        rows = _catalog_rows(conn, since, limit + 1)
    elif stream == "station_products":
        rows = _station_product_rows(conn, station_code, since, limit + 1)
    elif stream == "station_refunds":
        rows = _station_refund_rows(conn, station_code, since, limit + 1)
    else:
        rows = _body_rows(conn, stream, since, limit + 1, cipher, station_code)
    has_more = len(rows) > limit
    rows = rows[:limit]
    return {
        "stream": stream,
        "server_epoch": epoch(conn),
        "rows": rows,
        "next_cursor": rows[-1]["version"] if rows else since,
        "has_more": has_more,
    }


# What a station sees of a household whose home is another station: enough to sell its consigned
# goods and print its name on a receipt, nothing that identifies or reaches the family.
OTHERS_SEE = ("code", "head_name", "village", "category_code", "home_station_code", "active")


def household_for(
    data: dict[str, Any], station_code: str, id_enc: str | None, bank_enc: str | None, cipher: FieldCipher
) -> dict[str, Any]:
    """The registry row as one station may see it. Never a clear ID or bank number: its own
    households come with the last four characters of each; other stations' with name and village."""
    if data.get("home_station_code") != station_code:
        return {k: data[k] for k in OTHERS_SEE if k in data}
    out = {k: v for k, v in data.items() if k not in ("id_number", "bank_account")}
    if id_enc:
        out["id_number_last4"] = cipher.decrypt(id_enc, "household.id_number")[-4:]
    if bank_enc:
        out["bank_account_last4"] = cipher.decrypt(bank_enc, "household.bank_account")[-4:]
    return out


def _body_rows(
    conn: Connection, stream: str, since: int, limit: int, cipher: FieldCipher, station_code: str
) -> list[dict[str, Any]]:
    models = {
        "certificates": RefCertificate,
        "categories": RefCategory,
        "households": RefHousehold,
        "tenders": RefTender,
        "settings": RefSetting,
    }
    t = table(models[stream])
    extra = (t.c.id_number_enc, t.c.bank_account_enc) if stream == "households" else ()
    found = conn.execute(
        select(t.c.id, t.c.version, t.c.body_json, *extra).where(t.c.version > since).order_by(t.c.version).limit(limit)
    )
    out = []
    for r in found:
        data = json.loads(r.body_json)
        if stream == "households":
            data = household_for(data, station_code, r.id_number_enc, r.bank_account_enc, cipher)
        out.append({"version": r.version, "id": r.id, "deleted": not data.get("active", True), "data": data})
    return out


def _station_product_rows(conn: Connection, station_code: str, since: int, limit: int) -> list[dict[str, Any]]:
    sp = table(StationProduct).c
    found = conn.execute(
        select(sp.id, sp.version, sp.body_json)
        .join(DistrictStation, DistrictStation.id == sp.station_id)
        .where(DistrictStation.code == station_code, sp.version > since)
        .order_by(sp.version)
        .limit(limit)
    )
    out = []
    for r in found:
        data = json.loads(r.body_json)
        out.append({"version": r.version, "id": r.id, "deleted": not data.get("active", True), "data": data})
    return out


def _station_refund_rows(conn: Connection, station_code: str, since: int, limit: int) -> list[dict[str, Any]]:
    r = table(DistrictRefund).c
    found = conn.execute(
        select(r.id, r.version, r.sale_id, Fact.payload_json)
        .join(Fact, Fact.entity_id == r.id)
        .join(DistrictStation, DistrictStation.id == r.station_id)
        .where(DistrictStation.code == station_code, r.version > since)
        .order_by(r.version)
        .limit(limit)
    )
    return [
        {
            "version": row.version,
            "id": row.id,
            "deleted": False,
            "data": {"sale_id": row.sale_id, "fact_json": row.payload_json},
        }
        for row in found
    ]


def _catalog_rows(conn: Connection, since: int, limit: int) -> list[dict[str, Any]]:
    p = table(RefProduct).c
    found = conn.execute(
        select(
            p.id,
            p.version,
            p.name,
            p.unit_label,
            p.price_fen,
            p.codes,
            p.category,
            p.plu,
            p.active,
            p.pinyin_initials,
            p.pinyin_full,
        )
        .where(p.version > since)
        .order_by(p.version)
        .limit(limit)
    )
    return [
        {
            "version": r.version,
            "id": r.id,
            "deleted": not r.active,
            "data": {
                "name": r.name,
                "unit_label": r.unit_label,
                "price_fen": r.price_fen,
                "codes": [c for c in r.codes.split(";") if c],
                "category": r.category,
                "plu": r.plu,
                "active": r.active,
                "pinyin_initials": r.pinyin_initials,
                "pinyin_full": r.pinyin_full,
            },
        }
        for r in found
    ]


def counts(conn: Connection, streams: Sequence[str] = STREAMS) -> dict[str, int]:
    from sqlalchemy import func

    models = {
        "catalog": RefProduct,
        "certificates": RefCertificate,
        "categories": RefCategory,
        "households": RefHousehold,
        "station_products": StationProduct,
        "station_refunds": DistrictRefund,
        "tenders": RefTender,
        "settings": RefSetting,
    }
    return {s: int(conn.execute(select(func.count()).select_from(models[s])).scalar_one()) for s in streams}
