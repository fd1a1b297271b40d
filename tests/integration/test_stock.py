"""Stock without a sale: a write-off under a manager's PIN (a household's consigned goods leave its
ledger as it was), the opening stock, stock == the sum of its movements, and the stock export."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from sqlalchemy import func, select

from pos_app.bootstrap import Services
from pos_app.cli import main
from pos_app.domain.errors import InvalidInput, NotPermitted
from pos_app.services.purchasing import ReceiptItem
from pos_app.store.models import LedgerEntry, StockMovement
from tests.facts import EGGS, outbox_ops, sell, with_household_goods
from tests.integration.test_purchasing import COOPERATIVE, MILLET, shop  # noqa: F401  (the fixture)


def _people(s: Services):  # type: ignore[no-untyped-def]
    return s.users.authenticate("cashier", "1111"), s.users.authorize("manager", "999999", "manager")


def _stock(s: Services, code: str) -> int:
    p = s.catalog.by_code(code) or s.catalog.by_plu(int(code))
    assert p is not None
    return s.catalog.get(p.id).stock


def test_a_write_off_takes_stock_out_at_cost_under_a_managers_pin(shop: Services) -> None:  # noqa: F811
    cashier, manager = _people(shop)
    shop.purchasing.receive("S01", [ReceiptItem(MILLET, 10, 600)], by=manager)
    done = shop.stock.write_off(MILLET, 2, "broken", by=cashier, approver=manager, note="袋子破了")
    assert done.doc_no == "TZ01-01-BS-000001" and done.value_fen == -1200 and done.household_loss_fen == 0
    assert _stock(shop, MILLET) == 8
    ops = outbox_ops(shop)
    assert [o.entity_type for o in ops[-2:]] == ["stock_adjustment", "audit"]
    with pytest.raises(NotPermitted):
        shop.stock.write_off(MILLET, 1, "broken", by=cashier, approver=cashier)
    with pytest.raises(InvalidInput) as over:
        shop.stock.write_off(MILLET, 9, "spoiled", by=cashier, approver=manager)
    assert "超过库存" in over.value.message_zh
    with pytest.raises(InvalidInput) as reason:
        shop.stock.write_off(MILLET, 1, "stolen?", by=cashier, approver=manager)
    assert "变质" in reason.value.message_zh
    assert _stock(shop, MILLET) == 8 and len(outbox_ops(shop)) == len(ops)


def test_a_write_off_of_a_households_goods_is_the_stores_loss_and_leaves_its_ledger(
    shop: Services,  # noqa: F811
    tmp_path: Path,
) -> None:
    with_household_goods(shop, tmp_path)
    sell(shop, [EGGS] * 3)
    cashier, manager = _people(shop)
    with shop.db.read() as conn:
        ledger = conn.execute(select(func.count(), func.sum(LedgerEntry.amount_fen))).one()
    balance = shop.ledger.balance("SC-001")
    done = shop.stock.write_off(EGGS, 4, "broken", by=cashier, approver=manager)
    assert done.household_loss_fen == -600  # four eggs at the household's ¥1.50: the store's loss
    assert shop.ledger.balance("SC-001") == balance == 450  # credited for what sold, nothing else
    with shop.db.read() as conn:
        assert tuple(conn.execute(select(func.count(), func.sum(LedgerEntry.amount_fen))).one()) == tuple(ledger)
    assert _stock(shop, EGGS) == 500 - 3 - 4


def test_stock_is_the_sum_of_its_movements_and_the_export_says_so(
    shop: Services,  # noqa: F811
    tmp_path: Path,
) -> None:
    cashier, manager = _people(shop)
    tomato = shop.catalog.by_plu(1001)
    assert tomato is not None
    shop.stock.opening({tomato.id: 20_000})
    shop.purchasing.receive("S01", [ReceiptItem(MILLET, 10, 600), ReceiptItem("1001", 2_500, 180)], by=manager)
    sell(shop, [MILLET])
    shop.stock.write_off("1001", shop.stock.quantity("1001", "2.5"), "spoiled", by=cashier, approver=manager)
    rows = {r.code or r.name: r for r in shop.stock.on_hand()}
    with shop.db.read() as conn:
        moved = dict(
            conn.execute(
                select(StockMovement.product_id, func.sum(StockMovement.delta)).group_by(StockMovement.product_id)
            ).all()
        )
    assert all(r.on_hand == moved.get(r.product_id, 0) for r in rows.values())
    assert rows[MILLET].on_hand == 9 and rows["1001"].on_hand == 20_000 + 2_500 - 1_250


def test_pos_admin_exports_stock_and_writes_off_with_a_pin(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "s.db"

    def admin(*args: str) -> int:
        return main(["--db", str(db), *args])

    assert admin("init", "--station", "TZ01", "--name", "通州社区扶贫超市", "--demo") == 0
    out = tmp_path / "stock.csv"
    assert admin("export", "stock", "--out", str(out)) == 0
    with out.open(encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    assert rows[0][:3] == ["条码/barcode", "名称/name", "库存/on_hand"]
    millet = next(r for r in rows if r[0] == "6935000000016")
    tomato = next(r for r in rows if r[1] == "内蒙古西红柿")
    assert millet[3] == "袋" and int(millet[2]) > 0  # pieces
    assert re.fullmatch(r"\d+\.\d{3}", tomato[2]) and tomato[3] == "kg"  # kg, to the gram, for weighed goods
    before = int(millet[2])
    assert admin("write-off", "6935000000016", "2", "--reason", "expired", "--as", "manager", "--pin", "0000") == 2
    assert admin("write-off", "6935000000016", "2", "--reason", "expired", "--as", "manager", "--pin", "999999") == 0
    assert "TZ01-01-BS-000001" in capsys.readouterr().out
    assert admin("export", "stock", "--out", str(out)) == 0
    with out.open(encoding="utf-8-sig") as f:
        assert int(next(r for r in csv.reader(f) if r[0] == "6935000000016")[2]) == before - 2


def test_a_threshold_lists_what_runs_low_and_the_stock_card_runs_its_balance(
    shop: Services,  # noqa: F811
    tmp_path: Path,
) -> None:
    cashier, manager = _people(shop)
    millet = shop.catalog.by_code(MILLET)
    assert millet is not None
    receipt = shop.purchasing.receive("S01", [ReceiptItem(MILLET, 10, 600)], by=manager)
    sold = sell(shop, [MILLET] * 3)
    off = shop.stock.write_off(MILLET, 1, "broken", by=cashier, approver=manager)
    shop.stock.set_minimum(millet.id, 8, by=manager)
    assert [r.name for r in shop.stock.on_hand(below_minimum=True)] == ["赤峰小米 500g"]  # 6 < 8
    shop.stock.set_minimum(millet.id, 5, by=manager)
    assert shop.stock.on_hand(below_minimum=True) == []
    with pytest.raises(NotPermitted):
        shop.stock.set_minimum(millet.id, 1, by=cashier)
    assert [r.code for r in shop.stock.on_hand("xm")] == [MILLET]  # 小米 by pinyin initials
    card = shop.stock.card(millet.id)
    assert [(c.reason, c.document, c.delta, c.balance) for c in card] == [
        ("receipt", receipt.doc_no, 10, 10),
        ("sale", sold, -3, 7),
        ("writeoff", off.doc_no, -1, 6),
    ]


def test_the_whole_catalogs_stock_is_read_without_one_parameter_per_product(services: Services) -> None:
    from pos_app.domain.barcodes import with_check_digit
    from pos_app.importing.catalog import ProductInput

    items = [ProductInput(f"商品{i:05d}", "件", 100, (with_check_digit(f"692{i:09d}"),), "测试") for i in range(1500)]
    services.catalog.upsert(items, source="test")
    first = services.catalog.by_code(with_check_digit("692000000007"))
    assert first is not None
    services.stock.opening({first.id: 9})
    rows = services.stock.on_hand()
    assert len(rows) == 1500 and {r.on_hand for r in rows} == {0, 9}
    assert next(r for r in rows if r.product_id == first.id).code == with_check_digit("692000000007")


def test_an_opening_stock_with_its_cost_starts_the_moving_average(shop: Services) -> None:  # noqa: F811
    _, manager = _people(shop)
    millet = shop.catalog.by_code(MILLET)
    assert millet is not None
    done = shop.stock.opening({millet.id: 10}, costs={millet.id: 500})
    assert done[0].value_fen == 5000  # ten bags at ¥5.00
    shop.purchasing.receive("S01", [ReceiptItem(MILLET, 10, 700)], by=manager)
    assert shop.purchasing.cost(millet.id) == (600, 700)  # (10 × ¥5 + 10 × ¥7) / 20, and the last cost


def test_the_kept_stock_level_is_always_the_sum_of_the_movements_and_an_upgrade_fills_it(
    shop: Services,  # noqa: F811
    db_path: Path,
    tmp_path: Path,
) -> None:
    import sqlite3

    from pos_app.bootstrap import open_station
    from tests.facts import downgrade_station, refund_first_line

    cashier, manager = _people(shop)
    with_household_goods(shop, tmp_path)
    shop.purchasing.receive("S01", [ReceiptItem(MILLET, 10, 600), ReceiptItem("1001", 2_500, 180)], by=manager)
    receipt = sell(shop, [MILLET, MILLET, EGGS])
    refund_first_line(shop, receipt)
    shop.stock.write_off(EGGS, 2, "broken", by=cashier, approver=manager)
    shop.stocktake.start(by=manager)
    shop.stocktake.count("1001", 2_000)
    shop.stocktake.book(by=manager, approver=manager)
    sums = "select product_id, sum(delta) from stock_movement group by product_id order by 1"
    kept = "select product_id, on_hand from stock_level order by 1"
    with sqlite3.connect(db_path) as con:
        assert con.execute(kept).fetchall() == con.execute(sums).fetchall()
        expected = con.execute(sums).fetchall()
    shop.close()
    downgrade_station(db_path, "0018")  # a station file from before the kept level
    again = open_station(db_path)  # migrates, filling the level from the movements it has
    again.close()
    with sqlite3.connect(db_path) as con:
        assert con.execute(kept).fetchall() == expected


def test_the_stock_card_ends_at_the_stations_stock_with_the_other_tills_share(shop: Services) -> None:  # noqa: F811
    from sqlalchemy import insert

    from pos_app.store.models import DistrictStock, table

    _, manager = _people(shop)
    shop.purchasing.receive("S01", [ReceiptItem(MILLET, 10, 600)], by=manager)
    millet = shop.catalog.by_code(MILLET)
    assert millet is not None
    with shop.db.uow(write=True) as uow:  # the district's last word: the station has 16, this till 10
        uow.session.execute(insert(table(DistrictStock)), [{"product_id": millet.id, "station": 16, "own": 10}])
        uow.commit()
    card = shop.stock.card(millet.id)
    assert [(c.reason, c.delta, c.balance) for c in card] == [("receipt", 10, 10), ("other_tills", 6, 16)]
    assert _stock(shop, MILLET) == 16
