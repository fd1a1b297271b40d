"""Receipt printers and the cash drawer.

``ReceiptPrinter`` is the small protocol the app uses. ``EscposPrinter`` drives an ESC/POS thermal
printer through python-escpos (USB, network or a device file) and sends Chinese text as GB18030 in
the printer's Chinese mode; ``PdfFilePrinter`` writes PDFs (no printer configured, and tests).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from pos_app.domain.errors import PosError
from pos_app.files import private_dir, write_private
from pos_app.reports.receipt import render_pdf, text_lines
from pos_app.services.checkout import CompletedSale

log = logging.getLogger("pos.hardware")

INIT = b"\x1b@"
CHINESE_ON = b"\x1c&"  # FS & : two-byte (GB18030) character mode
CHINESE_OFF = b"\x1c."
DRAWER_KICK = b"\x1bp\x00\x19\xfa"  # ESC p 0 25 250: pulse pin 2
FEED_CUT = b"\n\n\n\x1dV\x41\x03"  # feed and partial cut


class PrinterOffline(PosError):
    code = "printer_offline"
    template = "The receipt printer is not answering: {reason}"
    template_zh = "小票打印机无响应：{reason}"


class NoDrawer(PosError):
    code = "no_drawer"
    template = "No cash drawer is connected: open it by hand (the opening is in the audit log)"
    template_zh = "未连接钱箱：请手动打开（本次开钱箱已记入审计日志）"


class NoPrinter(PosError):
    code = "no_printer"
    template = "No receipt printer is set: receipts are kept as PDF files"
    template_zh = "未设置小票打印机：小票保存为 PDF 文件"


class ReceiptPrinter(Protocol):
    def print_receipt(self, sale: CompletedSale) -> None: ...

    def open_drawer(self) -> None: ...


@dataclass(frozen=True)
class PrinterConfig:
    """Station setting ``printer``: {"kind": "none"|"usb"|"network"|"file", ...}."""

    kind: str = "none"
    width_mm: int = 80
    host: str = ""
    port: int = 9100
    usb_vendor: int = 0
    usb_product: int = 0
    device: str = ""

    @classmethod
    def from_setting(cls, value: dict[str, Any] | None) -> PrinterConfig:
        if not value:
            return cls()
        allowed = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in value.items() if k in allowed})

    @property
    def columns(self) -> int:
        return 48 if self.width_mm >= 80 else 32


def code128_bytes(data: str) -> bytes:
    """GS k: the printer draws ``data`` as a centred Code 128 (set B) with its text below, so a
    refund at any till starts by scanning the receipt."""
    body = b"{B" + data.encode("ascii")
    return (
        b"\x1ba\x01"  # ESC a 1: centre
        + b"\x1dh\x50"  # GS h 80: bars 80 dots tall
        + b"\x1dw\x02"  # GS w 2: narrow bar 2 dots
        + b"\x1dH\x02"  # GS H 2: the text under the bars
        + b"\x1dk\x49"  # GS k 73: CODE128, length-prefixed
        + bytes([len(body)])
        + body
        + b"\n\x1ba\x00"  # back to the left
    )


def receipt_bytes(sale: CompletedSale, columns: int) -> bytes:
    """The ESC/POS byte stream of a receipt: init, Chinese mode, GB18030 text, the receipt number's
    barcode, feed and cut."""
    text = "\n".join(text_lines(sale, columns)) + "\n"
    return INIT + CHINESE_ON + text.encode("gb18030") + CHINESE_OFF + code128_bytes(sale.receipt_no) + FEED_CUT


def test_page_bytes(station_name: str, columns: int, when: str) -> bytes:
    """A test page: the station's name, Chinese text in the printer's own font, the paper's full
    width in characters, a barcode, and the cut: what a manager checks after connecting a printer."""
    lines = [
        station_name,
        "打印测试页 / printer test",
        "中文：扶贫超市 零利润代销 ¥12.50",
        "-" * columns,
        f"每行 {columns} 字符 / {columns} columns",
        when,
    ]
    return (
        INIT + CHINESE_ON + ("\n".join(lines) + "\n").encode("gb18030") + CHINESE_OFF + code128_bytes("TEST") + FEED_CUT
    )


def print_test_page(setting: dict[str, Any] | None, station_name: str, when: str) -> None:
    """Send a test page to the printer ``setting`` describes; PrinterOffline says why it could not."""
    cfg = PrinterConfig.from_setting(setting)
    if cfg.kind == "none":
        raise NoPrinter()
    EscposPrinter.from_config(cfg)._send(test_page_bytes(station_name, cfg.columns, when))


class EscposPrinter:
    def __init__(self, device: Any, columns: int = 48) -> None:
        self._device = device  # an escpos.printer instance (Usb, Network, File, Dummy)
        self._columns = columns

    @classmethod
    def from_config(cls, cfg: PrinterConfig) -> EscposPrinter:
        from escpos import printer

        try:
            if cfg.kind == "usb":
                dev: Any = printer.Usb(cfg.usb_vendor, cfg.usb_product)
            elif cfg.kind == "network":
                dev = printer.Network(cfg.host, cfg.port, timeout=5)
            elif cfg.kind == "file":
                dev = printer.File(cfg.device)
            else:
                raise PrinterOffline(reason=f"unknown printer kind {cfg.kind!r}")
        except PrinterOffline:
            raise
        except Exception as exc:  # python-escpos raises many kinds for a missing device
            raise PrinterOffline(reason=str(exc)) from exc
        return cls(dev, cfg.columns)

    def _send(self, data: bytes) -> None:
        try:
            self._device._raw(data)
            flush = getattr(self._device, "flush", None)
            if callable(flush):
                flush()
        except Exception as exc:
            log.warning("printer failed: %s", exc)
            raise PrinterOffline(reason=str(exc)) from exc

    def print_receipt(self, sale: CompletedSale) -> None:
        self._send(receipt_bytes(sale, self._columns))

    def open_drawer(self) -> None:
        self._send(DRAWER_KICK)


class PdfFilePrinter:
    """No receipt printer: keep each receipt as a PDF in a folder (the screen previews and prints it)."""

    def __init__(self, folder: Path, width_mm: int = 80) -> None:
        self.folder = folder
        self.width_mm = width_mm

    def path_for(self, receipt_no: str) -> Path:
        return self.folder / f"{receipt_no}.pdf"

    def print_receipt(self, sale: CompletedSale) -> None:
        private_dir(self.folder)
        write_private(self.path_for(sale.receipt_no), render_pdf(sale, self.width_mm))

    def open_drawer(self) -> None:
        log.info("open drawer: no drawer is connected")
        raise NoDrawer()  # the cashier is told, not left pressing F9 again
