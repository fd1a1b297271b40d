"""Imports within bounds: a hostile file is refused early, with the limit in the message, in
bounded memory (measured in a child process: its peak resident size)."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from pos_app.domain.errors import InvalidInput
from pos_app.importing.tabular import MAX_BAD, MAX_CELL, MAX_ROWS, read_table

CHILD = """
import json, resource, sys
from pos_app.cli import main
code = main(sys.argv[1:])
print(json.dumps({"code": code, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def _import_in_a_child(db: Path, command: str, file: Path) -> tuple[dict[str, float], str, float]:
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-c", CHILD, "--db", str(db), command, str(file), "--as", "boss", "--pin", "135790"],
        capture_output=True,
        text=True,
        timeout=300,
        env={"POS_LANG": "zh_CN", "PATH": "/usr/bin:/bin"},
    )
    seconds = time.monotonic() - started
    return json.loads(done.stdout.strip().splitlines()[-1]), done.stderr, seconds


@pytest.fixture
def station_file(tmp_path: Path) -> Path:
    from pos_app.cli import main

    db = tmp_path / "s.db"
    assert main(["--db", str(db), "init", "--station", "T1", "--name", "一号站"]) == 0
    boss = ["--username", "boss", "--roles", "admin,manager", "--new-pin", "135790"]
    assert main(["--db", str(db), "user", "add", *boss]) == 0
    return db


def _baseline(db: Path, tmp_path: Path) -> float:
    small = tmp_path / "small.csv"
    small.write_text("条码,名称,单位,售价\n6920000000012,小米,袋,5.80\n", encoding="utf-8")
    result, _, _ = _import_in_a_child(db, "import-catalog", small)
    assert result["code"] == 0
    return result["peak_mb"]


def test_a_csv_with_a_100_mb_line_is_refused_in_bounded_memory(station_file: Path, tmp_path: Path) -> None:
    big = tmp_path / "big.csv"
    with big.open("w", encoding="utf-8") as fh:
        fh.write("条码,名称,单位,售价\n6920000000012,")
        for _ in range(100):
            fh.write("米" * 1_000_000)  # 100 MB of characters on one line (300 MB of UTF-8)
        fh.write(",袋,5.80\n")
    baseline = _baseline(station_file, tmp_path)
    result, err, seconds = _import_in_a_child(station_file, "import-catalog", big)
    assert result["code"] == 2 and "超过 200,000 个字符" in err, err
    print(f"100 MB line: refused in {seconds:.1f} s, peak {result['peak_mb']:.0f} MB (baseline {baseline:.0f} MB)")
    assert result["peak_mb"] < baseline + 100, (result, baseline)  # not the file's size, nor a multiple of it
    assert seconds < 60


def test_an_xlsx_declaring_millions_of_rows_is_refused_from_its_dimension(station_file: Path, tmp_path: Path) -> None:
    rows = 3_000_000
    book = tmp_path / "rows.xlsx"
    wb = Workbook()
    wb.active.append(["条码", "名称", "单位", "售价"])
    wb.active.append(["6920000000012", "小米", "袋", 5.8])
    wb.save(book)
    sheet = "xl/worksheets/sheet1.xml"
    with zipfile.ZipFile(book) as src:
        parts = {n: src.read(n) for n in src.namelist()}
    head, rest = parts[sheet].split(b"<sheetData>", 1)
    head = head.replace(b'ref="A1:D2"', f'ref="A1:D{rows}"'.encode())
    with zipfile.ZipFile(book, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in parts.items():
            if name != sheet:
                out.writestr(name, data)
        with out.open(sheet, "w") as fh:
            fh.write(head + b"<sheetData>")
            chunk = b"".join(
                f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>x</t></is></c></row>'.encode() for r in range(1, 10_001)
            )
            for _ in range(rows // 10_000):
                fh.write(chunk)  # the same rows over and over: the file stays small, as the hostile one was
            fh.write(b"</sheetData>" + rest.split(b"</sheetData>", 1)[1])
    assert book.stat().st_size < 20 * 2**20
    baseline = _baseline(station_file, tmp_path)
    result, err, seconds = _import_in_a_child(station_file, "import-catalog", book)
    assert result["code"] == 2 and f"超过 {MAX_ROWS:,} 行" in err, err
    print(f"3M rows: refused in {seconds:.1f} s, peak {result['peak_mb']:.0f} MB (baseline {baseline:.0f} MB)")
    assert result["peak_mb"] < baseline + 100, (result, baseline)
    assert seconds < 60 and err.count("\n") < 5  # one refusal, not millions of lines


def test_an_xlsx_that_unpacks_to_gigabytes_is_refused_before_unpacking(station_file: Path, tmp_path: Path) -> None:
    book = tmp_path / "cell.xlsx"
    wb = Workbook()
    wb.active.append(["条码", "名称", "单位", "售价"])
    wb.save(book)
    with zipfile.ZipFile(book, "a", zipfile.ZIP_DEFLATED) as z, z.open("xl/huge.xml", "w") as fh:
        block = b"a" * 2**20
        for _ in range(600):  # 600 MB of one letter, a few hundred KB packed
            fh.write(block)
    baseline = _baseline(station_file, tmp_path)
    result, err, seconds = _import_in_a_child(station_file, "import-catalog", book)
    assert result["code"] == 2 and "解压后有" in err and "上限 512 MB" in err, err
    print(f"600 MB part: refused in {seconds:.1f} s, peak {result['peak_mb']:.0f} MB (baseline {baseline:.0f} MB)")
    assert result["peak_mb"] < baseline + 100 and seconds < 60


def test_a_long_cell_and_too_many_bad_rows_are_refused_with_their_limits(tmp_path: Path) -> None:
    from pos_app.importing.catalog import parse_catalog

    wide = tmp_path / "wide.csv"
    wide.write_text("条码,名称,单位,售价\n6920000000012," + "米" * (MAX_CELL + 1) + ",袋,5.80\n", encoding="utf-8")
    _, rows = read_table(wide)
    with pytest.raises(InvalidInput) as cell:
        list(rows)
    assert f"上限 {MAX_CELL:,}" in cell.value.message_zh and "第 2 行" in cell.value.message_zh
    bad = tmp_path / "bad.csv"
    bad.write_text("条码,名称,单位,售价\n" + "x,,袋,-1\n" * (MAX_BAD + 5), encoding="utf-8")
    with pytest.raises(InvalidInput) as many:
        parse_catalog(bad)
    assert f"错误行超过 {MAX_BAD:,} 行" in many.value.message_zh and "第 2 行" in many.value.message_zh
