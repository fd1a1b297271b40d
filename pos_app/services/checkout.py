"""Checkout: build a cart from scans, hold and resume it, take payment, commit the sale durably.

The cart lives in memory (domain ``Cart``); a held cart is persisted so it survives a restart.
``pay`` writes the sale, its lines, payments, stock deltas and the outbox row in ONE transaction and
gives it the next gap-free receipt number of this terminal.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, delete, insert, select

from pos_app.contract.facts import judge_sale, to_payload
from pos_app.domain.barcodes import CodeKind, ScannedCode, classify, mask_payment_code
from pos_app.domain.cart import Cart, CartLine, ProductSnapshot, Totals
from pos_app.domain.clock import Clock
from pos_app.domain.errors import (
    AuthError,
    EmptyCart,
    NotFound,
    NotPermitted,
    PaymentError,
    ProductInactive,
    UnknownCode,
    WeightRequired,
)
from pos_app.domain.ids import new_id, receipt_number
from pos_app.domain.money import Fen, div_round_half_up
from pos_app.domain.permissions import Permission, require
from pos_app.domain.tenders import PaymentPlan, Tender, TenderKind
from pos_app.services.buyers import BuyerView
from pos_app.services.catalog import CatalogService, ProductView
from pos_app.services.sale_rows import SaleHeader, sale_fact, sale_rows
from pos_app.services.settings import SettingsService
from pos_app.services.users import UserView
from pos_app.store.audit import record
from pos_app.store.context import StationContext
from pos_app.store.documents import next_document
from pos_app.store.models import (
    HeldSale,
    TenderType,
    table,
)
from pos_app.store.outbox import enqueue, household_codes
from pos_app.store.sales import insert_sale
from pos_app.store.uow import Database


@dataclass(frozen=True)
class ScanResult:
    """What a scan did: added/incremented a line, or recognised a customer's payment code."""

    line: CartLine | None
    payment_code: ScannedCode | None = None


@dataclass(frozen=True)
class HeldView:
    id: str
    held_at: datetime
    total_fen: Fen
    line_count: int
    first_items: str = ""  # "赤峰小米 500g、蒙香鸡…": which customer's basket it is, at a glance


@dataclass(frozen=True)
class ReceiptLine:
    line_no: int
    name: str
    unit_label: str
    sold_by_weight: bool
    qty: int
    weight_g: int | None
    unit_price_fen: Fen
    gross_fen: Fen
    discount_fen: Fen
    net_fen: Fen
    certified: bool
    certificate_no: str | None
    pass_through: bool
    household_label: str | None


@dataclass(frozen=True)
class ReceiptPayment:
    tender_code: str
    tender_name: str
    amount_fen: Fen
    tendered_fen: Fen
    change_fen: Fen
    masked_code: str | None
    reference: str | None


@dataclass(frozen=True)
class CompletedSale:
    id: str
    receipt_no: str
    station_name: str
    cashier_id: str
    cashier_name: str
    completed_at: datetime
    lines: tuple[ReceiptLine, ...]
    item_count: int
    subtotal_fen: Fen
    discount_fen: Fen
    rounding_fen: Fen
    total_fen: Fen
    change_fen: Fen
    payments: tuple[ReceiptPayment, ...]
    credited_fen: Fen = 0  # what the sale credited households (the pass-through rule)
    credited_households: int = 0


def _tender(row: TenderType) -> Tender:
    return Tender(row.code, row.name, TenderKind(row.kind))


def _first_items(cart_json: str) -> str:
    names = [li.product.name for li in Cart.from_dict(json.loads(cart_json)).active_lines]
    return "、".join(names[:2]) + ("…" if len(names) > 2 else "")


class CheckoutService:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        station: StationContext,
        catalog: CatalogService,
        settings: SettingsService,
    ) -> None:
        self._db = db
        self._clock = clock
        self._station = station
        self._catalog = catalog
        self._settings = settings
        self._layouts = settings.scale_layouts()
        self._rounding = settings.rounding()
        self.cashier_id: str | None = None
        self.cashier_name = ""
        self.cart = Cart(rounding=self._rounding)
        self.started_at = clock.now()
        self.last_sale: CompletedSale | None = None

    # -- the sale in progress -------------------------------------------------------------------
    def new_sale(self, cashier_id: str | None = None, cashier_name: str = "") -> None:
        """Start a fresh sale, re-reading the station settings (rounding, scale layouts)."""
        if cashier_id is not None:
            self.cashier_id = cashier_id
            self.cashier_name = cashier_name
        self._layouts = self._settings.scale_layouts()
        self._rounding = self._settings.rounding()
        self._reset()

    def _reset(self) -> None:
        self.cart = Cart(rounding=self._rounding)
        self.started_at = self._clock.now()
        self.buyer: BuyerView | None = None

    def set_buyer(self, buyer: BuyerView | None) -> None:
        """Tag the sale with a buyer (a canteen or union buying on account, or a subscriber)."""
        self.buyer = buyer

    def totals(self) -> Totals:
        return self.cart.totals()

    def scan(self, text: str, qty: int = 1) -> ScanResult:
        """A scanner or keypad entry at the item prompt. Never looks a payment code up as a product."""
        scanned = classify(text, self._layouts)
        if scanned.kind is CodeKind.PAYMENT:
            return ScanResult(line=None, payment_code=scanned)
        product: ProductView | None = None
        if scanned.kind is CodeKind.PLU:
            assert scanned.plu is not None
            product = self._catalog.by_plu(scanned.plu)
        else:
            product = self._catalog.by_code(scanned.lookup)
        if product is not None:
            self._require_active(product)
            if product.sold_by_weight:
                # A plain barcode on a weighed product: the screen asks for the weight.
                raise WeightRequired(name=product.name, product_id=product.id, unit_label=product.unit_label)
            return ScanResult(line=self.cart.add(product.snapshot(), scanned.raw, qty))
        if scanned.scale is not None:
            reading = scanned.scale
            product = self._catalog.by_plu(reading.plu)
            if product is None:
                raise UnknownCode(code=f"{scanned.raw} (PLU {reading.plu})")
            self._require_active(product)
            weight = reading.weight_g
            if weight is None and reading.amount_fen is not None and product.price_fen > 0:
                weight = div_round_half_up(reading.amount_fen * 1000, product.price_fen)
            snap = product.snapshot()
            if not snap.sold_by_weight:
                return ScanResult(line=self.cart.add_weighed(snap, scanned.raw, None, reading.amount_fen))
            return ScanResult(line=self.cart.add_weighed(snap, scanned.raw, weight, reading.amount_fen))
        raise UnknownCode(code=scanned.raw)

    @staticmethod
    def _require_active(product: ProductView) -> None:
        if not product.active:
            raise ProductInactive(name=product.name)

    def add_product(self, product_id: str, qty: int = 1) -> CartLine:
        """Add a product picked from search (pieces)."""
        product = self._catalog.get(product_id)
        self._require_active(product)
        return self.cart.add(product.snapshot(), product.codes[0] if product.codes else "", qty)

    def add_weighed(self, product_id: str, weight_g: int) -> CartLine:
        product = self._catalog.get(product_id)
        self._require_active(product)
        return self.cart.add_weighed(product.snapshot(), product.codes[0] if product.codes else "", weight_g)

    def set_qty(self, line_no: int, qty: int) -> CartLine:
        return self.cart.set_qty(line_no, qty)

    def set_weight(self, line_no: int, weight_g: int) -> CartLine:
        return self.cart.set_weight(line_no, weight_g)

    def void_line(self, line_no: int, approver: UserView) -> CartLine:
        """Void a line with the approval of someone allowed to (kept on the sale line, and audited)."""
        require(approver.display_name, approver.roles, Permission.VOID_LINE)
        line = self.cart.void(line_no, approver.id)
        self._audit("void_line", target=line.product.name, approver_id=approver.id, amount_fen=line.gross_fen)
        return line

    def _audit(self, action: str, **kw: object) -> None:
        with self._db.uow(write=True) as uow:
            record(uow.session, self._station, self._clock.now(), action, user_id=self.cashier_id, **kw)  # type: ignore[arg-type]
            uow.commit()

    def _check_discount(self, discount_fen: Fen, approver: UserView | None, target: str) -> None:
        limit = int(self._settings.get("discount_limit_fen"))
        if discount_fen > limit:
            if approver is None:
                raise NotPermitted(
                    name="cashier",
                    action=f"give more than {limit} fen off",
                    action_zh=f"给出超过 {limit / 100:.2f} 元的优惠（需主管授权）",
                )
            require(approver.display_name, approver.roles, Permission.DISCOUNT_LARGE)
        if discount_fen:
            self._audit(
                "discount", target=target, approver_id=approver.id if approver else None, amount_fen=discount_fen
            )

    def set_line_discount(self, line_no: int, discount_fen: Fen, approver: UserView | None = None) -> CartLine:
        line = self.cart.line(line_no)
        self._check_discount(discount_fen, approver, line.product.name)
        return self.cart.set_line_discount(line_no, discount_fen)

    def set_ticket_discount(self, discount_fen: Fen, approver: UserView | None = None) -> None:
        self._check_discount(discount_fen, approver, "ticket")
        self.cart.set_ticket_discount(discount_fen)

    # -- hold and resume ---------------------------------------------------------------------
    def hold(self) -> HeldView:
        if self.cart.is_empty:
            raise EmptyCart()
        totals = self.cart.totals()
        held = HeldView(new_id(), self._clock.now(), totals.total_fen, totals.line_count)
        with self._db.uow(write=True) as uow:
            uow.session.execute(
                insert(table(HeldSale)),
                [
                    {
                        "id": held.id,
                        "terminal_id": self._station.terminal_id,
                        "cashier_id": self._require_cashier(),
                        "held_at": held.held_at,
                        "started_at": self.started_at,
                        "total_fen": held.total_fen,
                        "line_count": held.line_count,
                        "cart_json": json.dumps(self.cart.to_dict(), ensure_ascii=False),
                    }
                ],
            )
            uow.commit()
        self._reset()
        return held

    def held(self) -> list[HeldView]:
        with self._db.uow() as uow:
            rows = uow.session.execute(
                select(HeldSale.id, HeldSale.held_at, HeldSale.total_fen, HeldSale.line_count, HeldSale.cart_json)
                .where(HeldSale.terminal_id == self._station.terminal_id)
                .order_by(HeldSale.held_at)
            )
            return [HeldView(i, at, total, n, _first_items(cart)) for i, at, total, n, cart in rows]

    def resume(self, held_id: str) -> HeldView | None:
        """Bring a held sale back. The current cart, if it has lines, is held in its place (returned)."""
        with self._db.uow(write=True) as uow:
            row = uow.session.get(HeldSale, held_id)
            if row is None:
                raise NotFound(what="held sale", what_zh="挂单", key=held_id)
            cart = Cart.from_dict(json.loads(row.cart_json))
            started = row.started_at
            uow.session.execute(delete(HeldSale).where(HeldSale.id == held_id))
            uow.commit()
        parked = None if self.cart.is_empty else self.hold()
        self.cart = cart
        self.started_at = started
        return parked

    # -- payment --------------------------------------------------------------------------------
    def tenders(self) -> dict[str, Tender]:
        with self._db.uow() as uow:
            rows = uow.session.execute(
                select(TenderType).where(TenderType.active).order_by(TenderType.sort_order)
            ).scalars()
            return {r.code: _tender(r) for r in rows}

    def start_payment(self) -> PaymentPlan:
        if self.cart.is_empty:
            raise EmptyCart()
        return PaymentPlan(due_fen=self.cart.totals().total_fen, tenders=self.tenders())

    @staticmethod
    def add_payment_code(
        plan: PaymentPlan, tender_code: str, code: ScannedCode, amount_fen: Fen, reference: str | None = None
    ) -> None:
        plan.add(tender_code, amount_fen, masked_code=mask_payment_code(code.raw), reference=reference)

    def _require_cashier(self) -> str:
        if self.cashier_id is None:
            raise AuthError("no cashier is signed in")
        return self.cashier_id

    def pay(
        self,
        plan: PaymentPlan,
        *,
        delivery_order_id: str | None = None,
        within: Callable[[Connection, str], None] | None = None,
    ) -> CompletedSale:
        """Commit the sale. Either everything (sale, lines, payments, stock, outbox) or nothing.

        ``delivery_order_id`` ties the sale to a home-delivery order (unique: one sale per order);
        ``within(connection, sale_id)`` runs inside the same transaction (the order's own change)."""
        if self.cart.is_empty:
            raise EmptyCart()
        totals = self.cart.totals()
        if plan.due_fen != totals.total_fen:
            plan = self._replan(plan, totals.total_fen)
        plan.require_complete()
        if any(t.tender.kind is TenderKind.ACCOUNT for t in plan.lines) and not (
            self.buyer and self.buyer.institutional
        ):
            raise PaymentError(
                what="paying on account needs an institutional buyer on the sale",
                what_zh="单位挂账须先为本单选择单位采购方（Ctrl+B）",
            )
        cashier = self._require_cashier()
        now = self._clock.now()
        sale_id = new_id()
        with self._db.transaction() as s:
            shift_id, seq = next_document(s, self._station.terminal_id)
            receipt_no = receipt_number(self._station.station_code, self._station.terminal_no, seq)
            head = SaleHeader(
                sale_id,
                receipt_no,
                self._station.terminal_id,
                seq,
                shift_id,
                cashier,
                self.started_at,
                now,
                self.buyer,
                delivery_order_id,
            )
            rows = sale_rows(head, self.cart.lines, totals, plan)
            codes = household_codes(s, {li.product.household_id for li in self.cart.lines if li.product.household_id})
            fact = sale_fact(rows, codes, self.buyer)
            judge_sale(fact)  # the district's own rules, before anything is written
            insert_sale(s, rows)
            enqueue(s, "sale", sale_id, to_payload(fact), now)
            if within is not None:
                within(s, sale_id)
        done = self._completed(head, totals, plan)
        self.last_sale = done
        self._reset()
        return done

    def _completed(self, head: SaleHeader, totals: Totals, plan: PaymentPlan) -> CompletedSale:
        credits = totals.household_credits()
        return CompletedSale(
            id=head.id,
            receipt_no=head.receipt_no,
            station_name=self._station.station_name,
            cashier_id=head.cashier_id,
            cashier_name=self.cashier_name,
            completed_at=head.completed_at,
            lines=tuple(_receipt_line(p.line, p.discount_fen, p.net_fen) for p in totals.lines),
            item_count=totals.item_count,
            subtotal_fen=totals.subtotal_fen,
            discount_fen=totals.discount_fen,
            rounding_fen=totals.rounding_fen,
            total_fen=totals.total_fen,
            change_fen=plan.change_fen,
            payments=tuple(
                ReceiptPayment(
                    t.tender.code, t.tender.name, t.amount_fen, t.tendered_fen, t.change_fen, t.masked_code, t.reference
                )
                for t in plan.lines
            ),
            credited_fen=sum(credits.values()),
            credited_households=len(credits),
        )

    @staticmethod
    def _replan(plan: PaymentPlan, due: Fen) -> PaymentPlan:
        """The cart changed after payment started: re-apply the tenders against the new total."""
        fresh = PaymentPlan(due_fen=due, tenders=plan.tenders)
        for t in plan.lines:
            fresh.add(t.tender.code, t.tendered_fen, masked_code=t.masked_code, reference=t.reference)
        return fresh


def _receipt_line(li: CartLine, discount: Fen, net: Fen) -> ReceiptLine:
    p: ProductSnapshot = li.product
    return ReceiptLine(
        li.line_no,
        p.name,
        p.unit_label,
        p.sold_by_weight,
        li.qty,
        li.weight_g,
        p.unit_price_fen,
        li.gross_fen,
        discount,
        net,
        p.certified,
        p.certificate_no,
        p.pass_through,
        p.household_label,
    )
