"""Reading and writing the spreadsheets district offices and managers exchange: CSV and XLSX.

CSV may be UTF-8 (with or without BOM) or GBK/GB18030; headers may be Chinese or English. Every
cell comes back as text with the file's line number, so validators can say where a problem is.

A file is read within bounds, whatever it holds: at most ``MAX_ROWS`` rows, ``MAX_CELL`` characters
a cell, ``MAX_BAD`` bad rows listed; a CSV is read as a stream (never whole into memory) and its
lines are cut off at ``MAX_LINE`` characters; an XLSX is refused from its zip directory when it
would unpack to more than ``MAX_UNPACKED`` bytes, and from its declared size when it says it has
more rows than the limit. Each refusal comes early, with the limit in the message.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, BinaryIO, Generic, TypeVar

from pos_app.domain.errors import InvalidInput, PosError
from pos_app.files import private_dir, private_file

MAX_ROWS = 1_000_000  # data rows of one file: twice the largest catalog a station is measured with
MAX_CELL = 10_000  # characters in one cell
MAX_LINE = 200_000  # characters in one CSV line (a quoted cell may span lines)
MAX_BAD = 1_000  # bad rows listed before a file is refused outright
MAX_UNPACKED = 512 * 1024 * 1024  # what an XLSX may unpack to, all parts together
_SNIFF = 64 * 1024  # bytes read to tell UTF-8 from GB18030 and to sniff the delimiter
T = TypeVar("T")


class BadRows(list["RowError"]):
    """The bad rows of a file, up to ``MAX_BAD``: one more refuses the whole file at once (a file
    of millions of wrong rows is not listed row by row)."""

    def append(self, row: RowError) -> None:
        if len(self) >= MAX_BAD:
            raise InvalidInput(
                what=f"more than {MAX_BAD:,} bad rows (the first at line {self[0].line}): is this the right file?",
                what_zh=f"错误行超过 {MAX_BAD:,} 行（第一处在第 {self[0].line} 行）：请确认文件是否正确",
            )
        super().append(row)


@dataclass(frozen=True)
class RowError:
    line: int
    message: str
    message_zh: str = ""

    @classmethod
    def of(cls, line: int, exc: PosError) -> RowError:
        return cls(line, exc.message, exc.message_zh)

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"

    def zh(self) -> str:
        return f"第 {self.line} 行：{self.message_zh or self.message}"


@dataclass
class Parsed(Generic[T]):
    """A file read row by row: the good rows (line, record) and the bad ones with their reason."""

    good: list[tuple[int, T]]
    bad: list[RowError]

    def __post_init__(self) -> None:
        self.bad = BadRows(self.bad)


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        # Excel stores numbers as doubles: 6901234567892.0 is a barcode, 12.5 a price.
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _clean_header(h: str) -> str:
    return unicodedata.normalize("NFKC", h).strip().lower().replace(" ", "").replace("_", "")


def _csv_encoding(head: bytes) -> str:
    """UTF-8 unless the file's first bytes are not (then GB18030, as Excel saves CSV in China)."""
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 3:  # not merely a character cut at the sample's end
            return "gb18030"
    return "utf-8-sig"


def read_table(path: Path) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    """(headers, rows) of the first sheet; each row is (line number, cells as text)."""
    if not path.is_file():
        raise InvalidInput(what=f"no such file: {path}")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path)
    if suffix in (".csv", ".txt", ""):
        return _read_csv(path)
    raise InvalidInput(what=f"{path.name}: use a .csv or .xlsx file")


def _check_cells(line: int, cells: list[str]) -> list[str]:
    for cell in cells:
        if len(cell) > MAX_CELL:
            raise InvalidInput(
                what=f"line {line}: a cell of {len(cell):,} characters (the limit is {MAX_CELL:,})",
                what_zh=f"第 {line} 行：有一格长达 {len(cell):,} 个字符（上限 {MAX_CELL:,}）",
            )
    return cells


def _bounded_lines(stream: io.TextIOBase) -> Iterator[str]:
    """The stream's lines, none read past ``MAX_LINE`` characters (a longer one refuses the file)."""
    n = 0
    while True:
        line = stream.readline(MAX_LINE + 1)
        if not line:
            return
        n += 1
        if len(line) > MAX_LINE:
            raise InvalidInput(
                what=f"line {n} is longer than {MAX_LINE:,} characters: not a table this station reads",
                what_zh=f"第 {n} 行超过 {MAX_LINE:,} 个字符：不是可导入的表格",
            )
        if "\x00" in line:
            raise InvalidInput(what="the file is not a text CSV", what_zh="文件不是文本 CSV")
        yield line


def _read_csv(path: Path) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    fh = path.open("rb")
    try:
        head = fh.read(_SNIFF)
        fh.seek(0)
        stream = io.TextIOWrapper(fh, encoding=_csv_encoding(head), newline="")
        lines = _bounded_lines(stream)
        sample: list[str] = []
        size = 0
        try:
            for line in lines:  # a few lines to sniff the delimiter from, then the rest as they come
                sample.append(line)
                size += len(line)
                if size >= 4096:
                    break
        except UnicodeDecodeError as exc:
            raise InvalidInput(
                what="the file is neither UTF-8 nor GBK/GB18030 text", what_zh="文件既不是 UTF-8 也不是 GBK 文本"
            ) from exc
        try:
            dialect: Any = csv.Sniffer().sniff("".join(sample)[:4096], delimiters=",\t;")
        except csv.Error:
            dialect = csv.excel
        reader = csv.reader(itertools.chain(sample, lines), dialect)
        headers: list[str] = []
        with _csv_errors(reader, stream):
            for row in reader:
                if any(c.strip() for c in row):
                    headers = _check_cells(reader.line_num, row)
                    break
    except BaseException:
        fh.close()
        raise
    if not headers:
        fh.close()
        raise InvalidInput(what="the file is empty", what_zh="文件是空的")

    def rows() -> Iterator[tuple[int, list[str]]]:
        count = 0
        try:
            with _csv_errors(reader, stream):
                for row in reader:
                    if any(c.strip() for c in row):
                        count += 1
                        if count > MAX_ROWS:
                            raise _too_rows()
                        yield reader.line_num, _check_cells(reader.line_num, row)
        finally:
            fh.close()

    return headers, rows()


def _too_rows() -> InvalidInput:
    return InvalidInput(
        what=f"more than {MAX_ROWS:,} rows: split the file", what_zh=f"超过 {MAX_ROWS:,} 行：请把文件拆分后再导入"
    )


@contextmanager
def _csv_errors(reader: Any, stream: io.TextIOBase) -> Iterator[None]:
    """A row the csv module cannot read (a runaway quote, a field over its size limit) refuses the
    file; so does text that stops being the file's encoding half-way."""
    try:
        yield
    except csv.Error as exc:
        raise InvalidInput(
            what=f"line {reader.line_num} is not a readable CSV row ({exc})",
            what_zh=f"第 {reader.line_num} 行不是有效的 CSV 行（{exc}）",
        ) from exc
    except UnicodeDecodeError as exc:
        raise InvalidInput(
            what=f"near line {reader.line_num + 1}: the text is not {stream.encoding} like the rest of the file",
            what_zh=f"第 {reader.line_num + 1} 行附近：文字编码与文件其余部分不同（应为 UTF-8 或 GBK）",
        ) from exc


def _read_xlsx(path: Path) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    from openpyxl import load_workbook

    _check_unpacked(path)
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise InvalidInput(what=f"{path.name} is not a readable XLSX file ({type(exc).__name__})") from exc
    ws = wb.worksheets[0]
    try:
        declared = ws.max_row  # from the sheet's <dimension>, read before any row
    except Exception:  # a sheet without a readable dimension: the rows are counted as they come
        declared = None
    if declared is not None and declared > MAX_ROWS + 1:
        wb.close()
        raise _too_rows()
    it = ws.iter_rows(values_only=True)
    headers: list[str] = []
    line = 0
    for raw in it:
        line += 1
        cells = [_cell_text(v) for v in raw]
        if any(c.strip() for c in cells):
            headers = _check_cells(line, cells)
            break
        if line > MAX_ROWS:
            break
    if not headers:
        wb.close()
        raise InvalidInput(what="the sheet is empty", what_zh="工作表是空的")

    def rows() -> Iterator[tuple[int, list[str]]]:
        n = line
        try:
            for raw in it:
                n += 1
                if n - line > MAX_ROWS:
                    raise _too_rows()
                cells = [_cell_text(v) for v in raw]
                if any(c.strip() for c in cells):
                    yield n, _check_cells(n, cells)
        finally:
            wb.close()

    return headers, rows()


def _check_unpacked(path: Path) -> None:
    """Refuse, from the zip's own directory, an XLSX that would unpack to more than ``MAX_UNPACKED``
    (one cell of a gigabyte, or a zip bomb), before any of it is unpacked."""
    try:
        with zipfile.ZipFile(path) as z:
            unpacked = sum(info.file_size for info in z.infolist())
    except (zipfile.BadZipFile, OSError) as exc:
        raise InvalidInput(
            what=f"{path.name} is not a readable XLSX file ({exc})", what_zh=f"{path.name} 不是可读取的 XLSX 文件"
        ) from exc
    if unpacked > MAX_UNPACKED:
        mb, limit = unpacked // 2**20, MAX_UNPACKED // 2**20
        raise InvalidInput(
            what=f"{path.name} unpacks to {mb:,} MB (the limit is {limit} MB): split it or save it as CSV",
            what_zh=f"{path.name} 解压后有 {mb:,} MB（上限 {limit} MB）：请拆分文件或另存为 CSV",
        )


def map_headers(
    headers: Sequence[str], aliases: Mapping[str, Sequence[str]], required: Iterable[str]
) -> dict[str, int]:
    """Map our field names to column positions using each field's accepted header spellings."""
    clean = [_clean_header(h) for h in headers]
    found: dict[str, int] = {}
    for field, names in aliases.items():
        for name in names:
            key = _clean_header(name)
            if key in clean:
                found[field] = clean.index(key)
                break
    absent = [f for f in required if f not in found]
    if absent:
        missing = [f"{f} ({'/'.join(aliases[f][:2])})" for f in absent]
        chinese = ["/".join([a for a in aliases[f] if not a.isascii()][:2] or list(aliases[f][:1])) for f in absent]
        raise InvalidInput(
            what=f"missing column(s): {', '.join(missing)}; found: {', '.join(headers)}",
            what_zh=f"缺少列：{'、'.join(chinese)}；文件中的列：{'、'.join(headers) or '（无）'}",
        )
    return found


class Fields:
    """One data row, read by field name: ``row["price"]`` is the stripped cell, or "" when absent."""

    __slots__ = ("_cells", "_cols")

    def __init__(self, cells: list[str], cols: dict[str, int]) -> None:
        self._cells = cells
        self._cols = cols

    def __getitem__(self, key: str) -> str:
        i = self._cols.get(key)
        return unescape_cell(self._cells[i].strip()) if i is not None and i < len(self._cells) else ""


class FieldRows:
    """The data rows of a file by field name, and the columns no field took (a file's header
    spelled in a way the importer does not know is named back to the user, never silently dropped)."""

    def __init__(self, headers: Sequence[str], cols: dict[str, int], rows: Iterator[tuple[int, list[str]]]) -> None:
        taken = set(cols.values())
        self.ignored = [h.strip() for i, h in enumerate(headers) if i not in taken and h.strip()]
        self._cols = cols
        self._rows = rows

    def __iter__(self) -> Iterator[tuple[int, Fields]]:
        return ((line, Fields(cells, self._cols)) for line, cells in self._rows)


def read_fields(path: Path, aliases: Mapping[str, Sequence[str]], required: Iterable[str]) -> FieldRows:
    """(line number, row by field name) for every data row; a missing column fails before any row."""
    headers, rows = read_table(path)
    return FieldRows(headers, map_headers(headers, aliases, required), rows)


# A cell a spreadsheet would take for a formula (or, after a tab or CR, for one more cell's start).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")


def csv_safe(value: Any) -> Any:
    """A CSV cell Excel or WPS will show and never run: text that begins like a formula gets a
    leading apostrophe (a name "=HYPERLINK(…)" stays a name); numbers, and text that is only a
    number ("-12.50"), stay as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_START) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def unescape_cell(text: str) -> str:
    """What ``csv_safe`` wrote, read back as it was: "'=1+2" → "=1+2" (kept as text by the importer)."""
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_START) else text


def write_table(path: Path, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Write CSV (UTF-8 with BOM, so Excel opens Chinese correctly) or XLSX by the file's suffix.

    No cell is ever a formula: in XLSX every text is written as text (a name beginning with "="
    too), numbers as numbers; in CSV text that begins like a formula is neutralised (``csv_safe``)."""
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise InvalidInput(what=f"{path.name}: export to .csv or .xlsx", what_zh=f"{path.name}：请导出为 .csv 或 .xlsx")
    if not path.parent.exists():
        private_dir(path.parent)
    private_file(path)  # owner-only before a row is in it: exports hold personal data
    with path.open("wb") as fh:
        return _write(fh, suffix, headers, rows)


def table_bytes(suffix: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """The same table as ``write_table`` writes, as the bytes of a download (".csv" or ".xlsx")."""
    buf = io.BytesIO()
    _write(buf, suffix, headers, rows)
    return buf.getvalue()


def _write(fh: BinaryIO, suffix: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    n = 0
    if suffix == ".xlsx":
        from openpyxl import Workbook
        from openpyxl.cell import WriteOnlyCell

        wb = Workbook(write_only=True)
        ws = wb.create_sheet()
        ws.freeze_panes = "A2"  # the header stays in view

        def cells(values: Sequence[Any]) -> list[Any]:
            out: list[Any] = []
            for v in values:
                if isinstance(v, str):
                    cell = WriteOnlyCell(ws, value=v)
                    cell.data_type = "s"  # text, never a formula, whatever it begins with
                    out.append(cell)
                else:
                    out.append(v)  # typed cells: numbers stay numbers
            return out

        ws.append(cells(list(headers)))
        for row in rows:
            ws.append(cells(row))
            n += 1
        wb.save(fh)
        return n
    text = io.TextIOWrapper(fh, encoding="utf-8-sig", newline="")
    w = csv.writer(text)
    w.writerow([csv_safe(h) for h in headers])
    for row in rows:
        w.writerow([csv_safe(v) for v in row])
        n += 1
    text.flush()
    text.detach()  # the caller's file stays open (a download's buffer is read afterwards)
    return n
