"""Stocktake (盘点): a count session over every active product or one category, counted by scanning,
then approved by a manager and booked as adjustment documents (-PD-) with their outbox facts.

The rule (expected at first count, uncounted products, consigned shortages) is in
``domain/stocktake``; this service keeps the session in the station file so that a count survives
a closed screen or a restarted till, and books it in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from pos_app.domain.errors import ImportFailed, InvalidInput, NotFound, NotPermitted, PosError
from pos_app.domain.ids import new_id
from pos_app.domain.money import Fen, weight_unit
from pos_app.domain.permissions import Permission, require
from pos_app.domain.purchasing import MAX_LINES, adjustment_value
from pos_app.domain.stocktake import REASONS, Variance, add_count, parse_counted, variances
from pos_app.importing.receipts import read_count_sheet
from pos_app.importing.tabular import BadRows, RowError
from pos_app.services.base import StationService
from pos_app.services.purchasing import product_by_code
from pos_app.services.stock import AdjustmentDone, book_adjustment
from pos_app.services.users import UserView
from pos_app.store.audit import record
from pos_app.store.catalog import categories
from pos_app.store.district_state import on_hand
from pos_app.store.models import (
    Household,
    Product,
    ProductCode,
    ProductCost,
    Stocktake,
    StocktakeCount,
    StocktakeDocument,
    table,
)


@dataclass(frozen=True)
class CountLine:
    product_id: str
    code: str
    name: str
    unit_label: str
    sold_by_weight: bool
    household_code: str | None
    expected: int  # pieces or grams
    counted: int
    counted_by_rule: bool  # not counted; booked as nothing
    value_fen: Fen  # the difference at cost, or at the household's price for its goods
    reason: str = ""
    costed: bool = True  # False: never received with a cost, so its difference is valued at 0

    @property
    def difference(self) -> int:
        return self.counted - self.expected


@dataclass(frozen=True)
class StocktakeView:
    id: str
    category: str
    state: str
    started_at: datetime
    lines: list[CountLine]  # what was counted, latest first


@dataclass(frozen=True)
class StocktakeResult:
    """A booked stocktake: its documents and every line that differed (the variance report)."""

    id: str
    category: str
    started_at: datetime
    booked_at: datetime
    approved_by: str
    counted: int  # products counted
    documents: list[AdjustmentDone]
    lines: list[CountLine]  # the differences, by name

    @property
    def value_fen(self) -> Fen:
        return sum(li.value_fen for li in self.lines)

    @property
    def household_loss_fen(self) -> Fen:
        return sum(li.value_fen for li in self.lines if li.household_code and li.value_fen < 0)


class StocktakeService(StationService):
    def start(self, category: str = "", *, by: UserView) -> StocktakeView:
        require(by.display_name, by.roles, Permission.PURCHASING)
        category = category.strip()
        with self._db.uow(write=True) as uow:
            s = uow.session
            if _open(s) is not None:
                raise InvalidInput(
                    what="a stocktake is already open: book or cancel it first",
                    what_zh="已有一次盘点未结束：请先审批入账或取消",
                )
            if category and category not in categories(s):
                raise NotFound(what="category", what_zh="商品类别", key=category)
            now = self._clock.now()
            sid = new_id()
            s.execute(
                insert(table(Stocktake)),
                [{"id": sid, "category": category, "state": "open", "started_by": by.id, "started_at": now}],
            )
            record(s, self._station, now, "stocktake_start", user_id=by.id, target=sid, category=category)
            uow.commit()
        view = self.current()
        assert view is not None
        return view

    def current(self) -> StocktakeView | None:
        with self._db.uow() as uow:
            s = uow.session
            st = _open(s)
            if st is None:
                return None
            counts = list(
                s.execute(
                    select(StocktakeCount)
                    .where(StocktakeCount.stocktake_id == st.id)
                    .order_by(StocktakeCount.last_at.desc())
                ).scalars()
            )
            lines = _lines(s, [(c.product_id, c.expected, c.counted, False, c.reason) for c in counts])
            return StocktakeView(st.id, st.category, st.state, st.started_at, lines)

    def weighed(self, code: str) -> str | None:
        """The unit the scanned product's weight is counted in (斤 or kg), or None when it is counted
        in pieces."""
        with self._db.uow() as uow:
            p = product_by_code(uow.session, code, allow_consigned=True)
        return weight_unit(p.unit_label) if p.sold_by_weight else None

    def quantity(self, code: str, text: str) -> int:
        """What a typed count means for this product: pieces, a weight (into grams) in 斤 or kg as
        the product is shown, or 0."""
        with self._db.uow() as uow:
            p = product_by_code(uow.session, code, allow_consigned=True)
        return parse_counted(text, p.sold_by_weight, p.unit_label)

    def count(self, code: str, quantity: int | None = None, *, replace: bool = False) -> CountLine:
        """Count ``quantity`` more of the scanned product (one piece when None); ``replace`` sets
        the count instead (a recount). The first count of a product takes its expected figure."""
        with self._db.uow(write=True) as uow:
            s = uow.session
            st = _open(s)
            if st is None:
                raise InvalidInput(
                    what="no stocktake is open: start one first", what_zh="没有进行中的盘点：请先开始盘点"
                )
            p = product_by_code(s, code, allow_consigned=True)
            if not p.active:
                raise InvalidInput(what=f"{p.name} is not sold any more", what_zh=f"{p.name} 已停售")
            if st.category and p.category != st.category:
                raise InvalidInput(
                    what=f"{p.name} is not in the category {st.category} being counted",
                    what_zh=f"{p.name} 不属于本次盘点的类别「{st.category}」",
                )
            if quantity is None:
                if p.sold_by_weight:
                    unit = weight_unit(p.unit_label)
                    raise InvalidInput(
                        what=f"{p.name} is weighed: type its weight in {unit} first",
                        what_zh=f"{p.name} 是称重商品：请先输入重量（{'斤' if unit == '斤' else '千克'}）",
                    )
                quantity = 1
            now = self._clock.now()
            key = (StocktakeCount.stocktake_id == st.id) & (StocktakeCount.product_id == p.id)
            have = s.execute(select(StocktakeCount).where(key)).scalar()
            if have is None:
                counted = add_count(0, quantity)
                expected = on_hand(s, [p.id])[p.id]
                s.execute(
                    insert(table(StocktakeCount)),
                    [
                        {
                            "stocktake_id": st.id,
                            "product_id": p.id,
                            "expected": expected,
                            "counted": counted,
                            "reason": "",
                            "first_at": now,
                            "last_at": now,
                        }
                    ],
                )
            else:
                counted = add_count(0 if replace else have.counted, quantity)
                s.execute(update(StocktakeCount).where(key).values(counted=counted, last_at=now))
            uow.commit()
            row = s.execute(select(StocktakeCount).where(key)).scalar_one()
            return _lines(s, [(p.id, row.expected, row.counted, False, row.reason)])[0]

    def set_reason(self, product_id: str, reason: str) -> None:
        if reason not in REASONS:
            raise InvalidInput(what=f"reason {reason!r}", what_zh=f"差异原因须为：{'、'.join(REASONS.values())}")
        with self._db.uow(write=True) as uow:
            s = uow.session
            st = _open(s)
            if st is None:
                raise InvalidInput(what="no stocktake is open", what_zh="没有进行中的盘点")
            s.execute(
                update(StocktakeCount)
                .where(StocktakeCount.stocktake_id == st.id, StocktakeCount.product_id == product_id)
                .values(reason=reason)
            )
            uow.commit()

    def remove(self, product_id: str) -> None:
        """Take a product off the count (counted by mistake); counting it again starts afresh."""
        with self._db.uow(write=True) as uow:
            s = uow.session
            st = _open(s)
            if st is not None:
                s.execute(
                    delete(StocktakeCount).where(
                        StocktakeCount.stocktake_id == st.id, StocktakeCount.product_id == product_id
                    )
                )
                uow.commit()

    def preview(self, *, uncounted_as_zero: bool) -> list[CountLine]:
        """What booking now would change: every differing line, by name."""
        with self._db.uow() as uow:
            s = uow.session
            st = _open(s)
            if st is None:
                return []
            return _variance_lines(s, st, uncounted_as_zero)

    def cancel(self, *, by: UserView) -> None:
        require(by.display_name, by.roles, Permission.PURCHASING)
        with self._db.uow(write=True) as uow:
            s = uow.session
            st = _open(s)
            if st is None:
                return
            now = self._clock.now()
            s.execute(update(Stocktake).where(Stocktake.id == st.id).values(state="cancelled", closed_at=now))
            record(s, self._station, now, "stocktake_cancel", user_id=by.id, target=st.id)
            uow.commit()

    def book(self, *, by: UserView, approver: UserView, uncounted_as_zero: bool = False) -> StocktakeResult:
        """Approve and book the open stocktake: its differences become adjustment documents (one per
        1,000 lines), with their stock movements and outbox facts, in one transaction."""
        if not approver.has("manager"):
            raise NotPermitted(name=approver.display_name, action="approve a stocktake", action_zh="审批盘点")
        with self._db.uow(write=True) as uow:
            s = uow.session
            st = _open(s)
            if st is None:
                raise InvalidInput(what="no stocktake is open", what_zh="没有进行中的盘点")
            counted = len(
                list(s.execute(select(StocktakeCount.product_id).where(StocktakeCount.stocktake_id == st.id)))
            )
            if not counted:
                raise InvalidInput(what="nothing has been counted yet", what_zh="尚未盘点任何商品")
            lines = _variance_lines(s, st, uncounted_as_zero)
            products = {
                p.id: p
                for p in s.execute(select(Product).where(Product.id.in_([li.product_id for li in lines]))).scalars()
            }
            now = self._clock.now()
            docs = []
            ordered = sorted(lines, key=lambda li: li.product_id)
            for start in range(0, len(ordered), MAX_LINES):
                chunk = ordered[start : start + MAX_LINES]
                done = book_adjustment(
                    s,
                    self._station,
                    now,
                    "stocktake",
                    "stocktake",
                    st.category,
                    [(products[li.product_id], li.difference) for li in chunk],
                    by,
                    approver,
                    {li.product_id: li.reason or ("uncounted" if li.counted_by_rule else "") for li in chunk},
                )
                docs.append(done)
                s.execute(insert(table(StocktakeDocument)), [{"stocktake_id": st.id, "adjustment_id": done.id}])
            s.execute(update(Stocktake).where(Stocktake.id == st.id).values(state="booked", closed_at=now))
            record(
                s,
                self._station,
                now,
                "stocktake_book",
                user_id=by.id,
                approver_id=approver.id,
                target=st.id,
                lines=len(lines),
                documents=[d.doc_no for d in docs],
            )
            uow.commit()
            return StocktakeResult(st.id, st.category, st.started_at, now, approver.display_name, counted, docs, lines)

    def book_sheet(
        self, path: Path, *, by: UserView, approver: UserView, category: str = "", uncounted_as_zero: bool = False
    ) -> StocktakeResult:
        """A whole count from a sheet (条码, 数量 — pieces, or kg for weighed goods —, optionally 原因):
        every bad line is named with its line number and nothing is counted; else start, count, book."""
        reasons = {v: k for k, v in REASONS.items() if k} | {k: k for k in REASONS}
        wanted: list[tuple[str, int, str]] = []
        bad: list[RowError] = BadRows()
        with self._db.uow() as uow:
            s = uow.session
            if _open(s) is not None:
                raise InvalidInput(
                    what="a stocktake is already open on the screen: book or cancel it first",
                    what_zh="屏幕上已有一次盘点未结束：请先审批入账或取消",
                )
            for row in read_count_sheet(path):
                try:
                    p = product_by_code(s, row.code, allow_consigned=True)
                    if category and p.category != category:
                        raise InvalidInput(
                            what=f"{p.name} is not in the category {category}",
                            what_zh=f"{p.name} 不属于类别「{category}」",
                        )
                    if row.reason.strip() not in reasons:
                        raise InvalidInput(
                            what=f"reason {row.reason!r}", what_zh=f"差异原因须为：{'、'.join(REASONS.values())}"
                        )
                    wanted.append(
                        (row.code, parse_counted(row.quantity, p.sold_by_weight), reasons[row.reason.strip()])
                    )
                except PosError as exc:
                    bad.append(RowError.of(row.line, exc))
        if bad:
            raise ImportFailed(errors=bad)
        if not wanted:
            raise InvalidInput(what="the count sheet has no lines", what_zh="盘点表没有任何行")
        self.start(category, by=by)
        for code, quantity, reason in wanted:
            line = self.count(code, quantity)
            if reason:
                self.set_reason(line.product_id, reason)
        return self.book(by=by, approver=approver, uncounted_as_zero=uncounted_as_zero)


def _open(s: Session) -> Stocktake | None:
    return s.execute(select(Stocktake).where(Stocktake.state == "open")).scalar()


def _variance_lines(s: Session, st: Stocktake, uncounted_as_zero: bool) -> list[CountLine]:
    counts = {
        c.product_id: c for c in s.execute(select(StocktakeCount).where(StocktakeCount.stocktake_id == st.id)).scalars()
    }
    uncounted: dict[str, int] = {}
    if uncounted_as_zero:
        q = select(Product.id).where(Product.active)
        if st.category:
            q = q.where(Product.category == st.category)
        scope = [pid for pid in s.execute(q).scalars() if pid not in counts]
        for start in range(0, len(scope), 5000):
            uncounted.update(on_hand(s, scope[start : start + 5000]))
    found: list[Variance] = variances(
        {pid: (c.expected, c.counted) for pid, c in counts.items()}, uncounted, uncounted_as_zero=uncounted_as_zero
    )
    lines = _lines(
        s,
        [
            (
                v.product_id,
                v.expected,
                v.counted,
                v.counted_by_rule,
                counts[v.product_id].reason if v.product_id in counts else "",
            )
            for v in found
        ],
    )
    return sorted(lines, key=lambda li: (li.name, li.code))


def _lines(s: Session, rows: list[tuple[str, int, int, bool, str]]) -> list[CountLine]:
    """Count lines with their product's name, first code, unit, household and the difference's value."""
    ids = [r[0] for r in rows]
    out: list[CountLine] = []
    for start in range(0, len(ids), 5000):
        part = ids[start : start + 5000]
        products = {p.id: p for p in s.execute(select(Product).where(Product.id.in_(part))).scalars()}
        codes: dict[str, str] = {}
        for pid, code in s.execute(
            select(ProductCode.product_id, ProductCode.code).where(ProductCode.product_id.in_(part))
        ).all():
            codes[pid] = min(code, codes.get(pid, code))
        costs = dict(
            s.execute(
                select(ProductCost.product_id, ProductCost.average_fen).where(ProductCost.product_id.in_(part))
            ).all()
        )
        households = dict(
            s.execute(
                select(Household.id, Household.code).where(
                    Household.id.in_({p.household_id for p in products.values() if p.household_id})
                )
            ).all()
        )
        for pid, expected, counted, by_rule, reason in rows[start : start + 5000]:
            p = products[pid]
            household = households.get(p.household_id) if p.pass_through and p.household_id else None
            value = adjustment_value(
                counted - expected,
                p.sold_by_weight,
                household_price_fen=p.price_fen if household else None,
                cost_fen=costs.get(pid),
            )
            out.append(
                CountLine(
                    pid,
                    codes.get(pid, str(p.plu or "")),
                    p.name,
                    p.unit_label,
                    p.sold_by_weight,
                    household,
                    expected,
                    counted,
                    by_rule,
                    value,
                    reason,
                    household is not None or pid in costs,  # costed: the household's price, or a cost
                )
            )
    return out
