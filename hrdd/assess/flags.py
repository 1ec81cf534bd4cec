"""Red flags: the analyst's answers (with two evidence-based defaults) and derived flags.

``unknown`` is never read as ``false``: an unknown fact adds its ``likelihood_unknown`` points,
multiplied by ``unknown_factor_high_risk`` when the context is high-risk (country risk at
least ``high_risk_country``, or a recent crackdown; see ``tuning.py``), but never more than the fact's
``likelihood_true``: not knowing never weighs more than knowing.

Two facts default from data when the analyst left them unanswered; an explicit answer wins
and the flag keeps both readings as evidence:

* ``no_independent_oversight`` from the country profile's ``judicial_authorisation``
  ("no" -> true, "partial" -> true with low confidence, "yes" -> false);
* ``end_user_record_of_misuse`` from the documented-misuse records that matched the end user.
"""

from collections.abc import Mapping

from hrdd.assess.conditions import build_view, describe_condition, evaluate_condition
from hrdd.assess.result import EvidenceItem, FlagResult
from hrdd.assess.tuning import Tuning, tuning_of
from hrdd.catalog.registry import Catalog
from hrdd.catalog.spec import Fact
from hrdd.model import AssessmentContext, Case, Tristate

OVERSIGHT = "no_independent_oversight"
MISUSE = "end_user_record_of_misuse"
CRACKDOWN = "recent_crackdown"
OPAQUE_INTERMEDIARY = "intermediary_opaque"


def _answer_evidence(case: Case, fact_id: str, value: Tristate) -> EvidenceItem:
    return EvidenceItem(source="case file (analyst answer)", as_of=case.date.isoformat(),
                        value=f"{fact_id}: {value.value}")


def _oversight_default(context: AssessmentContext) -> tuple[Tristate, str, list[EvidenceItem]] | None:
    country = context.country
    if country is None or country.judicial_authorisation is None:
        return None
    reading = {"no": (Tristate.TRUE, "medium"), "partial": (Tristate.TRUE, "low"),
               "yes": (Tristate.FALSE, "medium")}[country.judicial_authorisation]
    evidence = EvidenceItem(
        source=country.profile_source or f"surveillance-law profile of {country.code}",
        as_of=country.profile_as_of or "unknown",
        value=f"prior judicial authorisation of interception: {country.judicial_authorisation}"
              + (f"; oversight body: {country.oversight_body}" if country.oversight_body else ""))
    return reading[0], reading[1], [evidence]


def _misuse_default(context: AssessmentContext) -> tuple[Tristate, str, list[EvidenceItem]] | None:
    if not context.misuse:
        return None
    evidence: list[EvidenceItem] = []
    for match in sorted(context.misuse, key=lambda m: (-m.score, m.record.id)):
        record = match.record
        title, url = record.sources[0] if record.sources else (record.name, "")
        evidence.append(EvidenceItem(
            source=title, as_of=str(record.year), url=url or None,
            value=f"{record.name} ({match.party}, match score {match.score:.2f}): {record.summary}"))
    best = max(m.score for m in context.misuse)
    return Tristate.TRUE, "high" if best >= 0.95 else "medium", evidence


DEFAULTS = {OVERSIGHT: (_oversight_default, "default:country_profile"),
            MISUSE: (_misuse_default, "default:misuse_record")}


def default_reading(fact_id: str, context: AssessmentContext) -> Tristate | None:
    """What the data says about a fact with an evidence-based default, or None."""
    if fact_id not in DEFAULTS:
        return None
    found = DEFAULTS[fact_id][0](context)
    return found[0] if found is not None else None


def _resolve_fact(fact: Fact, case: Case, context: AssessmentContext) -> tuple[Tristate, str, str, str,
                                                                                list[EvidenceItem]]:
    """(value, source, confidence, explanation, evidence) for one fact."""
    default = None
    if fact.id in DEFAULTS:
        reader, source = DEFAULTS[fact.id]
        found = reader(context)
        if found is not None:
            default = (found[0], source, found[1], found[2])
    if case.answered(fact.id):
        value = case.fact(fact.id)
        evidence = [_answer_evidence(case, fact.id, value)]
        text = "Answered by the analyst."
        if default is not None:
            evidence += default[3]
            text = (f"The analyst answered {value.value}; the {default[1].split(':')[1].replace('_', ' ')} "
                    f"reads {default[0].value}. The analyst's answer is used.")
        return value, "analyst", "high" if value is not Tristate.UNKNOWN else "low", text, evidence
    if default is not None:
        text = (f"Not answered; defaults to {default[0].value} from the "
                f"{default[1].split(':')[1].replace('_', ' ')} (confidence {default[2]}). "
                "The analyst may override it with evidence.")
        return default[0], default[1], default[2], text, default[3]
    if fact.id == OPAQUE_INTERMEDIARY and not case.intermediaries and "intermediaries" not in case.missing:
        none = EvidenceItem(source="case file", as_of=case.date.isoformat(), value="intermediaries: [] (none)")
        return (Tristate.FALSE, "default:no_intermediaries", "high",
                "Not answered, but the case file states the transaction has no intermediaries.", [none])
    missing = EvidenceItem(source="case file", as_of=case.date.isoformat(), value=f"{fact.id}: not answered")
    return Tristate.UNKNOWN, "unanswered", "low", "Not answered: treated as unknown, never as no.", [missing]


def effective_facts(case: Case, catalog: Catalog, context: AssessmentContext) -> dict[str, str]:
    return {fid: _resolve_fact(fact, case, context)[0].value for fid, fact in sorted(catalog.facts.items())}


def is_high_risk_context(context: AssessmentContext, facts: Mapping[str, str], tuning: Tuning) -> bool:
    risk = context.country.risk if context.country else None
    return (risk is not None and risk >= tuning.high_risk_country) or facts.get(CRACKDOWN) == "true"


def evaluate_flags(case: Case, catalog: Catalog, context: AssessmentContext) -> tuple[FlagResult, ...]:
    """Every fact of the catalogue and every derived flag, sorted by id within each kind."""
    facts = effective_facts(case, catalog, context)
    tuning = tuning_of(catalog)
    high_risk = is_high_risk_context(context, facts, tuning)
    escalate_on = set(catalog.policy.escalate_on_unknown)
    results: list[FlagResult] = []
    for fid, fact in sorted(catalog.facts.items()):
        value, source, confidence, text, evidence = _resolve_fact(fact, case, context)
        default = default_reading(fid, context)
        points = 0.0
        if value is Tristate.TRUE:
            points = fact.likelihood_true
        elif value is Tristate.UNKNOWN:
            # not knowing never weighs more than knowing the flag is true
            points = min(fact.likelihood_true,
                         fact.likelihood_unknown * (tuning.unknown_factor_high_risk if high_risk else 1.0))
        results.append(FlagResult(
            id=fid, kind="fact", step=fact.step, title=fact.title, status=value.value, source=source,
            confidence=confidence, likelihood=round(points, 3), hard_stop=fact.hard_stop,
            matters=value is Tristate.UNKNOWN and fid in escalate_on,
            explanation=text, evidence=tuple(evidence), default=default.value if default else None))
    view = build_view(case, catalog, context, facts)
    for did, flag in sorted(catalog.derived_flags.items()):
        holds = evaluate_condition(flag.when, view)
        results.append(FlagResult(
            id=did, kind="derived", step=flag.step, title=flag.title, status="true" if holds else "false",
            source="derived", confidence="high", likelihood=flag.likelihood if holds else 0.0,
            hard_stop=flag.hard_stop,
            explanation=f"Derived from the case: {describe_condition(flag.when)}.",
            evidence=(EvidenceItem(source="case file and country context", as_of=case.date.isoformat(),
                                   value=describe_condition(flag.when)),) if holds else ()))
    return tuple(results)
