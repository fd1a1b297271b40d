"""Creating and opening a station database."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from pos_app.domain.clock import Clock
from pos_app.domain.errors import InvalidInput, StationNotInitialised
from pos_app.domain.ids import new_id
from pos_app.domain.tenders import DEFAULT_TENDERS
from pos_app.store.context import StationContext
from pos_app.store.engine import make_engine
from pos_app.store.migrate import migrate
from pos_app.store.models import Station, TenderType, Terminal
from pos_app.store.uow import Database, storage_errors


def open_database(path: Path) -> Database:
    """Open (creating if needed) and migrate the station file."""
    engine = make_engine(path)
    try:
        with storage_errors():  # a damaged, locked or read-only file gets a message the user can act on
            migrate(engine, path)
    except BaseException:
        engine.dispose()
        raise
    return Database(engine)


def load_context(db: Database, path: Path | str = "") -> StationContext:
    with db.uow() as uow:
        row = uow.session.execute(
            select(Station, Terminal).join(Terminal, Terminal.station_id == Station.id).limit(1)
        ).first()
    if row is None:
        raise StationNotInitialised(path=str(path))
    st, term = row
    return StationContext(st.id, st.code, st.name, term.id, term.number)


def init_station(db: Database, clock: Clock, code: str, name: str, terminal_no: int) -> StationContext:
    """Create the station and terminal rows and the default tenders; idempotent for the same code."""
    code = code.strip().upper()
    if not code or not code.isascii() or not code.replace("_", "").isalnum() or len(code) > 16:
        raise InvalidInput(what=f"station code {code!r} (letters and digits, at most 16)")
    if not name.strip() or len(name) > 100:
        raise InvalidInput(what="station name")
    if not 1 <= terminal_no <= 99:
        raise InvalidInput(what=f"terminal number {terminal_no} (1–99)")
    now = clock.now()
    with db.uow(write=True) as uow:
        s = uow.session
        station = s.execute(select(Station)).scalar_one_or_none()
        if station is None:
            station = Station(id=new_id(), code=code, name=name.strip(), created_at=now)
            s.add(station)
            s.add(Terminal(id=new_id(), station_id=station.id, number=terminal_no, last_doc_seq=0, created_at=now))
            for i, t in enumerate(DEFAULT_TENDERS):
                s.add(TenderType(code=t.code, name=t.name, kind=t.kind.value, active=True, sort_order=i))
        elif station.code != code:
            raise InvalidInput(what=f"this database belongs to station {station.code}, not {code}")
        else:
            station.name = name.strip()
        uow.commit()
    return load_context(db)
