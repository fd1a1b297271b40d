"""Applying a push: every fact exactly once (DESIGN §6).

One transaction per push. Per op: ``received_op`` is inserted ON CONFLICT DO NOTHING and the fact's
business effect (sale, lines, ledger, stock, …) is written only when that row is new; the reply is
sent after commit, so an ack always means "on disk". A resend with the same hash is a ``duplicate``
(acked again); with another hash a ``mismatch``, quarantined and never dropped. A payload that is
damaged or that the server cannot read is ``rejected`` with a code and kept as such, so a later
retry (after a fix on either side) is judged again.

The batch is applied with a few multi-row statements; if the database still refuses it (a receipt
number reused by a restored station, say), it is applied again op by op, each in its own savepoint,
and only the op at fault is rejected.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import psycopg
from sqlalchemy import Connection, Table, insert, select, update
from sqlalchemy.exc import DBAPIError, IntegrityError

from pos_app.domain.ids import new_id
from pos_app.server.auth import Caller
from pos_app.server.db import insert_new, upsert_forward
from pos_app.server.models import (
    DistrictDelivery,
    DistrictLedgerEntry,
    DistrictPayout,
    DistrictRefund,
    DistrictRefundLine,
    DistrictSale,
    DistrictSaleLine,
    DistrictStockMovement,
    DistrictTerminal,
    Fact,
    Quarantine,
    ReceivedOp,
    RefHousehold,
    table,
)
from pos_app.server.reference import epoch
from pos_app.sync.protocol import ENTITY_TYPES, Op, OpResult, PushRequest, PushResponse, payload_hash

log = logging.getLogger("pos.server.ingest")
REFUSED = (IntegrityError, DBAPIError, psycopg.Error)  # the database said no (a constraint, a bad value)
LOCAL_TZ = ZoneInfo("Asia/Shanghai")
SCHEMA_VERSIONS = (1,)


class Rejected(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass
class Effects:
    """The rows one or more facts add, by table; written with one statement per table."""

    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    deliveries: list[dict[str, Any]] = field(default_factory=list)  # upserted, the rank only rising

    def add(self, t: Table, rows: Iterable[dict[str, Any]]) -> None:
        self.rows.setdefault(t.name, []).extend(rows)

    def extend(self, other: Effects) -> None:
        for name, rows in other.rows.items():
            self.rows.setdefault(name, []).extend(rows)
        self.deliveries.extend(other.deliveries)

    def write(self, conn: Connection) -> None:
        """New rows only (the exactly-once judge let them through): on PostgreSQL they are loaded
        with COPY, in the push's transaction; a refusal rolls the savepoint back like any insert."""
        for t in _ORDER:
            if rows := self.rows.get(t.name):
                insert_new(conn, t, rows)
        for row in self.deliveries:
            upsert_forward(conn, table(DistrictDelivery), row)


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
    )
)


# -- reading a fact ------------------------------------------------------------------------------------


def _time(value: Any) -> datetime:
    if not isinstance(value, str):
        raise Rejected("invalid_payload", f"a time was {type(value).__name__}, not ISO-8601 text")
    try:
        t = datetime.fromisoformat(value)
    except ValueError as exc:
        raise Rejected("invalid_payload", f"not a time: {value[:40]!r}") from exc
    if t.tzinfo is None:
        raise Rejected("invalid_payload", f"a time without its zone: {value[:40]!r}")
    return t.astimezone(UTC)


def _day(t: datetime) -> str:
    return t.astimezone(LOCAL_TZ).date().isoformat()


def _int(value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or abs(value) > 10**15:
        raise Rejected("invalid_payload", f"{name} is not a whole number of fen/units")
    return value


def _str(value: Any, name: str, limit: int, *, optional: bool = False) -> Any:  # str, or None if optional
    if value is None and optional:
        return None
    if not isinstance(value, str) or len(value) > limit:
        raise Rejected("invalid_payload", f"{name} is not text of at most {limit} characters")
    return value


@dataclass
class Context:
    conn: Connection
    caller: Caller
    now: datetime
    closed_shifts: set[str]
    households_by_id: dict[str, str]  # a station's household id → district code, for older payloads
    rejudged: set[str] = field(default_factory=set)  # entity ids refused before, judged again now


def _household_code(ctx: Context, row: dict[str, Any]) -> str:
    code = row.get("household_code")
    if isinstance(code, str) and code:
        return str(_str(code, "household_code", 32))
    hid = row.get("household_id")
    if isinstance(hid, str) and hid in ctx.households_by_id:
        return ctx.households_by_id[hid]
    raise Rejected("unknown_household", f"ledger entry for household {hid!r} carries no household code")


def _ledger(ctx: Context, rows: list[dict[str, Any]], eff: Effects) -> None:
    out = []
    for r in rows:
        at = _time(r["at"])
        out.append(
            {
                "id": _str(r["id"], "ledger id", 36),
                "station_id": ctx.caller.station_id,
                "household_code": _household_code(ctx, r),
                "kind": _str(r["kind"], "ledger kind", 8),
                "amount_fen": _int(r["amount_fen"], "ledger amount"),
                "year": _int(r["year"], "ledger year"),
                "local_day": _day(at),
                "sale_id": r.get("sale_id"),
                "refund_id": r.get("refund_id"),
                "payout_id": r.get("payout_id"),
                "at": at,
            }
        )
    eff.add(table(DistrictLedgerEntry), out)


def _stock(ctx: Context, rows: list[dict[str, Any]], eff: Effects) -> None:
    eff.add(
        table(DistrictStockMovement),
        (
            {
                "id": _str(r["id"], "stock id", 36),
                "station_id": ctx.caller.station_id,
                "product_id": _str(r["product_id"], "product id", 36),
                "delta": _int(r["delta"], "stock delta"),
                "reason": _str(r["reason"], "stock reason", 16),
                "at": _time(r["at"]),
            }
            for r in rows
        ),
    )


def _sale(ctx: Context, entity_id: str, p: dict[str, Any], eff: Effects) -> None:
    s = p["sale"]
    if s["id"] != entity_id:
        raise Rejected("invalid_payload", "the sale's id is not the op's entity id")
    completed = _time(s["completed_at"])
    buyer = p.get("buyer") or {}
    codes = {r["sale_line_id"]: _household_code(ctx, r) for r in p.get("ledger", ()) if r.get("sale_line_id")}
    doc_seq = _int(s["doc_seq"], "doc_seq")
    eff.add(
        table(DistrictSale),
        [
            {
                "id": entity_id,
                "station_id": ctx.caller.station_id,
                "terminal_id": ctx.caller.terminal_id,
                "receipt_no": _str(s["receipt_no"], "receipt_no", 32),
                "doc_seq": doc_seq,
                "shift_id": s.get("shift_id"),
                "completed_at": completed,
                "local_day": _day(completed),
                "subtotal_fen": _int(s["subtotal_fen"], "subtotal"),
                "discount_fen": _int(s["discount_fen"], "discount"),
                "rounding_fen": _int(s["rounding_fen"], "rounding"),
                "total_fen": _int(s["total_fen"], "total"),
                "buyer_name": _str(buyer.get("name"), "buyer name", 100, optional=True),
                "buyer_institutional": bool(buyer.get("institutional", False)),
                "late": s.get("shift_id") in ctx.closed_shifts,
                "received_at": ctx.now,
            }
        ],
    )
    eff.add(
        table(DistrictSaleLine),
        (
            {
                "id": _str(li["id"], "line id", 36),
                "sale_id": entity_id,
                "line_no": _int(li["line_no"], "line_no"),
                "product_id": _str(li["product_id"], "product id", 36),
                "name": _str(li["name"], "name", 100),
                "category": _str(li.get("category", ""), "category", 32),
                "qty": _int(li["qty"], "qty"),
                "weight_g": None if li.get("weight_g") is None else _int(li["weight_g"], "weight"),
                "gross_fen": _int(li["gross_fen"], "gross"),
                "net_fen": _int(li["net_fen"], "net"),
                "voided": bool(li["voided"]),
                "certified": bool(li["certified"]),
                "certificate_no": _str(li.get("certificate_no"), "certificate_no", 64, optional=True),
                "pass_through": bool(li["pass_through"]),
                "household_code": codes.get(li["id"])
                or (ctx.households_by_id.get(li["household_id"]) if li.get("household_id") else None),
            }
            for li in p["lines"]
        ),
    )
    _ledger(ctx, p.get("ledger", []), eff)
    _stock(ctx, p.get("stock", []), eff)
    _sale_adds_up(eff.rows[DistrictSale.__tablename__][-1], eff.rows[DistrictSaleLine.__tablename__], p)


def _inconsistent(message: str) -> Rejected:
    return Rejected("inconsistent_payload", message)


def _sale_adds_up(sale: dict[str, Any], all_lines: list[dict[str, Any]], p: dict[str, Any]) -> None:
    """A sale's figures must agree with each other, and every fen of its pass-through lines must be
    credited to a household: the district's ledger is built from these facts."""
    lines = [li for li in all_lines if li["sale_id"] == sale["id"]]
    if not lines:
        raise _inconsistent("a sale without lines")
    live = [li for li in lines if not li["voided"]]
    if any(li["net_fen"] < 0 or li["gross_fen"] < 0 or li["qty"] <= 0 for li in lines):
        raise _inconsistent("a sale line with a negative amount or no quantity")
    if sale["total_fen"] != sum(li["net_fen"] for li in live) or sale["total_fen"] != (
        sale["subtotal_fen"] - sale["discount_fen"] + sale["rounding_fen"]
    ):
        raise _inconsistent("the sale's lines do not add up to its total")
    ids = {li["id"] for li in live if li["pass_through"]}
    credits = [r for r in p.get("ledger", ()) if r.get("sale_line_id") in ids]
    owed = sum(li["net_fen"] for li in live if li["pass_through"])
    if (
        len(credits) != len(p.get("ledger", ()))
        or any(r.get("kind") != "credit" or not isinstance(r.get("amount_fen"), int) for r in credits)
        or sum(int(r["amount_fen"]) for r in credits) != owed
    ):
        raise _inconsistent("the pass-through lines are not credited to their households exactly")


def _refund(ctx: Context, entity_id: str, p: dict[str, Any], eff: Effects) -> None:
    r = p["refund"]
    if r["id"] != entity_id:
        raise Rejected("invalid_payload", "the refund's id is not the op's entity id")
    created = _time(r["created_at"])
    doc_seq = _int(r["doc_seq"], "doc_seq")
    eff.add(
        table(DistrictRefund),
        [
            {
                "id": entity_id,
                "station_id": ctx.caller.station_id,
                "terminal_id": ctx.caller.terminal_id,
                "sale_id": _str(r["sale_id"], "sale id", 36),
                "receipt_no": _str(r["receipt_no"], "receipt_no", 32),
                "doc_seq": doc_seq,
                "created_at": created,
                "local_day": _day(created),
                "total_fen": _int(r["total_fen"], "total"),
                "received_at": ctx.now,
            }
        ],
    )
    eff.add(
        table(DistrictRefundLine),
        (
            {
                "id": _str(li["id"], "line id", 36),
                "refund_id": entity_id,
                "sale_line_id": _str(li["sale_line_id"], "sale line id", 36),
                "quantity": _int(li["quantity"], "quantity"),
                "amount_fen": _int(li["amount_fen"], "amount"),
            }
            for li in p["lines"]
        ),
    )
    _ledger(ctx, p.get("ledger", []), eff)
    _stock(ctx, p.get("stock", []), eff)
    refund = eff.rows[DistrictRefund.__tablename__][-1]
    lines = [li for li in eff.rows[DistrictRefundLine.__tablename__] if li["refund_id"] == entity_id]
    if not lines or any(li["amount_fen"] < 0 or li["quantity"] <= 0 for li in lines):
        raise _inconsistent("a refund without lines, or with a negative amount")
    if refund["total_fen"] != sum(li["amount_fen"] for li in lines):
        raise _inconsistent("the refund's lines do not add up to its total")
    debits = p.get("ledger", ())
    if any(r.get("kind") != "debit" or not isinstance(r.get("amount_fen"), int) or r["amount_fen"] >= 0
           for r in debits):
        raise _inconsistent("a refund may only debit households")
    passed = _pass_through_refunded(ctx, lines)
    if (passed is not None and -sum(r["amount_fen"] for r in debits) != passed) or -sum(
        r["amount_fen"] for r in debits
    ) > refund["total_fen"]:
        raise _inconsistent("the refunded pass-through lines are not debited from their households exactly")


def _pass_through_refunded(ctx: Context, lines: list[dict[str, Any]]) -> int | None:
    """What of these refund lines was pass-through money, when their sale is already here (else None)."""
    ids = {li["sale_line_id"] for li in lines}
    known = {
        r.id: bool(r.pass_through)
        for r in ctx.conn.execute(
            select(DistrictSaleLine.id, DistrictSaleLine.pass_through).where(DistrictSaleLine.id.in_(ids))
        )
    }
    if known.keys() != ids:
        return None
    return sum(int(li["amount_fen"]) for li in lines if known[li["sale_line_id"]])


def _payout(ctx: Context, entity_id: str, p: dict[str, Any], eff: Effects) -> None:
    if p["id"] != entity_id:
        raise Rejected("invalid_payload", "the payout's id is not the op's entity id")
    code = _str(p["household_code"], "household_code", 32)
    home = ctx.conn.execute(select(RefHousehold.home_station_code).where(RefHousehold.code == code)).scalar()
    if home and home != ctx.caller.station_code:
        raise Rejected(
            "not_home_station",
            f"household {code} is settled at station {home}, not {ctx.caller.station_code}: check for a double payout",
        )
    at = _time(p["at"])
    amount = _int(p["amount_fen"], "amount")
    eff.add(
        table(DistrictPayout),
        [
            {
                "id": entity_id,
                "station_id": ctx.caller.station_id,
                "household_code": code,
                "statement_no": _str(p["statement_no"], "statement_no", 32),
                "amount_fen": amount,
                "method": _str(p["method"], "method", 8),
                "at": at,
            }
        ],
    )
    eff.add(
        table(DistrictLedgerEntry),
        [
            {
                "id": entity_id,
                "station_id": ctx.caller.station_id,
                "household_code": code,
                "kind": "payout",
                "amount_fen": -amount,
                "year": at.astimezone(LOCAL_TZ).year,
                "local_day": _day(at),
                "sale_id": None,
                "refund_id": None,
                "payout_id": entity_id,
                "at": at,
            }
        ],
    )


def _delivery(ctx: Context, entity_id: str, p: dict[str, Any], eff: Effects) -> None:
    if p["id"] != entity_id:
        raise Rejected("invalid_payload", "the event's id is not the op's entity id")
    eff.deliveries.append(
        {
            "id": _str(p["order_id"], "order id", 36),
            "station_id": ctx.caller.station_id,
            "order_no": _str(p["order_no"], "order_no", 32),
            "day": _str(p["day"], "day", 10),
            "state": _str(p["to_state"], "state", 16),
            "rank": _int(p["rank"], "rank"),
            "updated_at": _time(p["at"]),
        }
    )


_APPLY = {"sale": _sale, "refund": _refund, "payout": _payout, "delivery": _delivery}


def effects_of(ctx: Context, op: Op) -> Effects:
    """Read one fact into the rows it adds; ``Rejected`` when it cannot be read."""
    if op.entity_type not in ENTITY_TYPES:
        raise Rejected("unknown_entity_type", f"unknown fact type {op.entity_type!r}")
    if op.schema_ver not in SCHEMA_VERSIONS:
        raise Rejected("unsupported_schema", f"schema version {op.schema_ver} is newer than this server knows")
    try:
        payload = json.loads(op.payload_json)
    except ValueError as exc:
        raise Rejected("invalid_payload", "the payload is not JSON") from exc
    if not isinstance(payload, dict):
        raise Rejected("invalid_payload", "the payload is not a JSON object")
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
        try:
            apply(ctx, op.entity_id, payload, eff)
        except (KeyError, TypeError, AttributeError) as exc:
            raise Rejected("invalid_payload", f"the {op.entity_type} lacks or mistypes {exc}") from exc
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

    ctx = Context(conn, caller, now, set(), {})
    if candidates:
        ops = [op for _, op in candidates]
        ctx.closed_shifts = _closed_shifts(conn, ops)
        ctx.households_by_id = _households(conn, ops)
        # Pushes of one terminal run one at a time (the row lock above; SQLite: one writer), so what
        # this terminal's received_op holds cannot change under us: read it, then add only the new.
        old = {
            r.entity_id: r
            for r in conn.execute(
                select(t_op.c.entity_id, t_op.c.payload_hash, t_op.c.status).where(
                    t_op.c.terminal_id == caller.terminal_id, t_op.c.entity_id.in_([op.entity_id for op in ops])
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
    conn.execute(
        update(DistrictTerminal)
        .where(DistrictTerminal.id == caller.terminal_id)
        .values(high_water=high_water, last_seen_at=now)
    )
    return PushResponse(
        results=[results[i] for i in range(len(req.ops))],
        high_water=high_water,
        server_epoch=epoch(conn),
    )


def _apply(ctx: Context, ops: list[tuple[int, Op]]) -> dict[int, OpResult]:
    """Read every op, write the batch's effects in one go; on a database refusal, op by op."""
    out: dict[int, OpResult] = {}
    good: list[tuple[int, Op, Effects]] = []
    for i, op in ops:
        try:
            good.append((i, op, effects_of(ctx, op)))
        except Rejected as exc:
            out[i] = _reject(ctx, op, exc.code, exc.message)
    if not good:
        return out
    batch = Effects()
    for _, _, eff in good:
        batch.extend(eff)
    try:
        with ctx.conn.begin_nested():
            batch.write(ctx.conn)
            _mark(ctx, [op for _, op, _ in good if op.entity_id in ctx.rejudged], "applied", None)
        for i, op, _ in good:
            out[i] = OpResult(seq=op.seq, entity_id=op.entity_id, status="applied")
        return out
    except REFUSED as exc:
        log.warning("batch from terminal %s refused as a whole (%s); applying op by op", ctx.caller.terminal_id, exc)
    for i, op, eff in good:
        try:
            with ctx.conn.begin_nested():
                eff.write(ctx.conn)
                _mark(ctx, [op], "applied", None)  # inserted as applied; a no-op unless judged before
            out[i] = OpResult(seq=op.seq, entity_id=op.entity_id, status="applied")
        except REFUSED as exc:
            reason = str(getattr(exc, "orig", exc)).splitlines()[0][:300]
            out[i] = _reject(ctx, op, "conflict", f"the district database refused this fact: {reason}")
    return out


def _mark(ctx: Context, ops: list[Op], status: str, reason: str | None) -> None:
    if not ops:
        return
    t = table(ReceivedOp)
    ctx.conn.execute(
        update(t)
        .where(t.c.terminal_id == ctx.caller.terminal_id, t.c.entity_id.in_([op.entity_id for op in ops]))
        .values(status=status, reason=reason)
    )


def _reject(ctx: Context, op: Op, code: str, message: str) -> OpResult:
    _mark(ctx, [op], "rejected", f"{code}: {message}")
    log.warning("rejected %s %s from terminal %s: %s", op.entity_type, op.entity_id, ctx.caller.terminal_id, message)
    return OpResult(seq=op.seq, entity_id=op.entity_id, status="rejected", code=code, message=message)


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


def _closed_shifts(conn: Connection, ops: list[Op]) -> set[str]:
    """Shifts already closed on the server (their close arrived): a sale for one of them is late."""
    ids: set[str] = set()
    for op in ops:
        if op.entity_type == "sale" and '"shift_id":"' in op.payload_json:
            start = op.payload_json.index('"shift_id":"') + 12
            ids.add(op.payload_json[start : start + 36])
    if not ids:
        return set()
    return set(
        conn.execute(select(Fact.entity_id).where(Fact.entity_type == "shift", Fact.entity_id.in_(ids))).scalars()
    )


def _households(conn: Connection, ops: list[Op]) -> dict[str, str]:
    """Household ids to codes, only needed for payloads written before they carried the code."""
    if not any('"household_id":"' in op.payload_json and '"household_code"' not in op.payload_json for op in ops):
        return {}
    return {r.id: r.code for r in conn.execute(select(RefHousehold.id, RefHousehold.code))}


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
        moved = False
        for seq in seqs:
            if seq != high_water + 1:
                return high_water
            high_water = seq
            moved = True
        if not moved:
            return high_water
