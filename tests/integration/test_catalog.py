"""Catalog: import (CSV in UTF-8/GBK, XLSX; Chinese or English headers), search, exports."""

import csv
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from pos_app.bootstrap import Services
from pos_app.domain.errors import ImportFailed, InvalidInput
from pos_app.services.catalog_io import export_products, import_catalog
from pos_app.services.exports import export_sales

GOOD_ZH = (
    "条码,名称,单位,售价,类别,PLU\n6920000000012,赤峰小米 500g,袋,8.90,扶贫特产,\n,内蒙古西红柿,斤,2.80,蔬菜,1001\n"
)


def _write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_csv_in_every_encoding_offices_use(services: Services, tmp_path: Path, encoding: str) -> None:
    report = import_catalog(services.catalog, _write(tmp_path / "c.csv", GOOD_ZH, encoding))
    assert report.result is not None
    assert report.result.created == 2
    tomato = services.catalog.by_plu(1001)
    assert tomato is not None
    assert (tomato.name, tomato.sold_by_weight, tomato.price_fen) == ("内蒙古西红柿", True, 560)


def test_english_headers_and_xlsx_cells(services: Services, tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["Barcode", "Name", "Unit", "Price", "Category"])
    ws.append([6920000000012, "赤峰小米 500g", "袋", 8.9, "扶贫特产"])
    ws.append(["6935000000023", "蒙香鸡", "只", "58", ""])
    wb.save(tmp_path / "c.xlsx")
    report = import_catalog(services.catalog, tmp_path / "c.xlsx")
    assert report.result is not None and report.result.created == 2
    millet = services.catalog.by_code("6920000000012")
    assert millet is not None and millet.price_fen == 890


BAD = (
    "条码,名称,单位,售价,类别,PLU\n"
    "6920000000012,赤峰小米 500g,袋,8.90,扶贫特产,\n"
    "6920000000013,坏条码,袋,1.00,,\n"
    ",无码无PLU,袋,1.00,,\n"
    "6935000000023,负价格,只,-1,,\n"
    "6901000000035,价格太细,袋,1.234,,\n"
    "6948000000054,,盒,3,,\n"
    "6920000000012,重复条码,袋,1,,\n"
    ",称重,g,1,,77\n"
)


def test_one_bad_row_imports_nothing_and_every_bad_row_is_named(services: Services, tmp_path: Path) -> None:
    with pytest.raises(ImportFailed) as err:
        import_catalog(services.catalog, _write(tmp_path / "bad.csv", BAD))
    lines = [e.line for e in err.value.errors]
    assert lines == [3, 4, 5, 6, 7, 8, 9]
    assert "check digit" in str(err.value.errors[0])
    assert services.catalog.count() == 0


def test_skip_bad_imports_the_good_rows(services: Services, tmp_path: Path) -> None:
    report = import_catalog(services.catalog, _write(tmp_path / "bad.csv", BAD), skip_bad=True)
    assert len(report.bad) == 7
    assert services.catalog.count() == 1


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("x.csv", b""),
        ("x.csv", b"\xff\xfe\x00\x00garbage"),
        ("x.xlsx", b"not a zip"),
        ("x.pdf", b"%PDF"),
        ("x.csv", "名称,售价\n小米,1\n".encode()),
    ],
)
def test_malformed_files_get_a_clear_message(services: Services, tmp_path: Path, name: str, content: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InvalidInput):
        import_catalog(services.catalog, path)
    assert services.catalog.count() == 0


def test_reimport_updates_prices_and_keeps_history(services: Services, tmp_path: Path) -> None:
    import_catalog(services.catalog, _write(tmp_path / "a.csv", GOOD_ZH))
    again = GOOD_ZH.replace("8.90", "9.50")
    report = import_catalog(services.catalog, _write(tmp_path / "b.csv", again))
    assert report.result is not None
    assert (
        report.result.created,
        report.result.updated,
        report.result.price_changes,
        report.result.unchanged,
    ) == (0, 1, 1, 1)
    millet = services.catalog.by_code("6920000000012")
    assert millet is not None and millet.price_fen == 950
    assert [(a, b) for a, b, _ in services.catalog.price_history(millet.id)] == [(None, 890), (890, 950)]


def test_search_by_name_initials_full_pinyin_code_and_plu(stocked: Services) -> None:
    names = lambda q: [p.name for p in stocked.catalog.search(q)]  # noqa: E731
    assert names("西红柿") == ["内蒙古西红柿"]
    assert names("xhs") == ["内蒙古西红柿"]
    assert names("XiHong") == ["内蒙古西红柿"]
    assert names("mxj") == ["蒙香鸡 整鸡1.2kg"]
    assert "赤峰小米 500g" in names("米")
    assert names("6920000000012") == ["赤峰小米 500g"]
    assert names("88")[0] == "纯牛奶 1L"
    assert names("没有的东西") == []
    assert names("") == []


def test_search_sees_catalog_changes(stocked: Services) -> None:
    from pos_app.importing.catalog import ProductInput

    assert stocked.catalog.search("鹅蛋")
    stocked.catalog.upsert([ProductInput("双城大鹅蛋 10枚", "盒", 5800, ("6953000000010",))], source="t")
    assert [p.name for p in stocked.catalog.search("大鹅蛋")] == ["双城大鹅蛋 10枚"]


def test_export_products_round_trips_through_import(stocked: Services, tmp_path: Path) -> None:
    for out in (tmp_path / "p.csv", tmp_path / "p.xlsx"):
        assert export_products(stocked.catalog, out) == 7
    with (tmp_path / "p.csv").open(encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    tomato = next(r for r in rows if r["名称"] == "内蒙古西红柿")
    assert (tomato["单位"], tomato["售价"], tomato["PLU"]) == ("斤", "2.80", "1001")
    report = import_catalog(stocked.catalog, tmp_path / "p.xlsx")
    assert report.result is not None and report.result.unchanged == 7


def test_export_sales_by_local_date(stocked: Services, tmp_path: Path) -> None:
    from datetime import date

    co = stocked.checkout()
    co.new_sale(stocked.users.authenticate("cashier", "1111").id)
    co.scan("6920000000012")
    plan = co.start_payment()
    plan.add("cash", 890)
    co.pay(plan)
    n = export_sales(stocked.db, tmp_path / "s.xlsx", date(2026, 11, 20), date(2026, 11, 20))
    assert n == 1
    ws = load_workbook(tmp_path / "s.xlsx").active
    row = [c.value for c in ws[2]]
    assert row[1] == "TZ01-01-000001" and row[5] == "赤峰小米 500g" and row[-1] == "cash"
    assert export_sales(stocked.db, tmp_path / "none.csv", date(2026, 11, 21), None) == 0
    with pytest.raises(InvalidInput):
        export_sales(stocked.db, tmp_path / "x.csv", date(2026, 11, 21), date(2026, 11, 20))


def test_searching_eggs_lists_eggs_before_egg_noodles(services: Services) -> None:
    from pos_app.importing.catalog import ProductInput

    services.catalog.upsert(
        [
            ProductInput("鸡蛋挂面 1kg", "袋", 890, ("6901234500011",), "粮油"),
            ProductInput("散装鸡蛋", "斤", 650, (), "蛋品", plu=1201),
            ProductInput("鸡蛋饼", "个", 300, (), "熟食", plu=1202),
        ],
        source="test",
    )
    names = [p.name for p in services.catalog.search("鸡蛋")]
    assert names[0] == "散装鸡蛋" and set(names) == {"鸡蛋挂面 1kg", "散装鸡蛋", "鸡蛋饼"}
