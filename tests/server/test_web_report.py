"""The district report on the web page: each station, certified goods, institutional buyers; the
PDF and each table as CSV/XLSX for the same span; a bad span said, not a crash."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from pos_app.bootstrap import Services
from pos_app.crypto import FieldCipher
from tests.server.district_day import pushed_day
from tests.server.test_web_pages import sign_in


def test_the_district_report_as_a_page_a_pdf_and_tables(
    api: TestClient, district: tuple[Engine, FieldCipher], stocked: Services, tmp_path: Path
) -> None:
    engine, _ = district
    pushed_day(api, engine, stocked, tmp_path)
    assert api.get("/district/report", follow_redirects=False).status_code == 303
    sign_in(api)
    page = api.get("/district/report", params={"from": "2026-11-01", "to": "2026-11-30"})
    assert page.status_code == 200
    assert "TZ01 通州社区扶贫超市" in page.text and "全区合计" in page.text
    assert "¥13.40" in page.text  # the net: ¥22.30 sold, ¥8.90 refunded
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in page.text and 'role="img"' in page.text
    assert "每日净销售额：共 1 项，最高 2026-11-20（¥13.40）" in page.text  # the chart in words
    pdf = api.get("/district/report", params={"from": "2026-11-01", "to": "2026-11-30", "format": "pdf"})
    assert (
        pdf.status_code == 200 and pdf.content.startswith(b"%PDF") and pdf.headers["content-type"] == "application/pdf"
    )
    stations = api.get("/district/report", params={"format": "csv"})
    rows = list(csv.reader(io.StringIO(stations.content.decode("utf-8-sig"))))
    tz01 = next(r for r in rows if r[0] == "TZ01")
    assert tz01[2:6] == ["3", "22.30", "8.90", "13.40"]
    # the households' figures of a span come from whole months and the days around them: any span
    # holding the day says the same, one without it says nothing
    for span in (
        {},
        {"from": "2026-11-01", "to": "2026-11-30"},
        {"from": "2026-11-20", "to": "2026-11-20"},
        {"from": "2026-10-15", "to": "2026-12-10"},
        {"from": "2026-01-01", "to": "2026-12-31"},
    ):
        got = list(
            csv.reader(
                io.StringIO(api.get("/district/report", params={**span, "format": "csv"}).content.decode("utf-8-sig"))
            )
        )
        assert next(r for r in got if r[0] == "TZ01") == tz01, span
    for span in ({"from": "2026-11-21", "to": "2026-12-10"}, {"from": "2026-10-01", "to": "2026-11-19"}):
        got = list(
            csv.reader(
                io.StringIO(api.get("/district/report", params={**span, "format": "csv"}).content.decode("utf-8-sig"))
            )
        )
        assert next(r for r in got if r[0] == "TZ01")[7:9] == ["0.00", "0"], span  # credited, households helped
    assert api.get("/district/report", params={"table": "certified", "format": "xlsx"}).status_code == 200
    assert api.get("/district/report", params={"table": "buyers", "format": "csv"}).status_code == 200
    bad = api.get("/district/report", params={"from": "2026-12-01", "to": "2026-11-01"})
    assert bad.status_code == 200 and "日期无效" in bad.text
    garbled = api.get("/district/report", params={"from": "yesterday", "format": "pdf"})
    assert garbled.status_code == 200 and "日期无效" in garbled.text  # said on the page, no PDF of another span


def test_the_growers_demand_by_variety_and_week_and_the_certified_goods_by_supplier(
    api: TestClient, district: tuple[Engine, FieldCipher], stocked: Services, tmp_path: Path
) -> None:
    from pos_app.importing.certified import parse_certified
    from pos_app.server import reference
    from tests.integration.test_certification import GOOD, _csv
    from tests.server.conftest import NOW

    engine, _ = district
    path = _csv(tmp_path, GOOD)
    stocked.certification.import_file(path)  # the millet is certified (FP-2026-0012)
    with engine.begin() as conn:
        reference.import_certified(conn, [item for _, item in parse_certified(path).good], NOW)
    pushed_day(api, engine, stocked, tmp_path)  # Friday 2026-11-20: eggs ×3 (a household's), millet ×2
    sign_in(api)
    page = api.get("/district/report", params={"from": "2026-11-01", "to": "2026-11-30"}).text
    weeks = re.findall(r"<th class=\"num\">(\d\d-\d\d) 周</th>", page)
    # eight weeks to the span's end, or to today's week when the span runs on past today (Friday 11-20)
    assert weeks == ["09-28", "10-05", "10-12", "10-19", "10-26", "11-02", "11-09", "11-16"]
    rows = {
        cells[0]: cells
        for cells in (
            [c.strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
            for row in re.findall(r"<tr><td>[^<]*</td><td>(?:农户代销|认定产品)</td>.*?</tr>", page, re.S)
        )
    }
    eggs = next(v for k, v in rows.items() if v[1] == "农户代销")
    assert eggs[2:9] == ["—"] * 7 and eggs[9] == "3 件"  # the week of 11-16 only
    assert rows["赤峰小米 500g"][1] == "认定产品" and rows["赤峰小米 500g"][9] == "2 件"
    assert "赤峰市兴农合作社" in page and "FP-2026-0012" in page
    demand = api.get(
        "/district/report", params={"from": "2026-11-01", "to": "2026-11-30", "table": "demand", "format": "csv"}
    )
    lines = list(csv.reader(io.StringIO(demand.content.decode("utf-8-sig"))))
    assert lines[0] == ["周（周一）", "品种", "来源", "件数", "重量（克）", "销售额（元）"]
    assert lines[1][:5] == ["2026-11-16", "赤峰小米 500g", "认定产品", "2", "0"] or any(
        r[:5] == ["2026-11-16", "赤峰小米 500g", "认定产品", "2", "0"] for r in lines
    )
    suppliers = api.get("/district/report", params={"table": "suppliers", "format": "csv"})
    assert list(csv.reader(io.StringIO(suppliers.content.decode("utf-8-sig"))))[1][:2] == ["赤峰市兴农合作社", "1"]
    assert api.get("/district/report", params={"table": "demand", "format": "xlsx"}).status_code == 200
    earlier = api.get("/district/report", params={"from": "2026-09-01", "to": "2026-09-30"}).text
    assert "这几周没有农户代销或认定产品售出" in earlier  # the eight weeks to the end of September
