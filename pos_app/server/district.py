"""What the district office reconciles: per station and in total, sales, certified-product sales,
money credited to each household, households helped, progress to income targets, institutional
buyers' share of poverty-area products; missing receipt numbers; quarantined facts.

Days are Asia/Shanghai calendar days as the station saw them (``local_day``); no dates means the
whole history. Net sales are sales less refunds made in the span.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Connection, case, func, select, union_all
from sqlalchemy.orm import InstrumentedAttribute

from pos_app.domain.money_rules import income_percent, meets_policy, share_percent
from pos_app.server.models import (
    AuditLink,
    DistrictLedgerEntry,
    DistrictRefund,
    DistrictSale,
    DistrictSaleLine,
    DistrictStation,
    DistrictTerminal,
    Quarantine,
    RefHousehold,
    RefSetting,
)
from pos_app.sync.protocol import (
    AuditBreak,
    AuditTip,
    BuyerFigures,
    DistrictFigures,
    HouseholdFigures,
    QuarantinedFact,
    StationFigures,
    TerminalGaps,
)

LOCAL_TZ = ZoneInfo("Asia/Shanghai")
DEFAULT_TARGET_FEN = 100_000  # ¥1,000 a household a year


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


def figures(conn: Connection, d_from: date | None, d_to: date | None, now: datetime) -> DistrictFigures:
    year = (d_to or now.astimezone(LOCAL_TZ).date()).year
    sale_span = _span(DistrictSale.local_day, d_from, d_to)
    stations = {
        sid: (code, name)
        for sid, code, name in conn.execute(
            select(DistrictStation.id, DistrictStation.code, DistrictStation.name).order_by(DistrictStation.code)
        )
    }
    per: dict[str, dict[str, int]] = {sid: {} for sid in stations}

    for sid, n, total, late in conn.execute(
        select(
            DistrictSale.station_id,
            func.count(),
            func.coalesce(func.sum(DistrictSale.total_fen), 0),
            func.coalesce(func.sum(case((DistrictSale.late, 1), else_=0)), 0),
        )
        .where(*sale_span)
        .group_by(DistrictSale.station_id)
    ):
        per[sid] |= {"sales_count": int(n), "sales_fen": int(total), "late_sales": int(late)}
    for sid, total in conn.execute(
        select(DistrictRefund.station_id, func.coalesce(func.sum(DistrictRefund.total_fen), 0))
        .where(*_span(DistrictRefund.local_day, d_from, d_to))
        .group_by(DistrictRefund.station_id)
    ):
        per[sid]["refunds_fen"] = int(total)
    for sid, cert in conn.execute(
        select(DistrictSale.station_id, func.coalesce(func.sum(DistrictSaleLine.net_fen), 0))
        .join(DistrictSaleLine, DistrictSaleLine.sale_id == DistrictSale.id)
        .where(*sale_span, DistrictSaleLine.certified, DistrictSaleLine.voided.is_(False))
        .group_by(DistrictSale.station_id)
    ):
        per[sid]["certified_fen"] = int(cert)
    ledger_span = _span(DistrictLedgerEntry.local_day, d_from, d_to)
    earned = DistrictLedgerEntry.kind.in_(("credit", "debit"))
    for sid, credited, helped in conn.execute(
        select(
            DistrictLedgerEntry.station_id,
            func.coalesce(func.sum(DistrictLedgerEntry.amount_fen), 0),
            func.count(func.distinct(DistrictLedgerEntry.household_code)),
        )
        .where(*ledger_span, earned)
        .group_by(DistrictLedgerEntry.station_id)
    ):
        if sid is not None:  # credits and debits are always a station's; only district payouts have none
            per[sid] |= {"credited_fen": int(credited), "households_helped": int(helped)}

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
    helped_total = conn.execute(
        select(func.count(func.distinct(DistrictLedgerEntry.household_code))).where(*ledger_span, earned)
    ).scalar_one()
    keys = ("sales_count", "sales_fen", "refunds_fen", "certified_fen", "credited_fen", "late_sales")
    total = station_figures("", "合计", {k: sum(per[sid].get(k, 0) for sid in per) for k in keys})
    total.households_helped = int(helped_total)
    return DistrictFigures(
        date_from=d_from,
        date_to=d_to,
        target_year=year,
        generated_at=now,
        stations=rows,
        total=total,
        households=_households(conn, d_from, d_to, year),
        buyers=_buyers(conn, sale_span),
    )


def _households(conn: Connection, d_from: date | None, d_to: date | None, year: int) -> list[HouseholdFigures]:
    target = _target(conn, year)
    earned = DistrictLedgerEntry.kind.in_(("credit", "debit"))
    span = _span(DistrictLedgerEntry.local_day, d_from, d_to)
    credited = _pairs(
        conn.execute(
            select(DistrictLedgerEntry.household_code, func.sum(DistrictLedgerEntry.amount_fen))
            .where(earned, *span)
            .group_by(DistrictLedgerEntry.household_code)
        )
    )
    in_year = _pairs(
        conn.execute(
            select(DistrictLedgerEntry.household_code, func.sum(DistrictLedgerEntry.amount_fen))
            .where(earned, DistrictLedgerEntry.year == year)
            .group_by(DistrictLedgerEntry.household_code)
        )
    )
    paid = _pairs(
        conn.execute(
            select(DistrictLedgerEntry.household_code, -func.sum(DistrictLedgerEntry.amount_fen))
            .where(DistrictLedgerEntry.kind == "payout", *span)
            .group_by(DistrictLedgerEntry.household_code)
        )
    )
    registry = {
        code: json.loads(body) for code, body in conn.execute(select(RefHousehold.code, RefHousehold.body_json))
    }
    out = []
    for code in sorted(set(registry) | set(credited) | set(in_year)):
        reg = registry.get(code, {})
        income = int(in_year.get(code) or 0)
        out.append(
            HouseholdFigures(
                code=code,
                head_name=reg.get("head_name", "（不在区名册）"),  # credited by a station, unknown to the district
                village=reg.get("village", ""),
                credited_fen=int(credited.get(code) or 0),
                year_income_fen=income,
                target_fen=target,
                percent=income_percent(income, target),
                paid_out_fen=int(paid.get(code) or 0),
            )
        )
    return out


def _buyers(conn: Connection, sale_span: list[ColumnElement[bool]]) -> list[BuyerFigures]:
    poverty = func.sum(
        case((DistrictSaleLine.certified | DistrictSaleLine.pass_through, DistrictSaleLine.net_fen), else_=0)
    )
    rows = conn.execute(
        select(DistrictSale.buyer_name, func.sum(DistrictSaleLine.net_fen), poverty)
        .join(DistrictSaleLine, DistrictSaleLine.sale_id == DistrictSale.id)
        .where(*sale_span, DistrictSale.buyer_institutional, DistrictSaleLine.voided.is_(False))
        .group_by(DistrictSale.buyer_name)
        .order_by(DistrictSale.buyer_name)
    )
    out = []
    for name, total, pov in rows:
        total, pov = int(total or 0), int(pov or 0)
        pct = share_percent(pov, total)
        out.append(
            BuyerFigures(
                name=name or "?",
                total_fen=total,
                poverty_fen=pov,
                percent=pct,
                meets_policy=meets_policy(pov, total),
            )
        )
    return out


def gaps(conn: Connection, limit: int = 1000) -> list[TerminalGaps]:
    """Receipt numbers each terminal has used but the server has not received (yet)."""
    out = []
    terms = conn.execute(
        select(DistrictTerminal.id, DistrictStation.code, DistrictTerminal.number)
        .join(DistrictStation, DistrictStation.id == DistrictTerminal.station_id)
        .order_by(DistrictStation.code, DistrictTerminal.number)
    )
    for tid, code, number in terms:
        used = union_all(
            select(DistrictSale.doc_seq.label("seq")).where(DistrictSale.terminal_id == tid),
            select(DistrictRefund.doc_seq.label("seq")).where(DistrictRefund.terminal_id == tid),
        ).subquery()
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
    row = conn.execute(
        select(AuditLink.n, AuditLink.hash)
        .where(AuditLink.terminal_id == terminal_id)
        .order_by(AuditLink.n.desc())
        .limit(1)
    ).first()
    return AuditTip(entries=int(row.n), hash=row.hash) if row else AuditTip(entries=0, hash="0" * 64)


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
