"""Red flags: the analyst's answers, evidence-based readings, and derived flags (method v2).

**Evidence outranks unanswered questions.** Two facts have a reading from catalogue data:

* ``no_independent_oversight`` from the country profile's ``judicial_authorisation``
  ("no" -> true, "partial" -> true with low confidence, "yes" -> false);
* ``end_user_record_of_misuse`` from the documented-misuse records that matched the end user
  (weighed by age, outcome and source quality, ``evidence.py``).

A question not asked (absent from the case file) and a question asked but answered
``unknown`` both leave that reading in force: not knowing never lowers what evidence shows. An
answer ``true`` always counts. Only an explicit ``false`` given with a reason and a source sets
evidence that reads true aside; the flag then carries ``override`` for the approver. A bare
``false`` against such evidence does not count, and the report says so.

**Post-sale signals outrank everything.** A signal recorded on the engagement (``signal_kinds.yaml``)
makes each of its kind's red flags true, with source ``signal:<number>`` and an explanation that
names the signal; no answer sets it aside.

Unknown answers add no likelihood: they are reasons to ask (``questions.py``), make the case
incomplete when the policy requires them (``completeness.py``) and lower confidence.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from hrdd.assess.conditions import build_view, describe_condition, evaluate_condition
from hrdd.assess.evidence import describe, weigh_misuse
from hrdd.assess.result import EvidenceItem, FlagResult
from hrdd.assess.tuning import Tuning
from hrdd.catalog.registry import Catalog
from hrdd.catalog.spec import Fact
from hrdd.model import AssessmentContext, Case, MisuseRecord, Tristate
from hrdd.model.country import Oversight
from hrdd.model.signal import Signal

OVERSIGHT = "no_independent_oversight"
MISUSE = "end_user_record_of_misuse"
CRACKDOWN = "recent_crackdown"
OPAQUE_INTERMEDIARY = "intermediary_opaque"


def _answer_evidence(case: Case, fact_id: str, value: Tristate) -> EvidenceItem:
    return EvidenceItem(source="case file (analyst answer)", as_of=case.date.isoformat(),
                        value=f"{fact_id}: {value.value}")


def _oversight_default(context: AssessmentContext, case: Case, catalog: Catalog) -> tuple[Tristate, str, list[EvidenceItem]] | None:
    country = context.country
    if country is None or country.judicial_authorisation is None:
        return None
    readings: dict[Oversight, tuple[Tristate, str]] = {
        "no": (Tristate.TRUE, "medium"), "partial": (Tristate.TRUE, "low"), "yes": (Tristate.FALSE, "medium")}
    reading = readings[country.judicial_authorisation]
    evidence = EvidenceItem(
        source=country.profile_source or f"surveillance-law profile of {country.code}",
        as_of=country.profile_as_of or "unknown",
        value=f"prior judicial authorisation of interception: {country.judicial_authorisation}"
              + (f"; oversight body: {country.oversight_body}" if country.oversight_body else ""))
    return reading[0], reading[1], [evidence]


def _misuse_default(context: AssessmentContext, case: Case, catalog: Catalog
                    ) -> tuple[Tristate, str, list[EvidenceItem]] | None:
    if not context.misuse:
        return None
    weighed = weigh_misuse(context, case.date.year, case_categories(case, catalog))
    evidence = [EvidenceItem(source=cited[0], as_of=str(w.record.year), url=cited[1] or None, value=describe(w))
                for w in weighed.records for cited in [_cited(w.record)]]
    best = max(m.score for m in context.misuse)
    confidence = "high" if best >= 0.95 and weighed.strength >= 0.75 else "medium" if weighed.strength >= 0.5 else "low"
    return Tristate.TRUE, confidence, evidence


def _cited(record: MisuseRecord) -> tuple[str, str]:
    """(title, url) to cite for a record: its first primary source with a url, else its first report."""
    for title, url, _kind, _opened in record.primary_sources:
        if url:
            return title, url
    return record.sources[0] if record.sources else (record.name, "")


def case_categories(case: Case, catalog: Catalog) -> set[str]:
    return {catalog.capabilities[c].category for c in case.capabilities if c in catalog.capabilities}


DEFAULTS = {OVERSIGHT: (_oversight_default, "default:country_profile"),
            MISUSE: (_misuse_default, "default:misuse_record")}


def default_reading(fact_id: str, case: Case, catalog: Catalog, context: AssessmentContext) -> Tristate | None:
    """What the data says about a fact with an evidence-based reading, or None."""
    if fact_id not in DEFAULTS:
        return None
    found = DEFAULTS[fact_id][0](context, case, catalog)
    return found[0] if found is not None else None


@dataclass(frozen=True, slots=True)
class Reading:
    value: Tristate
    source: str
    confidence: str
    text: str
    evidence: tuple[EvidenceItem, ...]
    asked: bool
    override: str = ""


def _data_name(source: str) -> str:
    return source.split(":")[1].replace("_", " ")


def _signal_reading(fact: Fact, case: Case, raised: tuple[Signal, ...]) -> Reading:
    """A fact made true by post-sale signals: events recorded on the engagement outrank every answer."""
    numbers = ", ".join(str(s.number) for s in raised)
    which = "; ".join(f"signal {s.number} ({s.title}, severity {s.severity}, recorded {s.recorded_at} by "
                      f"{s.recorded_by})" for s in raised)
    asked = case.answered(fact.id)
    answer = (_answer_evidence(case, fact.id, case.fact(fact.id)),) if asked else ()
    text = (f"Raised by post-sale {'signals' if len(raised) > 1 else 'signal'} {numbers}: {which}. "
            "An event recorded on the engagement makes this red flag true whatever the case file answered.")
    evidence = tuple(EvidenceItem(source=f"post-sale signal {s.number} ({s.title})", as_of=s.recorded_at,
                                  value=f"{s.kind}, severity {s.severity}, recorded by {s.recorded_by}")
                     for s in raised)
    confidence = "high" if any(s.severity == "high" for s in raised) else "medium"
    return Reading(Tristate.TRUE, "signal:" + ",".join(str(s.number) for s in raised), confidence, text,
                   answer + evidence, asked)


def resolve_fact(fact: Fact, case: Case, catalog: Catalog, context: AssessmentContext) -> Reading:
    """The effective reading of one fact: post-sale signals, then evidence, then the analyst's answer
    within its limits."""
    raised = tuple(s for s in context.signals if fact.id in s.flags)
    if raised:
        return _signal_reading(fact, case, raised)
    default = None
    if fact.id in DEFAULTS:
        reader, source = DEFAULTS[fact.id]
        found = reader(context, case, catalog)
        if found is not None:
            default = (found[0], source, found[1], tuple(found[2]))
    asked = case.answered(fact.id)
    value = case.fact(fact.id)
    answer = (_answer_evidence(case, fact.id, value),) if asked else ()
    if asked and value is not Tristate.UNKNOWN:
        if default is None or default[0] is value or value is Tristate.TRUE:
            text = "Answered by the analyst." if default is None else (
                f"The analyst answered {value.value}; the {_data_name(default[1])} reads {default[0].value}.")
            return Reading(value, "analyst", "high", text, answer + (default[3] if default else ()), True)
        note = case.fact_note(fact.id)
        if note is None:
            text = (f"The analyst answered false without a reason and a source, but the {_data_name(default[1])} "
                    f"reads true. An answer cannot set catalogue evidence aside on its own: the evidence stands. "
                    "To override it, answer with the reason and the source.")
            return Reading(default[0], default[1], default[2], text, answer + default[3], True)
        reason, where = note
        override = (f"the analyst set aside the {_data_name(default[1])} (which reads true): {reason} "
                    f"(source: {where})")
        text = (f"The analyst answered false with a reason and a source, setting aside the "
                f"{_data_name(default[1])}: {reason} (source: {where}). The approver must check this override.")
        evidence = (*answer, EvidenceItem(source=where, as_of=case.date.isoformat(), value=f"reason: {reason}"))
        return Reading(value, "analyst", "medium", text, evidence + default[3], True, override)
    if default is not None:
        how = "Answered unknown" if asked else "Not asked"
        text = (f"{how}; the {_data_name(default[1])} reads {default[0].value} (confidence {default[2]}). "
                "Not knowing never outweighs evidence; only false with a reason and a source can set it aside.")
        return Reading(default[0], default[1], default[2], text, answer + default[3], asked)
    if fact.id == OPAQUE_INTERMEDIARY and not case.intermediaries and "intermediaries" not in case.missing:
        none = EvidenceItem(source="case file", as_of=case.date.isoformat(), value="intermediaries: [] (none)")
        return Reading(Tristate.FALSE, "default:no_intermediaries", "high",
                       "Not answered, but the case file states the transaction has no intermediaries.", (none,), asked)
    if asked:
        return Reading(Tristate.UNKNOWN, "analyst", "low",
                       "Asked, and the answer is unknown: a question to put, never read as no.", answer, True)
    missing = EvidenceItem(source="case file", as_of=case.date.isoformat(), value=f"{fact.id}: not asked")
    return Reading(Tristate.UNKNOWN, "unanswered", "low", "Not yet asked: a question to put, never read as no.",
                   (missing,), False)


def effective_facts(case: Case, catalog: Catalog, context: AssessmentContext) -> dict[str, str]:
    return {fid: resolve_fact(fact, case, catalog, context).value.value for fid, fact in sorted(catalog.facts.items())}


def is_high_risk_context(context: AssessmentContext, facts: Mapping[str, str], tuning: Tuning) -> bool:
    risk = context.country.risk if context.country else None
    return (risk is not None and risk >= tuning.high_risk_country) or facts.get(CRACKDOWN) == "true"


def evaluate_flags(case: Case, catalog: Catalog, context: AssessmentContext) -> tuple[FlagResult, ...]:
    """Every fact of the catalogue and every derived flag, sorted by id within each kind."""
    facts = effective_facts(case, catalog, context)
    escalate_on = set(catalog.policy.escalate_on_unknown)
    strength = weigh_misuse(context, case.date.year, case_categories(case, catalog)).strength
    results: list[FlagResult] = []
    for fid, fact in sorted(catalog.facts.items()):
        read = resolve_fact(fact, case, catalog, context)
        default = default_reading(fid, case, catalog, context)
        points = 0.0
        text = read.text
        if read.value is Tristate.TRUE:
            points = fact.likelihood_true
            if fid == MISUSE and read.source == "default:misuse_record" and strength < 1:
                points = fact.likelihood_true * strength
                text += f" The records weigh {strength:g} (age, outcome, source quality), so the flag adds " \
                        f"{points:g} of its {fact.likelihood_true:g} points."
        results.append(FlagResult(
            id=fid, kind="fact", step=fact.step, title=fact.title, status=read.value.value, source=read.source,
            confidence=read.confidence, likelihood=round(points, 3), hard_stop=fact.hard_stop,
            matters=read.value is Tristate.UNKNOWN and fid in escalate_on,
            explanation=text, evidence=read.evidence, default=default.value if default else None,
            asked=read.asked, override=read.override))
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
