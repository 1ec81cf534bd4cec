"""The engine's numeric settings, each overridable by a field of the same name on the policy.

``catalog.policy`` (``Policy`` in ``catalog/spec.py``) does not declare these fields today;
they are read with ``getattr`` so that adding one to the spec, and then to ``policy.yaml`` or
a company overlay, changes the method without an engine change. The defaults are the
values documented in docs/method.md.
"""

from dataclasses import dataclass, fields

from hrdd.catalog.registry import Catalog


@dataclass(frozen=True, slots=True)
class Tuning:
    # country.risk at or above which the context is high-risk
    high_risk_country: float = 0.6
    # unknown answers weigh this much more in a high-risk context
    unknown_factor_high_risk: float = 1.5
    # unknown answers together add at most this many likelihood points (x the factor above when high-risk)
    unknown_cap: float = 1.5
    # likelihood points for a country at risk 1.0
    country_points: float = 2.0
    # what a missing country risk counts as (mid-range, never low)
    missing_country_risk: float = 0.5
    # a hit scoring at least this is a strong match (a hard stop on a sanctions or export-control list)
    strong_hit_score: float = 0.9
    # likelihood points for the strongest hit not cleared: strong, and any other
    hit_points_strong: float = 2.0
    hit_points_weak: float = 1.0
    # whether an in-scope case that was not screened escalates
    escalate_when_unscreened: bool = False


DEFAULT_TUNING = Tuning()


def tuning_of(catalog: Catalog) -> Tuning:
    """The defaults, overridden by any same-named field the policy declares."""
    values = {f.name: value if (value := getattr(catalog.policy, f.name, None)) is not None
              else getattr(DEFAULT_TUNING, f.name) for f in fields(Tuning)}
    return Tuning(**values)
