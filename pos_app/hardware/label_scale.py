"""Networked label scales: the station's PLU records sent to a Dahua TM scale over TCP (port 4001).

``DahuaTmClient.send`` writes every record (``domain/label_scale.py`` says what one holds) and closes
its side of the connection; the scale acknowledges nothing the till relies on, so a download counts
as done when every byte was written (a scale that drops the connection before that is an error, and
the next try sends everything again: a download is whole, never a difference).
"""

from __future__ import annotations

import socket
from collections.abc import Sequence

from pos_app.domain.errors import PosError
from pos_app.domain.label_scale import TM_PORT, PluRecord, download_bytes


class LabelScaleOffline(PosError):
    code = "label_scale_offline"
    template = "Label scale {name} ({host}:{port}) did not take the PLUs: {reason}"
    template_zh = "条码秤 {name}（{host}:{port}）未能接收商品：{reason}"


class DahuaTmClient:
    def __init__(self, name: str, host: str, port: int = TM_PORT, timeout: float = 5.0) -> None:
        self.name, self.host, self.port, self.timeout = name, host, port, timeout

    def send(self, records: Sequence[PluRecord]) -> None:
        """Write every record; LabelScaleOffline says why it could not (refused, timed out, cut off)."""
        data = download_bytes(records)
        try:
            with socket.create_connection((self.host, self.port), timeout=self.timeout) as conn:
                conn.sendall(data)
                conn.shutdown(socket.SHUT_WR)
                conn.settimeout(1.0)
                try:
                    while conn.recv(4096):  # the scale closing its side: everything was taken
                        pass
                except TimeoutError:
                    pass  # a scale that keeps the line open: the records were written all the same
        except OSError as exc:
            raise LabelScaleOffline(name=self.name, host=self.host, port=self.port, reason=str(exc)) from exc
