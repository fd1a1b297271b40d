"""Simulated counter hardware on pseudo-terminals: a scale that sends frames as a real one does, and
the far end of a pole display that records what the till wrote to it."""

from __future__ import annotations

import contextlib
import os
import termios
import threading
import time
import tty


class Pty:
    """A pseudo-terminal pair in raw mode: the till opens ``port``; the test talks on the other end."""

    def __init__(self) -> None:
        self.master, self.slave = os.openpty()
        tty.setraw(self.master)
        tty.setraw(self.slave)
        attrs = termios.tcgetattr(self.slave)
        attrs[3] &= ~termios.ECHO
        termios.tcsetattr(self.slave, termios.TCSANOW, attrs)
        self.port = os.ttyname(self.slave)

    def write(self, data: bytes) -> None:
        os.write(self.master, data)

    def read_available(self, wait: float = 0.3) -> bytes:
        """What the till wrote, collected for ``wait`` seconds."""
        import select

        out = b""
        end = time.monotonic() + wait
        while time.monotonic() < end:
            ready, _, _ = select.select([self.master], [], [], 0.05)
            if ready:
                out += os.read(self.master, 4096)
        return out

    def close(self) -> None:
        for fd in (self.master, self.slave):
            with contextlib.suppress(OSError):
                os.close(fd)


class SimulatedScale(Pty):
    """Sends ``frame`` every ``period`` seconds until changed or stopped, as a scale in continuous mode."""

    def __init__(self, period: float = 0.02) -> None:
        super().__init__()
        self.frame = b""
        self.period = period
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def show(self, frame: bytes) -> None:
        self.frame = frame

    def _run(self) -> None:
        while not self._stop.is_set():
            if self.frame:
                try:
                    self.write(self.frame)
                except OSError:
                    return
            time.sleep(self.period)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=1)
        super().close()


def toledo_frame(net_g: int, tare_g: int = 0, *, motion: bool = False, overload: bool = False) -> bytes:
    """A Toledo continuous frame in kg with three decimals, with its checksum byte."""
    swa = 0x20 | 5  # bit 5 always set; decimal point X.XXX
    swb = 0x20 | 0x10 | (0x01 if tare_g else 0) | (0x02 if net_g < 0 else 0) | (0x04 if overload else 0)
    swb |= 0x08 if motion else 0
    body = bytes([0x02, swa, swb, 0x20]) + f"{abs(net_g):06d}{tare_g:06d}".encode() + b"\r"
    return body + bytes([(-sum(body)) & 0x7F])


def yaohua_frame(figure: str) -> bytes:
    """``=`` and the seven-character figure backwards, as an XK3190 in continuous mode sends it."""
    return b"=" + figure.rjust(7, "0")[::-1].encode()


class SimulatedLabelScale:
    """A Dahua TM label scale's download port on 127.0.0.1: takes the records, parses them back
    (a record it cannot parse fails the test), and keeps the PLUs it holds, as the scale would."""

    def __init__(self) -> None:
        import socketserver

        from pos_app.domain.label_scale import PluRecord, parse_record

        self.held: dict[int, PluRecord] = {}
        self.downloads = 0
        self.bad: list[str] = []
        sim = self

        class Handler(socketserver.StreamRequestHandler):
            def handle(self) -> None:
                data = self.rfile.read()
                for line in data.decode("ascii").split("\r\n"):
                    if not line:
                        continue
                    try:
                        rec = parse_record(line)
                    except ValueError:
                        sim.bad.append(line)
                        continue
                    sim.held[rec.plu] = rec
                sim.downloads += 1

        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
