"""Applying a push: every fact exactly once.

One transaction per push. Per op: ``received_op`` is inserted ON CONFLICT DO NOTHING and the fact's
business effect (sale, lines, ledger, stock, …) is written only when that row is new; the reply is
sent after commit, so an ack always means "on disk". A resend with the same hash is a ``duplicate``
(acked again); with another hash a ``mismatch``, quarantined and never dropped. A payload that is
damaged or that the server cannot read is ``rejected`` with a code and kept as such, so a later
retry (after a fix on either side) is judged again.

The batch is applied with a few multi-row statements; if the database still refuses it (a receipt
number reused by a restored station, say), it is applied again op by op, each in its own savepoint,
and only the op at fault is rejected.

(docs/architecture.md, "Sync protocol")
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import psycopg
from sqlalchemy import Connection, Table, delete, insert, select, update
from sqlalchemy.exc import DBAPIError, IntegrityError

from pos_app.contract.facts import (
    AnyFact,
    AuditFact,
    ConsignmentFact,
    DeliveryFact,
    FactRefused,
    GoodsReceiptFact,
    LedgerRow,
    PayoutFact,
    ProductFact,
    RefundFact,
    SaleFact,
    StockAdjustmentFact,
    StockRow,
    judge_sale,
    parse_fact,
    text_problem,
)
from pos_app.contract.protocol import Op, OpResult, PushRequest, PushResponse, StationProductRow, payload_hash
from pos_app.domain.errors import PosError
from pos_app.domain.ids import new_id, receipt_number
from pos_app.domain.money_rules import RuleBroken, check_payout, refund_amount, refund_debit
from pos_app.domain.purchasing import receipt_line_cost
from pos_app.server import auth, totals
from pos_app.server.auth import Caller
from pos_app.server.books import Books, SoldLine
from pos_app.server.db import insert_new, one_of, upsert_forward
from pos_app.server.models import (
    AuditLink,
    DistrictConsignment,
    DistrictDelivery,
    DistrictLedgerEntry,
    DistrictPayout,
    DistrictRefund,
    DistrictRefundLine,
    DistrictSale,
    DistrictSaleLine,
    DistrictStation,
    DistrictStockMovement,
    DistrictTerminal,
    Fact,
    HeldFact,
    Quarantine,
    ReceivedOp,
    RefHousehold,
    SettlementReservation,
    StationProduct,
    table,
)
from pos_app.server.models import (
    DistrictTerminal as _Terminal,
)
from pos_app.server.reference import epoch, next_versions, register_product, settle_entries
from pos_app.server.tills import available, lock_household

log = logging.getLogger("pos.server.ingest")
REFUSED = (IntegrityError, DBAPIError, psycopg.Error)  # the database said no (a constraint, a bad value)
LOCAL_TZ = ZoneInfo("Asia/Shanghai")


class Rejected(Exception):
    def __init__(self, code: str, message: str, message_zh: str = "") -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.message_zh = message_zh


@dataclass
class Effects:
    """The rows one or more facts add, by table; written with one statement per table."""

    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    deliveries: list[dict[str, Any]] = field(default_factory=list)  # upserted, the rank only rising
    sales: list[str] = field(default_factory=list)  # sales applied: refunds held for them are judged next
    products: list[dict[str, Any]] = field(default_factory=list)  # station products, the newest change winning
    settled: list[tuple[str, str, str | None]] = field(default_factory=list)  # (household, payout, reservation)

    def add(self, t: Table, rows: Iterable[dict[str, Any]]) -> None:
        self.rows.setdefault(t.name, []).extend(rows)

    def extend(self, other: Effects) -> None:
        for name, rows in other.rows.items():
            self.rows.setdefault(name, []).extend(rows)
        self.deliveries.extend(other.deliveries)
        self.sales.extend(other.sales)
        self.products.extend(other.products)
        self.settled.extend(other.settled)

    def write(self, conn: Connection) -> None:
        """New rows only (the exactly-once judge let them through): on PostgreSQL they are loaded
        with COPY, in the push's transaction; a refusal rolls the savepoint back like any insert."""
        if refunds := self.rows.get("refund"):  # handed down to the station's other tills in this order
            first = next_versions(conn, len(refunds))
            for i, row in enumerate(refunds):
                row["version"] = first + i
        for t in _ORDER:
            if rows := self.rows.get(t.name):
                insert_new(conn, t, rows)
        totals.add(conn, self.rows)
        for row in self.deliveries:
            upsert_forward(conn, table(DistrictDelivery), row)
        for row in self.products:
            register_product(conn, row)
        for code, payout_id, reservation_id in self.settled:
            settle_entries(conn, code, payout_id, reservation_id)


_ORDER: tuple[Table, ...] = tuple(
    table(m)
    for m in (
        Fact,
        DistrictSale,
        DistrictSaleLine,
        DistrictRefund,
        DistrictRefundLine,
        DistrictPayout,
        DistrictLedgerEntry,
        DistrictStockMovement,
        DistrictConsignment,
        AuditLink,
    )
)


# -- judging a fact against the district's books ------------------------------------------------------


def _day(t: datetime) -> str:
    return t.astimezone(LOCAL_TZ).date().isoformat()


class Held(Exception):
    """A refund whose sale the district does not have yet."""

    def __init__(self, sale_id: str) -> None:
        super().__init__(sale_id)
        self.sale_id = sale_id


@dataclass
class Context:
    conn: Connection
    caller: Caller
    now: datetime
    closed_shifts: set[str]
    households_by_id: dict[str, str]  # a district household id → its code, for schema-1 payloads
    books: Books
    rejudged: set[str] = field(default_factory=set)  # entity ids refused before, judged again now


def _receipt(ctx: Context, receipt_no: str, doc_seq: int) -> None:
    """A receipt number is this terminal's own, and used once (sales and refunds share the sequence)."""
    want = receipt_number(ctx.caller.station_code, ctx.caller.terminal_no, doc_seq)
    if receipt_no != want:
        raise Rejected(
            "foreign_receipt_no",
            f"receipt {receipt_no} is not this terminal's number {want}",
            f"单号 {receipt_no} 不是本终端的单号（应为 {want}）",
        )
    if doc_seq in ctx.books.doc_seqs:
        raise Rejected("receipt_no_reused", f"receipt {receipt_no} was already received", f"单号 {receipt_no} 已收到过")
    ctx.books.doc_seqs.add(doc_seq)


def _registered(ctx: Context, code: str) -> str:
    """The household's home station code ('' for none); refused when it is not in the registry."""
    ctx.books.load_households({code})
    home = ctx.books.registry.get(code)
    if home is None:
        raise Rejected(
            "unknown_household", f"household {code} is not in the district registry", f"农户 {code} 不在区级名册中"
        )
    return home


def _stock_matches(ctx: Context, stock: list[StockRow], want: dict[str, int], reason: str) -> None:
    """A fact's stock movements are exactly its lines' quantities, product by product."""
    moved: dict[str, int] = {}
    for r in stock:
        if r.reason != reason:
            raise _inconsistent(f"a {reason} moves stock as {r.reason!r}", "库存变动类型不符")
        moved[r.product_id] = moved.get(r.product_id, 0) + r.delta
    if moved != {k: v for k, v in want.items() if v}:
        raise Rejected(
            "unknown_product_stock",
            "the stock movements are not the lines' products and quantities",
            "库存变动与商品行的商品或数量不符",
        )
    for pid in moved:
        owner = ctx.books.consigned.get(pid)
        if owner and owner[1] != ctx.caller.station_id:
            raise Rejected(
                "foreign_consignment", "moves stock of goods consigned at another station", "变动了他站代销商品的库存"
            )


def _stock_rows(ctx: Context, stock: list[StockRow]) -> list[dict[str, Any]]:
    return [
        {
            "id": r.id,
            "station_id": ctx.caller.station_id,
            "product_id": r.product_id,
            "delta": r.delta,
            "reason": r.reason,
            "at": r.at,
            "terminal_id": ctx.caller.terminal_id,
        }
        for r in stock
    ]


def _ledger_row(
    ctx: Context, id_: str, code: str, kind: str, amount: int, at: datetime, **refs: str | None
) -> dict[str, Any]:
    return ledger_row(ctx.caller.station_id, id_, code, kind, amount, at, terminal_id=ctx.caller.terminal_id, **refs)


def ledger_row(
    station_id: str | None, id_: str, code: str, kind: str, amount: int, at: datetime, **refs: str | None
) -> dict[str, Any]:
    """A ``ledger_entry`` row (``station_id`` None: the district's own payout)."""
    return {
        "id": id_,
        "station_id": station_id,
        "terminal_id": refs.get("terminal_id"),
        "reservation_id": refs.get("reservation_id"),
        "household_code": code,
        "kind": kind,
        "amount_fen": amount,
        "year": at.astimezone(LOCAL_TZ).year,
        "local_day": _day(at),
        "sale_id": refs.get("sale_id"),
        "refund_id": refs.get("refund_id"),
        "payout_id": refs.get("payout_id"),
        "sale_line_id": refs.get("sale_line_id"),
        "at": at,
    }


def _sale(ctx: Context, entity_id: str, f: SaleFact, eff: Effects) -> None:
    s = f.sale
    if s.id != entity_id or any(li.sale_id != s.id for li in f.lines):
        raise Rejected("invalid_payload", "the sale's id is not the op's entity id")
    books = ctx.books
    by_product = {pid: code for pid, (code, _) in books.consigned.items()}
    try:
        figures = judge_sale(f, ctx.households_by_id, by_product)
    except RuleBroken as exc:
        raise Rejected(exc.code, str(exc), exc.message_zh) from exc
    households = {li.line_id: li.household for li in figures.lines}
    for fig in figures.lines:
        if fig.pass_through and not fig.voided and fig.household:
            _registered(ctx, fig.household)
    want: dict[str, int] = {}
    for li in f.lines:
        if not li.voided:
            want[li.product_id] = want.get(li.product_id, 0) - li.quantity
    _stock_matches(ctx, f.stock, want, "sale")
    _receipt(ctx, s.receipt_no, s.doc_seq)
    eff.add(
        table(DistrictSale),
        [
            {
                "id": entity_id,
                "station_id": ctx.caller.station_id,
                "terminal_id": ctx.caller.terminal_id,
                "receipt_no": s.receipt_no,
                "doc_seq": s.doc_seq,
                "shift_id": s.shift_id,
                "completed_at": s.completed_at,
                "local_day": _day(s.completed_at),
                "subtotal_fen": s.subtotal_fen,
                "discount_fen": s.discount_fen,
                "rounding_fen": s.rounding_fen,
                "total_fen": s.total_fen,
                "buyer_name": f.buyer.name if f.buyer else None,
                "buyer_institutional": bool(f.buyer and f.buyer.institutional),
                "late": s.shift_id in ctx.closed_shifts,
                "received_at": ctx.now,
            }
        ],
    )
    eff.add(
        table(DistrictSaleLine),
        [
            {
                "id": li.id,
                "sale_id": entity_id,
                "line_no": li.line_no,
                "product_id": li.product_id,
                "name": li.name,
                "category": li.category,
                "qty": li.qty,
                "weight_g": li.weight_g if li.sold_by_weight else None,
                "gross_fen": li.gross_fen,
                "net_fen": li.net_fen,
                "voided": li.voided,
                "certified": li.certified,
                "certificate_no": li.certificate_no,
                "pass_through": li.pass_through,
                "household_code": households[li.id],
            }
            for li in f.lines
        ],
    )
    eff.add(
        table(DistrictLedgerEntry),
        [
            _ledger_row(
                ctx,
                r.id,
                households[r.sale_line_id or ""] or "",
                "credit",
                r.amount_fen,
                r.at,
                sale_id=entity_id,
                sale_line_id=r.sale_line_id,
            )
            for r in f.ledger
        ],
    )
    eff.add(table(DistrictStockMovement), _stock_rows(ctx, f.stock))
    _book(ctx, eff)
    books.sales[entity_id] = ctx.caller.station_id
    for row, fig in zip(f.lines, figures.lines, strict=True):
        books.lines[row.id] = SoldLine(entity_id, ctx.caller.station_id, row.product_id, fig)
    eff.sales.append(entity_id)


def _refund(ctx: Context, entity_id: str, f: RefundFact, eff: Effects) -> None:
    r = f.refund
    if r.id != entity_id or any(li.refund_id != r.id for li in f.lines):
        raise Rejected("invalid_payload", "the refund's id is not the op's entity id")
    books = ctx.books
    sale_station = books.sales.get(r.sale_id)
    if sale_station is None:
        raise Held(r.sale_id)
    if sale_station != ctx.caller.station_id:
        raise Rejected("foreign_sale", "a refund of another station's sale", "不能退其他站点的销售单")
    debits: dict[str, list[LedgerRow]] = {}
    for d in f.ledger:
        if d.kind != "debit" or d.amount_fen > 0:
            raise _inconsistent("a refund may only debit households", "退货只能从农户账扣回")
        debits.setdefault(d.sale_line_id or "", []).append(d)
    want: dict[str, int] = {}
    ledger_rows: list[dict[str, Any]] = []
    total = 0
    after: dict[str, SoldLine] = {}  # the lines as this refund leaves them (a line may come twice)
    for li in f.lines:
        sold = after.get(li.sale_line_id) or books.lines.get(li.sale_line_id)
        if sold is None or sold.sale_id != r.sale_id or sold.figures.voided:
            raise Rejected("unknown_sale_line", "a refund line that is not a line of its sale", "退货行不属于原销售单")
        left = sold.figures.quantity - sold.refunded_quantity
        if li.quantity > left:
            raise Rejected(
                "refund_exceeds_sold", f"refunds {li.quantity} of a line with {left} left", "退货数量超过剩余可退数量"
            )
        sofar = sold.so_far()
        amount, debit = refund_amount(sofar, li.quantity), refund_debit(sofar, li.quantity)
        if li.amount_fen != amount:
            raise Rejected(
                "refund_exceeds_paid" if li.amount_fen > amount else "inconsistent_payload",
                f"refunds {li.amount_fen} fen where the line's share is {amount} fen",
                f"退款 {li.amount_fen} 分，该行应退 {amount} 分",
            )
        stated = debits.pop(li.sale_line_id, [])
        household = sold.figures.household
        if debit or stated:
            if household is None or [(d.household_code, -d.amount_fen) for d in stated] != [(household, debit)]:
                raise Rejected(
                    "wrong_household" if any(d.household_code != household for d in stated) else "inconsistent_payload",
                    f"the line must debit {household} exactly {debit} fen",
                    f"该行应从农户 {household} 扣回 {debit} 分",
                )
            ledger_rows.append(
                _ledger_row(
                    ctx,
                    stated[0].id,
                    household,
                    "debit",
                    -debit,
                    stated[0].at,
                    sale_id=r.sale_id,
                    refund_id=entity_id,
                    sale_line_id=li.sale_line_id,
                )
            )
        after[li.sale_line_id] = replace(
            sold,
            refunded_quantity=sold.refunded_quantity + li.quantity,
            refunded_fen=sold.refunded_fen + amount,
            debited_fen=sold.debited_fen + debit,
        )
        total += amount
        want[sold.product_id] = want.get(sold.product_id, 0) + li.quantity
    if debits:
        raise Rejected("wrong_household", "a debit for a line this refund does not return", "扣回记录对应的不是退货行")
    if r.total_fen != total:
        raise _inconsistent("the refund's lines do not add up to its total", "退货行金额之和不等于退款总额")
    _stock_matches(ctx, f.stock, want, "refund")
    _receipt(ctx, r.receipt_no, r.doc_seq)
    eff.add(
        table(DistrictRefund),
        [
            {
                "id": entity_id,
                "station_id": ctx.caller.station_id,
                "terminal_id": ctx.caller.terminal_id,
                "sale_id": r.sale_id,
                "receipt_no": r.receipt_no,
                "doc_seq": r.doc_seq,
                "shift_id": r.shift_id,
                "created_at": r.created_at,
                "local_day": _day(r.created_at),
                "total_fen": r.total_fen,
                "received_at": ctx.now,
            }
        ],
    )
    eff.add(
        table(DistrictRefundLine),
        [
            {
                "id": li.id,
                "refund_id": entity_id,
                "sale_line_id": li.sale_line_id,
                "quantity": li.quantity,
                "amount_fen": li.amount_fen,
            }
            for li in f.lines
        ],
    )
    eff.add(table(DistrictLedgerEntry), ledger_rows)
    eff.add(table(DistrictStockMovement), _stock_rows(ctx, f.stock))
    _book(ctx, eff)
    books.lines.update(after)


def _payout(ctx: Context, entity_id: str, f: PayoutFact, eff: Effects) -> None:
    if f.id != entity_id:
        raise Rejected("invalid_payload", "the payout's id is not the op's entity id")
    code = f.household_code
    home = _registered(ctx, code)
    if not home:
        raise Rejected(
            "district_settles",
            f"household {code} has no home station: the district settles it",
            f"农户 {code} 没有归属站点，由区里结算",
        )
    if home != ctx.caller.station_code:
        raise Rejected(
            "not_home_station",
            f"household {code} is settled at station {home}, not {ctx.caller.station_code}: check for a double payout",
            f"农户 {code} 在 {home} 结算，不在 {ctx.caller.station_code}：请核对是否重复结算",
        )
    reservation = _reservation(ctx, f)
    if reservation is None:  # a till that did not reserve (no district at the time): the balance judges
        lock_household(ctx.conn, code)
        batch = ctx.books.balances[code] - ctx.books.base.get(code, 0)  # this push's facts before this one
        try:
            check_payout(f.amount_fen, available(ctx.conn, code) + batch)
        except RuleBroken as exc:
            raise Rejected(exc.code, str(exc), exc.message_zh) from exc
    eff.add(
        table(DistrictPayout),
        [
            {
                "id": entity_id,
                "station_id": ctx.caller.station_id,
                "household_code": code,
                "statement_no": f.statement_no,
                "amount_fen": f.amount_fen,
                "method": f.method,
                "at": f.at,
            }
        ],
    )
    eff.add(
        table(DistrictLedgerEntry),
        [
            _ledger_row(
                ctx, entity_id, code, "payout", -f.amount_fen, f.at, payout_id=entity_id, reservation_id=reservation
            )
        ],
    )
    eff.settled.append((code, entity_id, reservation))
    _book(ctx, eff)


def _reservation(ctx: Context, f: PayoutFact) -> str | None:
    """The district's hold this payout settles, checked; None when it names none (or one released,
    which is then judged against the balance like a payout made without one)."""
    if f.reservation_id is None:
        return None
    r = table(SettlementReservation)
    held = ctx.conn.execute(select(r).where(r.c.id == f.reservation_id)).first()
    if held is None or held.state == "released":
        return None
    if held.state != "reserved" or f.reservation_id in ctx.books.reservations_used:
        raise Rejected("reservation_used", "the settlement it names was paid already", "该结算已经付过款，不能再次付款")
    if (held.household_code, held.station_id, held.amount_fen) != (
        f.household_code,
        ctx.caller.station_id,
        f.amount_fen,
    ):
        raise Rejected(
            "wrong_reservation",
            f"the settlement held {held.amount_fen} fen for {held.household_code}",
            f"该结算为农户 {held.household_code} 保留 {held.amount_fen} 分，与付款不符",
        )
    ctx.books.reservations_used.add(f.reservation_id)
    return f.reservation_id


def _product(ctx: Context, entity_id: str, f: ProductFact, eff: Effects) -> None:
    """A product a till created or changed: registered for its station under the till's id."""
    if f.id != entity_id:
        raise Rejected("invalid_payload", "the product's id is not the op's entity id")
    if f.household_code:
        _registered(ctx, f.household_code)
    owner = ctx.conn.execute(select(StationProduct.station_id).where(StationProduct.id == f.product_id)).scalar()
    if owner is not None and owner != ctx.caller.station_id:
        raise Rejected("foreign_product", "changes another station's product", "变动了其他站点的商品")
    body = StationProductRow.model_validate(f.model_dump(exclude={"id", "product_id"})).model_dump_json()
    eff.products.append(
        {
            "id": f.product_id,
            "station_id": ctx.caller.station_id,
            "body_json": body,
            "changed_at": f.at,
            "updated_at": ctx.now,
        }
    )


def _consignment(ctx: Context, entity_id: str, f: ConsignmentFact, eff: Effects) -> None:
    if f.id != entity_id:
        raise Rejected("invalid_payload", "the intake's id is not the op's entity id")
    _registered(ctx, f.household_code)
    owner = ctx.books.consigned.get(f.product_id)
    if owner and owner[0] != f.household_code:
        raise Rejected(
            "wrong_household",
            f"the product is {owner[0]}'s goods, not {f.household_code}'s",
            f"该商品是农户 {owner[0]} 的代销商品，不是 {f.household_code} 的",
        )
    ctx.books.consigned.setdefault(f.product_id, (f.household_code, ctx.caller.station_id))
    eff.add(
        table(DistrictConsignment),
        [
            {
                "id": entity_id,
                "station_id": ctx.caller.station_id,
                "product_id": f.product_id,
                "household_code": f.household_code,
                "slip_no": f.slip_no,
                "quantity": f.quantity,
                "unit_price_fen": f.unit_price_fen,
                "amount_fen": f.amount_fen,
                "at": f.created_at,
            }
        ],
    )
    eff.add(
        table(DistrictStockMovement),
        [
            {
                "id": entity_id,
                "station_id": ctx.caller.station_id,
                "product_id": f.product_id,
                "delta": f.quantity,
                "reason": "intake",
                "at": f.created_at,
                "terminal_id": ctx.caller.terminal_id,
            }
        ],
    )


def _goods_receipt(ctx: Context, entity_id: str, f: GoodsReceiptFact, eff: Effects) -> None:
    """Goods bought from a supplier or sent back: each line's cost by the same rule the till used,
    the total their sum, the stock rows exactly the lines (in for a receipt, out for a return), and
    never a household's consigned goods (those come in by intake, at the household's price)."""
    if f.id != entity_id:
        raise Rejected("invalid_payload", "the receipt's id is not the op's entity id")
    want: dict[str, int] = {}
    for li in f.lines:
        owner = ctx.books.consigned.get(li.product_id)
        if owner is not None:
            raise Rejected(
                "consigned_goods",
                f"a receipt of household {owner[0]}'s consigned goods",
                f"农户 {owner[0]} 的代销商品不能进货入库",
            )
        try:
            cost = receipt_line_cost(li.quantity, li.unit_cost_fen, li.sold_by_weight)
        except PosError as exc:
            raise _inconsistent(exc.message) from exc
        if cost != li.cost_fen:
            raise _inconsistent(f"line {li.line_no} costs {cost} fen, not {li.cost_fen}", "进货行金额不符")
        want[li.product_id] = want.get(li.product_id, 0) + (li.quantity if f.kind == "receipt" else -li.quantity)
    if sum(li.cost_fen for li in f.lines) != f.total_cost_fen:
        raise _inconsistent("the lines do not add up to the receipt's total", "进货行金额之和不等于单据合计")
    _stock_matches(ctx, f.stock, want, f.kind)
    eff.add(table(DistrictStockMovement), _stock_rows(ctx, f.stock))


def _stock_adjustment(ctx: Context, entity_id: str, f: StockAdjustmentFact, eff: Effects) -> None:
    """A write-off, a stocktake's difference, an opening stock: the stock rows are exactly the lines,
    a write-off only takes out, and another station's consigned goods are not this station's to move.
    No household's ledger changes: a lost consigned good is the store's loss."""
    if f.id != entity_id:
        raise Rejected("invalid_payload", "the adjustment's id is not the op's entity id")
    want: dict[str, int] = {}
    for li in f.lines:
        if li.delta == 0 or (f.kind == "writeoff" and li.delta > 0):
            raise _inconsistent("a write-off line must take stock out", "报损行须为减少库存")
        owner = ctx.books.consigned.get(li.product_id)
        if owner is not None and owner[1] != ctx.caller.station_id:
            raise Rejected(
                "foreign_consignment", "moves another station's consigned goods", "不能变动其他站点的代销商品"
            )
        want[li.product_id] = want.get(li.product_id, 0) + li.delta
    _stock_matches(ctx, f.stock, want, f.kind)
    eff.add(table(DistrictStockMovement), _stock_rows(ctx, f.stock))


def _delivery(ctx: Context, entity_id: str, f: DeliveryFact, eff: Effects) -> None:
    if f.id != entity_id:
        raise Rejected("invalid_payload", "the event's id is not the op's entity id")
    station = ctx.books.orders.get(f.order_id)
    if station is not None and station != ctx.caller.station_id:
        raise Rejected("foreign_order", "moves another station's delivery order", "变动了其他站点的送货单")
    ctx.books.orders[f.order_id] = ctx.caller.station_id
    eff.deliveries.append(
        {
            "id": f.order_id,
            "station_id": ctx.caller.station_id,
            "order_no": f.order_no,
            "day": f.day,
            "state": f.to_state,
            "rank": f.rank,
            "updated_at": f.at,
        }
    )


def _audit(ctx: Context, entity_id: str, f: AuditFact, eff: Effects) -> None:
    """An audit entry is kept whatever it says; whether it continues its terminal's chain is noted."""
    if f.id != entity_id:
        raise Rejected("invalid_payload", "the entry's id is not the op's entity id")
    n, tip = ctx.books.audit_chain_tip()
    broken = f.prev_hash != tip
    if broken:
        log.warning("audit chain of terminal %s breaks at entry %s", ctx.caller.terminal_id, entity_id)
    ctx.books.audit_tip = (n + 1, f.hash)
    eff.add(
        table(AuditLink),
        [
            {
                "entity_id": entity_id,
                "terminal_id": ctx.caller.terminal_id,
                "n": n + 1,
                "prev_hash": f.prev_hash,
                "hash": f.hash,
                "expected_prev": tip,
                "broken": broken,
                "at": f.at,
                "received_at": ctx.now,
            }
        ],
    )


def _book(ctx: Context, eff: Effects) -> None:
    """The fact passed every check: what it adds to household balances is seen by the next one."""
    for row in eff.rows.get(DistrictLedgerEntry.__tablename__, ()):
        ctx.books.balances[row["household_code"]] += row["amount_fen"]


def _inconsistent(message: str, message_zh: str = "数据前后不符") -> Rejected:
    return Rejected("inconsistent_payload", message, message_zh)


_APPLY: dict[str, Callable[[Context, str, Any, Effects], None]] = {
    "sale": _sale,
    "refund": _refund,
    "payout": _payout,
    "consignment": _consignment,
    "delivery": _delivery,
    "audit": _audit,
    "product": _product,
    "goods_receipt": _goods_receipt,
    "stock_adjustment": _stock_adjustment,
}


def read_fact(op: Op) -> AnyFact:
    """The op's fact, typed; ``Rejected`` when it cannot be read."""
    try:
        return parse_fact(op.entity_type, op.schema_ver, op.payload_json)
    except FactRefused as exc:
        raise Rejected(exc.code, exc.message) from exc


def effects_of(ctx: Context, op: Op, fact: AnyFact) -> Effects:
    """Judge one fact against the books; the rows it adds, or ``Rejected`` / ``Held``."""
    eff = Effects()
    eff.add(
        table(Fact),
        [
            {
                "entity_id": op.entity_id,
                "entity_type": op.entity_type,
                "station_id": ctx.caller.station_id,
                "terminal_id": ctx.caller.terminal_id,
                "payload_json": op.payload_json,
                "received_at": ctx.now,
            }
        ],
    )
    apply = _APPLY.get(op.entity_type)
    if apply is not None:
        apply(ctx, op.entity_id, fact, eff)
    return eff


# -- one push --------------------------------------------------------------------------------------------


def push(conn: Connection, caller: Caller, req: PushRequest, now: datetime) -> PushResponse:
    t_op = table(ReceivedOp)
    # One push per terminal at a time (two processes of one terminal pushing at once queue here).
    lock = select(DistrictTerminal.high_water).where(DistrictTerminal.id == caller.terminal_id)
    if conn.dialect.name == "postgresql":
        lock = lock.with_for_update()
    high_water = int(conn.execute(lock).scalar_one())

    results: dict[int, OpResult] = {}  # by the op's place in the batch
    first: dict[str, Op] = {}
    candidates: list[tuple[int, Op]] = []
    for i, op in enumerate(req.ops):
        if problem := text_problem(op.payload_json):  # not storable as text at all: refused, not kept
            results[i] = OpResult(
                seq=op.seq, entity_id=op.entity_id, status="rejected", code="invalid_payload", message=problem
            )
            continue
        if payload_hash(op.payload_json) != op.payload_hash:
            results[i] = OpResult(
                seq=op.seq,
                entity_id=op.entity_id,
                status="rejected",
                code="corrupt_payload",
                message="the payload does not match its hash (damaged on the way or on disk)",
            )
            continue
        if op.entity_id in first:  # the same fact twice in one batch
            same = first[op.entity_id].payload_hash == op.payload_hash
            results[i] = OpResult(seq=op.seq, entity_id=op.entity_id, status="duplicate" if same else "mismatch")
            if not same:
                _quarantine(conn, caller, op, first[op.entity_id].payload_hash, now)
            continue
        first[op.entity_id] = op
        candidates.append((i, op))

    ctx = Context(conn, caller, now, set(), {}, Books(conn, caller.terminal_id))
    if candidates:
        ops = [op for _, op in candidates]
        # Pushes of one terminal run one at a time (the row lock above; SQLite: one writer), so what
        # this terminal's received_op holds cannot change under us: read it, then add only the new.
        old = {
            r.entity_id: r
            for r in conn.execute(
                select(t_op.c.entity_id, t_op.c.payload_hash, t_op.c.status).where(
                    t_op.c.terminal_id == caller.terminal_id,
                    one_of(conn, t_op.c.entity_id, [op.entity_id for op in ops]),
                )
            )
        }
        rows = [received_row(caller, op, now) for op in ops if op.entity_id not in old]
        if rows:
            insert_new(conn, t_op, rows)
        new = {r["entity_id"] for r in rows}
        to_apply: list[tuple[int, Op]] = []
        for i, op in candidates:
            if op.entity_id in new:
                to_apply.append((i, op))
                continue
            prior = old[op.entity_id]
            if prior.payload_hash != op.payload_hash:
                _quarantine(conn, caller, op, prior.payload_hash, now)
                results[i] = OpResult(
                    seq=op.seq,
                    entity_id=op.entity_id,
                    status="mismatch",
                    code="changed_fact",
                    message="a different version of this fact was received before; kept aside for review",
                )
            elif prior.status == "rejected":
                to_apply.append((i, op))  # judged again: the server or the data may have been fixed
                ctx.rejudged.add(op.entity_id)
            else:
                results[i] = OpResult(seq=op.seq, entity_id=op.entity_id, status="duplicate")
        results.update(_apply(ctx, to_apply))
    high_water = _advance(conn, caller.terminal_id, high_water)
    auth.seen(conn, caller, now, high_water=high_water)
    return PushResponse(
        results=[results[i] for i in range(len(req.ops))],
        high_water=high_water,
        server_epoch=epoch(conn),
    )


def _judge(ctx: Context, ops: list[tuple[int, Op]]) -> tuple[dict[int, OpResult], list[tuple[int, Op, Effects]]]:
    """Read and judge each op in order against the books; what passes, with the rows it adds."""
    out: dict[int, OpResult] = {}
    facts: list[tuple[int, Op, AnyFact]] = []
    for i, op in ops:
        try:
            facts.append((i, op, read_fact(op)))
        except Rejected as exc:
            out[i] = _reject(ctx, op, exc)
    ctx.books.prime([f for _, _, f in facts])
    if any(isinstance(f, SaleFact) for _, _, f in facts):
        ctx.closed_shifts = _closed_shifts(ctx.conn, [f.sale.shift_id for _, _, f in facts if isinstance(f, SaleFact)])
        ctx.households_by_id = _households(ctx.conn, [f for _, _, f in facts if isinstance(f, SaleFact)])
    good: list[tuple[int, Op, Effects]] = []
    for i, op, fact in facts:
        try:
            good.append((i, op, effects_of(ctx, op, fact)))
        except Rejected as exc:
            out[i] = _reject(ctx, op, exc)
        except Held as held:
            out[i] = _hold(ctx, op, held.sale_id)
    return out, good


def _apply(ctx: Context, ops: list[tuple[int, Op]]) -> dict[int, OpResult]:
    """Judge every op, write the batch's effects in one go; on a database refusal, op by op."""
    with ctx.conn.begin_nested() as whole:
        out, good = _judge(ctx, ops)
        batch = Effects()
        for _, _, eff in good:
            batch.extend(eff)
        try:
            with ctx.conn.begin_nested():
                batch.write(ctx.conn)
                _mark(ctx, [op for _, op, _ in good if op.entity_id in ctx.rejudged], "applied", None)
        except REFUSED as exc:
            log.warning("batch from terminal %s refused as a whole (%s); op by op", ctx.caller.terminal_id, exc)
            whole.rollback()
        else:
            for i, op, _ in good:
                out[i] = OpResult(seq=op.seq, entity_id=op.entity_id, status="applied")
            _release_held(ctx, batch.sales)
            return out
    out = {}
    for i, op in ops:  # each judged afresh on the books as the ops before it left them
        ctx.books = Books(ctx.conn, ctx.caller.terminal_id)
        with ctx.conn.begin_nested() as one:
            res, good = _judge(ctx, [(i, op)])
            if i in res:
                out[i] = res[i]
                continue
            _, _, eff = good[0]
            try:
                with ctx.conn.begin_nested():
                    eff.write(ctx.conn)
                    _mark(ctx, [op], "applied", None)  # inserted as applied; a no-op unless judged before
                out[i] = OpResult(seq=op.seq, entity_id=op.entity_id, status="applied")
            except REFUSED as exc:
                one.rollback()
                reason = str(getattr(exc, "orig", exc)).splitlines()[0][:300]
                refused = Rejected("conflict", f"the district database refused this fact: {reason}")
                with ctx.conn.begin_nested():
                    out[i] = _reject(ctx, op, refused)
                continue
        _release_held(ctx, eff.sales)
    return out


def _hold(ctx: Context, op: Op, sale_id: str) -> OpResult:
    """Keep a refund whose sale has not arrived; it is judged when the sale does."""
    ctx.conn.execute(delete(HeldFact).where(HeldFact.entity_id == op.entity_id))
    ctx.conn.execute(
        insert(HeldFact),
        [
            {
                "entity_id": op.entity_id,
                "terminal_id": ctx.caller.terminal_id,
                "entity_type": op.entity_type,
                "waits_for": sale_id,
                "schema_ver": op.schema_ver,
                "payload_json": op.payload_json,
                "received_at": ctx.now,
            }
        ],
    )
    _mark(ctx, [op], "held", f"waits for sale {sale_id}")
    return OpResult(
        seq=op.seq,
        entity_id=op.entity_id,
        status="held",
        code="sale_not_received",
        message=f"kept: judged when sale {sale_id} arrives",
    )


def _release_held(ctx: Context, sale_ids: list[str]) -> None:
    """Judge the refunds that waited for these sales, each as its own terminal's fact."""
    while sale_ids:
        t = table(HeldFact)
        held = ctx.conn.execute(
            select(t).where(one_of(ctx.conn, t.c.waits_for, sale_ids)).order_by(t.c.received_at)
        ).all()
        sale_ids = []
        for h in held:
            caller = _caller_of(ctx.conn, h.terminal_id)
            sub = Context(ctx.conn, caller, ctx.now, set(), {}, Books(ctx.conn, caller.terminal_id))
            seq = ctx.conn.execute(
                select(ReceivedOp.terminal_seq).where(
                    ReceivedOp.terminal_id == h.terminal_id, ReceivedOp.entity_id == h.entity_id
                )
            ).scalar_one()
            op = Op(
                seq=seq,
                entity_type=h.entity_type,
                entity_id=h.entity_id,
                payload_json=h.payload_json,
                payload_hash=payload_hash(h.payload_json),
                schema_ver=h.schema_ver,
            )
            ctx.conn.execute(delete(HeldFact).where(HeldFact.entity_id == h.entity_id))
            with ctx.conn.begin_nested():
                _, good = _judge(sub, [(0, op)])  # a refusal is marked on its received_op by the judge
                if good:
                    good[0][2].write(ctx.conn)
                    _mark(sub, [op], "applied", None)
                    log.info("applied refund %s that waited for its sale", h.entity_id)


def _caller_of(conn: Connection, terminal_id: str) -> Caller:
    row = conn.execute(
        select(_Terminal.id, _Terminal.station_id, DistrictStation.code, _Terminal.number)
        .join(DistrictStation, DistrictStation.id == _Terminal.station_id)
        .where(_Terminal.id == terminal_id)
    ).one()
    return Caller(row[0], row[1], row[2], row[3])


def _mark(ctx: Context, ops: list[Op], status: str, reason: str | None) -> None:
    if not ops:
        return
    t = table(ReceivedOp)
    ctx.conn.execute(
        update(t)
        .where(t.c.terminal_id == ctx.caller.terminal_id, one_of(ctx.conn, t.c.entity_id, [op.entity_id for op in ops]))
        .values(status=status, reason=reason)
    )


def _reject(ctx: Context, op: Op, exc: Rejected) -> OpResult:
    message = f"{exc.message}（{exc.message_zh}）" if exc.message_zh else exc.message
    _mark(ctx, [op], "rejected", f"{exc.code}: {message}")
    log.warning("rejected %s %s from terminal %s: %s", op.entity_type, op.entity_id, ctx.caller.terminal_id, message)
    return OpResult(seq=op.seq, entity_id=op.entity_id, status="rejected", code=exc.code, message=message)


def received_row(caller: Caller, op: Op, now: datetime) -> dict[str, Any]:
    """The ``received_op`` row that makes a fact known to the exactly-once judge."""
    return {
        "terminal_id": caller.terminal_id,
        "entity_id": op.entity_id,
        "entity_type": op.entity_type,
        "terminal_seq": op.seq,
        "payload_hash": op.payload_hash,
        "status": "applied",
        "reason": None,
        "received_at": now,
    }


def _quarantine(conn: Connection, caller: Caller, op: Op, first_hash: str, now: datetime) -> None:
    conn.execute(
        insert(table(Quarantine)),
        [
            {
                "id": new_id(),
                "terminal_id": caller.terminal_id,
                "entity_type": op.entity_type,
                "entity_id": op.entity_id,
                "terminal_seq": op.seq,
                "payload_json": op.payload_json,
                "payload_hash": op.payload_hash,
                "first_hash": first_hash,
                "received_at": now,
            }
        ],
    )
    log.warning("quarantined a changed %s %s from terminal %s", op.entity_type, op.entity_id, caller.terminal_id)


def _closed_shifts(conn: Connection, shift_ids: list[str | None]) -> set[str]:
    """Shifts already closed on the server (their close arrived): a sale for one of them is late."""
    ids = {i for i in shift_ids if i}
    if not ids:
        return set()
    return set(
        conn.execute(
            select(Fact.entity_id).where(Fact.entity_type == "shift", one_of(conn, Fact.entity_id, ids))
        ).scalars()
    )


def _households(conn: Connection, sales: list[SaleFact]) -> dict[str, str]:
    """Household ids to codes, only needed for schema-1 sales whose lines do not name their household."""
    ids = {li.household_id for f in sales for li in f.lines if li.household_id and not li.household_code}
    if not ids:
        return {}
    q = select(RefHousehold.id, RefHousehold.code).where(one_of(conn, table(RefHousehold).c.id, ids))
    return {r.id: r.code for r in conn.execute(q)}


def _advance(conn: Connection, terminal_id: str, high_water: int) -> int:
    """Move the terminal's contiguous high-water mark over every op received since."""
    t = table(ReceivedOp)
    while True:
        seqs = conn.execute(
            select(t.c.terminal_seq)
            .where(t.c.terminal_id == terminal_id, t.c.terminal_seq > high_water)
            .order_by(t.c.terminal_seq)
            .limit(5000)
        ).scalars()
        n = 0
        for seq in seqs:
            if seq != high_water + 1:
                return high_water
            high_water = seq
            n += 1
        if n < 5000:  # all there was: no second look
            return high_water
