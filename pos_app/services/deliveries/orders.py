"""Home-delivery orders: taken by phone, picked, sent, delivered, paid or cancelled; every step an
event, and payment on delivery creates the sale exactly once (a unique sale.delivery_order_id, the
order's change in the same transaction as the sale)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Connection, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from pos_app.contract.facts import DeliveryFact, to_payload
from pos_app.domain.clock import Clock
from pos_app.domain.delivery import EDITABLE, RANK, DeliveryState, transition
from pos_app.domain.errors import InvalidInput, NotFound
from pos_app.domain.ids import new_id
from pos_app.domain.money import Fen, weighed_amount
from pos_app.domain.permissions import Permission, permissions, require
from pos_app.services.catalog import CatalogService
from pos_app.services.checkout import CheckoutService, CompletedSale
from pos_app.services.deliveries.residents import ResidentView, resident_row, resident_view, sees_residents
from pos_app.services.users import UserView
from pos_app.store.context import StationContext
from pos_app.store.documents import document_number
from pos_app.store.models import AppUser, DeliveryEvent, DeliveryLine, DeliveryOrder, Product, Resident, Sale, table
from pos_app.store.outbox import enqueue
from pos_app.store.uow import Database


@dataclass(frozen=True)
class OrderLineView:
    id: str
    product_id: str
    name: str
    unit_label: str
    sold_by_weight: bool
    quantity: int  # ordered: pieces or grams
    picked: int | None
    unit_price_fen: Fen
    amount_fen: Fen

    @property
    def delivered_quantity(self) -> int:
        return self.quantity if self.picked is None else self.picked


@dataclass(frozen=True)
class OrderView:
    id: str
    order_no: str
    state: DeliveryState
    day: date
    slot: str
    notes: str
    tender_code: str
    resident: ResidentView
    volunteer: str
    lines: tuple[OrderLineView, ...]
    total_fen: Fen
    short_picked: bool
    receipt_no: str | None


def order_row(s: Session, order_no: str) -> DeliveryOrder:
    o = s.execute(select(DeliveryOrder).where(DeliveryOrder.order_no == order_no.strip().upper())).scalar_one_or_none()
    if o is None:
        raise NotFound(what="order", what_zh="订单", key=order_no)
    return o


def order_view(s: Session, o: DeliveryOrder, viewer: UserView | None) -> OrderView:

    lines = []
    for li, p in s.execute(
        select(DeliveryLine, Product)
        .join(Product, Product.id == DeliveryLine.product_id)
        .where(DeliveryLine.order_id == o.id)
        .order_by(DeliveryLine.id)
    ):
        qty = li.quantity if li.picked is None else li.picked
        amount = weighed_amount(qty, p.price_fen) if p.sold_by_weight else qty * p.price_fen
        lines.append(
            OrderLineView(
                li.id, p.id, p.name, p.unit_label, p.sold_by_weight, li.quantity, li.picked, p.price_fen, amount
            )
        )
    volunteer = s.execute(select(AppUser.display_name).where(AppUser.id == o.volunteer_id)).scalar() or ""
    receipt = s.execute(select(Sale.receipt_no).where(Sale.delivery_order_id == o.id)).scalar()
    full = viewer is None or sees_residents(viewer)
    resident = s.get(Resident, o.resident_id)
    assert resident is not None
    return OrderView(
        o.id,
        o.order_no,
        DeliveryState(o.state),
        date.fromisoformat(o.day),
        o.slot,
        o.notes,
        o.tender_code,
        resident_view(resident, full),
        volunteer,
        tuple(lines),
        sum(li.amount_fen for li in lines),
        any(li.picked is not None and li.picked < li.quantity for li in lines),
        receipt,
    )


class DeliveryService:
    """Phone orders and their lifecycle, up to payment on delivery that creates the sale exactly once."""

    def __init__(
        self,
        db: Database,
        clock: Clock,
        station: StationContext,
        catalog: CatalogService,
        checkout_factory: Callable[[], CheckoutService],
    ) -> None:
        self._db = db
        self._clock = clock
        self._station = station
        self._catalog = catalog
        self._checkout_factory = checkout_factory

    def create_order(
        self,
        resident_code: str,
        items: list[tuple[str, int]],
        *,
        day: date,
        slot: str,
        by: UserView,
        notes: str = "",
        tender_code: str | None = None,
    ) -> OrderView:
        """A phone order: [(product id, pieces or grams)], for a day and time slot."""
        require(by.display_name, by.roles, Permission.DELIVERIES)
        if not items:
            raise InvalidInput(what="an order needs at least one item", what_zh="订单至少要有一件商品")
        if day < self._clock.now().date():
            raise InvalidInput(what="the delivery day is in the past", what_zh="送货日期已过")
        now = self._clock.now()
        with self._db.uow(write=True) as uow:
            s = uow.session
            r = resident_row(s, resident_code)
            order_no = document_number(s, DeliveryOrder.order_no, self._station, "D")
            oid = new_id()
            s.execute(
                insert(table(DeliveryOrder)),
                [
                    {
                        "id": oid,
                        "order_no": order_no,
                        "resident_id": r.id,
                        "state": DeliveryState.REQUESTED.value,
                        "day": day.isoformat(),
                        "slot": slot[:16],
                        "notes": notes[:200],
                        "tender_code": tender_code or r.preferred_tender,
                        "created_by": by.id,
                        "created_at": now,
                        "updated_at": now,
                    }
                ],
            )
            for pid, qty in items:
                p = self._catalog.get(pid)
                if not 0 < qty <= 10_000_000:
                    raise InvalidInput(what=f"quantity {qty}", what_zh=f"数量 {qty}")
                if not p.active:
                    raise InvalidInput(what=f"{p.name} is not on sale", what_zh=f"{p.name} 已停售")
                s.execute(
                    insert(table(DeliveryLine)),
                    [{"id": new_id(), "order_id": oid, "product_id": pid, "quantity": qty, "picked": None}],
                )
            self._write_event(s, oid, None, DeliveryState.REQUESTED, by.id, None, "", now)
            uow.commit()
        return self.get(order_no)

    def last_order_items(self, resident_code: str) -> list[tuple[str, int]]:
        """What the resident ordered last time, to repeat in one key."""
        with self._db.uow() as uow:
            s = uow.session
            r = resident_row(s, resident_code)
            last = s.execute(
                select(DeliveryOrder.id)
                .where(DeliveryOrder.resident_id == r.id)
                .order_by(DeliveryOrder.created_at.desc())
                .limit(1)
            ).scalar()
            if last is None:
                return []
            return [
                (pid, q)
                for pid, q in s.execute(
                    select(DeliveryLine.product_id, DeliveryLine.quantity).where(DeliveryLine.order_id == last)
                )
            ]

    def get(self, order_no: str, viewer: UserView | None = None) -> OrderView:
        with self._db.uow() as uow:
            return order_view(uow.session, order_row(uow.session, order_no), viewer)

    def move(
        self, order_no: str, to: DeliveryState, *, by: UserView, approver: UserView | None = None, reason: str = ""
    ) -> OrderView:
        """One step forward (or a cancellation); every step is an event with who and when."""
        require(by.display_name, by.roles, Permission.DELIVERIES)
        if to is DeliveryState.PAID:
            raise InvalidInput(what="use pay_on_delivery to take the money", what_zh="收款请用“收款”")
        if to is DeliveryState.CANCELLED and not reason.strip():
            raise InvalidInput(what="a reason for cancelling", what_zh="请填写取消原因")
        approved = approver is not None and Permission.VOID_LINE in permissions(approver.roles)
        with self._db.uow(write=True) as uow:
            s = uow.session
            o = order_row(s, order_no)
            new = transition(DeliveryState(o.state), to, manager_approved=approved)
            self._event(s, o.id, o.state, new, by.id, approver.id if approver and approved else None, reason)
            uow.commit()
        return self.get(order_no)

    def _event(
        self,
        s: Session | Connection,
        order_id: str,
        from_state: str,
        new: DeliveryState,
        by: str,
        approver: str | None,
        reason: str,
    ) -> None:
        now = self._clock.now()
        s.execute(update(DeliveryOrder).where(DeliveryOrder.id == order_id).values(state=new.value, updated_at=now))
        self._write_event(s, order_id, from_state, new, by, approver, reason, now)

    def _write_event(
        self,
        s: Session | Connection,
        order_id: str,
        from_state: str | None,
        new: DeliveryState,
        by: str,
        approver: str | None,
        reason: str,
        now: datetime,
    ) -> None:
        """The order's event, and the same fact for the district (which keeps each order's furthest state)."""
        event = {
            "id": new_id(),
            "order_id": order_id,
            "from_state": from_state,
            "to_state": new.value,
            "by_user": by,
            "approver_id": approver,
            "reason": reason.strip()[:200],
            "at": now,
        }
        s.execute(insert(table(DeliveryEvent)), [event])
        order_no, day = s.execute(
            select(DeliveryOrder.order_no, DeliveryOrder.day).where(DeliveryOrder.id == order_id)
        ).one()
        fact = DeliveryFact.model_validate({**event, "order_no": order_no, "day": day, "rank": RANK[new]})
        enqueue(s, "delivery", str(event["id"]), to_payload(fact), now)

    def short_pick(self, order_no: str, line_id: str, picked: int, *, by: UserView) -> OrderView:
        """Fewer found on the shelf than ordered: the order and its total change before delivery."""
        require(by.display_name, by.roles, Permission.DELIVERIES)
        with self._db.uow(write=True) as uow:
            s = uow.session
            o = order_row(s, order_no)
            if DeliveryState(o.state) not in EDITABLE:
                raise InvalidInput(what="the order has left the station", what_zh="订单已出站，不能改动")
            li = s.get(DeliveryLine, line_id)
            if li is None or li.order_id != o.id:
                raise NotFound(what="order line", what_zh="订单行", key=line_id)
            if not 0 <= picked <= li.quantity:
                raise InvalidInput(
                    what=f"picked {picked} of {li.quantity}", what_zh=f"实配 {picked} 超出订购 {li.quantity}"
                )
            li.picked = picked
            uow.commit()
        return self.get(order_no)

    def assign(self, order_no: str, volunteer: UserView, *, by: UserView) -> None:
        require(by.display_name, by.roles, Permission.DELIVERIES)
        with self._db.uow(write=True) as uow:
            o = order_row(uow.session, order_no)
            o.volunteer_id = volunteer.id
            uow.commit()

    def pay_on_delivery(
        self, order_no: str, *, by: UserView, tender_code: str | None = None, reference: str = ""
    ) -> CompletedSale | str:
        """Take the money for a delivered order and create its sale, exactly once.

        Pressing twice, or again after a crash, returns the existing receipt number instead of a
        second sale: the sale carries the order (unique), and the order becomes paid in the same
        transaction as the sale."""
        require(by.display_name, by.roles, Permission.DELIVERIES)
        order = self.get(order_no)
        if order.receipt_no:
            return order.receipt_no
        if order.state is not DeliveryState.DELIVERED:
            transition(order.state, DeliveryState.PAID)  # raises with a clear message
        co = self._checkout_factory()
        co.new_sale(by.id, by.display_name)
        for li in order.lines:
            if li.delivered_quantity == 0:
                continue
            if li.sold_by_weight:
                co.add_weighed(li.product_id, li.delivered_quantity)
            else:
                co.add_product(li.product_id, li.delivered_quantity)
        plan = co.start_payment()
        plan.add(
            tender_code or order.tender_code if (tender_code or order.tender_code) in plan.tenders else "cash",
            plan.due_fen,
            reference=reference or order.order_no,
        )

        def mark_paid(conn: Connection, _sale_id: str) -> None:
            state = conn.execute(select(DeliveryOrder.state).where(DeliveryOrder.id == order.id)).scalar_one()
            if state != DeliveryState.DELIVERED.value:
                raise InvalidInput(what="the order changed meanwhile", what_zh="订单状态已变化，请刷新")
            self._event(conn, order.id, state, DeliveryState.PAID, by.id, None, "")

        try:
            return co.pay(plan, delivery_order_id=order.id, within=mark_paid)
        except IntegrityError:
            again = self.get(order_no)  # paid by another press or process meanwhile
            if again.receipt_no:
                return again.receipt_no
            raise
