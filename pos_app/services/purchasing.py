"""Goods receipts (进货入库) and returns to suppliers (退货): stock moves in the same transaction as
the document and its outbox fact; a receipt folds its cost into the product's moving average
(domain.purchasing). Household goods come in by consignment intake, never here."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Literal

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from pos_app.contract.facts import GoodsReceiptFact, to_payload
from pos_app.domain.certification import parse_date
from pos_app.domain.clock import to_local
from pos_app.domain.errors import ImportFailed, InvalidInput, NotFound, PosError
from pos_app.domain.ids import new_id
from pos_app.domain.money import Fen, parse_yuan, per_kg, price_in, stock_unit
from pos_app.domain.permissions import Permission, require
from pos_app.domain.purchasing import MAX_LINES, moving_average, parse_quantity, receipt_line_cost
from pos_app.domain.text import is_digits
from pos_app.importing.receipts import read_delivery_note
from pos_app.importing.tabular import BadRows, RowError
from pos_app.services.base import StationService
from pos_app.services.suppliers import SupplierView, supplier_view
from pos_app.services.users import UserView
from pos_app.store.audit import record
from pos_app.store.district_state import on_hand
from pos_app.store.documents import document_number
from pos_app.store.models import (
    AppUser,
    GoodsReceipt,
    GoodsReceiptLine,
    Product,
    ProductCode,
    ProductCost,
    StockMovement,
    Supplier,
    table,
)
from pos_app.store.outbox import enqueue
from pos_app.store.settings import bump_catalog_version

Kind = Literal["receipt", "return"]
DOC_KIND = {"receipt": "RK", "return": "TH"}  # 入库 / 退货


@dataclass(frozen=True)
class ReceiptItem:
    code: str  # a barcode or PLU, as scanned or typed
    quantity: int  # pieces, or grams for weighed goods
    unit_cost_fen: Fen  # per piece, or per kg
    batch: str = ""
    expiry: date | None = None


@dataclass(frozen=True)
class ReceiptDocLine:
    line_no: int
    code: str
    name: str
    unit_label: str
    sold_by_weight: bool
    quantity: int
    unit_cost_fen: Fen
    cost_fen: Fen
    batch: str
    expiry: date | None


@dataclass(frozen=True)
class ReceiptDoc:
    id: str
    doc_no: str
    kind: Kind
    station_name: str
    supplier: SupplierView
    delivery_note: str
    received_by: str
    at: datetime
    total_cost_fen: Fen
    lines: tuple[ReceiptDocLine, ...]


@dataclass(frozen=True)
class NearExpiry:
    product_id: str
    name: str
    batch: str
    expiry: date
    days_left: int
    doc_no: str
    supplier_name: str


@dataclass(frozen=True)
class CostEntry:
    """One receipt (or return) line of a product: its cost price history."""

    at: datetime
    doc_no: str
    kind: str  # receipt | return
    supplier_name: str
    quantity: int  # pieces, or grams
    unit_cost_fen: Fen  # per piece, or per kg


@dataclass(frozen=True)
class ReceivableProduct:
    id: str
    name: str
    unit_label: str
    sold_by_weight: bool
    last_cost_fen: Fen | None  # the last delivery's cost per piece or per kg

    @property
    def unit(self) -> str:
        """What the form asks the quantity and the cost in: pieces of its unit, or, when weighed,
        斤 for goods priced by the 斤, else kg (as the till asks and every screen shows it)."""
        return stock_unit(self.sold_by_weight, self.unit_label)

    @property
    def offered_cost_fen(self) -> Fen | None:
        """The last cost, per ``unit``, to offer on the form."""
        if self.last_cost_fen is None or not self.sold_by_weight:
            return self.last_cost_fen
        return price_in(self.last_cost_fen, self.unit)

    def item(self, code: str, quantity: str, cost: str, batch: str = "", expiry: str = "") -> ReceiptItem:
        """A line as typed on the form, quantity and cost in ``unit``; the line keeps grams and a
        cost per kg."""
        unit_cost = parse_yuan(cost)
        return ReceiptItem(
            code.strip(),
            parse_quantity(quantity, self.sold_by_weight, self.unit_label),
            per_kg(unit_cost, self.unit) if self.sold_by_weight else unit_cost,
            batch,
            parse_date(expiry) if expiry.strip() else None,
        )


class GoodsReceiptService(StationService):
    def product(self, code: str) -> ReceivableProduct:
        """The product a scanned or typed code names, if it may be received from a supplier."""
        with self._db.uow() as uow:
            p = product_by_code(uow.session, code)
            cost = uow.session.get(ProductCost, p.id)
            return ReceivableProduct(p.id, p.name, p.unit_label, p.sold_by_weight, cost.last_fen if cost else None)

    def receive(
        self,
        supplier_code: str,
        items: Sequence[ReceiptItem],
        *,
        by: UserView | None,
        note: str = "",
        kind: Kind = "receipt",
    ) -> ReceiptDoc:
        """One delivery (or return) as one document; any bad line refuses the whole of it. ``by`` is
        the manager at the screen; None is pos-admin reading a file (audited as the command line)."""
        if by is not None:
            require(by.display_name, by.roles, Permission.PURCHASING)
        if not items:
            raise InvalidInput(what="a receipt needs at least one line", what_zh="入库单至少要有一行商品")
        if len(items) > MAX_LINES:
            raise InvalidInput(
                what=f"{len(items)} lines: at most {MAX_LINES} on one receipt; split the delivery",
                what_zh=f"共 {len(items)} 行：一张入库单最多 {MAX_LINES} 行，请分单",
            )
        if len(note.strip()) > 32:
            raise InvalidInput(what="delivery note number: at most 32 characters", what_zh="送货单号最多 32 个字符")
        now = self._clock.now()
        with self._db.uow(write=True) as uow:
            s = uow.session
            supplier = _supplier(s, supplier_code)
            found = [(i + 1, item, product_by_code(s, item.code)) for i, item in enumerate(items)]
            doc_id = new_id()
            lines: list[dict[str, object]] = []
            stock: list[dict[str, object]] = []
            sign = 1 if kind == "receipt" else -1
            taken: dict[str, int] = {}
            for line_no, item, p in found:
                cost = receipt_line_cost(item.quantity, item.unit_cost_fen, p.sold_by_weight)
                taken[p.id] = taken.get(p.id, 0) + item.quantity
                lines.append(
                    {
                        "id": new_id(),
                        "receipt_id": doc_id,
                        "line_no": line_no,
                        "product_id": p.id,
                        "quantity": item.quantity,
                        "unit_cost_fen": item.unit_cost_fen,
                        "cost_fen": cost,
                        "batch": item.batch.strip()[:32],
                        "expiry": item.expiry.isoformat() if item.expiry else None,
                    }
                )
                stock.append(
                    {
                        "id": new_id(),
                        "product_id": p.id,
                        "delta": sign * item.quantity,
                        "reason": kind,
                        "ref_id": doc_id,
                        "at": now,
                    }
                )
            stock_before = on_hand(s, taken)
            if kind == "return":
                for pid, q in taken.items():
                    if q > stock_before[pid]:
                        name = next(p.name for _, _, p in found if p.id == pid)
                        raise InvalidInput(
                            what=f"{name}: returning {q} with {stock_before[pid]} on hand",
                            what_zh=f"{name}：退货数量 {q} 超过库存 {stock_before[pid]}",
                        )
            else:
                self._cost(s, found, stock_before, now)
            total = sum(int(str(li["cost_fen"])) for li in lines)
            doc_no = document_number(s, GoodsReceipt.doc_no, self._station, DOC_KIND[kind])
            head = {
                "id": doc_id,
                "doc_no": doc_no,
                "kind": kind,
                "supplier_id": supplier.id,
                "delivery_note": note.strip(),
                "received_by": by.id if by else None,
                "at": now,
                "total_cost_fen": total,
            }
            s.execute(insert(table(GoodsReceipt)), [head])
            s.execute(insert(table(GoodsReceiptLine)), lines)
            s.execute(insert(table(StockMovement)), stock)
            fact = GoodsReceiptFact.model_validate(
                {
                    **{k: v for k, v in head.items() if k != "supplier_id"},
                    "supplier_code": supplier.code,
                    "supplier_name": supplier.name,
                    "supplier_credit_code": supplier.credit_code,
                    "lines": [
                        {**{k: v for k, v in li.items() if k != "receipt_id"}, "sold_by_weight": p.sold_by_weight}
                        for li, (_, _, p) in zip(lines, found, strict=True)
                    ],
                    "stock": stock,
                }
            )
            enqueue(s, "goods_receipt", doc_id, to_payload(fact), now)
            record(
                s,
                self._station,
                now,
                "goods_" + kind,
                user_id=by.id if by else None,
                target=doc_no,
                supplier=supplier.code,
                amount_fen=total,
                lines=len(lines),
            )
            bump_catalog_version(s)  # the stock shown at the till changes
            uow.commit()
        return self.document(doc_no)

    @staticmethod
    def _cost(
        s: Session, found: list[tuple[int, ReceiptItem, Product]], stock_before: dict[str, int], now: datetime
    ) -> None:
        fold_costs(s, [(p.id, item.quantity, item.unit_cost_fen) for _, item, p in found], stock_before, now)

    def receive_file(
        self, path: Path, supplier_code: str, *, by: UserView | None, note: str = "", kind: Kind = "receipt"
    ) -> ReceiptDoc:
        """A delivery note file (条码, 数量 — pieces, or kg for weighed goods —, 进价 in yuan per unit):
        every bad line is named with its line number and nothing is received."""
        items: list[ReceiptItem] = []
        bad: list[RowError] = BadRows()
        with self._db.uow() as uow:
            for row in read_delivery_note(path):
                try:
                    p = product_by_code(uow.session, row.code)
                    quantity = parse_quantity(row.quantity, p.sold_by_weight)
                    items.append(
                        ReceiptItem(
                            row.code,
                            quantity,
                            parse_yuan(row.cost),
                            row.batch,
                            parse_date(row.expiry) if row.expiry else None,
                        )
                    )
                except PosError as exc:
                    bad.append(RowError.of(row.line, exc))
        if bad:
            raise ImportFailed(errors=bad)
        return self.receive(supplier_code, items, by=by, note=note, kind=kind)

    def document(self, doc_no: str) -> ReceiptDoc:
        with self._db.uow() as uow:
            s = uow.session
            head = s.execute(select(GoodsReceipt).where(GoodsReceipt.doc_no == doc_no.strip().upper())).scalar()
            if head is None:
                raise NotFound(what="goods receipt", what_zh="入库单", key=doc_no)
            supplier = s.get(Supplier, head.supplier_id)
            assert supplier is not None
            user = s.get(AppUser, head.received_by) if head.received_by else None
            rows = s.execute(
                select(GoodsReceiptLine, Product)
                .join(Product, Product.id == GoodsReceiptLine.product_id)
                .where(GoodsReceiptLine.receipt_id == head.id)
                .order_by(GoodsReceiptLine.line_no)
            ).all()
            codes = dict(
                s.execute(
                    select(ProductCode.product_id, ProductCode.code).where(
                        ProductCode.product_id.in_([p.id for _, p in rows])
                    )
                ).all()
            )
            return ReceiptDoc(
                head.id,
                head.doc_no,
                "return" if head.kind == "return" else "receipt",
                self._station.station_name,
                supplier_view(supplier, ()),
                head.delivery_note,
                user.display_name if user else "pos-admin",
                head.at,
                head.total_cost_fen,
                tuple(
                    ReceiptDocLine(
                        li.line_no,
                        codes.get(p.id, str(p.plu or "")),
                        p.name,
                        p.unit_label,
                        p.sold_by_weight,
                        li.quantity,
                        li.unit_cost_fen,
                        li.cost_fen,
                        li.batch,
                        date.fromisoformat(li.expiry) if li.expiry else None,
                    )
                    for li, p in rows
                ),
            )

    def cost(self, product_id: str) -> tuple[Fen, Fen] | None:
        """(moving average, last cost) per piece or per kg; None for a product never received."""
        with self._db.uow() as uow:
            c = uow.session.get(ProductCost, product_id)
            return None if c is None else (c.average_fen, c.last_fen)

    def cost_history(self, product_id: str, limit: int = 20) -> list[CostEntry]:
        """The product's cost prices as received (and returned), newest first."""
        with self._db.uow() as uow:
            rows = uow.session.execute(
                select(GoodsReceipt.at, GoodsReceipt.doc_no, GoodsReceipt.kind, Supplier.name, GoodsReceiptLine)
                .join(GoodsReceipt, GoodsReceipt.id == GoodsReceiptLine.receipt_id)
                .join(Supplier, Supplier.id == GoodsReceipt.supplier_id)
                .where(GoodsReceiptLine.product_id == product_id)
                .order_by(GoodsReceipt.at.desc(), GoodsReceipt.id.desc(), GoodsReceiptLine.line_no)  # ids are UUIDv7
                .limit(limit)
            ).all()
        return [
            CostEntry(at, doc, kind, supplier, li.quantity, li.unit_cost_fen) for at, doc, kind, supplier, li in rows
        ]

    def near_expiry(self, days: int = 30) -> list[NearExpiry]:
        """Received batches whose expiry date is within ``days`` (or past) of goods still on hand."""
        today = to_local(self._clock.now()).date()
        until = (today + timedelta(days=days)).isoformat()
        with self._db.uow() as uow:
            s = uow.session
            rows = s.execute(
                select(GoodsReceiptLine, Product.name, GoodsReceipt.doc_no, Supplier.name)
                .join(GoodsReceipt, GoodsReceipt.id == GoodsReceiptLine.receipt_id)
                .join(Product, Product.id == GoodsReceiptLine.product_id)
                .join(Supplier, Supplier.id == GoodsReceipt.supplier_id)
                .where(
                    GoodsReceipt.kind == "receipt",
                    GoodsReceiptLine.expiry.is_not(None),
                    GoodsReceiptLine.expiry <= until,
                )
                .order_by(GoodsReceiptLine.expiry, Product.name)
            ).all()
            stock = on_hand(s, {li.product_id for li, *_ in rows})
        out = []
        for li, name, doc_no, supplier in rows:
            if stock.get(li.product_id, 0) <= 0:
                continue
            expiry = date.fromisoformat(str(li.expiry))
            out.append(NearExpiry(li.product_id, name, li.batch, expiry, (expiry - today).days, doc_no, supplier))
        return out


def _supplier(s: Session, code: str) -> Supplier:
    row = s.execute(select(Supplier).where(Supplier.code == code.strip(), Supplier.active)).scalar()
    if row is None:
        raise NotFound(what="supplier", what_zh="供应商", key=code)
    return row


def product_by_code(s: Session, code: str, *, allow_consigned: bool = False) -> Product:
    text = unicodedata.normalize("NFKC", code).strip()
    by_code = select(Product).join(ProductCode, ProductCode.product_id == Product.id).where(ProductCode.code == text)
    p = s.execute(by_code).scalar()
    if p is None and is_digits(text) and len(text) <= 6:
        p = s.execute(select(Product).where(Product.plu == int(text))).scalar()
    if p is None:
        raise NotFound(what="product with code", what_zh="条码对应的商品", key=text)
    if p.pass_through and not allow_consigned:
        raise InvalidInput(
            what=f"{p.name} is a household's consigned goods: take it in by consignment intake",
            what_zh=f"{p.name} 是农户代销商品，请走代销入库",
        )
    return p


def fold_costs(s: Session, lines: list[tuple[str, int, Fen]], stock_before: dict[str, int], now: datetime) -> None:
    """Fold each (product, quantity, unit cost) into its product's moving average, line by line (a
    product twice in one delivery at two costs averages both), in the caller's transaction."""
    costs = s.execute(select(ProductCost).where(ProductCost.product_id.in_(stock_before))).scalars()
    held = {c.product_id: c for c in costs}
    level = dict(stock_before)
    for pid, quantity, unit_cost in lines:
        cost = held.get(pid)
        average = moving_average(level[pid], cost.average_fen if cost else None, quantity, unit_cost)
        level[pid] += quantity
        if cost is None:
            cost = ProductCost(product_id=pid, average_fen=average, last_fen=unit_cost, updated_at=now)
            s.add(cost)
            held[pid] = cost
        else:
            cost.average_fen, cost.last_fen, cost.updated_at = average, unit_cost, now
    s.flush()
