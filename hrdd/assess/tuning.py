"""The engine's numeric settings, each overridable by a field of the same name on the policy.

``Policy`` (``catalog/spec.py``) declares each as an optional field; ``policy.yaml`` or a
company overlay (``adjust:`` on ``kind: policy``) sets it, and the report's catalogue version
records the change. The defaults are the values documented in docs/method.md.
"""

from dataclasses import dataclass, fields

from hrdd.catalog.registry import Catalog


@dataclass(frozen=True, slots=True)
class Tuning:
    # country.risk at or above which the context is high-risk
    high_risk_country: float = 0.6
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
    # law profile by Appendix-2 category (assess/laws.py)
    law_points_oversight: float = 0.25
    law_points_data_protection: float = 0.25
    law_points_security_laws: float = 0.25
    law_points_other: float = 0.1
    law_points_other_cap: float = 0.5
    # each guarantee (notification, necessity and proportionality, remedy, transparency) the law lacks; half if partial
    law_points_guarantee: float = 0.15
    # credit for a buyer's promise (assess/credit.py): multiplied for each weakness of the buyer's record
    promise_credit_misuse: float = 0.25
    promise_credit_no_oversight: float = 0.5
    promise_credit_security_body: float = 0.75
    promise_credit_weak_rule_of_law: float = 0.5
    # and by the seller's leverage (UNGP 19)
    leverage_credit_moderate: float = 0.75
    leverage_credit_weak: float = 0.5
    # points at which likelihood reaches 1 + 4 x (1 - 1/e), about 3.5 (diminishing returns, no saturation)
    likelihood_softness: float = 4.0
    # severity index from which the inherent severity is critical (the red line's severity)
    red_line_severity: float = 4.5


DEFAULT_TUNING = Tuning()


def tuning_of(catalog: Catalog) -> Tuning:
    """The defaults, overridden by any same-named field the policy sets."""
    values = {f.name: value if (value := getattr(catalog.policy, f.name, None)) is not None
              else getattr(DEFAULT_TUNING, f.name) for f in fields(Tuning)}
    return Tuning(**values)
