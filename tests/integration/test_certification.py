"""Certified products: the district's list imported, linked by barcode, valid only between its dates."""

import sqlite3
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import Workbook

from pos_app.bootstrap import Services
from pos_app.domain.clock import LOCAL_TZ
from pos_app.domain.errors import ImportFailed, InvalidInput
from pos_app.reports.receipt import render_pdf
from tests.integration.test_receipts import pdf_text

CODE = "91350100M000100Y43"  # a valid unified social credit code
HEAD = "证书编号,产品名称,生产企业/供应商,统一社会信用代码,产地,类别,有效期起,有效期止,条码,带贫户数\n"
GOOD = (
    HEAD
    + f"FP-2026-0012,赤峰小米,赤峰市兴农合作社,{CODE},内蒙古赤峰市,粮油,2026-01-01,2026/12/31,6920000000012,120\n"
    + f"FP-2026-0013,蒙香鸡,兴安盟蒙香食品,{CODE},内蒙古兴安盟,肉禽,2026年1月1日,2026年11月30日,6935000000023,35\n"
    + f"FP-2026-0099,某地木耳,某合作社,{CODE},黑龙江,干货,2026-01-01,2026-12-31,,10\n"
)


def _csv(tmp: Path, text: str, enc: str = "utf-8") -> Path:
    p = tmp / "certified.csv"
    p.write_bytes(text.encode(enc))
    return p


@pytest.mark.parametrize("enc", ["utf-8-sig", "gbk"])
def test_import_links_by_barcode_and_lists_unmatched(stocked: Services, tmp_path: Path, enc: str) -> None:
    rep = stocked.certification.import_file(_csv(tmp_path, GOOD, enc))
    assert (rep.created, rep.updated, rep.linked) == (3, 0, 2)
    assert rep.unmatched == ["FP-2026-0099"]
    assert [c.cert_no for c in stocked.certification.unmatched()] == ["FP-2026-0099"]
    millet = stocked.catalog.by_code("6920000000012")
    assert millet is not None and millet.certificate_no == "FP-2026-0012"
    again = stocked.certification.import_file(_csv(tmp_path, GOOD, enc))
    assert (again.created, again.updated, again.linked) == (0, 3, 0)


def test_excel_date_cells_and_english_headers(stocked: Services, tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["Certificate No", "Product", "Supplier", "Credit code", "Valid from", "Valid to", "Barcode"])
    ws.append(["FP-X-1", "赤峰小米", "合作社", CODE, datetime(2026, 1, 1), datetime(2026, 12, 31), 6920000000012])
    wb.save(tmp_path / "c.xlsx")
    rep = stocked.certification.import_file(tmp_path / "c.xlsx")
    assert rep.created == 1 and rep.linked == 1
    (cert,) = stocked.certification.search("FP-X")
    assert (cert.valid_from, cert.valid_to) == (date(2026, 1, 1), date(2026, 12, 31))


def test_bad_rows_are_named_and_nothing_is_imported(stocked: Services, tmp_path: Path) -> None:
    bad = (
        GOOD
        + "FP-2026-0012,重复,某企业,91350100M000100Y43,,,2026-01-01,2026-12-31,,\n"
        + "FP-B-1,坏代码,某企业,91350100M000100Y44,,,2026-01-01,2026-12-31,,\n"
        + "FP-B-2,坏日期,某企业,91350100M000100Y43,,,2026-02-30,2026-12-31,,\n"
        + "FP-B-3,倒序,某企业,91350100M000100Y43,,,2026-12-31,2026-01-01,,\n"
        + "FP-B-4,坏条码,某企业,91350100M000100Y43,,,2026-01-01,2026-12-31,6920000000013,\n"
        + "FP-B-5,坏户数,某企业,91350100M000100Y43,,,2026-01-01,2026-12-31,,很多\n"
    )
    with pytest.raises(ImportFailed) as err:
        stocked.certification.import_file(_csv(tmp_path, bad))
    assert [e.line for e in err.value.errors] == [5, 6, 7, 8, 9, 10]
    text = " ".join(str(e) for e in err.value.errors)
    assert "repeats line 2" in text and "check character" in text and "date" in text and "check digit" in text
    assert stocked.certification.search() == []
    rep = stocked.certification.import_file(_csv(tmp_path, bad), skip_bad=True)
    assert rep.created == 3 and len(rep.bad) == 6


def test_missing_columns_are_explained(stocked: Services, tmp_path: Path) -> None:
    with pytest.raises(InvalidInput) as err:
        stocked.certification.import_file(_csv(tmp_path, "证书编号,产品名称\nA,B\n"))
    assert "统一社会信用代码" in err.value.message


def test_certified_only_while_valid_and_the_sale_line_snapshots_it(
    stocked: Services, tmp_path: Path, clock, db_path
) -> None:
    stocked.certification.import_file(_csv(tmp_path, GOOD))
    cashier = stocked.users.authenticate("cashier", "1111")
    # 2026-11-20: both valid
    co = stocked.checkout()
    co.new_sale(cashier.id, cashier.display_name)
    a = co.scan("6920000000012").line
    b = co.scan("6935000000023").line
    assert a is not None and a.product.certified and a.product.certificate_no == "FP-2026-0012"
    assert b is not None and b.product.certified
    plan = co.start_payment()
    plan.add("cash", plan.due_fen)
    sale = co.pay(plan)
    text = pdf_text(render_pdf(sale))
    assert "【扶贫认证】FP-2026-0012" in text and "其中扶贫认证产品" in text
    # 2026-12-01: the chicken's certificate has expired; the flag stops by itself
    clock.set(datetime(2026, 12, 1, 10, 0, tzinfo=LOCAL_TZ))
    chicken = stocked.catalog.by_code("6935000000023")
    assert chicken is not None and not chicken.certified
    assert [c.cert_no for c in stocked.certification.expiring(30)] == ["FP-2026-0012", "FP-2026-0099"]
    with sqlite3.connect(db_path) as con:
        rows = con.execute("select name, certified, certificate_no from sale_line order by line_no").fetchall()
    assert rows == [("赤峰小米 500g", 1, "FP-2026-0012"), ("蒙香鸡 整鸡1.2kg", 1, "FP-2026-0013")]


def test_manual_link_for_an_unmatched_certificate(stocked: Services, tmp_path: Path) -> None:
    stocked.certification.import_file(_csv(tmp_path, GOOD))
    eggs = stocked.catalog.by_code("6948000000054")
    assert eggs is not None and not eggs.certified
    stocked.certification.link("FP-2026-0099", eggs.id)
    again = stocked.catalog.by_code("6948000000054")
    assert again is not None and again.certificate_no == "FP-2026-0099"
    assert stocked.certification.unmatched() == []
    stocked.certification.unlink("FP-2026-0099", eggs.id)
    assert not stocked.catalog.by_code("6948000000054").certified  # type: ignore[union-attr]


def test_expiring_window(stocked: Services, tmp_path: Path, clock) -> None:
    stocked.certification.import_file(_csv(tmp_path, GOOD))
    today = stocked.certification.today()
    assert today == date(2026, 11, 20)
    soon = {c.cert_no for c in stocked.certification.expiring(15)}
    assert soon == {"FP-2026-0013"}
    clock.advance(days=60)
    assert stocked.certification.expiring(30) == []
    assert all(not c.valid_on(today + timedelta(days=60)) for c in stocked.certification.search())


def test_cli_import_certified(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from pos_app.cli import main

    db = tmp_path / "s.db"
    assert main(["--db", str(db), "init", "--station", "S1", "--name", "站", "--demo"]) == 0
    path = _csv(tmp_path, GOOD.replace("6920000000012", "6935000000016").replace("FP-2026-", "T-"), "gbk")
    capsys.readouterr()
    assert main(["--db", str(db), "import-certified", str(path), "--as", "manager", "--pin", "999999"]) == 0
    out = capsys.readouterr().out
    assert "新增 3" in out and "尚未对应商品" in out
    bad = _csv(tmp_path, HEAD + "X,Y,Z,123,,,2026-01-01,2026-12-31,,\n")
    assert main(["--db", str(db), "import-certified", str(bad), "--as", "manager", "--pin", "999999"]) == 2


def test_a_product_imported_after_its_certificate_is_linked_at_once(stocked: Services, tmp_path: Path) -> None:
    from pos_app.importing.catalog import ProductInput

    text = HEAD + f"FP-2026-0101,黑木耳 250g,东宁合作社,{CODE},黑龙江东宁,干货,2026-01-01,2026-12-31,6924000000010,8\n"
    assert stocked.certification.import_file(_csv(tmp_path, text)).unmatched == ["FP-2026-0101"]
    stocked.catalog.upsert([ProductInput("黑木耳 250g", "袋", 2990, ("6924000000010",), "干货")], "import")
    fungus = stocked.catalog.by_code("6924000000010")
    assert fungus is not None and fungus.certificate_no == "FP-2026-0101"
    assert stocked.certification.unmatched() == []


def test_the_regime_issuer_and_batch_are_read_and_a_wrong_regime_is_refused(services: Services, tmp_path: Path) -> None:
    head = HEAD.rstrip("\n") + ",认定类型,认定机构,认定批次\n"
    text = (
        head
        + f"FP-2020-0007,赤峰小米,赤峰市兴农合作社,{CODE},内蒙古赤峰市,粮油,2020-06-01,2026/12/31,6920000000012,120,"
        + "扶贫产品,国务院扶贫办,2020年第三批\n"
        + f"XF-2024-0031,蒙香鸡,兴安盟蒙香食品,{CODE},内蒙古兴安盟,肉禽,2024-03-01,2027-02-28,6935000000023,35,"
        + "消费帮扶产品认定（2024）,内蒙古自治区乡村振兴局,2024年第一批\n"
        + f"FP-2026-0099,某地木耳,某合作社,{CODE},黑龙江,干货,2026-01-01,2026-12-31,,10,,,\n"
    )
    services.certification.import_file(_csv(tmp_path, text))
    by_no = {c.cert_no: c for c in services.certification.search()}
    assert by_no["FP-2020-0007"].regime == "fupin2020" and by_no["FP-2020-0007"].batch == "2020年第三批"
    assert by_no["XF-2024-0031"].regime_name == "消费帮扶产品（2024）"
    assert by_no["XF-2024-0031"].issuer == "内蒙古自治区乡村振兴局"
    assert by_no["FP-2026-0099"].regime == ""
    bad = head + f"FP-2026-0100,某地木耳,某合作社,{CODE},黑龙江,干货,2026-01-01,2026-12-31,,10,绿色食品,,\n"
    with pytest.raises(ImportFailed) as refused:
        services.certification.import_file(_csv(tmp_path, bad))
    assert refused.value.errors[0].line == 2 and "消费帮扶" in refused.value.errors[0].message
    assert "FP-2026-0100" not in {c.cert_no for c in services.certification.search()}
