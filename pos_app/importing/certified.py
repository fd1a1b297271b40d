"""The district's certified-product list (扶贫产品认定名录): one certificate a row."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pos_app.domain.barcodes import validate_product_code
from pos_app.domain.certification import CHANNELS, Validity, parse_date, parse_regime
from pos_app.domain.errors import InvalidInput, PosError
from pos_app.domain.identifiers import validate_credit_code
from pos_app.domain.text import is_digits
from pos_app.importing.tabular import Parsed, RowError, read_fields

CERT_ALIASES = {
    "cert_no": ("证书编号", "认定编号", "certificate no", "certificate_no", "certificate"),
    "product_name": ("产品名称", "product name", "product"),
    "supplier": ("生产企业/供应商", "生产企业", "供应商", "supplier", "producer"),
    "credit_code": ("统一社会信用代码", "信用代码", "credit code", "uscc"),
    "origin": ("产地", "origin"),
    "category": ("类别", "产品类别", "category"),
    "channel": ("渠道", "销售渠道", "channel"),
    "valid_from": ("有效期起", "有效期开始", "valid from", "valid_from"),
    "valid_to": ("有效期止", "有效期至", "有效期结束", "valid to", "valid_to"),
    "barcode": ("条码", "商品条码", "barcode", "barcodes"),
    "households": ("带贫户数", "带动贫困户数", "households driven", "households"),
    "regime": ("认定类型", "认定类别", "认定种类", "regime"),
    "issuer": ("认定机构", "认定单位", "发证机关", "issuer"),
    "batch": ("认定批次", "批次", "batch"),
}


@dataclass(frozen=True)
class CertificateInput:
    cert_no: str
    product_name: str
    supplier_name: str
    supplier_credit_code: str
    validity: Validity
    origin: str = ""
    category: str = ""
    channel: str = ""
    households_driven: int = 0
    barcodes: tuple[str, ...] = ()
    regime: str = ""  # domain.certification.REGIMES, or "" when the list does not say
    issuer: str = ""
    batch: str = ""


def parse_certified(path: Path) -> Parsed[CertificateInput]:
    rows = read_fields(
        path, CERT_ALIASES, required=("cert_no", "product_name", "supplier", "credit_code", "valid_from", "valid_to")
    )
    report: Parsed[CertificateInput] = Parsed([], [])
    seen: dict[str, int] = {}

    for line, row in rows:
        try:
            cert_no = row["cert_no"]
            if not cert_no or len(cert_no) > 64:
                raise InvalidInput(what="certificate number is empty or longer than 64")
            if cert_no in seen:
                raise InvalidInput(what=f"certificate {cert_no} repeats line {seen[cert_no]}")
            name, supplier = row["product_name"], row["supplier"]
            if not name or not supplier:
                raise InvalidInput(what="product name and supplier are required")
            channel = row["channel"]
            if channel and channel not in CHANNELS:
                raise InvalidInput(what=f"channel {channel!r} (one of {' '.join(CHANNELS)})")
            households_text = row["households"] or "0"
            if not is_digits(households_text):
                raise InvalidInput(what=f"households driven {households_text!r} is not a whole number")
            codes = tuple(
                validate_product_code(c)
                for c in row["barcode"].replace("；", ";").replace(",", ";").replace("|", ";").split(";")
                if c.strip()
            )
            item = CertificateInput(
                cert_no=cert_no,
                product_name=name[:100],
                supplier_name=supplier[:100],
                supplier_credit_code=validate_credit_code(row["credit_code"]),
                validity=Validity(parse_date(row["valid_from"]), parse_date(row["valid_to"])),
                origin=row["origin"][:100],
                category=row["category"][:32],
                channel=channel,
                households_driven=int(households_text),
                barcodes=codes,
                regime=parse_regime(row["regime"]),
                issuer=row["issuer"][:100],
                batch=row["batch"][:32],
            )
            seen[cert_no] = line
            report.good.append((line, item))
        except PosError as exc:
            report.bad.append(RowError.of(line, exc))
    return report
