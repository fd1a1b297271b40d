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
    manager = big.users.authorize("manager", "9999", "manager")
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
