"""Suppliers (and, with them, what the store buys)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from pos_app.cli.base import Commands, approver, credential, skip_bad, tell_skipped
from pos_app.commandline import say
from pos_app.domain.money import format_fen
from pos_app.domain.permissions import Permission
from pos_app.files import write_private

if TYPE_CHECKING:
    from pos_app.bootstrap import Services


def register(sub: Commands) -> list[argparse.ArgumentParser]:
    imp = sub.add_parser(
        "import-suppliers",
        help="import suppliers (CSV or XLSX: 编码, 名称, 统一社会信用代码, 联系人, 电话)",
    )
    imp.add_argument("file", type=Path, help="the suppliers file (.csv or .xlsx)")
    skip_bad(imp)
    credential(imp, "a manager")
    imp.set_defaults(on_station=import_suppliers)
    ls = sub.add_parser("suppliers", help="list the suppliers and the certificates each holds")
    ls.add_argument("--search", default="", help="code, name or credit code")
    ls.set_defaults(on_station=list_suppliers)
    rec = sub.add_parser(
        "receive",
        help="receive a supplier's delivery note (CSV or XLSX: 条码, 数量 — pieces, or kg when weighed —, 进价 yuan)",
    )
    rec.add_argument("file", type=Path, help="the delivery note (.csv or .xlsx)")
    rec.add_argument("--supplier", required=True, help="the supplier's code")
    rec.add_argument("--note", default="", help="the delivery note's number")
    rec.add_argument("--return", dest="is_return", action="store_true", help="goods sent back to the supplier (退货)")
    rec.add_argument("--out", type=Path, help="write the receipt document (PDF) here")
    credential(rec, "the manager receiving it")
    rec.set_defaults(on_station=receive)
    wo = sub.add_parser("write-off", help="write off goods that cannot be sold (报损), with a manager's PIN")
    wo.add_argument("code", help="barcode or PLU")
    wo.add_argument("quantity", help="pieces, or kg for weighed goods")
    wo.add_argument(
        "--reason",
        required=True,
        choices=("spoiled", "broken", "expired", "lost", "other"),
        help="why it cannot be sold",
    )
    wo.add_argument("--note", default="", help="a note for the record")
    credential(wo, "the approving manager")
    wo.set_defaults(on_station=write_off)
    take = sub.add_parser(
        "stocktake",
        help="book a stocktake from a count sheet (CSV or XLSX: 条码, 数量 — pieces, or kg —, optional 原因), "
        "with a manager's PIN",
    )
    take.add_argument("file", type=Path, help="the count sheet (.csv or .xlsx)")
    take.add_argument("--category", default="", help="count only this category (default: every product)")
    take.add_argument(
        "--complete", action="store_true", help="the count was complete: products not on the sheet have none"
    )
    credential(take, "the approving manager")
    take.add_argument("--out", type=Path, help="write the variance report (PDF) here")
    take.set_defaults(on_station=stocktake)
    return [imp, ls, rec, wo, take]


def stocktake(services: Services, args: argparse.Namespace) -> int:
    from pos_app.reports.purchasing_docs import stocktake_pdf

    manager = approver(services, args, Permission.PURCHASING)
    done = services.stocktake.book_sheet(
        args.file, by=manager, approver=manager, category=args.category, uncounted_as_zero=args.complete
    )
    docs = ", ".join(d.doc_no for d in done.documents) or say("no difference, nothing booked", "无差异，未入账")
    out = args.out or args.file.with_name(f"stocktake-{done.booked_at:%Y%m%d-%H%M%S}.pdf")
    write_private(out, stocktake_pdf(done, services.station.station_name))
    value = format_fen(done.value_fen)
    print(
        say(
            f"{docs}: {done.counted} products counted, {len(done.lines)} differ, {value} → {out}",
            f"{docs}：盘点 {done.counted} 种，差异 {len(done.lines)} 种，金额 {value} → {out}",
        )
    )
    if done.household_loss_fen:
        loss = format_fen(-done.household_loss_fen)
        print(
            say(
                f"of which a household's consigned goods short at its price: {loss}",
                f"其中农户代销商品短缺（按农户定价）：{loss}",
            )
        )
    return 0


def write_off(services: Services, args: argparse.Namespace) -> int:
    manager = approver(services, args, Permission.PURCHASING)
    quantity = services.stock.quantity(args.code, args.quantity)
    done = services.stock.write_off(args.code, quantity, args.reason, by=manager, approver=manager, note=args.note)
    value = format_fen(done.value_fen)
    print(say(f"{done.doc_no}: written off, {value}", f"{done.doc_no}：已报损，金额 {value}"))
    if done.household_loss_fen:
        loss = format_fen(-done.household_loss_fen)
        print(
            say(
                f"of which a household's consigned goods at its price: {loss}",
                f"其中农户代销商品（按农户定价）：{loss}",
            )
        )
    return 0


def receive(services: Services, args: argparse.Namespace) -> int:
    from pos_app.reports.purchasing_docs import goods_receipt_pdf

    doc = services.purchasing.receive_file(
        args.file,
        args.supplier,
        by=approver(services, args, Permission.PURCHASING),
        note=args.note,
        kind="return" if args.is_return else "receipt",
    )
    out = args.out or args.file.with_name(f"{doc.doc_no}.pdf")
    write_private(out, goods_receipt_pdf(doc))
    cost = format_fen(doc.total_cost_fen)
    print(
        say(
            f"{doc.doc_no}: {len(doc.lines)} lines, cost {cost} → {out}",
            f"{doc.doc_no}：{len(doc.lines)} 行，进价合计 {cost} → {out}",
        )
    )
    return 0


def import_suppliers(services: Services, args: argparse.Namespace) -> int:
    rep = services.suppliers.import_file(
        args.file, by=approver(services, args, Permission.PURCHASING), skip_bad=args.skip_bad
    )
    print(
        say(f"suppliers: {rep.created} new, {rep.updated} updated", f"供应商：新增 {rep.created}，更新 {rep.updated}")
    )
    tell_skipped(rep.bad)
    return 0


def list_suppliers(services: Services, args: argparse.Namespace) -> int:
    for v in services.suppliers.all(args.search):
        certs = ", ".join(v.certificates) or "—"
        print(f"{v.code}\t{v.name}\t{v.credit_code}\t{v.contact}\t{v.phone}\t{certs}")
    return 0
