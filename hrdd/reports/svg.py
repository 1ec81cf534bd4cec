"""The severity x likelihood grid as inline SVG (no script, no external asset).

Markers differ by shape and letter as well as colour: I (inherent) is a filled circle, R
(residual) an open square, P (projected residual, once the conditions are in place) an open
diamond. Markers that share a cell are spread inside it. The ``<title>`` and ``<desc>``
carry the same text alternative the page prints under the figure.
"""

from collections.abc import Mapping
from typing import Any

from markupsafe import Markup, escape

from hrdd.reports.grid import SIZE, band, grid_alternative, marked_readings

CELL = 56
LEFT = 64
TOP = 12
BOTTOM = 56
INK = "#1b1b1b"
# positions of 1, 2 or 3 markers inside one cell, relative to its centre
SPREAD: dict[int, tuple[tuple[int, int], ...]] = {
    1: ((0, 0),),
    2: ((-13, 0), (13, 0)),
    3: ((-13, -12), (13, -12), (0, 13)),
}


def _cell_origin(severity: int, likelihood: int) -> tuple[int, int]:
    return LEFT + (severity - 1) * CELL, TOP + (SIZE - likelihood) * CELL


def _marker(letter: str, x: int, y: int, small: bool) -> str:
    half = 10 if small else 13
    if letter == "I":
        shape = f'<circle cx="{x}" cy="{y}" r="{half + 1}" fill="{INK}" stroke="{INK}" stroke-width="2"/>'
    elif letter == "R":
        shape = (f'<rect x="{x - half}" y="{y - half}" width="{2 * half}" height="{2 * half}" fill="#ffffff" '
                 f'stroke="{INK}" stroke-width="3"/>')
    else:
        d = half + 3
        shape = (f'<polygon points="{x},{y - d} {x + d},{y} {x},{y + d} {x - d},{y}" fill="#ffffff" '
                 f'stroke="{INK}" stroke-width="3"/>')
    ink = "#ffffff" if letter == "I" else INK
    size = 12 if small else 14
    label = (f'<text x="{x}" y="{y + size // 3 + 1}" text-anchor="middle" font-size="{size}" font-weight="700" '
             f'fill="{ink}">{letter}</text>')
    return f'<g class="marker marker-{letter.lower()}">{shape}{label}</g>'


def _frame(width: int, height: int, alt: str) -> list[str]:
    parts = [
        (f'<svg xmlns="http://www.w3.org/2000/svg" class="risk-grid" role="img" width="{width}" '
         f'height="{height}" viewBox="0 0 {width} {height}" aria-labelledby="grid-title grid-desc">'),
        '<title id="grid-title">Severity by likelihood grid</title>',
        f'<desc id="grid-desc">{escape(alt)}</desc>',
    ]
    for severity in range(1, SIZE + 1):
        for likelihood in range(1, SIZE + 1):
            x, y = _cell_origin(severity, likelihood)
            name, colour = band(severity, likelihood)
            parts.append(f'<rect class="cell band-{name}" x="{x}" y="{y}" width="{CELL}" height="{CELL}" '
                         f'fill="{colour}" stroke="#5f5f5f" stroke-width="1"/>')
    for n in range(1, SIZE + 1):
        x, _ = _cell_origin(n, 1)
        _, y = _cell_origin(1, n)
        parts.append(f'<text x="{x + CELL // 2}" y="{TOP + SIZE * CELL + 18}" text-anchor="middle" '
                     f'font-size="13" fill="{INK}">{n}</text>')
        parts.append(f'<text x="{LEFT - 10}" y="{y + CELL // 2 + 5}" text-anchor="end" font-size="13" '
                     f'fill="{INK}">{n}</text>')
    parts.append(f'<text x="{LEFT + SIZE * CELL // 2}" y="{TOP + SIZE * CELL + 44}" text-anchor="middle" '
                 f'font-size="13" fill="{INK}">Severity (1 least, 5 most severe)</text>')
    mid = TOP + SIZE * CELL // 2
    parts.append(f'<text x="18" y="{mid}" text-anchor="middle" font-size="13" fill="{INK}" '
                 f'transform="rotate(-90 18 {mid})">Likelihood (1 rare, 5 almost certain)</text>')
    return parts


def render_grid(inherent: Mapping[str, Any] | None, residual: Mapping[str, Any] | None,
                projected: Mapping[str, Any] | None = None) -> Markup:
    """The inline SVG grid with inherent (I), residual (R) and projected residual (P) marked."""
    width, height = LEFT + SIZE * CELL + 8, TOP + SIZE * CELL + BOTTOM
    parts = _frame(width, height, grid_alternative(inherent, residual, projected))
    cells: dict[tuple[int, int], list[str]] = {}
    for letter, _, reading in marked_readings(inherent, residual, projected):
        if reading is not None and reading["position"] is not None:
            position = reading["position"]
            cells.setdefault((position["severity"], position["likelihood"]), []).append(letter)
    for (severity, likelihood), letters in sorted(cells.items()):
        x, y = _cell_origin(severity, likelihood)
        for letter, (dx, dy) in zip(letters, SPREAD[len(letters)], strict=True):
            parts.append(_marker(letter, x + CELL // 2 + dx, y + CELL // 2 + dy, small=len(letters) == 3))
    parts.append("</svg>")
    return Markup("".join(parts))
