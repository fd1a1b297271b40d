"""A stocktake's rule (盘点): what is booked is what makes the books equal the count.

Each product is counted against the station's on-hand at the moment it was *first* counted in the
session: a sale before that moment left the shelf and the books together, a sale after it leaves
both after the count, so sales made during the count never show up as a difference. Counting a
product again (the shelf, then the store room) adds to its count. At booking, a product in the
session's scope that nobody counted is either left as it is or, when the manager says the count
was complete, counted as nothing (its on-hand at booking is the expected figure).

The difference of each product (counted − expected) is one line of the adjustment; a product whose
count agrees makes no line. A shortage of a household's consigned goods is the store's loss: the
household's ledger is credited only for what sold and never changes through a stocktake.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from pos_app.domain.errors import InvalidInput
from pos_app.domain.purchasing import MAX_RECEIPT_QUANTITY, parse_quantity

_ZERO = re.compile(r"0*(\.0*)?")
REASONS = {
    "": "未注明",
    "shrinkage": "自然损耗",
    "damage": "破损",
    "expired": "过期",
    "theft": "丢失被盗",
    "miscount": "前次记录有误",
}


@dataclass(frozen=True)
class Variance:
    product_id: str
    expected: int
    counted: int
    counted_by_rule: bool  # not counted; taken as nothing because the count was complete

    @property
    def delta(self) -> int:
        return self.counted - self.expected


def parse_counted(text: str, sold_by_weight: bool, unit_label: str = "kg") -> int:
    """A counted quantity: whole pieces or a weight (into grams; in 斤 for goods priced by the 斤
    when ``unit_label`` says so, as ``parse_quantity``), and 0 when none were found."""
    s = unicodedata.normalize("NFKC", text).strip()
    if _ZERO.fullmatch(s) and any(ch.isdigit() for ch in s):
        return 0
    return parse_quantity(s, sold_by_weight, unit_label)


def add_count(counted: int, more: int) -> int:
    """A further count of the same product; the sum must stay a quantity the station can hold."""
    total = counted + more
    if more < 0 or total > MAX_RECEIPT_QUANTITY:
        raise InvalidInput(what=f"count {total}", what_zh=f"盘点数量 {total} 无效")
    return total


def variances(
    counts: Mapping[str, tuple[int, int]],
    uncounted_on_hand: Mapping[str, int],
    *,
    uncounted_as_zero: bool,
) -> list[Variance]:
    """Every product's variance: ``counts`` is {product: (expected, counted)}; ``uncounted_on_hand``
    the on-hand of the scope's products nobody counted (only used when the count was complete).
    Products whose books agree are left out."""
    out = [Variance(pid, e, c, False) for pid, (e, c) in counts.items()]
    if uncounted_as_zero:
        out += [Variance(pid, q, 0, True) for pid, q in uncounted_on_hand.items() if pid not in counts]
    return sorted((v for v in out if v.delta), key=lambda v: v.product_id)
