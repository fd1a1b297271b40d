"""Import files fuzzed: random bytes, CSV rows of random cells under the right headers,
and XLSX sheets of random typed cells go through the catalog, certified-product and household
parsers. Each file is either refused as a whole with the product's own error, or read row by row
into good rows (valid by the parser's own rules) and bad rows with a line number and a reason."""

from __future__ import annotations

import csv
import io
import tempfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from pos_app.domain.errors import PosError
from pos_app.domain.money import MAX_FEN
from pos_app.importing.catalog import parse_catalog
from pos_app.importing.certified import parse_certified
from pos_app.importing.households import parse_households
from pos_app.importing.tabular import Parsed

CATEGORIES = [("poor", "建档立卡贫困户"), ("edge", "边缘户")]
HEADERS = {
    "catalog": ["条码", "名称", "单位", "售价", "类别", "PLU"],
    "certified": [
        "证书编号",
        "产品名称",
        "生产企业/供应商",
        "统一社会信用代码",
        "有效期起",
        "有效期止",
        "条码",
        "带贫户数",
    ],
    "households": ["户编码", "户主姓名", "所在村", "电话", "类别", "结算方式", "身份证号", "银行账号", "归属站点"],
}
CELL = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        [
            "",
            " ",
            "6920000000012",
            "12.5",
            "-1",
            "kg",
            "斤",
            "袋",
            "建档立卡贫困户",
            "现金",
            "银行",
            "2026-01-01",
            "2027-12-31",
            "45000",
            "91110000MA01ABCD1X",
            "11010519491231002X",
            "1e308",
            "=cmd|'/c calc'!A1",
            "\x00",
            '"',
            "\r\n",
            "9" * 60,
        ]
    ),
)
TYPED_CELL = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**53), max_value=2**53),
    st.floats(allow_nan=False, allow_infinity=False),
    st.dates(min_value=date(1900, 3, 1)),
    st.datetimes(min_value=datetime(1900, 3, 1)),
    st.text(max_size=30).filter(lambda t: not any(ord(c) < 32 and c not in "\t\n\r" for c in t)),
)


def _parse(kind: str, path: Path) -> Parsed[Any]:
    if kind == "catalog":
        return parse_catalog(path)
    if kind == "certified":
        return parse_certified(path)
    return parse_households(path, CATEGORIES)


def _check(kind: str, path: Path) -> None:
    try:
        parsed = _parse(kind, path)
    except PosError as exc:
        assert exc.message and exc.message_zh
        return
    lines = [line for line, _ in parsed.good] + [e.line for e in parsed.bad]
    assert len(lines) == len(set(lines)), "a row both good and bad, or read twice"
    assert all(e.message for e in parsed.bad)
    for _, item in parsed.good:
        if kind == "catalog":
            assert item.name.strip() and 0 <= item.price_fen <= MAX_FEN
            assert all(code.strip() == code and code for code in item.codes)
        elif kind == "households":
            assert item.code.strip() and item.head_name.strip()


def _write(data: bytes, suffix: str) -> Path:
    with tempfile.NamedTemporaryFile(suffix=suffix, delete=False) as f:
        f.write(data)
    return Path(f.name)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(sorted(HEADERS)), st.binary(max_size=2000))
@example("catalog", b"\xef\xbb\xbf")
@example("catalog", b'"' * 5000)
@example("households", "户编码\n".encode("utf-16"))
def test_random_bytes(kind: str, data: bytes) -> None:
    path = _write(data, ".csv")
    try:
        _check(kind, path)
    finally:
        path.unlink()


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(sorted(HEADERS)),
    st.lists(st.lists(CELL, min_size=0, max_size=12), max_size=12),
    st.sampled_from([",", "\t", ";"]),
    st.sampled_from(["utf-8-sig", "gb18030"]),
)
@example("catalog", [["6920000000012", "小米", "袋", "8.90", "粮油", ""], ["x" * 200_000]], ",", "utf-8-sig")
def test_csv_rows_under_the_right_headers(kind: str, rows: list[list[str]], delimiter: str, encoding: str) -> None:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter)
    writer.writerow(HEADERS[kind])
    writer.writerows(rows)
    try:
        data = buf.getvalue().encode(encoding)
    except UnicodeEncodeError:
        data = buf.getvalue().encode("utf-8-sig")
    path = _write(data, ".csv")
    try:
        _check(kind, path)
    finally:
        path.unlink()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(sorted(HEADERS)), st.lists(st.lists(TYPED_CELL, max_size=10), max_size=8))
def test_xlsx_sheets_of_typed_cells(kind: str, rows: list[list[Any]]) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(HEADERS[kind])
    for row in rows:
        ws.append(row)
    path = _write(b"", ".xlsx")
    try:
        wb.save(path)
        _check(kind, path)
    finally:
        path.unlink()
