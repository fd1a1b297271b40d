"""pos-admin's trust boundary: every command that changes who may do what, what the till charges or
what was recorded needs the user and PIN of someone allowed to, respects the lock-out and is audited
with who did it; reading stays free."""

from __future__ import annotations

from pathlib import Path

import pytest

from pos_app.bootstrap import open_station
from pos_app.cli import main


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("demo") / "s.db"
    assert main(["--db", str(db), "init", "--station", "TZ01", "--name", "通州社区扶贫超市", "--demo"]) == 0
    return db


@pytest.fixture
def demo(demo_template: Path, tmp_path: Path) -> Path:
    import shutil
    import sqlite3

    skip = shutil.ignore_patterns("*-journal", "*-wal", "*-shm", "s.db")  # the live file: copied below
    shutil.copytree(demo_template.parent, tmp_path, ignore=skip, dirs_exist_ok=True)
    with sqlite3.connect(demo_template) as src, sqlite3.connect(tmp_path / "s.db") as dest:
        src.backup(dest)  # consistent, with what the WAL holds
    return tmp_path / "s.db"


def _audit(db: Path, action: str) -> list:  # type: ignore[type-arg]
    s = open_station(db)
    try:
        return s.audit.entries(action=action)
    finally:
        s.close()


def _files(tmp_path: Path) -> dict[str, Path]:
    catalog = tmp_path / "c.csv"
    catalog.write_text("条码,名称,单位,售价\n6920000000012,赤峰小米,袋,0.01\n", encoding="utf-8")
    households = tmp_path / "h.csv"
    households.write_text("户编码,户主姓名,所在村\nX-1,甲,乙村\n", encoding="utf-8")
    residents = tmp_path / "r.csv"
    residents.write_text("编号,姓名,电话\nR-99,孙大爷,13500002222\n", encoding="utf-8")
    suppliers = tmp_path / "v.csv"
    suppliers.write_text("编码,名称,统一社会信用代码\nS9,某社,93150400MA0N123454\n", encoding="utf-8")
    note = tmp_path / "n.csv"
    note.write_text("条码,数量,进价\n6935000000016,1,6.20\n", encoding="utf-8")
    return {"catalog": catalog, "households": households, "residents": residents, "suppliers": suppliers, "note": note}


def _changing(db: Path, files: dict[str, Path]) -> list[list[str]]:
    backup = db.parent / "backups"
    return [
        ["user", "add", "--username", "evil", "--roles", "admin", "--new-pin", "123456"],
        ["user", "edit", "--username", "cashier", "--roles", "admin"],
        ["setting", "discount_limit_fen", "100000"],
        ["setting", "printer", '{"kind": "file", "device": "/tmp/x"}'],
        ["tender", "love_card", "--off"],
        ["restore", str(next(backup.glob("*.db")))],
        ["import-catalog", str(files["catalog"])],
        ["import-certified", str(files["catalog"])],
        ["import-households", str(files["households"])],
        ["import-residents", str(files["residents"])],
        ["import-suppliers", str(files["suppliers"])],
        ["receive", str(files["note"]), "--supplier", "GYS-001"],
        ["write-off", "6935000000016", "1", "--reason", "broken"],
        ["purge-resident", "R-001"],
        ["sync-problems", "retry"],
        ["export", "households", "--unmasked", "--out", str(db.parent / "full.csv")],
        ["enroll", "--server", "http://127.0.0.1:9", "--code", "X"],
        ["label-scale", "add", "1号秤", "127.0.0.1:4001"],
        ["label-scale", "remove", "1号秤"],
    ]


def test_no_change_without_a_credential(demo: Path, tmp_path: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("POS_PIN", raising=False)
    for args in _changing(demo, _files(tmp_path)):
        capsys.readouterr()
        assert main(["--db", str(demo), *args]) == 2, args
        assert "--as" in capsys.readouterr().err, args
    s = open_station(demo)
    try:
        assert "evil" not in [u.username for u in s.users.list()]
        assert s.settings.get("discount_limit_fen") != 100000
    finally:
        s.close()


def test_a_cashier_cannot_and_an_administrator_can_and_is_named(demo: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    add = ["user", "add", "--username", "evil", "--roles", "admin", "--new-pin", "123456"]
    assert main(["--db", str(demo), *add, "--as", "cashier", "--pin", "1111"]) == 2
    assert "管理用户" in capsys.readouterr().err
    assert main(["--db", str(demo), *add, "--as", "manager", "--pin", "999999"]) == 2
    assert main(["--db", str(demo), *add, "--as", "admin", "--pin", "888888"]) == 0
    entry = _audit(demo, "user_add")[0]
    assert entry.target == "evil" and entry.user == "管理员"
    assert main(["--db", str(demo), "setting", "discount_limit_fen", "100000", "--as", "admin", "--pin", "888888"]) == 0
    change = _audit(demo, "setting")[0]
    assert change.user == "管理员" and change.target == "discount_limit_fen"
    capsys.readouterr()
    assert main(["--db", str(demo), "audit", "list", "--grep", "evil"]) == 0
    listed = capsys.readouterr().out
    assert (
        "管理员 新增用户 evil" in listed and "角色 管理员" in listed and "{" not in listed and "user_add" not in listed
    )
    out = demo.parent / "audit.csv"
    assert main(["--db", str(demo), "audit", "export", "--out", str(out)]) == 0
    exported = out.read_text(encoding="utf-8-sig")
    assert "修改设置" in exported and "改前" in exported and '{"' not in exported


def test_a_wrong_pin_counts_toward_the_lock_out(demo: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    change = ["--db", str(demo), "setting", "rounding", "drop_jiao", "--as", "admin"]
    for _ in range(5):
        assert main([*change, "--pin", "000000"]) == 2
    capsys.readouterr()
    assert main([*change, "--pin", "888888"]) == 2  # locked, even with the right PIN
    assert "PIN 错误次数过多" in capsys.readouterr().err
    assert len(_audit(demo, "pin_failed")) == 5


def test_the_pin_may_come_from_the_environment(demo: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("POS_PIN", "888888")
    assert main(["--db", str(demo), "setting", "idle_lock_minutes", "10", "--as", "admin"]) == 0


def test_reading_stays_free(demo: Path, tmp_path: Path) -> None:
    for args in (
        ["info"],
        ["setting"],
        ["setting", "rounding"],
        ["tender"],
        ["user", "list"],
        ["suppliers"],
        ["audit", "list"],
        ["audit", "verify"],
        ["sync-problems", "list"],
        ["export", "products", "--out", str(tmp_path / "p.csv")],
        ["report", "daily", "--out", str(tmp_path / "z.pdf")],
        ["backup"],
    ):
        assert main(["--db", str(demo), *args]) == 0, args


def test_a_new_stations_first_user_is_its_administrator(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    db = str(tmp_path / "s.db")
    assert main(["--db", db, "init", "--station", "T1", "--name", "一号站"]) == 0
    capsys.readouterr()
    assert main(["--db", db, "user", "add", "--username", "c", "--roles", "cashier", "--new-pin", "1234"]) == 2
    assert "第一个用户须为管理员" in capsys.readouterr().err
    assert main(["--db", db, "user", "add", "--username", "boss", "--roles", "admin", "--new-pin", "1234"]) == 2
    assert "6–8" in capsys.readouterr().err  # an administrator's PIN has six digits at least
    assert main(["--db", db, "user", "add", "--username", "boss", "--roles", "admin", "--new-pin", "135790"]) == 0
    assert main(["--db", db, "user", "add", "--username", "c", "--roles", "cashier", "--new-pin", "1234"]) == 2
    args = ["--as", "boss", "--pin", "135790"]
    assert main(["--db", db, "user", "add", "--username", "c", "--roles", "cashier", "--new-pin", "1234", *args]) == 0
