"""Charts as inline SVG, drawn in Python: one helper for the report's horizontal bar charts.

Every label and title goes through html.escape, so a name like `<img src=x onerror=alert(1)>` is text
in the SVG as in the HTML around it. Each bar carries its count in `data-count` (and prints it), and
links to the evidence behind it when given an `href` ('#anchor' only: the report links within itself).
"""

from __future__ import annotations

import html
from dataclasses import dataclass

WIDTH = 860
_ROW = 24
_BAR = 16
_LABEL = 300  # pixels for the labels on the left
_CHARS = 40  # labels longer than this are cut with "…" (the whole label is the bar's tooltip)
_NOTE = 34  # notes after a bar are cut to this many characters
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
    notes = max((len(b.note) for b in bars), default=0)
    span = WIDTH - _LABEL - 70 - min(_NOTE, notes) * 7  # room for the value and the note after the longest bar
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
        label = _cut(bar.label, _CHARS)
        tip = f"{bar.label}: {value}" + (f" ({bar.note})" if bar.note else "")
        row = [
            f'<g class="bar" data-label="{_e(bar.label)}" data-count="{_e(_number(bar.value))}">',
            f"<title>{_e(tip)}</title>",
            f'<text x="{_LABEL - 8}" y="{y + _BAR - 4}" text-anchor="end">{_e(label)}</text>',
            f'<rect x="{_LABEL}" y="{y}" width="{length:.1f}" height="{_BAR}" fill="{_e(bar.colour)}"/>',
            f'<text x="{_LABEL + length + 6:.1f}" y="{y + _BAR - 4}" class="value">{_e(value)}'
            + (f' <tspan class="note">{_e(_cut(bar.note, _NOTE))}</tspan>' if bar.note else "")
            + "</text>",
            "</g>",
        ]
        if bar.href.startswith("#"):
            row = [f'<a href="{_e(bar.href)}">', *row, "</a>"]
        out.extend(row)
    out.append("</svg>")
    return "\n".join(out)


def column_chart(bars: list[Bar], *, title: str, height: int = 180) -> str:
    """A column chart for a series in order (a timeline): one column per bar, every few labelled below."""
    if not bars:
        return ""
    top = max(b.value for b in bars) or 1
    left, bottom, plot = 40, 34, WIDTH - 50
    step = plot / len(bars)
    every = max(1, round(len(bars) / 8))  # about eight labels along the axis
    out = [
        f'<svg class="chart" role="img" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" aria-label="{_e(title)}">',
        f"<title>{_e(title)}</title>",
        f'<text x="{left - 6}" y="14" text-anchor="end" class="value">{_e(_number(top))}</text>',
        f'<line x1="{left}" y1="{height - bottom}" x2="{left + plot}" y2="{height - bottom}" stroke="#8c8c8c"/>',
    ]
    span = height - bottom - 10
    for i, bar in enumerate(bars):
        tall = max(1.0, span * bar.value / top)
        x = left + i * step
        out += [
            f'<g class="bar" data-label="{_e(bar.label)}" data-count="{_e(_number(bar.value))}">',
            f"<title>{_e(f'{bar.label}: {_number(bar.value)}')}</title>",
            f'<rect x="{x + step * 0.1:.1f}" y="{height - bottom - tall:.1f}" width="{max(1.0, step * 0.8):.1f}" '
            f'height="{tall:.1f}" fill="{_e(bar.colour)}"/>',
        ]
        if i % every == 0:
            out.append(
                f'<text x="{x + step / 2:.1f}" y="{height - bottom + 16}" text-anchor="middle">{_e(bar.label)}</text>'
            )
        out.append("</g>")
    out.append("</svg>")
    return "\n".join(out)


def _cut(text: str, chars: int) -> str:
    return text if len(text) <= chars else text[: chars - 1] + "…"


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)
