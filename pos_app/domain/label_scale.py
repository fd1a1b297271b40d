"""The PLU record a label scale (条码秤) takes in the Dahua TM text protocol, and a download's digest.

Pure: no socket here (``hardware/label_scale.py`` sends the records). One record a PLU, ended by
CR LF on the wire:

    !0V PPPP A CCCCCCC UUUUUU M SSSSSS LLL FF ... B NNNN… C D E

- ``!0V`` the PLU download command; ``PPPP`` the scale's key/PLU number (1–9999);
- ``A`` then ``CCCCCCC`` the item code the label's barcode carries (the ``P`` digits of the station's
  scale layout), ``UUUUUU`` the unit price in fen (per kg when weighed, per piece when counted),
  ``M`` 0 weighed / 1 counted, six digits of special-message flags (0), ``LLL`` the shelf life in
  days, ``FF`` the barcode flag (the fixed leading digits of the station's layout, so the label
  reads at the till), the rest of the 79 digits after ``A`` zero;
- ``B`` then the name as GB2312 区位码, four decimal digits a character (row and cell): Chinese
  firmware prints these from its own font. ASCII letters and digits go as their full-width forms,
  a character GB2312 lacks as □, and the caller is told which names lost one;
- ``C``, ``D`` (second and third text lines, empty) and ``E`` close the record.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

TM_PORT = 4001  # the TCP port a Dahua TM scale takes downloads on
FIELDS_AFTER_A = 79  # digits between "A" and "B" in the record
_REPLACEMENT = "□"


@dataclass(frozen=True)
class PluRecord:
    plu: int  # the scale's key number
    item_code: int  # what the label's barcode carries (the layout's P digits)
    name: str
    price_fen: int  # per kg when weighed, per piece when counted
    weighed: bool
    shelf_life_days: int = 0
    barcode_flag: int = 20  # the layout's fixed leading digits


def quwei(ch: str) -> str | None:
    """A character's GB2312 区位码 as four digits, or None when GB2312 lacks it. ASCII is taken in
    its full-width form (what the scale's Chinese font has); a space is the ideographic space."""
    if ch == " ":
        ch = "\u3000"
    elif "!" <= ch <= "~":
        ch = chr(ord(ch) + 0xFEE0)
    try:
        raw = ch.encode("gb2312")
    except UnicodeEncodeError:
        return None
    if len(raw) != 2:
        return None
    return f"{raw[0] - 0xA0:02d}{raw[1] - 0xA0:02d}"


def encode_name(name: str) -> tuple[str, bool]:
    """The name as 区位码 digits, and whether a character had to be replaced by □."""
    out, replaced = [], False
    for ch in name:
        code = quwei(ch)
        if code is None:
            replaced = True
            code = quwei(_REPLACEMENT)
            assert code is not None
        out.append(code)
    return "".join(out), replaced


def decode_name(digits: str) -> str:
    """The inverse of ``encode_name`` (what the scale will print): four digits a character."""
    chars = []
    for i in range(0, len(digits) - len(digits) % 4, 4):
        row, cell = int(digits[i : i + 2]), int(digits[i + 2 : i + 4])
        chars.append(bytes([row + 0xA0, cell + 0xA0]).decode("gb2312"))
    return "".join(chars)


def record_text(rec: PluRecord) -> str:
    """One PLU as the scale takes it (without the CR LF that ends it on the wire)."""
    if not 1 <= rec.plu <= 9999:
        raise ValueError(f"PLU {rec.plu}: 1 to 9999")
    if not 0 <= rec.item_code <= 9_999_999 or not 0 <= rec.price_fen <= 999_999:
        raise ValueError(f"PLU {rec.plu}: item code or price too long")
    if not 0 <= rec.shelf_life_days <= 999 or not 0 <= rec.barcode_flag <= 99:
        raise ValueError(f"PLU {rec.plu}: shelf life or barcode flag out of range")
    fields = (
        f"{rec.item_code:07d}{rec.price_fen:06d}{0 if rec.weighed else 1}"
        f"000000{rec.shelf_life_days:03d}{rec.barcode_flag:02d}"
    )
    name, _ = encode_name(rec.name)
    return f"!0V{rec.plu:04d}A{fields.ljust(FIELDS_AFTER_A, '0')}B{name}CDE"


def parse_record(text: str) -> PluRecord:
    """Read a record back (the simulated scale in the tests, and a check of what is sent)."""
    if not (text.startswith("!0V") and text.endswith("CDE") and text[7] == "A"):
        raise ValueError(f"not a PLU record: {text[:20]!r}")
    b = text.index("B", 8)
    fields = text[8:b]
    if len(fields) != FIELDS_AFTER_A or not fields.isdigit():
        raise ValueError(f"PLU record fields: {fields!r}")
    return PluRecord(
        plu=int(text[3:7]),
        item_code=int(fields[0:7]),
        price_fen=int(fields[7:13]),
        weighed=fields[13] == "0",
        shelf_life_days=int(fields[20:23]),
        barcode_flag=int(fields[23:25]),
        name=decode_name(text[b + 1 : -3]),
    )


def download_bytes(records: Iterable[PluRecord]) -> bytes:
    return b"".join(record_text(r).encode("ascii") + b"\r\n" for r in records)


def catalog_digest(records: Sequence[PluRecord]) -> str:
    """What a scale holds, as one short string: equal digests, the same PLUs, names and prices."""
    return hashlib.sha256(download_bytes(sorted(records, key=lambda r: r.plu))).hexdigest()[:16]
