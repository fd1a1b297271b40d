"""PINs a copied station file does not give up, and a key that is never silently replaced."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from pos_app.bootstrap import Services, open_station
from pos_app.cli import main
from pos_app.crypto import FieldCipher, check_secret, hash_secret, is_keyed
from pos_app.domain.errors import InvalidInput, KeyMismatch, KeyMissing
from pos_app.importing.households import HouseholdInput


def _hashes(db: Path) -> dict[str, str]:
    con = sqlite3.connect(db)
    try:
        return dict(con.execute("SELECT username, pin_hash FROM app_user"))
    finally:
        con.close()


def test_a_copied_station_file_without_its_key_gives_up_no_pin(stocked: Services, db_path: Path) -> None:
    hashes = _hashes(db_path)
    assert all(is_keyed(h) for h in hashes.values())
    stolen = hashes["cashier"]
    # the loop that found cashier 1111 in 38 s on a copied file: now no PIN of the 10^4 matches
    assert not any(check_secret(f"{n:04d}", stolen) for n in range(1105, 1115))
    assert not check_secret("1111", stolen)  # the right PIN, without the key file's pepper
    assert check_secret("1111", stolen, FieldCipher.load(FieldCipher.key_path_for(db_path)).pepper())


def test_an_older_unkeyed_pin_hash_is_keyed_at_the_next_sign_in(stocked: Services, db_path: Path) -> None:
    con = sqlite3.connect(db_path)
    con.execute("UPDATE app_user SET pin_hash = ? WHERE username = 'cashier'", (hash_secret("1111"),))
    con.commit()
    con.close()
    assert not is_keyed(_hashes(db_path)["cashier"])
    stocked.users.authenticate("cashier", "1111")
    assert is_keyed(_hashes(db_path)["cashier"])
    stocked.users.authenticate("cashier", "1111")  # and still signs in


def test_managers_and_administrators_have_pins_of_six_digits_or_more(stocked: Services) -> None:
    admin = stocked.users.create("boss", "站长", ["admin"], "135790")
    with pytest.raises(InvalidInput) as short:
        stocked.users.create("m2", "副经理", ["manager"], "1234")
    assert "6–8" in short.value.message_zh
    stocked.users.create("c2", "收银二", ["cashier"], "1234")  # a cashier's may stay four
    with pytest.raises(InvalidInput):
        stocked.users.edit("c2", by=admin, roles=["cashier", "manager"], pin="2468")
    stocked.users.edit("c2", by=admin, roles=["cashier", "manager"])  # a manager now, the old PIN kept…
    assert stocked.users.authenticate("c2", "1234").pin_change_due  # …to be changed at the next sign-in


def test_a_four_digit_managers_pin_must_be_changed_at_sign_in(stocked: Services, db_path: Path) -> None:
    con = sqlite3.connect(db_path)  # a manager from before six digits were needed
    con.execute("UPDATE app_user SET pin_hash = ? WHERE username = 'manager'", (hash_secret("9999"),))
    con.commit()
    con.close()
    signed = stocked.users.authenticate("manager", "9999")
    assert signed.pin_change_due
    with pytest.raises(InvalidInput):
        stocked.users.change_pin("manager", "9999", "1234")
    changed = stocked.users.change_pin("manager", "9999", "918273")
    assert not changed.pin_change_due and not stocked.users.authenticate("manager", "918273").pin_change_due
    assert "pin_change" in [e.action for e in stocked.audit.entries()]


def test_user_changes_need_an_administrator_and_are_audited_with_who(stocked: Services) -> None:
    from pos_app.domain.errors import NotPermitted

    admin = stocked.users.create("boss", "站长", ["admin"], "135790")
    manager = stocked.users.authenticate("manager", "999999")
    with pytest.raises(NotPermitted):
        stocked.users.create("x", "某", ["admin"], "123456", by=manager)
    with pytest.raises(NotPermitted):
        stocked.users.edit("cashier", by=manager, roles=["admin"])
    stocked.users.edit("cashier", by=admin, display_name="王丽", active=False)
    with pytest.raises(InvalidInput):
        stocked.users.edit("boss", by=admin, roles=["cashier"])  # not their own administration
    entry = stocked.audit.entries(action="user_edit")[0]
    assert entry.user == "站长" and entry.target == "cashier"
    assert [u.username for u in stocked.users.staff()].count("cashier") == 0  # no longer signs in


def _station_with_secrets(db: Path) -> None:
    assert main(["--db", str(db), "init", "--station", "T1", "--name", "一号站"]) == 0
    s = open_station(db)
    try:
        s.households.upsert([HouseholdInput("H-1", "张三", "甲村", id_number="110101199003074477")])
        s.users.create("boss", "站长", ["admin"], "135790")
        s.backup.backup()
    finally:
        s.close()


def test_a_lost_key_stops_the_station_and_names_the_backup_that_holds_it(tmp_path: Path, capsys) -> None:
    db = tmp_path / "s.db"
    _station_with_secrets(db)
    key = FieldCipher.key_path_for(db)
    kept = key.read_bytes()
    key.unlink()
    with pytest.raises(KeyMissing) as lost:
        open_station(db)
    assert not key.exists()  # no new key was made over the sealed data
    assert lost.value.backup is not None and lost.value.backup.read_bytes() == kept
    assert "密钥文件" in lost.value.message_zh and str(lost.value.backup) in lost.value.message_zh
    capsys.readouterr()
    assert main(["--db", str(db), "info"]) == 1  # the environment: put the key back
    err = capsys.readouterr().err
    assert "不能换新密钥" in err and not key.exists()
    shutil.copyfile(lost.value.backup, key)  # what the message says to do
    assert main(["--db", str(db), "info"]) == 0
    assert "本站密钥" in capsys.readouterr().out


def test_another_stations_key_is_refused(tmp_path: Path) -> None:
    db, other = tmp_path / "s.db", tmp_path / "o.db"
    _station_with_secrets(db)
    _station_with_secrets(other)
    shutil.copyfile(FieldCipher.key_path_for(other), FieldCipher.key_path_for(db))
    with pytest.raises(KeyMismatch) as wrong:
        open_station(db)
    assert wrong.value.backup is not None and "不是本站的密钥" in wrong.value.message_zh


def test_a_new_station_gets_its_key_and_info_says_so(tmp_path: Path, capsys) -> None:
    db = tmp_path / "s.db"
    assert main(["--db", str(db), "init", "--station", "T1", "--name", "一号站"]) == 0
    capsys.readouterr()
    assert main(["--db", str(db), "info"]) == 0
    out = capsys.readouterr().out
    assert f"密钥 {FieldCipher.key_path_for(db)}：本站密钥" in out
