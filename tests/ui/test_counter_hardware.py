"""Counter hardware at the till, as a cashier meets it: the weight prompt filled by a (simulated)
serial scale; the customer's display following the sale."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QWidget

from pos_app.bootstrap import Services
from pos_app.hardware.printer import PdfFilePrinter
from pos_app.hardware.scale import ScaleConfig, SerialScale
from pos_app.ui import look
from pos_app.ui.cart_model import CartModel
from pos_app.ui.dialogs import WeightDialog
from pos_app.ui.main_window import MainWindow
from tests.hardware.sim import SimulatedScale
from tests.ui.conftest import scan, when_modal

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
    qtbot.keyClicks(w.login.user, "cashier")
    qtbot.keyClick(w.login.user, "\r")
    qtbot.keyClicks(w.login.pin, "1111")
    qtbot.keyClick(w.login.pin, "\r")
    assert w.checkout is not None
    yield w
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
