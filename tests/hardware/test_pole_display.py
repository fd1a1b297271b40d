"""The serial pole display: the figure and its light as bytes; written through a pseudo-terminal;
an unplugged display never stops the till."""

from __future__ import annotations

import time

import pytest

from pos_app.hardware.pole_display import PoleDisplay, figure_bytes
from tests.hardware.sim import Pty


def test_figures_and_lights() -> None:
    assert figure_bytes("total", 1340) == b"\x1bs2\x1bQA13.40\r"
    assert figure_bytes("change", 5) == b"\x1bs4\x1bQA0.05\r"
    assert figure_bytes("paid", 10**12) == b"\x1bs3\x1bQA999999.99\r"  # eight digits at most
    with pytest.raises(ValueError):
        figure_bytes("discount", 1)


def test_only_the_newest_figure_is_written_and_it_arrives() -> None:
    line = Pty()
    pole = PoleDisplay(line.port, 2400)
    try:
        for fen in range(100, 120):
            pole.show("total", fen)
        pole.show("change", 660)
        got = line.read_available(0.5)
        assert got.startswith(b"\x1b@")  # initialised when opened
        assert got.endswith(b"\x1bs4\x1bQA6.60\r")
    finally:
        pole.close()
        line.close()


def test_an_unplugged_display_is_logged_not_raised(tmp_path) -> None:  # type: ignore[no-untyped-def]
    pole = PoleDisplay(str(tmp_path / "ttyUSB7"), 2400)
    try:
        pole.show("total", 100)  # returns at once
        deadline = time.monotonic() + 3
        while pole.error is None and time.monotonic() < deadline:
            time.sleep(0.02)
        assert pole.error
    finally:
        pole.close()
