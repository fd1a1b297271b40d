"""The manager's product list over a catalog bigger than one screen: the view asks only for the pages
it paints, a search narrows it by name or pinyin as the manager types, and the model passes Qt's
model tests."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from pos_app.bootstrap import Services
from pos_app.importing.catalog import ProductInput
from pos_app.ui.manager.area import ManagerArea
from pos_app.ui.manager.products import PAGE, ProductTableModel

pytestmark = pytest.mark.gui

FRUIT = ["苹果", "香蕉", "西红柿", "小米", "鸡蛋"]


@pytest.fixture
def big(stocked: Services) -> Services:
    """The seven products of the small catalog plus 1,500 generated ones (several pages)."""
    stocked.catalog.upsert(
        [ProductInput(f"{FRUIT[i % 5]} {i:04d}号", "袋", 100 + i, (), "测试") for i in range(1_500)],
        source="test",
    )
    return stocked


def test_the_model_fetches_only_the_pages_shown_and_passes_qts_checks(qtmodeltester, big: Services) -> None:
    model = ProductTableModel(big)
    assert model.rowCount() == 1_507 and model.fetches == 0  # counted, nothing read yet
    last = model.index(model.rowCount() - 1, ProductTableModel.NAME)
    assert model.data(last) == "鸡蛋 1499号" and model.fetches == 1  # straight to the end: one page
    assert model.data(model.index(0, ProductTableModel.NAME)) == "内蒙古西红柿"
    assert model.fetches == 2
    qtmodeltester.check(model)


def test_typing_in_the_search_narrows_the_list_by_name_or_pinyin(qtbot, big: Services) -> None:
    manager = big.users.authorize("manager", "999999", "manager")
    area = ManagerArea(big, manager)
    qtbot.addWidget(area)
    area.show()
    tab = area.products
    area.tabs.setCurrentWidget(tab)
    assert tab.model.rowCount() == 1_507 and "1,507" in tab.count.text()
    assert tab.model.fetches <= 2  # the first screen: a page or two, not 1,507 rows
    qtbot.keyClicks(tab.search, "xhs")  # 西红柿 by its initials
    qtbot.waitUntil(lambda: tab.model.rowCount() == 301, timeout=3000)  # 300 generated + 内蒙古西红柿
    names = {tab.model.data(tab.model.index(r, 0)) for r in range(tab.model.rowCount())}
    assert all("西红柿" in n for n in names)
    tab.search.clear()
    tab.search.insert("香蕉 0006")  # what an input method commits
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1, timeout=3000)
    assert tab.model.data(tab.model.index(0, 2)) == "¥1.06"
    tab.table.selectRow(0)
    assert tab.table.selectionModel().selectedRows()[0].data(Qt.ItemDataRole.DisplayRole) == "香蕉 0006号"
    assert PAGE == 200


def test_a_product_is_added_and_its_price_changed_on_screen_by_keyboard(qtbot, stocked: Services) -> None:
    from PySide6.QtWidgets import QLabel, QWidget

    from pos_app.ui.manager.products import ProductDialog
    from tests.ui.conftest import when_modal

    manager = stocked.users.authorize("manager", "999999", "manager")
    area = ManagerArea(stocked, manager)
    qtbot.addWidget(area)
    area.show()
    area.activateWindow()
    qtbot.waitUntil(area.isActiveWindow)
    tab = area.products
    area.tabs.setCurrentWidget(tab)
    assert tab.search.hasFocus()
    seen: dict[str, str] = {}

    def new_product(d: QWidget) -> None:
        assert isinstance(d, ProductDialog) and d.name.hasFocus()
        d.name.insert("宁城蜂蜜 500g")  # what an input method commits
        qtbot.keyClick(d.name, Qt.Key.Key_Tab)
        qtbot.keyClick(d.unit, Qt.Key.Key_Tab)
        qtbot.keyClicks(d.price, "38")
        qtbot.keyClick(d.price, Qt.Key.Key_Tab)
        qtbot.keyClicks(d.codes, "6970000000018")  # a wrong check digit first
        qtbot.keyClick(d.codes, Qt.Key.Key_Return)
        seen["error"] = d.error.text()
        assert d.isVisible()  # refused, still open, nothing saved
        d.codes.clear()
        qtbot.keyClicks(d.codes, "6970000000017")
        d.unit.setCurrentText("瓶")
        qtbot.keyClick(d.codes, Qt.Key.Key_Return)

    when_modal(new_product)
    qtbot.keyClick(tab.search, Qt.Key.Key_Insert)
    assert "校验位" in seen["error"] or "check digit" in seen["error"]
    honey = stocked.catalog.by_code("6970000000017")
    assert honey is not None and honey.price_fen == 3800 and honey.unit_label == "瓶"
    assert tab.model.rowCount() == 1 and "宁城蜂蜜" in tab.notice.text()

    def cheaper(d: QWidget) -> None:
        assert isinstance(d, ProductDialog) and d.price.text() == "38.00"
        costs = [w.text() for w in d.findChildren(QLabel)]
        assert any("never received" in t for t in costs)  # no delivery yet: no cost claimed
        d.price.selectAll()
        qtbot.keyClicks(d.price, "35.5")
        qtbot.keyClick(d.price, Qt.Key.Key_Return)

    when_modal(cheaper)
    tab.table.selectRow(0)
    qtbot.keyClick(tab.table, Qt.Key.Key_Return)  # Enter on the row opens it
    qtbot.waitUntil(lambda: stocked.catalog.get(honey.id).price_fen == 3550)
    assert tab.model.data(tab.model.index(0, 2)) == "¥35.50"
