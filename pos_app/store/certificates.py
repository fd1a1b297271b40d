"""Writing certificates and their product links in the caller's transaction."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from pos_app.domain.ids import new_id
from pos_app.importing.certified import CertificateInput
from pos_app.store.models import Certificate, CertificateCode, CertificateProduct, ProductCode, table
from pos_app.store.settings import bump_catalog_version


def upsert_certificates(
    s: Session, items: list[CertificateInput], now: datetime, *, bump: bool = True
) -> tuple[int, int, int, list[str]]:
    """In the caller's transaction: certificates by number, linked to products by barcode.
    Returns (created, updated, links made, numbers that match no product)."""
    created = updated = linked = 0
    unmatched: list[str] = []
    for item in items:
        values = {
            "product_name": item.product_name,
            "supplier_name": item.supplier_name,
            "supplier_credit_code": item.supplier_credit_code,
            "origin": item.origin,
            "category": item.category,
            "channel": item.channel,
            "valid_from": item.validity.valid_from.isoformat(),
            "valid_to": item.validity.valid_to.isoformat(),
            "households_driven": item.households_driven,
            "barcodes": ";".join(item.barcodes),
            "regime": item.regime,
            "issuer": item.issuer,
            "batch": item.batch,
            "updated_at": now,
        }
        cid = s.execute(select(Certificate.id).where(Certificate.cert_no == item.cert_no)).scalar()
        if cid is None:
            cid = new_id()
            s.execute(insert(table(Certificate)), [{"id": cid, "cert_no": item.cert_no, "created_at": now, **values}])
            created += 1
        else:
            s.execute(update(Certificate).where(Certificate.id == cid).values(**values))
            s.execute(delete(CertificateCode).where(CertificateCode.certificate_id == cid))
            updated += 1
        if item.barcodes:
            s.execute(
                insert(table(CertificateCode)), [{"certificate_id": cid, "code": c} for c in sorted(set(item.barcodes))]
            )
        for code in item.barcodes:
            pid = s.execute(select(ProductCode.product_id).where(ProductCode.code == code)).scalar()
            if pid and not s.get(CertificateProduct, (cid, pid)):
                s.execute(insert(table(CertificateProduct)), [{"certificate_id": cid, "product_id": pid}])
                linked += 1
        s.flush()
        has_link = s.execute(
            select(func.count()).select_from(CertificateProduct).where(CertificateProduct.certificate_id == cid)
        ).scalar_one()
        if not has_link:
            unmatched.append(item.cert_no)
    if bump:
        bump_catalog_version(s)
    return created, updated, linked, unmatched


def link_codes(s: Session, codes: Iterable[str]) -> int:
    """Link the certificates that list any of these product codes to the products now carrying them:
    a certificate that arrived before its product is linked as soon as the product (or a new code of
    it) does. The product writers call this with the codes they add. Returns the links made."""
    wanted = sorted(set(codes))
    listed: list[tuple[str, str]] = []
    for i in range(0, len(wanted), 500):
        listed += [
            (cid, code)
            for cid, code in s.execute(
                select(CertificateCode.certificate_id, CertificateCode.code).where(
                    CertificateCode.code.in_(wanted[i : i + 500])
                )
            )
        ]
    if not listed:
        return 0
    owner = dict(
        s.execute(
            select(ProductCode.code, ProductCode.product_id).where(ProductCode.code.in_({c for _, c in listed}))
        ).all()
    )
    have = {
        (a, b)
        for a, b in s.execute(
            select(CertificateProduct.certificate_id, CertificateProduct.product_id).where(
                CertificateProduct.certificate_id.in_({cid for cid, _ in listed})
            )
        )
    }
    new = {(cid, owner[code]) for cid, code in listed if code in owner} - have
    if new:
        s.execute(insert(table(CertificateProduct)), [{"certificate_id": c, "product_id": p} for c, p in sorted(new)])
    return len(new)
