"""Which station and terminal this file is, and the key its audit chain is linked with."""

from __future__ import annotations

from dataclasses import dataclass, field

from pos_app.crypto import ChainKey


@dataclass(frozen=True)
class StationContext:
    station_id: str
    station_code: str
    station_name: str
    terminal_id: str
    terminal_no: int
    chain: ChainKey | None = field(default=None, compare=False, repr=False)  # keys the audit chain
