"""Writing one sale's (or refund's) rows in the caller's transaction: the sale, its lines, payments, stock
moves and household credits, each kind in one multi-row statement."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, insert, select
from sqlalchemy.orm import Session

from pos_app.domain.purchasing import cost_of_sale
from pos_app.store.models import (
    LedgerEntry,
    Payment,
    ProductCost,
    Refund,
    RefundLine,
    RefundPayment,
    Sale,
    SaleLine,
    StockMovement,
    table,
)

Row = dict[str, Any]


@dataclass(slots=True)
class SaleRows:
    sale: Row
    lines: list[Row] = field(default_factory=list)
    payments: list[Row] = field(default_factory=list)
    stock: list[Row] = field(default_factory=list)
    ledger: list[Row] = field(default_factory=list)


def insert_sale(s: Connection, rows: SaleRows) -> None:
    s.execute(insert(table(Sale)), [rows.sale])
    s.execute(insert(table(SaleLine)), _with_cost(s, rows.lines))
    s.execute(insert(table(Payment)), rows.payments)
    if rows.stock:
        s.execute(insert(table(StockMovement)), rows.stock)
    if rows.ledger:
        s.execute(insert(table(LedgerEntry)), rows.ledger)


def _with_cost(s: Connection, lines: list[Row]) -> list[Row]:
    """Each line with its cost of goods at the product's moving average now (the margin reports)."""
    ids = {r["product_id"] for r in lines if not r["pass_through"] and not r["voided"]}
    q = select(ProductCost.product_id, ProductCost.average_fen).where(ProductCost.product_id.in_(ids))
    costs: dict[str, int] = {pid: int(c) for pid, c in s.execute(q)} if ids else {}
    out = []
    for r in lines:
        cost = None
        if not r["pass_through"] and not r["voided"]:
            quantity = r["weight_g"] if r["sold_by_weight"] else r["qty"]
            cost = cost_of_sale(quantity, costs.get(r["product_id"]), r["sold_by_weight"])
        out.append({**r, "cost_fen": cost})
    return out


@dataclass(slots=True)
class RefundRows:
    refund: Row
    lines: list[Row] = field(default_factory=list)
    payments: list[Row] = field(default_factory=list)
    stock: list[Row] = field(default_factory=list)
    ledger: list[Row] = field(default_factory=list)


def insert_refund(s: Connection | Session, rows: RefundRows) -> None:
    s.execute(insert(table(Refund)), [rows.refund])
    s.execute(insert(table(RefundLine)), rows.lines)
    if rows.payments:  # a fully discounted line comes back with no money
        s.execute(insert(table(RefundPayment)), rows.payments)
    s.execute(insert(table(StockMovement)), rows.stock)
    if rows.ledger:
        s.execute(insert(table(LedgerEntry)), rows.ledger)
