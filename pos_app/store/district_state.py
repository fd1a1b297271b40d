"""What the district last told this till about its station, and how a till's own figures add to it.

Shown stock = the station's stock at the district − this till's share there + this till's moves;
shown balance = the district's balance − this till's share there + this till's ledger. Every move a
till makes is in its own file, acknowledged or not, so nothing counts twice and nothing waits for
the network. A till that never heard from a district has no rows here: its own figures are all.

(docs/architecture.md, "Several tills, one station")
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import ColumnElement, Select, delete, func, insert, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from pos_app.contract.protocol import StationState
from pos_app.store.models import DistrictBalance, DistrictStock, StockLevel, table


def replace_state(s: Session, state: StationState) -> None:
    s.execute(delete(DistrictStock))
    s.execute(delete(DistrictBalance))
    if state.stock:
        s.execute(
            insert(table(DistrictStock)),
            [{"product_id": f.product_id, "station": f.station, "own": f.own} for f in state.stock],
        )
    if state.balances:
        s.execute(
            insert(table(DistrictBalance)),
            [
                {"household_code": b.household_code, "balance_fen": b.balance_fen, "own_fen": b.own_fen}
                for b in state.balances
            ],
        )


def other_tills_stock(s: Session, product_ids: Iterable[str] | None = None) -> dict[str, int]:
    """Per product, what the station's other tills add to this till's own stock."""
    q = select(DistrictStock.product_id, DistrictStock.station - DistrictStock.own)
    if product_ids is not None:
        q = q.where(DistrictStock.product_id.in_(list(product_ids)))
    return {pid: int(d) for pid, d in s.execute(q)}


def on_hand(s: Session, product_ids: Iterable[str] | None = None) -> dict[str, int]:
    """The station's stock of each product: this till's moves, plus the other tills' once synced.
    ``None``: every product that ever moved (the whole catalog's export, without a huge IN list)."""
    mine_q = select(StockLevel.product_id, StockLevel.on_hand)
    ids = None if product_ids is None else list(product_ids)
    if ids is not None:
        mine_q = mine_q.where(StockLevel.product_id.in_(ids))
    mine = {pid: int(q or 0) for pid, q in s.execute(mine_q).all()}
    others = other_tills_stock(s, ids)
    keys = ids if ids is not None else set(mine) | set(others)
    return {pid: mine.get(pid, 0) + others.get(pid, 0) for pid in keys}


def with_station_stock(
    q: Select[Any], product_id: ColumnElement[str] | InstrumentedAttribute[str]
) -> tuple[Select[Any], ColumnElement[int]]:
    """``q`` joined to the station's stock of ``product_id`` and that stock as an SQL expression,
    for filtering and sorting in the database (the low-stock page over a whole catalog)."""
    q = q.outerjoin(StockLevel, StockLevel.product_id == product_id).outerjoin(
        DistrictStock, DistrictStock.product_id == product_id
    )
    level = func.coalesce(StockLevel.on_hand, 0) + func.coalesce(DistrictStock.station - DistrictStock.own, 0)
    return q, level


def other_tills_balance(s: Session) -> dict[str, int]:
    """Per household code, what the district holds beyond this till's own ledger."""
    q = select(DistrictBalance.household_code, DistrictBalance.balance_fen - DistrictBalance.own_fen)
    return {code: int(d) for code, d in s.execute(q)}
