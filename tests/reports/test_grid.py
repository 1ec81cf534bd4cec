"""Where a risk reading sits on the 5 x 5 grid, and the SVG that shows it."""

from typing import Any

import pytest

from hrdd.reports.grid import band, grid_alternative, grid_position, grid_rows, residual_position
from hrdd.reports.view import view_risk


def test_position_rounds_the_mean_of_the_three_components() -> None:
    position = grid_position({"severity": {"scale": 4, "scope": 4, "irremediability": 3}, "likelihood": 3.6})
    assert position is not None
    assert (position["severity"], position["likelihood"]) == (4, 4)  # 3.67 -> 4, 3.6 -> 4
    assert position["basis"] == "severity is the mean of scale, scope and irremediability, rounded"


def test_an_overall_severity_is_used_as_given() -> None:
    position = grid_position({"severity": {"overall": 2, "scale": 5, "scope": 5, "irremediability": 5},
                              "likelihood": 1})
    assert position == {"severity": 2, "likelihood": 1, "basis": ""}


@pytest.mark.parametrize("risk", [
    {"severity": {"scale": 4, "scope": 4}, "likelihood": 3},
    {"severity": {"scale": 4, "scope": 4, "irremediability": 3}},
    {"level": "medium", "score": 48},
])
def test_an_incomplete_reading_is_not_placed(risk: dict[str, Any]) -> None:
    assert grid_position(risk) is None


def test_values_outside_the_scale_are_clamped() -> None:
    assert grid_position({"severity": 7, "likelihood": 0}) == {"severity": 5, "likelihood": 1, "basis": ""}


def test_residual_without_position_is_read_off_its_score() -> None:
    inherent = {"severity": {"scale": 4, "scope": 4, "irremediability": 3}, "likelihood": 4, "score": 71}
    # 100 * (S * L - 1) / 24 with S = 11/3: score 48 gives L = (48 * 0.24 + 1) / S = 3.41
    position = residual_position({"level": "medium", "score": 48}, inherent)
    assert position is not None
    assert (position["severity"], position["likelihood"]) == (4, 3)
    assert "inherent severity" in position["basis"]
    # the inverse is exact at the inherent score itself
    same = residual_position({"score": 100 * (11 / 3 * 4 - 1) / 24}, inherent)
    assert same is not None and same["likelihood"] == 4


def test_residual_given_explicitly_wins() -> None:
    inherent = {"severity": 5, "likelihood": 5}
    assert residual_position({"severity": 5, "likelihood": 2, "score": 96}, inherent) == {
        "severity": 5, "likelihood": 2, "basis": ""}


@pytest.mark.parametrize("cell, name", [((1, 5), "low"), ((2, 3), "medium"), ((3, 5), "high"), ((4, 4), "critical")])
def test_bands_follow_the_usual_products(cell: tuple[int, int], name: str) -> None:
    assert band(*cell)[0] == name


def test_rows_and_text_alternative_name_each_reading_once() -> None:
    inherent = view_risk({"level": "critical", "score": 93, "severity": {"scale": 5, "scope": 5,
                                                                      "irremediability": 4}, "likelihood": 5})
    residual = view_risk({"level": "critical", "score": 93}, {"severity": 5, "likelihood": 5})
    projected = view_risk({"level": "high", "score": 60}, {"severity": 5, "likelihood": 5})
    rows = grid_rows(inherent, residual, projected)
    assert rows[0] == {"likelihood": 5, "cells": ["", "", "", "", "I R"]}
    assert rows[2] == {"likelihood": 3, "cells": ["", "", "", "", "P"]}
    alt = grid_alternative(inherent, residual, projected)
    assert alt.endswith("For inherent risk, severity is the mean of scale, scope and irremediability, rounded. "
                        "For residual and projected residual risk, placed at the inherent severity, with the "
                        "likelihood that gives its score on the 5 x 5 grid (score = 100 x (severity x likelihood "
                        "- 1) / 24).")
    assert "Projected residual risk is high, 60/100: severity 5 of 5, likelihood 3 of 5." in alt
    assert "Projected" not in grid_alternative(inherent, residual)


def test_a_severity_index_is_read_as_the_mean() -> None:
    position = grid_position({"severity": {"scale": 5, "scope": 5, "irremediability": 4, "index": 4.67},
                              "likelihood": 5})
    assert position is not None and position["severity"] == 5 and "mean" in position["basis"]
