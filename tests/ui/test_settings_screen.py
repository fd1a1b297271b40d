"""A manager sets the station up on screen; an administrator approves each change."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from pos_app.domain.barcodes import ScaleLayout, encode_scale_label
from pos_app.ui.manager.area import ManagerArea
from tests.ui.conftest import scan, when_modal

pytestmark = pytest.mark.gui


@pytest.fixture
def tab(qtbot, stocked):  # type: ignore[no-untyped-def]
    stocked.users.create("admin", "管理员", ["admin", "manager"], "88888888")
    manager = stocked.users.authorize("manager", "999999", "manager")
    area = ManagerArea(stocked, manager)
    qtbot.addWidget(area)
    area.tabs.setCurrentWidget(area.settings)
    yield area.settings  # the area lives as long as the test


def _admin_approves(qtbot):  # type: ignore[no-untyped-def]
    def act(p: QWidget) -> None:
        assert p.windowTitle() == "Administrator approval"
        qtbot.keyClicks(p.user, "admin")  # type: ignore[attr-defined]
        qtbot.keyClick(p.user, "\r")  # type: ignore[attr-defined]
        qtbot.keyClicks(p.pin, "88888888")  # type: ignore[attr-defined]
        qtbot.keyClick(p.pin, "\r")  # type: ignore[attr-defined]

    when_modal(act)


def test_station_settings_need_an_administrator_and_are_audited(qtbot, tab, stocked) -> None:
    assert tab.station_name.text() == "通州社区扶贫超市"
    tab.rounding.setCurrentIndex(2)  # drop the jiao
    tab.idle_lock.clear()
    qtbot.keyClicks(tab.idle_lock, "5")
    _admin_approves(qtbot)
    tab.findChild(QWidget, "saveStation").click()
    assert stocked.settings.rounding().value == "drop_jiao" and stocked.settings.get("idle_lock_minutes") == 5
    assert tab.message.text() == "Saved"
    who = {(e.target, e.user) for e in stocked.audit.entries() if e.action == "setting"}
    assert who == {("rounding", "管理员"), ("idle_lock_minutes", "管理员")}

    tab.idle_lock.clear()
    qtbot.keyClicks(tab.idle_lock, "x")
    tab.findChild(QWidget, "saveStation").click()  # refused before anyone is asked for a PIN
    assert tab.message.objectName() == "error" and stocked.settings.get("idle_lock_minutes") == 5


def test_a_test_page_goes_to_the_printer_the_form_describes(qtbot, tab, tmp_path: Path) -> None:
    device = tmp_path / "lp0"
    tab.printer_kind.setCurrentIndex(3)  # a device file
    qtbot.keyClicks(tab.printer_device, str(device))
    tab.findChild(QWidget, "testPrint").click()
    data = device.read_bytes()
    assert "打印测试页".encode("gb18030") in data and "通州社区扶贫超市".encode("gb18030") in data
    assert data.endswith(b"\x1dV\x41\x03")  # cut
    tab.printer_kind.setCurrentIndex(0)
    tab.findChild(QWidget, "testPrint").click()
    assert tab.message.objectName() == "error" and "PDF" in tab.message.text()


def test_a_scanned_label_shows_what_the_till_reads_and_layouts_are_saved(qtbot, tab, stocked) -> None:
    tab.layouts.setPlainText("28PPPPPWWWWWC")
    label = encode_scale_label(ScaleLayout("28PPPPPWWWWWC"), 1001, 1500, None)
    scan(qtbot, tab.label_test, label)
    assert tab.label_result.text() == "Layout 28PPPPPWWWWWC · item 1001 · 内蒙古西红柿 · 3 斤 · ¥8.40"
    scan(qtbot, tab.label_test, "6920000000012")
    assert tab.label_result.objectName() == "error"
    _admin_approves(qtbot)
    tab.findChild(QWidget, "saveLayouts").click()
    assert stocked.settings.get("scale_layouts") == ["28PPPPPWWWWWC"]
    tab.layouts.setPlainText("2PPPP")
    tab.findChild(QWidget, "saveLayouts").click()  # a broken layout: refused, nothing asked
    assert tab.message.objectName() == "error" and stocked.settings.get("scale_layouts") == ["28PPPPPWWWWWC"]


def test_the_scales_format_is_picked_from_the_presets_and_two_that_clash_are_refused(qtbot, tab, stocked) -> None:  # type: ignore[no-untyped-def]
    tab.layouts.setPlainText("")
    tab.preset.setCurrentIndex(tab.preset.findData("20PPPPPWWWWWC"))
    tab.findChild(QWidget, "usePreset").click()
    assert tab.layouts.toPlainText() == "20PPPPPWWWWWC"
    scan(qtbot, tab.label_test, "2000001023105")  # flag 20, item 1, 2.310 kg: read as a weight
    assert "item 1" in tab.label_result.text() and "2.310 kg" in tab.label_result.text()
    tab.preset.setCurrentIndex(tab.preset.findData("20PPPPPAAAAAC"))  # the amount form of the same flag
    tab.findChild(QWidget, "usePreset").click()
    tab.findChild(QWidget, "saveLayouts").click()
    assert tab.message.objectName() == "error" and "20PPPPPAAAAAC" in tab.message.text()  # they clash: refused
    assert stocked.settings.get("scale_layouts") == ["28PPPPPWWWWWC", "20PPPPPWWWWWAAAAAC"]


def test_tenders_and_income_targets(qtbot, tab, stocked) -> None:
    rows = {tab.tenders.item(r, 0).text(): r for r in range(tab.tenders.rowCount())}
    assert not tab.tenders.cellWidget(rows["cash"], 2).isEnabled()  # cash always stays
    tab.tenders.cellWidget(rows["account"], 2).setChecked(False)
    _admin_approves(qtbot)
    tab.findChild(QWidget, "saveTenders").click()
    assert "account" not in stocked.checkout().tenders()
    qtbot.keyClicks(tab.target_yuan, "1500")
    _admin_approves(qtbot)
    qtbot.keyClick(tab.target_yuan, Qt.Key.Key_Return)
    assert stocked.settings.get("income_targets") == {"2026": 150_000}
    assert "¥1,500.00" in tab.targets_shown.text()


def test_the_counter_scale_is_read_live_and_saved(qtbot, tab, stocked) -> None:
    from tests.hardware.sim import SimulatedScale

    sim = SimulatedScale()
    try:
        sim.show(b"ST,GS,+0001.250kg\r\n")
        tab.scale_protocol.setCurrentIndex(tab.scale_protocol.findData("stgs"))
        tab.scale_port.setCurrentText(sim.port)
        tab.scale_baud.setCurrentIndex(tab.scale_baud.findData(9600))
        tab.findChild(QWidget, "scaleTry").click()
        qtbot.waitUntil(lambda: "1.250 kg" in tab.scale_readout.text(), timeout=5000)
        assert "stable" in tab.scale_readout.text() and "the till would take it" in tab.scale_readout.text()
        sim.show(b"OL,GS,+999999kg\r\n")
        qtbot.waitUntil(lambda: "overloaded" in tab.scale_readout.text(), timeout=5000)
        tab.findChild(QWidget, "scaleTry").click()  # stop: the port is free again
        assert tab._live_scale is None
        _admin_approves(qtbot)
        tab.findChild(QWidget, "saveScale").click()
        assert stocked.settings.get("scale") == {"protocol": "stgs", "port": sim.port, "baud": 9600}
    finally:
        sim.close()
    tab.scale_port.setCurrentText("")
    tab.findChild(QWidget, "saveScale").click()  # a protocol without a port: refused before any PIN
    assert tab.message.objectName() == "error"
    assert stocked.settings.get("scale")["port"] == sim.port


def test_label_scales_are_added_sent_and_shown_up_to_date(qtbot, tab, stocked) -> None:
    from tests.hardware.sim import SimulatedLabelScale

    sim = SimulatedLabelScale()
    try:
        tab.label_scale_name.setText("1号秤")  # typed through the input method
        qtbot.keyClicks(tab.label_scale_host, f"127.0.0.1:{sim.port}")
        _admin_approves(qtbot)
        tab.findChild(QWidget, "addLabelScale").click()
        assert tab.label_scales.rowCount() == 1 and tab.label_scales.item(0, 2).text() == "never sent"
        assert "3 PLUs to send" in tab.label_scale_note.text()
        tab.findChild(QWidget, "sendLabelScales").click()
        assert sorted(sim.held) == [88, 1001, 1002]
        assert tab.label_scales.item(0, 2).text().startswith("up to date: 3 PLUs")
        assert tab.message.text() == "Sent to 1 label scale(s)"
    finally:
        sim.close()


def test_the_customer_display_is_saved(qtbot, tab, stocked) -> None:
    tab.display_window.setChecked(True)
    tab.pole_port.setCurrentText("/dev/ttyS1")
    _admin_approves(qtbot)
    tab.findChild(QWidget, "saveDisplay").click()
    assert stocked.settings.get("customer_display") == {"window": True, "pole_port": "/dev/ttyS1", "pole_baud": 2400}
    assert "next" in tab.message.text()  # takes effect at the next start
