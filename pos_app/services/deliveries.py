"""Home delivery for elderly residents: residents, phone orders, the lifecycle, routes, and payment on
delivery that creates the sale exactly once (a unique sale.delivery_order_id, and the order's change
in the same transaction as the sale)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import Connection, func, insert, select, update
from sqlalchemy.orm import Session

from pos_app.contract.facts import DeliveryFact, to_payload
from pos_app.domain.certification import parse_date
from pos_app.domain.clock import Clock
from pos_app.domain.delivery import EDITABLE, RANK, DeliveryState, transition
from pos_app.domain.errors import ImportFailed, InvalidInput, NotFound, PosError
from pos_app.domain.ids import new_id
from pos_app.domain.money import Fen, weighed_amount
from pos_app.domain.permissions import Permission, require
from pos_app.domain.search import pinyin_keys, search_key
from pos_app.domain.text import is_digits
from pos_app.importing.tabular import RowError, read_fields
from pos_app.services.catalog import CatalogService
from pos_app.services.checkout import CheckoutService, CompletedSale
from pos_app.services.users import UserView
from pos_app.store.audit import record
from pos_app.store.context import StationContext
from pos_app.store.models import DeliveryEvent, DeliveryLine, DeliveryOrder, Resident, Sale, table
from pos_app.store.outbox import enqueue
from pos_app.store.uow import Database

RESIDENT_ALIASES = {
    "code": ("编号", "居民编号", "code"),
    "name": ("姓名", "name"),
    "phones": ("电话", "联系电话", "phone", "phones"),
    "compound": ("小区", "compound"),
    "building": ("楼号", "楼", "building"),
    "unit": ("单元", "unit"),
    "room": ("房号", "室", "room"),
    "notes": ("备注", "notes"),
    "emergency": ("紧急联系人", "emergency contact"),
    "family": ("家属", "family"),
    "tender": ("付款方式", "tender"),
    "consent": ("同意日期", "consent date"),
}
TENDERS = {
    "现金": "cash",
    "cash": "cash",
    "养老助残卡": "elder_card",
    "elder_card": "elder_card",
    "预付": "prepaid",
    "prepaid": "prepaid",
}


@dataclass(frozen=True)
class ResidentView:
    id: str
    code: str
    name: str
    phones: tuple[str, ...]
    address: str
    compound: str
    notes: str
    emergency_contact: str
    family: str
    preferred_tender: str


@dataclass(frozen=True)
class DeliverySummary:
    day: date
    orders: int
    delivered: int
    residents_served: int
    amount_fen: Fen  # paid on delivery
    certified_fen: Fen
    by_volunteer: tuple[tuple[str, int, int, Fen], ...]  # (volunteer, orders, delivered, amount)

    @property
    def certified_share(self) -> float:
        return self.certified_fen / self.amount_fen if self.amount_fen else 0.0


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


def _mask_phone(p: str) -> str:
    return p[:3] + "****" + p[-4:] if len(p) >= 7 else "****"


def _resident(r: Resident, full: bool = True) -> ResidentView:
    phones = tuple(p for p in r.phones.split(";") if p)
    address = "".join(
        x
        for x in (r.compound, r.building and f"{r.building}号楼", r.unit and f"{r.unit}单元", r.room and f"{r.room}室")
        if x
    )
    if not full:
        phones = tuple(_mask_phone(p) for p in phones)
        address = r.compound + ("（详细地址已隐藏）" if address != r.compound else "")
    return ResidentView(
        r.id, r.code, r.name, phones, address, r.compound, r.notes, r.emergency_contact, r.family, r.preferred_tender
    )


class DeliveryService:
    def __init__(
        self, db: Database, clock: Clock, station: StationContext, catalog: CatalogService, checkout_factory: object
    ) -> None:
        self._db = db
        self._clock = clock
        self._station = station
        self._catalog = catalog
        self._checkout_factory = checkout_factory  # () -> CheckoutService

    # -- residents ---------------------------------------------------------------------------------
    def add_resident(
        self,
        code: str,
        name: str,
        phones: list[str],
        *,
        compound: str = "",
        building: str = "",
        unit: str = "",
        room: str = "",
        notes: str = "",
        emergency_contact: str = "",
        family: str = "",
        preferred_tender: str = "cash",
        consent_date: date | None = None,
    ) -> ResidentView:
        if not code.strip() or not name.strip():
            raise InvalidInput(what="resident code and name", what_zh="居民编号和姓名")
        for p in phones:
            if not is_digits(p) or not 7 <= len(p) <= 15:
                raise InvalidInput(what=f"phone {p!r}", what_zh=f"电话号码 {p}")
        now = self._clock.now()
        values = {
            "name": name.strip()[:32],
            "name_initials": pinyin_keys(name)[0],
            "phones": ";".join(phones),
            "compound": compound[:64],
            "building": building[:16],
            "unit": unit[:16],
            "room": room[:16],
            "notes": notes[:200],
            "emergency_contact": emergency_contact[:64],
            "family": family[:200],
            "preferred_tender": preferred_tender,
            "consent_date": consent_date.isoformat() if consent_date else None,
            "updated_at": now,
        }
        with self._db.uow(write=True) as uow:
            s = uow.session
            rid = s.execute(select(Resident.id).where(Resident.code == code.strip())).scalar()
            if rid is None:
                rid = new_id()
                s.execute(
                    insert(table(Resident)),
                    [{"id": rid, "code": code.strip(), "purged": False, "created_at": now, **values}],
                )
            else:
                s.execute(update(Resident).where(Resident.id == rid).values(**values))
            uow.commit()
            return _resident(s.get(Resident, rid))  # type: ignore[arg-type]

    def find_residents(self, text: str, viewer: UserView, limit: int = 20) -> list[ResidentView]:
        """By any part of a phone number, the name, or its pinyin initials. Phone numbers and
        addresses are shown in full only to roles that deliver."""
        q = search_key(text)
        if not q:
            return []
        like = f"%{q}%"
        with self._db.uow() as uow:
            rows = uow.session.execute(
                select(Resident)
                .where(
                    Resident.purged.is_(False),
                    Resident.phones.like(like) | Resident.name.like(like) | Resident.name_initials.like(like),
                )
                .order_by(Resident.name)
                .limit(limit)
            ).scalars()
            full = Permission.RESIDENTS in _perms(viewer)
            return [_resident(r, full) for r in rows]

    def purge_resident(self, code: str, by: UserView) -> None:
        """Erase a resident's personal data; their orders and sales stay, anonymised."""
        require(by.display_name, by.roles, Permission.USERS)
        with self._db.uow(write=True) as uow:
            s = uow.session
            r = s.execute(select(Resident).where(Resident.code == code)).scalar_one_or_none()
            if r is None:
                raise NotFound(what="resident", what_zh="居民", key=code)
            s.execute(
                update(Resident)
                .where(Resident.id == r.id)
                .values(
                    name="（已删除）",
                    name_initials="",
                    phones="",
                    compound="",
                    building="",
                    unit="",
                    room="",
                    notes="",
                    emergency_contact="",
                    family="",
                    purged=True,
                    updated_at=self._clock.now(),
                )
            )
            record(s, self._station, self._clock.now(), "resident_purge", user_id=by.id, target=code)
            uow.commit()
        with self._db.engine.connect() as conn:  # push the old pages out of the write-ahead log too
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")

    def import_residents(self, path: Path, *, skip_bad: bool = False) -> tuple[int, list[RowError]]:
        rows = read_fields(path, RESIDENT_ALIASES, required=("code", "name", "phones"))
        good: list[dict[str, object]] = []
        bad: list[RowError] = []
        seen: dict[str, int] = {}
        for line, row in rows:
            try:
                code = row["code"]
                if not code or code in seen:
                    raise InvalidInput(what=f"code {code!r} is empty or repeats line {seen.get(code)}")
                phones = [p for p in row["phones"].replace("；", ";").replace("/", ";").split(";") if p.strip()]
                tender = TENDERS.get(row["tender"] or "现金")
                if tender is None:
                    raise InvalidInput(what=f"payment {row['tender']!r} (现金, 养老助残卡 or 预付)")
                consent = parse_date(row["consent"]) if row["consent"] else None
                for p in phones:
                    if not is_digits(p.strip()) or not 7 <= len(p.strip()) <= 15:
                        raise InvalidInput(what=f"phone {p!r}", what_zh=f"电话号码 {p}")
                seen[code] = line
                good.append(
                    dict(
                        code=code,
                        name=row["name"],
                        phones=[p.strip() for p in phones],
                        compound=row["compound"],
                        building=row["building"],
                        unit=row["unit"],
                        room=row["room"],
                        notes=row["notes"],
                        emergency_contact=row["emergency"],
                        family=row["family"],
                        preferred_tender=tender,
                        consent_date=consent,
                    )
                )
            except PosError as exc:
                bad.append(RowError(line, exc.message))
        if bad and not skip_bad:
            raise ImportFailed(count=len(bad), errors=bad)
        for item in good:
            self.add_resident(**item)  # type: ignore[arg-type]
        return len(good), bad

    # -- orders --------------------------------------------------------------------------------------
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
            r = self._resident_row(s, resident_code)
            n = int(s.execute(select(func.count()).select_from(DeliveryOrder)).scalar_one()) + 1
            oid = new_id()
            s.execute(
                insert(table(DeliveryOrder)),
                [
                    {
                        "id": oid,
                        "order_no": f"{self._station.station_code}-D-{n:06d}",
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
        return self.get(f"{self._station.station_code}-D-{n:06d}")

    def last_order_items(self, resident_code: str) -> list[tuple[str, int]]:
        """What the resident ordered last time, to repeat in one key."""
        with self._db.uow() as uow:
            s = uow.session
            r = self._resident_row(s, resident_code)
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
            return self._view(uow.session, self._order_row(uow.session, order_no), viewer)

    def _order_row(self, s: Session, order_no: str) -> DeliveryOrder:
        o = s.execute(
            select(DeliveryOrder).where(DeliveryOrder.order_no == order_no.strip().upper())
        ).scalar_one_or_none()
        if o is None:
            raise NotFound(what="order", what_zh="订单", key=order_no)
        return o

    def _resident_row(self, s: Session, code: str) -> Resident:
        r = s.execute(select(Resident).where(Resident.code == code, Resident.purged.is_(False))).scalar_one_or_none()
        if r is None:
            raise NotFound(what="resident", what_zh="居民", key=code)
        return r

    def _view(self, s: Session, o: DeliveryOrder, viewer: UserView | None) -> OrderView:
        from pos_app.store.models import AppUser, Product

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
        volunteer = s.get(AppUser, o.volunteer_id).display_name if o.volunteer_id else ""  # type: ignore[union-attr]
        receipt = s.execute(select(Sale.receipt_no).where(Sale.delivery_order_id == o.id)).scalar()
        full = viewer is None or Permission.RESIDENTS in _perms(viewer)
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
            _resident(resident, full),
            volunteer,
            tuple(lines),
            sum(li.amount_fen for li in lines),
            any(li.picked is not None and li.picked < li.quantity for li in lines),
            receipt,
        )

    def move(
        self, order_no: str, to: DeliveryState, *, by: UserView, approver: UserView | None = None, reason: str = ""
    ) -> OrderView:
        """One step forward (or a cancellation); every step is an event with who and when."""
        require(by.display_name, by.roles, Permission.DELIVERIES)
        if to is DeliveryState.PAID:
            raise InvalidInput(what="use pay_on_delivery to take the money", what_zh="收款请用“收款”")
        if to is DeliveryState.CANCELLED and not reason.strip():
            raise InvalidInput(what="a reason for cancelling", what_zh="请填写取消原因")
        approved = approver is not None and Permission.VOID_LINE in _perms(approver)
        with self._db.uow(write=True) as uow:
            s = uow.session
            o = self._order_row(s, order_no)
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
            o = self._order_row(s, order_no)
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
            o = self._order_row(uow.session, order_no)
            o.volunteer_id = volunteer.id
            uow.commit()

    def board(self, day: date, viewer: UserView | None = None) -> dict[DeliveryState, list[OrderView]]:
        """Today's orders by state."""
        with self._db.uow() as uow:
            s = uow.session
            out: dict[DeliveryState, list[OrderView]] = {st: [] for st in DeliveryState}
            for o in s.execute(
                select(DeliveryOrder)
                .where(DeliveryOrder.day == day.isoformat())
                .order_by(DeliveryOrder.slot, DeliveryOrder.order_no)
            ).scalars():
                out[DeliveryState(o.state)].append(self._view(s, o, viewer))
            return out

    def routes(self, day: date) -> dict[str, list[OrderView]]:
        """The day's live orders grouped by compound: one route each."""
        groups: dict[str, list[OrderView]] = defaultdict(list)
        for state, orders in self.board(day).items():
            if state in (DeliveryState.CANCELLED, DeliveryState.PAID):
                continue
            for o in orders:
                groups[o.resident.compound or "—"].append(o)
        return dict(sorted(groups.items()))

    def summary(self, day: date) -> DeliverySummary:
        """The manager's view of a day: orders, delivered, residents served, amount, certified share,
        per volunteer."""
        from pos_app.store.models import AppUser, SaleLine

        with self._db.uow() as uow:
            s = uow.session
            orders = list(s.execute(select(DeliveryOrder).where(DeliveryOrder.day == day.isoformat())).scalars())
            names = dict(s.execute(select(AppUser.id, AppUser.display_name)).all())
            paid = dict(
                s.execute(
                    select(Sale.delivery_order_id, Sale.total_fen).where(
                        Sale.delivery_order_id.in_([o.id for o in orders])
                    )
                ).all()
            )
            certified = int(
                s.execute(
                    select(func.coalesce(func.sum(SaleLine.net_fen), 0))
                    .join(Sale, Sale.id == SaleLine.sale_id)
                    .where(
                        Sale.delivery_order_id.in_([o.id for o in orders]),
                        SaleLine.certified,
                        SaleLine.voided.is_(False),
                    )
                ).scalar_one()
            )
        done = {DeliveryState.DELIVERED.value, DeliveryState.PAID.value}
        per: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
        for o in orders:
            row = per[names.get(o.volunteer_id or "", "—")]
            row[0] += 1
            row[1] += o.state in done
            row[2] += int(paid.get(o.id, 0))
        return DeliverySummary(
            day,
            len(orders),
            sum(o.state in done for o in orders),
            len({o.resident_id for o in orders if o.state in done}),
            sum(int(v) for v in paid.values()),
            certified,
            tuple((k, v[0], v[1], v[2]) for k, v in sorted(per.items())),
        )

    # -- money -----------------------------------------------------------------------------------
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
        co: CheckoutService = self._checkout_factory()  # type: ignore[operator]
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

        from sqlalchemy.exc import IntegrityError

        try:
            return co.pay(plan, delivery_order_id=order.id, within=mark_paid)
        except IntegrityError:
            again = self.get(order_no)  # paid by another press or process meanwhile
            if again.receipt_no:
                return again.receipt_no
            raise


def _perms(user: UserView) -> frozenset[Permission]:
    from pos_app.domain.permissions import permissions

    return permissions(user.roles)
