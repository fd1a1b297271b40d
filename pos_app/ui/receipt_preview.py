"""Preview a PDF (receipt, Z report) as it will print, and print it through Qt's print dialog."""

from __future__ import annotations

import pypdfium2 as pdfium
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPainter, QPixmap
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget


def render_pages(pdf: bytes, dpi: int = 110) -> list[QImage]:
    """Each page of a PDF as an image (pdfium), for preview and for printing."""
    doc = pdfium.PdfDocument(pdf)
    try:
        images = []
        for page in doc:
            bitmap = page.render(scale=dpi / 72, rev_byteorder=True)
            img = QImage(
                bitmap.buffer,
                bitmap.width,
                bitmap.height,
                bitmap.stride,
                QImage.Format.Format_RGB888 if bitmap.n_channels == 3 else QImage.Format.Format_RGBA8888,
            )
            images.append(img.copy())
        return images
    finally:
        doc.close()


def print_pdf(pdf: bytes, parent: QWidget | None = None) -> bool:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintDialog(printer, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    painter = QPainter(printer)
    try:
        for i, img in enumerate(render_pages(pdf, dpi=300)):
            if i:
                printer.newPage()
            rect = painter.viewport()
            size = img.size().scaled(rect.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.setViewport(rect.x(), rect.y(), size.width(), size.height())
            painter.setWindow(img.rect())
            painter.drawImage(0, 0, img)
    finally:
        painter.end()
    return True


class PdfPreview(QDialog):
    def __init__(self, title: str, pdf: bytes, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.pdf = pdf
        room = self.screen().availableGeometry()
        doc = pdfium.PdfDocument(pdf)
        try:
            width_pt = max(page.get_width() for page in doc)
        finally:
            doc.close()
        # as sharp as the screen allows, never wider than it: a whole A4 line without side-scrolling
        dpi = max(50, min(110, int((room.width() - 90) * 72 / width_pt)))
        images = render_pages(pdf, dpi)
        pages = QWidget()
        column = QVBoxLayout(pages)
        for img in images:
            label = QLabel()
            label.setPixmap(QPixmap.fromImage(img))
            label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            column.addWidget(label)
        scroll = QScrollArea()
        scroll.setWidget(pages)
        scroll.setWidgetResizable(True)
        print_button = QPushButton(self.tr("Print…"))
        print_button.setObjectName("primary")
        print_button.clicked.connect(self.print_pdf)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.accept)
        row = QHBoxLayout()
        row.addStretch()
        row.addWidget(print_button)
        row.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll)
        layout.addLayout(row)
        widest = max((img.width() for img in images), default=400)
        self.resize(min(room.width(), widest + 70), min(room.height() - 40, 900))

    def print_pdf(self) -> None:
        print_pdf(self.pdf, self)
