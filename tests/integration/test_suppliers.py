"""Suppliers: the credit code's check character (a rural collective's N… code included), imports
all or nothing with line numbers, the form's add and edit under the purchasing permission, the
certificates a supplier holds."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import openpyxl
import pytest

from pos_app.bootstrap import Services
from pos_app.cli import main
from pos_app.domain.errors import ImportFailed, InvalidInput, NotPermitted
from pos_app.importing.suppliers import SupplierInput

ROOT = Path(__file__).resolve().parents[2]
COOPERATIVE = "93150400MA0N123454"  # 赤峰市兴农杂粮种植专业合作社, holder of the demo certificates
COLLECTIVE = "N2150422MF0000001F"  # a village collective economic organisation (N: agriculture)
ENTERPRISE = "91350100M000100Y43"


def _csv(tmp: Path, body: str) -> Path:
    p = tmp / "suppliers.csv"
    p.write_text("编码,名称,统一社会信用代码,联系人,电话\n" + body, encoding="utf-8")
    return p


def _manager(s: Services):  # type: ignore[no-untyped-def]
    return s.users.authorize("manager", "999999", "manager")


def test_a_supplier_is_added_and_edited_on_the_form_and_audited(stocked: Services) -> None:
    manager = _manager(stocked)
    added = stocked.suppliers.save(SupplierInput("S01", "兴农合作社", COOPERATIVE.lower(), "刘社长"), by=manager)
    assert added.credit_code == COOPERATIVE  # folded to capitals
    full = SupplierInput("S01", "赤峰市兴农杂粮种植专业合作社", COOPERATIVE, "刘社长", "0476-8888888")
    edited = stocked.suppliers.save(full, by=manager)
    assert edited.name == "赤峰市兴农杂粮种植专业合作社" and edited.phone == "0476-8888888"
    assert [v.code for v in stocked.suppliers.all()] == ["S01"]
    by_name, by_credit = stocked.suppliers.all("兴农"), stocked.suppliers.all("93150400")
    assert [v.code for v in by_name] == [v.code for v in by_credit] == ["S01"]
    assert [e.action for e in stocked.audit.entries(action="supplier_add")] == ["supplier_add"]
    assert [e.target for e in stocked.audit.entries(action="supplier_edit")] == ["S01"]
    with pytest.raises(InvalidInput) as taken:  # one credit code is one supplier
        stocked.suppliers.save(SupplierInput("S02", "另一家", COOPERATIVE), by=manager)
    assert "已属于供应商 S01" in taken.value.message_zh
    cashier = stocked.users.authenticate("cashier", "1111")
    with pytest.raises(NotPermitted):
        stocked.suppliers.save(SupplierInput("S03", "某企业", ENTERPRISE), by=cashier)
    assert [v.code for v in stocked.suppliers.all()] == ["S01"]


def test_credit_codes_are_checked_and_a_rural_collective_is_valid(stocked: Services) -> None:
    manager = _manager(stocked)
    assert stocked.suppliers.save(SupplierInput("V01", "幸福村股份经济合作社", COLLECTIVE), by=manager).code == "V01"
    for bad in (COOPERATIVE[:-1] + "5", "93150400MA0N12345", "93150400MA0N1234I4", ""):
        with pytest.raises(InvalidInput) as refused:
            stocked.suppliers.save(SupplierInput("V02", "坏代码", bad), by=manager)
        assert "统一社会信用代码" in refused.value.message_zh
    assert [v.code for v in stocked.suppliers.all()] == ["V01"]


def test_an_import_with_one_bad_line_changes_nothing_and_names_the_line(stocked: Services, tmp_path: Path) -> None:
    path = _csv(
        tmp_path,
        f"S01,兴农合作社,{COOPERATIVE},刘社长,13800000000\n"
        f"S02,坏企业,{ENTERPRISE[:-1]}4,,\n"
        f"V01,幸福村股份经济合作社,{COLLECTIVE},,\n",
    )
    with pytest.raises(ImportFailed) as failed:
        stocked.suppliers.import_file(path)
    assert [e.line for e in failed.value.errors] == [3]  # the header is line 1
    assert stocked.suppliers.all() == []
    report = stocked.suppliers.import_file(path, skip_bad=True)
    assert (report.created, report.updated, [e.line for e in report.bad]) == (2, 0, [3])
    again = _csv(tmp_path, f"S01,赤峰市兴农杂粮种植专业合作社,{COOPERATIVE},刘社长,\nS01,重复,{ENTERPRISE},,\n")
    with pytest.raises(ImportFailed) as repeated:
        stocked.suppliers.import_file(again)
    assert [e.line for e in repeated.value.errors] == [3]


def test_an_xlsx_with_english_headers_updates_and_the_supplier_shows_its_certificates(
    stocked: Services, tmp_path: Path
) -> None:
    stocked.certification.import_file(ROOT / "db" / "seed" / "demo_certified.csv")
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["code", "name", "credit_code", "contact", "phone"])
    ws.append(["S01", "兴农合作社", COOPERATIVE, "刘社长", "13800000000"])
    ws.append(["S02", "某企业", ENTERPRISE, "", ""])
    path = tmp_path / "suppliers.xlsx"
    wb.save(path)
    assert (stocked.suppliers.import_file(path).created, stocked.suppliers.import_file(path).updated) == (2, 2)
    held = stocked.suppliers.get("S01").certificates
    assert "FP-2026-0001" in held and "FP-2026-0002" in held
    assert stocked.suppliers.get("S02").certificates == ()


def test_pos_admin_imports_and_lists_suppliers(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "s.db"
    assert main(["--db", str(db), "init", "--station", "TZ01", "--name", "通州社区扶贫超市"]) == 0
    boss = ["--username", "boss", "--roles", "admin,manager", "--new-pin", "135790"]
    assert main(["--db", str(db), "user", "add", *boss]) == 0
    bad = _csv(tmp_path, f"S01,兴农合作社,{COOPERATIVE},,\nS02,坏,123,,\n")
    capsys.readouterr()
    assert main(["--db", str(db), "import-suppliers", str(bad), "--as", "boss", "--pin", "135790"]) == 2
    assert "第 3 行" in capsys.readouterr().err
    with sqlite3.connect(db) as con:
        assert con.execute("select count(*) from supplier").fetchone()[0] == 0
    good = _csv(tmp_path, f"S01,兴农合作社,{COOPERATIVE},刘社长,\nV01,幸福村股份经济合作社,{COLLECTIVE},,\n")
    assert main(["--db", str(db), "import-suppliers", str(good), "--as", "boss", "--pin", "135790"]) == 0
    assert "新增 2" in capsys.readouterr().out
    assert main(["--db", str(db), "suppliers", "--search", "幸福"]) == 0
    out = capsys.readouterr().out
    assert "V01" in out and COLLECTIVE in out and "S01" not in out


def test_a_file_without_a_required_column_is_refused_in_chinese(stocked: Services, tmp_path: Path) -> None:
    manager = stocked.users.authorize("manager", "999999", "manager")
    bad = tmp_path / "s.csv"
    bad.write_text("名称,电话\n兴农合作社,13800000000\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as refused:
        stocked.suppliers.import_file(bad, by=manager)
    assert "缺少列：编码" in refused.value.message_zh and "统一社会信用代码" in refused.value.message_zh
    assert "code" not in refused.value.message_zh
    assert stocked.suppliers.all() == []
