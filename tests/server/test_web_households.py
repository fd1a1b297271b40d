"""The district's households pages: every household's income this year against its target, filtered
as a clerk asks (below target, village, category, name), and one household's every line from every
station. A real station's sales pushed to the real server, on SQLite and on PostgreSQL."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from pos_app.bootstrap import Services
from pos_app.crypto import FieldCipher
from tests.server.district_day import pushed_day
from tests.server.test_web_pages import sign_in


def rows(html: str) -> list[list[str]]:
    body = html.split("<tbody>", 1)[1]
    return [
        [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", tr, re.S)]
        for tr in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]


def test_households_against_their_target_and_one_households_every_line(
    api: TestClient, district: tuple[Engine, FieldCipher], stocked: Services, tmp_path: Path
) -> None:
    engine, _ = district
    pushed_day(api, engine, stocked, tmp_path)
    assert api.get("/district/households", follow_redirects=False).status_code == 303
    sign_in(api)
    page = api.get("/district/households")
    assert page.status_code == 200
    table = {r[0]: r for r in rows(page.text)}
    assert table["SC-001"][1:4] == ["张桂兰", "双城区幸福村", "建档立卡贫困户"]
    assert table["SC-001"][4:6] == ["¥4.50", "¥1,000.00"] and table["SC-001"][6].endswith("0%")
    assert table["SC-001"][7] == "¥4.50"  # its balance: nothing paid out yet
    assert set(table) == {"SC-001", "SC-002"}
    assert "帮扶农户收入进度分布（户数）：共 5 项，最高 0–24%（2）" in page.text  # the chart, said in words
    by_village = rows(api.get("/district/households", params={"village": "双城区永胜村"}).text)
    assert [r[0] for r in by_village] == ["SC-002"]
    by_name = rows(api.get("/district/households", params={"q": "桂兰"}).text)
    assert [r[0] for r in by_name] == ["SC-001"]
    by_category = rows(api.get("/district/households", params={"category": "建档立卡贫困户", "below": "1"}).text)
    assert [r[0] for r in by_category] == ["SC-001"]
    unsold = rows(api.get("/district/households", params={"unsold": "1"}).text)
    assert [r[0] for r in unsold] == ["SC-002"]  # no one bought its goods this year
    assert "今年无人购买" in api.get("/district/households", params={"unsold": "1"}).text
    one = api.get("/district/households/SC-001")
    assert one.status_code == 200
    lines = rows(one.text)
    # newest first: the third sale's egg, then the first sale's two (one line of two)
    assert [(r[1], r[2], r[3], r[4], r[5]) for r in lines] == [
        ("TZ01", "销售入账", "TZ01-01-000003", "农家土鸡蛋(张桂兰)", "¥1.50"),
        ("TZ01", "销售入账", "TZ01-01-000001", "农家土鸡蛋(张桂兰)", "¥3.00"),
    ]
    pdf = api.get("/district/households/SC-001", params={"format": "pdf"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert api.get("/district/households/NOPE").status_code == 404


def test_every_table_downloads_as_csv_and_xlsx_and_no_cell_is_a_formula(
    api: TestClient, district: tuple[Engine, FieldCipher], stocked: Services, tmp_path: Path
) -> None:
    import csv
    import io

    from openpyxl import load_workbook

    from pos_app.server import auth
    from tests.server.conftest import NOW

    engine, _ = district
    with engine.begin() as conn:
        auth.add_station(conn, "EVIL", '=HYPERLINK("http://x","点我")', NOW)
    pushed_day(api, engine, stocked, tmp_path)
    assert api.get("/district/households?format=csv", follow_redirects=False).status_code == 303  # signed in only
    sign_in(api)
    got = api.get("/district/", params={"format": "csv"})
    assert got.status_code == 200 and got.headers["content-type"].startswith("text/csv")
    assert "attachment" in got.headers["content-disposition"]
    assert got.content.startswith(b"\xef\xbb\xbf")  # the BOM: Excel opens the Chinese right
    table = list(csv.reader(io.StringIO(got.content.decode("utf-8-sig"))))
    assert table[0][:2] == ["站点编码", "站点"]
    assert ["EVIL", '\'=HYPERLINK("http://x","点我")'] in [r[:2] for r in table]
    book = load_workbook(io.BytesIO(api.get("/district/?format=xlsx").content))
    cells = [c for row in book.active.iter_rows() for c in row if c.value and str(c.value).startswith("=")]
    assert cells and all(c.data_type == "s" for c in cells)  # text, never a formula
    below = api.get("/district/households", params={"below": "1", "village": "双城区幸福村", "format": "csv"})
    rows_ = list(csv.reader(io.StringIO(below.content.decode("utf-8-sig"))))
    assert [r[0] for r in rows_[1:]] == ["SC-001"] and rows_[1][4] == "4.50"  # the page's filters, in yuan
    lines = api.get("/district/households/SC-001?format=xlsx")
    sheet = load_workbook(io.BytesIO(lines.content)).active
    assert [c.value for c in next(sheet.iter_rows())][-1] == "金额（元）" and sheet.max_row == 3
