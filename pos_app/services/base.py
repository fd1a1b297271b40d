"""What every use-case class of a station holds: its database, its clock and which station it is."""

from __future__ import annotations

from pos_app.domain.clock import Clock
from pos_app.store.context import StationContext
from pos_app.store.uow import Database


class StationService:
    """``bootstrap.build_services`` makes each once per open station file."""

    def __init__(self, db: Database, clock: Clock, station: StationContext) -> None:
        self._db = db
        self._clock = clock
        self._station = station
