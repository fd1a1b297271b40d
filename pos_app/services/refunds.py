"""Refunds against an original sale: new rows pointing back, stock back in, an outbox row.

A refund needs a manager's approval (the caller passes the approving user after a PIN check).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from pos_app.contract.facts import RefundFact, SaleFact, line_household, to_payload
from pos_app.contract.protocol import RemoteSale
from pos_app.domain.clock import Clock, to_local
from pos_app.domain.errors import NotFound, NotPermitted, RefundError, RefundExceedsSold, SyncError
from pos_app.domain.ids import new_id, receipt_number
from pos_app.domain.money import Fen
from pos_app.domain.money_rules import LineFigures, RefundedSoFar, refund_amount, refund_debit
from pos_app.domain.refunds import PaidTender, RefundHistory, refund_tenders
from pos_app.domain.text import is_digits
from pos_app.services.base import StationService
from pos_app.services.district import DistrictLink
from pos_app.services.users import UserView
from pos_app.store.audit import record
from pos_app.store.context import StationContext
from pos_app.store.documents import next_document
from pos_app.store.models import (
    DistrictRefund,
    Household,
    LedgerEntry,
    Payment,
    Product,
    Refund,
    RefundLine,
    RefundPayment,
    Sale,
    SaleLine,
    TenderType,
)
from pos_app.store.outbox import enqueue, household_codes
from pos_app.store.sales import RefundRows, insert_refund
from pos_app.store.uow import Database

OWN_SALE_TIMEOUT_S = 2.0  # how long a refund of this till's own sale waits for the district's refunds


@dataclass(frozen=True)
class RefundableLine:
    line_id: str
    line_no: int
    name: str
    sold_by_weight: bool
    quantity: int  # pieces, or grams when weighed
    quantity_left: int
    net_fen: Fen
    refunded_fen: Fen
    gross_fen: Fen = 0
    household_id: str | None = None  # a pass-through line: the household is debited its share
    debited_fen: Fen = 0
    unit_label: str = ""


@dataclass(frozen=True)
class RefundableSale:
    sale_id: str
    receipt_no: str
    completed_at: datetime
    total_fen: Fen
    lines: tuple[RefundableLine, ...]
    paid: tuple[PaidTender, ...] = ()  # what each tender paid and has had back
    tender_names: tuple[tuple[str, str], ...] = ()  # (code, name) of the tenders it was paid with


@dataclass(frozen=True)
class RefundQuote:
    """What a refund of these quantities would give back, before anyone approves it."""

    lines: tuple[tuple[int, Fen], ...]  # (line_no, amount)
    total_fen: Fen
    tenders: tuple[tuple[str, Fen], ...]  # (tender name, amount back): the way the sale was paid


@dataclass(frozen=True)
class RefundDone:
    id: str
    receipt_no: str
    sale_receipt_no: str
    total_fen: Fen
    tenders: tuple[tuple[str, Fen], ...]  # (tender code, amount back)
    lines: tuple[tuple[int, int, Fen], ...]  # (line_no, quantity, amount)
    tender_names: tuple[tuple[str, Fen], ...] = ()  # the same, by the tenders' names (现金, 移动支付…)


class RefundService(StationService):
    """Finding what of a sale is left to refund, and refunding it under a manager's approval.

    What is left of a sale is what it sold less every refund of it known here: this till's own, the
    station's that the last sync brought (any till's), and, when the district is asked, the ones it
    holds now; each refund counts once. A sale made at another till is refunded against the
    district's copy of it, so the district must be reachable. At the sale's own till the district is
    asked briefly; without it the till refunds on what it knows and the district, the judge, refuses a
    refund that takes back more than was sold (docs/architecture.md, "Several tills, one station").
    """

    def __init__(self, db: Database, clock: Clock, station: StationContext, district: DistrictLink | None = None):
        super().__init__(db, clock, station)
        self._district = district

    def find(self, receipt_no: str) -> RefundableSale:
        """A sale by its receipt number; a bare sequence number ("76") is this till's receipt 76."""
        number = receipt_no.strip().upper()
        if is_digits(number) and 0 < len(number) <= 6 and int(number) > 0:
            number = receipt_number(self._station.station_code, self._station.terminal_no, int(number))
        copy = self._district_copy(number)
        with self._db.uow() as uow:
            return self._basis(uow.session, number, copy).sale

    def _district_copy(self, number: str) -> RemoteSale | None:
        """The district's copy of the sale and its refunds: required for another till's sale, asked
        briefly for this till's own (the till sells and refunds offline)."""
        if self._district is None or not self._district.enrolled() or not number:
            return None
        with self._db.uow() as uow:
            mine = uow.session.execute(select(Sale.id).where(Sale.receipt_no == number)).scalar() is not None
        if not mine:
            return self._district.sale(number)  # SyncError: the screen says the district is needed
        try:
            return self._district.sale(number, timeout=OWN_SALE_TIMEOUT_S)
        except SyncError:
            return None

    def _basis(self, s: Session, number: str, copy: RemoteSale | None) -> _Basis:
        sale = s.execute(select(Sale).where(Sale.receipt_no == number)).scalar()
        history = RefundHistory()
        if sale is not None:
            sold, paid = self._local_lines(s, sale.id), self._local_paid(s, sale.id)
            sale_id, receipt, completed_at, total = sale.id, sale.receipt_no, sale.completed_at, sale.total_fen
        elif copy is not None:
            fact = _read(SaleFact, copy.sale_json)
            if fact.sale.receipt_no != number:
                raise SyncError(what="the district sent another sale", what_zh="区级服务器返回的不是这张销售单")
            sold, paid = (
                self._remote_lines(s, fact),
                _paid_by_tender((p.tender_code, p.amount_fen) for p in fact.payments),
            )
            sale_id, receipt = fact.sale.id, fact.sale.receipt_no
            completed_at, total = fact.sale.completed_at, fact.sale.total_fen
        elif self._district is not None and self._district.enrolled():
            raise NotFound(  # not here, and the district has it from no till of the station (yet)
                what="sale (here or at the district; another till's sale arrives when that till syncs)",
                what_zh="销售单（本机和区级服务器都没有；其他收银台的销售单须待其同步后才能退）",
                key=number,
            )
        else:
            raise NotFound(what="sale", what_zh="销售单", key=number)
        self._local_history(s, sale_id, history)  # this till's refunds first: the district may not have them yet
        synced = s.execute(select(DistrictRefund.fact_json).where(DistrictRefund.sale_id == sale_id)).scalars()
        for text in [*(copy.refunds_json if copy is not None else ()), *synced]:  # every till's, each once
            r = _read(RefundFact, text)
            if r.refund.sale_id == sale_id:
                history.add(
                    r.refund.id,
                    ((li.sale_line_id, li.quantity, li.amount_fen) for li in r.lines),
                    ((d.sale_line_id or "", -d.amount_fen) for d in r.ledger if d.kind == "debit"),
                    ((p.tender_code, p.amount_fen) for p in r.payments),
                )
        cash = set(s.execute(select(TenderType.code).where(TenderType.kind == "cash")).scalars())
        lines = tuple(
            RefundableLine(
                li.line_id,
                li.line_no,
                li.name,
                li.sold_by_weight,
                li.quantity,
                li.quantity - history.quantity.get(li.line_id, 0),
                li.net_fen,
                history.amount.get(li.line_id, 0),
                li.gross_fen,
                li.household_id,
                history.debited.get(li.line_id, 0),
                li.unit_label,
            )
            for li in sold
        )
        return _Basis(
            RefundableSale(
                sale_id,
                receipt,
                completed_at,
                total,
                lines,
                tuple(PaidTender(code, amount, history.tenders.get(code, 0), code in cash) for code, amount in paid),
                tuple((str(c), str(n)) for c, n in s.execute(select(TenderType.code, TenderType.name))),
            ),
            [PaidTender(code, amount, history.tenders.get(code, 0), code in cash) for code, amount in paid],
            {li.line_id: li.product_id for li in sold},
        )

    @staticmethod
    def _local_lines(s: Session, sale_id: str) -> list[_Sold]:
        return [
            _Sold(
                line.id,
                line.line_no,
                line.name,
                line.sold_by_weight,
                line.weight_g if line.sold_by_weight and line.weight_g else line.qty,
                line.net_fen,
                line.gross_fen,
                line.household_id if line.pass_through else None,
                line.product_id,
                line.unit_label,
            )
            for line in s.execute(
                select(SaleLine)
                .where(SaleLine.sale_id == sale_id, SaleLine.voided.is_(False))
                .order_by(SaleLine.line_no)
            ).scalars()
        ]

    @staticmethod
    def _remote_lines(s: Session, fact: SaleFact) -> list[_Sold]:
        """Another till's sale lines; a household's line is debited here, so the household and the
        product must be in this till's file (the station's registry and products reach every till)."""
        codes = {li.household_code for li in fact.lines if li.pass_through and li.household_code}
        households = dict(s.execute(select(Household.code, Household.id).where(Household.code.in_(codes))).all())
        products = {li.product_id for li in fact.lines}
        known = set(s.execute(select(Product.id).where(Product.id.in_(products))).scalars())
        out = []
        for li in sorted(fact.lines, key=lambda li: li.line_no):
            if li.voided:
                continue
            household = line_household(li, fact) if li.pass_through else None
            if household is not None and household not in households:
                raise SyncError(
                    what=f"household {household} of line {li.line_no} is not on this till yet; sync first",
                    what_zh=f"第 {li.line_no} 行的农户 {household} 尚未同步到本机，请先同步",
                )
            if li.product_id not in known:
                raise SyncError(
                    what=f"the product of line {li.line_no} is not on this till yet; sync first",
                    what_zh=f"第 {li.line_no} 行的商品尚未同步到本机，请先同步",
                )
            out.append(
                _Sold(
                    li.id,
                    li.line_no,
                    li.name,
                    li.sold_by_weight,
                    li.quantity,
                    li.net_fen,
                    li.gross_fen,
                    households[household] if household is not None else None,
                    li.product_id,
                    li.unit_label,
                )
            )
        return out

    @staticmethod
    def _local_history(s: Session, sale_id: str, history: RefundHistory) -> None:
        mine = select(Refund.id).where(Refund.sale_id == sale_id).order_by(Refund.created_at)
        refunds = list(s.execute(mine).scalars())
        if not refunds:
            return
        lines: dict[str, list[tuple[str, int, Fen]]] = {r: [] for r in refunds}
        for r, line_id, q, a in s.execute(
            select(RefundLine.refund_id, RefundLine.sale_line_id, RefundLine.quantity, RefundLine.amount_fen).where(
                RefundLine.refund_id.in_(refunds)
            )
        ):
            lines[r].append((line_id, q, a))
        debits: dict[str, list[tuple[str, Fen]]] = {r: [] for r in refunds}
        for debit_of, debited_line, a in s.execute(
            select(LedgerEntry.refund_id, LedgerEntry.sale_line_id, LedgerEntry.amount_fen).where(
                LedgerEntry.refund_id.in_(refunds), LedgerEntry.kind == "debit"
            )
        ):
            debits[str(debit_of)].append((debited_line or "", -a))
        tenders: dict[str, list[tuple[str, Fen]]] = {r: [] for r in refunds}
        for r, code, a in s.execute(
            select(RefundPayment.refund_id, RefundPayment.tender_code, RefundPayment.amount_fen).where(
                RefundPayment.refund_id.in_(refunds)
            )
        ):
            tenders[r].append((code, a))
        for r in refunds:
            history.add(r, lines[r], debits[r], tenders[r])

    @staticmethod
    def _local_paid(s: Session, sale_id: str) -> list[tuple[str, Fen]]:
        return _paid_by_tender(
            (code, amount)
            for code, amount in s.execute(
                select(Payment.tender_code, Payment.amount_fen).where(Payment.sale_id == sale_id)
            )
        )

    def refund(
        self,
        receipt_no: str,
        items: dict[int, int],
        *,
        cashier: UserView,
        approver: UserView,
        reason: str,
    ) -> RefundDone:
        """Refund ``items`` ({line_no: quantity}) of a sale; the money goes back over its tenders."""
        if not approver.has("manager"):
            raise NotPermitted(name=approver.display_name, action="approve refunds", action_zh="批准退货")
        if not items:
            raise RefundError(what="nothing selected", what_zh="未选择退货商品")
        if not reason.strip():
            raise RefundError(what="a reason is required", what_zh="请填写退货原因")
        number = receipt_no.strip().upper()
        copy = self._district_copy(number)  # before the write: a cashier waits on the network, not the file
        now = self._clock.now()
        with self._db.uow(write=True) as uow:
            s = uow.session
            basis = self._basis(s, number, copy)
            sale = basis.sale
            shift_id, seq = next_document(s, self._station.terminal_id)
            rows = RefundRows(
                {
                    "id": new_id(),
                    "receipt_no": receipt_number(self._station.station_code, self._station.terminal_no, seq),
                    "sale_id": sale.sale_id,
                    "terminal_id": self._station.terminal_id,
                    "doc_seq": seq,
                    "shift_id": shift_id,
                    "cashier_id": cashier.id,
                    "approved_by": approver.id,
                    "reason": reason.strip()[:200],
                    "created_at": now,
                }
            )
            by_no = {li.line_no: li for li in sale.lines}
            for line_no, qty in sorted(items.items()):
                li = by_no.get(line_no)
                if li is None:
                    raise RefundError(
                        what=f"line {line_no} is not in sale {sale.receipt_no}",
                        what_zh=f"小票 {sale.receipt_no} 没有第 {line_no} 行",
                    )
                self._take_back(rows, sale.sale_id, li, qty, basis.products[li.line_id])
            total = sum(int(r["amount_fen"]) for r in rows.lines)
            rows.refund["total_fen"] = total
            tenders = refund_tenders(total, basis.paid)
            rows.payments = [
                {"id": new_id(), "refund_id": rows.refund["id"], "tender_code": c, "amount_fen": a} for c, a in tenders
            ]
            insert_refund(s, rows)
            record(
                s,
                self._station,
                now,
                "refund",
                user_id=cashier.id,
                approver_id=approver.id,
                target=sale.receipt_no,
                amount_fen=total,
                reason=reason.strip()[:200],
            )
            enqueue(s, "refund", rows.refund["id"], to_payload(self._fact(s, rows)), now)
            names = dict(s.execute(select(TenderType.code, TenderType.name)).all())
            uow.commit()
        return RefundDone(
            rows.refund["id"],
            str(rows.refund["receipt_no"]),
            sale.receipt_no,
            total,
            tuple(tenders),
            tuple((ln, q, int(r["amount_fen"])) for (ln, q), r in zip(sorted(items.items()), rows.lines, strict=True)),
            tuple((names.get(code, code), amount) for code, amount in tenders),
        )

    @staticmethod
    def quote(sale: RefundableSale, items: dict[int, int]) -> RefundQuote:
        """The money a refund of ``items`` ({line_no: quantity}) would give back, line by line, and
        over which tenders: the same rules ``refund`` books with (shown to the cashier before the PIN)."""
        by_no = {li.line_no: li for li in sale.lines}
        lines = []
        for line_no, qty in sorted(items.items()):
            li = by_no.get(line_no)
            if li is None:
                raise RefundError(what=f"line {line_no}", what_zh=f"没有第 {line_no} 行")
            if qty > li.quantity_left:
                raise RefundExceedsSold(line_no=li.line_no, asked=qty, left=li.quantity_left)
            lines.append((line_no, refund_amount(RefundService._sofar(li), qty)))
        total = sum(a for _, a in lines)
        names = dict(sale.tender_names)
        back = refund_tenders(total, list(sale.paid)) if total else []
        return RefundQuote(tuple(lines), total, tuple((names.get(c, c), a) for c, a in back))

    @staticmethod
    def _sofar(li: RefundableLine) -> RefundedSoFar:
        return RefundedSoFar(
            LineFigures(
                li.line_id,
                li.gross_fen,
                0,
                0,
                li.net_fen,
                li.quantity,
                pass_through=li.household_id is not None,
                household=li.household_id,
            ),
            li.quantity - li.quantity_left,
            li.refunded_fen,
            li.debited_fen,
        )

    @staticmethod
    def _take_back(rows: RefundRows, sale_id: str, li: RefundableLine, qty: int, product_id: str) -> None:
        """One line: its share of the money (domain.money_rules), its stock back in, and for a
        household's line the household's debit of its share of the full price (the store's
        discount stays the store's)."""
        if qty > li.quantity_left:
            raise RefundExceedsSold(line_no=li.line_no, asked=qty, left=li.quantity_left)
        sofar = RefundService._sofar(li)
        refund_id, now = rows.refund["id"], rows.refund["created_at"]
        if li.household_id:
            rows.ledger.append(
                {
                    "id": new_id(),
                    "household_id": li.household_id,
                    "kind": "debit",
                    "amount_fen": -refund_debit(sofar, qty),
                    "sale_id": sale_id,
                    "sale_line_id": li.line_id,
                    "refund_id": refund_id,
                    "year": to_local(now).year,
                    "at": now,
                }
            )
        rows.lines.append(
            {
                "id": new_id(),
                "refund_id": refund_id,
                "sale_line_id": li.line_id,
                "quantity": qty,
                "amount_fen": refund_amount(sofar, qty),
            }
        )
        rows.stock.append(
            {"id": new_id(), "product_id": product_id, "delta": qty, "reason": "refund", "ref_id": refund_id, "at": now}
        )

    @staticmethod
    def _fact(s: Session, rows: RefundRows) -> RefundFact:
        codes = household_codes(s, {str(r["household_id"]) for r in rows.ledger})
        return RefundFact.model_validate(
            {
                "refund": rows.refund,
                "lines": rows.lines,
                "payments": rows.payments,
                "stock": rows.stock,
                "ledger": [{**r, "household_code": codes.get(str(r["household_id"]))} for r in rows.ledger],
            }
        )


@dataclass(frozen=True)
class _Sold:
    """One sold (not voided) line of the sale, from this till's file or the district's copy."""

    line_id: str
    line_no: int
    name: str
    sold_by_weight: bool
    quantity: int
    net_fen: Fen
    gross_fen: Fen
    household_id: str | None  # this till's id of the household whose goods these are
    product_id: str
    unit_label: str


@dataclass(frozen=True)
class _Basis:
    """What a refund is measured against: the sale as refunds have left it, and its tenders."""

    sale: RefundableSale
    paid: list[PaidTender]
    products: dict[str, str]  # sale line id → product id


def _paid_by_tender(payments: Iterable[tuple[str, Fen]]) -> list[tuple[str, Fen]]:
    out: dict[str, Fen] = {}
    for code, amount in payments:
        out[code] = out.get(code, 0) + amount
    return list(out.items())


F = TypeVar("F", SaleFact, RefundFact)


def _read(model: type[F], text: str) -> F:
    try:
        return model.model_validate_json(text)
    except ValidationError as exc:
        raise SyncError(
            what="the district's copy of the sale is not readable", what_zh="区级服务器的销售单数据无法识别"
        ) from exc
