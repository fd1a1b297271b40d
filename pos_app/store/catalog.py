"""Writing products, their codes and prices in the caller's transaction (imports, intake, sync)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from pos_app.contract.facts import ProductFact, to_payload
from pos_app.domain.barcodes import validate_product_code
from pos_app.domain.errors import InvalidInput, PosError
from pos_app.domain.ids import new_id
from pos_app.domain.money import MAX_FEN, Fen
from pos_app.domain.search import pinyin_keys, search_key
from pos_app.importing.catalog import ProductInput
from pos_app.store.audit import record
from pos_app.store.certificates import link_codes
from pos_app.store.context import StationContext
from pos_app.store.models import Household, PriceChange, Product, ProductCode, table
from pos_app.store.outbox import enqueue
from pos_app.store.settings import bump_catalog_version
from pos_app.store.types import utc_iso


def price_history(s: Session, product_id: str, old_fen: int | None, new_fen: int, at: datetime, source: str) -> None:
    """One line of a product's price history (None: the product's first price)."""
    s.execute(
        insert(table(PriceChange)),
        [
            {
                "id": new_id(),
                "product_id": product_id,
                "old_price_fen": old_fen,
                "new_price_fen": new_fen,
                "changed_at": at,
                "source": source,
            }
        ],
    )


@dataclass(frozen=True)
class UpsertResult:
    created: int
    updated: int
    price_changes: int
    unchanged: int
    changed: tuple[str, ...] = ()  # ids of the products created or updated


EDITABLE = (  # what an import or the product screen may change on a product
    Product.name,
    Product.unit_label,
    Product.sold_by_weight,
    Product.price_fen,
    Product.plu,
    Product.category,
    Product.active,
)


def upsert_products(
    s: Session,
    items: Iterable[ProductInput],
    now: datetime,
    source: str,
    station: StationContext | None,
    *,
    bump: bool = True,
) -> UpsertResult:
    """Create or update products in the caller's transaction. A product is matched by its district id
    (when given), then by any of its codes, then by PLU. Price changes are kept in ``price_change``
    (and audited); sales keep their own snapshot."""
    created = updated = changes = unchanged = 0
    changed: list[str] = []
    added: list[str] = []  # codes new here: certificates listing them are linked once, at the end
    for item in items:
        validate_product(item)
        pid = s.execute(select(Product.id).where(Product.id == item.id)).scalar() if item.id else None
        for code in () if pid else item.codes:
            pid = s.execute(select(ProductCode.product_id).where(ProductCode.code == code)).scalar()
            if pid:
                break
        if pid is None and item.plu is not None:
            pid = s.execute(select(Product.id).where(Product.plu == item.plu)).scalar()
        price = item.price_per_stock_unit
        initials, full = item.pinyin or pinyin_keys(item.name)
        if pid is None:
            pid = _insert_product(s, item, now, source)
            added += item.codes
            created += 1
            changed.append(pid)
        else:
            old = s.execute(select(*EDITABLE, Product.pass_through).where(Product.id == pid)).one()
            if old.pass_through and old.price_fen != price:
                raise InvalidInput(
                    what=f"{old.name} is a household's consignment: its price is the household's, set at intake",
                    what_zh=f"{old.name} 是农户代销商品：价格由农户在代销入库时确定",
                )
            new_values = {
                "name": item.name,
                "unit_label": item.unit_label,
                "sold_by_weight": item.sold_by_weight,
                "price_fen": price,
                "plu": item.plu if item.plu is not None else old.plu,
                "category": item.category or old.category,
                "active": item.active,
            }
            if all(getattr(old, k) == v for k, v in new_values.items()):
                unchanged += 1
            else:
                s.execute(
                    update(Product)
                    .where(Product.id == pid)
                    .values(
                        **new_values,
                        pinyin_initials=initials,
                        pinyin_full=full,
                        search_name=search_key(item.name),
                        updated_at=now,
                    )
                )
                updated += 1
                changed.append(pid)
                if old.price_fen != price:
                    price_history(s, pid, old.price_fen, price, now, source)
                    changes += 1
                    if station is not None:
                        record(
                            s,
                            station,
                            now,
                            "price_change",
                            user_id=None,
                            target=item.name,
                            before=old.price_fen,
                            after=price,
                            source=source,
                        )
        for code in item.codes:
            owner = s.execute(select(ProductCode.product_id).where(ProductCode.code == code)).scalar()
            if owner is None:
                s.execute(insert(table(ProductCode)), [{"code": code, "product_id": pid}])
                added.append(code)
            elif owner != pid:
                raise InvalidInput(
                    what=f"code {code} already belongs to another product", what_zh=f"条码 {code} 已属于其他商品"
                )
        s.flush()
    link_codes(s, added)
    if bump:
        bump_catalog_version(s)
    return UpsertResult(created, updated, changes, unchanged, tuple(changed))


def insert_product(
    s: Session,
    item: ProductInput,
    now: datetime,
    source: str,
    *,
    household_id: str | None = None,
    pass_through: bool = False,
    price_fen: Fen | None = None,
) -> str:
    """Create a product row with its codes, pinyin and first price, linked to the certificates that
    list its codes; returns its id."""
    pid = _insert_product(
        s, item, now, source, household_id=household_id, pass_through=pass_through, price_fen=price_fen
    )
    link_codes(s, item.codes)
    return pid


def _insert_product(
    s: Session,
    item: ProductInput,
    now: datetime,
    source: str,
    *,
    household_id: str | None = None,
    pass_through: bool = False,
    price_fen: Fen | None = None,
) -> str:
    validate_product(item)
    pid = item.id or new_id()
    price = item.price_per_stock_unit if price_fen is None else price_fen
    initials, full = item.pinyin or pinyin_keys(item.name)
    s.execute(
        insert(table(Product)),
        [
            {
                "id": pid,
                "name": item.name,
                "unit_label": item.unit_label,
                "sold_by_weight": item.sold_by_weight,
                "price_fen": price,
                "plu": item.plu,
                "category": item.category,
                "active": item.active,
                "pinyin_initials": initials,
                "pinyin_full": full,
                "search_name": search_key(item.name),
                "household_id": household_id,
                "pass_through": pass_through,
                "created_at": now,
                "updated_at": now,
            }
        ],
    )
    price_history(s, pid, None, price, now, source)
    for code in item.codes:
        if s.execute(select(ProductCode.product_id).where(ProductCode.code == code)).scalar():
            raise InvalidInput(what=f"code {code} already belongs to another product")
        s.execute(insert(table(ProductCode)), [{"code": code, "product_id": pid}])
    s.flush()
    return pid


def insert_new_products(
    s: Session, items: Sequence[ProductInput], now: datetime, source: str
) -> list[tuple[ProductInput, PosError]]:
    """Many products that the caller knows are new here (no id, code or PLU of theirs exists), in
    three multi-row statements: how a fresh station takes the district's catalog page by page.
    Each is validated; the ones the catalog cannot hold are returned with the reason, not inserted."""
    products, codes, prices, bad = [], [], [], []
    stamp = utc_iso(now)
    for item in items:
        try:
            validate_product(item)
        except PosError as exc:
            bad.append((item, exc))
            continue
        pid = item.id or new_id()
        price = item.price_per_stock_unit
        initials, full = item.pinyin or pinyin_keys(item.name)
        products.append(
            (
                pid,
                item.name,
                item.unit_label,
                item.sold_by_weight,
                price,
                item.plu,
                item.category,
                item.active,
                initials,
                full,
                search_key(item.name),
                stamp,
                stamp,
            )
        )
        codes += [(code, pid) for code in item.codes]
        prices.append((new_id(), pid, price, stamp, source))
    conn = s.connection()
    if products:  # plain executemany: no per-row parameter processing (the rows are already plain values)
        conn.exec_driver_sql(
            "INSERT INTO product (id, name, unit_label, sold_by_weight, price_fen, plu, category, active,"
            " pinyin_initials, pinyin_full, search_name, household_id, pass_through, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, 0, ?, ?)",
            products,
        )
        conn.exec_driver_sql(
            "INSERT INTO price_change (id, product_id, old_price_fen, new_price_fen, changed_at, source)"
            " VALUES (?, ?, NULL, ?, ?, ?)",
            prices,
        )
    if codes:
        conn.exec_driver_sql("INSERT INTO product_code (code, product_id) VALUES (?, ?)", codes)
        link_codes(s, (code for code, _ in codes))
    return bad


def categories(s: Session) -> list[str]:
    """The categories of the products on sale, by name."""
    q = select(Product.category).distinct().where(Product.active, Product.category != "")
    return sorted(str(c) for c in s.execute(q).scalars())


def validate_product(item: ProductInput) -> None:
    """A product the catalog can hold: codes in their normal form, a name, a price, a PLU in range."""
    for code in item.codes:
        if validate_product_code(code) != code:
            normal = validate_product_code(code)
            raise InvalidInput(what=f"code {code}: write it as {normal}", what_zh=f"条码 {code}：请写作 {normal}")
    if not item.name.strip() or len(item.name) > 100:
        raise InvalidInput(what=f"product name {item.name!r}", what_zh=f"商品名称「{item.name}」须为 1–100 个字")
    if not 0 <= item.price_fen <= MAX_FEN:
        raise InvalidInput(what=f"price {item.price_fen}", what_zh=f"售价 {item.price_fen} 分无效")
    if item.plu is not None and not 0 < item.plu <= 999_999:
        raise InvalidInput(what=f"PLU {item.plu}", what_zh=f"PLU {item.plu} 须在 1–999999 之间")


def apply_till_product(
    s: Session,
    pid: str,
    item: ProductInput,
    price_fen: Fen,
    household_id: str | None,
    changed_at: datetime,
    now: datetime,
) -> bool:
    """A product another till of this station created or changed, under that till's id, in the
    caller's transaction; False when this till's copy is newer (its change is on its way up)."""
    old = s.execute(select(Product.updated_at, Product.price_fen).where(Product.id == pid)).first()
    if old is None:
        _insert_product(
            s, item, now, "till", household_id=household_id, pass_through=household_id is not None, price_fen=price_fen
        )
        link_codes(s, item.codes)
        return True
    if old.updated_at > changed_at:
        return False
    initials, full = item.pinyin or pinyin_keys(item.name)
    s.execute(
        update(Product)
        .where(Product.id == pid)
        .values(
            name=item.name,
            unit_label=item.unit_label,
            sold_by_weight=item.sold_by_weight,
            price_fen=price_fen,
            plu=item.plu,
            category=item.category,
            active=item.active,
            household_id=household_id,
            pass_through=household_id is not None,
            pinyin_initials=initials,
            pinyin_full=full,
            search_name=search_key(item.name),
            updated_at=changed_at,
        )
    )
    if old.price_fen != price_fen:
        price_history(s, pid, old.price_fen, price_fen, changed_at, "till")
    added = []
    for code in item.codes:
        owner = s.execute(select(ProductCode.product_id).where(ProductCode.code == code)).scalar()
        if owner is None:
            s.execute(insert(table(ProductCode)), [{"code": code, "product_id": pid}])
            added.append(code)
        elif owner != pid:
            raise InvalidInput(what=f"code {code} already belongs to another product")
    link_codes(s, added)
    return True


def announce_products(s: Session, product_ids: Iterable[str], now: datetime) -> None:
    """Queue a product fact for each product created or changed at this till, so the district
    registers it for the station's other tills under this id (docs/architecture.md, "Several tills,
    one station")."""
    for pid in dict.fromkeys(product_ids):
        p = s.get(Product, pid)
        if p is None:
            continue
        codes = sorted(s.execute(select(ProductCode.code).where(ProductCode.product_id == pid)).scalars())
        household = (
            s.execute(select(Household.code).where(Household.id == p.household_id)).scalar() if p.household_id else None
        )
        fact = ProductFact(
            id=new_id(),
            product_id=pid,
            name=p.name,
            unit_label=p.unit_label,
            sold_by_weight=p.sold_by_weight,
            price_fen=p.price_fen,
            codes=codes,
            category=p.category,
            plu=p.plu,
            active=p.active,
            household_code=household,
            at=now,
        )
        enqueue(s, "product", fact.id, to_payload(fact), now)
