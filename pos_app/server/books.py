"""The district's own books, as the judge of a push reads them.

A fact is never trusted for what it says: a sale's household is the one the district's consignment
book names, a refund is measured against the sale lines and refunds the district holds, a payout
against the household's balance in the district's ledger. What the push being judged has already
added (a credit earlier in the same batch, say) is kept here too, so the facts of one batch are
judged in order, each seeing the ones before it.

Reads are batched: ``prime`` loads, in a few queries, everything the batch's facts refer to.

(docs/architecture.md, "The district judges facts against its own books")
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import Connection, func, select, union_all

from pos_app.contract.facts import (
    AnyFact,
    ConsignmentFact,
    DeliveryFact,
    GoodsReceiptFact,
    PayoutFact,
    RefundFact,
    SaleFact,
    StockAdjustmentFact,
)
from pos_app.domain.money_rules import LineFigures, RefundedSoFar
from pos_app.server.db import one_of
from pos_app.server.models import (
    AuditLink,
    DayHousehold,
    DistrictConsignment,
    DistrictDelivery,
    DistrictLedgerEntry,
    DistrictRefund,
    DistrictRefundLine,
    DistrictSale,
    DistrictSaleLine,
    RefHousehold,
)


@dataclass
class SoldLine:
    sale_id: str
    station_id: str
    product_id: str
    figures: LineFigures
    refunded_quantity: int = 0
    refunded_fen: int = 0
    debited_fen: int = 0

    def so_far(self) -> RefundedSoFar:
        return RefundedSoFar(self.figures, self.refunded_quantity, self.refunded_fen, self.debited_fen)


@dataclass
class Books:
    conn: Connection
    terminal_id: str
    registry: dict[str, str] = field(default_factory=dict)  # household code → home station code ("" none)
    consigned: dict[str, tuple[str, str]] = field(default_factory=dict)  # product → (household, station id)
    balances: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    base: dict[str, int] = field(default_factory=dict)  # the balances as loaded, before this push
    reservations_used: set[str] = field(default_factory=set)  # settled by a payout of this push
    lines: dict[str, SoldLine] = field(default_factory=dict)
    sales: dict[str, str] = field(default_factory=dict)  # sale id → station id
    doc_seqs: set[int] = field(default_factory=set)  # this terminal's receipt numbers, used
    orders: dict[str, str] = field(default_factory=dict)  # delivery order → station id
    audit_tip: tuple[int, str] | None = None  # this terminal's newest audit entry received: (n, hash)
    _loaded_codes: set[str] = field(default_factory=set)

    # -- loading --------------------------------------------------------------------------------------
    def audit_chain_tip(self) -> tuple[int, str]:
        """(place, hash) of this terminal's newest audit entry at the district; (0, genesis) if none."""
        if self.audit_tip is None:
            row = self.conn.execute(
                select(AuditLink.n, AuditLink.hash)
                .where(AuditLink.terminal_id == self.terminal_id)
                .order_by(AuditLink.n.desc())
                .limit(1)
            ).first()
            self.audit_tip = (int(row.n), row.hash) if row else (0, "0" * 64)
        return self.audit_tip

    def prime(self, facts: list[AnyFact]) -> None:
        codes: set[str] = set()
        products: set[str] = set()
        line_ids: set[str] = set()
        sale_ids: set[str] = set()
        seqs: set[int] = set()
        orders: set[str] = set()
        for f in facts:
            if isinstance(f, SaleFact):
                seqs.add(f.sale.doc_seq)
                products.update(li.product_id for li in f.lines if li.pass_through)
                codes.update(li.household_code for li in f.lines if li.household_code)
                codes.update(r.household_code for r in f.ledger if r.household_code)
            elif isinstance(f, RefundFact):
                seqs.add(f.refund.doc_seq)
                sale_ids.add(f.refund.sale_id)
                line_ids.update(li.sale_line_id for li in f.lines)
                codes.update(r.household_code for r in f.ledger if r.household_code)
            elif isinstance(f, PayoutFact | ConsignmentFact):
                codes.add(f.household_code)
                if isinstance(f, ConsignmentFact):
                    products.add(f.product_id)
            elif isinstance(f, DeliveryFact):
                orders.add(f.order_id)
            elif isinstance(f, GoodsReceiptFact | StockAdjustmentFact):  # whose goods these are, if anyone's
                products.update(li.product_id for li in f.lines)
        self._load_products(products, codes)
        self.load_households(codes)
        self._load_lines(line_ids, sale_ids)
        self._load_seqs(seqs)
        if orders:
            q = select(DistrictDelivery.id, DistrictDelivery.station_id).where(
                one_of(self.conn, DistrictDelivery.id, orders)
            )
            self.orders.update({a: b for a, b in self.conn.execute(q)})

    def _load_products(self, products: set[str], codes: set[str]) -> None:
        if not products:
            return
        q = (
            select(DistrictConsignment.product_id, DistrictConsignment.household_code, DistrictConsignment.station_id)
            .where(one_of(self.conn, DistrictConsignment.product_id, products))
            .order_by(DistrictConsignment.at)
        )
        for pid, code, station in self.conn.execute(q):
            self.consigned.setdefault(pid, (code, station))
            codes.add(code)

    def load_households(self, codes: set[str]) -> None:
        codes = codes - self._loaded_codes
        if not codes:
            return
        self._loaded_codes |= codes
        q = select(RefHousehold.code, RefHousehold.home_station_code).where(one_of(self.conn, RefHousehold.code, codes))
        self.registry.update({c: h or "" for c, h in self.conn.execute(q)})
        # The balance from the running totals (kept with every ledger row written, in this very
        # transaction too), not by summing a household's whole ledger on every push.
        h = DayHousehold
        bal = select(h.household_code, func.sum(h.earned_fen) - func.sum(h.paid_fen)).where(
            one_of(self.conn, h.household_code, codes)
        )
        for code, amount in self.conn.execute(bal.group_by(h.household_code)):
            self.balances[code] += int(amount or 0)
            self.base[code] = int(amount or 0)

    def _load_lines(self, line_ids: set[str], sale_ids: set[str]) -> None:
        if sale_ids:
            q = select(DistrictSale.id, DistrictSale.station_id).where(one_of(self.conn, DistrictSale.id, sale_ids))
            self.sales.update({a: b for a, b in self.conn.execute(q)})
        if not line_ids:
            return
        sl = DistrictSaleLine
        lq = (
            select(
                sl.id,
                sl.sale_id,
                sl.product_id,
                sl.qty,
                sl.weight_g,
                sl.gross_fen,
                sl.net_fen,
                sl.voided,
                sl.pass_through,
                sl.household_code,
                DistrictSale.station_id,
            )
            .join(DistrictSale, DistrictSale.id == sl.sale_id)
            .where(one_of(self.conn, sl.id, line_ids))
        )
        for li in self.conn.execute(lq):
            quantity = li.weight_g if li.weight_g is not None else li.qty
            self.lines[li.id] = SoldLine(
                li.sale_id,
                li.station_id,
                li.product_id,
                LineFigures(
                    li.id, li.gross_fen, 0, 0, li.net_fen, quantity, li.voided, li.pass_through, li.household_code
                ),
            )
        refunded = select(
            DistrictRefundLine.sale_line_id,
            func.sum(DistrictRefundLine.quantity),
            func.sum(DistrictRefundLine.amount_fen),
        ).where(one_of(self.conn, DistrictRefundLine.sale_line_id, line_ids))
        for lid, q_, a in self.conn.execute(refunded.group_by(DistrictRefundLine.sale_line_id)):
            if lid in self.lines:
                self.lines[lid].refunded_quantity = int(q_ or 0)
                self.lines[lid].refunded_fen = int(a or 0)
        debited = select(DistrictLedgerEntry.sale_line_id, func.sum(DistrictLedgerEntry.amount_fen)).where(
            one_of(self.conn, DistrictLedgerEntry.sale_line_id, line_ids), DistrictLedgerEntry.kind == "debit"
        )
        for lid_, a in self.conn.execute(debited.group_by(DistrictLedgerEntry.sale_line_id)):
            if lid_ in self.lines:
                self.lines[lid_].debited_fen = -int(a or 0)

    def _load_seqs(self, seqs: set[int]) -> None:
        if not seqs:
            return
        q = union_all(
            select(DistrictSale.doc_seq).where(
                DistrictSale.terminal_id == self.terminal_id, one_of(self.conn, DistrictSale.doc_seq, seqs)
            ),
            select(DistrictRefund.doc_seq).where(
                DistrictRefund.terminal_id == self.terminal_id, one_of(self.conn, DistrictRefund.doc_seq, seqs)
            ),
        )
        self.doc_seqs.update(int(s) for s in self.conn.execute(q).scalars())
