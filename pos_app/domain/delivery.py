"""Home delivery (送货上门) order lifecycle. States only move forward; cancelling is possible before the
order leaves the station, and after that only with a manager's approval; a paid order is final."""

from __future__ import annotations

from enum import StrEnum

from pos_app.domain.errors import PosError


class DeliveryState(StrEnum):
    REQUESTED = "requested"
    CONFIRMED = "confirmed"
    PICKED = "picked"
    OUT = "out"
    DELIVERED = "delivered"
    PAID = "paid"
    CANCELLED = "cancelled"


RANK = {s: i for i, s in enumerate(DeliveryState)}
STATE_ZH = {
    DeliveryState.REQUESTED: "待确认",
    DeliveryState.CONFIRMED: "已确认",
    DeliveryState.PICKED: "已配货",
    DeliveryState.OUT: "配送中",
    DeliveryState.DELIVERED: "已送达",
    DeliveryState.PAID: "已收款",
    DeliveryState.CANCELLED: "已取消",
}
_FORWARD = {
    DeliveryState.REQUESTED: {DeliveryState.CONFIRMED},
    DeliveryState.CONFIRMED: {DeliveryState.PICKED},
    DeliveryState.PICKED: {DeliveryState.OUT},
    DeliveryState.OUT: {DeliveryState.DELIVERED},
    DeliveryState.DELIVERED: {DeliveryState.PAID},
}
EDITABLE = {DeliveryState.REQUESTED, DeliveryState.CONFIRMED, DeliveryState.PICKED}


class InvalidTransition(PosError):
    code = "invalid_transition"
    template = "An order that is {state} cannot become {to}"
    template_zh = "订单{state_zh}，不能改为{to_zh}"


def transition(state: DeliveryState, to: DeliveryState, *, manager_approved: bool = False) -> DeliveryState:
    """The next state, or InvalidTransition. Never backwards; cancelled and paid are final."""
    if to is DeliveryState.CANCELLED:
        if state in EDITABLE or (state is DeliveryState.OUT and manager_approved):
            return to
    elif to in _FORWARD.get(state, set()):
        return to
    raise InvalidTransition(state=state.value, to=to.value, state_zh=STATE_ZH[state], to_zh=STATE_ZH[to])
