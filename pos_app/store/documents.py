"""A terminal's document numbers: receipts (gap-free, with the open shift) and the other documents
(intake slips, statements, delivery orders), each taken in the caller's write transaction."""

from __future__ import annotations

from sqlalchemy import Connection, bindparam, func, select, update
from sqlalchemy.orm import InstrumentedAttribute, Session

from pos_app.domain.errors import NoOpenShift
from pos_app.store.context import StationContext
from pos_app.store.models import Shift, Terminal

_OPEN_SHIFT = select(Shift.id).where(Shift.terminal_id == bindparam("terminal"), Shift.closed_at.is_(None))
_NEXT_SEQ = (
    update(Terminal)
    .where(Terminal.id == bindparam("terminal"))
    .values(last_doc_seq=Terminal.last_doc_seq + 1)
    .returning(Terminal.last_doc_seq)
)


def next_document(s: Connection | Session, terminal_id: str) -> tuple[str, int]:
    """(the open shift, the next sequence number) for a sale or refund; a till with no open shift
    sells nothing, so the number is not taken then (statements built once: the hot path)."""
    shift_id = s.execute(_OPEN_SHIFT, {"terminal": terminal_id}).scalar()
    if shift_id is None:
        raise NoOpenShift()
    return str(shift_id), int(s.execute(_NEXT_SEQ, {"terminal": terminal_id}).scalar_one())


def document_number(
    s: Connection | Session, column: InstrumentedAttribute[str], station: StationContext, kind: str
) -> str:
    """The next number of a document kind (``IN`` intake slip, ``JS`` statement, ``D`` delivery
    order) at this terminal: ``STATION-TT-KIND-NNNNNN``. The terminal is in it, as in a receipt
    number, so two tills of one station never print the same number; taken in the caller's write
    transaction, so one till never either."""
    prefix = f"{station.station_code}-{station.terminal_no:02d}-{kind}-"
    taken = s.execute(
        select(func.count()).select_from(column.class_).where(column.startswith(prefix, autoescape=True))
    ).scalar_one()
    return f"{prefix}{int(taken) + 1:06d}"
