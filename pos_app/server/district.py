"""What the district office reconciles: per station and in total, sales, certified-product sales,
money credited to each household, households helped, progress to income targets, institutional
buyers' share of poverty-area products; missing receipt numbers; quarantined facts.

Days are Asia/Shanghai calendar days as the station saw them (``local_day``); no dates means the
whole history. Net sales are sales less refunds made in the span.
"""

from __future__ import annotations

import json
from calendar import monthrange
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Connection, Subquery, case, func, select, union_all
from sqlalchemy.orm import InstrumentedAttribute

from pos_app.contract.protocol import (
    AuditBreak,
    AuditTip,
    BuyerFigures,
    CertifiedSales,
    DistrictFigures,
    HouseholdFigures,
    QuarantinedFact,
    StationFigures,
    StationStock,
    SupplierSales,
    TerminalGaps,
    VarietyWeek,
)
from pos_app.domain.money_rules import income_percent, meets_policy, share_percent
from pos_app.server.books import Books
from pos_app.server.models import (
    AuditLink,
    DayBuyer,
    DayHousehold,
    DayProduct,
    DayStation,
    DistrictConsignment,
    DistrictLedgerEntry,
    DistrictRefund,
    DistrictSale,
    DistrictSaleLine,
    DistrictStation,
    DistrictTerminal,
    MonthHousehold,
    Quarantine,
    ReceivedOp,
    RefCategory,
    RefCertificate,
    RefHousehold,
    RefSetting,
    TerminalReceipts,
    TerminalStock,
)

LOCAL_TZ = ZoneInfo("Asia/Shanghai")
DEFAULT_TARGET_FEN = 100_000  # ¥1,000 a household a year
DEMAND_WEEKS = 8  # the growers' demand: these many weeks, to the span's end


def _span(col: InstrumentedAttribute[str], d_from: date | None, d_to: date | None) -> list[ColumnElement[bool]]:
    out: list[ColumnElement[bool]] = []
    if d_from:
        out.append(col >= d_from.isoformat())
    if d_to:
        out.append(col <= d_to.isoformat())
    return out


def _target(conn: Connection, year: int) -> int:
    raw = conn.execute(select(RefSetting.body_json).where(RefSetting.id == "income_targets")).scalar()
    if raw:
        targets = json.loads(raw).get("value") or {}
        if isinstance(targets, dict) and isinstance(targets.get(str(year)), int):
            return int(targets[str(year)])
    return DEFAULT_TARGET_FEN


def figures(
    conn: Connection, d_from: date | None, d_to: date | None, now: datetime, *, households: bool = True
) -> DistrictFigures:
    """Per station and household totals, progress to the year's target and the canteens' share, for
    a span of local days. Read from the running totals ingest keeps (``totals``): a few small tables,
    whatever the number of sales. ``households`` False leaves the households' table empty (for a
    page that does not show it)."""
    today = now.astimezone(LOCAL_TZ).date()
    year = (d_to or today).year
    stations = {
        sid: (code, name)
        for sid, code, name in conn.execute(
            select(DistrictStation.id, DistrictStation.code, DistrictStation.name).order_by(DistrictStation.code)
        )
    }
    per: dict[str, dict[str, int]] = {sid: {} for sid in stations}
    d = DayStation
    for sid, n, sold, late, refunds, cert in conn.execute(
        select(
            d.station_id,
            func.sum(d.sales_count),
            func.sum(d.sales_fen),
            func.sum(d.late_sales),
            func.sum(d.refunds_fen),
            func.sum(d.certified_fen),
        )
        .where(*_span(d.local_day, d_from, d_to))
        .group_by(d.station_id)
    ):
        per[sid] |= {
            "sales_count": int(n or 0),
            "sales_fen": int(sold or 0),
            "late_sales": int(late or 0),
            "refunds_fen": int(refunds or 0),
            "certified_fen": int(cert or 0),
        }
    h = _household_rows(d_from, d_to)
    credited: dict[str, int] = {}
    helped: dict[str, set[str]] = {}  # households with a credit (or debit) at the station in the span
    for sid, code, earned, entries in conn.execute(
        select(h.c.station_id, h.c.household_code, func.sum(h.c.earned_fen), func.sum(h.c.earned_entries)).group_by(
            h.c.station_id, h.c.household_code
        )
    ):
        credited[sid] = credited.get(sid, 0) + int(earned or 0)
        if entries:
            helped.setdefault(sid, set()).add(code)
    for sid in credited.keys() & per.keys():  # "" is the district's own payouts: no credits
        per[sid] |= {"credited_fen": credited[sid], "households_helped": len(helped.get(sid, ()))}

    def station_figures(code: str, name: str, f: dict[str, int]) -> StationFigures:
        sales, refunds = f.get("sales_fen", 0), f.get("refunds_fen", 0)
        return StationFigures(
            code=code,
            name=name,
            sales_count=f.get("sales_count", 0),
            sales_fen=sales,
            refunds_fen=refunds,
            net_fen=sales - refunds,
            certified_fen=f.get("certified_fen", 0),
            credited_fen=f.get("credited_fen", 0),
            households_helped=f.get("households_helped", 0),
            late_sales=f.get("late_sales", 0),
        )

    rows = [station_figures(code, name, per[sid]) for sid, (code, name) in stations.items()]
    helped_total = len(set().union(*helped.values()))
    keys = ("sales_count", "sales_fen", "refunds_fen", "certified_fen", "credited_fen", "late_sales")
    total = station_figures("", "合计", {k: sum(per[sid].get(k, 0) for sid in per) for k in keys})
    total.households_helped = int(helped_total)
    certified = _certified(conn, d_from, d_to)
    weeks = demand_weeks(min(d_to or today, today))
    return DistrictFigures(
        date_from=d_from,
        date_to=d_to,
        target_year=year,
        generated_at=now,
        stations=rows,
        total=total,
        households=_households(conn, d_from, d_to, year) if households else [],
        buyers=_buyers(conn, d_from, d_to),
        stock=_stock(conn, stations),
        certified=certified,
        suppliers=_suppliers(certified),
        demand_weeks=weeks,
        demand=_demand(conn, weeks),
    )


def _stock(conn: Connection, stations: dict[str, tuple[str, str]]) -> list[StationStock]:
    """Each station's stock from the running totals: products on hand, below nothing, consigned."""
    per_product = (
        select(TerminalStock.station_id, TerminalStock.product_id, func.sum(TerminalStock.on_hand).label("q"))
        .group_by(TerminalStock.station_id, TerminalStock.product_id)
        .subquery()
    )
    consigned = select(DistrictConsignment.product_id).distinct().scalar_subquery()
    per: dict[str, tuple[int, int, int]] = {}
    for sid, in_stock, negative, mine in conn.execute(
        select(
            per_product.c.station_id,
            func.sum(case((per_product.c.q > 0, 1), else_=0)),
            func.sum(case((per_product.c.q < 0, 1), else_=0)),
            func.sum(case(((per_product.c.q > 0) & per_product.c.product_id.in_(consigned), 1), else_=0)),
        ).group_by(per_product.c.station_id)
    ):
        per[sid] = (int(in_stock or 0), int(negative or 0), int(mine or 0))
    return [
        StationStock(code=code, name=name, products_in_stock=n, negative=neg, consigned_in_stock=mine)
        for sid, (code, name) in stations.items()
        for n, neg, mine in [per.get(sid, (0, 0, 0))]
    ]


def _certified(conn: Connection, d_from: date | None, d_to: date | None) -> list[CertifiedSales]:
    """Certified goods sold across the district by certificate and name, largest first, from the
    varieties' running day totals."""
    p = DayProduct
    total = func.sum(p.sales_fen)
    rows = conn.execute(
        select(p.certificate_no, p.name, func.sum(p.qty), func.sum(p.weight_g), total)
        .where(*_span(p.local_day, d_from, d_to), p.kind == "certified")
        .group_by(p.certificate_no, p.name)
        .order_by(total.desc(), p.certificate_no, p.name)
    ).all()
    suppliers = {
        cert: str(json.loads(body).get("supplier_name") or "")
        for cert, body in conn.execute(
            select(RefCertificate.cert_no, RefCertificate.body_json).where(
                RefCertificate.cert_no.in_({r[0] for r in rows if r[0]})
            )
        )
    }
    return [
        CertifiedSales(
            cert_no=cert,
            product_name=name,
            supplier_name=suppliers.get(cert, ""),
            qty=int(qty or 0),
            weight_g=int(grams or 0),
            sales_fen=int(amount or 0),
        )
        for cert, name, qty, grams, amount in rows
    ]


def _suppliers(certified: list[CertifiedSales]) -> list[SupplierSales]:
    """The certified goods' sales by supplier, largest first ("" for certificates the registry lacks)."""
    certs: dict[str, set[str]] = {}
    fen: dict[str, int] = {}
    for c in certified:
        certs.setdefault(c.supplier_name, set()).add(c.cert_no)
        fen[c.supplier_name] = fen.get(c.supplier_name, 0) + c.sales_fen
    return sorted(
        (SupplierSales(supplier_name=name, certificates=len(certs[name]), sales_fen=fen[name]) for name in fen),
        key=lambda x: (-x.sales_fen, x.supplier_name),
    )


def demand_weeks(last_day: date) -> list[date]:
    """The Mondays of the ``DEMAND_WEEKS`` weeks ending with the one ``last_day`` falls in."""
    last_day = max(last_day, date.min + timedelta(weeks=DEMAND_WEEKS))  # a span ending in year 1
    monday = last_day - timedelta(days=last_day.weekday())
    return [monday - timedelta(weeks=k) for k in range(DEMAND_WEEKS - 1, -1, -1)]


def _demand(conn: Connection, weeks: list[date]) -> list[VarietyWeek]:
    """What each poverty-relief variety sold, week by week (Monday to Sunday), in ``weeks``: what the
    growers should plant and raise."""
    first, last_day = weeks[0], weeks[-1] + timedelta(days=6)
    p = DayProduct
    sold: dict[tuple[date, str, bool], list[int]] = {}
    monday = {(w + timedelta(days=k)).isoformat(): w for w in weeks for k in range(7)}
    for day, kind, name, qty, grams, amount in conn.execute(
        select(p.local_day, p.kind, p.name, func.sum(p.qty), func.sum(p.weight_g), func.sum(p.sales_fen))
        .where(*_span(p.local_day, first, last_day))
        .group_by(p.local_day, p.kind, p.name)
    ):
        sums = sold.setdefault((monday[day], name, kind == "household"), [0, 0, 0])
        sums[0] += int(qty or 0)
        sums[1] += int(grams or 0)
        sums[2] += int(amount or 0)
    return [
        VarietyWeek(week=week, variety=name, households=mine, qty=q, weight_g=g, sales_fen=f)
        for (week, name, mine), (q, g, f) in sorted(sold.items(), key=lambda kv: (kv[0][1], kv[0][2], kv[0][0]))
    ]


def _households(
    conn: Connection,
    d_from: date | None,
    d_to: date | None,
    year: int,
    only: str | None = None,
    registry: dict[str, dict[str, Any]] | None = None,
) -> list[HouseholdFigures]:
    """Every household's figures, or only the one coded ``only`` (``registry``: the registry as read already)."""
    target = _target(conn, year)
    h = _household_rows(d_from, d_to, only)
    credited: dict[str, int] = {}
    paid: dict[str, int] = {}
    for code, earned, paid_out in conn.execute(
        select(h.c.household_code, func.sum(h.c.earned_fen), func.sum(h.c.paid_fen)).group_by(h.c.household_code)
    ):
        credited[code], paid[code] = int(earned or 0), int(paid_out or 0)
    y = _household_rows(date(year, 1, 1), date(year, 12, 31), only)
    in_year = _pairs(conn.execute(select(y.c.household_code, func.sum(y.c.earned_fen)).group_by(y.c.household_code)))
    if registry is None:
        registry = _registry(conn, only)
    out = []
    for code in sorted(set(registry) | set(credited) | set(in_year)):
        reg = registry.get(code, {})
        income = int(in_year.get(code) or 0)
        out.append(
            HouseholdFigures(
                code=code,
                head_name=reg.get("head_name", "（不在区名册）"),  # credited by a station, unknown to the district
                village=reg.get("village", ""),
                credited_fen=credited.get(code, 0),
                year_income_fen=income,
                target_fen=target,
                percent=income_percent(income, target),
                paid_out_fen=paid.get(code, 0),
            )
        )
    return out


def _household_rows(d_from: date | None, d_to: date | None, only: str | None = None) -> Subquery:
    """The households' running totals covering a span (of one household, ``only``): its whole months
    from ``month_household``, the days before and after them from ``day_household``. Columns:
    station_id, household_code, earned_fen, earned_entries, paid_fen (a household may have a row of
    each kind: sum them, count households distinct)."""
    days, months = _whole_months(d_from, d_to)
    d, m = DayHousehold, MonthHousehold
    parts = [
        select(d.station_id, d.household_code, d.earned_fen, d.earned_entries, d.paid_fen).where(
            d.local_day >= a.isoformat(), d.local_day <= b.isoformat(), *([d.household_code == only] if only else [])
        )
        for a, b in days
    ]
    if months is not None:
        lo, hi = months
        parts.append(
            select(m.station_id, m.household_code, m.earned_fen, m.earned_entries, m.paid_fen).where(
                *([m.month >= lo] if lo else []),
                *([m.month <= hi] if hi else []),
                *([m.household_code == only] if only else []),
            )
        )
    return (union_all(*parts) if len(parts) > 1 else parts[0]).subquery()


def _whole_months(d_from: date | None, d_to: date | None) -> tuple[list[tuple[date, date]], tuple[str, str] | None]:
    """A span of days (open at either end when None) as the whole calendar months in it ("YYYY-MM",
    "" for open) and the runs of days before and after them."""
    first, last = d_from, d_to  # the first day of the first whole month, the last of the last one
    if d_from is not None and d_from.day != 1:
        first = (
            None if d_from >= date(9999, 12, 1) else date(d_from.year + d_from.month // 12, d_from.month % 12 + 1, 1)
        )
    if d_to is not None and d_to.day != monthrange(d_to.year, d_to.month)[1]:
        last = None if d_to < date(1, 2, 1) else d_to.replace(day=1) - timedelta(days=1)
    no_month = (d_from is not None and first is None) or (d_to is not None and last is None)
    if no_month or (first is not None and last is not None and first > last):
        return [(d_from or date.min, d_to or date.max)], None  # no whole month inside
    days = []
    if d_from is not None and first is not None and first != d_from:
        days.append((d_from, first - timedelta(days=1)))
    if d_to is not None and last is not None and last != d_to:
        days.append((last + timedelta(days=1), d_to))
    return days, (_month(first) if first else "", _month(last) if last else "")


def _month(d: date) -> str:
    return f"{d.year:04d}-{d.month:02d}"  # as local_day[:7] (strftime writes year 1 as "1")


def _registry(conn: Connection, only: str | None = None) -> dict[str, dict[str, Any]]:
    """The registry's households as the district holds them (no ID or bank numbers), by code."""
    q = select(RefHousehold.code, RefHousehold.body_json)
    if only is not None:
        q = q.where(RefHousehold.code == only)
    return {code: json.loads(body) for code, body in conn.execute(q)}


def _buyers(conn: Connection, d_from: date | None, d_to: date | None) -> list[BuyerFigures]:
    b = DayBuyer
    rows = conn.execute(
        select(b.buyer_name, func.sum(b.total_fen), func.sum(b.poverty_fen))
        .where(*_span(b.local_day, d_from, d_to))
        .group_by(b.buyer_name)
        .order_by(b.buyer_name)
    )
    out = []
    for name, total, pov in rows:
        total, pov = int(total or 0), int(pov or 0)
        out.append(
            BuyerFigures(
                name=name or "?",
                total_fen=total,
                poverty_fen=pov,
                percent=share_percent(pov, total),
                meets_policy=meets_policy(pov, total),
            )
        )
    return out


def receipt_numbers_used(terminal_id: str, first: int | None = None, last: int | None = None) -> Subquery:
    """The receipt numbers (``seq``) of a terminal the district received, sales' and refunds' (they
    share the sequence); only those from ``first`` to ``last`` when given."""

    def of(col: InstrumentedAttribute[int], till: InstrumentedAttribute[str]) -> Any:
        span = [col.between(first, last)] if first is not None and last is not None else []
        return select(col.label("seq")).where(till == terminal_id, *span)

    return union_all(
        of(DistrictSale.doc_seq, DistrictSale.terminal_id), of(DistrictRefund.doc_seq, DistrictRefund.terminal_id)
    ).subquery()


def gaps(conn: Connection, limit: int = 1000) -> list[TerminalGaps]:
    """Receipt numbers each terminal has used but the server has not received (yet)."""
    out = []
    terms = conn.execute(
        select(DistrictTerminal.id, DistrictStation.code, DistrictTerminal.number)
        .join(DistrictStation, DistrictStation.id == DistrictTerminal.station_id)
        .order_by(DistrictStation.code, DistrictTerminal.number)
    )
    for tid, code, number in terms:
        used = receipt_numbers_used(tid)
        n, top = conn.execute(
            select(func.count(func.distinct(used.c.seq)), func.coalesce(func.max(used.c.seq), 0))
        ).one()
        missing: list[int] = []
        if n < top:
            expect = 1
            for seq in conn.execute(select(used.c.seq).distinct().order_by(used.c.seq)).scalars():
                while expect < seq and len(missing) < limit:
                    missing.append(expect)
                    expect += 1
                expect = seq + 1
        out.append(TerminalGaps(station_code=code, terminal=number, received=int(n), highest=int(top), missing=missing))
    return out


def audit_breaks(conn: Connection) -> list[AuditBreak]:
    """Every place where a terminal's audit chain, as received, does not continue."""
    rows = conn.execute(
        select(DistrictStation.code, DistrictTerminal.number, AuditLink)
        .join(DistrictTerminal, DistrictTerminal.id == AuditLink.terminal_id)
        .join(DistrictStation, DistrictStation.id == DistrictTerminal.station_id)
        .where(AuditLink.broken)
        .order_by(DistrictStation.code, DistrictTerminal.number, AuditLink.n)
    )
    return [
        AuditBreak(
            station_code=r.code,
            terminal=r.number,
            n=r.n,
            entity_id=r.entity_id,
            at=r.at,
            expected_prev=r.expected_prev,
            got_prev=r.prev_hash,
        )
        for r in rows
    ]


def audit_tip(conn: Connection, terminal_id: str) -> AuditTip:
    n, last_hash = Books(conn, terminal_id).audit_chain_tip()
    return AuditTip(entries=n, hash=last_hash)


def quarantine(conn: Connection) -> list[QuarantinedFact]:
    rows = conn.execute(
        select(
            DistrictStation.code,
            DistrictTerminal.number,
            Quarantine.entity_type,
            Quarantine.entity_id,
            Quarantine.received_at,
        )
        .join(DistrictTerminal, DistrictTerminal.id == Quarantine.terminal_id)
        .join(DistrictStation, DistrictStation.id == DistrictTerminal.station_id)
        .order_by(Quarantine.received_at)
    )
    return [
        QuarantinedFact(station_code=c, terminal=n, entity_type=t, entity_id=e, received_at=at)
        for c, n, t, e, at in rows
    ]


def _pairs(rows: Iterable[Any]) -> dict[str, int]:
    return {str(k): int(v or 0) for k, v in rows}


# -- the stations at a glance (the district's web page) ---------------------------------------------------


@dataclass(frozen=True)
class TerminalGlance:
    station_code: str
    station_name: str
    terminal: int
    enrolled: bool
    revoked: bool
    last_seen_at: datetime | None
    facts_today: int  # facts received since midnight, Asia/Shanghai
    refused_today: int
    quarantined: int  # resends whose payload differed, waiting for a person
    missing_receipts: int  # receipt numbers used at the till and not received
    clock_skew_s: int | None  # the till's clock less the server's when it was last seen; None: not known


def stations_at_a_glance(conn: Connection, now: datetime) -> list[TerminalGlance]:
    """Every station's terminals, with when each was last heard from and what waits for a person."""
    midnight = datetime.combine(now.astimezone(LOCAL_TZ).date(), datetime.min.time(), LOCAL_TZ)
    today = (
        select(
            ReceivedOp.terminal_id,
            func.count().label("n"),
            func.sum(case((ReceivedOp.status == "rejected", 1), else_=0)).label("refused"),
        )
        .where(ReceivedOp.received_at >= midnight)
        .group_by(ReceivedOp.terminal_id)
        .subquery()
    )
    held = select(Quarantine.terminal_id, func.count().label("n")).group_by(Quarantine.terminal_id).subquery()
    rows = conn.execute(
        select(
            DistrictStation.code,
            DistrictStation.name,
            DistrictTerminal.number,
            DistrictTerminal.token_hash,
            DistrictTerminal.revoked_at,
            DistrictTerminal.last_seen_at,
            func.coalesce(today.c.n, 0),
            func.coalesce(today.c.refused, 0),
            func.coalesce(held.c.n, 0),
            func.coalesce(TerminalReceipts.highest - TerminalReceipts.received, 0),
            DistrictTerminal.clock_skew_s,
        )
        .join(DistrictTerminal, DistrictTerminal.station_id == DistrictStation.id, isouter=True)
        .join(today, today.c.terminal_id == DistrictTerminal.id, isouter=True)
        .join(held, held.c.terminal_id == DistrictTerminal.id, isouter=True)
        .join(TerminalReceipts, TerminalReceipts.terminal_id == DistrictTerminal.id, isouter=True)
        .order_by(DistrictStation.code, DistrictTerminal.number)
    ).all()
    return [
        TerminalGlance(
            code,
            name,
            int(number or 0),
            token is not None,
            revoked is not None,
            seen,
            int(n),
            int(refused),
            int(quarantined),
            int(missing),
            skew,
        )
        for code, name, number, token, revoked, seen, n, refused, quarantined, missing, skew in rows
    ]


# -- households at a glance, and one household's every line (the district's web page) ---------------------


@dataclass(frozen=True)
class HouseholdGlance:
    code: str
    head_name: str
    village: str
    category: str  # the category's name
    year_income_fen: int
    target_fen: int
    percent: int
    balance_fen: int  # credits − debits − payouts, from every station and the district
    paid_out_fen: int  # all payouts, ever


@dataclass(frozen=True)
class HouseholdLine:
    at: datetime
    station_code: str  # "" for the district's own payout
    kind: str  # credit | debit | payout
    amount_fen: int  # signed: credit +, debit −, payout −
    receipt_no: str
    product: str


def households_at_a_glance(conn: Connection, year: int, only: str | None = None) -> list[HouseholdGlance]:
    """Every household (or only the one coded ``only``): its year against the target, balance, payouts."""
    categories = {
        code: str(json.loads(body).get("name") or code)
        for code, body in conn.execute(select(RefCategory.id, RefCategory.body_json))
    }
    registry = _registry(conn, only)
    out = []
    for h in _households(conn, None, None, year, only, registry):
        reg = registry.get(h.code, {})
        category = str(reg.get("category_code", ""))
        out.append(
            HouseholdGlance(
                h.code,
                h.head_name,
                h.village,
                categories.get(category, category),
                h.year_income_fen,
                h.target_fen,
                h.percent,
                h.credited_fen - h.paid_out_fen,  # over the whole history: every credit less debits, less payouts
                h.paid_out_fen,
            )
        )
    return out


def household_lines(conn: Connection, code: str, limit: int = 5000) -> list[HouseholdLine]:
    """A household's every credit, debit and payout as the district booked them, newest first."""
    e = DistrictLedgerEntry
    rows = conn.execute(
        select(
            e.at,
            DistrictStation.code,
            e.kind,
            e.amount_fen,
            func.coalesce(DistrictSale.receipt_no, DistrictRefund.receipt_no, ""),
            func.coalesce(DistrictSaleLine.name, ""),
        )
        .join(DistrictStation, DistrictStation.id == e.station_id, isouter=True)
        .join(DistrictSale, DistrictSale.id == e.sale_id, isouter=True)
        .join(DistrictRefund, DistrictRefund.id == e.refund_id, isouter=True)
        .join(DistrictSaleLine, DistrictSaleLine.id == e.sale_line_id, isouter=True)
        .where(e.household_code == code)
        .order_by(e.at.desc(), e.id.desc())
        .limit(limit)
    )
    return [
        HouseholdLine(at, station or "", kind, int(amount), receipt, product)
        for at, station, kind, amount, receipt, product in rows
    ]


@dataclass(frozen=True)
class Problem:
    terminal: int
    kind: str  # refused | quarantined
    entity_type: str
    entity_id: str
    reason: str
    at: datetime


def station_problems(conn: Connection, station_code: str, limit: int = 200) -> list[Problem]:
    """What waits for a person at a station: facts the district refused (with the reason it gave the
    till) and resends held in quarantine, newest first."""
    code = station_code.strip().upper()
    refused = conn.execute(
        select(
            DistrictTerminal.number,
            ReceivedOp.entity_type,
            ReceivedOp.entity_id,
            ReceivedOp.reason,
            ReceivedOp.received_at,
        )
        .join(DistrictTerminal, DistrictTerminal.id == ReceivedOp.terminal_id)
        .join(DistrictStation, DistrictStation.id == DistrictTerminal.station_id)
        .where(DistrictStation.code == code, ReceivedOp.status == "rejected")
        .order_by(ReceivedOp.received_at.desc())
        .limit(limit)
    )
    held = conn.execute(
        select(DistrictTerminal.number, Quarantine.entity_type, Quarantine.entity_id, Quarantine.received_at)
        .join(DistrictTerminal, DistrictTerminal.id == Quarantine.terminal_id)
        .join(DistrictStation, DistrictStation.id == DistrictTerminal.station_id)
        .where(DistrictStation.code == code)
        .order_by(Quarantine.received_at.desc())
        .limit(limit)
    )
    out = [Problem(n, "refused", t, e, reason or "", at) for n, t, e, reason, at in refused]
    out += [
        Problem(n, "quarantined", t, e, "重发的内容与首次收到的不同，待人工判断（quarantined resend）", at)
        for n, t, e, at in held
    ]
    return sorted(out, key=lambda p: p.at, reverse=True)[:limit]


def sales_by_day(conn: Connection, d_from: date | None, d_to: date | None) -> list[tuple[str, int, int]]:
    """(day, net sales, certified) across the district, a row a day, from the running day totals."""
    d = DayStation
    rows = conn.execute(
        select(d.local_day, func.sum(d.sales_fen - d.refunds_fen), func.sum(d.certified_fen))
        .where(*_span(d.local_day, d_from, d_to))
        .group_by(d.local_day)
        .order_by(d.local_day)
    )
    return [(day, int(net or 0), int(cert or 0)) for day, net, cert in rows]


def station_named(conn: Connection, code: str) -> tuple[str, str] | None:
    """(code, name) of a registered station, or None."""
    row = conn.execute(
        select(DistrictStation.code, DistrictStation.name).where(DistrictStation.code == code.strip().upper())
    ).first()
    return None if row is None else (row.code, row.name)
