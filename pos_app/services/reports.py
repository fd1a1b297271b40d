"""Figures for the manager's reports, computed by SQL from the facts (sales, refunds, ledger, shifts).

Every figure is in fen and re-adds exactly: net = Σ sale totals − Σ refunds, tender and category
tables add up to their totals (tests check them against the database).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import ColumnElement, case, func, select
from sqlalchemy.orm import Session

from pos_app.domain.clock import Clock, check_span, local_day_bounds, to_local
from pos_app.domain.money import Fen, div_round_half_up, quantity_text
from pos_app.domain.money_rules import meets_policy, share_percent
from pos_app.domain.purchasing import margin_permille
from pos_app.services.base import StationService
from pos_app.store.context import StationContext
from pos_app.store.models import (
    AppUser,
    Buyer,
    DeliveryOrder,
    Household,
    LedgerEntry,
    Refund,
    RefundLine,
    Sale,
    SaleLine,
    Shift,
    ShiftCount,
    TenderType,
)
from pos_app.store.queries import tender_totals
from pos_app.store.uow import Database


@dataclass(frozen=True)
class ShiftRow:
    opened_at: datetime
    closed_at: datetime | None
    cashier: str
    float_fen: Fen
    expected_cash_fen: Fen | None
    counted_cash_fen: Fen | None

    @property
    def difference_fen(self) -> Fen | None:
        if self.expected_cash_fen is None or self.counted_cash_fen is None:
            return None
        return self.counted_cash_fen - self.expected_cash_fen


@dataclass(frozen=True)
class VoidRow:
    receipt_no: str
    product: str
    amount_fen: Fen
    approved_by: str


@dataclass(frozen=True)
class CategoryMargin:
    """A category's own goods (not households' consigned goods): sales less refunds, their cost at
    the moving average when they sold, and what sold without a known cost."""

    category: str
    sales_fen: Fen
    cost_fen: Fen  # of the costed part
    uncosted_fen: Fen  # sales of goods never received with a cost (no margin is claimed on them)

    @property
    def margin_fen(self) -> Fen:
        return self.sales_fen - self.uncosted_fen - self.cost_fen

    @property
    def margin_permille(self) -> int | None:
        return margin_permille(self.sales_fen - self.uncosted_fen, self.cost_fen)


@dataclass(frozen=True)
class ZeroProfitCheck:
    """零利润核对: households' consigned goods earn the store nothing. What they sold for at the
    households' prices, what customers paid, what the households' ledgers were credited."""

    lines: int
    household_price_fen: Fen  # Σ sold lines at the household's price, less refunds' debits
    paid_fen: Fen  # what customers paid for them, less refunds
    credited_fen: Fen  # the ledgers: credits for these sales, less debits for these refunds

    @property
    def store_fen(self) -> Fen:
        """What customers paid beyond the households' credits: 0, or less by the discounts and 抹零
        the store bore (more only by a nearest-jiao rounding's few fen)."""
        return self.paid_fen - self.credited_fen

    @property
    def holds(self) -> bool:
        """Every fen at the households' prices reached their ledgers."""
        return self.credited_fen == self.household_price_fen


@dataclass(frozen=True)
class DailyReport:
    station_name: str
    station_code: str
    day: date
    printed_by: str
    printed_at: datetime
    sales_count: int
    gross_fen: Fen  # Σ line amounts before discounts
    discount_fen: Fen
    rounding_fen: Fen
    sales_fen: Fen  # Σ sale totals (what customers paid)
    refunds_count: int
    refunds_fen: Fen
    voids: tuple[VoidRow, ...]
    tenders: tuple[tuple[str, Fen, Fen], ...]  # (tender name, taken, refunded)
    categories: tuple[tuple[str, Fen], ...]  # (category, Σ net of sold lines)
    certified_fen: Fen
    certified_top: tuple[tuple[str, str, Fen], ...]  # (product, certificate no, amount)
    households: tuple[tuple[str, str, str, Fen], ...]  # (code, head, village, credited)
    by_hour: tuple[int, ...]  # 24 sales totals, local hours
    shifts: tuple[ShiftRow, ...]
    deliveries: tuple[int, int, int, Fen] = (0, 0, 0, 0)  # orders, delivered, residents served, amount
    margins: tuple[CategoryMargin, ...] = ()
    zero_profit: ZeroProfitCheck = ZeroProfitCheck(0, 0, 0, 0)

    @property
    def net_fen(self) -> Fen:
        return self.sales_fen - self.refunds_fen

    @property
    def certified_share(self) -> float:
        return self.certified_fen / self.sales_fen if self.sales_fen else 0.0

    @property
    def credited_fen(self) -> Fen:
        return sum(h[3] for h in self.households)


class ReportService(StationService):
    """The day's (Z) report: sales, refunds, tenders, categories, certified goods, households credited."""

    def daily(self, day: date, printed_by: str = "") -> DailyReport:
        start, end = local_day_bounds(day)
        with self._db.uow() as uow:
            s = uow.session
            in_day = (Sale.completed_at >= start, Sale.completed_at < end)
            totals = s.execute(
                select(
                    func.count(),
                    func.coalesce(func.sum(Sale.subtotal_fen), 0),
                    func.coalesce(func.sum(Sale.discount_fen), 0),
                    func.coalesce(func.sum(Sale.rounding_fen), 0),
                    func.coalesce(func.sum(Sale.total_fen), 0),
                ).where(*in_day)
            ).one()
            refund_in_day = (Refund.created_at >= start, Refund.created_at < end)
            refunds = s.execute(
                select(func.count(), func.coalesce(func.sum(Refund.total_fen), 0)).where(*refund_in_day)
            ).one()
            tenders = self._tenders(s, in_day, refund_in_day)
            categories = ReportService._categories(s, in_day)
            certified_fen = int(
                s.execute(
                    select(func.coalesce(func.sum(SaleLine.net_fen), 0))
                    .join(Sale, Sale.id == SaleLine.sale_id)
                    .where(*in_day, SaleLine.voided.is_(False), SaleLine.certified)
                ).scalar_one()
            )
            top = tuple(
                (n, c or "", int(v))
                for n, c, v in s.execute(
                    select(SaleLine.name, func.max(SaleLine.certificate_no), func.sum(SaleLine.net_fen))
                    .join(Sale, Sale.id == SaleLine.sale_id)
                    .where(*in_day, SaleLine.voided.is_(False), SaleLine.certified)
                    .group_by(SaleLine.name)
                    .order_by(func.sum(SaleLine.net_fen).desc())
                    .limit(10)
                )
            )
            households = ReportService._credited(s, start, end, largest_first=False)
            voids = tuple(
                VoidRow(r, n, int(a), who or "—")
                for r, n, a, who in s.execute(
                    select(Sale.receipt_no, SaleLine.name, SaleLine.gross_fen, AppUser.display_name)
                    .join(Sale, Sale.id == SaleLine.sale_id)
                    .outerjoin(AppUser, AppUser.id == SaleLine.void_approved_by)
                    .where(*in_day, SaleLine.voided)
                    .order_by(Sale.completed_at)
                )
            )
            hours = [0] * 24
            for at, total in s.execute(select(Sale.completed_at, Sale.total_fen).where(*in_day)):
                hours[to_local(at).hour] += total
            shifts = self._shifts(s, start, end)
            deliveries = self._deliveries(s, day)
            margins, zero = margins_and_zero_profit(s, in_day, refund_in_day)
        return DailyReport(
            self._station.station_name,
            self._station.station_code,
            day,
            printed_by,
            self._clock.now(),
            int(totals[0]),
            int(totals[1]),
            int(totals[2]),
            int(totals[3]),
            int(totals[4]),
            int(refunds[0]),
            int(refunds[1]),
            voids,
            tenders,
            categories,
            certified_fen,
            top,
            households,
            tuple(hours),
            shifts,
            deliveries,
            margins,
            zero,
        )

    @staticmethod
    def _credited(
        s: Session, start: datetime, end: datetime, *, largest_first: bool
    ) -> tuple[tuple[str, str, str, Fen], ...]:
        """What each household was credited (sales less refunds) in [start, end): by code, or largest first."""
        total = func.sum(LedgerEntry.amount_fen)
        return tuple(
            (code, head, village, int(v))
            for code, head, village, v in s.execute(
                select(Household.code, Household.head_name, Household.village, total)
                .join(Household, Household.id == LedgerEntry.household_id)
                .where(LedgerEntry.at >= start, LedgerEntry.at < end, LedgerEntry.kind.in_(("credit", "debit")))
                .group_by(Household.code, Household.head_name, Household.village)
                .order_by(total.desc() if largest_first else Household.code)
            )
        )

    @staticmethod
    def _categories(s: Session, span: tuple[ColumnElement[bool], ...]) -> tuple[tuple[str, Fen], ...]:
        """Σ net of sold (not voided) lines per category, largest first."""
        return tuple(
            (c or "—", int(v))
            for c, v in s.execute(
                select(SaleLine.category, func.sum(SaleLine.net_fen))
                .join(Sale, Sale.id == SaleLine.sale_id)
                .where(*span, SaleLine.voided.is_(False))
                .group_by(SaleLine.category)
                .order_by(func.sum(SaleLine.net_fen).desc())
            )
        )

    @staticmethod
    def _tenders(
        s: Session, in_day: tuple[ColumnElement[bool], ...], refund_in_day: tuple[ColumnElement[bool], ...]
    ) -> tuple[tuple[str, Fen, Fen], ...]:
        totals = tender_totals(s, in_day, refund_in_day)
        out = []
        for code, name in s.execute(select(TenderType.code, TenderType.name).order_by(TenderType.sort_order)):
            if code in totals:
                out.append((name, *totals[code]))
        return tuple(out)

    @staticmethod
    def _deliveries(s: Session, day: date) -> tuple[int, int, int, Fen]:
        done = ("delivered", "paid")
        orders = s.execute(
            select(
                func.count(),
                func.sum(case((DeliveryOrder.state.in_(done), 1), else_=0)),
                func.count(func.distinct(case((DeliveryOrder.state.in_(done), DeliveryOrder.resident_id)))),
            ).where(DeliveryOrder.day == day.isoformat())
        ).one()
        amount = s.execute(
            select(func.coalesce(func.sum(Sale.total_fen), 0))
            .join(DeliveryOrder, DeliveryOrder.id == Sale.delivery_order_id)
            .where(DeliveryOrder.day == day.isoformat())
        ).scalar_one()
        return int(orders[0]), int(orders[1] or 0), int(orders[2] or 0), int(amount)

    @staticmethod
    def _shifts(s: Session, start: datetime, end: datetime) -> tuple[ShiftRow, ...]:
        cash = (
            select(ShiftCount.shift_id, ShiftCount.expected_fen, ShiftCount.counted_fen)
            .where(ShiftCount.tender_code == "cash")
            .subquery()
        )
        rows = s.execute(
            select(Shift, AppUser.display_name, cash.c.expected_fen, cash.c.counted_fen)
            .join(AppUser, AppUser.id == Shift.opened_by)
            .outerjoin(cash, cash.c.shift_id == Shift.id)
            .where(Shift.opened_at < end, case((Shift.closed_at.is_(None), True), else_=Shift.closed_at >= start))
            .order_by(Shift.opened_at)
        )
        return tuple(ShiftRow(sh.opened_at, sh.closed_at, who, sh.float_fen, exp, cnt) for sh, who, exp, cnt in rows)


@dataclass(frozen=True)
class DayRow:
    day: date
    sales_count: int
    sales_fen: Fen
    refunds_fen: Fen
    certified_fen: Fen
    credited_fen: Fen

    @property
    def net_fen(self) -> Fen:
        return self.sales_fen - self.refunds_fen

    @property
    def certified_share(self) -> float:
        return self.certified_fen / self.sales_fen if self.sales_fen else 0.0


@dataclass(frozen=True)
class PeriodReport:
    station_name: str
    date_from: date
    date_to: date
    printed_at: datetime
    days: tuple[DayRow, ...]
    top_products: tuple[tuple[str, Fen], ...]
    households: tuple[tuple[str, str, str, Fen], ...]  # (code, head, village, credited in the period)
    tenders: tuple[tuple[str, Fen, Fen], ...] = ()  # (tender name, taken, refunded) over the period
    categories: tuple[tuple[str, Fen], ...] = ()
    margins: tuple[CategoryMargin, ...] = ()
    zero_profit: ZeroProfitCheck = ZeroProfitCheck(0, 0, 0, 0)

    @property
    def sales_fen(self) -> Fen:
        return sum(d.sales_fen for d in self.days)

    @property
    def refunds_fen(self) -> Fen:
        return sum(d.refunds_fen for d in self.days)

    @property
    def certified_fen(self) -> Fen:
        return sum(d.certified_fen for d in self.days)

    @property
    def credited_fen(self) -> Fen:
        return sum(d.credited_fen for d in self.days)


@dataclass(frozen=True)
class DemandRow:
    product: str
    week: str  # ISO week, 2026-W47
    quantity: str  # 12.500 kg, or 30 袋
    kilograms: float | None  # for weighed goods
    pieces: int | None
    amount_fen: Fen


@dataclass(frozen=True)
class BuyerShare:
    buyer: str
    kind: str
    purchases_fen: Fen
    poverty_fen: Fen  # certified products and households' consignments

    @property
    def percent(self) -> int:
        return share_percent(self.poverty_fen, self.purchases_fen)

    @property
    def meets_policy(self) -> bool:
        return meets_policy(self.poverty_fen, self.purchases_fen)


def _days(date_from: date, date_to: date) -> list[date]:
    check_span(date_from, date_to)
    out, d = [], date_from
    while d <= date_to:
        out.append(d)
        d = date.fromordinal(d.toordinal() + 1)
    return out


class PeriodReports:
    """Figures over a span of days: trends, households' income, growers' demand, canteens' share."""

    def __init__(self, db: Database, clock: Clock, station: StationContext) -> None:
        self._db = db
        self._clock = clock
        self._station = station

    def period(self, date_from: date, date_to: date) -> PeriodReport:
        days = _days(date_from, date_to)
        start, end = local_day_bounds(days[0])[0], local_day_bounds(days[-1])[1]
        rows: dict[date, list[int]] = {d: [0, 0, 0, 0, 0] for d in days}
        with self._db.uow() as uow:
            s = uow.session
            for at, total, certified in s.execute(
                select(
                    Sale.completed_at,
                    Sale.total_fen,
                    select(func.coalesce(func.sum(SaleLine.net_fen), 0))
                    .where(SaleLine.sale_id == Sale.id, SaleLine.certified, SaleLine.voided.is_(False))
                    .correlate(Sale)
                    .scalar_subquery(),
                ).where(Sale.completed_at >= start, Sale.completed_at < end)
            ):
                r = rows[to_local(at).date()]
                r[0] += 1
                r[1] += total
                r[3] += certified
            for at, total in s.execute(
                select(Refund.created_at, Refund.total_fen).where(Refund.created_at >= start, Refund.created_at < end)
            ):
                rows[to_local(at).date()][2] += total
            for at, amount in s.execute(
                select(LedgerEntry.at, LedgerEntry.amount_fen).where(
                    LedgerEntry.at >= start, LedgerEntry.at < end, LedgerEntry.kind.in_(("credit", "debit"))
                )
            ):
                rows[to_local(at).date()][4] += amount
            top = tuple(
                (n, int(v))
                for n, v in s.execute(
                    select(SaleLine.name, func.sum(SaleLine.net_fen))
                    .join(Sale, Sale.id == SaleLine.sale_id)
                    .where(Sale.completed_at >= start, Sale.completed_at < end, SaleLine.voided.is_(False))
                    .group_by(SaleLine.name)
                    .order_by(func.sum(SaleLine.net_fen).desc())
                    .limit(15)
                )
            )
            households = ReportService._credited(s, start, end, largest_first=True)
            in_span = (Sale.completed_at >= start, Sale.completed_at < end)
            tenders = ReportService._tenders(s, in_span, (Refund.created_at >= start, Refund.created_at < end))
            categories = ReportService._categories(s, in_span)
            margins, zero = margins_and_zero_profit(s, in_span, (Refund.created_at >= start, Refund.created_at < end))
        return PeriodReport(
            self._station.station_name,
            date_from,
            date_to,
            self._clock.now(),
            tuple(DayRow(d, *rows[d]) for d in days),
            top,
            households,
            tenders,
            categories,
            margins,
            zero,
        )

    def demand(self, date_from: date, date_to: date) -> list[DemandRow]:
        """Sales by product variety and ISO week, in kg for weighed goods (订单种植 planning)."""
        days = _days(date_from, date_to)
        start, end = local_day_bounds(days[0])[0], local_day_bounds(days[-1])[1]
        acc: dict[tuple[str, str], list[int]] = {}
        units: dict[str, tuple[bool, str]] = {}
        with self._db.uow() as uow:
            for at, name, by_weight, qty, grams, unit, net in uow.session.execute(
                select(
                    Sale.completed_at,
                    SaleLine.name,
                    SaleLine.sold_by_weight,
                    SaleLine.qty,
                    SaleLine.weight_g,
                    SaleLine.unit_label,
                    SaleLine.net_fen,
                )
                .join(Sale, Sale.id == SaleLine.sale_id)
                .where(Sale.completed_at >= start, Sale.completed_at < end, SaleLine.voided.is_(False))
            ):
                y, w, _ = to_local(at).isocalendar()
                key = (name, f"{y}-W{w:02d}")
                a = acc.setdefault(key, [0, 0])
                a[0] += (grams or 0) if by_weight else qty
                a[1] += net
                units[name] = (bool(by_weight), unit)
        out = []
        for (name, week), (q, amount) in sorted(acc.items(), key=lambda kv: (kv[0][1], -kv[1][1], kv[0][0])):
            weighed, unit = units[name]
            out.append(
                DemandRow(
                    name,
                    week,
                    quantity_text(q, weighed, unit),
                    round(q / 1000, 3) if weighed else None,
                    None if weighed else q,
                    amount,
                )
            )
        return out

    def institutional(self, date_from: date, date_to: date) -> list[BuyerShare]:
        """Each institutional buyer's purchases and the share of poverty-area products (policy: ≥ 30%)."""
        days = _days(date_from, date_to)
        start, end = local_day_bounds(days[0])[0], local_day_bounds(days[-1])[1]
        poverty = func.sum(case((SaleLine.certified | SaleLine.pass_through, SaleLine.net_fen), else_=0))
        with self._db.uow() as uow:
            rows = uow.session.execute(
                select(Buyer.name, Buyer.kind, func.sum(SaleLine.net_fen), poverty)
                .join(Sale, Sale.buyer_id == Buyer.id)
                .join(SaleLine, SaleLine.sale_id == Sale.id)
                .where(
                    Buyer.institutional, Sale.completed_at >= start, Sale.completed_at < end, SaleLine.voided.is_(False)
                )
                .group_by(Buyer.name, Buyer.kind)
                .order_by(Buyer.name)
            )
            return [BuyerShare(n, k, int(t or 0), int(p or 0)) for n, k, t, p in rows]


def margins_and_zero_profit(
    s: Session, sale_span: tuple[ColumnElement[bool], ...], refund_span: tuple[ColumnElement[bool], ...]
) -> tuple[tuple[CategoryMargin, ...], ZeroProfitCheck]:
    """Gross margin per category of the store's own goods, and the zero-profit check of the
    households' consigned goods, over the sales and refunds in the spans."""
    figures: dict[str, list[int]] = {}  # category: [sales, cost, uncosted]
    zero = [0, 0, 0, 0]  # lines, at the household's price, paid, credited
    for category, pass_through, net, gross, cost in s.execute(
        select(SaleLine.category, SaleLine.pass_through, SaleLine.net_fen, SaleLine.gross_fen, SaleLine.cost_fen)
        .join(Sale, Sale.id == SaleLine.sale_id)
        .where(*sale_span, SaleLine.voided.is_(False))
    ):
        if pass_through:
            zero[0] += 1
            zero[1] += gross
            zero[2] += net
            continue
        f = figures.setdefault(category or "—", [0, 0, 0])
        f[0] += net
        if cost is None:
            f[2] += net
        else:
            f[1] += cost
    for category, pass_through, amount, quantity, line_qty, weight, weighed, cost in s.execute(
        select(
            SaleLine.category,
            SaleLine.pass_through,
            RefundLine.amount_fen,
            RefundLine.quantity,
            SaleLine.qty,
            SaleLine.weight_g,
            SaleLine.sold_by_weight,
            SaleLine.cost_fen,
        )
        .join(Refund, Refund.id == RefundLine.refund_id)
        .join(SaleLine, SaleLine.id == RefundLine.sale_line_id)
        .where(*refund_span)
    ):
        if pass_through:
            zero[2] -= amount
            continue
        f = figures.setdefault(category or "—", [0, 0, 0])
        f[0] -= amount
        if cost is None:
            f[2] -= amount
        else:
            whole = (weight if weighed else line_qty) or 1
            f[1] -= div_round_half_up(cost * quantity, whole)  # the refunded share of the line's cost
    credits = s.execute(
        select(func.coalesce(func.sum(LedgerEntry.amount_fen), 0)).where(
            LedgerEntry.kind == "credit", LedgerEntry.sale_id.in_(select(Sale.id).where(*sale_span))
        )
    ).scalar_one()
    debits = s.execute(
        select(func.coalesce(func.sum(LedgerEntry.amount_fen), 0)).where(
            LedgerEntry.kind == "debit", LedgerEntry.refund_id.in_(select(Refund.id).where(*refund_span))
        )
    ).scalar_one()
    zero[1] += int(debits)  # a refund takes back at the household's price what its debit says
    zero[3] = int(credits) + int(debits)
    margins = tuple(
        sorted(
            (CategoryMargin(c, *f) for c, f in figures.items()),
            key=lambda m: (-m.sales_fen, m.category),
        )
    )
    return margins, ZeroProfitCheck(*zero)
