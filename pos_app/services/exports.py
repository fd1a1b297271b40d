"""Exports for spreadsheets: sales lines, payments, household ledger, certified sales.

CSV is UTF-8 with a BOM (Excel on Chinese Windows opens it correctly); XLSX has typed cells (money
as numbers in yuan, dates as text in local time) and a frozen header row.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import ColumnElement, func, select

from pos_app.domain.clock import check_span, format_local, local_day_bounds
from pos_app.domain.errors import InvalidInput
from pos_app.importing.tabular import write_table
from pos_app.store.models import (
    AppUser,
    DeliveryOrder,
    Household,
    LedgerEntry,
    Payment,
    Refund,
    Resident,
    Sale,
    SaleLine,
)
from pos_app.store.uow import Database

KINDS = ("sales", "payments", "ledger", "certified", "deliveries")


def yuan(fen: int | None) -> Decimal | None:
    """Fen as a yuan amount with two places: a number in XLSX, "12.50" in CSV."""
    return None if fen is None else Decimal(fen).scaleb(-2)


def _span(column: Any, date_from: date | None, date_to: date | None) -> list[ColumnElement[bool]]:
    check_span(date_from, date_to)
    out = []
    if date_from:
        out.append(column >= local_day_bounds(date_from)[0])
    if date_to:
        out.append(column < local_day_bounds(date_to)[1])
    return out


def export(db: Database, kind: str, out: Path, date_from: date | None = None, date_to: date | None = None) -> int:
    if kind not in KINDS:
        raise InvalidInput(what=f"export {kind!r} (one of {', '.join(KINDS)})")
    headers, rows = {
        "sales": _sales,
        "payments": _payments,
        "ledger": _ledger,
        "certified": _certified,
        "deliveries": _deliveries,
    }[kind](db, date_from, date_to)
    return write_table(out, headers, rows)


Rows = tuple[tuple[str, ...], Iterator[tuple[Any, ...]]]


def _sales(db: Database, date_from: date | None, date_to: date | None) -> Rows:
    tenders = (
        select(Payment.sale_id, func.group_concat(Payment.tender_code, "+").label("codes"))
        .group_by(Payment.sale_id)
        .subquery()
    )
    q = (
        select(
            Sale.completed_at,
            Sale.receipt_no,
            AppUser.display_name,
            SaleLine.line_no,
            SaleLine.code,
            SaleLine.name,
            SaleLine.category,
            SaleLine.qty,
            SaleLine.weight_g,
            SaleLine.unit_price_fen,
            SaleLine.gross_fen,
            SaleLine.discount_fen,
            SaleLine.rounding_fen,
            SaleLine.net_fen,
            SaleLine.voided,
            tenders.c.codes,
        )
        .join(SaleLine, SaleLine.sale_id == Sale.id)
        .join(AppUser, AppUser.id == Sale.cashier_id)
        .outerjoin(tenders, tenders.c.sale_id == Sale.id)
        .where(*_span(Sale.completed_at, date_from, date_to))
        .order_by(Sale.completed_at, SaleLine.line_no)
    )
    headers = (
        "时间",
        "小票号",
        "收银员",
        "行号",
        "条码",
        "名称",
        "类别",
        "数量",
        "重量(克)",
        "单价",
        "金额",
        "折扣",
        "抹零",
        "实收",
        "作废",
        "支付方式",
    )
    with db.uow() as uow:
        rows = [
            (
                format_local(r[0]),
                r[1],
                r[2],
                r[3],
                r[4],
                r[5],
                r[6],
                r[7],
                r[8],
                yuan(r[9]),
                yuan(r[10]),
                yuan(r[11]),
                yuan(r[12]),
                yuan(r[13]),
                "是" if r[14] else "",
                r[15] or "",
            )
            for r in uow.session.execute(q)
        ]
    return headers, iter(rows)


def _payments(db: Database, date_from: date | None, date_to: date | None) -> Rows:
    q = (
        select(
            Sale.completed_at,
            Sale.receipt_no,
            Payment.tender_code,
            Payment.amount_fen,
            Payment.tendered_fen,
            Payment.change_fen,
            Payment.masked_code,
            Payment.reference,
        )
        .join(Sale, Sale.id == Payment.sale_id)
        .where(*_span(Sale.completed_at, date_from, date_to))
        .order_by(Sale.completed_at)
    )
    headers = ("时间", "小票号", "支付方式", "金额", "收取", "找零", "付款码", "流水号")
    with db.uow() as uow:
        rows = [
            (format_local(a), r, t, yuan(amt), yuan(ten), yuan(ch), m or "", ref or "")
            for a, r, t, amt, ten, ch, m, ref in uow.session.execute(q)
        ]
    return headers, iter(rows)


def _ledger(db: Database, date_from: date | None, date_to: date | None) -> Rows:
    q = (
        select(
            LedgerEntry.at,
            Household.code,
            Household.head_name,
            Household.village,
            LedgerEntry.kind,
            LedgerEntry.amount_fen,
            Sale.receipt_no,
            Refund.receipt_no,
            SaleLine.name,
        )
        .join(Household, Household.id == LedgerEntry.household_id)
        .outerjoin(Sale, Sale.id == LedgerEntry.sale_id)
        .outerjoin(Refund, Refund.id == LedgerEntry.refund_id)
        .outerjoin(SaleLine, SaleLine.id == LedgerEntry.sale_line_id)
        .where(*_span(LedgerEntry.at, date_from, date_to))
        .order_by(LedgerEntry.seq)
    )
    kinds = {"credit": "销售入账", "debit": "退货冲减", "payout": "结算支付"}
    headers = ("时间", "农户编码", "户主", "所在村", "类型", "金额", "单据", "商品")
    with db.uow() as uow:
        rows = [
            (format_local(at), c, h, v, kinds.get(k, k), yuan(a), rf or s or "", n or "")
            for at, c, h, v, k, a, s, rf, n in uow.session.execute(q)
        ]
    return headers, iter(rows)


def _certified(db: Database, date_from: date | None, date_to: date | None) -> Rows:
    q = (
        select(
            Sale.completed_at,
            Sale.receipt_no,
            SaleLine.name,
            SaleLine.certificate_no,
            SaleLine.qty,
            SaleLine.weight_g,
            SaleLine.net_fen,
        )
        .join(Sale, Sale.id == SaleLine.sale_id)
        .where(SaleLine.certified, SaleLine.voided.is_(False), *_span(Sale.completed_at, date_from, date_to))
        .order_by(Sale.completed_at, SaleLine.line_no)
    )
    headers = ("时间", "小票号", "商品", "证书编号", "数量", "重量(克)", "实收")
    with db.uow() as uow:
        rows = [(format_local(at), r, n, c or "", q_, w, yuan(a)) for at, r, n, c, q_, w, a in uow.session.execute(q)]
    return headers, iter(rows)


def _deliveries(db: Database, date_from: date | None, date_to: date | None) -> Rows:
    """Orders by day; the resident by name and compound only (no phone, no room)."""
    from pos_app.domain.delivery import STATE_ZH, DeliveryState

    q = (
        select(
            DeliveryOrder.day,
            DeliveryOrder.order_no,
            DeliveryOrder.state,
            Resident.name,
            Resident.compound,
            AppUser.display_name,
            Sale.receipt_no,
            Sale.total_fen,
        )
        .join(Resident, Resident.id == DeliveryOrder.resident_id)
        .outerjoin(AppUser, AppUser.id == DeliveryOrder.volunteer_id)
        .outerjoin(Sale, Sale.delivery_order_id == DeliveryOrder.id)
        .order_by(DeliveryOrder.day, DeliveryOrder.order_no)
    )
    check_span(date_from, date_to)
    if date_from:
        q = q.where(DeliveryOrder.day >= date_from.isoformat())
    if date_to:
        q = q.where(DeliveryOrder.day <= date_to.isoformat())
    headers = ("送货日期", "订单号", "状态", "老人", "小区", "志愿者", "小票号", "收款")
    with db.uow() as uow:
        rows = [
            (d, no, STATE_ZH[DeliveryState(st)], name, compound, vol or "", receipt or "", yuan(total))
            for d, no, st, name, compound, vol, receipt, total in uow.session.execute(q)
        ]
    return headers, iter(rows)


def export_sales(db: Database, out: Path, date_from: date | None, date_to: date | None) -> int:
    return export(db, "sales", out, date_from, date_to)
