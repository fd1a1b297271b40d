"""What a scanned or typed code is: a product barcode, a scale label, a PLU or a payment code.

Rules:
- Payment codes (WeChat, Alipay, UnionPay QR) are recognised first and never looked up as products.
- EAN-13, EAN-8 and UPC-A carry a check digit; a wrong one is an error, never a product.
- Scale labels follow configurable layouts; several may be active, the first match wins.
- Short all-digit codes (1–6 digits) are PLU numbers.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from pos_app.domain.errors import InvalidBarcode, InvalidInput
from pos_app.domain.text import is_digits


def gs1_check_digit(body: str) -> int:
    """GS1 mod-10 check digit for any length (EAN-8, UPC-A, EAN-13, GTIN-14, 18-digit labels)."""
    raw = body.encode("ascii")  # digits only (callers check): byte value − 48 is the digit
    odd, even = raw[-1::-2], raw[-2::-2]  # from the right: weight 3, then 1
    total = 3 * (sum(odd) - 48 * len(odd)) + sum(even) - 48 * len(even)
    return (10 - total % 10) % 10


def has_valid_check_digit(code: str) -> bool:
    return is_digits(code) and len(code) >= 2 and gs1_check_digit(code[:-1]) == int(code[-1])


def with_check_digit(body: str) -> str:
    return body + str(gs1_check_digit(body))


def gs1_country(code: str) -> str | None:
    """``"CN"`` for GS1 China prefixes (690–699, 680–681), ``"instore"`` for 20–29, else ``None``."""
    if len(code) == 12:
        code = "0" + code
    if len(code) != 13 or not is_digits(code):
        return None
    p3 = int(code[:3])
    if 690 <= p3 <= 699 or 680 <= p3 <= 681:
        return "CN"
    if 20 <= int(code[:2]) <= 29:
        return "instore"
    return None


class PaymentNetwork(StrEnum):
    WECHAT = "wechat"
    ALIPAY = "alipay"
    UNIONPAY = "unionpay"
    ECNY = "ecny"  # 数字人民币


PAYMENT_NETWORK_ZH = {
    PaymentNetwork.WECHAT: "微信支付",
    PaymentNetwork.ALIPAY: "支付宝",
    PaymentNetwork.UNIONPAY: "银联云闪付",
    PaymentNetwork.ECNY: "数字人民币",
}


# Each network's payment codes: their lengths and their first two digits. WeChat 18 digits 10–15…,
# Alipay 16–24 digits 25–30…, UnionPay 19 digits 62…, e-CNY (数字人民币) 19 digits 01… (as the
# acquirers' integration guides give the wallet's code; a 13- or 14-digit 01… is a GTIN).
PAYMENT_CODES: tuple[tuple[PaymentNetwork, range, range], ...] = (
    (PaymentNetwork.ECNY, range(19, 20), range(1, 2)),
    (PaymentNetwork.WECHAT, range(18, 19), range(10, 16)),
    (PaymentNetwork.ALIPAY, range(16, 25), range(25, 31)),
    (PaymentNetwork.UNIONPAY, range(19, 20), range(62, 63)),
)


def payment_network(code: str) -> PaymentNetwork | None:
    """Recognise a customer's payment code (付款码) by length and prefix (``PAYMENT_CODES``)."""
    if not is_digits(code) or len(code) < 2:
        return None
    n, p2 = len(code), int(code[:2])
    return next((net for net, lengths, firsts in PAYMENT_CODES if n in lengths and p2 in firsts), None)


def payment_collision(pattern: str) -> PaymentNetwork | None:
    """The network whose payment codes some label of this layout would look like (same length, a
    first-two-digits range its fixed leading digits do not rule out), or None. Payment codes are
    read first at the till, rightly: such a layout's labels would never sell."""
    lead = ""
    for ch in pattern:
        if not ch.isdigit():
            break
        lead += ch
    if len(lead) >= 2:
        firsts = {int(lead[:2])}
    elif lead:
        firsts = {int(lead) * 10 + k for k in range(10)}
    else:
        firsts = set(range(100))
    return next(
        (net for net, lengths, nets_firsts in PAYMENT_CODES if len(pattern) in lengths and firsts & set(nets_firsts)),
        None,
    )


def mask_payment_code(code: str) -> str:
    """Keep the first 4 and last 4 digits: ``1345********1234``."""
    if len(code) <= 8:
        return "*" * len(code)
    return code[:4] + "*" * (len(code) - 8) + code[-4:]


_LAYOUT = re.compile(r"^[0-9PAWCX]+$")


@dataclass(frozen=True)
class ScaleLayout:
    """A scale label layout, one character per digit.

    ``0-9`` literal flag digits that must match, ``P`` item code (PLU), ``A`` amount in fen,
    ``W`` weight in grams, ``X`` ignored, ``C`` GS1 check digit over everything before it.
    Examples: ``2PPPPPPAAAAAC`` (amount), ``28PPPPPWWWWWC`` (weight),
    ``20PPPPPWWWWWAAAAAC`` (18 digits: PLU, weight and amount).
    """

    pattern: str

    def __post_init__(self) -> None:
        p = self.pattern.replace(" ", "")
        object.__setattr__(self, "pattern", p)
        if not _LAYOUT.match(p) or "P" not in p or not ("A" in p or "W" in p):
            raise InvalidInput(what=f"scale layout {self.pattern!r}")
        if "C" in p and p.index("C") != len(p) - 1:
            raise InvalidInput(what=f"scale layout {self.pattern!r}: C must be last")
        clash = payment_collision(p)
        if clash is not None:
            name = PAYMENT_NETWORK_ZH[clash]
            raise InvalidInput(
                what=f"scale layout {p}: its labels would be read as {clash.value} payment codes "
                "(same length and leading digits), and never sell",
                what_zh=f"秤码格式 {p}：打出的条码与{name}付款码位数和开头相同，收银时会被当作付款码，无法销售",
            )

    def _field(self, code: str, letter: str) -> int | None:
        digits = "".join(c for c, p in zip(code, self.pattern, strict=True) if p == letter)
        return int(digits) if digits else None

    def match(self, code: str) -> ScaleReading | None:
        p = self.pattern
        if len(code) != len(p) or not is_digits(code):
            return None
        for c, want in zip(code, p, strict=True):
            if is_digits(want) and c != want:
                return None
        if p.endswith("C") and not has_valid_check_digit(code):
            raise InvalidBarcode(code=code, reason="bad check digit", reason_zh="校验位错误")
        plu = self._field(code, "P")
        assert plu is not None
        return ScaleReading(
            code=code,
            plu=plu,
            amount_fen=self._field(code, "A"),
            weight_g=self._field(code, "W"),
        )


def encode_scale_label(layout: ScaleLayout, plu: int, weight_g: int | None, amount_fen: int | None) -> str:
    """The digits a scale would print for this layout (the inverse of ``ScaleLayout.match``)."""
    p = layout.pattern
    fields = {"P": plu, "W": weight_g, "A": amount_fen}
    out = ""
    for letter in "PWAX":
        width = p.count(letter)
        value = fields.get(letter, 0) if letter != "X" else 0
        if width and value is None:
            raise InvalidInput(what=f"layout {p} needs {'weight' if letter == 'W' else 'amount'}")
        if width and not 0 <= int(value or 0) < 10**width:
            raise InvalidInput(what=f"{value} does not fit {width} digits of layout {p}")
        fields[letter] = int(value or 0)
    counters = dict.fromkeys("PWAX", 0)
    digits = {k: str(fields[k]).zfill(p.count(k)) for k in "PWAX" if p.count(k)}
    for ch in p:
        if ch.isdigit():
            out += ch
        elif ch == "C":
            out += str(gs1_check_digit(out))
        else:
            out += digits[ch][counters[ch]]
            counters[ch] += 1
    return out


@dataclass(frozen=True)
class ScaleReading:
    code: str
    plu: int
    amount_fen: int | None
    weight_g: int | None


@dataclass(frozen=True)
class ScalePreset:
    """A label format a counter scale prints, named by what it holds, with a label it reads."""

    key: str
    pattern: str
    name_zh: str
    name_en: str
    sample: str  # a label in this format, and what it says:
    plu: int
    weight_g: int | None
    amount_fen: int | None


# The formats the station offers to pick from. Chinese counter scales (大华 TM, 顶尖 Aclas, 寺冈 and
# DIGI among them) let the format be chosen on the scale's barcode menu; the station must be told the
# same one: two formats of the same length and flag would read each other's labels wrongly, so a
# station holds one format per length and flag (``overlapping_layouts``). None is active until a
# manager picks the station's (a wrong guess would charge a weight as an amount).
SCALE_PRESETS: tuple[ScalePreset, ...] = (
    ScalePreset(
        "w13",
        "20PPPPPWWWWWC",
        "13 位：20 + 货号 5 位 + 重量 5 位（克）+ 校验位",
        "13 digits: 20, item 5, weight 5 (g), check",
        "2000001023105",
        1,
        2310,
        None,
    ),
    ScalePreset(
        "a13",
        "20PPPPPAAAAAC",
        "13 位：20 + 货号 5 位 + 金额 5 位（分）+ 校验位",
        "13 digits: 20, item 5, amount 5 (fen), check",
        "2000001023105",
        1,
        None,
        2310,
    ),
    ScalePreset(
        "a13p6",
        "2PPPPPPAAAAAC",
        "13 位：2 + 货号 6 位 + 金额 5 位（分）+ 校验位",
        "13 digits: 2, item 6, amount 5 (fen), check",
        "2001001005603",
        1001,
        None,
        560,
    ),
    ScalePreset(
        "w13f28",
        "28PPPPPWWWWWC",
        "13 位：28 + 货号 5 位 + 重量 5 位（克）+ 校验位",
        "13 digits: 28, item 5, weight 5 (g), check",
        "2801001012508",
        1001,
        1250,
        None,
    ),
    ScalePreset(
        "aw18",
        "20PPPPPAAAAAWWWWWC",
        "18 位：20 + 货号 5 位 + 金额 5 位 + 重量 5 位 + 校验位",
        "18 digits: 20, item 5, amount 5, weight 5, check",
        "200100100700012501",
        1001,
        1250,
        700,
    ),
    ScalePreset(
        "wa18",
        "20PPPPPWWWWWAAAAAC",
        "18 位：20 + 货号 5 位 + 重量 5 位 + 金额 5 位 + 校验位",
        "18 digits: 20, item 5, weight 5, amount 5, check",
        "200100101250007009",
        1001,
        1250,
        700,
    ),
)
DEFAULT_SCALE_LAYOUTS: tuple[str, ...] = ()  # none until a manager picks the station's scale format


def overlapping_layouts(patterns: Sequence[str]) -> tuple[str, str] | None:
    """Two layouts some one label could match (same length, no fixed digit telling them apart):
    the first would win and the other's labels would be read in the wrong fields."""
    for i, a in enumerate(patterns):
        for b in patterns[i + 1 :]:
            if len(a) == len(b) and all(
                not (x.isdigit() and y.isdigit() and x != y) for x, y in zip(a, b, strict=True)
            ):
                return a, b
    return None


class CodeKind(StrEnum):
    EAN13 = "ean13"
    EAN8 = "ean8"
    UPCA = "upca"
    GTIN14 = "gtin14"
    SCALE = "scale"
    PLU = "plu"
    INTERNAL = "internal"
    PAYMENT = "payment"


CODE_KIND_ZH = {
    CodeKind.EAN13: "EAN-13 商品条码",
    CodeKind.EAN8: "EAN-8 商品条码",
    CodeKind.UPCA: "UPC-A 商品条码",
    CodeKind.GTIN14: "GTIN-14 箱码",
    CodeKind.SCALE: "秤码",
    CodeKind.PLU: "PLU 编号",
    CodeKind.INTERNAL: "店内码",
    CodeKind.PAYMENT: "付款码",
}


@dataclass(frozen=True)
class ScannedCode:
    """The classification of one input. ``lookup`` is the product code to look for (normalised)."""

    raw: str
    kind: CodeKind
    lookup: str
    scale: ScaleReading | None = None
    payment: PaymentNetwork | None = None
    plu: int | None = None


def normalise_code(text: str) -> str:
    """Fold full-width digits and strip what scanners and typists add (spaces, CR)."""
    return unicodedata.normalize("NFKC", text).strip().replace(" ", "").replace("-", "")


def upce_to_upca(code: str) -> str | None:
    """An 8-digit UPC-E (number system 0 or 1, six digits, check digit) as the 12-digit UPC-A it
    stands for, when its check digit fits that UPC-A; else None."""
    if len(code) != 8 or not is_digits(code) or code[0] not in "01":
        return None
    ns, d, check = code[0], code[1:7], code[7]
    last = d[5]
    if last in "012":
        body = ns + d[0:2] + last + "0000" + d[2:5]
    elif last == "3":
        body = ns + d[0:3] + "00000" + d[3:5]
    elif last == "4":
        body = ns + d[0:4] + "00000" + d[4]
    else:
        body = ns + d[0:5] + "0000" + last
    return body + check if gs1_check_digit(body) == int(check) else None


def normalise_gtin(code: str) -> str:
    """UPC-A (12 digits) is stored and looked up as its EAN-13 form (leading 0)."""
    return "0" + code if len(code) == 12 and is_digits(code) else code


def classify(text: str, layouts: tuple[ScaleLayout, ...] = ()) -> ScannedCode:
    """Say what ``text`` is. Raises ``InvalidBarcode`` for malformed or bad-check-digit codes.

    Exact product codes registered in the catalogue win over scale layouts; the caller decides
    that (it tries ``lookup`` first, then ``scale``).
    """
    code = normalise_code(text)
    if not code:
        raise InvalidBarcode(code=text, reason="empty", reason_zh="空条码")
    if not is_digits(code):
        if len(code) > 48 or not code.isascii() or not code.isalnum():
            raise InvalidBarcode(code=text, reason="not a code", reason_zh="不是条码")
        return ScannedCode(raw=code, kind=CodeKind.INTERNAL, lookup=code.upper())
    net = payment_network(code)
    if net is not None:
        return ScannedCode(raw=code, kind=CodeKind.PAYMENT, lookup="", payment=net)
    n = len(code)
    if n <= 6:
        return ScannedCode(raw=code, kind=CodeKind.PLU, lookup=code, plu=int(code))
    scale = None
    for layout in layouts:
        scale = layout.match(code)
        if scale is not None:
            break
    if n == 8 and not has_valid_check_digit(code) and (upca := upce_to_upca(code)) is not None:
        return ScannedCode(raw=code, kind=CodeKind.UPCA, lookup=normalise_gtin(upca), scale=scale)  # UPC-E
    if n in (8, 12, 13, 14):
        if not has_valid_check_digit(code):
            raise InvalidBarcode(code=code, reason="bad check digit", reason_zh="校验位错误")
        kind = {8: CodeKind.EAN8, 12: CodeKind.UPCA, 13: CodeKind.EAN13, 14: CodeKind.GTIN14}[n]
        if scale is not None:
            kind = CodeKind.SCALE
        return ScannedCode(raw=code, kind=kind, lookup=normalise_gtin(code), scale=scale)
    if scale is not None:
        return ScannedCode(raw=code, kind=CodeKind.SCALE, lookup=code, scale=scale)
    if n > 24:
        raise InvalidBarcode(code=code, reason="too long", reason_zh="条码过长")
    return ScannedCode(raw=code, kind=CodeKind.INTERNAL, lookup=code)


def validate_product_code(text: str) -> str:
    """Validate a code being registered for a product (import, manager screen): normalised form."""
    code = normalise_code(text)
    if not code:
        raise InvalidBarcode(code=text, reason="empty", reason_zh="空条码")
    if is_digits(code):
        if payment_network(code) is not None:
            raise InvalidBarcode(code=code, reason="looks like a payment code", reason_zh="与付款码冲突")
        if len(code) <= 6:
            raise InvalidBarcode(code=code, reason="too short (use PLU)", reason_zh="过短，请用 PLU")
        if len(code) == 8 and not has_valid_check_digit(code) and (upca := upce_to_upca(code)) is not None:
            return normalise_gtin(upca)  # a UPC-E: kept as the EAN-13 of the UPC-A it stands for
        if len(code) in (8, 12, 13, 14) and not has_valid_check_digit(code):
            raise InvalidBarcode(code=code, reason="bad check digit", reason_zh="校验位错误")
        if len(code) > 24:
            raise InvalidBarcode(code=code, reason="too long", reason_zh="条码过长")
        return normalise_gtin(code)
    if len(code) > 48 or not code.isascii() or not code.isalnum():
        raise InvalidBarcode(code=text, reason="not a code", reason_zh="不是条码")
    return code.upper()


def split_quantity_prefix(text: str) -> tuple[int, str]:
    """``"3*6901234567892"`` → (3, code): a quantity typed before a scan. Plain codes → (1, text)."""
    from pos_app.domain.money import parse_count

    typed = unicodedata.normalize("NFKC", text).strip().replace("×", "*").replace("x*", "*")
    if "*" not in typed:
        return 1, text
    left, right = typed.split("*", 1)
    return parse_count(left.strip()), normalise_code(right)  # "-3*…" is refused, not sold as 3
