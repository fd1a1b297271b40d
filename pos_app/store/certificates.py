"""Writing certificates and their product links in the caller's transaction."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from pos_app.domain.ids import new_id
from pos_app.importing.certified import CertificateInput
from pos_app.store.models import Certificate, CertificateProduct, ProductCode, table
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
            "updated_at": now,
        }
        cid = s.execute(select(Certificate.id).where(Certificate.cert_no == item.cert_no)).scalar()
        if cid is None:
            cid = new_id()
            s.execute(insert(table(Certificate)), [{"id": cid, "cert_no": item.cert_no, "created_at": now, **values}])
            created += 1
        else:
            s.execute(update(Certificate).where(Certificate.id == cid).values(**values))
            updated += 1
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
    a certificate that arrived before its product is linked as soon as the product does. Returns
    how many links were made (none twice)."""
    wanted = set(codes)
    if not wanted:
        return 0
    listed = [
        (cid, code)
        for cid, barcodes in s.execute(select(Certificate.id, Certificate.barcodes).where(Certificate.barcodes != ""))
        for code in set(barcodes.split(";")) & wanted
    ]
    if not listed:
        return 0
    owner = dict(
        s.execute(
            select(ProductCode.code, ProductCode.product_id).where(ProductCode.code.in_({c for _, c in listed}))
        ).all()
    )
    have = set(
        s.execute(
            select(CertificateProduct.certificate_id, CertificateProduct.product_id).where(
                CertificateProduct.certificate_id.in_({cid for cid, _ in listed})
            )
        ).all()
    )
    new = {(cid, owner[code]) for cid, code in listed if code in owner} - {(a, b) for a, b in have}
    if new:
        s.execute(insert(table(CertificateProduct)), [{"certificate_id": c, "product_id": p} for c, p in sorted(new)])
    return len(new)
