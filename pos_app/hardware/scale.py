"""The counter scale on a serial port: its continuous output read into stable weights.

A counter scale (计重秤 / 计价秤 / weighing indicator) set to continuous output sends a frame for every
reading, many a second. A protocol here turns the byte stream into ``ScaleReading``s; ``SerialScale``
reads the port in a thread of its own (pyserial) and keeps the latest one, which the till's weight
prompt and the settings screen's readout poll. What a reading may be used for is ``usable_grams``:
only a stable, positive, in-range net weight in a unit the till knows ever reaches a sale line.

The framings (docs/hardware.md says which scales send them):

- ``stgs``: ASCII lines ``ST,GS,+0001.250kg`` CR LF. First field ST stable, US unstable, OL overload;
  second GS gross, NT net, TR tare; then the signed figure and its unit (kg, g, 斤/jin, lb).
- ``toledo``: the standard continuous output: STX, status words A, B, C, six digits of weight, six
  of tare, CR, and (when the scale has it on) a checksum byte. A's low three bits place the decimal
  point; B says net (bit 0), negative (1), out of range (2), in motion (3), kg rather than lb (4);
  C's low bits 1 mean grams.
- ``yaohua``: ``=`` and seven characters that are the displayed figure written backwards
  (``=052.100`` is 001.250 kg), the sign last. It carries no stable flag: a figure is stable when it
  came the same in the last ``STABLE_FRAMES`` frames.
"""

from __future__ import annotations

import contextlib
import logging
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any, Protocol

from pos_app.domain.errors import PosError

log = logging.getLogger("pos.hardware")

STABLE_FRAMES = 5  # a format without a stable flag: this many equal frames in a row
STALE_AFTER_S = 1.5  # no frame for this long: the scale is not answering
_GRAMS = {"kg": 1000, "g": 1, "斤": 500, "jin": 500}


@dataclass(frozen=True)
class ScaleReading:
    """One frame: the net weight in grams (gross less tare), the tare, and what the scale says of it.
    ``unit`` is the unit the scale sent (a weight in a unit the till does not sell by is never used)."""

    net_g: int
    tare_g: int = 0
    stable: bool = True
    overload: bool = False
    unit: str = "kg"


class ScaleRefusal(PosError):
    """Why the reading on the scale cannot go on a sale line."""

    code = "scale_reading"
    template = "{reason}"
    template_zh = "{reason_zh}"


def _refuse(reason: str, reason_zh: str) -> ScaleRefusal:
    return ScaleRefusal(reason=reason, reason_zh=reason_zh)


def usable_grams(reading: ScaleReading | None) -> int:
    """The net grams of a reading that may be sold, or ScaleRefusal saying why not (in the words a
    cashier acts on: wait, take the goods off, zero the scale)."""
    if reading is None:
        raise _refuse("The scale is not answering", "电子秤无数据：检查连线和设置")
    if reading.unit not in _GRAMS:
        raise _refuse(f"The scale weighs in {reading.unit}: set it to kg", f"电子秤单位为 {reading.unit}：请设为千克")
    if reading.overload:
        raise _refuse("The scale is overloaded", "超出秤量：请减少货物")
    if reading.net_g < 0:
        raise _refuse("The scale shows a negative weight: zero it", "重量为负：请将秤清零后再称")
    if reading.net_g == 0:
        raise _refuse("Nothing is on the scale", "秤上无货")
    if not reading.stable:
        raise _refuse("The weight is not stable yet", "重量不稳定，请稍候")
    return reading.net_g


def _grams(figure: str, unit: str) -> int:
    """A decimal figure in ``unit`` as whole grams, exact (half up below a gram); units the till does
    not sell by are kept as their own number so the reading can say so."""
    try:
        value = Decimal(figure.replace(" ", "") or "0")
    except InvalidOperation as exc:
        raise ValueError(figure) from exc
    return int((value * _GRAMS.get(unit, 1)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


class ScaleProtocol(Protocol):
    name: str

    def feed(self, data: bytes) -> list[ScaleReading]: ...


class StGsProtocol:
    """``ST,GS,+0001.250kg`` lines; a TR line gives the tare for the readings after it."""

    name = "stgs"
    _LINE = re.compile(r"^(ST|US|OL),(GS|NT|TR),([+-]?)\s*([0-9. ]*?)\s*(kg|g|lb|jin|斤|KG|G|LB)?$")

    def __init__(self) -> None:
        self._buf = b""
        self._tare_g = 0

    def feed(self, data: bytes) -> list[ScaleReading]:
        self._buf = (self._buf + data)[-4096:]
        out: list[ScaleReading] = []
        while b"\n" in self._buf or b"\r" in self._buf:
            cut = min(i for i in (self._buf.find(b"\r"), self._buf.find(b"\n")) if i >= 0)
            line, self._buf = self._buf[:cut], self._buf[cut + 1 :]
            reading = self._line(line.decode("utf-8", "replace").strip())
            if reading is not None:
                out.append(reading)
        return out

    def _line(self, text: str) -> ScaleReading | None:
        m = self._LINE.match(text)
        if not m:
            return None  # noise, a half line after opening the port, a printed ticket
        state, kind, sign, figure, unit = m.groups()
        unit = (unit or "kg").lower()
        if state == "OL":
            return ScaleReading(0, self._tare_g, stable=False, overload=True, unit=unit)
        try:
            grams = _grams(figure, unit) * (-1 if sign == "-" else 1)
        except ValueError:
            return None
        if kind == "TR":
            self._tare_g = grams
            return None
        return ScaleReading(grams, self._tare_g if kind == "NT" else 0, stable=state == "ST", unit=unit)


class ToledoProtocol:
    """The standard continuous output: STX SWA SWB SWC WWWWWW TTTTTT CR [checksum]."""

    name = "toledo"
    _FRAME = 17  # STX + 3 status + 6 weight + 6 tare + CR

    def __init__(self) -> None:
        self._buf = b""

    def feed(self, data: bytes) -> list[ScaleReading]:
        self._buf = (self._buf + data)[-4096:]
        out: list[ScaleReading] = []
        while True:
            start = self._buf.find(b"\x02")
            if start < 0:
                self._buf = b""
                return out
            frame = self._buf[start : start + self._FRAME]
            if len(frame) < self._FRAME:
                self._buf = self._buf[start:]
                return out
            if frame[-1:] != b"\r":
                self._buf = self._buf[start + 1 :]  # an STX inside something else: look further
                continue
            rest = self._buf[start + self._FRAME :]
            if rest[:1] and rest[:1] != b"\x02":  # a checksum byte follows
                check = rest[0]
                self._buf = rest[1:]
                if (sum(frame) + check) & 0x7F:
                    log.debug("toledo frame with a bad checksum dropped")
                    continue
            else:
                if not rest:  # the checksum (if any) may still be on its way
                    self._buf = self._buf[start:]
                    return out
                self._buf = rest
            reading = self._frame(frame)
            if reading is not None:
                out.append(reading)

    def _frame(self, frame: bytes) -> ScaleReading | None:
        swa, swb, swc = frame[1], frame[2], frame[3]
        weight, tare = frame[4:10], frame[10:16]
        if not (weight.isdigit() and tare.isdigit()):
            return None
        decimals = (swa & 0x07) - 2  # SWA bits 0-2: 0 is XXXX00, 2 no decimals, 5 is X.XXX
        if swc & 0x07 == 1:
            unit = "g"
        elif swc & 0x07 == 0:
            unit = "kg" if swb & 0x10 else "lb"
        else:
            unit = "other"

        def grams(digits: bytes) -> int:
            n = int(digits)
            if decimals < 0:
                return _grams(str(n * 10 ** (-decimals)), unit)
            return _grams(f"{n}e-{decimals}", unit)

        net = grams(weight) * (-1 if swb & 0x02 else 1)
        return ScaleReading(
            net, grams(tare) if swb & 0x01 else 0, stable=not swb & 0x08, overload=bool(swb & 0x04), unit=unit
        )


class YaohuaProtocol:
    """``=`` and seven characters of the displayed figure written backwards; stable by repetition."""

    name = "yaohua"

    def __init__(self) -> None:
        self._buf = b""
        self._last: int | None = None
        self._same = 0

    def feed(self, data: bytes) -> list[ScaleReading]:
        self._buf = (self._buf + data)[-4096:]
        out: list[ScaleReading] = []
        while True:
            start = self._buf.find(b"=")
            if start < 0:
                self._buf = b""
                return out
            frame = self._buf[start + 1 : start + 8]
            if len(frame) < 7:
                self._buf = self._buf[start:]
                return out
            if b"=" in frame:  # a frame cut short: start again from the next one
                self._buf = self._buf[start + 1 :]
                continue
            self._buf = self._buf[start + 8 :]
            text = frame.decode("ascii", "replace")[::-1]
            sign = -1 if text.startswith("-") else 1
            figure = text.lstrip("-").strip()
            if not re.fullmatch(r"\d*\.?\d*", figure) or not any(c.isdigit() for c in figure):
                continue
            grams = sign * _grams(figure, "kg")
            self._same = self._same + 1 if grams == self._last else 1
            self._last = grams
            out.append(ScaleReading(grams, 0, stable=self._same >= STABLE_FRAMES, unit="kg"))


PROTOCOLS: dict[str, Callable[[], ScaleProtocol]] = {
    "stgs": StGsProtocol,
    "toledo": ToledoProtocol,
    "yaohua": YaohuaProtocol,
}

# The names a manager picks from (and docs/hardware.md lists).
PROTOCOL_NAMES_ZH = {
    "none": "不接电子秤（手输重量）",
    "stgs": "ST,GS 文本格式（ST/US/OL，常见计重秤与称重仪表）",
    "toledo": "托利多标准连续输出（STX 状态字）",
    "yaohua": "耀华 XK3190 连续方式（=倒序重量）",
}
PROTOCOL_NAMES_EN = {
    "none": "No scale (weights typed)",
    "stgs": "ST,GS text (ST/US/OL; many counter scales and indicators)",
    "toledo": "Toledo standard continuous output (STX status words)",
    "yaohua": "Yaohua XK3190 continuous (= and the figure backwards)",
}


@dataclass(frozen=True)
class ScaleConfig:
    """Station setting ``scale``: {"protocol": "none"|"stgs"|"toledo"|"yaohua", "port": ..., "baud": ...}."""

    protocol: str = "none"
    port: str = ""
    baud: int = 9600

    @classmethod
    def from_setting(cls, value: dict[str, Any] | None) -> ScaleConfig:
        if not value:
            return cls()
        return cls(str(value.get("protocol", "none")), str(value.get("port", "")), int(value.get("baud", 9600)))


class WeightSource(Protocol):
    """What the weight prompt asks of a scale."""

    def latest(self) -> ScaleReading | None: ...


class SerialScale:
    """Reads a scale's continuous output in a thread; ``latest()`` is the last reading, or None when
    nothing came for ``STALE_AFTER_S`` (unplugged, wrong port or baud, switched off). Re-opens the
    port by itself after an error, so a scale plugged in later is found."""

    def __init__(self, cfg: ScaleConfig, *, opener: Callable[..., Any] | None = None) -> None:
        if cfg.protocol not in PROTOCOLS:
            raise ValueError(f"scale protocol {cfg.protocol!r}")
        self.cfg = cfg
        self._protocol = PROTOCOLS[cfg.protocol]()
        self._opener = opener
        self._lock = threading.Lock()
        self._latest: ScaleReading | None = None
        self._at = 0.0
        self.error: str | None = None  # the last reason the port could not be read
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="scale", daemon=True)
        self._thread.start()

    def latest(self) -> ScaleReading | None:
        with self._lock:
            if self._latest is None or time.monotonic() - self._at > STALE_AFTER_S:
                return None
            return self._latest

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)

    def _open(self) -> Any:
        if self._opener is not None:
            return self._opener(self.cfg)
        import serial  # pyserial: only when a scale is configured

        return serial.Serial(self.cfg.port, self.cfg.baud, timeout=0.1)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                port = self._open()
            except Exception as exc:  # pyserial raises SerialException or OSError for a missing port
                self.error = str(exc)
                self._stop.wait(1.0)
                continue
            self.error = None
            try:
                while not self._stop.is_set():
                    data = port.read(1)  # waits for the next byte (up to the port's timeout) …
                    if not data:
                        continue
                    data += port.read(port.in_waiting)  # … then takes what came with it, at once
                    readings = self._protocol.feed(data)
                    if readings:
                        with self._lock:
                            self._latest, self._at = readings[-1], time.monotonic()
            except Exception as exc:
                self.error = str(exc)
                log.warning("scale on %s: %s", self.cfg.port, exc)
                self._stop.wait(0.5)
            finally:
                with contextlib.suppress(Exception):
                    port.close()


def open_scale(setting: dict[str, Any] | None) -> SerialScale | None:
    """The station's counter scale as the ``scale`` setting describes it, or None when there is none."""
    cfg = ScaleConfig.from_setting(setting)
    if cfg.protocol == "none" or not cfg.port:
        return None
    return SerialScale(cfg)


def serial_ports() -> list[str]:
    """The serial ports this computer has now (USB adapters included), for the settings screen."""
    try:
        from serial.tools import list_ports

        return sorted(p.device for p in list_ports.comports())
    except Exception:  # no pyserial port listing on this platform: the manager types the port
        return []
