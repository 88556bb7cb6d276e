"""Charts drawn on the server as SVG: no script, so the strict CSP holds; they scale with
the page (a viewBox, width 100%), print in black and white (patterns of lines, not only
colour) and carry their text alternative (<title>, <desc>; the table beside each chart
holds the same figures).

Every text from data goes through `_e`; numbers are formatted here."""

from __future__ import annotations

import html
import math
from functools import partial

from django.utils.safestring import SafeString, mark_safe

from recruiting.reports.queries.base import Chart

_e = partial(html.escape, quote=True)
WIDTH = 640
LABEL_W = 190
ROW_H = 30
TOP = 8


def _fmt(value) -> str:
    if value is None:
        return "–"
    value = float(value)
    return f"{value:,.0f}" if value.is_integer() else f"{value:,.1f}"


def _short(text: str, limit: int = 28) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def render(chart: Chart | None, *, chart_id: str, summary: str) -> SafeString:
    if chart is None or not chart.bars:
        return mark_safe("")  # noqa: S308 (empty)
    body = _bars(chart) if chart.kind == "bars" else _line(chart)
    height, inner = body
    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    svg = (
        f'<svg class="chart chart-{_e(chart.kind)}" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-labelledby="{title_id} {desc_id}" preserveAspectRatio="xMinYMin meet" data-testid="chart">'
        f'<title id="{title_id}">{_e(chart.title)}</title><desc id="{desc_id}">{_e(summary)}</desc>'
        f"{inner}</svg>"
    )
    return mark_safe(svg)  # noqa: S308 (every data text above and below is escaped)


def _bars(chart: Chart) -> tuple[int, str]:
    values = [b.value or 0 for b in chart.bars] + [b.secondary or 0 for b in chart.bars]
    top = max(values) or 1
    area = WIDTH - LABEL_W - 90
    parts = []
    for index, bar in enumerate(chart.bars):
        y = TOP + index * ROW_H
        width = 0 if bar.value is None else max(1.0, area * float(bar.value) / top)
        parts.append(
            f'<g class="bar-row"><text class="label" x="{LABEL_W - 8}" y="{y + 19}" text-anchor="end">'
            f"<title>{_e(bar.label)}</title>{_e(_short(bar.label))}</text>"
            f'<rect class="bar" x="{LABEL_W}" y="{y + 5}" width="{width:.1f}" height="{ROW_H - 10}"></rect>'
            f'<text class="value" x="{LABEL_W + width + 6:.1f}" y="{y + 19}">{_e(_fmt(bar.value))}'
            f"{(' · ' + _e(bar.note)) if bar.note else ''}</text>"
        )
        if bar.secondary is not None:
            x = LABEL_W + area * float(bar.secondary) / top
            parts.append(
                f'<line class="marker" x1="{x:.1f}" x2="{x:.1f}" y1="{y + 2}" y2="{y + ROW_H - 2}">'
                f"<title>{_e(chart.secondary_label)}: {_e(_fmt(bar.secondary))}</title></line>"
            )
        parts.append("</g>")
    return TOP * 2 + len(chart.bars) * ROW_H, "".join(parts)


def _line(chart: Chart) -> tuple[int, str]:
    height, left, right, top_pad, bottom = 260, 48, 16, 12, 40
    values = [b.value for b in chart.bars if b.value is not None] + [
        b.secondary for b in chart.bars if b.secondary is not None
    ]
    top = max(values, default=0) or 1
    n = len(chart.bars)
    step = (WIDTH - left - right) / max(n - 1, 1)

    def x(i: int) -> float:
        return left + (i * step if n > 1 else (WIDTH - left - right) / 2)

    def y(v: float) -> float:
        return top_pad + (height - top_pad - bottom) * (1 - float(v) / top)

    parts = [
        f'<line class="axis" x1="{left}" x2="{WIDTH - right}" y1="{y(0):.1f}" y2="{y(0):.1f}"></line>',
        f'<text class="tick" x="{left - 6}" y="{y(top) + 4:.1f}" text-anchor="end">{_e(_fmt(top))}</text>',
        f'<text class="tick" x="{left - 6}" y="{y(0) + 4:.1f}" text-anchor="end">0</text>',
    ]
    for series, cls in (("value", "line"), ("secondary", "line secondary")):
        points = [(x(i), y(getattr(b, series))) for i, b in enumerate(chart.bars) if getattr(b, series) is not None]
        if points:
            parts.append(
                f'<polyline class="{cls}" points="{" ".join(f"{px:.1f},{py:.1f}" for px, py in points)}"></polyline>'
            )
    label_every = max(1, math.ceil(n / 8)) if n else 1
    for i, bar in enumerate(chart.bars):
        if bar.value is not None:
            parts.append(
                f'<circle class="point" cx="{x(i):.1f}" cy="{y(bar.value):.1f}" r="4">'
                f"<title>{_e(bar.label)}: {_e(_fmt(bar.value))} {_e(chart.unit)}</title></circle>"
            )
        if bar.secondary is not None:
            parts.append(
                f'<rect class="point secondary" x="{x(i) - 3:.1f}" y="{y(bar.secondary) - 3:.1f}" width="6" height="6">'
                f"<title>{_e(bar.label)}: {_e(_fmt(bar.secondary))} {_e(chart.secondary_label)}</title></rect>"
            )
        if i % label_every == 0:
            parts.append(
                f'<text class="tick" x="{x(i):.1f}" y="{height - bottom + 18}" text-anchor="middle">{_e(bar.label)}</text>'
            )
    return height, "".join(parts)
