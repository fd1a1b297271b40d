"""Products, their codes and prices; look-up by code or PLU; search by name and pinyin."""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, delete, func, insert, select, text
from sqlalchemy.orm import Session

from pos_app import memory
from pos_app.domain.barcodes import CODE_KIND_ZH, ScaleLayout, classify, normalise_code, validate_product_code
from pos_app.domain.cart import ProductSnapshot
from pos_app.domain.certification import today_local
from pos_app.domain.clock import Clock
from pos_app.domain.errors import InvalidInput, NotFound
from pos_app.domain.money import (
    Fen,
    format_fen,
    parse_yuan,
    price_in,
    weighed_amount,
    weight_figure,
    weight_unit,
)
from pos_app.domain.permissions import Permission, require
from pos_app.domain.purchasing import parse_quantity
from pos_app.domain.search import SubstringIndex, name_rank, number_sql, search_key
from pos_app.domain.text import is_digits
from pos_app.importing.catalog import WEIGHT_UNITS, ProductInput, parse_unit
from pos_app.services.users import UserView
from pos_app.store.audit import record
from pos_app.store.catalog import EDITABLE, UpsertResult, announce_products, categories, upsert_products
from pos_app.store.context import StationContext
from pos_app.store.district_state import on_hand
from pos_app.store.models import (
    Certificate,
    CertificateProduct,
    Household,
    PriceChange,
    Product,
    ProductCode,
    ShelfLife,
    StockMinimum,
    table,
)
from pos_app.store.settings import bump_catalog_version, read_setting
from pos_app.store.uow import Database


@dataclass(frozen=True)
class ProductEdit:
    """A product as the manager types it on the edit screen (price in yuan per unit, threshold in
    pieces or in the weight unit it is sold by (斤 or kg), codes separated by spaces or commas)."""

    name: str
    unit_label: str
    price: str
    codes: str = ""
    category: str = ""
    plu: str = ""
    active: bool = True
    minimum: str = ""
    certificate_no: str = ""
    pass_through: bool = False  # a household's consigned goods: price and unit are the household's
    shelf_life_days: str = ""  # what a label scale prints as its best-before; empty: not printed

    @property
    def sold_by_weight(self) -> bool:
        return self.unit_label in WEIGHT_UNITS


@dataclass(frozen=True)
class ProductView:
    id: str
    name: str
    unit_label: str
    sold_by_weight: bool
    price_fen: Fen  # per piece, or per kg when sold by weight
    plu: int | None
    category: str
    active: bool
    codes: tuple[str, ...] = ()
    stock: int | None = None
    certificate_no: str | None = None  # a certificate valid on the day of the look-up
    household_id: str | None = None
    household_label: str | None = None  # the consigning household's village, for badges and receipts
    pass_through: bool = False

    @property
    def certified(self) -> bool:
        return self.certificate_no is not None

    def snapshot(self) -> ProductSnapshot:
        return ProductSnapshot(
            product_id=self.id,
            name=self.name,
            unit_label=self.unit_label,
            sold_by_weight=self.sold_by_weight,
            unit_price_fen=self.price_fen,
            category=self.category,
            certified=self.certified,
            certificate_no=self.certificate_no,
            household_id=self.household_id,
            household_label=self.household_label,
            pass_through=self.pass_through,
        )


_COLUMNS = (Product.id, *EDITABLE)


_CERTIFICATE_TODAY = (
    select(Certificate.cert_no)
    .join(CertificateProduct, CertificateProduct.certificate_id == Certificate.id)
    .where(
        CertificateProduct.product_id == Product.id,
        Certificate.valid_from <= bindparam("today"),
        Certificate.valid_to >= bindparam("today"),
    )
    .order_by(Certificate.valid_to.desc())
    .limit(1)
    .correlate(Product)
    .scalar_subquery()
)
_VILLAGE = select(Household.village).where(Household.id == Product.household_id).correlate(Product).scalar_subquery()
# Everything a sale needs to know about a product on a given day; statements built once (hot path).
_FULL = (*_COLUMNS, _CERTIFICATE_TODAY, Product.household_id, _VILLAGE, Product.pass_through)

_BY_CODE = (
    select(*_FULL).join(ProductCode, ProductCode.product_id == Product.id).where(ProductCode.code == bindparam("code"))
)
_BY_PLU = select(*_FULL).where(Product.plu == bindparam("plu"))
_BY_ID = select(*_FULL).where(Product.id == bindparam("pid"))


def _view(row: Sequence[Any], codes: tuple[str, ...] = (), stock: int | None = None) -> ProductView:
    pid, name, unit_label, by_weight, price, plu, category, active, *extra = row
    cert, household_id, village, pass_through = extra or (None, None, None, False)
    return ProductView(
        pid,
        name,
        unit_label,
        by_weight,
        price,
        plu,
        category,
        active,
        codes,
        stock,
        cert,
        household_id,
        village,
        bool(pass_through),
    )


MAX_SHELF_LIFE_DAYS = 999  # three digits, as a label scale keeps it
INDEX_PIECE = 20_000  # products per piece of the search index


@dataclass(frozen=True)
class LabelReading:
    """What the till makes of a scanned scale label with the given layouts: which product, how much,
    and for what amount (the label's own, or the weight at the product's price)."""

    code: str
    layout: str
    plu: int
    product: ProductView | None
    weight_g: int | None
    amount_fen: int | None


@dataclass
class _SearchIndex:
    version: int
    ids: list[str]  # every id, 36 characters each, in index order; INDEX_PIECE ids a piece
    names: SubstringIndex
    pinyin: SubstringIndex
    id_len: int = 36
    extra_matches: tuple[str, list[str]] | None = None  # the product list's last query and its matches

    def id_at(self, i: int) -> str:
        piece, k = divmod(i, INDEX_PIECE)
        return self.ids[piece][k * self.id_len : (k + 1) * self.id_len]


class CatalogService:
    def __init__(self, db: Database, clock: Clock, station: StationContext | None = None) -> None:
        self._db = db
        self._clock = clock
        self._station = station  # for the audit log of price changes
        self._index: _SearchIndex | None = None
        self._index_lock = threading.Lock()

    # -- look-ups -----------------------------------------------------------------------------
    def _today(self) -> str:
        return today_local(self._clock.now()).isoformat()

    def by_code(self, code: str) -> ProductView | None:
        with self._db.read() as conn:
            row = conn.execute(_BY_CODE, {"code": code, "today": self._today()}).first()
        return None if row is None else _view(row)

    def read_label(self, text: str, patterns: Sequence[str]) -> LabelReading:
        """A scale label read with ``patterns`` (the settings screen tries a layout before saving it).
        Refuses a code that is no scale label under them, saying what it is instead."""
        layouts = tuple(ScaleLayout(p) for p in patterns)
        scanned = classify(text, layouts)
        if scanned.scale is None:
            raise InvalidInput(
                what=f"{scanned.raw} is no scale label under these layouts (read as {scanned.kind.value})",
                what_zh=f"{scanned.raw} 不符合任何秤码格式（被识别为 {CODE_KIND_ZH[scanned.kind]}）",
            )
        r = scanned.scale
        layout = next(lay.pattern for lay in layouts if lay.match(scanned.raw) is not None)
        product = self.by_plu(r.plu)
        amount = r.amount_fen
        if amount is None and r.weight_g is not None and product is not None and product.sold_by_weight:
            amount = weighed_amount(r.weight_g, product.price_fen)
        return LabelReading(scanned.raw, layout, r.plu, product, r.weight_g, amount)

    def by_plu(self, plu: int) -> ProductView | None:
        with self._db.read() as conn:
            row = conn.execute(_BY_PLU, {"plu": plu, "today": self._today()}).first()
        return None if row is None else _view(row)

    def get(self, product_id: str) -> ProductView:
        with self._db.uow() as uow:
            return self._get(uow.session, product_id)

    def _get(self, s: Session, product_id: str) -> ProductView:
        row = s.execute(_BY_ID, {"pid": product_id, "today": self._today()}).first()
        if row is None:
            raise NotFound(what="product", what_zh="商品", key=product_id)
        codes = tuple(s.execute(select(ProductCode.code).where(ProductCode.product_id == product_id)).scalars())
        # the station's stock: this till's moves and, once synced, the other tills' (store.district_state)
        return _view(row, codes, on_hand(s, [product_id])[product_id])

    def count(self) -> int:
        with self._db.uow() as uow:
            return int(uow.session.execute(select(func.count()).select_from(Product)).scalar_one())

    def page(self, offset: int, limit: int) -> list[ProductView]:
        """Products in name order, with their codes (exports and manager lists)."""
        with self._db.uow() as uow:
            s = uow.session
            rows = s.execute(
                select(*_FULL).order_by(Product.category, Product.name).offset(offset).limit(limit),
                {"today": self._today()},
            )
            views = [_view(r) for r in rows]
            codes: dict[str, list[str]] = {}
            ids = [v.id for v in views]
            for pid, code in s.execute(
                select(ProductCode.product_id, ProductCode.code).where(ProductCode.product_id.in_(ids))
            ):
                codes.setdefault(pid, []).append(code)
        return [ProductView(**{**v.__dict__, "codes": tuple(sorted(codes.get(v.id, ())))}) for v in views]

    # -- search -------------------------------------------------------------------------------
    def search(self, query: str, limit: int = 50) -> list[ProductView]:
        """Products whose name, pinyin initials or full pinyin contain ``query`` (or whose code or
        PLU is ``query``), best first: exact code, then by ``name_rank`` (the thing itself before
        what is made of it), then shorter names."""
        q = search_key(query)
        if not q or limit <= 0:
            return []
        with self._db.uow() as uow:
            s = uow.session
            version = int(read_setting(s, "catalog_version"))
            index = self._index_for(s, version)
            exact: list[ProductView] = []
            digits = normalise_code(query)
            if is_digits(digits):
                hit = s.execute(
                    select(*_FULL).join(ProductCode).where(ProductCode.code == digits.lstrip("+")),
                    {"today": self._today()},
                ).first()
                if hit is None and len(digits) <= 6:
                    hit = s.execute(_BY_PLU, {"plu": int(digits), "today": self._today()}).first()
                if hit is not None:
                    exact.append(_view(hit))
            found = self._candidates(index, q, cap=max(limit * 2, 100))
            ids = [index.id_at(i) for i in found]
            rows = {
                r[0]: _view(r)
                for r in s.execute(select(*_FULL).where(Product.id.in_(ids), Product.active), {"today": self._today()})
            }
        ranked = sorted((rows[i] for i in ids if i in rows), key=lambda p: name_rank(p.name, q))
        seen = {p.id for p in exact}
        return (exact + [p for p in ranked if p.id not in seen])[:limit]

    # -- browsing (the manager's product list: a window onto 500k rows, fetched a page at a time) ----
    def browse_count(self, query: str = "") -> int:
        """How many products the list shows: all of them, or those matching ``query``."""
        if search_key(query):
            return len(self._matches(query))
        with self._db.read() as conn:
            return int(conn.execute(select(func.count()).select_from(Product)).scalar_one())

    def browse(self, query: str, offset: int, limit: int) -> list[ProductView]:
        """One page of the list: every product in the order it was added, or the matches of ``query``
        (name, pinyin initials or full pinyin) in the search index's order."""
        if offset < 0 or limit <= 0:
            return []
        today = {"today": self._today()}
        with self._db.read() as conn:
            if not search_key(query):
                q = select(*_FULL).order_by(text("product.rowid")).offset(offset).limit(limit)
                return [_view(r) for r in conn.execute(q, today)]
            ids = self._matches(query)[offset : offset + limit]
            rows = {r[0]: _view(r) for r in conn.execute(select(*_FULL).where(Product.id.in_(ids)), today)}
        return [rows[i] for i in ids if i in rows]

    def _matches(self, query: str) -> list[str]:
        """Ids of every product on sale matching ``query``, kept for the last query asked."""
        q = search_key(query)
        with self._db.uow() as uow:
            index = self._index_for(uow.session, int(read_setting(uow.session, "catalog_version")))
        cached = index.extra_matches
        if cached is not None and cached[0] == q:
            return cached[1]
        found: dict[int, None] = dict.fromkeys(index.names.find(q))
        if q.isascii():
            found.update(dict.fromkeys(index.pinyin.find(q)))
        ids = [index.id_at(i) for i in found]
        index.extra_matches = (q, ids)
        return ids

    @staticmethod
    def _candidates(index: _SearchIndex, q: str, cap: int) -> list[int]:
        out: dict[int, None] = {}
        sources = [index.names.find(q)]
        if q.isascii():
            sources.append(index.pinyin.find(q))
        for src in sources:
            for i in src:
                out[i] = None
                if len(out) >= cap:
                    return list(out)
        return list(out)

    def _index_for(self, s: Session, version: int) -> _SearchIndex:
        index = self._index
        if index is not None and index.version == version:
            return index
        with self._index_lock:
            if self._index is None or self._index.version != version:
                self._index = self._build_index(s, version)
            return self._index

    def warm_search_index(self) -> None:
        """Build the search index now (the app calls this off the UI thread at start)."""
        with self._db.uow() as uow:
            self._index_for(uow.session, int(read_setting(uow.session, "catalog_version")))

    @staticmethod
    def _build_index(s: Session, version: int) -> _SearchIndex:
        """Aggregate queries: SQLite writes the haystacks (the GIL is free meanwhile, so the screen
        beside the build stays responsive); Python does no work per product. A piece of
        ``INDEX_PIECE`` products at a time, each piece read by rowid range, so that the build never
        holds more than the index plus one piece (at 500k products the haystacks are ~65 MB)."""
        n = number_sql("(:base + row_number() OVER (ORDER BY rowid) - 1)")
        piece = text(
            "SELECT count(*), max(r), group_concat(id, ''),"
            f" group_concat(search_name || char(31) || rn, char(10)),"
            f" group_concat(pinyin_initials || ' ' || pinyin_full || char(31) || rn, char(10))"
            f" FROM (SELECT rowid AS r, id, search_name, pinyin_initials, pinyin_full, {n} AS rn"
            "       FROM product WHERE active AND rowid > :after ORDER BY rowid LIMIT :size)"
        )
        ids: list[str] = []
        names: list[str] = []
        pinyin: list[str] = []
        count, after = 0, -(2**63)
        while True:  # one read transaction: every piece sees the same catalog
            got, last, i, nm, py = s.execute(piece, {"base": count, "after": after, "size": INDEX_PIECE}).one()
            if not got:
                break
            ids.append(i)
            names.append(nm)
            pinyin.append(py)
            count, after = count + int(got), int(last)
        s.execute(text("PRAGMA shrink_memory"))  # this connection's page cache, filled by a full scan
        memory.give_back()
        return _SearchIndex(
            version, ids, SubstringIndex.from_haystack(names, count), SubstringIndex.from_haystack(pinyin, count)
        )

    # -- writes -------------------------------------------------------------------------------
    def upsert(self, items: Iterable[ProductInput], source: str) -> UpsertResult:
        """Create or update products in one transaction. A product is matched by any of its codes,
        then by PLU. Price changes are kept in ``price_change``; sales keep their own snapshot."""
        now = self._clock.now()
        with self._db.uow(write=True) as uow:
            result = upsert_products(uow.session, items, now, source, self._station)
            announce_products(uow.session, result.changed, now)  # the station's other tills get them
            uow.commit()
        return result

    def categories(self) -> list[str]:
        with self._db.uow() as uow:
            return categories(uow.session)

    def edit_form(self, product_id: str) -> ProductEdit:
        """A product as the edit screen shows it: every field as the manager types it."""
        with self._db.uow() as uow:
            s = uow.session
            p = s.get(Product, product_id)
            if p is None:
                raise NotFound(what="product", what_zh="商品", key=product_id)
            codes = sorted(s.execute(select(ProductCode.code).where(ProductCode.product_id == p.id)).scalars())
            minimum = s.execute(select(StockMinimum.minimum).where(StockMinimum.product_id == p.id)).scalar()
            shelf_life = s.execute(select(ShelfLife.days).where(ShelfLife.product_id == p.id)).scalar()
            certs = sorted(
                s.execute(
                    select(Certificate.cert_no)
                    .join(CertificateProduct, CertificateProduct.certificate_id == Certificate.id)
                    .where(CertificateProduct.product_id == p.id)
                ).scalars()
            )
        per_unit = price_in(p.price_fen, weight_unit(p.unit_label)) if p.sold_by_weight else p.price_fen
        return ProductEdit(
            name=p.name,
            unit_label=p.unit_label,
            price=format_fen(per_unit, symbol=False),
            codes=" ".join(codes),
            category=p.category,
            plu="" if p.plu is None else str(p.plu),
            active=p.active,
            minimum=""
            if minimum is None
            else (weight_figure(minimum, weight_unit(p.unit_label)) if p.sold_by_weight else str(minimum)),
            certificate_no=certs[0] if certs else "",
            pass_through=p.pass_through,
            shelf_life_days="" if shelf_life is None else str(shelf_life),
        )

    def save_product(self, edit: ProductEdit, *, by: UserView, product_id: str | None = None) -> ProductView:
        """Add a product, or change one, from the edit screen, in one transaction: its codes exactly as
        given, its price (a household's consigned goods keep the household's price and unit), its
        low-stock threshold and a certificate linked by hand. The station's other tills get it."""
        require(by.display_name, by.roles, Permission.CATALOG_EDIT)
        unit = parse_unit(edit.unit_label)
        codes = tuple(dict.fromkeys(validate_product_code(c) for c in re.split(r"[\s,，;；]+", edit.codes) if c))
        plu_text = unicodedata.normalize("NFKC", edit.plu).strip()
        if plu_text and not is_digits(plu_text):
            raise InvalidInput(what=f"PLU {edit.plu!r}: digits only", what_zh=f"PLU「{edit.plu}」须为数字")
        item = ProductInput(
            edit.name.strip(),
            unit,
            parse_yuan(edit.price),
            codes,
            edit.category.strip(),
            int(plu_text) if plu_text else None,
            edit.active,
            id=product_id,
        )
        minimum = parse_quantity(edit.minimum, item.sold_by_weight, unit) if edit.minimum.strip() else None
        shelf_text = unicodedata.normalize("NFKC", edit.shelf_life_days).strip()
        if shelf_text and not (is_digits(shelf_text) and 1 <= int(shelf_text) <= MAX_SHELF_LIFE_DAYS):
            raise InvalidInput(
                what=f"shelf life {edit.shelf_life_days!r}: whole days, 1 to {MAX_SHELF_LIFE_DAYS}",
                what_zh=f"保质期「{edit.shelf_life_days}」须为 1–{MAX_SHELF_LIFE_DAYS} 的整天数",
            )
        now = self._clock.now()
        with self._db.uow(write=True) as uow:
            s = uow.session
            old = s.get(Product, product_id) if product_id else None
            if product_id and old is None:
                raise NotFound(what="product", what_zh="商品", key=product_id)
            if (
                old is not None
                and old.pass_through
                and (old.unit_label != item.unit_label or old.price_fen != item.price_per_stock_unit)
            ):
                raise InvalidInput(
                    what=f"{old.name} is a household's consignment: its price is the household's, set at intake",
                    what_zh=f"{old.name} 是农户代销商品：价格和单位由农户在代销入库时确定，不能在此修改",
                )
            for code in codes:
                owner = s.execute(
                    select(Product.name)
                    .join(ProductCode, ProductCode.product_id == Product.id)
                    .where(ProductCode.code == code, Product.id != (product_id or ""))
                ).scalar()
                if owner is not None:
                    raise InvalidInput(
                        what=f"code {code} already belongs to {owner}", what_zh=f"条码 {code} 已属于「{owner}」"
                    )
            if item.plu is not None:
                owner = s.execute(
                    select(Product.name).where(Product.plu == item.plu, Product.id != (product_id or ""))
                ).scalar()
                if owner is not None:
                    raise InvalidInput(
                        what=f"PLU {item.plu} already belongs to {owner}", what_zh=f"PLU {item.plu} 已属于「{owner}」"
                    )
            if old is not None:
                s.execute(delete(ProductCode).where(ProductCode.product_id == old.id, ProductCode.code.not_in(codes)))
            result = upsert_products(s, [item], now, f"screen:{by.username}", self._station)
            pid = product_id or result.changed[0]
            s.execute(delete(StockMinimum).where(StockMinimum.product_id == pid))
            if minimum is not None:
                s.execute(insert(table(StockMinimum)), [{"product_id": pid, "minimum": minimum}])
            s.execute(delete(ShelfLife).where(ShelfLife.product_id == pid))
            if shelf_text:
                s.execute(insert(table(ShelfLife)), [{"product_id": pid, "days": int(shelf_text)}])
            if edit.certificate_no.strip():
                cid = s.execute(
                    select(Certificate.id).where(Certificate.cert_no == edit.certificate_no.strip())
                ).scalar()
                if cid is None:
                    raise NotFound(what="certificate", what_zh="认定证书", key=edit.certificate_no.strip())
                if s.get(CertificateProduct, (cid, pid)) is None:
                    s.execute(insert(table(CertificateProduct)), [{"certificate_id": cid, "product_id": pid}])
            announce_products(s, [pid], now)
            assert self._station is not None  # the station's own service, not a bare catalog
            record(
                s,
                self._station,
                now,
                "product_edit" if old is not None else "product_add",
                user_id=by.id,
                target=item.name,
                price_fen=item.price_per_stock_unit,
                codes=list(codes),
            )
            bump_catalog_version(s)
            uow.commit()
        return self.get(pid)

    def price_history(self, product_id: str) -> list[tuple[Fen | None, Fen, str]]:
        with self._db.uow() as uow:
            rows = uow.session.execute(
                select(PriceChange.old_price_fen, PriceChange.new_price_fen, PriceChange.source)
                .where(PriceChange.product_id == product_id)
                .order_by(PriceChange.changed_at, PriceChange.id)
            )
            return [(a, b, c) for a, b, c in rows]
