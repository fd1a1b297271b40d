"""Tenders and split payment: cash gives change, nothing else may exceed what is due."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from pos_app.domain.errors import AmountStillDue, NonCashOverpay, PaymentError, UnknownTender
from pos_app.domain.money import Fen, format_fen


class TenderKind(StrEnum):
    CASH = "cash"
    MOBILE = "mobile"  # WeChat / Alipay / UnionPay QR: masked code + reference
    CARD = "card"  # bank card
    LOVE_CARD = "love_card"  # 爱心卡
    ELDER_CARD = "elder_card"  # 养老助残卡
    ACCOUNT = "account"  # institutional account (canteen, union) on credit


@dataclass(frozen=True)
class Tender:
    code: str
    name: str
    kind: TenderKind

    @property
    def gives_change(self) -> bool:
        return self.kind is TenderKind.CASH


DEFAULT_TENDERS = (
    Tender("cash", "现金", TenderKind.CASH),
    Tender("mobile", "移动支付", TenderKind.MOBILE),
    Tender("card", "银行卡", TenderKind.CARD),
    Tender("love_card", "爱心卡", TenderKind.LOVE_CARD),
    Tender("elder_card", "养老助残卡", TenderKind.ELDER_CARD),
    Tender("account", "单位挂账", TenderKind.ACCOUNT),
)


@dataclass(frozen=True)
class TenderLine:
    tender: Tender
    amount_fen: Fen  # what this tender pays towards the sale
    tendered_fen: Fen  # what was handed over (cash: may exceed amount; change = tendered - amount)
    masked_code: str | None = None
    reference: str | None = None

    @property
    def change_fen(self) -> Fen:
        return self.tendered_fen - self.amount_fen


@dataclass
class PaymentPlan:
    """Tenders being collected for ``due_fen``. ``add`` refuses anything that breaks the rules."""

    due_fen: Fen
    tenders: dict[str, Tender]
    lines: list[TenderLine] = field(default_factory=list)

    @property
    def paid_fen(self) -> Fen:
        return sum(t.amount_fen for t in self.lines)

    @property
    def remaining_fen(self) -> Fen:
        return self.due_fen - self.paid_fen

    @property
    def change_fen(self) -> Fen:
        return sum(t.change_fen for t in self.lines)

    @property
    def complete(self) -> bool:
        return self.remaining_fen == 0

    def add(
        self,
        tender_code: str,
        amount_fen: Fen,
        *,
        masked_code: str | None = None,
        reference: str | None = None,
    ) -> TenderLine:
        tender = self.tenders.get(tender_code)
        if tender is None:
            raise UnknownTender(tender=tender_code)
        if amount_fen <= 0:
            raise PaymentError(what="amount must be positive", what_zh="金额须大于 0")
        remaining = self.remaining_fen
        if remaining <= 0:
            raise PaymentError(what="nothing is due", what_zh="已无应付金额")
        if tender.gives_change:
            line = TenderLine(tender, min(amount_fen, remaining), amount_fen, masked_code, reference)
        else:
            if amount_fen > remaining:
                raise NonCashOverpay(tender=tender.name, due=format_fen(remaining))
            line = TenderLine(tender, amount_fen, amount_fen, masked_code, reference)
        self.lines.append(line)
        return line

    def remove_last(self) -> None:
        if self.lines:
            self.lines.pop()

    def require_complete(self) -> None:
        if not self.complete:
            raise AmountStillDue(due=format_fen(self.remaining_fen))
