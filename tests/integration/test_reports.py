"""Reports: every figure re-adds exactly to the database; the PDF says it in Chinese."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

from pos_app.bootstrap import Services
from pos_app.domain.barcodes import with_check_digit
from pos_app.importing.catalog import ProductInput
from pos_app.importing.households import HouseholdInput
from pos_app.reports.daily import daily_pdf
from tests.integration.test_receipts import pdf_text


def _day_of_sales(s: Services) -> None:
    cashier = s.users.authenticate("cashier", "1111")
    manager = s.users.authorize("manager", "999999", "manager")
    s.households.upsert([HouseholdInput("SC-001", "张桂兰", "双城区幸福村")])
    eggs = s.consignment.intake(
        "SC-001",
        quantity=50,
        price_fen=150,
        received_by=manager,
        new_product=ProductInput("土鸡蛋(张桂兰)", "枚", 150, ("6953000000010",)),
    )
    s.settings.set("rounding", "drop_fen")
    co = s.checkout()
    co.new_sale(cashier.id, cashier.display_name)
    co.scan("6920000000012", qty=3)
    co.scan(with_check_digit("280100101333"))
    co.add_product(eggs.product_id, 10)
    chicken = co.scan("6935000000023").line
    assert chicken is not None
    co.void_line(chicken.line_no, manager)
    plan = co.start_payment()
    plan.add("mobile", 1000, reference="WX1")
    plan.add("cash", 5000)
    first = co.pay(plan)
    co.scan("6948000000054")
    plan = co.start_payment()
    plan.add("love_card", plan.due_fen, reference="AX1")
    co.pay(plan)
    s.refunds.refund(first.receipt_no, {1: 1}, cashier=cashier, approver=manager, reason="破袋")


def test_daily_figures_reconcile_with_the_database(stocked: Services, db_path: Path) -> None:
    _day_of_sales(stocked)
    r = stocked.reports.daily(date(2026, 11, 20), "张经理")
    with sqlite3.connect(db_path) as con:
        count, total, subtotal = con.execute("select count(*), sum(total_fen), sum(subtotal_fen) from sale").fetchone()
        refunds = con.execute("select coalesce(sum(total_fen),0) from refund").fetchone()[0]
        lines = con.execute("select coalesce(sum(net_fen),0) from sale_line where not voided").fetchone()[0]
        paid = con.execute("select sum(amount_fen) from payment").fetchone()[0]
        credited = con.execute("select sum(amount_fen) from ledger_entry where kind in ('credit','debit')").fetchone()[
            0
        ]
    assert (r.sales_count, r.sales_fen, r.gross_fen) == (count, total, subtotal)
    assert r.sales_fen == r.gross_fen - r.discount_fen + r.rounding_fen
    assert r.refunds_fen == refunds and r.net_fen == total - refunds
    assert sum(v for _, v in r.categories) == lines == r.sales_fen
    assert sum(t for _, t, _ in r.tenders) == paid == r.sales_fen
    assert sum(b for _, _, b in r.tenders) == r.refunds_fen
    assert sum(r.by_hour) == r.sales_fen
    assert r.credited_fen == credited == 1500
    assert [(v.product, v.approved_by) for v in r.voids] == [("蒙香鸡 整鸡1.2kg", "张经理")]
    assert r.shifts[0].cashier == "王收银" and r.shifts[0].closed_at is None
    assert r.certified_fen == 0


def test_daily_pdf_text(stocked: Services) -> None:
    _day_of_sales(stocked)
    r = stocked.reports.daily(date(2026, 11, 20), "张经理")
    text = pdf_text(daily_pdf(r))
    for expected in (
        "营业日报",
        "营业汇总",
        "收款方式",
        "品类销售",
        "扶贫认证产品",
        "农户代销",
        "删除商品",
        "班次现金核对",
        "分时段销售",
        "张经理",
        "2026-11-20",
        "蒙香鸡 整鸡1.2kg",
        "张桂兰",
        "¥15.00",
        "移动支付",
        "爱心卡",
        "第 1 页 / 共 2 页",
    ):
        assert expected in text, expected
    from pos_app.domain.money import format_fen

    assert format_fen(r.net_fen) in text


def test_an_empty_day_still_prints(stocked: Services) -> None:
    r = stocked.reports.daily(date(2026, 1, 1))
    assert (r.sales_count, r.net_fen, r.tenders) == (0, 0, ())
    assert "当日无收款" in pdf_text(daily_pdf(r))


def test_cli_daily_report(tmp_path: Path) -> None:
    from pos_app.cli import main

    db = tmp_path / "s.db"
    assert main(["--db", str(db), "init", "--station", "S1", "--name", "站", "--demo"]) == 0
    with sqlite3.connect(db) as con:
        day = con.execute("select min(completed_at) from sale").fetchone()[0][:10]
    out = tmp_path / "daily.pdf"
    assert main(["--db", str(db), "report", "daily", "--date", day, "--out", str(out)]) == 0
    assert "营业日报" in pdf_text(out.read_bytes())
    import pytest

    with pytest.raises(SystemExit):  # argparse: not a date
        main(["--db", str(db), "report", "daily", "--date", "2026-13-01", "--out", str(out)])


def test_period_households_demand_and_institutional(stocked: Services, tmp_path: Path, clock) -> None:
    from datetime import datetime

    from openpyxl import load_workbook

    from pos_app.domain.clock import LOCAL_TZ
    from pos_app.importing.tabular import write_table
    from pos_app.reports import period as docs

    _day_of_sales(stocked)  # 2026-11-20
    clock.set(datetime(2026, 11, 21, 10, 0, tzinfo=LOCAL_TZ))
    canteen = stocked.buyers.add("区政府机关食堂", "canteen")
    union = stocked.buyers.add("区总工会", "union")
    cashier = stocked.users.authenticate("cashier", "1111")
    co = stocked.checkout()
    for buyer, code, qty in ((canteen, "6953000000010", 40), (union, "6901000000035", 1)):
        co.new_sale(cashier.id)
        co.set_buyer(buyer)
        co.scan(code, qty=qty)
        co.scan("6901000000035")
        plan = co.start_payment()
        plan.add("account", plan.due_fen)
        co.pay(plan)

    p = stocked.period_reports.period(date(2026, 11, 19), date(2026, 11, 21))
    assert [d.sales_count for d in p.days] == [0, 2, 2]
    day = stocked.reports.daily(date(2026, 11, 20))
    assert (p.days[1].sales_fen, p.days[1].refunds_fen) == (day.sales_fen, day.refunds_fen)
    assert p.credited_fen == stocked.ledger.balance("SC-001") == 1500 + 6000
    assert sum(t for _, t, _ in p.tenders) == p.sales_fen and sum(v for _, v in p.categories) == p.sales_fen
    assert sum(b for _, _, b in p.tenders) == p.refunds_fen
    text = pdf_text(docs.period_pdf(p))
    assert "期间报表" in text and "收款方式与品类" in text and "单位挂账" in text

    shares = {b.buyer: b for b in stocked.period_reports.institutional(date(2026, 11, 1), date(2026, 11, 30))}
    assert shares["区政府机关食堂"].poverty_fen == 6000 and shares["区政府机关食堂"].meets_policy
    assert shares["区总工会"].poverty_fen == 0 and not shares["区总工会"].meets_policy
    text = pdf_text(docs.institutional_pdf(list(shares.values()), "11月", "站"))
    assert "区政府机关食堂" in text and "未达标" in text
    assert "食堂" in text.replace("区政府机关食堂", "") and "canteen" not in text and "union" not in text

    st = stocked.ledger.statement("SC-001", 2026)
    assert st.income_fen == 7500 and st.percent == 7
    assert [li.kind for li in st.lines] == ["credit", "credit"]
    assert "张桂兰" in pdf_text(docs.household_statement_pdf(st))
    rows = stocked.ledger.progress(year=2026)
    assert "红底" in pdf_text(docs.income_progress_pdf(rows, 2026, "站"))

    demand = stocked.period_reports.demand(date(2026, 11, 16), date(2026, 11, 22))
    tomato = next(d for d in demand if d.product == "内蒙古西红柿")
    assert (tomato.week, tomato.kilograms, tomato.quantity) == ("2026-W47", 1.333, "2.666 斤")
    eggs = next(d for d in demand if d.product.startswith("土鸡蛋"))
    assert eggs.pieces == 50 and eggs.kilograms is None
    out = tmp_path / "demand.xlsx"
    write_table(out, ("周", "品种", "千克", "件数"), ((d.week, d.product, d.kilograms, d.pieces) for d in demand))
    ws = load_workbook(out).active
    assert ws.freeze_panes == "A2"
    values = [[c.value for c in r] for r in ws.iter_rows(min_row=2)]
    assert ["2026-W47", "内蒙古西红柿", 1.333, None] in values


def test_exports_are_typed_and_open_in_chinese_excel(stocked: Services, tmp_path: Path) -> None:
    from decimal import Decimal

    from openpyxl import load_workbook

    from pos_app.services.exports import export

    _day_of_sales(stocked)
    for kind, expected_rows in (("sales", 5), ("payments", 3), ("ledger", 1), ("certified", 0)):
        out = tmp_path / f"{kind}.xlsx"
        assert export(stocked.db, kind, out, date(2026, 11, 20), date(2026, 11, 20)) == expected_rows
        ws = load_workbook(out).active
        assert ws.freeze_panes == "A2"
    pay = load_workbook(tmp_path / "payments.xlsx").active
    amounts = sorted(r[3].value for r in pay.iter_rows(min_row=2))
    assert all(isinstance(a, (int, float)) for a in amounts)  # numbers, not text
    ledger = [c.value for c in load_workbook(tmp_path / "ledger.xlsx").active[2]]
    assert ledger[1:6] == ["SC-001", "张桂兰", "双城区幸福村", "销售入账", 15]
    csv_path = tmp_path / "payments.csv"
    export(stocked.db, "payments", csv_path)
    raw = csv_path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and "移动支付".encode() not in raw and b"mobile" in raw
    assert str(Decimal(1000).scaleb(-2)) == "10.00" and b"10.00" in raw


def test_margin_per_category_and_the_zero_profit_check(stocked: Services, tmp_path: Path) -> None:
    from pos_app.reports.period import period_pdf
    from pos_app.services.purchasing import ReceiptItem
    from tests.facts import EGGS, refund_first_line, with_household_goods

    s = with_household_goods(stocked, tmp_path)
    manager = s.users.authorize("manager", "999999", "manager")
    cashier = s.users.authenticate("cashier", "1111")
    from pos_app.importing.suppliers import SupplierInput

    s.suppliers.save(SupplierInput("S01", "兴农合作社", "93150400MA0N123454"), by=manager)
    s.purchasing.receive("S01", [ReceiptItem("6920000000012", 10, 600), ReceiptItem("1001", 10_000, 300)], by=manager)
    co = s.checkout()
    co.new_sale(cashier.id, cashier.display_name)
    co.scan("6920000000012", qty=2)  # 2 × ¥8.90, cost 2 × ¥6.00
    co.add_weighed(s.catalog.by_plu(1001).id, 1_500)  # type: ignore[union-attr]  1.5 kg at ¥5.60, cost ¥3/kg
    eggs = co.scan(EGGS, qty=4).line  # a household's eggs, ¥1.50 each
    assert eggs is not None
    co.set_line_discount(eggs.line_no, 100)  # ¥1.00 off the eggs: the store bears it
    co.scan("6901000000035")  # rice: never received with a cost
    plan = co.start_payment()
    plan.add("cash", plan.due_fen)
    sale = co.pay(plan)
    refund_first_line(s, sale.receipt_no, 1)  # one bag of millet back
    r = s.reports.daily(s.today(), "张经理")
    by_cat = {m.category: m for m in r.margins}
    special = by_cat["扶贫特产"]  # millet: one bag kept
    assert (special.sales_fen, special.cost_fen, special.margin_fen) == (890, 600, 290)
    assert special.margin_permille == 326  # 32.6 %
    veg = by_cat["蔬菜"]
    assert (veg.sales_fen, veg.cost_fen, veg.margin_fen) == (840, 450, 390)
    rice = by_cat["粮油"]
    assert rice.uncosted_fen == rice.sales_fen == 6900 and rice.margin_fen == 0 and rice.margin_permille is None
    z = r.zero_profit
    assert z.lines == 1 and z.household_price_fen == 600 and z.credited_fen == 600 and z.holds
    assert z.paid_fen == 500 and z.store_fen == -100  # the discount the store bore, never a profit
    # the margins and the check re-add to the day: own goods' sales + households' goods = net sales
    assert sum(m.sales_fen for m in r.margins) + z.paid_fen == r.net_fen
    text = pdf_text(daily_pdf(r))
    assert "零利润核对" in text and "核对相符" in text and "毛利率" in text and "32.6%" in text
    period = s.period_reports.period(s.today(), s.today())
    assert period.margins == r.margins and period.zero_profit == z
    assert "零利润核对" in pdf_text(period_pdf(period))
