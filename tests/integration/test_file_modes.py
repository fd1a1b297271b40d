"""Whatever the umask, what the station writes is its owner's alone: the data folder 0700; the
station file, its WAL and SHM, backups, keys, logs, receipts, exports and reports 0600."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from pos_app.bootstrap import open_station
from pos_app.cli import main


def _mode(p: Path) -> int:
    return stat.S_IMODE(p.stat().st_mode)


@pytest.fixture
def open_umask() -> Iterator[None]:
    old = os.umask(0o000)  # the worst a machine can be set to: everything world-writable
    try:
        yield
    finally:
        os.umask(old)


def test_the_station_data_is_owner_only_whatever_the_umask(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, open_umask: None
) -> None:
    data = tmp_path / "data" / "fupin-pos"
    monkeypatch.setenv("POS_DATA_DIR", str(data))
    monkeypatch.delenv("POS_DB", raising=False)
    assert main(["init", "--station", "T1", "--name", "一号站", "--demo"]) == 0
    db = data / "station.db"
    services = open_station(db)
    try:
        services.settings.set("rounding", "drop_jiao")  # a write: the WAL and SHM are there now
        wal, shm = Path(f"{db}-wal"), Path(f"{db}-shm")
        assert wal.exists() and shm.exists()
        assert {p.name: _mode(p) for p in (db, wal, shm)} == {db.name: 0o600, wal.name: 0o600, shm.name: 0o600}
    finally:
        services.close()
    assert _mode(data) == 0o700
    out = tmp_path / "out"
    out.mkdir(mode=0o777)
    assert main(["backup"]) == 0
    assert main(["export", "households", "--out", str(out / "h.csv")]) == 0
    assert main(["export", "products", "--out", str(out / "p.xlsx")]) == 0
    assert main(["report", "daily", "--out", str(out / "z.pdf")]) == 0
    assert main(["labels", "--out", str(out / "l.pdf")]) == 0
    written = [p for p in data.rglob("*") if p.is_file()] + list(out.iterdir())
    assert any(p.suffix == ".key" for p in written) and any(p.parent.name == "backups" for p in written)
    assert {str(p): oct(_mode(p)) for p in written if _mode(p) != 0o600} == {}
    folders = [p for p in data.rglob("*") if p.is_dir()]
    assert {str(p): oct(_mode(p)) for p in folders if _mode(p) != 0o700} == {}


def test_an_older_stations_wider_files_are_narrowed_when_it_opens(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    assert main(["--db", str(db), "init", "--station", "T1", "--name", "一号站"]) == 0
    os.chmod(db, 0o644)
    assert main(["--db", str(db), "info"]) == 0
    assert _mode(db) == 0o600
