"""Counter hardware at the till, as a cashier meets it: the weight prompt filled by a (simulated)
serial scale; the customer's display following the sale."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from pos_app.bootstrap import Services
from pos_app.hardware.pole_display import PoleDisplay
from pos_app.hardware.printer import PdfFilePrinter
from pos_app.hardware.scale import ScaleConfig, SerialScale
from pos_app.importing.catalog import ProductInput
from pos_app.ui import look
from pos_app.ui.cart_model import CartModel
from pos_app.ui.customer_display import CustomerWindow, PoleFeed
from pos_app.ui.dialogs import WeightDialog
from pos_app.ui.main_window import MainWindow
from pos_app.ui.payment_dialog import PaymentDialog
from tests.hardware.sim import Pty, SimulatedScale
from tests.ui.conftest import scan, sign_in, when_modal

pytestmark = pytest.mark.gui


@pytest.fixture
def counter_scale() -> Iterator[SimulatedScale]:
    sim = SimulatedScale()
    yield sim
    sim.close()


@pytest.fixture
def with_scale(qtbot, stocked: Services, tmp_path: Path, counter_scale: SimulatedScale) -> Iterator[MainWindow]:
    look.install_font(QApplication.instance())  # type: ignore[arg-type]
    reader = SerialScale(ScaleConfig("stgs", counter_scale.port, 9600))
    w = MainWindow(stocked, PdfFilePrinter(tmp_path / "receipts"), scale=reader)
    qtbot.addWidget(w)
    w.show()
    yield sign_in(qtbot, w)
    w.background.wait()
    reader.close()


def settle(qtbot, dlg: WeightDialog, words: str) -> None:
    qtbot.waitUntil(lambda: words in dlg.readout.text(), timeout=5000)


def test_the_weight_prompt_fills_itself_from_a_stable_scale(
    qtbot, with_scale: MainWindow, counter_scale: SimulatedScale
) -> None:
    screen = with_scale.checkout
    assert screen is not None
    seen: list[str] = []

    def weigh(dlg: QWidget) -> None:
        assert isinstance(dlg, WeightDialog)
        counter_scale.show(b"US,GS,+0000.480kg\r\n")  # the goods still swinging on the pan
        settle(qtbot, dlg, "not stable")
        assert dlg.field.text() == ""
        qtbot.keyClick(dlg.field, "\r")  # Enter on an unsettled scale is refused, and says why
        assert dlg.isVisible() and "not stable" in dlg.error.text()
        seen.append(dlg.readout.text())
        counter_scale.show(b"ST,GS,+0000.500kg\r\n")
        settle(qtbot, dlg, ", stable")
        qtbot.waitUntil(lambda: dlg.field.text() == "0.500", timeout=5000)
        assert dlg.error.isHidden()  # the earlier "not stable" no longer stands (seen under X)
        seen.append(dlg.readout.text())
        qtbot.keyClick(dlg.field, "\r")

    when_modal(weigh)
    scan(qtbot, screen.code, "1002")  # cucumbers by PLU, ¥5.00/kg
    assert screen.model.index(0, CartModel.AMOUNT).data() == "¥2.50"
    assert "0.500 kg" in seen[1]


def test_goods_by_the_jin_read_from_the_scale_in_jin(
    qtbot, with_scale: MainWindow, counter_scale: SimulatedScale
) -> None:
    screen = with_scale.checkout
    assert screen is not None
    counter_scale.show(b"ST,GS,+0000.750kg\r\n")

    def weigh(dlg: QWidget) -> None:
        assert isinstance(dlg, WeightDialog)
        qtbot.waitUntil(lambda: dlg.field.text() == "1.5", timeout=5000)
        qtbot.keyClick(dlg.field, "\r")

    when_modal(weigh)
    scan(qtbot, screen.code, "1001")  # tomatoes at ¥2.80/斤
    assert screen.model.index(0, CartModel.QTY).data() == "1.5 斤"
    assert screen.model.index(0, CartModel.AMOUNT).data() == "¥4.20"


@pytest.mark.parametrize(
    ("frame", "words"),
    [
        (b"OL,GS,+999999kg\r\n", "overloaded"),
        (b"ST,GS,+0000.000kg\r\n", "Nothing"),
        (b"ST,GS,-0000.015kg\r\n", "zero it"),
    ],
)
def test_zero_negative_and_overload_never_reach_the_sale(
    qtbot, with_scale: MainWindow, counter_scale: SimulatedScale, frame: bytes, words: str
) -> None:
    screen = with_scale.checkout
    assert screen is not None
    counter_scale.show(frame)

    def weigh(dlg: QWidget) -> None:
        assert isinstance(dlg, WeightDialog)
        settle(qtbot, dlg, words)
        qtbot.keyClick(dlg.field, "\r")
        assert dlg.isVisible() and words in dlg.error.text()
        dlg.reject()

    when_modal(weigh)
    scan(qtbot, screen.code, "1002")
    assert screen.model.rowCount() == 0


def test_a_weight_typed_by_hand_stays_as_typed(qtbot, with_scale: MainWindow, counter_scale: SimulatedScale) -> None:
    screen = with_scale.checkout
    assert screen is not None
    counter_scale.show(b"ST,GS,+0000.500kg\r\n")

    def weigh(dlg: QWidget) -> None:
        assert isinstance(dlg, WeightDialog)
        qtbot.waitUntil(lambda: dlg.field.text() == "0.500", timeout=5000)
        dlg.field.selectAll()
        qtbot.keyClicks(dlg.field, "0.8")
        time.sleep(0.2)
        QApplication.processEvents()
        assert dlg.field.text() == "0.8"
        qtbot.keyClick(dlg.field, "\r")

    when_modal(weigh)
    scan(qtbot, screen.code, "1002")
    assert screen.model.index(0, CartModel.AMOUNT).data() == "¥4.00"


# -- the customer's display ------------------------------------------------------------------------------

HH = (
    "户编码,户主姓名,所在村,电话,类别,结算方式,身份证号,银行账号\n"
    "SC-001,张桂兰,双城区幸福村,13800000001,建档立卡贫困户,现金,11010519491231002X,\n"
    "SC-002,李富贵,双城区永胜村,,边缘户,银行,,6222020200112233445\n"
)


@pytest.fixture
def with_displays(qtbot, stocked: Services, tmp_path: Path) -> Iterator[tuple[MainWindow, CustomerWindow, Pty]]:
    """Two households' goods on the shelf, a customer window and a pole display on a pseudo-terminal."""
    hh = tmp_path / "hh.csv"
    hh.write_text(HH, encoding="utf-8")
    stocked.households.import_file(hh)
    manager = stocked.users.authorize("manager", "999999", "manager")
    for code, name, barcode in (
        ("SC-001", "农家土鸡蛋(张桂兰)", "6953000000010"),
        ("SC-002", "小米(李富贵)", "6953000000027"),
    ):
        stocked.consignment.intake(
            code, quantity=30, price_fen=150, received_by=manager, new_product=ProductInput(name, "枚", 150, (barcode,))
        )
    look.install_font(QApplication.instance())  # type: ignore[arg-type]
    pole_line = Pty()
    pole = PoleFeed(PoleDisplay(pole_line.port, 2400))
    customer = CustomerWindow(stocked.station.station_name)
    qtbot.addWidget(customer)
    w = MainWindow(stocked, PdfFilePrinter(tmp_path / "receipts"), customer_displays=[customer, pole])
    qtbot.addWidget(w)
    w.show()
    yield sign_in(qtbot, w), customer, pole_line
    w.background.wait()
    pole.close()
    pole_line.close()


def test_the_customer_sees_the_lines_total_households_and_change(qtbot, with_displays) -> None:  # type: ignore[no-untyped-def]
    window, customer, pole_line = with_displays
    screen = window.checkout
    assert screen is not None
    scan(qtbot, screen.code, "6953000000010")
    scan(qtbot, screen.code, "6953000000010")
    scan(qtbot, screen.code, "6953000000027")
    scan(qtbot, screen.code, "6920000000012")  # the store's own millet, ¥8.90
    qtbot.waitUntil(lambda: customer.total.text() == "¥13.40", timeout=3000)  # a moment after the till
    assert customer.line_labels[0][0].text() == "农家土鸡蛋(张桂兰)" and customer.line_labels[0][1].text() == "2"
    assert "¥4.50" in customer.households.text() and " 2 " in customer.households.text()
    assert b"\x1bs2\x1bQA13.40\r" in pole_line.read_available()  # the total light and the running total

    def pay(dlg: QWidget) -> None:
        assert isinstance(dlg, PaymentDialog)
        qtbot.keyClicks(dlg.amount, "20")
        qtbot.keyClick(dlg.amount, "\r")

    when_modal(pay)
    qtbot.keyClick(screen.code, Qt.Key.Key_F12)
    qtbot.waitUntil(lambda: "¥6.60" in customer.paid.text(), timeout=5000)
    assert "¥20.00" in customer.paid.text() and customer.total.text() == "¥13.40"
    assert "¥4.50" in customer.households.text()  # the sale just paid says what it sent
    assert b"\x1bs4\x1bQA6.60\r" in pole_line.read_available()  # the change, with the change light


def test_the_weight_of_a_weighed_line_is_shown_to_the_customer(qtbot, with_displays) -> None:  # type: ignore[no-untyped-def]
    window, customer, _ = with_displays
    screen = window.checkout
    assert screen is not None

    def weigh(dlg: QWidget) -> None:
        qtbot.keyClicks(dlg.field, "0.5")  # type: ignore[attr-defined]
        qtbot.keyClick(dlg.field, "\r")  # type: ignore[attr-defined]

    when_modal(weigh)
    scan(qtbot, screen.code, "1002")
    qtbot.waitUntil(lambda: "黄瓜 0.500 kg × ¥5.00/kg" in customer.weight.text(), timeout=3000)
    assert customer.households.text() == ""  # the store's own goods send nothing to households
