"""The cart of a sale in progress: lines, quantities, voids, discounts, 抹零 rounding, totals.

Pure and in memory. The checkout service feeds it product snapshots and persists it when paid.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from pos_app.domain.errors import CartError, InvalidQuantity, NoSuchLine
from pos_app.domain.money import MAX_FEN, Fen, Rounding, allocate, round_total, weighed_amount
from pos_app.domain.money_rules import LineFigures, sale_credits

MAX_QTY = 9999
MAX_LINES = 500


@dataclass(frozen=True)
class ProductSnapshot:
    """What a sale line remembers of a product at the moment it was sold (history never changes)."""

    product_id: str
    name: str
    unit_label: str
    sold_by_weight: bool
    unit_price_fen: Fen  # per piece, or per kg when sold by weight
    category: str = ""
    certified: bool = False
    certificate_no: str | None = None
    household_id: str | None = None
    household_label: str | None = None
    pass_through: bool = False


@dataclass
class CartLine:
    line_no: int
    product: ProductSnapshot
    code: str
    qty: int = 1  # pieces; 1 for a weighed line
    weight_g: int | None = None
    label_amount_fen: Fen | None = None  # amount printed by a scale label, when it carries one
    line_discount_fen: Fen = 0
    voided: bool = False
    void_approved_by: str | None = None

    @property
    def gross_fen(self) -> Fen:
        if self.label_amount_fen is not None:
            return self.label_amount_fen
        if self.product.sold_by_weight:
            assert self.weight_g is not None
            return weighed_amount(self.weight_g, self.product.unit_price_fen)
        return self.qty * self.product.unit_price_fen

    @property
    def after_line_discount_fen(self) -> Fen:
        return self.gross_fen - self.line_discount_fen


@dataclass(frozen=True)
class PricedLine:
    """A line with the ticket-level adjustments shared out: what the customer pays for it."""

    line: CartLine
    gross_fen: Fen
    discount_fen: Fen  # line discount + share of ticket discount
    rounding_fen: Fen  # share of the ticket's 抹零
    net_fen: Fen


@dataclass(frozen=True)
class Totals:
    item_count: int
    line_count: int
    subtotal_fen: Fen
    discount_fen: Fen
    rounding_fen: Fen
    total_fen: Fen
    lines: tuple[PricedLine, ...]

    @property
    def certified_fen(self) -> Fen:
        return sum(p.net_fen for p in self.lines if p.line.product.certified)

    @property
    def pass_through_fen(self) -> Fen:
        return sum(p.gross_fen for p in self.lines if p.line.product.pass_through)

    def household_credits(self) -> dict[str, Fen]:
        """What this sale credits each household whose goods are in it, by the pass-through rule
        (what the customer's display says this purchase sent to the households)."""
        figures = [
            LineFigures(
                str(p.line.line_no),
                p.gross_fen,
                p.discount_fen,
                p.rounding_fen,
                p.net_fen,
                p.line.weight_g or p.line.qty,
                p.line.voided,
                p.line.product.pass_through,
                p.line.product.household_id,
            )
            for p in self.lines
        ]
        out: dict[str, Fen] = {}
        for household, amount in sale_credits(figures).values():
            if amount:
                out[household] = out.get(household, 0) + amount
        return out


@dataclass
class Cart:
    rounding: Rounding = Rounding.NONE
    lines: list[CartLine] = field(default_factory=list)
    ticket_discount_fen: Fen = 0
    _next_no: int = 1

    # -- building -----------------------------------------------------------------------------
    def _new_line(self, **kw: object) -> CartLine:
        if len(self.lines) >= MAX_LINES:
            raise CartError(what=f"at most {MAX_LINES} lines", what_zh=f"每单最多 {MAX_LINES} 行")
        line = CartLine(line_no=self._next_no, **kw)  # type: ignore[arg-type]
        self._next_no += 1
        self.lines.append(line)
        return line

    def add(self, product: ProductSnapshot, code: str, qty: int = 1) -> CartLine:
        """Add pieces; scanning the same product again increments its open line."""
        if product.sold_by_weight:
            raise CartError(what=f"{product.name} is sold by weight", what_zh=f"{product.name} 按重量销售")
        _check_qty(qty)
        for line in reversed(self.lines):
            if (
                not line.voided
                and line.product == product
                and line.line_discount_fen == 0
                and line.label_amount_fen is None
            ):
                _check_qty(line.qty + qty)
                line.qty += qty
                return line
        return self._new_line(product=product, code=code, qty=qty)

    def add_weighed(
        self, product: ProductSnapshot, code: str, weight_g: int | None, label_amount_fen: Fen | None = None
    ) -> CartLine:
        """A weighed line: weight in grams, or the amount a scale label carries (or both)."""
        if weight_g is None and label_amount_fen is None:
            raise InvalidQuantity(text="no weight")
        if weight_g is not None and not 0 < weight_g <= 10_000_000:
            raise InvalidQuantity(text=f"{weight_g} g")
        if label_amount_fen is not None and not 0 < label_amount_fen <= MAX_FEN:
            raise InvalidQuantity(text=f"{label_amount_fen} fen")
        if not product.sold_by_weight and label_amount_fen is None:
            raise CartError(what=f"{product.name} is not sold by weight", what_zh=f"{product.name} 不按重量销售")
        return self._new_line(product=product, code=code, qty=1, weight_g=weight_g, label_amount_fen=label_amount_fen)

    def line(self, line_no: int) -> CartLine:
        for line in self.lines:
            if line.line_no == line_no and not line.voided:
                return line
        raise NoSuchLine(line_no=line_no)

    def set_qty(self, line_no: int, qty: int) -> CartLine:
        line = self.line(line_no)
        if line.product.sold_by_weight or line.label_amount_fen is not None:
            raise CartError(what="the quantity of a weighed line is its weight", what_zh="称重商品请修改重量")
        _check_qty(qty)
        if line.line_discount_fen > qty * line.product.unit_price_fen:
            raise CartError(what="discount larger than the line", what_zh="优惠不能超过该行金额")
        line.qty = qty
        return line

    def set_weight(self, line_no: int, weight_g: int) -> CartLine:
        line = self.line(line_no)
        if not line.product.sold_by_weight or line.label_amount_fen is not None:
            raise CartError(what="not a weighed line", what_zh="不是称重商品")
        if not 0 < weight_g <= 10_000_000:
            raise InvalidQuantity(text=f"{weight_g} g")
        line.weight_g = weight_g
        return line

    def void(self, line_no: int, approved_by: str | None = None) -> CartLine:
        line = self.line(line_no)
        line.voided = True
        line.void_approved_by = approved_by
        return line

    def set_line_discount(self, line_no: int, discount_fen: Fen) -> CartLine:
        line = self.line(line_no)
        if not 0 <= discount_fen <= line.gross_fen:
            raise CartError(
                what="a line discount must be between 0 and the line amount", what_zh="单品优惠须在 0 与该行金额之间"
            )
        line.line_discount_fen = discount_fen
        return line

    def set_ticket_discount(self, discount_fen: Fen) -> None:
        before = sum(li.after_line_discount_fen for li in self.active_lines)
        if not 0 <= discount_fen <= before:
            raise CartError(
                what="a ticket discount must be between 0 and the subtotal", what_zh="整单优惠须在 0 与小计之间"
            )
        self.ticket_discount_fen = discount_fen

    @property
    def active_lines(self) -> list[CartLine]:
        return [li for li in self.lines if not li.voided]

    @property
    def is_empty(self) -> bool:
        return not self.active_lines

    # -- totals ---------------------------------------------------------------------------------
    def totals(self) -> Totals:
        active = self.active_lines
        subtotal = sum(li.gross_fen for li in active)
        after_line = [li.after_line_discount_fen for li in active]
        ticket_disc = min(self.ticket_discount_fen, sum(after_line))
        shares = allocate(ticket_disc, after_line)
        before_rounding = sum(after_line) - ticket_disc
        rounding = round_total(before_rounding, self.rounding)
        after_disc = [a - s for a, s in zip(after_line, shares, strict=True)]
        round_shares = allocate(rounding, after_disc)
        priced = tuple(
            PricedLine(
                line=li,
                gross_fen=li.gross_fen,
                discount_fen=li.line_discount_fen + s,
                rounding_fen=r,
                net_fen=a + r,
            )
            for li, s, a, r in zip(active, shares, after_disc, round_shares, strict=True)
        )
        return Totals(
            item_count=sum(1 if li.product.sold_by_weight or li.label_amount_fen else li.qty for li in active),
            line_count=len(active),
            subtotal_fen=subtotal,
            discount_fen=subtotal - before_rounding,
            rounding_fen=rounding,
            total_fen=before_rounding + rounding,
            lines=priced,
        )

    # -- persistence of held carts -----------------------------------------------------------
    def to_dict(self) -> dict[str, object]:
        return {
            "rounding": self.rounding.value,
            "ticket_discount_fen": self.ticket_discount_fen,
            "next_no": self._next_no,
            "lines": [
                {
                    "line_no": li.line_no,
                    "code": li.code,
                    "qty": li.qty,
                    "weight_g": li.weight_g,
                    "label_amount_fen": li.label_amount_fen,
                    "line_discount_fen": li.line_discount_fen,
                    "voided": li.voided,
                    "void_approved_by": li.void_approved_by,
                    "product": li.product.__dict__,
                }
                for li in self.lines
            ],
        }

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> Cart:
        cart = cls(rounding=Rounding(str(data["rounding"])))
        cart.ticket_discount_fen = int(data["ticket_discount_fen"])  # type: ignore[call-overload]
        cart._next_no = int(data["next_no"])  # type: ignore[call-overload]
        for raw in data["lines"]:  # type: ignore[attr-defined]
            d = dict(raw)
            product = ProductSnapshot(**d.pop("product"))
            cart.lines.append(CartLine(product=product, **d))
        return cart

    def copy(self) -> Cart:
        return Cart.from_dict(self.to_dict())


def _check_qty(qty: int) -> None:
    if not 0 < qty <= MAX_QTY:
        raise InvalidQuantity(text=str(qty))


def snapshot_with_price(product: ProductSnapshot, unit_price_fen: Fen) -> ProductSnapshot:
    return replace(product, unit_price_fen=unit_price_fen)
