"""The theme read as a person with weak sight would need it: every text colour against its background
at WCAG's 4.5:1 at least, and in the elder-friendly mode (适老化) large type and large targets."""

from __future__ import annotations

import re

import pytest

from pos_app.paths import ELDER_THEME, THEME

SURFACES = ("#f4f6f3", "#ffffff")  # the window and the panels, lists and fields on it


def _rules(path) -> list[tuple[str, dict[str, str]]]:  # type: ignore[no-untyped-def]
    text = re.sub(r"/\*.*?\*/", "", path.read_text(encoding="utf-8"), flags=re.S)
    out = []
    for selector, body in re.findall(r"([^{}]+)\{([^}]*)\}", text):
        decls = dict((k.strip(), v.strip()) for k, v in (d.split(":", 1) for d in body.split(";") if ":" in d))
        out.append((selector.strip(), decls))
    return out


def _luminance(hex_colour: str) -> float:
    h = hex_colour.lstrip("#")
    channels = [int(h[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_the_contrast_formula_agrees_with_wcag() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)  # WCAG's own borderline grey


def _pairs(path, default_text: str) -> list[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    """(selector, text colour, background) for every pairing a rule makes or inherits."""
    pairs = []
    for selector, d in _rules(path):
        text, back = d.get("color"), d.get("background")
        if "selection-color" in d:
            pairs.append((selector + " (selected)", d["selection-color"], d["selection-background-color"]))
        if text and back:
            pairs.append((selector, text, back))
        elif text:
            pairs += [(selector, text, s) for s in SURFACES]
        elif back and "#" in back:
            pairs.append((selector, default_text, back))
    return pairs


@pytest.mark.parametrize(("path", "default_text"), [(THEME, "#1f2a24"), (ELDER_THEME, "#111a14")])
def test_every_text_colour_stands_out_from_its_background(path, default_text) -> None:  # type: ignore[no-untyped-def]
    weak = [(sel, fg, bg, round(contrast(fg, bg), 2)) for sel, fg, bg in _pairs(path, default_text)]
    weak = [w for w in weak if w[3] < 4.5]
    assert not weak, weak
    assert len(_pairs(path, default_text)) >= 10  # the test read the theme, not nothing


def _px(value: str) -> int:
    return int(value.removesuffix("px"))


def test_the_elder_friendly_mode_has_large_type_and_large_targets() -> None:
    rules = _rules(ELDER_THEME)
    sizes = {sel: _px(d["font-size"]) for sel, d in rules if "font-size" in d}
    assert sizes["QWidget"] >= 24  # 18 pt at 96 dpi: the body
    assert min(sizes.values()) >= 24  # nothing smaller anywhere
    for total in ("QLabel#bigFigure", "QLabel#totalDue", "QLabel#change"):
        assert sizes[total] >= 40, total  # 30 pt
    heights = {sel: _px(d["min-height"]) for sel, d in rules if "min-height" in d}
    for target in ("QPushButton", "QLineEdit, QComboBox, QDateEdit", "QCheckBox", "QListWidget::item"):
        assert heights[target] >= 60, target
