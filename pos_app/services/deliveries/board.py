"""What the delivery screen and the daily report read: orders by state, routes, the day's summary."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from pos_app.domain.delivery import DeliveryState
from pos_app.domain.money import Fen
from pos_app.services.base import StationService
from pos_app.services.deliveries.orders import OrderView, order_view
from pos_app.services.users import UserView
from pos_app.store.models import AppUser, DeliveryOrder, Sale, SaleLine


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


class DeliveryBoard(StationService):
    """The read side: a day's orders by state, routes by compound, the manager's summary."""

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
                out[DeliveryState(o.state)].append(order_view(s, o, viewer))
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
