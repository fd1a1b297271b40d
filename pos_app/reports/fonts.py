"""The bundled CJK font, registered once with reportlab (Chinese and Latin in one face)."""

from __future__ import annotations

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from pos_app.domain.errors import ResourceMissing
from pos_app.paths import FONT_FILE

CJK = "WQYMicroHei"


def register_fonts() -> str:
    if CJK not in pdfmetrics.getRegisteredFontNames():
        if not FONT_FILE.is_file():  # a damaged install: say which file, rather than fail deep in reportlab
            raise ResourceMissing(path=str(FONT_FILE))
        pdfmetrics.registerFont(TTFont(CJK, str(FONT_FILE), subfontIndex=0))
    return CJK


def text_width(text: str, size: float) -> float:
    return float(pdfmetrics.stringWidth(text, register_fonts(), size))
