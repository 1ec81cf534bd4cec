"""Calibration: a panel of reference scenarios (the examples plus scenarios written from public
reporting in ``tests/assess/panel``) comes out in the order a reviewer would put them, and
docs/method.md's calibration table is what the engine computes.

The panel is assessed without restricted-party lists, so the order reflects the human-rights
risk (severity x likelihood) and not screening. Regenerate the table with
``python -m tests.assess.test_calibration``.
"""

from functools import cache
from pathlib import Path
from typing import Any

from hrdd.casefile import load_case
from hrdd.catalog import default_catalog
from hrdd.services.assessments import assess_case
from hrdd.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "method.md"
BEGIN, END = "<!-- calibration:begin -->", "<!-- calibration:end -->"
PANEL = sorted((ROOT / "examples").glob("*.yaml")) + sorted((ROOT / "tests" / "assess" / "panel").glob("*.yaml"))

# A reviewer's order, lowest first: every scenario of a tier must score below every one of the next.
TIERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("civil uses with safeguards; one-to-one verification", (
        "02-toll-plate-recognition-dk", "09-retail-store-analytics-de", "11-drones-search-rescue-no",
        "12-airport-face-boarding-cl", "15-retail-cameras-crimea-us-seller", "19-car-park-plates-donetsk-us-seller",
        "p2-egates-airport-no")),
    ("overt recording or patrol by police, enforcement and border officers", (
        "05-body-cameras-police-gb", "17-incomplete-body-cameras-enforcement-nl", "21-drones-coast-guard-ly")),
    ("interception or forensics under oversight; cameras and analytics for governments of concern", (
        "13-mobile-forensics-sanctioned-partner-gr", "18-lawful-interception-operator-de",
        "10-network-cameras-municipality-ir", "16-video-analytics-venezuela-government-us-seller")),
    ("identification, interception or location tracking at scale in high-risk settings", (
        "01-city-police-video-analytics-br", "04-dpi-state-telecom-eg", "06-imsi-catcher-via-distributor-ae",
        "07-border-biometrics-ke", "14-interception-eu-seller-ir", "20-dpi-uk-seller-by")),
    ("intrusion or interception for end users with documented misuse", (
        "08-renewal-lawful-interception-et", "03-spyware-state-security-sa", "p1-pegasus-army-mx")),
)


@cache
def panel_reports(home: str) -> dict[str, dict[str, Any]]:
    settings = Settings(home=Path(home))
    catalog = default_catalog()
    return {p.stem: assess_case(load_case(p, catalog), settings=settings).report for p in PANEL}


def _reports() -> dict[str, dict[str, Any]]:
    return panel_reports(str(ROOT / ".no-lists-home"))


def test_every_panel_scenario_is_placed_in_a_tier() -> None:
    placed = [name for _, names in TIERS for name in names]
    assert sorted(placed) == sorted(p.stem for p in PANEL)


def test_panel_comes_out_in_the_reviewers_order() -> None:
    reports = _reports()
    scores = [[reports[name]["inherent_risk"]["score"] for name in names] for _, names in TIERS]
    for (lower_tier, _), (upper_tier, _), lower, upper in zip(TIERS, TIERS[1:], scores, scores[1:], strict=False):
        assert max(lower) < min(upper), f"{lower_tier} {lower} should score below {upper_tier} {upper}"


def test_verification_identification_and_covert_intrusion_are_apart() -> None:
    reports = _reports()
    severity = {name: reports[name]["inherent_risk"]["severity"]["index"] for name in reports}
    verification = max(severity["12-airport-face-boarding-cl"], severity["p2-egates-airport-no"])
    identification = severity["01-city-police-video-analytics-br"]
    intrusion = min(severity["03-spyware-state-security-sa"], severity["p1-pegasus-army-mx"])
    assert verification + 1.5 <= identification < intrusion


def test_likelihood_does_not_saturate() -> None:
    reports = _reports()
    saturated = [n for n, r in reports.items() if r["inherent_risk"]["likelihood_score"] >= 5.0]
    assert not saturated


GUARANTEES = ("law:notification", "law:necessity_proportionality", "law:remedy", "law:transparency")


def law_points(report: dict[str, Any]) -> tuple[float, float]:
    """The likelihood points the law profile adds: in all, and of which the four guarantees."""
    parts = [c for c in report["inherent_risk"]["likelihood_contributions"] if c["factor"].startswith("law:")]
    return (round(sum(c["value"] for c in parts), 3),
            round(sum(c["value"] for c in parts if c["factor"] in GUARANTEES), 3))


def test_law_profile_guarantees_move_the_panel() -> None:
    """The guarantees add points where a profile records them missing, and nothing where they are given."""
    reports = _reports()
    assert law_points(reports["02-toll-plate-recognition-dk"]) == (0.0, 0.0)  # nothing recorded missing
    assert law_points(reports["18-lawful-interception-operator-de"]) == (0.075, 0.075)  # remedy only partial
    assert law_points(reports["05-body-cameras-police-gb"])[1] == 0.075  # notification only partial
    assert law_points(reports["p1-pegasus-army-mx"])[1] == 0.075  # transparency only partial


def render_table(reports: dict[str, dict[str, Any]]) -> str:
    header = "| tier | scenario | severity (scale, scope, irremediability) | S | law points (guarantees) | L | inherent |"
    lines = [BEGIN, "", header, "|---|---|---|---|---|---|---|"]
    for number, (tier, names) in enumerate(TIERS, start=1):
        for name in sorted(names, key=lambda n: (reports[n]["inherent_risk"]["score"], n)):
            risk = reports[name]["inherent_risk"]
            sev = risk["severity"]
            law, guarantees = law_points(reports[name])
            lines.append(f"| {number}. {tier} | {name} | {sev['scale']}, {sev['scope']}, {sev['irremediability']} | "
                         f"{sev['index']:.2f} | {law:.2f} ({guarantees:.2f}) | {risk['likelihood_score']:.2f} | "
                         f"{risk['level']} {risk['score']} |")
    return "\n".join([*lines, "", END])


def test_calibration_table_in_method_doc_is_current() -> None:
    text = DOC.read_text(encoding="utf-8")
    start, end = text.index(BEGIN), text.index(END) + len(END)
    assert text[start:end] == render_table(_reports()), "regenerate: python -m tests.assess.test_calibration"


if __name__ == "__main__":
    document = DOC.read_text(encoding="utf-8")
    begin, finish = document.index(BEGIN), document.index(END) + len(END)
    DOC.write_text(document[:begin] + render_table(_reports()) + document[finish:], encoding="utf-8")
