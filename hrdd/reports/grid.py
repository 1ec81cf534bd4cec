"""The severity x likelihood grid: where a risk reading sits, and the inline SVG that shows it.

Severity follows the UNGP vocabulary (scale, scope, irremediable character), each on 1..5;
likelihood is on 1..5. The report may give one overall severity (``severity.overall`` or a
number); otherwise the cell is the rounded mean of the three components, and the text
alternative says so. A reading without a likelihood is not placed: the grid never guesses.

Cell shading uses the usual 5x5 bands on severity x likelihood (1-5 low, 6-10 medium, 11-15
high, 16-25 critical). The markers differ by shape and letter as well as colour.
"""

from collections.abc import Mapping
from typing import Any

from markupsafe import Markup, escape

SIZE = 5
CELL = 56
LEFT = 64
TOP = 12
BOTTOM = 56
BANDS: tuple[tuple[int, str, str], ...] = (
    (5, "low", "#dcefdc"),
    (10, "medium", "#fbefc2"),
    (15, "high", "#f8d3b0"),
    (25, "critical", "#f1b9b5"),
)


def _round_half_up(value: float) -> int:
    return int(value + 0.5)


def _clamp(value: float) -> int:
    return max(1, min(SIZE, _round_half_up(value)))


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _severity_index(risk: Mapping[str, Any]) -> tuple[float, str] | None:
    """The 1..5 severity of a reading and how it was obtained, or ``None``."""
    severity = risk.get("severity")
    value = _number(severity)
    if value is not None:
        return value, ""
    if not isinstance(severity, Mapping):
        return None
    value = _number(severity.get("overall"))
    if value is not None:
        return value, ""
    parts = [_number(severity.get(k)) for k in ("scale", "scope", "irremediability")]
    known = [p for p in parts if p is not None]
    if len(known) != len(parts):
        return None
    return sum(known) / len(known), "Severity is the mean of scale, scope and irremediability, rounded."


def grid_position(risk: Mapping[str, Any]) -> dict[str, Any] | None:
    """``{"severity", "likelihood", "basis"}`` on 1..5, or ``None`` if the reading lacks either."""
    severity = _severity_index(risk)
    likelihood = _number(risk.get("likelihood"))
    if severity is None or likelihood is None:
        return None
    return {"severity": _clamp(severity[0]), "likelihood": _clamp(likelihood), "basis": severity[1]}


def residual_position(residual: Mapping[str, Any], inherent: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """Where residual risk sits: as given, else read off its score at the inherent severity.

    Safeguards lower how likely the harm is, not how grave it would be, so residual risk keeps
    the inherent severity ``S``. Its likelihood is the one that gives the residual score on the
    5 x 5 grid rescaled to 0..100, ``score = 100 * (S * L - 1) / 24``.
    """
    given = grid_position(residual)
    if given is not None or inherent is None:
        return given
    severity = _severity_index(inherent)
    score = _number(residual.get("score"))
    if severity is None or score is None or severity[0] <= 0:
        return None
    likelihood = (score * 24 / 100 + 1) / severity[0]
    return {"severity": _clamp(severity[0]), "likelihood": _clamp(likelihood),
            "basis": ("Placed at the inherent severity, with the likelihood that gives the residual score "
                      "on the 5 x 5 grid (score = 100 x (severity x likelihood - 1) / 24).")}


def band(severity: int, likelihood: int) -> tuple[str, str]:
    product = severity * likelihood
    for upper, name, colour in BANDS:
        if product <= upper:
            return name, colour
    raise ValueError(f"cell {severity}x{likelihood} outside the 5x5 grid")


def describe_position(name: str, reading: Mapping[str, Any] | None) -> str:
    """One sentence of the text alternative for one reading (inherent or residual)."""
    if reading is None:
        return f"{name} risk is not given."
    level = reading["level"]["label"].lower() if reading["level"] else "level not given"
    score = f", {reading['score']:g}/100" if reading["score"] is not None else ""
    position = reading["position"]
    if position is None:
        return (f"{name} risk is {level}{score}; it is not placed on the grid because the report "
                "gives no severity and likelihood for it.")
    basis = f" {position['basis']}" if position["basis"] else ""
    return (f"{name} risk is {level}{score}: severity {position['severity']} of 5, "
            f"likelihood {position['likelihood']} of 5.{basis}")


def _cell_origin(severity: int, likelihood: int) -> tuple[int, int]:
    return LEFT + (severity - 1) * CELL, TOP + (SIZE - likelihood) * CELL


def _marker(letter: str, filled: bool, x: int, y: int) -> str:
    fill, stroke, ink = ("#1b1b1b", "#1b1b1b", "#ffffff") if filled else ("#ffffff", "#1b1b1b", "#1b1b1b")
    shape = (f'<circle cx="{x}" cy="{y}" r="14" fill="{fill}" stroke="{stroke}" stroke-width="3"/>'
             if filled else
             f'<rect x="{x - 13}" y="{y - 13}" width="26" height="26" fill="{fill}" stroke="{stroke}" '
             f'stroke-width="3"/>')
    label = (f'<text x="{x}" y="{y + 5}" text-anchor="middle" font-size="14" font-weight="700" '
             f'fill="{ink}">{letter}</text>')
    return f'<g class="marker marker-{letter.lower()}">{shape}{label}</g>'


def render_grid(inherent: Mapping[str, Any] | None, residual: Mapping[str, Any] | None) -> Markup:
    """The inline SVG grid with inherent (I, filled circle) and residual (R, square) marked."""
    width, height = LEFT + SIZE * CELL + 8, TOP + SIZE * CELL + BOTTOM
    alt = grid_alternative(inherent, residual)
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
                     f'font-size="13" fill="#1b1b1b">{n}</text>')
        parts.append(f'<text x="{LEFT - 10}" y="{y + CELL // 2 + 5}" text-anchor="end" font-size="13" '
                     f'fill="#1b1b1b">{n}</text>')
    parts.append(f'<text x="{LEFT + SIZE * CELL // 2}" y="{TOP + SIZE * CELL + 44}" text-anchor="middle" '
                 'font-size="13" fill="#1b1b1b">Severity (1 least, 5 most severe)</text>')
    mid = TOP + SIZE * CELL // 2
    parts.append(f'<text x="18" y="{mid}" text-anchor="middle" font-size="13" fill="#1b1b1b" '
                 f'transform="rotate(-90 18 {mid})">Likelihood (1 rare, 5 almost certain)</text>')
    placed = [(letter, filled, reading["position"])
              for letter, filled, reading in (("I", True, inherent), ("R", False, residual))
              if reading is not None and reading["position"] is not None]
    same_cell = len(placed) == 2 and all(
        placed[0][2][k] == placed[1][2][k] for k in ("severity", "likelihood"))
    for index, (letter, filled, position) in enumerate(placed):
        x, y = _cell_origin(position["severity"], position["likelihood"])
        offset = (-13 if index == 0 else 13) if same_cell else 0
        parts.append(_marker(letter, filled, x + CELL // 2 + offset, y + CELL // 2))
    parts.append("</svg>")
    return Markup("".join(parts))


def grid_alternative(inherent: Mapping[str, Any] | None, residual: Mapping[str, Any] | None) -> str:
    """The grid's text alternative, printed visibly under the figure."""
    first = describe_position("Inherent", inherent)
    second = describe_position("Residual", residual)
    basis = inherent["position"]["basis"] if inherent and inherent["position"] else ""
    if basis and second.endswith(" " + basis):  # said once is enough
        second = second[: -len(basis) - 1]
    return f"{first} {second}"


def grid_rows(inherent: Mapping[str, Any] | None, residual: Mapping[str, Any] | None) -> list[dict[str, Any]]:
    """The grid as text rows, likelihood 5 down to 1, each cell "I", "R", "I R" or ""."""
    marks: dict[tuple[int, int], list[str]] = {}
    for letter, reading in (("I", inherent), ("R", residual)):
        if reading is not None and reading["position"] is not None:
            key = (reading["position"]["severity"], reading["position"]["likelihood"])
            marks.setdefault(key, []).append(letter)
    return [{"likelihood": likelihood,
             "cells": [" ".join(marks.get((severity, likelihood), [])) for severity in range(1, SIZE + 1)]}
            for likelihood in range(SIZE, 0, -1)]
