"""Home delivery on a real SQLite file: phone orders, lifecycle, short-picks, payment exactly once."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from pos_app.bootstrap import Services
from pos_app.domain.delivery import DeliveryState as S
from pos_app.domain.delivery import InvalidTransition
from pos_app.domain.errors import InvalidInput, NotPermitted
from pos_app.services import checkout as checkout_module

DAY = date(2026, 11, 21)


@pytest.fixture
def station(stocked: Services) -> Services:
    stocked.users.create("volunteer", "李阿姨", ["volunteer"], "2222")
    stocked.residents.add_resident(
        "R-001",
        "王大爷",
        ["13800001234", "01069520000"],
        compound="幸福里小区",
        building="3",
        unit="2",
        room="401",
        notes="四楼无电梯，耳背请大声",
        preferred_tender="cash",
    )
    return stocked


def _order(s: Services):  # type: ignore[no-untyped-def]
    vol = s.users.authenticate("volunteer", "2222")
    millet = s.catalog.by_code("6920000000012")
    tomato = s.catalog.by_plu(1001)
    assert millet and tomato
    return vol, s.deliveries.create_order(
        "R-001", [(millet.id, 2), (tomato.id, 1500)], day=DAY, slot="上午", by=vol, notes="放门口"
    )


def test_find_by_phone_name_or_initials_and_mask_for_others(station: Services) -> None:
    vol = station.users.authenticate("volunteer", "2222")
    cashier = station.users.authenticate("cashier", "1111")
    for q in ("1234", "0695", "王大", "wdy"):
        assert [r.code for r in station.residents.find_residents(q, vol)] == ["R-001"], q
    full = station.residents.find_residents("1234", vol)[0]
    assert full.phones == ("13800001234", "01069520000") and full.address == "幸福里小区3号楼2单元401室"
    masked = station.residents.find_residents("1234", cashier)[0]
    assert masked.phones[0] == "138****1234" and "401" not in masked.address


def test_lifecycle_short_pick_and_payment_exactly_once(station: Services, db_path: Path) -> None:
    vol, order = _order(station)
    assert order.order_no == "TZ01-01-D-000001" and order.total_fen == 2 * 890 + 840
    assert [i for i, _ in station.deliveries.last_order_items("R-001")] == [li.product_id for li in order.lines]
    for to in (S.CONFIRMED, S.PICKED):
        station.deliveries.move(order.order_no, to, by=vol)
    short = station.deliveries.short_pick(order.order_no, order.lines[0].id, 1, by=vol)  # only one bag left
    assert short.short_picked and short.total_fen == 890 + 840
    station.deliveries.move(order.order_no, S.OUT, by=vol)
    with pytest.raises(InvalidInput):
        station.deliveries.short_pick(order.order_no, order.lines[0].id, 0, by=vol)  # it has left
    with pytest.raises(InvalidTransition):
        station.deliveries.pay_on_delivery(order.order_no, by=vol)  # not delivered yet
    station.deliveries.move(order.order_no, S.DELIVERED, by=vol)
    sale = station.deliveries.pay_on_delivery(order.order_no, by=vol)
    assert not isinstance(sale, str) and sale.total_fen == 890 + 840
    again = station.deliveries.pay_on_delivery(order.order_no, by=vol)  # the button pressed twice
    assert again == sale.receipt_no
    done = station.deliveries.get(order.order_no)
    assert done.state is S.PAID and done.receipt_no == sale.receipt_no
    with sqlite3.connect(db_path) as con:
        assert con.execute("select count(*) from sale where delivery_order_id is not null").fetchone() == (1,)
        events = [r[0] for r in con.execute("select to_state from delivery_event order by at, rowid")]
    assert events == ["requested", "confirmed", "picked", "out", "delivered", "paid"]


def test_a_crash_between_sale_and_order_leaves_neither(
    station: Services, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    vol, order = _order(station)
    for to in (S.CONFIRMED, S.PICKED, S.OUT, S.DELIVERED):
        station.deliveries.move(order.order_no, to, by=vol)

    def power_cut(*a: object, **k: object) -> None:
        raise RuntimeError("power cut after the sale rows, before the order's change")

    monkeypatch.setattr(station.deliveries, "_event", power_cut)
    with pytest.raises(RuntimeError):
        station.deliveries.pay_on_delivery(order.order_no, by=vol)
    with sqlite3.connect(db_path) as con:
        assert con.execute("select count(*) from sale").fetchone() == (0,)
    monkeypatch.undo()
    sale = station.deliveries.pay_on_delivery(order.order_no, by=vol)
    assert not isinstance(sale, str) and station.deliveries.get(order.order_no).state is S.PAID


def test_cancel_rules(station: Services) -> None:
    vol, order = _order(station)
    manager = station.users.authenticate("manager", "999999")
    with pytest.raises(InvalidInput):
        station.deliveries.move(order.order_no, S.CANCELLED, by=vol)  # a reason is required
    for to in (S.CONFIRMED, S.PICKED, S.OUT):
        station.deliveries.move(order.order_no, to, by=vol)
    with pytest.raises(InvalidTransition):
        station.deliveries.move(order.order_no, S.CANCELLED, by=vol, reason="老人不在家")
    gone = station.deliveries.move(order.order_no, S.CANCELLED, by=vol, approver=manager, reason="老人不在家")
    assert gone.state is S.CANCELLED
    cashier = station.users.authenticate("cashier", "1111")
    with pytest.raises(NotPermitted):
        station.deliveries.create_order("R-001", [(order.lines[0].product_id, 1)], day=DAY, slot="", by=cashier)


def test_routes_board_and_purge(station: Services, db_path: Path) -> None:
    vol, order = _order(station)
    station.residents.add_resident("R-002", "李奶奶", ["13900005678"], compound="东升小区")
    station.deliveries.create_order("R-002", [(order.lines[0].product_id, 1)], day=DAY, slot="下午", by=vol)
    routes = station.delivery_board.routes(DAY)
    assert list(routes) == ["东升小区", "幸福里小区"]
    assert len(station.delivery_board.board(DAY)[S.REQUESTED]) == 2
    admin = station.users.create("root", "管理员", ["admin"], "888888")
    with pytest.raises(NotPermitted):
        station.residents.purge_resident("R-001", vol)
    station.residents.purge_resident("R-001", admin)
    with sqlite3.connect(db_path) as con:
        row = con.execute("select name, phones, compound, room from resident where code='R-001'").fetchone()
        assert row == ("（已删除）", "", "", "")
        assert con.execute("select count(*) from delivery_order").fetchone() == (2,)  # history kept
    raw = db_path.read_bytes() + (db_path.parent / "station.db-wal").read_bytes()
    assert b"13800001234" not in raw and "东升小区".encode() in raw  # erased; the other resident kept
    assert station.residents.find_residents("王大爷", vol) == []


def test_import_residents(station: Services, tmp_path: Path) -> None:
    p = tmp_path / "r.csv"
    p.write_text(
        "编号,姓名,电话,小区,楼号,单元,房号,付款方式\nR-101,赵大妈,13700001111,幸福里小区,5,1,101,养老助残卡\n"
        "R-102,钱大爷,abc,幸福里小区,5,1,102,现金\n",
        encoding="gbk",
    )
    from pos_app.domain.errors import ImportFailed

    with pytest.raises(ImportFailed):
        station.residents.import_residents(p)
    done = station.residents.import_residents(p, skip_bad=True)
    assert done.count == 1 and [b.line for b in done.bad] == [3] and done.ignored_columns == []
    assert checkout_module  # the module under test elsewhere


def test_residents_import_takes_common_header_spellings_and_names_the_rest(station: Services, tmp_path: Path) -> None:
    """A community office's own list: 房间, 手机号, 楼栋; the columns it has that we do not keep are
    named back instead of dropped in silence."""
    p = tmp_path / "r.csv"
    p.write_text(
        "序号,老人编号,老人姓名,手机号,小区,楼栋,单元号,房间,身体状况,备注\n"
        "1,R-201,周爷爷,13700002222、13700003333,幸福里小区,9,3,502,行动不便,耳背\n",
        encoding="utf-8",
    )
    done = station.residents.import_residents(p)
    assert done.count == 1 and done.ignored_columns == ["序号", "身体状况"]
    admin = station.users.create("vol", "李阿姨", ["volunteer"], "2222")
    (r,) = station.residents.find_residents("周", admin)
    assert r.address == "幸福里小区9号楼3单元502室" and r.phones == ("13700002222", "13700003333")
    assert r.notes == "耳背"


def test_pick_list_and_slip(station: Services, tmp_path: Path) -> None:
    from pos_app.reports.delivery_docs import delivery_slip_pdf, pick_list_pdf
    from tests.integration.test_labels import decoded
    from tests.integration.test_receipts import pdf_text

    vol, order = _order(station)
    station.deliveries.assign(order.order_no, vol, by=vol)
    station.residents.add_resident("R-003", "张奶奶", ["13600009999"], compound="幸福里小区", room="102")
    station.deliveries.create_order("R-003", [(order.lines[0].product_id, 3)], day=DAY, slot="上午", by=vol)
    ((route, orders),) = station.delivery_board.routes(DAY).items()
    pick = pdf_text(pick_list_pdf(route, orders, "站"))
    assert "配货单" in pick and "幸福里小区" in pick and "赤峰小米 500g" in pick and "5 袋" in pick
    slip_pdf = delivery_slip_pdf(station.deliveries.get(order.order_no, vol), "站")
    slip = pdf_text(slip_pdf)
    for text in (
        "送货单",
        order.order_no,
        "王大爷",
        "13800001234",
        "幸福里小区3号楼2单元401室",
        "四楼无电梯",
        "3 斤",
        "¥26.20",
        "货到付现金",
        "李阿姨",
        "收货人签字",
    ):
        assert text in slip, text
    assert order.order_no in decoded(slip_pdf)


def test_cli_residents(tmp_path: Path, capsys) -> None:
    from pos_app.cli import main

    db = tmp_path / "s.db"
    assert main(["--db", str(db), "init", "--station", "S1", "--name", "站", "--demo"]) == 0
    p = tmp_path / "r.csv"
    p.write_text("编号,姓名,电话,小区,楼层\nR-9,孙大爷,13500002222,东升小区,3\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["--db", str(db), "import-residents", str(p)]) == 2  # whose import?
    capsys.readouterr()
    assert main(["--db", str(db), "import-residents", str(p), "--as", "volunteer", "--pin", "2222"]) == 0
    assert "楼层" in capsys.readouterr().err  # named, not silently dropped
    assert main(["--db", str(db), "purge-resident", "R-9", "--as", "manager", "--pin", "999999"]) == 2
    assert main(["--db", str(db), "purge-resident", "R-9", "--as", "admin", "--pin", "888888"]) == 0
    with sqlite3.connect(db) as con:
        assert con.execute("select name, phones from resident where code='R-9'").fetchone() == ("（已删除）", "")


def test_summary_and_the_daily_report_section(station: Services, clock) -> None:
    from datetime import datetime

    from pos_app.domain.clock import LOCAL_TZ
    from pos_app.reports.daily import daily_pdf
    from tests.integration.test_receipts import pdf_text

    vol, order = _order(station)
    station.deliveries.assign(order.order_no, vol, by=vol)
    clock.set(datetime(2026, 11, 21, 10, 0, tzinfo=LOCAL_TZ))
    for to in (S.CONFIRMED, S.PICKED, S.OUT, S.DELIVERED):
        station.deliveries.move(order.order_no, to, by=vol)
    sale = station.deliveries.pay_on_delivery(order.order_no, by=vol)
    assert not isinstance(sale, str)
    summary = station.delivery_board.summary(DAY)
    assert (summary.orders, summary.delivered, summary.residents_served, summary.amount_fen) == (1, 1, 1, 2620)
    assert summary.by_volunteer == (("李阿姨", 1, 1, 2620),)
    report = station.reports.daily(DAY)
    assert report.deliveries == (1, 1, 1, 2620)
    from openpyxl import load_workbook

    from pos_app.services.exports import export

    out = Path(station.db.engine.url.database).parent / "deliveries.xlsx"  # type: ignore[arg-type]
    assert export(station.db, "deliveries", out, DAY, DAY) == 1
    row = [c.value for c in load_workbook(out).active[2]]
    assert row[:6] == ["2026-11-21", order.order_no, "已收款", "王大爷", "幸福里小区", "李阿姨"] and row[7] == 26.2
    text = pdf_text(daily_pdf(report, summary))
    assert "送货上门" in text and "李阿姨" in text and "扶贫认证产品 ¥0.00" in text
