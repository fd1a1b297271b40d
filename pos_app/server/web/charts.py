"""Small server-drawn SVG charts for the district's pages, each with its figures in words beside it
(a screen reader, a printout and a clerk who would rather read all get the same numbers)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from pos_app.domain.money import format_fen


@dataclass(frozen=True)
class Chart:
    svg: str  # the drawing, marked up safe (every text in it escaped)
    summary: str  # the same figures in one sentence, for the caption and aria-label
    rows: tuple[tuple[str, str], ...]  # label, value: the table under the chart


def bars(title: str, items: Sequence[tuple[str, int]], money: bool, width: int = 720, height: int = 180) -> Chart:
    """Vertical bars, one an item; values in fen when ``money``, else counts."""
    shown = [(label, value) for label, value in items][-60:]  # the newest 60 days at most
    top = max([v for _, v in shown] + [1])
    step = min(width / max(len(shown), 1), 60.0)  # a few bars stay bars, not slabs
    bar = max(2.0, step * 0.7)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height + 20}" role="img" '
        f'aria-label="{escape(title)}" class="chart">'
    ]
    for i, (label, value) in enumerate(shown):
        h = 0 if value <= 0 else max(1.0, value / top * height)
        x = i * step + (step - bar) / 2
        text = format_fen(value) if money else str(value)
        parts.append(
            f'<rect x="{x:.1f}" y="{height - h:.1f}" width="{bar:.1f}" height="{h:.1f}" fill="#2f7d57">'
            f"<title>{escape(label)}：{escape(text)}</title></rect>"
        )
    if 0 < len(shown) <= 12:  # few bars: each one named under it
        for i, (label, _) in enumerate(shown):
            x = i * step + step / 2
            parts.append(
                f'<text x="{x:.1f}" y="{height + 16}" font-size="11" text-anchor="middle">{escape(label)}</text>'
            )
    elif shown:
        parts.append(f'<text x="0" y="{height + 16}" font-size="12">{escape(shown[0][0])}</text>')
    if len(shown) > 12:
        right = min(width, len(shown) * step)
        parts.append(
            f'<text x="{right:.1f}" y="{height + 16}" font-size="12" text-anchor="end">{escape(shown[-1][0])}</text>'
        )
    parts.append("</svg>")
    rows = tuple((label, format_fen(v) if money else str(v)) for label, v in shown)
    if shown:
        peak = max(shown, key=lambda kv: kv[1])
        summary = f"{title}：共 {len(shown)} 项，最高 {peak[0]}（{rows[shown.index(peak)][1]}）"
    else:
        summary = f"{title}：暂无数据"
    return Chart("".join(parts), summary, rows)


PROGRESS_BANDS = ((0, 25, "0–24%"), (25, 50, "25–49%"), (50, 75, "50–74%"), (75, 100, "75–99%"), (100, None, "≥100%"))


def progress_distribution(percents: Sequence[int]) -> list[tuple[str, int]]:
    """How many households stand in each band of progress toward their yearly target."""
    out = []
    for low, high, label in PROGRESS_BANDS:
        out.append((label, sum(1 for p in percents if p >= low and (high is None or p < high))))
    return out
