"""The station's trust boundary, measured: what a hostile import costs before it is refused, and what
the keyed PIN hash costs a sign-in.

- Imports: a child ``pos-admin import-catalog`` process per file, its wall time and peak resident
  size; the baseline is the same command on a two-row file in the same run. Files: a CSV with a
  100 MB line, an XLSX declaring 3,000,000 rows (a few MB packed), an XLSX unpacking to 600 MB.
- PINs: ``check_secret`` of a keyed hash (HMAC with the key file's pepper, then scrypt) against the
  unkeyed one (scrypt alone), 20 checks each; the guessing loop over a copied file without the key
  is no faster, since it has nothing to test against.

    python -m tests.benchmarks.bench_trust
"""

from __future__ import annotations

import json
import secrets
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from openpyxl import Workbook

from tests.benchmarks.common import emit, ratio, summary, timed

CHILD = """
import json, resource, sys
from pos_app.cli import main
code = main(sys.argv[1:])
print(json.dumps({"code": code, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def _child(db: Path, file: Path) -> dict[str, float]:
    t0 = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", CHILD, "--db", str(db), "import-catalog", str(file), "--as", "boss", "--pin", "135790"],
        capture_output=True,
        text=True,
        env={"POS_LANG": "zh_CN", "PATH": "/usr/bin:/bin"},
    )
    out = json.loads(done.stdout.strip().splitlines()[-1])
    return {"exit": out["code"], "seconds": round(time.perf_counter() - t0, 2), "peak_mb": round(out["peak_mb"], 1)}


def _files(d: Path) -> dict[str, Path]:
    small = d / "small.csv"
    small.write_text("条码,名称,单位,售价\n6920000000012,小米,袋,5.80\n", encoding="utf-8")
    line = d / "line.csv"
    with line.open("w", encoding="utf-8") as fh:
        fh.write("条码,名称,单位,售价\n6920000000012,")
        for _ in range(100):
            fh.write("米" * 1_000_000)
        fh.write(",袋,5.80\n")
    rows = d / "rows.xlsx"
    wb = Workbook()
    wb.active.append(["条码", "名称", "单位", "售价"])
    wb.active.append(["6920000000012", "小米", "袋", 5.8])
    wb.save(rows)
    with zipfile.ZipFile(rows) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    head, rest = parts[sheet].split(b"<sheetData>", 1)
    with zipfile.ZipFile(rows, "w", zipfile.ZIP_DEFLATED) as out:
        for n, data in parts.items():
            if n != sheet:
                out.writestr(n, data)
        with out.open(sheet, "w") as fh:
            fh.write(head.replace(b'ref="A1:D2"', b'ref="A1:D3000000"') + b"<sheetData>")
            chunk = b"".join(
                f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>x</t></is></c></row>'.encode() for r in range(10_000)
            )
            for _ in range(300):
                fh.write(chunk)
            fh.write(b"</sheetData>" + rest.split(b"</sheetData>", 1)[1])
    bomb = d / "bomb.xlsx"
    wb = Workbook()
    wb.active.append(["条码", "名称", "单位", "售价"])
    wb.save(bomb)
    with zipfile.ZipFile(bomb, "a", zipfile.ZIP_DEFLATED) as z, z.open("xl/huge.xml", "w") as fh:
        for _ in range(600):
            fh.write(b"a" * 2**20)
    return {"small": small, "line": line, "rows": rows, "bomb": bomb}


def main() -> None:
    from pos_app.cli import main as admin
    from pos_app.crypto import check_secret, hash_secret

    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        db = d / "s.db"
        assert admin(["--db", str(db), "init", "--station", "B1", "--name", "基准站"]) == 0
        assert (
            admin(
                [
                    "--db",
                    str(db),
                    "user",
                    "add",
                    "--username",
                    "boss",
                    "--roles",
                    "admin,manager",
                    "--new-pin",
                    "135790",
                ]
            )
            == 0
        )
        files = _files(d)
        results: dict[str, object] = {"baseline_two_rows": _child(db, files["small"])}
        base = results["baseline_two_rows"]
        assert isinstance(base, dict)
        for name in ("line", "rows", "bomb"):
            r = _child(db, files[name])
            r["size_mb"] = round(files[name].stat().st_size / 2**20, 1)
            r["peak_vs_baseline"] = round(r["peak_mb"] / base["peak_mb"], 2)
            r["time_vs_baseline"] = round(r["seconds"] / base["seconds"], 2)
            results[name] = r
    pepper = secrets.token_bytes(32)
    keyed, plain = hash_secret("1111", pepper), hash_secret("1111")
    k = summary(timed(lambda: check_secret("1111", keyed, pepper), 20))
    p = summary(timed(lambda: check_secret("1111", plain), 20))
    results["pin_check_keyed"], results["pin_check_unkeyed"] = k, p
    results["pin_keyed_vs_unkeyed_p50"] = ratio(k, p, "p50_ms")
    emit("trust", results)


if __name__ == "__main__":
    main()
