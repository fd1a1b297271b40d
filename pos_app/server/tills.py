"""One station, several tills: what the district tells a till about the rest of its station.

A till sells on its own file and never waits on another; the district is where the tills of a
station meet. From here a till learns the station's stock and households' balances (with its own
share, so it can add its own moves without counting them twice), reserves a household's balance
before it pays a settlement, prints a statement of every till's entries, and finds another till's
sale to refund.

(docs/architecture.md, "Several tills, one station")
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, case, func, insert, select, update

from pos_app.contract.protocol import (
    BalanceFigure,
    HouseholdLedgerPage,
    RemoteSale,
    Reservation,
    ReserveRequest,
    StatementLine,
    StationState,
    StockFigure,
)
from pos_app.domain.money_rules import RuleBroken, check_payout
from pos_app.server.auth import Caller
from pos_app.server.db import one_of
from pos_app.server.errors import ServerError, not_found
from pos_app.server.models import (
    DistrictLedgerEntry,
    DistrictPayout,
    DistrictRefund,
    DistrictSale,
    DistrictSaleLine,
    DistrictStation,
    DistrictTerminal,
    Fact,
    RefHousehold,
    SettlementReservation,
    TerminalBalance,
    TerminalStock,
    table,
)


def _reserved(conn: Connection, codes: set[str], terminal_id: str | None = None) -> dict[str, int]:
    r = SettlementReservation
    q = select(r.household_code, func.sum(r.amount_fen)).where(
        r.state == "reserved", one_of(conn, r.household_code, codes)
    )
    if terminal_id is not None:
        q = q.where(r.terminal_id == terminal_id)
    return {c: int(a or 0) for c, a in conn.execute(q.group_by(r.household_code))}


def available(conn: Connection, code: str, *, excluding: str | None = None) -> int:
    """A household's balance at the district less the settlements reserved and not yet paid
    (``excluding`` one of them: the payout that settles it)."""
    balance = conn.execute(
        select(func.coalesce(func.sum(TerminalBalance.amount_fen), 0)).where(TerminalBalance.household_code == code)
    ).scalar_one()
    r = SettlementReservation
    held = select(func.coalesce(func.sum(r.amount_fen), 0)).where(r.household_code == code, r.state == "reserved")
    if excluding is not None:
        held = held.where(r.id != excluding)
    return int(balance) - int(conn.execute(held).scalar_one())


def lock_household(conn: Connection, code: str) -> Any:
    """The registry row, locked until commit on PostgreSQL: reservations and payouts of one
    household are judged one at a time."""
    q = select(RefHousehold.code, RefHousehold.home_station_code, RefHousehold.body_json).where(
        RefHousehold.code == code
    )
    if conn.dialect.name == "postgresql":
        q = q.with_for_update()
    return conn.execute(q).first()


# -- what a till shows ------------------------------------------------------------------------------


def station_state(conn: Connection, caller: Caller, now: datetime) -> StationState:
    ts = TerminalStock
    mine = case((ts.terminal_id == caller.terminal_id, ts.on_hand), else_=0)
    stock = [
        StockFigure(product_id=pid, station=int(total), own=int(own))
        for pid, total, own in conn.execute(
            select(ts.product_id, func.sum(ts.on_hand), func.sum(mine))
            .where(ts.station_id == caller.station_id)
            .group_by(ts.product_id)
            .order_by(ts.product_id)
        )
    ]
    tills = select(DistrictTerminal.id).where(DistrictTerminal.station_id == caller.station_id)
    tb = TerminalBalance
    codes = set(
        conn.execute(select(RefHousehold.code).where(RefHousehold.home_station_code == caller.station_code)).scalars()
    ) | set(conn.execute(select(tb.household_code).where(tb.terminal_id.in_(tills)).distinct()).scalars())
    balances: list[BalanceFigure] = []
    if codes:
        own_col = case((tb.terminal_id == caller.terminal_id, tb.amount_fen), else_=0)
        sums = {
            c: (int(a or 0), int(o or 0))
            for c, a, o in conn.execute(
                select(tb.household_code, func.sum(tb.amount_fen), func.sum(own_col))
                .where(one_of(conn, tb.household_code, codes))
                .group_by(tb.household_code)
            )
        }
        held, held_here = _reserved(conn, codes), _reserved(conn, codes, caller.terminal_id)
        for code in sorted(codes):
            total, own = sums.get(code, (0, 0))
            balances.append(
                BalanceFigure(
                    household_code=code,
                    balance_fen=total - held.get(code, 0),
                    own_fen=own - held_here.get(code, 0),
                )
            )
    return StationState(as_of=now, stock=stock, balances=balances)


# -- settlement -------------------------------------------------------------------------------------


def _home_or_refuse(row: Any, code: str, caller: Caller) -> None:
    if row is None:
        raise ServerError(
            404, "unknown_household", f"household {code} is not in the registry", f"名册中没有农户 {code}"
        )
    if not row.home_station_code:
        raise ServerError(
            409, "district_settles", f"household {code} is settled by the district", f"农户 {code} 由区里结算"
        )
    if row.home_station_code != caller.station_code:
        raise ServerError(
            409,
            "not_home_station",
            f"household {code} is settled at station {row.home_station_code}",
            f"农户 {code} 在 {row.home_station_code} 结算",
        )


def reserve(conn: Connection, caller: Caller, req: ReserveRequest, now: datetime) -> Reservation:
    """Hold the household's whole available balance for this settlement, once per id."""
    code = req.household_code.strip()
    row = lock_household(conn, code)
    _home_or_refuse(row, code, caller)
    r = SettlementReservation
    old = conn.execute(select(r.household_code, r.terminal_id).where(r.id == req.id)).first()
    if old is not None:
        if old.household_code != code or old.terminal_id != caller.terminal_id:
            raise ServerError(409, "reservation_taken", "that settlement id is another's", "结算编号已被占用")
        return reservation(conn, req.id)
    holder = conn.execute(
        select(r.terminal_id, r.reserved_at).where(r.household_code == code, r.state == "reserved")
    ).first()
    amount = available(conn, code)
    try:
        check_payout(amount, amount)
    except RuleBroken as exc:
        if holder is not None:
            who = _terminal_name(conn, holder.terminal_id)
            raise ServerError(
                409,
                "settlement_in_progress",
                f"household {code} is being settled at {who}; nothing else to pay",
                f"农户 {code} 正在 {who} 结算，没有其他可付款项",
            ) from exc
        raise ServerError(
            409, "nothing_to_pay", f"nothing to pay household {code}", f"农户 {code} 没有待结算款项"
        ) from exc
    conn.execute(
        insert(table(r)),
        [
            {
                "id": req.id,
                "household_code": code,
                "station_id": caller.station_id,
                "terminal_id": caller.terminal_id,
                "amount_fen": amount,
                "state": "reserved",
                "payout_id": None,
                "reserved_at": now,
                "closed_at": None,
            }
        ],
    )
    e = DistrictLedgerEntry
    conn.execute(
        update(e)
        .where(e.household_code == code, e.reservation_id.is_(None), e.kind.in_(("credit", "debit")))
        .values(reservation_id=req.id)
    )
    return reservation(conn, req.id)


def release(conn: Connection, reservation_id: str, now: datetime) -> Reservation:
    """A district admin lets go of a hold whose till will never pay it (a till lost for good).
    Only a hold no payout has settled; its entries go back to the next statement."""
    r = SettlementReservation
    q = select(r.state, r.household_code).where(r.id == reservation_id)
    if conn.dialect.name == "postgresql":
        q = q.with_for_update()
    row = conn.execute(q).first()
    if row is None:
        raise not_found("settlement", "结算", reservation_id)
    if row.state != "reserved":
        raise ServerError(409, "not_reserved", f"the settlement is {row.state}", "该结算已付款或已释放")
    lock_household(conn, row.household_code)
    conn.execute(update(r).where(r.id == reservation_id).values(state="released", closed_at=now))
    e = DistrictLedgerEntry
    conn.execute(update(e).where(e.reservation_id == reservation_id).values(reservation_id=None))
    return reservation(conn, reservation_id)


def open_reservations(conn: Connection) -> list[Reservation]:
    r = SettlementReservation
    ids = conn.execute(select(r.id).where(r.state == "reserved").order_by(r.reserved_at)).scalars().all()
    return [reservation(conn, i) for i in ids]


def _terminal_name(conn: Connection, terminal_id: str) -> str:
    row = conn.execute(
        select(DistrictStation.code, DistrictTerminal.number)
        .join(DistrictStation, DistrictStation.id == DistrictTerminal.station_id)
        .where(DistrictTerminal.id == terminal_id)
    ).first()
    return f"{row.code}-{row.number:02d}" if row else "?"


def reservation(conn: Connection, reservation_id: str) -> Reservation:
    t = table(SettlementReservation)
    r = conn.execute(select(t).where(t.c.id == reservation_id)).one()
    lines = _lines(conn, DistrictLedgerEntry.reservation_id == reservation_id)
    return Reservation(
        id=r.id,
        household_code=r.household_code,
        amount_fen=r.amount_fen,
        state=r.state,
        reserved_at=r.reserved_at,
        terminal=_terminal_name(conn, r.terminal_id),
        lines=lines,
        carried_fen=r.amount_fen - sum(li.amount_fen for li in lines),
    )


def _lines(conn: Connection, *where: Any) -> list[StatementLine]:
    e, sl, s, rf, p = DistrictLedgerEntry, DistrictSaleLine, DistrictSale, DistrictRefund, DistrictPayout
    q = (
        select(
            e.id,
            e.kind,
            e.amount_fen,
            e.at,
            s.receipt_no,
            rf.receipt_no.label("refund_no"),
            p.statement_no,
            sl.name,
            sl.qty,
            sl.weight_g,
            DistrictStation.code,
        )
        .outerjoin(sl, sl.id == e.sale_line_id)
        .outerjoin(s, s.id == e.sale_id)
        .outerjoin(rf, rf.id == e.refund_id)
        .outerjoin(p, p.id == e.payout_id)
        .outerjoin(DistrictStation, DistrictStation.id == e.station_id)
        .where(*where)
        .order_by(e.at, e.id)
    )
    out = []
    for row in conn.execute(q):
        quantity = ""
        if row.name is not None and row.kind == "credit":
            quantity = f"{row.weight_g / 1000:.3f}kg" if row.weight_g is not None else str(row.qty)
        out.append(
            StatementLine(
                entry_id=row.id,
                kind=row.kind,
                amount_fen=row.amount_fen,
                at=row.at,
                document=row.refund_no or row.receipt_no or row.statement_no or "",
                product=row.name or "",
                quantity=quantity,
                station_code=row.code or "区级",
            )
        )
    return out


def household_ledger(conn: Connection, caller: Caller, code: str, year: int) -> HouseholdLedgerPage:
    """A household's year as the district holds it: every till's credits, refunds and payouts."""
    row = conn.execute(
        select(RefHousehold.code, RefHousehold.home_station_code).where(RefHousehold.code == code)
    ).first()
    _home_or_refuse(row, code, caller)
    e = DistrictLedgerEntry
    return HouseholdLedgerPage(
        household_code=code,
        year=year,
        balance_fen=available(conn, code),
        lines=_lines(conn, e.household_code == code, e.year == year),
    )


# -- a refund of another till's sale --------------------------------------------------------------------


def remote_sale(conn: Connection, caller: Caller, receipt_no: str) -> RemoteSale:
    sale_id = conn.execute(
        select(DistrictSale.id).where(
            DistrictSale.station_id == caller.station_id, DistrictSale.receipt_no == receipt_no.strip().upper()
        )
    ).scalar()
    if sale_id is None:
        raise not_found("sale", "销售单", receipt_no)
    sale_json = conn.execute(select(Fact.payload_json).where(Fact.entity_id == sale_id)).scalar_one()
    refunds = conn.execute(
        select(Fact.payload_json)
        .join(DistrictRefund, DistrictRefund.id == Fact.entity_id)
        .where(DistrictRefund.sale_id == sale_id)
        .order_by(DistrictRefund.created_at)
    ).scalars()
    return RemoteSale(sale_json=sale_json, refunds_json=list(refunds))
