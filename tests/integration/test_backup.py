"""Station backups on real files: the online backup, restore (refusing what is not an intact station
database, keeping the current one aside), backups after each shift close and daily, pruning, the
start-up check, and the pos-admin commands."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pos_app.bootstrap import Services, open_station
from pos_app.cli import main as admin
from pos_app.domain.errors import InvalidInput
from tests.facts import sell


def test_backup_and_restore_round_trip_keeps_the_current_file_aside(stocked: Services, db_path: Path) -> None:
    first = sell(stocked, ["6920000000012"])
    copy = stocked.backup.backup()
    assert copy.exists() and copy.with_suffix(".key").exists()  # the key travels with the data
    assert sorted(p.name for p in copy.parent.iterdir()) == [copy.name, copy.with_suffix(".key").name]
    assert oct(copy.with_suffix(".key").stat().st_mode & 0o777) == "0o600"
    second = sell(stocked, ["6935000000023"])
    stocked.close()

    aside = open_station(db_path).backup.restore(copy)
    restored = open_station(db_path)
    try:
        from sqlalchemy import select

        from pos_app.store.models import Sale

        with restored.db.read() as conn:
            receipts = set(conn.execute(select(Sale.receipt_no)).scalars())
        assert first in receipts and second not in receipts
        assert restored.backup.check() == "ok"
    finally:
        restored.close()
    kept = open_station(aside)  # the database as it was before the restore
    try:
        with kept.db.read() as conn:
            assert second in set(conn.execute(select(Sale.receipt_no)).scalars())
    finally:
        kept.close()


def test_restore_refuses_a_damaged_or_foreign_file_and_changes_nothing(stocked: Services, tmp_path: Path) -> None:
    sell(stocked, ["6920000000012"])
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(os.urandom(8192))
    import sqlite3

    foreign = tmp_path / "foreign.db"
    con = sqlite3.connect(foreign)
    con.execute("create table t(x)")
    con.commit()
    con.close()
    before = stocked.backup.files()
    for bad in (garbage, foreign, tmp_path / "missing.db"):
        with pytest.raises(InvalidInput) as err:
            stocked.backup.restore(bad)
        assert "未做任何更改" in err.value.message_zh or "找不到文件" in err.value.message_zh
    assert stocked.backup.files() == before
    assert stocked.sync.status().waiting > 0  # the live database still answers


def test_a_backup_after_every_shift_close_and_once_a_day(stocked: Services, clock) -> None:  # type: ignore[no-untyped-def]
    cashier = stocked.users.authenticate("cashier", "1111")
    stocked.shifts.close(cashier.id, {"cash": 20_000})
    stocked.backup.wait()
    assert [b.reason for b in stocked.backup.files()] == ["shift"]
    assert stocked.backup.daily() is not None
    assert stocked.backup.daily() is None  # today's exists
    for _ in range(4):
        clock.advance(days=1)
        stocked.backup.daily()
    clock.advance(days=20)
    stocked.backup.backup(reason="manual")
    today = stocked.backup.daily()  # prunes automatic backups older than 14 days...
    kept = stocked.backup.files()
    assert sorted(b.reason for b in kept) == ["daily", "daily", "daily", "manual"]  # ...but keeps the newest 3
    assert today in [b.path for b in kept]


def test_two_shifts_closed_in_one_second_are_both_backed_up(stocked: Services) -> None:  # type: ignore[no-untyped-def]
    """Closed, opened and closed again within a second (a fixed clock here): the second backup was
    refused in its thread ("exists already") and the later shift had none."""
    cashier = stocked.users.authenticate("cashier", "1111")
    stocked.shifts.close(cashier.id, {"cash": 20_000})
    stocked.backup.wait()
    stocked.shifts.open(cashier.id, 20_000)
    stocked.shifts.close(cashier.id, {"cash": 20_000})
    stocked.backup.wait()
    files = stocked.backup.files()
    assert [b.reason for b in files] == ["shift", "shift"]
    assert files[0].path != files[1].path and all(b.path.with_suffix(".key").exists() for b in files)


def test_start_up_check_names_a_damaged_file(stocked: Services, db_path: Path) -> None:
    stocked.close()
    data = bytearray(db_path.read_bytes())
    page = 4096
    data[page * 3 : page * 3 + 512] = os.urandom(512)  # a torn page in the middle of the file
    db_path.write_bytes(bytes(data))
    for suffix in ("-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    from pos_app.domain.clock import SystemClock
    from pos_app.services.backup import BackupService

    assert BackupService(db_path, SystemClock()).check() != "ok"


def test_pos_admin_backup_list_and_restore(stocked: Services, db_path: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    stocked.users.create("admin", "管理员", ["admin"], "888888")
    stocked.close()
    out = tmp_path / "manual.db"
    assert admin(["--db", str(db_path), "backup", "--out", str(out)]) == 0
    assert admin(["--db", str(db_path), "backup"]) == 0
    assert admin(["--db", str(db_path), "backup", "--list"]) == 0
    assert "manual" in capsys.readouterr().out
    capsys.readouterr()
    assert admin(["--db", str(db_path), "restore", str(out)]) == 2  # a restore needs an administrator
    assert "--as" in capsys.readouterr().err
    assert admin(["--db", str(db_path), "restore", str(out), "--as", "manager", "--pin", "999999"]) == 2
    assert admin(["--db", str(db_path), "restore", str(out), "--as", "admin", "--pin", "888888"]) == 0
    restored = open_station(db_path)
    try:
        done = restored.audit.entries(action="restore")
    finally:
        restored.close()
    assert done and done[0].target == "manual.db" and "管理员" in str(done[0].detail)
    (tmp_path / "bad.db").write_bytes(b"not a database at all" * 100)
    bad = ["restore", str(tmp_path / "bad.db"), "--as", "admin", "--pin", "888888"]
    assert admin(["--db", str(db_path), *bad]) == 2
    fresh = tmp_path / "new-computer" / "station.db"  # no station here yet: the backup's administrator restores
    assert admin(["--db", str(fresh), "restore", str(out), "--as", "admin", "--pin", "888888"]) == 0
    assert admin(["--db", str(fresh), "info"]) == 0
    assert "不是完好的门店备份" in capsys.readouterr().err  # in the station's language
