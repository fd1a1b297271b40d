"""Identifiers: every row created on a terminal gets a UUIDv7 (time-sortable, unique across stations)."""

from __future__ import annotations

from typing import NewType

import uuid6

ProductId = NewType("ProductId", str)
SaleId = NewType("SaleId", str)
UserId = NewType("UserId", str)
ShiftId = NewType("ShiftId", str)


def new_id() -> str:
    """A new UUIDv7 as its canonical 36-character string."""
    return str(uuid6.uuid7())


def receipt_number(station_code: str, terminal_no: int, seq: int) -> str:
    """``STATION-TERM-NNNNNN``, e.g. ``TZ01-01-000042``."""
    return f"{station_code}-{terminal_no:02d}-{seq:06d}"
