"""What goods cost the store: the moving-average cost a receipt leaves, and a delivery's figures.

Costing is the moving average (移动加权平均): each receipt folds its quantity and cost into the
average of what was on hand; a sale, a refund, a return to the supplier or a write-off moves
quantity at that average and leaves it as it is. A product with nothing (or less than nothing) on
hand takes the receipt's own cost. Amounts are integer fen, rounded half up.
"""

from __future__ import annotations

import unicodedata

from pos_app.domain.errors import InvalidInput
from pos_app.domain.money import MAX_FEN, Fen, div_round_half_up, parse_weight, quantity_amount, weight_unit
from pos_app.domain.text import is_digits

MAX_RECEIPT_QUANTITY = 10_000_000  # pieces, or grams (10 t) on one line
MAX_LINES = 1000  # on one receipt or adjustment document: one fact


def moving_average(on_hand: int, average_fen: Fen | None, received: int, unit_cost_fen: Fen) -> Fen:
    """The average cost per unit (piece or kg) after ``received`` units at ``unit_cost_fen`` join
    ``on_hand`` units at ``average_fen`` (None: never costed)."""
    if received <= 0:
        raise ValueError("a receipt receives a positive quantity")
    if average_fen is None or on_hand <= 0:
        return unit_cost_fen
    return div_round_half_up(on_hand * average_fen + received * unit_cost_fen, on_hand + received)


def receipt_line_cost(quantity: int, unit_cost_fen: Fen, sold_by_weight: bool) -> Fen:
    """A receipt line's cost: pieces × cost, or grams at a cost per kg; refused when out of range."""
    if not 0 < quantity <= MAX_RECEIPT_QUANTITY:
        raise InvalidInput(what=f"quantity {quantity}", what_zh=f"数量 {quantity} 无效")
    if not 0 <= unit_cost_fen <= MAX_FEN:
        raise InvalidInput(what="the cost price", what_zh="进价无效")
    return quantity_amount(quantity, unit_cost_fen, sold_by_weight)


def cost_of_sale(quantity: int, average_fen: Fen | None, sold_by_weight: bool) -> Fen | None:
    """What ``quantity`` (pieces or grams) sold cost the store at the moving average; None when the
    product was never received with a cost."""
    return None if average_fen is None else quantity_amount(quantity, average_fen, sold_by_weight)


def margin_permille(sales_fen: Fen, cost_fen: Fen) -> int | None:
    """Gross margin as a share of sales, in tenths of a percent (rounded half up); None without sales."""
    return div_round_half_up((sales_fen - cost_fen) * 1000, sales_fen) if sales_fen > 0 else None


def adjustment_value(delta: int, sold_by_weight: bool, *, household_price_fen: Fen | None, cost_fen: Fen | None) -> Fen:
    """What a stock adjustment of ``delta`` units (pieces or grams) is worth: negative for a loss.
    A household's consigned goods are valued at the household's price (the store bears it); the
    store's own goods at their moving-average cost, or 0 when never received with a cost."""
    unit = household_price_fen if household_price_fen is not None else (cost_fen or 0)
    value = quantity_amount(abs(delta), unit, sold_by_weight)
    return -value if delta < 0 else value


def parse_quantity(text: str, sold_by_weight: bool, unit_label: str = "kg") -> int:
    """A quantity as a manager types it for stock: whole pieces, or, when weighed, a weight (into
    grams) in the unit the product is shown in (斤 for goods priced by the 斤, else kg; a unit
    written after the number wins). Files say kg: their callers leave ``unit_label`` out."""
    if sold_by_weight:
        return parse_weight(text, weight_unit(unit_label))
    s = unicodedata.normalize("NFKC", text).strip()
    if not is_digits(s) or not 0 < int(s) <= MAX_RECEIPT_QUANTITY:
        raise InvalidInput(what=f"quantity {text!r}: whole pieces", what_zh=f"数量 {text}：须为整数件")
    return int(s)
