"""Users, roles, PINs, the audit chain and personal data, enforced in the services."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from pos_app.bootstrap import Services
from pos_app.domain.errors import AuthError, NotPermitted
from pos_app.domain.permissions import Permission, can
from pos_app.services.users import UserLocked


def test_the_matrix() -> None:
    assert can(["cashier"], Permission.SELL) and not can(["cashier"], Permission.REFUND)
    assert can(["manager"], Permission.SETTLEMENT) and not can(["manager"], Permission.USERS)
    assert can(["admin"], Permission.USERS) and can(["volunteer"], Permission.DELIVERIES)
    assert not can(["volunteer"], Permission.SELL)


def test_services_refuse_what_the_role_does_not_allow(stocked: Services, tmp_path: Path) -> None:
    from pos_app.importing.catalog import ProductInput
    from pos_app.importing.households import HouseholdInput

    cashier = stocked.users.authenticate("cashier", "1111")
    manager = stocked.users.authenticate("manager", "999999")
    stocked.households.upsert([HouseholdInput("SC-001", "张桂兰", "村", id_number="11010519491231002X")])
    co = stocked.checkout()
    co.new_sale(cashier.id)
    line = co.scan("6935000000023").line
    assert line is not None
    with pytest.raises(NotPermitted):
        co.void_line(line.line_no, cashier)
    with pytest.raises(NotPermitted):
        co.set_line_discount(line.line_no, 1000)  # ¥10 off: more than a cashier may give alone
    with pytest.raises(NotPermitted):
        co.set_line_discount(line.line_no, 1000, approver=cashier)
    co.set_line_discount(line.line_no, 1000, approver=manager)
    co.set_line_discount(line.line_no, 300)  # small: fine
    with pytest.raises(NotPermitted):
        stocked.households.reveal_id_number("SC-001", cashier)
    with pytest.raises(NotPermitted):
        stocked.consignment.intake(
            "SC-001", quantity=1, price_fen=100, received_by=cashier, new_product=ProductInput("蛋", "枚", 100)
        )
    with pytest.raises(NotPermitted):
        stocked.settlement.settle("SC-001", method="cash", paid_by=cashier)
    plan = co.start_payment()
    plan.add("cash", plan.due_fen)
    sale = co.pay(plan)
    with pytest.raises(NotPermitted):
        stocked.refunds.refund(sale.receipt_no, {1: 1}, cashier=cashier, approver=cashier, reason="x")
    assert stocked.users.approve("manager", "999999", Permission.REFUND).username == "manager"
    with pytest.raises(NotPermitted):
        stocked.users.approve("cashier", "1111", Permission.REFUND)


def test_pin_lock_out_grows(stocked: Services, clock) -> None:
    for _ in range(5):
        with pytest.raises(AuthError):
            stocked.users.authenticate("cashier", "0000")
    with pytest.raises(UserLocked) as err:
        stocked.users.authenticate("cashier", "1111")  # even the right PIN, while locked
    assert "30" in err.value.message
    clock.advance(seconds=31)
    with pytest.raises(AuthError):
        stocked.users.authenticate("cashier", "0000")  # the sixth: 60 s now
    clock.advance(seconds=31)
    with pytest.raises(UserLocked):
        stocked.users.authenticate("cashier", "1111")
    clock.advance(seconds=30)
    assert stocked.users.authenticate("cashier", "1111").username == "cashier"
    failed = [e for e in stocked.audit.entries(action="pin_failed")]
    assert len(failed) == 6 and failed[0].detail["attempts"] == 6


def test_an_empty_or_lettered_pin_is_no_try_and_each_wrong_one_says_what_is_left(stocked: Services) -> None:
    from pos_app.domain.errors import InvalidInput
    from pos_app.services.users import WrongPin

    for typed, said in (("", "请输入 PIN"), ("abcd", "4–8 位数字"), ("12", "4–8 位数字")):
        with pytest.raises(InvalidInput) as refused:
            stocked.users.authorize("manager", typed, "manager")
        assert said in refused.value.message_zh
    assert stocked.audit.entries(action="pin_failed") == []  # nothing was a try
    for left in (4, 3, 2, 1):
        with pytest.raises(WrongPin) as wrong:
            stocked.users.authorize("manager", "0000", "manager")
        assert wrong.value.left == left and f"还可再试 {left} 次" in wrong.value.message_zh
    with pytest.raises(UserLocked) as locked:  # the fifth locks, and says so at once
        stocked.users.authorize("manager", "0000", "manager")
    assert locked.value.seconds == 30 and "30 秒" in locked.value.message_zh


def test_sensitive_actions_are_audited(stocked: Services) -> None:
    from pos_app.importing.households import HouseholdInput

    cashier = stocked.users.authenticate("cashier", "1111")
    manager = stocked.users.authenticate("manager", "999999")
    stocked.households.upsert([HouseholdInput("SC-001", "张桂兰", "村", id_number="11010519491231002X")])
    stocked.households.reveal_id_number("SC-001", manager)
    co = stocked.checkout()
    co.new_sale(cashier.id)
    co.scan("6920000000012", qty=2)
    line = co.scan("6935000000023").line
    assert line is not None
    co.void_line(line.line_no, manager)
    plan = co.start_payment()
    plan.add("cash", plan.due_fen)
    sale = co.pay(plan)
    stocked.refunds.refund(sale.receipt_no, {1: 1}, cashier=cashier, approver=manager, reason="破袋")
    stocked.audit.record("drawer_open", user_id=cashier.id, approver_id=manager.id)
    actions = [e.action for e in reversed(stocked.audit.entries())]
    assert actions[-4:] == ["pii_reveal", "void_line", "refund", "drawer_open"]
    refund = stocked.audit.entries(action="refund")[0]
    assert (refund.user, refund.approver, refund.detail["reason"]) == ("王收银", "张经理", "破袋")
    assert stocked.audit.verify() is None


@pytest.mark.parametrize(
    "tamper",
    [
        "update audit_log set target = 'someone else' where seq = 3",
        "delete from audit_log where seq = 3",
        "update audit_log set seq = 100 where seq = 2; update audit_log set seq = 2 where seq = 3; "
        "update audit_log set seq = 3 where seq = 100",
    ],
)
def test_the_chain_names_the_first_broken_entry(stocked: Services, db_path: Path, tamper: str) -> None:
    for _ in range(3):
        stocked.audit.record("drawer_open", user_id=None)
    assert stocked.audit.verify() is None
    with sqlite3.connect(db_path) as con:
        con.executescript(tamper)
    assert stocked.audit.verify() in (2, 3)


@pytest.mark.parametrize(
    ("tamper", "broken_at"),
    [
        ("delete from audit_log where seq = 5", 5),  # the last entry
        ("delete from audit_log where seq >= 3", 3),  # the last three
        ("delete from audit_log", 1),  # all of them
    ],
)
def test_deleting_the_newest_entries_shows(stocked: Services, db_path: Path, tamper: str, broken_at: int) -> None:
    for _ in range(5):
        stocked.audit.record("drawer_open", user_id=None)
    assert stocked.audit.verify() is None
    with sqlite3.connect(db_path) as con:
        con.executescript(tamper)
    assert stocked.audit.verify() == broken_at
    stocked.audit.record("drawer_open", user_id=None)  # a new entry does not hide the gap
    assert stocked.audit.verify() is not None


def _rechain_without_the_key(db_path: Path, edit: str = "") -> None:
    """What someone holding only the database file can do: edit, then recompute every hash the way
    an unkeyed chain would (plain SHA-256, as the station chained entries before it was keyed)."""
    from pos_app.store.audit import GENESIS, entry_hash

    with sqlite3.connect(db_path) as con:
        con.row_factory = sqlite3.Row
        if edit:
            con.execute(edit)
        prev = GENESIS
        for r in con.execute("select * from audit_log order by seq").fetchall():
            fields = {
                k: r[k] for k in ("id", "terminal_id", "user_id", "approver_id", "action", "target", "detail_json")
            }
            fields["at"] = datetime.fromisoformat(r["at"]).astimezone(UTC).isoformat()
            digest = entry_hash(prev, fields)
            con.execute("update audit_log set prev_hash = ?, hash = ? where seq = ?", (prev, digest, r["seq"]))
            prev = digest


def test_a_chain_rewritten_with_recomputed_hashes_shows(stocked: Services, db_path: Path) -> None:
    """An entry edited and every hash after it recomputed: the links need the key, not in the file."""
    for _ in range(4):
        stocked.audit.record("drawer_open", user_id=None)
    _rechain_without_the_key(db_path, "update audit_log set target = 'someone else' where seq = 2")
    assert stocked.audit.verify() == 1


def test_a_chain_from_before_it_was_keyed_stays_intact_and_goes_on_keyed(stocked: Services, db_path: Path) -> None:
    from pos_app.bootstrap import open_station
    from pos_app.crypto import FieldCipher

    for _ in range(3):
        stocked.audit.record("drawer_open", user_id=None)
    stocked.close()
    _rechain_without_the_key(db_path)  # as the station chained them before it was keyed
    FieldCipher.key_path_for(db_path).with_suffix(".anchor").unlink()
    again = open_station(db_path)
    try:
        assert again.audit.verify() is None
        again.audit.record("drawer_open", user_id=None)
        assert again.audit.verify() is None
        with sqlite3.connect(db_path) as con:
            con.execute("delete from audit_log where seq = 4")
        assert again.audit.verify() == 4
    finally:
        again.close()


def test_personal_data_never_in_documents_or_exports(stocked: Services, tmp_path: Path) -> None:
    from pos_app.importing.catalog import ProductInput
    from pos_app.importing.households import HouseholdInput
    from pos_app.reports.household_docs import settlement_pdf
    from pos_app.reports.period import household_statement_pdf
    from pos_app.services.exports import export
    from tests.integration.test_receipts import pdf_text

    manager = stocked.users.authenticate("manager", "999999")
    stocked.households.upsert(
        [HouseholdInput("SC-001", "张桂兰", "村", id_number="11010519491231002X", bank_account="6222020200112233445")]
    )
    r = stocked.consignment.intake(
        "SC-001",
        quantity=10,
        price_fen=150,
        received_by=manager,
        new_product=ProductInput("蛋", "枚", 150, ("6953000000010",)),
    )
    co = stocked.checkout()
    co.new_sale(manager.id)
    co.add_product(r.product_id, 2)
    plan = co.start_payment()
    plan.add("cash", plan.due_fen)
    co.pay(plan)
    texts = [
        pdf_text(household_statement_pdf(stocked.ledger.statement("SC-001", 2026))),
        pdf_text(settlement_pdf(stocked.settlement.settle("SC-001", method="cash", paid_by=manager))),
    ]
    export(stocked.db, "ledger", tmp_path / "l.csv")
    texts.append((tmp_path / "l.csv").read_text(encoding="utf-8-sig"))
    for t in texts:
        assert "11010519491231002X" not in t and "6222020200112233445" not in t


def test_registry_export_is_masked_unless_an_admin_asks(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from pos_app.cli import main

    db = tmp_path / "s.db"
    assert main(["--db", str(db), "init", "--station", "S1", "--name", "站", "--demo"]) == 0
    out = tmp_path / "h.csv"
    assert main(["--db", str(db), "export", "households", "--out", str(out)]) == 0
    masked = out.read_text(encoding="utf-8-sig")
    assert "张桂兰" in masked and "230113196001101004" not in masked and "1004" in masked
    assert main(["--db", str(db), "export", "households", "--unmasked", "--out", str(out)]) == 2
    assert (
        main(
            [
                "--db",
                str(db),
                "export",
                "households",
                "--unmasked",
                "--as",
                "manager",
                "--pin",
                "999999",
                "--out",
                str(out),
            ]
        )
        == 2
    )  # a manager is not an admin
    assert (
        main(
            [
                "--db",
                str(db),
                "export",
                "households",
                "--unmasked",
                "--as",
                "admin",
                "--pin",
                "888888",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    assert "230113196001101004" in out.read_text(encoding="utf-8-sig")
    capsys.readouterr()
    assert main(["--db", str(db), "audit", "list", "--grep", "registry"]) == 0
    assert "导出完整个人信息" in capsys.readouterr().out  # said in words, not as its code
    assert main(["--db", str(db), "audit", "verify"]) == 0


def test_an_anchor_that_cannot_be_written_never_fails_the_sale(stocked: Services, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The sale committed; the anchor's disk refusing afterwards is logged, not told as a failed sale."""
    from pos_app.crypto import ChainKey
    from tests.facts import sell

    def refuse(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(ChainKey, "write_anchor", refuse)
    receipt = sell(stocked, ["6920000000012"])
    stocked.audit.record("drawer_open", user_id=None)
    assert stocked.refunds.find(receipt).lines


def test_a_forged_anchor_does_not_stop_the_till_and_verify_says_so(stocked: Services, db_path: Path) -> None:
    from pos_app.bootstrap import open_station
    from pos_app.crypto import FieldCipher
    from pos_app.domain.errors import StorageError

    stocked.audit.record("drawer_open", user_id=None)
    stocked.close()
    anchor = FieldCipher.key_path_for(db_path).with_suffix(".anchor")
    anchor.write_text('{"keyed_from": 1, "seq": 0, "hash": "' + "0" * 64 + '", "seal": "forged"}')
    again = open_station(db_path)
    try:
        from tests.facts import sell

        assert sell(again, ["6920000000012"])  # the till opens and sells
        with pytest.raises(StorageError):
            again.audit.verify()
    finally:
        again.close()
