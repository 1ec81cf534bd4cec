"""The severity x likelihood grid: where a risk reading sits, and its text alternative.

Severity follows the UNGP vocabulary (scale, scope, irremediable character), each on 1..5;
likelihood is on 1..5. The report may give one overall severity (``severity.overall`` or a
number); otherwise the cell is the rounded mean of the three components, and the text
alternative says so. A reading without a likelihood is not placed: the grid never guesses.

Cell shading uses the usual 5x5 bands on severity x likelihood (1-5 low, 6-10 medium, 11-15
high, 16-25 critical). ``hrdd.reports.svg`` draws the grid; this module decides what it shows.
"""

from collections.abc import Mapping
from typing import Any

SIZE = 5
MEAN_BASIS = "severity is the mean of scale, scope and irremediability, rounded"
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
    value = _number(severity.get("index"))  # hrdd.reports.build: the unrounded mean of the three
    if value is not None:
        return value, MEAN_BASIS
    parts = [_number(severity.get(k)) for k in ("scale", "scope", "irremediability")]
    known = [p for p in parts if p is not None]
    if len(known) != len(parts):
        return None
    return sum(known) / len(known), MEAN_BASIS


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
            "basis": ("placed at the inherent severity, with the likelihood that gives its score on the "
                      "5 x 5 grid (score = 100 x (severity x likelihood - 1) / 24)")}


def band(severity: int, likelihood: int) -> tuple[str, str]:
    product = severity * likelihood
    for upper, name, colour in BANDS:
        if product <= upper:
            return name, colour
    raise ValueError(f"cell {severity}x{likelihood} outside the 5x5 grid")


# The readings a grid can mark, with the letter that marks each one.
MARKS: tuple[tuple[str, str], ...] = (("I", "Inherent"), ("R", "Residual"), ("P", "Projected residual"))


def describe_position(name: str, reading: Mapping[str, Any] | None) -> tuple[str, str]:
    """One sentence of the text alternative for one reading, and the basis of its position."""
    if reading is None:
        return f"{name} risk is not given.", ""
    level = reading["level"]["label"].lower() if reading["level"] else "level not given"
    score = f", {reading['score']:g}/100" if reading["score"] is not None else ""
    position = reading["position"]
    if position is None:
        return (f"{name} risk is {level}{score}; it is not placed on the grid because the report "
                "gives no severity and likelihood for it."), ""
    return (f"{name} risk is {level}{score}: severity {position['severity']} of 5, "
            f"likelihood {position['likelihood']} of 5."), position["basis"]


def marked_readings(inherent: Mapping[str, Any] | None, residual: Mapping[str, Any] | None,
                    projected: Mapping[str, Any] | None = None) -> list[tuple[str, str, Mapping[str, Any] | None]]:
    """(letter, name, reading) for inherent and residual, and projected residual when the report has it."""
    readings = (inherent, residual, projected)
    return [(letter, name, reading) for (letter, name), reading in zip(MARKS, readings, strict=True)
            if letter != "P" or reading is not None]


def grid_alternative(inherent: Mapping[str, Any] | None, residual: Mapping[str, Any] | None,
                     projected: Mapping[str, Any] | None = None) -> str:
    """The grid's text alternative, printed visibly under the figure; each basis said once."""
    sentences: list[str] = []
    bases: dict[str, list[str]] = {}
    for _, name, reading in marked_readings(inherent, residual, projected):
        sentence, basis = describe_position(name, reading)
        sentences.append(sentence)
        if basis:
            bases.setdefault(basis, []).append(name.lower())
    for basis, names in bases.items():
        who = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        sentences.append(f"For {who} risk, {basis}.")
    return " ".join(sentences)


def grid_rows(inherent: Mapping[str, Any] | None, residual: Mapping[str, Any] | None,
              projected: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
    """The grid as text rows, likelihood 5 down to 1, each cell "", "I", "I R", "R P" ..."""
    marks: dict[tuple[int, int], list[str]] = {}
    for letter, _, reading in marked_readings(inherent, residual, projected):
        if reading is not None and reading["position"] is not None:
            key = (reading["position"]["severity"], reading["position"]["likelihood"])
            marks.setdefault(key, []).append(letter)
    return [{"likelihood": likelihood,
             "cells": [" ".join(marks.get((severity, likelihood), [])) for severity in range(1, SIZE + 1)]}
            for likelihood in range(SIZE, 0, -1)]
