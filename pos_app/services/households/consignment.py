"""Consignment intake (代销): a household hands in goods at its price; the store keeps none of it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from pos_app.contract.facts import ConsignmentFact, to_payload
from pos_app.domain.errors import InvalidInput, NotFound
from pos_app.domain.ids import new_id
from pos_app.domain.money import MAX_FEN, Fen, quantity_amount
from pos_app.domain.permissions import Permission, require
from pos_app.importing.catalog import ProductInput
from pos_app.services.base import StationService
from pos_app.services.households.registry import HouseholdView, household_row, household_view
from pos_app.services.users import UserView
from pos_app.store.catalog import announce_products, insert_product, price_history
from pos_app.store.documents import document_number
from pos_app.store.models import (
    Consignment,
    Product,
    ProductCode,
    StockMovement,
    table,
)
from pos_app.store.outbox import enqueue
from pos_app.store.settings import bump_catalog_version


@dataclass(frozen=True)
class IntakeResult:
    slip_no: str
    household: HouseholdView
    product_id: str
    product_name: str
    unit_label: str
    sold_by_weight: bool
    quantity: int
    unit_price_fen: Fen
    amount_fen: Fen
    received_by: str
    at: datetime
    station_name: str


class ConsignmentService(StationService):
    """Goods a household hands in at its own price: stock owned by it, a slip to print."""

    def intake(
        self,
        household_code: str,
        *,
        quantity: int,
        price_fen: Fen,
        received_by: UserView,
        product_id: str | None = None,
        new_product: ProductInput | None = None,
    ) -> IntakeResult:
        """Goods handed in by a household at its price: stock owned by it, and a slip to print.

        ``quantity`` is pieces, or grams for weighed goods; ``price_fen`` per piece, or per kg."""
        require(received_by.display_name, received_by.roles, Permission.CONSIGNMENT)
        if (product_id is None) == (new_product is None):
            raise InvalidInput(what="choose the household's product or describe a new one")
        if not 0 < quantity <= 10_000_000:
            raise InvalidInput(what=f"quantity {quantity}")
        if not 0 < price_fen <= MAX_FEN:
            raise InvalidInput(what="the household's price")
        now = self._clock.now()
        with self._db.uow(write=True) as uow:
            s = uow.session
            h = household_row(s, household_code)
            announce = False
            if product_id is None:
                assert new_product is not None
                product_id = self._same_goods(s, h.id, new_product)
            if product_id is None:
                assert new_product is not None
                product_id = insert_product(
                    s, new_product, now, "intake", household_id=h.id, pass_through=True, price_fen=price_fen
                )
                announce = True
            p = s.get(Product, product_id)
            if p is None:
                raise NotFound(what="product", what_zh="商品", key=product_id)
            if not p.pass_through or p.household_id != h.id:
                raise InvalidInput(what=f"{p.name} is not a consignment product of household {h.code}")
            if p.price_fen != price_fen:
                price_history(s, p.id, p.price_fen, price_fen, now, "intake")
                p.price_fen = price_fen
                p.updated_at = now
                announce = True
            slip_no = document_number(s, Consignment.slip_no, self._station, "IN")
            cid = new_id()
            amount = quantity_amount(quantity, price_fen, p.sold_by_weight)
            row = {
                "id": cid,
                "slip_no": slip_no,
                "household_id": h.id,
                "product_id": p.id,
                "quantity": quantity,
                "unit_price_fen": price_fen,
                "amount_fen": amount,
                "received_by": received_by.id,
                "created_at": now,
            }
            s.execute(insert(table(Consignment)), [row])
            s.execute(
                insert(table(StockMovement)),
                [{"id": new_id(), "product_id": p.id, "delta": quantity, "reason": "intake", "ref_id": cid, "at": now}],
            )
            if announce:  # before the intake: the district registers the product, then its stock
                s.flush()
                announce_products(s, [p.id], now)
            fact = ConsignmentFact.model_validate({**row, "household_code": h.code})
            enqueue(s, "consignment", cid, to_payload(fact), now)
            bump_catalog_version(s)
            view = household_view(s, h)
            result = IntakeResult(
                slip_no,
                view,
                p.id,
                p.name,
                p.unit_label,
                p.sold_by_weight,
                quantity,
                price_fen,
                amount,
                received_by.display_name,
                now,
                self._station.station_name,
            )
            uow.commit()
        return result

    @staticmethod
    def _same_goods(s: Session, household_id: str, item: ProductInput) -> str | None:
        """A "new" product whose barcode is already this household's goods here (handed in before,
        at this till or another of the station): the intake adds stock to it. The barcode of anyone
        else's product is refused."""
        for code in item.codes:
            owner = s.execute(
                select(Product.id, Product.household_id)
                .join(ProductCode, ProductCode.product_id == Product.id)
                .where(ProductCode.code == code)
            ).first()
            if owner is None:
                continue
            if owner.household_id != household_id:
                raise InvalidInput(what=f"code {code} already belongs to another product")
            return str(owner.id)
        return None

    def products_of(self, code: str) -> list[tuple[str, str, str, Fen, bool]]:
        """The household's consignment products: (id, name, unit, price, sold by weight)."""
        with self._db.uow() as uow:
            h = household_row(uow.session, code)
            rows = uow.session.execute(
                select(Product.id, Product.name, Product.unit_label, Product.price_fen, Product.sold_by_weight)
                .where(Product.household_id == h.id, Product.pass_through)
                .order_by(Product.name)
            )
            return [(a, b, c, d, e) for a, b, c, d, e in rows]
