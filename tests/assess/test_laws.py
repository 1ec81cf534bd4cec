"""The law profile's guarantees in the score and the report: each one explained and cited."""

from typing import Any

from hrdd.assess.laws import law_contributions
from hrdd.assess.tuning import DEFAULT_TUNING
from hrdd.model import CountryContext, LegalGuarantee
from hrdd.reports.render import render_markdown
from tests.assess.test_calibration import _reports


def _context(*guarantees: LegalGuarantee) -> Any:
    class _Ctx:
        country = CountryContext(code="XX", name="Testland", oversight_body="Board", data_protection_law="Act",
                                 guarantees=guarantees, profile_source="authored")
    return _Ctx()


def _g(category: str, value: str) -> LegalGuarantee:
    known = value != "unknown"
    return LegalGuarantee(category, value, reason="why", source_url="https://example.org/x" if known else "",
                          checked="2026-12-06" if known else "", verified=known)


def test_a_missing_guarantee_adds_points_a_partial_one_half_and_yes_or_unknown_nothing() -> None:
    parts = law_contributions(_context(_g("notification", "no"), _g("necessity_proportionality", "partial"),
                                       _g("remedy", "yes"), _g("transparency", "unknown")), DEFAULT_TUNING, False)
    points = {p.factor: p.value for p in parts}
    assert points == {"law:notification": 0.15, "law:necessity_proportionality": 0.075, "law:remedy": 0.0,
                      "law:transparency": 0.0}
    details = {p.factor: p.detail for p in parts}
    assert "not provided by law (why; https://example.org/x, checked 2026-12-06)" in details["law:notification"]
    assert "not established, so it adds nothing (why)" in details["law:transparency"]


def test_each_guarantee_only_ever_raises_likelihood_as_it_gets_worse() -> None:
    order = ("yes", "unknown", "partial", "no")
    values = [law_contributions(_context(_g("remedy", v)), DEFAULT_TUNING, False)[0].value for v in order]
    assert values == sorted(values) and values[0] == values[1] == 0.0 < values[2] < values[3]


def test_the_report_explains_and_cites_every_guarantee() -> None:
    report = _reports()["05-body-cameras-police-gb"]
    found = {c["factor"]: c for c in report["inherent_risk"]["likelihood_contributions"]}
    assert found["law:notification"]["value"] == 0.075
    assert "https://data.guardint.org/en/entity/1559md2if6cj?page=106, checked 2026-12-06" in \
        found["law:notification"]["detail"]
    assert [g["category"] for g in report["country"]["guarantees"]] == [
        "notification", "necessity_proportionality", "remedy", "transparency"]
    markdown = render_markdown(report)
    assert "### Guarantees against abuse in the surveillance law" in markdown
    assert "| Notification | partial |" in markdown
