"""The bundled CJK font, registered once with reportlab (Chinese and Latin in one face)."""

from __future__ import annotations

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from pos_app.paths import FONT_FILE

CJK = "WQYMicroHei"


def register_fonts() -> str:
    if CJK not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(CJK, str(FONT_FILE), subfontIndex=0))
    return CJK


def text_width(text: str, size: float) -> float:
    return float(pdfmetrics.stringWidth(text, register_fonts(), size))
