"""The counter scale read through pyserial from a simulated scale on a pseudo-terminal."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import pytest

from pos_app.hardware.scale import STALE_AFTER_S, ScaleConfig, ScaleReading, SerialScale, open_scale, usable_grams
from tests.hardware.sim import SimulatedScale, toledo_frame, yaohua_frame


@pytest.fixture
def scale() -> Iterator[SimulatedScale]:
    sim = SimulatedScale()
    yield sim
    sim.close()


Read = Callable[[], ScaleReading | None]


def wait_for(read: Read, want: Callable[[ScaleReading | None], bool]) -> ScaleReading | None:
    end = time.monotonic() + 5
    r = read()
    while not want(r) and time.monotonic() < end:
        time.sleep(0.02)
        r = read()
    return r


@pytest.mark.parametrize(
    ("protocol", "stable", "moving"),
    [
        ("stgs", b"ST,GS,+0001.250kg\r\n", b"US,GS,+0001.180kg\r\n"),
        ("toledo", toledo_frame(1250), toledo_frame(1180, motion=True)),
        ("yaohua", yaohua_frame("001.250"), None),
    ],
)
def test_each_protocol_gives_the_stable_weight(
    scale: SimulatedScale, protocol: str, stable: bytes, moving: bytes | None
) -> None:
    reader = SerialScale(ScaleConfig(protocol, scale.port, 9600))
    try:
        if moving is not None:
            scale.show(moving)
            r = wait_for(reader.latest, lambda r: r is not None)
            assert r is not None and not r.stable and r.net_g == 1180
        scale.show(stable)
        r = wait_for(reader.latest, lambda r: r is not None and r.stable)
        assert r is not None and usable_grams(r) == 1250
    finally:
        reader.close()


def test_a_silent_scale_reads_as_not_answering(scale: SimulatedScale) -> None:
    reader = SerialScale(ScaleConfig("stgs", scale.port, 9600))
    try:
        scale.show(b"ST,GS,+0000.500kg\r\n")
        assert wait_for(reader.latest, lambda r: r is not None) is not None
        scale.show(b"")  # switched off
        time.sleep(STALE_AFTER_S + 0.3)
        assert reader.latest() is None
    finally:
        reader.close()


def test_a_missing_port_is_said_and_retried_not_a_crash(tmp_path) -> None:  # type: ignore[no-untyped-def]
    reader = SerialScale(ScaleConfig("stgs", str(tmp_path / "ttyUSB9"), 9600))
    try:
        time.sleep(0.3)
        assert reader.latest() is None and reader.error
    finally:
        reader.close()


def test_no_scale_set_opens_nothing() -> None:
    assert open_scale(None) is None
    assert open_scale({"protocol": "none", "port": "/dev/ttyUSB0"}) is None
