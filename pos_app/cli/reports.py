"""Reports to PDF (and demand to CSV/XLSX), and data exports."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from pos_app.cli.base import Commands, approver, credential, require
from pos_app.commandline import iso_date, say
from pos_app.domain.money import format_fen
from pos_app.files import write_private

if TYPE_CHECKING:
    from pos_app.bootstrap import Services

KINDS = ("daily", "period", "household", "income", "demand", "institutional")
EXPORTS = ("products", "sales", "payments", "ledger", "certified", "deliveries", "households", "stock")


def register(sub: Commands) -> list[argparse.ArgumentParser]:
    rep = sub.add_parser("report", help="print a report to PDF")
    rep.add_argument("kind", choices=KINDS, help="which report")
    rep.add_argument("code", nargs="?", help="the household code (report household)")
    rep.add_argument("--date", type=iso_date, help="the day (default: today)")
    rep.add_argument("--from", dest="date_from", type=iso_date, help="first day of a period")
    rep.add_argument("--to", dest="date_to", type=iso_date, help="last day of a period")
    rep.add_argument("--year", type=int, help="the year (household, income; default: this year)")
    rep.add_argument("--by", default="", help="printed by (name on the report)")
    rep.add_argument("--out", type=Path, required=True, help="the PDF to write")
    rep.set_defaults(on_station=report)

    exp = sub.add_parser("export", help="export products, sales lines, payments, household ledger or certified sales")
    exp.add_argument("what", choices=EXPORTS, help="what to export")
    exp.add_argument("--unmasked", action="store_true", help="households: full ID and bank numbers (an admin's PIN)")
    credential(exp, "the administrator exporting unmasked data")
    exp.add_argument("--from", dest="date_from", type=iso_date, help="first day (sales, payments, ledger)")
    exp.add_argument("--to", dest="date_to", type=iso_date, help="last day (sales, payments, ledger)")
    exp.add_argument("--out", type=Path, required=True, help="file to write (.csv or .xlsx)")
    exp.set_defaults(on_station=export)
    return [rep, exp]


def report(services: Services, args: argparse.Namespace) -> int:
    from pos_app.importing.tabular import write_table
    from pos_app.reports import period as docs
    from pos_app.reports.daily import daily_pdf

    today = services.today()
    out: Path = args.out
    out.parent.mkdir(parents=True, exist_ok=True)
    name = services.station.station_name
    start, end = args.date_from or today.replace(day=1), args.date_to or today
    span = f"{start} 至 {end}"
    if args.kind == "daily":
        day = args.date or today
        daily = services.reports.daily(day, args.by)
        write_private(out, daily_pdf(daily, services.delivery_board.summary(day)))
        net = format_fen(daily.net_fen)
        print(
            say(
                f"daily report {day}: {daily.sales_count} sales, net {net} → {out}",
                f"日报 {day}：{daily.sales_count} 笔，净额 {net} → {out}",
            )
        )
    elif args.kind == "period":
        p = services.period_reports.period(start, end)
        write_private(out, docs.period_pdf(p))
        net = format_fen(p.sales_fen - p.refunds_fen)
        print(say(f"period {span}: net {net} → {out}", f"{span}：净额 {net} → {out}"))
    elif args.kind == "household":
        require(args.code, "report household CODE", "请给出农户编码")
        st = services.ledger.statement(args.code, args.year or today.year)
        write_private(out, docs.household_statement_pdf(st))
        income = format_fen(st.income_fen)
        print(
            say(
                f"household {args.code} {st.year}: income {income} ({st.percent}%) → {out}",
                f"农户 {args.code} {st.year} 年：收入 {income}（{st.percent}%）→ {out}",
            )
        )
    elif args.kind == "income":
        year = args.year or today.year
        rows = services.ledger.progress(year=year)
        write_private(out, docs.income_progress_pdf(rows, year, name))
        below = sum(1 for r in rows if r.below_target)
        print(
            say(
                f"income progress {year}: {below} of {len(rows)} below target → {out}",
                f"{year} 年收入进度：{len(rows)} 户中 {below} 户未达标 → {out}",
            )
        )
    elif args.kind == "demand":
        demand = services.period_reports.demand(start, end)
        if out.suffix.lower() in (".csv", ".xlsx"):
            write_table(
                out,
                ("周", "品种", "数量", "千克", "件数", "金额(元)"),
                ((d.week, d.product, d.quantity, d.kilograms, d.pieces, d.amount_fen / 100) for d in demand),
            )
        else:
            write_private(out, docs.demand_pdf(demand, span, name))
        print(say(f"demand {span}: {len(demand)} rows → {out}", f"需求 {span}：{len(demand)} 行 → {out}"))
    else:
        shares = services.period_reports.institutional(start, end)
        write_private(out, docs.institutional_pdf(shares, span, name))
        print(say(f"institutional buyers {span}: {len(shares)} → {out}", f"单位采购 {span}：{len(shares)} 家 → {out}"))
    return 0


def export(services: Services, args: argparse.Namespace) -> int:
    from pos_app.importing.tabular import write_table
    from pos_app.services.catalog_io import export_products
    from pos_app.services.exports import export

    if args.what == "products":
        n = export_products(services.catalog, args.out)
    elif args.what == "stock":  # on hand: pieces, or kg for weighed goods
        n = write_table(
            args.out,
            ("条码/barcode", "名称/name", "库存/on_hand", "单位/unit", "代销农户/household"),
            (
                (
                    r.code,
                    r.name,
                    f"{r.on_hand / 1000:.3f}" if r.sold_by_weight else r.on_hand,
                    "kg" if r.sold_by_weight else r.unit_label,
                    r.household_code or "",
                )
                for r in services.stock.on_hand()
            ),
        )
    elif args.what == "households":
        admin = None
        if args.unmasked:
            from pos_app.domain.permissions import Permission

            admin = approver(services, args, Permission.EXPORT_UNMASKED)
        headers, rows = services.households.registry_rows(unmasked_by=admin)
        n = write_table(args.out, headers, rows)
    else:
        n = export(services.db, args.what, args.out, args.date_from, args.date_to)
    services.audit.record("export", user_id=None, target=args.out.name, what=args.what, rows=n)
    print(say(f"{n} rows → {args.out}", f"{n} 行 → {args.out}"))
    return 0
