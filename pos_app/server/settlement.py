"""The district pays out the households it settles itself (those with no home station).

A household with a home station is paid there, and the district refuses a payout of it from any
other station; one with no home station is refused at every station and paid here. So each
household has exactly one place that pays it, and every payout, wherever it is made, is judged
against the district's balance of that household with the same rule (``money_rules.check_payout``).

(docs/architecture.md, "Who pays a household")
"""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import Connection, func, insert, select, text

from pos_app.contract.protocol import PayoutReceipt
from pos_app.domain.ids import new_id
from pos_app.domain.money_rules import RuleBroken, check_payout
from pos_app.server import totals
from pos_app.server.errors import ServerError, bad_input
from pos_app.server.ingest import ledger_row
from pos_app.server.models import DistrictLedgerEntry, DistrictPayout, RefHousehold, table
from pos_app.server.reference import settle_entries
from pos_app.server.tills import available


def pay_out(
    conn: Connection,
    code: str,
    *,
    method: str,
    reference: str,
    paid_by: str,
    now: datetime,
    amount_fen: int | None = None,
) -> PayoutReceipt:
    """Pay household ``code`` its balance at the district (or ``amount_fen`` of it), once."""
    if method not in ("cash", "bank"):
        raise bad_input(f"method {method!r} (cash or bank)", "结算方式须为现金（cash）或银行转账（bank）")
    reference = reference.strip()
    if method == "bank" and not reference:
        raise bad_input("a bank transfer needs its reference", "银行转账须填写流水号")
    if len(reference) > 64:
        raise bad_input("the reference is longer than 64 characters", "流水号超过 64 个字符")
    q = select(RefHousehold.code, RefHousehold.body_json, RefHousehold.home_station_code).where(
        RefHousehold.code == code
    )
    if conn.dialect.name == "postgresql":
        # District payouts one at a time: the household's balance is read once, and the statement
        # numbers (QX-JS-000001 …) are counted without two payouts taking the same one.
        conn.execute(text("SELECT pg_advisory_xact_lock(7401)"))
        q = q.with_for_update()
    h = conn.execute(q).first()
    if h is None:
        raise ServerError(
            404, "unknown_household", f"household {code} is not in the registry", f"名册中没有农户 {code}"
        )
    if h.home_station_code:
        raise ServerError(
            409,
            "not_home_station",
            f"household {code} is settled at its home station {h.home_station_code}",
            f"农户 {code} 由归属站点 {h.home_station_code} 结算，区里不能重复结算",
        )
    balance = available(conn, code)  # the same balance a payout fact is judged against
    amount = balance if amount_fen is None else amount_fen
    try:
        check_payout(amount, balance)
    except RuleBroken as exc:
        raise ServerError(409, exc.code, str(exc), exc.message_zh) from exc
    n = int(
        conn.execute(
            select(func.count()).select_from(DistrictPayout).where(DistrictPayout.station_id.is_(None))
        ).scalar_one()
    )
    statement_no = f"QX-JS-{n + 1:06d}"
    pid = new_id()
    conn.execute(
        insert(table(DistrictPayout)),
        [
            {
                "id": pid,
                "station_id": None,
                "household_code": code,
                "statement_no": statement_no,
                "amount_fen": amount,
                "method": method,
                "reference": reference,
                "paid_by": paid_by[:64],
                "at": now,
            }
        ],
    )
    entry = ledger_row(None, new_id(), code, "payout", -amount, now, payout_id=pid)
    conn.execute(insert(table(DistrictLedgerEntry)), [entry])
    totals.add(conn, {DistrictLedgerEntry.__tablename__: [entry]})
    settle_entries(conn, code, pid, None)
    head = str(json.loads(h.body_json).get("head_name", ""))
    return PayoutReceipt(
        statement_no=statement_no,
        household_code=code,
        head_name=head,
        amount_fen=amount,
        balance_after_fen=balance - amount,
        method=method,
        reference=reference,
        at=now,
    )
