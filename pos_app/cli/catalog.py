"""Products and certificates: imports, shelf and scale labels."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from pos_app.cli.base import Commands, approver, audited, credential, skip_bad, tell_skipped
from pos_app.commandline import say
from pos_app.domain.errors import InvalidInput
from pos_app.domain.permissions import Permission
from pos_app.domain.text import is_digits
from pos_app.files import write_private

if TYPE_CHECKING:
    from pos_app.bootstrap import Services

LAYOUTS = ("a4-3x8", "a4-4x10", "thermal-40x30", "thermal-58x40")


def register(sub: Commands) -> list[argparse.ArgumentParser]:
    imp = sub.add_parser("import-catalog", help="import products from CSV or XLSX")
    imp.add_argument("file", type=Path, help="the product file (.csv or .xlsx)")
    skip_bad(imp)
    credential(imp, "a manager (the file sets what the till charges)")
    imp.set_defaults(on_station=import_catalog)

    cert = sub.add_parser("import-certified", help="import the district's certified-product list (CSV or XLSX)")
    cert.add_argument("file", type=Path, help="the certified-product list (.csv or .xlsx)")
    skip_bad(cert)
    credential(cert, "a manager")
    cert.set_defaults(on_station=import_certified)

    lab = sub.add_parser("labels", help="print shelf or scale labels to PDF")
    which = lab.add_mutually_exclusive_group()
    which.add_argument("--category", help="only this category")
    which.add_argument("--barcodes", help="only these barcodes, comma-separated")
    which.add_argument("--scale", action="append", metavar="PLU=GRAMS", help="a pre-packed weighed item (repeatable)")
    lab.add_argument("--layout", default="a4-3x8", choices=LAYOUTS, help="label sheet or roll (default a4-3x8)")
    lab.add_argument("--out", type=Path, required=True, help="the PDF to write")
    lab.set_defaults(on_station=labels)
    return [imp, cert, lab]


def import_catalog(services: Services, args: argparse.Namespace) -> int:
    from pos_app.services.catalog_io import import_catalog

    manager = approver(services, args, Permission.CATALOG_EDIT)
    report = import_catalog(services.catalog, args.file, skip_bad=args.skip_bad)
    r = report.result
    audited(services, manager, "catalog_import", args.file.name, rows=len(report.good))
    if r:
        print(
            say(
                f"imported {len(report.good)} rows: {r.created} new, {r.updated} updated "
                f"({r.price_changes} price changes), {r.unchanged} unchanged",
                f"已导入 {len(report.good)} 行：新增 {r.created}，更新 {r.updated}（调价 {r.price_changes}），"
                f"未变 {r.unchanged}",
            )
        )
    tell_skipped(report.bad)
    return 0


def import_certified(services: Services, args: argparse.Namespace) -> int:
    manager = approver(services, args, Permission.CATALOG_EDIT)
    rep = services.certification.import_file(args.file, skip_bad=args.skip_bad)
    audited(services, manager, "certified_import", args.file.name, rows=rep.created + rep.updated)
    print(
        say(
            f"certificates: {rep.created} new, {rep.updated} updated; {rep.linked} product links made",
            f"认定证书：新增 {rep.created}，更新 {rep.updated}；关联商品 {rep.linked} 个",
        )
    )
    if rep.unmatched:
        print(
            say(
                f"{len(rep.unmatched)} certificate(s) match no product yet (link them in the manager screen): ",
                f"{len(rep.unmatched)} 张证书尚未对应商品（请在管理界面关联）：",
            )
            + ", ".join(rep.unmatched[:20])
            + (" …" if len(rep.unmatched) > 20 else "")
        )
    tell_skipped(rep.bad)
    return 0


def labels(services: Services, args: argparse.Namespace) -> int:
    from pos_app.reports.labels import label_sheet_pdf

    if args.scale:
        items = []
        for spec in args.scale:
            plu, _, grams = spec.partition("=")
            if not (is_digits(plu) and is_digits(grams)):
                raise InvalidInput(what=f"--scale {spec} (write PLU=GRAMS, e.g. 1001=1250)")
            items.append(services.labels.scale_label(int(plu), int(grams)))
    else:
        codes = [c.strip() for c in args.barcodes.split(",") if c.strip()] if args.barcodes else None
        items = services.labels.shelf_labels(category=args.category, barcodes=codes)
    write_private(args.out, label_sheet_pdf(items, args.layout))
    print(say(f"{len(items)} labels ({args.layout}) → {args.out}", f"{len(items)} 张价签（{args.layout}）→ {args.out}"))
    return 0
