"""``build_report``: an Assessment as the ``hrdd.report/1`` dict (case-format.md), pure.

Every field of the contract is present with its name and type; the rest is additive
(contributions, confidence, country figures, conditions_detail, …). Only JSON-native values
(str, int, float, bool, None, list, dict), in a fixed order: the same assessment gives the
same dict and so the same JSON bytes.
"""

from typing import Any

from hrdd.assess import ENGINE_VERSION
from hrdd.assess.result import (
    AppliedSafeguard,
    Assessment,
    Contribution,
    CountrySummary,
    EvidenceItem,
    Finding,
    FlagResult,
    RiskScore,
)
from hrdd.model import Hit, ScreeningOutcome, Tristate
from hrdd.model.screening import RelatedEntity
from hrdd.version import __version__

SCHEMA = "hrdd.report/1"


def build_report(assessment: Assessment) -> dict[str, Any]:
    a = assessment
    case = a.case
    return {
        "schema": SCHEMA,
        "case": {"id": case.id, "title": case.title, "date": case.date.isoformat()},
        "in_scope": a.scope.in_scope,
        "scope": {"reasons": list(a.scope.reasons)},
        "recommendation": a.recommendation.value,
        "recommendation_reasons": list(a.recommendation_reasons),
        "hard_stops": list(a.hard_stops),
        "inherent_risk": _inherent(a),
        "residual_risk": _score(a.residual),
        "projected_residual_risk": _score(a.projected),
        "confidence": {"level": a.confidence.level, "score": a.confidence.score,
                       "reasons": list(a.confidence.reasons)},
        "steps": [{"id": s.id, "title": s.title, "level": s.level.value, "findings": list(s.findings),
                   "order": s.order, "summary": s.summary} for s in a.steps],
        "findings": [_finding(f) for f in a.findings],
        "red_flags": [_flag(f) for f in _ordered_flags(a.flags)],
        "screening": _screening(a.screening),
        "conditions": [c.id for c in a.conditions],
        "conditions_detail": [_safeguard(c) for c in a.conditions],
        "safeguards": [_safeguard(s) for s in a.safeguards],
        "questions": list(a.questions),
        "country": _country(a.country),
        "sources": [{"title": e.title, "url": e.url, "date": e.date.isoformat() if e.date else None}
                    for e in case.evidence],
        "versions": {"hrdd": __version__, "engine": a.engine_version or ENGINE_VERSION,
                     "catalog": a.catalog_version, "data": dict(a.data_versions)},
        # method v2 (additive)
        "escalation": a.escalation,
        "completeness": _completeness(a),
        "red_lines": list(a.red_lines),
        "overrides": list(a.overrides),
        "involvement": _involvement(a),
    }


def _completeness(a: Assessment) -> dict[str, Any] | None:
    if a.completeness is None:
        return None
    return {"complete": a.completeness.complete,
            "open": [{"id": q.id, "question": q.question, "ask": q.ask} for q in a.completeness.open]}


def _involvement(a: Assessment) -> dict[str, Any] | None:
    i = a.involvement
    if i is None:
        return None
    return {"mode": i.mode, "reasons": list(i.reasons), "leverage": i.leverage,
            "leverage_reasons": list(i.leverage_reasons), "action": i.action,
            "buyer_record": list(i.buyer_record), "promise_credit": i.promise_credit}


def _contribution(c: Contribution) -> dict[str, Any]:
    return {"factor": c.factor, "target": c.target, "value": round(c.value, 4), "detail": c.detail}


def _inherent(a: Assessment) -> dict[str, Any]:
    sev = a.severity
    return {
        "level": a.inherent.level.value,
        "score": a.inherent.score,
        "severity": {"scale": sev.scale, "scope": sev.scope, "irremediability": sev.irremediability,
                     "index": round(sev.index, 2),
                     "contributions": [_contribution(c) for c in sev.contributions]},
        "likelihood": a.likelihood.value,
        "likelihood_score": a.likelihood.raw,
        "likelihood_contributions": [_contribution(c) for c in a.likelihood.contributions],
        "high_risk_context": a.likelihood.high_risk_context,
        "formula": a.inherent.formula,
        "contributions": [_contribution(c) for c in a.inherent.contributions],
    }


def _score(score: RiskScore) -> dict[str, Any]:
    return {"level": score.level.value, "score": score.score, "formula": score.formula,
            "contributions": [_contribution(c) for c in score.contributions]}


def _evidence(e: EvidenceItem) -> dict[str, Any]:
    return {"source": e.source, "as_of": e.as_of, "value": e.value, "url": e.url}


def _finding(f: Finding) -> dict[str, Any]:
    return {
        "id": f.id, "step": f.step, "level": f.level.value, "title": f.title, "explanation": f.explanation,
        "evidence": [_evidence(e) for e in f.evidence],
        "citations": [c.label for c in f.citations],
        "citation_ids": [c.id for c in f.citations],
        "kind": f.kind, "reconstructed": f.reconstructed,
        **({"involvement": f.involvement} if f.involvement else {}),
    }


STATUS_ORDER: dict[str, int] = {Tristate.TRUE: 0, Tristate.UNKNOWN: 1, Tristate.FALSE: 2}


def _ordered_flags(flags: tuple[FlagResult, ...]) -> list[FlagResult]:
    """True flags first, then unknown, then false; facts before derived flags; then by id."""
    return sorted(flags, key=lambda f: (STATUS_ORDER[f.status], f.kind != "fact", f.id))


def _flag(f: FlagResult) -> dict[str, Any]:
    return {
        "id": f.id, "status": f.status, "title": f.title, "kind": f.kind, "step": f.step, "source": f.source,
        "confidence": f.confidence, "likelihood": round(f.likelihood, 3), "hard_stop": f.hard_stop,
        "matters": f.matters, "default": f.default, "explanation": f.explanation,
        "evidence": [_evidence(e) for e in f.evidence],
        "asked": f.asked, "override": f.override,
    }


def _hit(h: Hit) -> dict[str, Any]:
    return {
        "party": h.party, "query": h.query, "source": h.source, "entry_id": h.entry_id, "name": h.name,
        "score": round(h.score, 4), "topics": list(h.topics), "matched_name": h.matched_name,
        "programs": list(h.programs), "judgement": h.judgement, "judgement_reason": h.judgement_reason,
        "explanation": h.explanation, "party_index": h.party_index,
    }


def _related(r: RelatedEntity) -> dict[str, Any]:
    return {
        "party": r.party, "query": r.query, "kind": r.kind, "source": r.source, "entry_id": r.entry_id,
        "name": r.name, "listed": r.listed, "topics": list(r.topics), "reason": r.reason,
        "relations": list(r.relations), "path": list(r.path), "matched_source": r.matched_source,
        "matched_entry_id": r.matched_entry_id, "matched_name": r.matched_name, "score": r.score,
        "explanation": r.explanation, "as_of": r.as_of, "party_index": r.party_index,
    }


def _screening(s: ScreeningOutcome) -> dict[str, Any]:
    hits = sorted(s.hits, key=lambda h: (h.judgement == "no_match", -h.score, h.source, h.entry_id, h.party,
                                         h.query))
    return {
        "performed": s.performed,
        "lists": [{"source": li.source, "as_of": li.as_of, "entries": li.entries, "title": li.title}
                  for li in sorted(s.lists, key=lambda li: li.source)],
        "hits": [_hit(h) for h in hits],
        "algorithm": s.algorithm,
        "threshold": s.threshold,
        "government_ties": list(s.government_ties),
        # related-entity hints: never hits, never an alert (kinds link, brand, of_hit)
        "related": [_related(r) for r in s.related],
        "note": "" if s.performed else "Screening was not done: no sanctions or export-control list was loaded.",
    }


def _safeguard(s: AppliedSafeguard) -> dict[str, Any]:
    return {"id": s.id, "title": s.title, "step": s.step, "kind": s.kind, "status": s.status,
            "reduction": s.reduction, "factor": s.factor, "applies": s.applies, "addresses": list(s.addresses),
            "clause": s.clause, "note": s.note, "enforced_by": s.enforced_by, "credit": s.credit,
            "credit_reason": s.credit_reason,
            "tailoring": [{"capability": cap, "option": option} for cap, option in s.tailoring]}


def _country(c: CountrySummary | None) -> dict[str, Any] | None:
    if c is None:
        return None
    return {
        "code": c.code, "name": c.name, "risk": c.risk, "risk_method": c.risk_method, "trend": c.trend,
        "judicial_authorisation": c.judicial_authorisation,
        "figures": [{"key": k, "label": label, "value": v, "year": y, "source": src}
                    for k, label, v, y, src in c.figures],
        "laws": [{"category": cat, "applies": ap, "law": law, "year": y, "source_url": url}
                 for cat, ap, law, y, url in c.laws],
        "guarantees": [{"category": g.category, "value": g.value, "law": g.law, "source_url": g.source_url,
                        "checked": g.checked, "reason": g.reason, "verified": g.verified} for g in c.guarantees],
        "profile_source": c.profile_source, "profile_as_of": c.profile_as_of,
    }
