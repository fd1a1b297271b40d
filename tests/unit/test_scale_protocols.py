"""The counter scale's continuous output read into weights: every framing, stability, tare, zero,
overload and units; noise and frames cut anywhere never give a wrong weight."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pos_app.hardware.scale import (
    PROTOCOL_NAMES_EN,
    PROTOCOL_NAMES_ZH,
    PROTOCOLS,
    ScaleReading,
    ScaleRefusal,
    StGsProtocol,
    ToledoProtocol,
    YaohuaProtocol,
    usable_grams,
)
from pos_app.services.settings import SCALE_PROTOCOLS
from tests.hardware.sim import toledo_frame, yaohua_frame


def test_the_settings_offer_exactly_the_framings_read_here() -> None:
    assert ("none", *PROTOCOLS) == SCALE_PROTOCOLS
    assert set(PROTOCOL_NAMES_ZH) == set(PROTOCOL_NAMES_EN) == set(SCALE_PROTOCOLS)


def test_stgs_stable_gross_in_kg() -> None:
    assert StGsProtocol().feed(b"ST,GS,+0001.250kg\r\n") == [ScaleReading(1250, 0, True, False, "kg")]


def test_stgs_unstable_net_with_the_tare_sent_before() -> None:
    p = StGsProtocol()
    assert p.feed(b"ST,TR,+0000.050kg\r\n") == []
    [r] = p.feed(b"US,NT,+  0.725 kg\r\n")
    assert (r.net_g, r.tare_g, r.stable) == (725, 50, False)


def test_stgs_overload_negative_grams_and_jin() -> None:
    p = StGsProtocol()
    assert p.feed(b"OL,GS,+999999kg\r\n")[0].overload
    assert p.feed(b"ST,GS,-0000.020kg\r\n")[0].net_g == -20
    assert p.feed(b"ST,GS,+  1250 g\r\n")[0].net_g == 1250
    assert p.feed("ST,GS,+  2.5斤\r\n".encode())[0].net_g == 1250


def test_stgs_half_lines_and_noise_are_ignored() -> None:
    p = StGsProtocol()
    assert p.feed(b"0.250kg\r\nST,GS,+00") == []  # the port opened mid-line
    assert p.feed(b"01.500kg\r\nhello\r\n") == [ScaleReading(1500, 0, True, False, "kg")]


def test_toledo_frame_stable_motion_tare_negative_overload() -> None:
    p = ToledoProtocol()
    assert p.feed(toledo_frame(1250) + toledo_frame(1250)) == [ScaleReading(1250, 0, True, False, "kg")] * 2
    [r] = p.feed(toledo_frame(725, 50, motion=True) + b"\x02")
    assert (r.net_g, r.tare_g, r.stable) == (725, 50, False)
    p = ToledoProtocol()
    assert p.feed(toledo_frame(-20) + b"\x02")[0].net_g == -20
    assert ToledoProtocol().feed(toledo_frame(0, overload=True) + b"\x02")[0].overload


def test_toledo_bad_checksum_is_dropped() -> None:
    frame = bytearray(toledo_frame(1250))
    frame[-1] ^= 0x01
    assert ToledoProtocol().feed(bytes(frame) + b"\x02") == []


def test_toledo_pounds_are_never_used() -> None:
    body = bytes([0x02, 0x25, 0x20, 0x20]) + b"001250000000\r"  # bit 4 clear: lb
    [r] = ToledoProtocol().feed(body + bytes([(-sum(body)) & 0x7F]))
    with pytest.raises(ScaleRefusal):
        usable_grams(r)


def test_yaohua_reversed_figure_is_stable_after_equal_frames() -> None:
    p = YaohuaProtocol()
    readings = p.feed(yaohua_frame("001.250") * 5)
    assert [r.net_g for r in readings] == [1250] * 5
    assert [r.stable for r in readings] == [False] * 4 + [True]
    assert p.feed(yaohua_frame("001.255"))[0].stable is False  # it moved


def test_yaohua_negative_sign_comes_last_backwards() -> None:
    assert YaohuaProtocol().feed(b"=020.00-")[0].net_g == -20  # "-00.020": the sign takes the top digit


@pytest.mark.parametrize(
    ("reading", "words"),
    [
        (None, "无数据"),
        (ScaleReading(1250, stable=False), "不稳定"),
        (ScaleReading(0), "秤上无货"),
        (ScaleReading(-20), "清零"),
        (ScaleReading(0, overload=True), "超出秤量"),
        (ScaleReading(1250, unit="lb"), "千克"),
    ],
)
def test_a_reading_that_cannot_be_sold_says_why(reading: ScaleReading | None, words: str) -> None:
    with pytest.raises(ScaleRefusal) as err:
        usable_grams(reading)
    assert words in err.value.message_zh


def test_a_stable_positive_reading_is_its_net_grams() -> None:
    assert usable_grams(ScaleReading(725, 50)) == 725


@given(st.integers(0, 999_999), st.integers(0, 99_999), st.binary(max_size=40), st.integers(1, 16))
def test_toledo_stream_cut_anywhere_reads_the_weight_or_nothing(net: int, tare: int, noise: bytes, step: int) -> None:
    """Noise before the frames and the stream split at any byte: every reading is the frame's weight."""
    stream = noise.replace(b"\x02", b"") + toledo_frame(net, tare) * 3
    p = ToledoProtocol()
    readings: list[ScaleReading] = []
    for i in range(0, len(stream), step):
        readings += p.feed(stream[i : i + step])
    assert readings and all((r.net_g, r.tare_g) == (net, tare) for r in readings)


@given(st.integers(0, 9_999_999), st.integers(1, 9))
def test_stgs_stream_cut_anywhere(net: int, step: int) -> None:
    line = f"ST,GS,+{net // 1000:04d}.{net % 1000:03d}kg\r\n".encode()
    p = StGsProtocol()
    readings: list[ScaleReading] = []
    stream = line * 3
    for i in range(0, len(stream), step):
        readings += p.feed(stream[i : i + step])
    assert [r.net_g for r in readings] == [net] * 3
