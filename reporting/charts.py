"""Charts for the PDF, drawn on the server as SVG (no JavaScript). Each has a <title> and <desc>, so a
screen reader of the tagged PDF gets the chart's content in words."""

from __future__ import annotations

import math
from collections.abc import Sequence
from xml.sax.saxutils import escape

from django.utils.safestring import SafeString, mark_safe

from reporting.suppression import Cell

WIDTH = 640
HEIGHT = 230
MARGIN_LEFT = 44
MARGIN_RIGHT = 16
MARGIN_TOP = 26
MARGIN_BOTTOM = 34
BAR_COLOUR = "#1f5f4a"
REFERENCE_COLOUR = "#b3541e"
TEXT_COLOUR = "#222222"
GRID_COLOUR = "#d0d7de"


def _nice_step(maximum: float) -> float:
    """A round step for about four grid lines."""
    if maximum <= 0:
        return 1.0
    raw = maximum / 4
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * magnitude:
            return float(factor * magnitude)
    return float(10 * magnitude)  # pragma: no cover


def _format(value: float) -> str:
    text = f"{value:.1f}".replace(".", ",")
    return text.removesuffix(",0")


def bar_chart_svg(
    *,
    ident: str,
    title: str,
    description: str,
    labels: Sequence[str],
    values: Sequence[Cell],
    reference: float | None = None,
    reference_label: str = "",
) -> SafeString:
    """A simple bar chart. Hidden (suppressed) values get no bar, only their mark (e.g. "< 5");
    ``reference`` draws a dashed line, e.g. at the funded places. ``ident`` keeps the ids of the
    title and description unique in the document."""
    numbers = [float(v) for v in values if isinstance(v, int | float) and not isinstance(v, bool)]
    top = max([*numbers, reference or 0.0, 1.0])
    step = _nice_step(top)
    top = step * math.ceil(top / step)
    plot_width = WIDTH - MARGIN_LEFT - MARGIN_RIGHT
    plot_height = HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
    baseline = MARGIN_TOP + plot_height

    def y(value: float) -> float:
        return baseline - value / top * plot_height

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" '
        f'height="{HEIGHT}" role="img" aria-labelledby="{ident}-title {ident}-desc" class="chart">',
        f'<title id="{ident}-title">{escape(title)}</title>',
        f'<desc id="{ident}-desc">{escape(description)}</desc>',
        f'<g font-family="Atkinson Hyperlegible, sans-serif" font-size="11" fill="{TEXT_COLOUR}">',
    ]
    tick = 0.0
    while tick <= top + 1e-9:
        parts.append(
            f'<line x1="{MARGIN_LEFT}" x2="{WIDTH - MARGIN_RIGHT}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" '
            f'stroke="{GRID_COLOUR}" stroke-width="1"/>'
            f'<text x="{MARGIN_LEFT - 6}" y="{y(tick) + 4:.1f}" text-anchor="end">{_format(tick)}</text>'
        )
        tick += step
    count = max(len(values), 1)
    slot = plot_width / count
    bar_width = min(slot * 0.6, 48)
    for index, (label, value) in enumerate(zip(labels, values, strict=True)):
        centre = MARGIN_LEFT + slot * index + slot / 2
        if isinstance(value, int | float) and not isinstance(value, bool):
            top_y = y(float(value))
            parts.append(
                f'<rect x="{centre - bar_width / 2:.1f}" y="{top_y:.1f}" width="{bar_width:.1f}" '
                f'height="{baseline - top_y:.1f}" fill="{BAR_COLOUR}"/>'
                f'<text x="{centre:.1f}" y="{top_y - 4:.1f}" text-anchor="middle">'
                f"{_format(float(value))}</text>"
            )
        elif value is not None:
            parts.append(
                f'<text x="{centre:.1f}" y="{baseline - 4:.1f}" text-anchor="middle">'
                f"{escape(str(value))}</text>"
            )
        parts.append(
            f'<text x="{centre:.1f}" y="{baseline + 16:.1f}" text-anchor="middle">{escape(label)}</text>'
        )
    if reference is not None:
        parts.append(
            f'<line x1="{MARGIN_LEFT}" x2="{WIDTH - MARGIN_RIGHT}" y1="{y(reference):.1f}" '
            f'y2="{y(reference):.1f}" stroke="{REFERENCE_COLOUR}" stroke-width="2" stroke-dasharray="6 4"/>'
            f'<text x="{WIDTH - MARGIN_RIGHT}" y="{y(reference) - 5:.1f}" text-anchor="end" '
            f'fill="{REFERENCE_COLOUR}">{escape(reference_label)}</text>'
        )
    parts.append(
        f'<line x1="{MARGIN_LEFT}" x2="{WIDTH - MARGIN_RIGHT}" y1="{baseline}" y2="{baseline}" '
        f'stroke="{TEXT_COLOUR}" stroke-width="1"/></g></svg>'
    )
    return mark_safe("".join(parts))  # noqa: S308 - every text inside is escaped above
