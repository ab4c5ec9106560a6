"""Charts as inline SVG, drawn in Python: one helper for the report's horizontal bar charts.

Every label and title goes through html.escape, so a name like `<img src=x onerror=alert(1)>` is text
in the SVG as in the HTML around it. Each bar carries its count in `data-count` (and prints it), and
links to the evidence behind it when given an `href` ('#anchor' only: the report links within itself).
"""

from __future__ import annotations

import html
from dataclasses import dataclass

WIDTH = 760
_ROW = 24
_BAR = 16
_LABEL = 300  # pixels for the labels on the left
_CHARS = 40  # labels longer than this are cut with "…" (the whole label is the bar's tooltip)
COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#8c8c8c")


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    href: str = ""  # '#anchor' of the evidence
    note: str = ""  # shown after the value, e.g. the broader concept
    colour: str = COLOURS[0]


def bar_chart(bars: list[Bar], *, title: str, unit: str = "", digits: int = 0) -> str:
    """A horizontal bar chart, largest first as given; `title` names it for screen readers."""
    if not bars:
        return ""
    top = max(b.value for b in bars) or 1
    span = WIDTH - _LABEL - 150
    height = _ROW * len(bars) + 6
    out = [
        f'<svg class="chart" role="img" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" aria-label="{_e(title)}">',
        f"<title>{_e(title)}</title>",
    ]
    for i, bar in enumerate(bars):
        y = 3 + i * _ROW
        length = max(1.0, span * bar.value / top)
        value = f"{bar.value:.{digits}f}" + (f" {unit}" if unit else "")
        label = bar.label if len(bar.label) <= _CHARS else bar.label[: _CHARS - 1] + "…"
        tip = f"{bar.label}: {value}" + (f" ({bar.note})" if bar.note else "")
        row = [
            f'<g class="bar" data-label="{_e(bar.label)}" data-count="{_e(_number(bar.value))}">',
            f"<title>{_e(tip)}</title>",
            f'<text x="{_LABEL - 8}" y="{y + _BAR - 4}" text-anchor="end">{_e(label)}</text>',
            f'<rect x="{_LABEL}" y="{y}" width="{length:.1f}" height="{_BAR}" fill="{_e(bar.colour)}"/>',
            f'<text x="{_LABEL + length + 6:.1f}" y="{y + _BAR - 4}" class="value">{_e(value)}'
            + (f' <tspan class="note">{_e(bar.note)}</tspan>' if bar.note else "")
            + "</text>",
            "</g>",
        ]
        if bar.href.startswith("#"):
            row = [f'<a href="{_e(bar.href)}">', *row, "</a>"]
        out.extend(row)
    out.append("</svg>")
    return "\n".join(out)


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)
