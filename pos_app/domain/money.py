"""Money is an ``int`` of fen (分). Parsing, formatting and rounding live here and nowhere else."""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum

from pos_app.domain.errors import InvalidCount, InvalidMoney, InvalidQuantity
from pos_app.domain.text import is_digits

Fen = int
MAX_FEN: Fen = 99_999_999_99  # ¥99,999,999.99: more than any till sees, far below int64

_CURRENCY = ("¥", "￥", "元", "RMB", "CNY")
_PLAIN = re.compile(r"^(\d+)(?:\.(\d{0,2}))?$")
_GROUPED = re.compile(r"^(\d{1,3}(?:,\d{3})+)(?:\.(\d{0,2}))?$")


def _normalise(text: str) -> str:
    # NFKC folds full-width digits and punctuation ("１２.５" → "12.5", "．" → ".").
    s = unicodedata.normalize("NFKC", text).strip()
    s = s.replace("。", ".")  # a common slip on Chinese keyboards
    for mark in _CURRENCY:
        s = s.replace(mark, "")
    return s.strip()


def parse_yuan(text: str) -> Fen:
    """Parse an amount in yuan ("12.5", "¥12.50", "１２.５", "1,234.56") into fen.

    Rejects negatives, more than two decimals, garbage and amounts above ``MAX_FEN``.
    """
    s = _normalise(text)
    if s.startswith(".") and len(s) > 1:
        s = "0" + s  # ".5" as cashiers type it: ¥0.50
    m = _PLAIN.match(s) or _GROUPED.match(s)
    if not m:
        raise InvalidMoney(text=text)
    whole = int(m.group(1).replace(",", ""))
    frac = (m.group(2) or "").ljust(2, "0")
    fen = whole * 100 + int(frac)
    if fen > MAX_FEN:
        raise InvalidMoney(text=text)
    return fen


_PERCENT = re.compile(r"^(\d{1,3})(?:\.(\d))?[%％]$")
_ZHE = re.compile(r"^([1-9])(?:\.?([1-9]))?折$")  # 9折 pays 90 %, 95折 or 9.5折 pays 95 %


def parse_discount(text: str, amount_fen: Fen) -> Fen:
    """A discount off ``amount_fen`` as a cashier types it: yuan ("5", "¥5.50"), a percentage off
    ("10%", "12.5%") or 折 ("9折" = 10 % off, "95折" = 5 % off); fen rounded half up, never more
    than the amount."""
    s = _normalise(text)
    pct, zhe = _PERCENT.match(s), _ZHE.match(s)
    if pct:
        permille = int(pct.group(1)) * 10 + int(pct.group(2) or 0)  # tenths of a percent off
    elif zhe:
        permille = 1000 - (int(zhe.group(1)) * 100 + int(zhe.group(2) or 0) * 10)
    else:
        off = parse_yuan(text)
        if off > amount_fen:
            raise InvalidMoney(text=text)
        return off
    if not 0 < permille <= 1000:
        raise InvalidMoney(text=text)
    return div_round_half_up(amount_fen * permille, 1000)


def format_fen(fen: Fen, *, symbol: bool = True) -> str:
    """``1250`` → ``"¥12.50"``; negatives as ``"-¥12.50"``."""
    sign = "-" if fen < 0 else ""
    yuan, rest = divmod(abs(fen), 100)
    return f"{sign}{'¥' if symbol else ''}{yuan:,}.{rest:02d}"


def div_round_half_up(numerator: int, denominator: int) -> int:
    """Integer division rounding halves away from zero (for non-negative results: half up)."""
    if denominator <= 0:
        raise ValueError("denominator must be positive")
    q, r = divmod(abs(numerator), denominator)
    if 2 * r >= denominator:
        q += 1
    return q if numerator >= 0 else -q


def weighed_amount(grams: int, fen_per_kg: Fen) -> Fen:
    """Line amount of a weighed good: round-half-up(g × fen/kg / 1000)."""
    return div_round_half_up(grams * fen_per_kg, 1000)


def quantity_amount(quantity: int, unit_fen: Fen, sold_by_weight: bool) -> Fen:
    """What ``quantity`` comes to at ``unit_fen``: pieces × price, or grams at a price per kg."""
    return weighed_amount(quantity, unit_fen) if sold_by_weight else quantity * unit_fen


def per_jin(fen_per_kg: Fen) -> Fen:
    """Price per 斤 (500 g) for display."""
    return price_in(fen_per_kg, "斤")


def shelf_price(price_fen: Fen, unit_label: str, sold_by_weight: bool) -> str:
    """A price as its shelf tag shows it: weighed goods per 斤 when priced by 斤, else per kg."""
    if not sold_by_weight:
        return format_fen(price_fen)
    if unit_label == "斤":
        return f"{format_fen(per_jin(price_fen))}/斤"
    return f"{format_fen(price_fen)}/kg"


def allocate(total: int, weights: list[int]) -> list[int]:
    """Split ``total`` over ``weights`` in proportion, exactly (largest remainder).

    The parts always add up to ``total``; a zero weight gets zero unless all weights are zero.
    """
    if not weights:
        return []
    base = sum(weights)
    if base == 0:
        parts = [0] * len(weights)
        parts[0] = total
        return parts
    sign = -1 if total < 0 else 1
    t = abs(total)
    raw = [(t * w) // base for w in weights]
    rema = [(t * w) % base for w in weights]
    short = t - sum(raw)
    for i in sorted(range(len(weights)), key=lambda i: (-rema[i], i))[:short]:
        raw[i] += 1
    return [sign * p for p in raw]


class Rounding(StrEnum):
    """抹零: how a ticket total is rounded."""

    NONE = "none"
    DROP_FEN = "drop_fen"  # ¥12.37 → ¥12.30
    DROP_JIAO = "drop_jiao"  # ¥12.37 → ¥12.00
    NEAREST_JIAO = "nearest_jiao"  # ¥12.35 → ¥12.40, ¥12.34 → ¥12.30


def round_total(total: Fen, mode: Rounding) -> Fen:
    """The rounding adjustment (≤ 0 except for nearest-jiao) to add to ``total``."""
    if total <= 0 or mode is Rounding.NONE:
        return 0
    if mode is Rounding.DROP_FEN:
        return -(total % 10)
    if mode is Rounding.DROP_JIAO:
        return -(total % 100)
    return div_round_half_up(total, 10) * 10 - total


_QTY = re.compile(r"^(\d+)(?:\.(\d{0,3}))?$")
UNIT_GRAMS = {"kg": 1000, "公斤": 1000, "千克": 1000, "斤": 500, "g": 1, "克": 1, "两": 50}


def weight_unit(unit_label: str) -> str:
    """The unit a weighed good is asked for and shown in: 斤 for goods priced by the 斤, else kg."""
    return "斤" if unit_label == "斤" else "kg"


def stock_unit(sold_by_weight: bool, unit_label: str) -> str:
    """The unit a quantity of a product is typed and shown in: its own unit for pieces; for weighed
    goods 斤 when priced by the 斤, else kg."""
    return weight_unit(unit_label) if sold_by_weight else unit_label


def parse_weight(text: str, unit: str = "kg") -> int:
    """Parse a weight like "1.25" in ``unit`` into whole grams (> 0). A unit written after the number
    ("2斤", "1.5kg", "500g", "3两") is the one that counts."""
    s = unicodedata.normalize("NFKC", text).strip().lower()
    for written in sorted(UNIT_GRAMS, key=len, reverse=True):
        if s.endswith(written) and s[: -len(written)].strip():
            s, unit = s[: -len(written)].strip(), written
            break
    factor = UNIT_GRAMS.get(unit)
    if factor is None:
        raise InvalidQuantity(text=f"{text} {unit}")
    m = _QTY.match(s)
    if not m:
        raise InvalidQuantity(text=text)
    frac = (m.group(2) or "").ljust(3, "0")
    milli = int(m.group(1)) * 1000 + int(frac)
    grams = div_round_half_up(milli * factor, 1000)
    if grams <= 0 or grams > 10_000_000:
        raise InvalidQuantity(text=text)
    return grams


def parse_count(text: str) -> int:
    """Parse a piece count: a whole number from 1 to 9999."""
    s = unicodedata.normalize("NFKC", text).strip()
    if not is_digits(s) or not 0 < int(s) <= 9999:
        raise InvalidCount(text=text)
    return int(s)


def price_in(fen_per_kg: Fen, unit: str) -> Fen:
    """A per-kg price or cost said per ``unit`` ("斤": half of it, rounded half up), for showing and
    for offering on a form."""
    return div_round_half_up(fen_per_kg * UNIT_GRAMS[unit], 1000)


def per_kg(fen_per_unit: Fen, unit: str) -> Fen:
    """A price or cost typed per ``unit`` as the per-kg figure the station keeps (exact for kg, 斤
    and 两; rounded half up for a price per gram's fraction)."""
    return div_round_half_up(fen_per_unit * 1000, UNIT_GRAMS[unit])


def weight_figure(grams: int, unit: str) -> str:
    """Grams as a number in ``unit``: kg always with three decimals as scales show it ("0.500"),
    斤 as people say it ("1.5", "2", "0.25"), both exact to the gram."""
    sign = "-" if grams < 0 else ""
    g = abs(grams)
    if unit == "kg":
        return f"{sign}{g // 1000}.{g % 1000:03d}"
    whole, rest = divmod(g * 1000, UNIT_GRAMS[unit] * 1000)
    frac = f"{div_round_half_up(rest * 1000, UNIT_GRAMS[unit] * 1000):03d}".rstrip("0")
    return f"{sign}{whole}" + (f".{frac}" if frac else "")


def sold_text(pieces: int, grams: int) -> str:
    """What sold of a variety sold both by the piece and by weight, as one text: "12 件", "3.250 kg",
    "12 件 + 3.250 kg", or "—" for nothing."""
    parts = ([f"{pieces} 件"] if pieces else []) + ([f"{weight_figure(grams, 'kg')} kg"] if grams else [])
    return " + ".join(parts) or "—"


def quantity_text(quantity: int, sold_by_weight: bool, unit_label: str) -> str:
    """A stock or line quantity as people read it: "12 袋"; grams as "2 斤" for goods priced by the 斤,
    else "1.250 kg". Every screen, slip and report says a quantity this way."""
    if not sold_by_weight:
        return f"{quantity} {unit_label}"
    unit = weight_unit(unit_label)
    return f"{weight_figure(quantity, unit)} {unit}"
