"""What goes on shelf and scale labels; products without a barcode get an in-store EAN-13 (21…)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from pos_app.domain.barcodes import ScaleLayout, encode_scale_label, with_check_digit
from pos_app.domain.certification import today_local
from pos_app.domain.clock import Clock
from pos_app.domain.errors import InvalidInput, NotFound
from pos_app.domain.money import format_fen, quantity_text, shelf_price, weighed_amount
from pos_app.domain.text import is_digits
from pos_app.services.catalog import CatalogService
from pos_app.services.settings import SettingsService
from pos_app.store.models import Certificate, CertificateProduct, Product, ProductCode, table
from pos_app.store.settings import bump_catalog_version
from pos_app.store.uow import Database

IN_STORE_PREFIX = "21"  # 13-digit in-store codes; exact codes always win over scale layouts at the till


@dataclass(frozen=True)
class LabelItem:
    name: str
    price: str  # as the shelf shows it: ¥8.90, ¥2.80/斤
    second_price: str  # the other unit for weighed goods (¥5.60/kg), else ""
    code: str  # digits to print as EAN-13 (or a scale layout's digits)
    certified: bool
    detail: str = ""  # a scale label's weight and amount


class LabelService:
    def __init__(self, db: Database, clock: Clock, catalog: CatalogService, settings: SettingsService) -> None:
        self._db = db
        self._clock = clock
        self._catalog = catalog
        self._settings = settings

    def shelf_labels(self, *, category: str | None = None, barcodes: list[str] | None = None) -> list[LabelItem]:
        """Labels for active products (of a category, or with these barcodes), assigning in-store codes."""
        today = today_local(self._clock.now()).isoformat()
        with self._db.uow(write=True) as uow:
            s = uow.session
            q = select(Product).where(Product.active).order_by(Product.category, Product.name)
            if category:
                q = q.where(Product.category == category)
            if barcodes:
                ids = select(ProductCode.product_id).where(ProductCode.code.in_(barcodes))
                q = q.where(Product.id.in_(ids))
            products = list(s.execute(q).scalars())
            if barcodes and not products:
                raise NotFound(what="product", what_zh="商品", key=", ".join(barcodes))
            certified = set(
                s.execute(
                    select(CertificateProduct.product_id)
                    .join(Certificate, Certificate.id == CertificateProduct.certificate_id)
                    .where(Certificate.valid_from <= today, Certificate.valid_to >= today)
                ).scalars()
            )
            codes: dict[str, str] = {}
            for pid, code in s.execute(select(ProductCode.product_id, ProductCode.code).order_by(ProductCode.code)):
                if len(code) == 13 and is_digits(code):
                    codes.setdefault(pid, code)
            next_no = self._next_in_store(s)
            assigned = False
            items = []
            for p in products:
                found = codes.get(p.id)
                if found is not None:
                    code = found
                else:
                    code = with_check_digit(f"{IN_STORE_PREFIX}{next_no:010d}")
                    next_no += 1
                    s.execute(insert(table(ProductCode)), [{"code": code, "product_id": p.id}])
                    assigned = True
                price = shelf_price(p.price_fen, p.unit_label, p.sold_by_weight)
                other = ""
                if p.sold_by_weight:
                    other = (
                        shelf_price(p.price_fen, "kg", True)
                        if p.unit_label == "斤"
                        else shelf_price(p.price_fen, "斤", True)
                    )
                elif not price.endswith(p.unit_label):
                    price = f"{price}/{p.unit_label}"
                items.append(LabelItem(p.name, price, other, code, p.id in certified))
            if assigned:
                bump_catalog_version(s)
            uow.commit()
        return items

    @staticmethod
    def _next_in_store(s: Session) -> int:
        last = s.execute(
            select(func.max(ProductCode.code)).where(
                ProductCode.code.like(f"{IN_STORE_PREFIX}%"), func.length(ProductCode.code) == 13
            )
        ).scalar()
        return int(last[2:12]) + 1 if last else 1

    def scale_label(self, plu: int, grams: int) -> LabelItem:
        """A pre-packed weighed item: weight and amount in the first configured layout that fits."""
        product = self._catalog.by_plu(plu)
        if product is None or not product.sold_by_weight:
            raise NotFound(what="weighed product with PLU", what_zh="称重商品 PLU", key=str(plu))
        if not 0 < grams <= 99_999:
            raise InvalidInput(what=f"weight {grams} g")
        amount = weighed_amount(grams, product.price_fen)
        for pattern in self._settings.get("scale_layouts"):
            layout = ScaleLayout(pattern)
            if len(pattern) != 13:
                continue
            try:
                code = encode_scale_label(layout, plu, grams, amount)
            except InvalidInput:
                continue
            return LabelItem(
                product.name,
                shelf_price(product.price_fen, product.unit_label, True),
                "",
                code,
                product.certified,
                f"{quantity_text(grams, True, product.unit_label)}  {format_fen(amount)}",
            )
        raise InvalidInput(
            what=f"no 13-digit scale layout fits PLU {plu}: pick the station's scale format in the settings first",
            what_zh=f"没有适合 PLU {plu} 的 13 位秤码格式：请先在设置中选择本店秤的条码格式",
        )
