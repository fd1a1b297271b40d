"""Writing one sale's (or refund's) rows in the caller's transaction: the sale, its lines, payments, stock
moves and household credits, each kind in one multi-row statement."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, insert
from sqlalchemy.orm import Session

from pos_app.store.models import (
    LedgerEntry,
    Payment,
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
    s.execute(insert(table(SaleLine)), rows.lines)
    s.execute(insert(table(Payment)), rows.payments)
    if rows.stock:
        s.execute(insert(table(StockMovement)), rows.stock)
    if rows.ledger:
        s.execute(insert(table(LedgerEntry)), rows.ledger)


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
