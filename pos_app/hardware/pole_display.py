"""The serial pole display (客显): the customer's eight-digit figure with its indicator lights.

The common LED customer displays take a small command set on a serial line (2400 baud by default):

- ``ESC @`` initialise; ``FF`` (0x0C) clear;
- ``ESC s n`` light one indicator: ``0`` none, ``1`` 单价 price, ``2`` 总计 total, ``3`` 收款 paid,
  ``4`` 找零 change;
- ``ESC Q A`` then the figure (digits and one decimal point, at most eight digits) then CR: show it.

Writes go through a thread of their own that sends only the newest figure, so a slow serial line
never holds up a scan; a display that is unplugged is logged and tried again at the next figure.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from pos_app.domain.money import Fen

log = logging.getLogger("pos.hardware")

INIT = b"\x1b@"
CLEAR = b"\x0c"
LIGHTS = {"off": b"0", "price": b"1", "total": b"2", "paid": b"3", "change": b"4"}
MAX_FEN_SHOWN = 99_999_999  # eight digits


def figure_bytes(light: str, fen: Fen) -> bytes:
    """The commands that show ``fen`` as yuan with the ``light`` indicator on."""
    if light not in LIGHTS:
        raise ValueError(f"indicator {light!r}")
    fen = max(0, min(fen, MAX_FEN_SHOWN))
    figure = f"{fen // 100}.{fen % 100:02d}"
    return b"\x1bs" + LIGHTS[light] + b"\x1bQA" + figure.encode("ascii") + b"\r"


class PoleDisplay:
    def __init__(self, port: str, baud: int = 2400, *, opener: Callable[[str, int], Any] | None = None) -> None:
        self.port, self.baud = port, baud
        self._opener = opener
        self._wanted: bytes | None = None
        self._cond = threading.Condition()
        self._closed = False
        self.error: str | None = None
        self._thread = threading.Thread(target=self._run, name="pole-display", daemon=True)
        self._thread.start()

    def show(self, light: str, fen: Fen) -> None:
        self._send(figure_bytes(light, fen))

    def clear(self) -> None:
        self._send(CLEAR + b"\x1bs0")

    def _send(self, data: bytes) -> None:
        with self._cond:
            self._wanted = data
            self._cond.notify()

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify()
        self._thread.join(timeout=2)

    def _open(self) -> Any:
        if self._opener is not None:
            return self._opener(self.port, self.baud)
        import serial

        link = serial.Serial(self.port, self.baud, timeout=1, write_timeout=1)
        link.write(INIT)
        return link

    def _run(self) -> None:
        link: Any = None
        while True:
            with self._cond:
                while self._wanted is None and not self._closed:
                    self._cond.wait()
                if self._closed:
                    break
                data, self._wanted = self._wanted, None
            try:
                if link is None:
                    link = self._open()
                link.write(data)
                link.flush()
                self.error = None
            except Exception as exc:  # unplugged, wrong port: say so in the log, try at the next figure
                if self.error != str(exc):
                    log.warning("customer display on %s: %s", self.port, exc)
                self.error = str(exc)
                link = None
        if link is not None:
            try:
                link.close()
            except Exception:
                log.debug("customer display close failed", exc_info=True)
