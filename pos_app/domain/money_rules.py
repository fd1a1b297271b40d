"""The rules about money, once: the station applies them before it commits, the district when it judges.

Pure functions over integers (fen, grams, pieces). ``docs/architecture.md`` states the pass-through
credit rule with a worked example; this module is its only implementation.

- A sale adds up: every live line's net = gross - discount + rounding share; the lines' gross is the
  subtotal; subtotal - discount + rounding = total = the lines' net; the tenders apply exactly the
  total and the change is what was tendered beyond it.
- A pass-through line credits its household the line's **full amount at the household's price**
  (its gross), whatever line or ticket discount or 抹零 the store gives: the store bears them.
- A refund of part of a line returns the customer its share of what was paid (net) and debits the
  household its share of the full amount (gross); parts always add up to the whole.
- A household's balance is credits - debits - payouts; income in a year is credits - debits.
- Progress to a target and the canteens' policy share are whole percents, rounded down.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from pos_app.domain.errors import PosError, RefundError, RefundExceedsSold
from pos_app.domain.money import MAX_FEN, Fen, div_round_half_up

POLICY_SHARE_PERCENT = 30  # institutional buyers: at least this share of poverty-area products


class RuleBroken(PosError):
    """Figures that break a money rule. ``code`` is stable (the district's refusal code)."""

    def __init__(self, code: str, message: str, message_zh: str) -> None:
        super().__init__(message)
        self.code = code
        self.message_zh = message_zh


# -- a sale --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LineFigures:
    """A sale line as the money rules see it. ``quantity`` is pieces, or grams when weighed."""

    line_id: str
    gross_fen: Fen
    discount_fen: Fen
    rounding_fen: Fen
    net_fen: Fen
    quantity: int
    voided: bool = False
    pass_through: bool = False
    household: str | None = None  # the household whose goods these are (pass-through lines)


@dataclass(frozen=True, slots=True)
class TenderFigures:
    amount_fen: Fen  # applied to the sale
    tendered_fen: Fen
    change_fen: Fen


@dataclass(frozen=True, slots=True)
class SaleFigures:
    subtotal_fen: Fen
    discount_fen: Fen
    rounding_fen: Fen
    total_fen: Fen
    change_fen: Fen
    lines: Sequence[LineFigures]
    tenders: Sequence[TenderFigures]


def _broken(message: str, message_zh: str) -> RuleBroken:
    return RuleBroken("inconsistent_payload", message, message_zh)


def check_sale(sale: SaleFigures) -> None:
    """Raise ``RuleBroken`` unless the sale's figures agree with each other."""
    if not sale.lines:
        raise _broken("a sale without lines", "销售单没有商品行")
    for li in sale.lines:
        if li.quantity <= 0 or li.gross_fen < 0 or li.net_fen < 0 or li.gross_fen > MAX_FEN:
            raise _broken("a sale line with a negative amount or no quantity", "商品行金额为负或数量为零")
        if li.voided:
            continue
        if li.net_fen != li.gross_fen - li.discount_fen + li.rounding_fen:
            raise _broken(
                f"line {li.line_id}: net is not gross - discount + rounding", "商品行实收不等于原价减优惠加抹零"
            )
        if li.pass_through and not li.household:
            raise _broken("a pass-through line names no household", "代销商品行没有所属农户")
    live = [li for li in sale.lines if not li.voided]
    if not live:
        raise _broken("a sale whose lines are all voided", "销售单的商品行全部已作废")
    if sale.subtotal_fen != sum(li.gross_fen for li in live):
        raise _broken("the lines do not add up to the subtotal", "商品行原价之和不等于小计")
    if sale.total_fen != sale.subtotal_fen - sale.discount_fen + sale.rounding_fen:
        raise _broken("subtotal - discount + rounding is not the total", "小计减优惠加抹零不等于应收")
    if sale.total_fen != sum(li.net_fen for li in live):
        raise _broken("the lines do not add up to the total", "商品行实收之和不等于应收")
    if sale.total_fen < 0 or sale.total_fen > MAX_FEN:
        raise _broken("a sale total out of range", "应收金额超出范围")
    if sale.tenders:
        if any(
            t.amount_fen < 0 or t.change_fen < 0 or t.tendered_fen != t.amount_fen + t.change_fen for t in sale.tenders
        ):
            raise _broken("a tender's amount and change do not add up", "支付金额与找零不符")
        if sum(t.amount_fen for t in sale.tenders) != sale.total_fen:
            raise _broken("the tenders do not pay the total exactly", "各项支付之和不等于应收")
        if sum(t.change_fen for t in sale.tenders) != sale.change_fen:
            raise _broken("the change does not add up", "找零不符")
    elif sale.total_fen != 0:
        raise _broken("a sale paid by nothing", "销售单没有支付记录")


# -- the pass-through credit ---------------------------------------------------------------------------


def pass_through_credit(line: LineFigures) -> Fen:
    """What a household is credited for one sale line: its full amount at the household's price.

    Discounts and 抹零 are the store's: the line's gross, never its net. Nothing for a voided line or
    for goods that are not a household's."""
    if line.voided or not line.pass_through:
        return 0
    return line.gross_fen


def sale_credits(lines: Iterable[LineFigures]) -> dict[str, tuple[str, Fen]]:
    """Every credit a sale owes: {line id: (household, amount)}, one per live pass-through line."""
    out: dict[str, tuple[str, Fen]] = {}
    for li in lines:
        amount = pass_through_credit(li)
        if li.pass_through and not li.voided and li.household:
            out[li.line_id] = (li.household, amount)
    return out


def check_credits(lines: Sequence[LineFigures], credits: Iterable[tuple[str | None, str, Fen]]) -> None:
    """``credits`` as the fact states them, (sale line id, household, amount): they must be exactly
    what ``sale_credits`` owes, line by line. Only the sum agreeing is not enough."""
    owed = sale_credits(lines)
    seen: dict[str, tuple[str, Fen]] = {}
    for line_id, household, amount in credits:
        if line_id is None or line_id not in owed:
            raise RuleBroken(
                "credit_without_pass_through",
                "a credit for a line that is not a live pass-through line of this sale",
                "入账记录对应的不是本单的代销商品行",
            )
        if line_id in seen:
            raise _broken("a line credited twice", "同一商品行重复入账")
        seen[line_id] = (household, amount)
        want_household, want_amount = owed[line_id]
        if household != want_household:
            raise RuleBroken(
                "wrong_household",
                f"line {line_id} is {want_household}'s goods, credited to {household}",
                f"商品属于农户 {want_household}，却记入了 {household}",
            )
        if amount < 0:
            raise RuleBroken("negative_credit", "a negative credit", "入账金额为负")
        if amount != want_amount:
            raise _broken(
                f"line {line_id} credits {amount} fen; the rule gives {want_amount} (its full amount)",
                f"入账 {amount} 分，应为该行全额 {want_amount} 分（优惠和抹零由超市承担）",
            )
    if seen.keys() != owed.keys():
        raise _broken("a pass-through line is not credited to its household", "有代销商品行未记入农户账")


# -- refunds -------------------------------------------------------------------------------------------


def share_of(whole_fen: Fen, quantity: int, done_quantity: int, done_fen: Fen, take: int) -> Fen:
    """The part of ``whole_fen`` (for ``quantity``) that ``take`` more of it is worth, when
    ``done_quantity`` / ``done_fen`` were taken before: proportional, rounded half up, the exact
    remainder on the last part, so the parts always add up to the whole."""
    left = quantity - done_quantity
    if take <= 0:
        raise RefundError(what="quantity must be positive", what_zh="退货数量须大于 0")
    if take > left:
        raise RefundExceedsSold(line_no=0, asked=take, left=left)
    if take == left:
        return whole_fen - done_fen
    return max(0, min(div_round_half_up(whole_fen * take, quantity), whole_fen - done_fen))


@dataclass(frozen=True, slots=True)
class RefundedSoFar:
    """A sold line and what earlier refunds already took back from it."""

    line: LineFigures
    quantity: int = 0
    amount_fen: Fen = 0  # returned to customers
    debited_fen: Fen = 0  # taken back from the household (positive)


def refund_amount(sofar: RefundedSoFar, take: int) -> Fen:
    """What the customer gets back for ``take`` more of the line: its share of what was paid."""
    li = sofar.line
    return share_of(li.net_fen, li.quantity, sofar.quantity, sofar.amount_fen, take)


def refund_debit(sofar: RefundedSoFar, take: int) -> Fen:
    """What the household gives back for ``take`` more of the line (positive fen): its share of the
    full amount it was credited. Nothing for a line that was not a household's."""
    li = sofar.line
    if not li.pass_through or li.voided:
        return 0
    return share_of(pass_through_credit(li), li.quantity, sofar.quantity, sofar.debited_fen, take)


# -- a household's money ---------------------------------------------------------------------------


def balance(credits_fen: Fen, debits_fen: Fen, payouts_fen: Fen) -> Fen:
    """What the household is owed: credits - debits - payouts (each given as a positive sum)."""
    return credits_fen - debits_fen - payouts_fen


def check_payout(amount_fen: Fen, balance_fen: Fen) -> None:
    if amount_fen <= 0:
        raise RuleBroken("invalid_payout", "a payout of zero or less", "结算金额须大于 0")
    if amount_fen > balance_fen:
        raise RuleBroken(
            "payout_exceeds_balance",
            f"a payout of {amount_fen} fen against a balance of {balance_fen} fen",
            f"结算 {amount_fen / 100:.2f} 元超过区里账上的余额 {balance_fen / 100:.2f} 元",
        )


def income_percent(income_fen: Fen, target_fen: Fen) -> int:
    """Progress to the year's income target, 0–100 (a household with no target has met it)."""
    if target_fen <= 0:
        return 100
    return min(100, max(0, income_fen * 100 // target_fen))


def share_percent(part_fen: Fen, whole_fen: Fen) -> int:
    """A whole percent, rounded down; 0 of nothing."""
    return part_fen * 100 // whole_fen if whole_fen > 0 else 0


def meets_policy(poverty_fen: Fen, purchases_fen: Fen) -> bool:
    """An institutional buyer's share of poverty-area products is at least the policy's.
    Compared exactly (poverty × 100 ≥ 30 × purchases), not through a rounded percent."""
    return purchases_fen > 0 and poverty_fen * 100 >= POLICY_SHARE_PERCENT * purchases_fen
