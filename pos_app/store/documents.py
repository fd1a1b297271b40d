"""A terminal's gap-free document numbers: the next one, taken in the caller's write transaction."""

from __future__ import annotations

from sqlalchemy import Connection, bindparam, select, update
from sqlalchemy.orm import Session

from pos_app.domain.errors import NoOpenShift
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
