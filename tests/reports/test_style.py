"""The stylesheet keeps text readable: WCAG AA contrast (4.5:1) for every coloured pair."""

import re
from importlib import resources

import pytest

CSS = resources.files("hrdd.reports").joinpath("templates/report.css").read_text(encoding="utf-8")
INK, MUTED, PAPER = "#1b1b1b", "#4a4a4a", "#ffffff"


def _luminance(colour: str) -> float:
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _rule(selector: str) -> dict[str, str]:
    match = re.search(re.escape(selector) + r"\s*\{([^}]*)\}", CSS)
    assert match, f"{selector} not found in report.css"
    return dict(re.findall(r"([\w-]+)\s*:\s*(#[0-9a-fA-F]{6})", match.group(1)))


def test_contrast_of_a_known_pair() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") < 4.5  # the check can fail


@pytest.mark.parametrize("level", ["low", "medium", "high", "critical"])
def test_level_badges_are_readable(level: str) -> None:
    rule = _rule(f".level-{level}")
    assert contrast(rule["color"], rule["background"]) >= 4.5


@pytest.mark.parametrize("selector", [".rec-do_not_proceed", ".rec-escalate", ".rec-proceed_with_conditions",
                                      ".rec-proceed", ".note", ".clause", "thead th"])
def test_ink_on_tinted_backgrounds_is_readable(selector: str) -> None:
    background = _rule(selector)["background"]
    assert contrast(INK, background) >= 4.5
    assert contrast(MUTED, background) >= 4.5


def test_warnings_and_links_are_readable() -> None:
    warning = _rule(".warning")
    assert contrast(warning["color"], warning["background"]) >= 4.5
    assert contrast("#1f4e79", PAPER) >= 4.5  # --accent, used for links
