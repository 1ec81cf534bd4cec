"""Derived country sub-scores (0..1, 1 = worst), the overall country risk and its trend.

Every figure first becomes a risk reading on its own scale (:meth:`Indicator.risk`). A
sub-score is the mean of the readings of its components; a component is a list of
alternatives of which the first available is used (so Freedom House's 0-60 civil-liberties
score is preferred to its 1-7 rating, never counted twice). Event evidence (shutdowns,
filtering installations) can only raise a sub-score: the sub-score is the larger of the mean
and the strongest evidence reading. With no reading at all a sub-score is ``None``: missing
data is never read as low risk. docs/countries.md explains each formula.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from statistics import fmean

from hrdd.model.country import SubScore

OVERALL_MEAN_WEIGHT = 0.6  # overall = 0.6 * mean of sub-scores + 0.4 * worst sub-score
OVERALL_METHOD = (
    "0.6 x mean + 0.4 x maximum of the available sub-scores (a single very bad area weighs more than an "
    "average would give it); None when no sub-score has data"
)


@dataclass(frozen=True, slots=True)
class SubScoreSpec:
    key: str
    label: str
    components: tuple[tuple[str, ...], ...]  # each: alternatives, the first available is used
    evidence: tuple[str, ...] = ()  # event counts that can only raise the sub-score

    @property
    def method(self) -> str:
        parts = ["mean of " + ", ".join(" or ".join(alts) for alts in self.components)]
        if self.evidence:
            parts.append("raised to the strongest of " + ", ".join(self.evidence))
        return "; ".join(parts)

    def figure_keys(self) -> tuple[str, ...]:
        return (*(k for alts in self.components for k in alts), *self.evidence)


SPECS: tuple[SubScoreSpec, ...] = (
    SubScoreSpec("civil_liberties", "Civil liberties", (
        ("vdem.v2x_civlib",), ("fh.cl", "fh.cl_rating"), ("wgi.va",))),
    SubScoreSpec("rule_of_law", "Rule of law and judicial independence", (
        ("vdem.v2x_rule",), ("vdem.v2x_jucon",), ("vdem.v2juhcind",), ("wgi.rl",), ("fh.f",))),
    SubScoreSpec("physical_integrity", "Physical integrity (torture, killings, disappearances)", (
        ("vdem.v2x_clphy",), ("vdem.v2cltort",), ("vdem.v2clkill",), ("hrps.protection",))),
    SubScoreSpec("digital_repression", "Digital repression (censorship, filtering, shutdowns, surveillance)", (
        ("vdem.v2mecenefi",), ("vdem.v2smgovfilprc",), ("vdem.v2smgovshut",), ("vdem.v2smgovsmmon",),
        ("vdem.v2smgovsmcenprc",), ("vdem.v2smarrest",)),
        evidence=("keepiton.shutdowns", "keepiton.full_network", "netsweeper.installations")),
    SubScoreSpec("civic_space", "Civic space (association, assembly, civil society)", (
        ("vdem.v2xcs_ccsi",), ("vdem.v2csreprss",), ("vdem.v2x_frassoc_thick",), ("civicus.rating",),
        ("fh.e",))),
    SubScoreSpec("press_freedom", "Press freedom and freedom of expression", (
        ("vdem.v2x_freexp_altinf",), ("vdem.v2mecenefm",), ("vdem.v2meharjrn",),
        ("rsf.score", "rsf.score_pre2022"), ("fh.d",))),
)


def compute_subscore(spec: SubScoreSpec, readings: Mapping[str, float | None]) -> SubScore:
    used: list[str] = []
    values: list[float] = []
    for alternatives in spec.components:
        for key in alternatives:
            reading = readings.get(key)
            if reading is not None:
                used.append(key)
                values.append(reading)
                break
    risk = fmean(values) if values else None
    for key in spec.evidence:
        reading = readings.get(key)
        if reading is not None:
            used.append(key)
            risk = reading if risk is None else max(risk, reading)
    return SubScore(spec.key, spec.label, None if risk is None else round(risk, 4), tuple(used), spec.method)


def compute_subscores(readings: Mapping[str, float | None]) -> tuple[SubScore, ...]:
    """Every sub-score in :data:`SPECS` order from figure risk readings keyed by figure key."""
    return tuple(compute_subscore(spec, readings) for spec in SPECS)


def overall_risk(sub_scores: Sequence[SubScore]) -> float | None:
    found = [s.risk for s in sub_scores if s.risk is not None]
    if not found:
        return None
    return round(OVERALL_MEAN_WEIGHT * fmean(found) + (1 - OVERALL_MEAN_WEIGHT) * max(found), 4)


def risk_trend(now: Mapping[str, float | None], then: Mapping[str, float | None]) -> float | None:
    """Change in overall risk between two sets of readings, over the figures both have (+ = worse).

    Only figures present at both dates count, so a source added or dropped in between does not
    show up as a change in the country.
    """
    common = {k for k, v in now.items() if v is not None and then.get(k) is not None}
    before = overall_risk(compute_subscores({k: then[k] for k in common}))
    after = overall_risk(compute_subscores({k: now[k] for k in common}))
    if before is None or after is None:
        return None
    return round(after - before, 4)
