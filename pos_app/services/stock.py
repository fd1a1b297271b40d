"""Stock that changes without a sale: write-offs (报损) under a manager's PIN, the opening stock of
a new station, and what the station has on hand (the stock export). Each change is a document,
its stock movements and one outbox fact, in one transaction.

A household's consigned goods that are written off are a loss the store bears: the household's
ledger is not touched (it is credited only for what sold); the document and its fact carry the
loss at the household's price, so the station and the district see what the store owes or lost.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import Select, delete, func, insert, or_, select
from sqlalchemy.orm import Session

from pos_app.contract.facts import StockAdjustmentFact, to_payload
from pos_app.domain.errors import InvalidInput, NotPermitted
from pos_app.domain.ids import new_id
from pos_app.domain.money import Fen, stock_unit
from pos_app.domain.permissions import Permission, require
from pos_app.domain.purchasing import MAX_LINES, MAX_RECEIPT_QUANTITY, adjustment_value, parse_quantity
from pos_app.services.base import StationService
from pos_app.services.purchasing import fold_costs, product_by_code
from pos_app.services.users import UserView
from pos_app.store.audit import record
from pos_app.store.context import StationContext
from pos_app.store.district_state import on_hand, other_tills_stock, with_station_stock
from pos_app.store.documents import document_number
from pos_app.store.models import (
    Consignment,
    GoodsReceipt,
    Household,
    Product,
    ProductCode,
    ProductCost,
    Refund,
    Sale,
    StockAdjustment,
    StockMinimum,
    StockMovement,
    table,
)
from pos_app.store.outbox import enqueue
from pos_app.store.settings import bump_catalog_version

AdjustKind = Literal["writeoff", "stocktake", "opening"]
DOC_KIND = {"writeoff": "BS", "stocktake": "PD", "opening": "QC"}  # 报损 / 盘点 / 期初
FEW_BELOW = 5000  # below this many products under their threshold, the page looks them up by id
WRITE_OFF_REASONS = {"spoiled": "变质", "broken": "破损", "expired": "过期", "lost": "丢失", "other": "其他"}


@dataclass(frozen=True)
class AdjustmentDone:
    id: str
    doc_no: str
    kind: AdjustKind
    lines: int
    value_fen: Fen  # negative: a loss
    household_loss_fen: Fen  # of that, consigned goods at their household's price


@dataclass(frozen=True)
class StockRow:
    product_id: str
    code: str
    name: str
    unit_label: str
    sold_by_weight: bool
    on_hand: int  # pieces, or grams
    household_code: str | None
    minimum: int | None = None  # the low-stock threshold, if one is set

    @property
    def below_minimum(self) -> bool:
        return self.minimum is not None and self.on_hand < self.minimum

    @property
    def unit(self) -> str:
        """What a threshold or a write-off of this product is typed in (pieces, 斤 or kg)."""
        return stock_unit(self.sold_by_weight, self.unit_label)


@dataclass(frozen=True)
class CardLine:
    """One line of a product's stock card: a movement and the balance after it."""

    at: datetime
    reason: str  # sale | refund | intake | receipt | return | writeoff | stocktake | opening | other_tills
    document: str
    delta: int
    balance: int


class StockService(StationService):
    def write_off(
        self, code: str, quantity: int, reason: str, *, by: UserView, approver: UserView, note: str = ""
    ) -> AdjustmentDone:
        """Goods that cannot be sold (spoiled, broken, expired, lost): stock out, under a manager's PIN."""
        if not approver.has("manager"):
            raise NotPermitted(name=approver.display_name, action="approve write-offs", action_zh="批准报损")
        if reason not in WRITE_OFF_REASONS:
            raise InvalidInput(
                what=f"write-off reason {reason!r} ({', '.join(WRITE_OFF_REASONS)})",
                what_zh=f"报损原因须为：{'、'.join(WRITE_OFF_REASONS.values())}",
            )
        if not 0 < quantity <= MAX_RECEIPT_QUANTITY:
            raise InvalidInput(what=f"quantity {quantity}", what_zh=f"数量 {quantity} 无效")
        with self._db.uow(write=True) as uow:
            s = uow.session
            p = product_by_code(s, code, allow_consigned=True)
            have = on_hand(s, [p.id])[p.id]
            if quantity > have:
                raise InvalidInput(
                    what=f"{p.name}: writing off {quantity} with {have} on hand",
                    what_zh=f"{p.name}：报损数量 {quantity} 超过库存 {have}",
                )
            done = book_adjustment(
                s, self._station, self._clock.now(), "writeoff", reason, note, [(p, -quantity)], by, approver
            )
            uow.commit()
        return done

    def quantity(self, code: str, text: str) -> int:
        """What a typed quantity means for this product: pieces, or a weight (into grams) in the unit
        the product is shown in (斤 or kg, ``StockRow.unit``)."""
        with self._db.uow() as uow:
            p = product_by_code(uow.session, code, allow_consigned=True)
        return parse_quantity(text, p.sold_by_weight, p.unit_label)

    def opening(
        self, quantities: dict[str, int], *, costs: dict[str, Fen] | None = None, by: UserView | None = None
    ) -> list[AdjustmentDone]:
        """A new station's opening stock ({product id: pieces or grams}), a document per 1,000 lines;
        ``costs`` ({product id: fen per piece or kg}) values it and starts each moving average."""
        items = sorted((pid, q) for pid, q in quantities.items() if q)
        out = []
        for start in range(0, len(items), MAX_LINES):
            with self._db.uow(write=True) as uow:
                s = uow.session
                chunk = items[start : start + MAX_LINES]
                rows = {
                    p.id: p for p in s.execute(select(Product).where(Product.id.in_([i for i, _ in chunk]))).scalars()
                }
                priced = [(i, q, costs[i]) for i, q in chunk if costs and i in costs and q > 0]
                if priced:
                    fold_costs(s, priced, on_hand(s, [i for i, _, _ in priced]), self._clock.now())
                out.append(
                    book_adjustment(
                        s,
                        self._station,
                        self._clock.now(),
                        "opening",
                        "opening",
                        "",
                        [(rows[i], q) for i, q in chunk],
                        by,
                        None,
                    )
                )
                uow.commit()
        return out

    def on_hand(self, text: str = "", *, below_minimum: bool = False, limit: int | None = None) -> list[StockRow]:
        """Active products with the station's stock of each, by name: all of them (the export), or
        those matching ``text`` (code, name, pinyin), or only those below their threshold."""
        with self._db.uow() as uow:
            s = uow.session
            q = select(Product).where(Product.active).order_by(Product.name)
            if below_minimum:
                q = self._below_minimum(s, q)
            if text.strip():
                key = text.strip()
                q = q.where(
                    or_(
                        Product.search_name.contains(key.lower(), autoescape=True),
                        Product.pinyin_initials.contains(key.lower(), autoescape=True),
                        Product.id.in_(select(ProductCode.product_id).where(ProductCode.code == key)),
                    )
                )
            if limit:  # a page for the screen, never the whole catalog
                q = q.limit(limit)
            products = list(s.execute(q).scalars())
            ids = [p.id for p in products]
            few = len(ids) <= 1000  # a page: look its rows up; the export: read each table once
            codes_q = select(ProductCode.product_id, func.min(ProductCode.code)).group_by(ProductCode.product_id)
            first_code = dict(s.execute(codes_q.where(ProductCode.product_id.in_(ids)) if few else codes_q).all())
            minimum_q = select(StockMinimum.product_id, StockMinimum.minimum)
            minimum = dict(s.execute(minimum_q.where(StockMinimum.product_id.in_(ids)) if few else minimum_q).all())
            households = dict(s.execute(select(Household.id, Household.code)).all())
            stock = on_hand(s, ids if few else None)
        rows = [
            StockRow(
                p.id,
                first_code.get(p.id, str(p.plu or "")),
                p.name,
                p.unit_label,
                p.sold_by_weight,
                stock.get(p.id, 0),
                households.get(p.household_id) if p.household_id else None,
                minimum.get(p.id),
            )
            for p in products
        ]
        return rows

    @staticmethod
    def _below_minimum(s: Session, q: Select[Any]) -> Select[Any]:
        """``q`` narrowed to products below their threshold. Found from the thresholds first (their
        number, not the catalog's, is the cost): a few become an id list; when there are many, the
        page walks products by name (their index) joined to threshold and stock until it is full."""
        below, level = with_station_stock(select(StockMinimum.product_id), StockMinimum.product_id)
        ids = list(s.execute(below.where(level < StockMinimum.minimum).limit(FEW_BELOW + 1)).scalars())
        if len(ids) <= FEW_BELOW:
            return q.where(Product.id.in_(ids))
        q = q.join(StockMinimum, StockMinimum.product_id == Product.id)
        q, level = with_station_stock(q, Product.id)
        return q.where(level < StockMinimum.minimum)

    def set_minimum(self, product_id: str, minimum: int | None, *, by: UserView) -> None:
        """The product's low-stock threshold (pieces, or grams); None clears it."""
        require(by.display_name, by.roles, Permission.PURCHASING)
        if minimum is not None and not 0 <= minimum <= MAX_RECEIPT_QUANTITY:
            raise InvalidInput(what=f"threshold {minimum}", what_zh=f"库存下限 {minimum} 无效")
        with self._db.uow(write=True) as uow:
            s = uow.session
            s.execute(delete(StockMinimum).where(StockMinimum.product_id == product_id))
            if minimum is not None:
                s.execute(insert(table(StockMinimum)), [{"product_id": product_id, "minimum": minimum}])
            record(
                s, self._station, self._clock.now(), "stock_minimum", user_id=by.id, target=product_id, minimum=minimum
            )
            uow.commit()

    def card(self, product_id: str) -> list[CardLine]:
        """Every movement of the product at this till, oldest first, with the running balance and the
        document that made it (receipt, refund, intake slip, goods receipt, adjustment)."""
        with self._db.uow() as uow:
            s = uow.session
            moves = list(
                s.execute(
                    select(StockMovement).where(StockMovement.product_id == product_id).order_by(StockMovement.at)
                ).scalars()
            )
            refs = {m.ref_id for m in moves if m.ref_id}
            names: dict[str, str] = {}
            for model, column in (
                (Sale, Sale.receipt_no),
                (Refund, Refund.receipt_no),
                (Consignment, Consignment.slip_no),
                (GoodsReceipt, GoodsReceipt.doc_no),
                (StockAdjustment, StockAdjustment.doc_no),
            ):
                names.update(dict(s.execute(select(model.id, column).where(model.id.in_(refs))).all()))
            others = other_tills_stock(s, [product_id]).get(product_id, 0)
        out, balance = [], 0
        for m in moves:
            balance += m.delta
            out.append(CardLine(m.at, m.reason, names.get(m.ref_id or "", ""), m.delta, balance))
        if others:  # the station's other tills, as the district last told: the card ends at the station's stock
            out.append(CardLine(self._clock.now(), "other_tills", "", others, balance + others))
        return out


def book_adjustment(
    s: Session,
    station: StationContext,
    now: datetime,
    kind: AdjustKind,
    reason: str,
    note: str,
    moves: list[tuple[Product, int]],
    by: UserView | None,
    approver: UserView | None,
    line_reasons: dict[str, str] | None = None,
) -> AdjustmentDone:
    """Book one adjustment document: its head, its stock movements and its outbox fact, in ``s``."""
    ids = [p.id for p, _ in moves]
    costs = dict(
        s.execute(select(ProductCost.product_id, ProductCost.average_fen).where(ProductCost.product_id.in_(ids))).all()
    )
    codes = dict(
        s.execute(
            select(Household.id, Household.code).where(
                Household.id.in_({p.household_id for p, _ in moves if p.household_id})
            )
        ).all()
    )
    doc_id = new_id()
    lines, stock = [], []
    household_loss = 0
    for p, delta in moves:
        household = codes.get(p.household_id) if p.pass_through and p.household_id else None
        value = adjustment_value(
            delta, p.sold_by_weight, household_price_fen=p.price_fen if household else None, cost_fen=costs.get(p.id)
        )
        if household:
            household_loss += value
        line = {"id": new_id(), "product_id": p.id, "delta": delta, "household_code": household, "value_fen": value}
        if line_reasons and line_reasons.get(p.id):
            line["reason"] = line_reasons[p.id]
        lines.append(line)
        stock.append({"id": new_id(), "product_id": p.id, "delta": delta, "reason": kind, "ref_id": doc_id, "at": now})
    total = sum(int(li["value_fen"]) for li in lines)  # type: ignore[call-overload]
    doc_no = document_number(s, StockAdjustment.doc_no, station, DOC_KIND[kind])
    head = {
        "id": doc_id,
        "doc_no": doc_no,
        "kind": kind,
        "reason": reason,
        "note": note.strip()[:200],
        "by": by.id if by else None,
        "approved_by": approver.id if approver else None,
        "at": now,
        "value_fen": total,
    }
    s.execute(insert(table(StockAdjustment)), [head])
    s.execute(insert(table(StockMovement)), stock)
    fact = StockAdjustmentFact.model_validate(
        {**{k: v for k, v in head.items() if k != "value_fen"}, "lines": lines, "stock": stock}
    )
    enqueue(s, "stock_adjustment", doc_id, to_payload(fact), now)
    record(
        s,
        station,
        now,
        "stock_" + kind,
        user_id=by.id if by else None,
        approver_id=approver.id if approver else None,
        target=doc_no,
        reason=reason,
        amount_fen=total,
        lines=len(lines),
    )
    bump_catalog_version(s)
    return AdjustmentDone(doc_id, doc_no, kind, len(lines), total, household_loss)
