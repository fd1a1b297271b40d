"""Refund arithmetic: never refund more than was sold, and never more money than was paid."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from pos_app.domain.errors import RefundError, RefundExceedsSold
from pos_app.domain.money import Fen
from pos_app.domain.money_rules import share_of


@dataclass(frozen=True)
class SoldLine:
    """An original sale line as far as refunds care. Quantity is pieces, or grams when weighed."""

    line_id: str
    line_no: int
    quantity: int
    net_fen: Fen
    refunded_quantity: int = 0
    refunded_fen: Fen = 0

    @property
    def quantity_left(self) -> int:
        return self.quantity - self.refunded_quantity


def refund_line_amount(line: SoldLine, quantity: int) -> Fen:
    """The money for refunding ``quantity`` of ``line``: proportional, the remainder on the last part.

    Refunding a line in several parts always adds up to exactly its net amount.
    """
    if quantity <= 0:
        raise RefundError(what="quantity must be positive", what_zh="退货数量须大于 0")
    if quantity > line.quantity_left:
        raise RefundExceedsSold(line_no=line.line_no, asked=quantity, left=line.quantity_left)
    return share_of(line.net_fen, line.quantity, line.refunded_quantity, line.refunded_fen, quantity)


@dataclass(frozen=True)
class PaidTender:
    tender_code: str
    paid_fen: Fen
    refunded_fen: Fen = 0
    is_cash: bool = False


def refund_tenders(amount_fen: Fen, paid: list[PaidTender]) -> list[tuple[str, Fen]]:
    """Send a refund back over the original tenders: non-cash first (up to what each paid), cash last.

    Change given in cash was never kept by the store, so cash can only take back what it applied.
    """
    left = amount_fen
    out: list[tuple[str, Fen]] = []
    for t in sorted(paid, key=lambda t: t.is_cash):
        room = t.paid_fen - t.refunded_fen
        take = min(room, left)
        if take > 0:
            out.append((t.tender_code, take))
            left -= take
    if left > 0:
        raise RefundError(what="refund larger than what was paid", what_zh="退款不能超过实收金额")
    return out


@dataclass
class RefundHistory:
    """What earlier refunds of one sale took back, per sale line and per tender.

    A refund may be known from more than one source (this till's file, the district's copy of the
    station's refunds): each refund id counts once, so merging the sources never counts one twice.
    """

    quantity: dict[str, int] = field(default_factory=dict)  # sale line id → pieces or grams
    amount: dict[str, Fen] = field(default_factory=dict)  # sale line id → money back
    debited: dict[str, Fen] = field(default_factory=dict)  # sale line id → taken back from the household
    tenders: dict[str, Fen] = field(default_factory=dict)  # tender code → money back
    seen: set[str] = field(default_factory=set)

    def add(
        self,
        refund_id: str,
        lines: Iterable[tuple[str, int, Fen]],
        debits: Iterable[tuple[str, Fen]] = (),
        tenders: Iterable[tuple[str, Fen]] = (),
    ) -> bool:
        """Count one refund: its lines (sale line id, quantity, amount), its household debits (sale
        line id, amount taken back, positive) and its tenders. False when it was counted already."""
        if refund_id in self.seen:
            return False
        self.seen.add(refund_id)
        for line_id, quantity, amount in lines:
            self.quantity[line_id] = self.quantity.get(line_id, 0) + quantity
            self.amount[line_id] = self.amount.get(line_id, 0) + amount
        for line_id, amount in debits:
            self.debited[line_id] = self.debited.get(line_id, 0) + amount
        for code, amount in tenders:
            self.tenders[code] = self.tenders.get(code, 0) + amount
        return True
