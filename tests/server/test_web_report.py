"""The district report on the web page: each station, certified goods, institutional buyers; the
PDF and each table as CSV/XLSX for the same span; a bad span said, not a crash."""

from __future__ import annotations

import csv
import io
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
    assert api.get("/district/report", params={"table": "certified", "format": "xlsx"}).status_code == 200
    assert api.get("/district/report", params={"table": "buyers", "format": "csv"}).status_code == 200
    bad = api.get("/district/report", params={"from": "2026-12-01", "to": "2026-11-01"})
    assert bad.status_code == 200 and "日期无效" in bad.text
    garbled = api.get("/district/report", params={"from": "yesterday", "format": "pdf"})
    assert garbled.status_code == 200 and "日期无效" in garbled.text  # said on the page, no PDF of another span
