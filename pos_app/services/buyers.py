"""Buyers: people, units, canteens and unions who buy poverty-relief goods on purpose; their
subscriptions (认购) to households' produce; institutional buyers purchase on account."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import insert, select

from pos_app.domain.clock import Clock
from pos_app.domain.errors import InvalidInput, NotFound
from pos_app.domain.ids import new_id
from pos_app.store.models import Buyer, Household, Subscription, table
from pos_app.store.uow import Database

KINDS = {"person": False, "unit": True, "canteen": True, "union": True}


@dataclass(frozen=True)
class BuyerView:
    id: str
    name: str
    kind: str
    institutional: bool
    contact: str


@dataclass(frozen=True)
class SubscriptionView:
    id: str
    buyer_name: str
    household_code: str
    household_head: str
    produce: str
    quantity: str
    start: str
    end: str | None


class BuyerService:
    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    def add(self, name: str, kind: str, contact: str = "") -> BuyerView:
        name = name.strip()
        if not name or len(name) > 100:
            raise InvalidInput(what="buyer name")
        if kind not in KINDS:
            raise InvalidInput(what=f"buyer kind {kind!r} ({', '.join(KINDS)})")
        with self._db.uow(write=True) as uow:
            if uow.session.execute(select(Buyer.id).where(Buyer.name == name)).first():
                raise InvalidInput(what=f"buyer {name} already exists")
            view = BuyerView(new_id(), name, kind, KINDS[kind], contact.strip()[:64])
            uow.session.execute(insert(table(Buyer)), [{**view.__dict__, "created_at": self._clock.now()}])
            uow.commit()
        return view

    def all(self, institutional_only: bool = False) -> list[BuyerView]:
        q = select(Buyer).order_by(Buyer.name)
        if institutional_only:
            q = q.where(Buyer.institutional)
        with self._db.uow() as uow:
            return [
                BuyerView(b.id, b.name, b.kind, b.institutional, b.contact) for b in uow.session.execute(q).scalars()
            ]

    def get(self, buyer_id: str) -> BuyerView:
        with self._db.uow() as uow:
            b = uow.session.get(Buyer, buyer_id)
            if b is None:
                raise NotFound(what="buyer", what_zh="采购方", key=buyer_id)
            return BuyerView(b.id, b.name, b.kind, b.institutional, b.contact)

    def subscribe(
        self,
        buyer_id: str,
        household_code: str,
        produce: str,
        quantity: str = "",
        start: date | None = None,
        end: date | None = None,
    ) -> SubscriptionView:
        if not produce.strip():
            raise InvalidInput(what="what the buyer subscribes to")
        start = start or self._clock.now().date()
        if end and end < start:
            raise InvalidInput(what="the subscription ends before it starts")
        with self._db.uow(write=True) as uow:
            s = uow.session
            buyer = s.get(Buyer, buyer_id)
            h = s.execute(select(Household).where(Household.code == household_code)).scalar_one_or_none()
            if buyer is None or h is None:
                raise NotFound(what="buyer or household", what_zh="采购方或农户", key=f"{buyer_id} / {household_code}")
            sid = new_id()
            s.execute(
                insert(table(Subscription)),
                [
                    {
                        "id": sid,
                        "buyer_id": buyer.id,
                        "household_id": h.id,
                        "produce": produce.strip()[:100],
                        "quantity": quantity.strip()[:32],
                        "start": start.isoformat(),
                        "end": end.isoformat() if end else None,
                        "created_at": self._clock.now(),
                    }
                ],
            )
            uow.commit()
            return SubscriptionView(
                sid,
                buyer.name,
                h.code,
                h.head_name,
                produce.strip(),
                quantity.strip(),
                start.isoformat(),
                end.isoformat() if end else None,
            )

    def subscriptions(self, household_code: str | None = None) -> list[SubscriptionView]:
        q = (
            select(Subscription, Buyer.name, Household.code, Household.head_name)
            .join(Buyer, Buyer.id == Subscription.buyer_id)
            .join(Household, Household.id == Subscription.household_id)
            .order_by(Household.code, Subscription.start)
        )
        if household_code:
            q = q.where(Household.code == household_code)
        with self._db.uow() as uow:
            return [
                SubscriptionView(sub.id, b, c, head, sub.produce, sub.quantity, sub.start, sub.end)
                for sub, b, c, head in uow.session.execute(q)
            ]
