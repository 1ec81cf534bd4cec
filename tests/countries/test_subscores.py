"""Sub-score formulas: means of component readings, alternatives, evidence, missing data."""

from hypothesis import given
from hypothesis import strategies as st

from hrdd.countries.subscores import SPECS, compute_subscores, overall_risk, risk_trend


def _by_key(readings: dict[str, float | None]) -> dict[str, float | None]:
    return {s.key: s.risk for s in compute_subscores(readings)}


def test_subscore_is_the_mean_of_available_components() -> None:
    scores = _by_key({"vdem.v2x_civlib": 0.2, "wgi.va": 0.6})
    assert scores["civil_liberties"] == 0.4
    sub = compute_subscores({"vdem.v2x_civlib": 0.2, "wgi.va": 0.6})[0]
    assert sub.figures == ("vdem.v2x_civlib", "wgi.va")
    assert "vdem.v2x_civlib" in sub.method


def test_missing_data_stays_none_never_low_risk() -> None:
    scores = _by_key({"vdem.v2x_civlib": None})
    assert all(v is None for v in scores.values())
    assert overall_risk(compute_subscores({})) is None


def test_first_available_alternative_is_used_once() -> None:
    both = compute_subscores({"fh.cl": 0.1, "fh.cl_rating": 0.9})[0]
    assert both.risk == 0.1 and both.figures == ("fh.cl",)
    rating_only = compute_subscores({"fh.cl_rating": 0.9})[0]
    assert rating_only.risk == 0.9


def test_event_evidence_only_raises_digital_repression() -> None:
    assert _by_key({"vdem.v2mecenefi": 0.3, "keepiton.shutdowns": 0.6})["digital_repression"] == 0.6
    assert _by_key({"vdem.v2mecenefi": 0.9, "keepiton.shutdowns": 0.6})["digital_repression"] == 0.9
    assert _by_key({"netsweeper.installations": 0.4})["digital_repression"] == 0.4


def test_overall_weighs_the_worst_area() -> None:
    subs = compute_subscores({"vdem.v2x_civlib": 0.2, "vdem.v2x_clphy": 1.0})
    assert overall_risk(subs) == round(0.6 * 0.6 + 0.4 * 1.0, 4)


def test_trend_uses_only_figures_present_at_both_dates() -> None:
    now = {"vdem.v2x_civlib": 0.6, "wgi.va": 0.9}
    then = {"vdem.v2x_civlib": 0.4}
    assert risk_trend(now, then) == 0.2  # wgi.va is new, so it does not count as worsening
    assert risk_trend(now, {}) is None
    assert risk_trend({"vdem.v2x_civlib": 0.3}, {"vdem.v2x_civlib": 0.5}) == -0.2


_KEYS = sorted({k for spec in SPECS for k in spec.figure_keys()})


@given(st.dictionaries(st.sampled_from(_KEYS), st.one_of(st.none(), st.floats(0.0, 1.0))))
def test_scores_stay_within_bounds_and_none_only_without_data(readings: dict[str, float | None]) -> None:
    subs = compute_subscores(readings)
    for spec, sub in zip(SPECS, subs, strict=True):
        has_data = any(readings.get(k) is not None for k in spec.figure_keys())
        assert (sub.risk is not None) == has_data
        assert sub.risk is None or 0.0 <= sub.risk <= 1.0
    risk = overall_risk(subs)
    assert risk is None or 0.0 <= risk <= 1.0


@given(st.dictionaries(st.sampled_from(_KEYS), st.floats(0.0, 0.9), min_size=1), st.sampled_from(_KEYS))
def test_a_worse_reading_never_lowers_the_overall_risk(readings: dict[str, float | None], key: str) -> None:
    before = overall_risk(compute_subscores(readings))
    worse = dict(readings)
    worse[key] = min(1.0, (readings.get(key) or 0.0) + 0.1) if key in readings else None
    after = overall_risk(compute_subscores(worse))
    assert before is not None and after is not None and after >= before - 1e-9
