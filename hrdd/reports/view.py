"""Turn a checked report dict into the normalised view every template reads.

Templates use ``StrictUndefined``: they never guess at a missing key. This module is the one
place that decides how an absent optional field reads (an empty list, ``None`` shown as
"not given"), so HTML, Markdown and the terminal summary say the same thing. It adds no
finding, score or judgement of its own: it only orders, groups and labels what the report
already holds.
"""

from collections.abc import Mapping, Sequence
from typing import Any, cast

from hrdd.assess.result import Escalation, InvolvementMode
from hrdd.reports.check import check_report
from hrdd.reports.decision import view_decision
from hrdd.reports.extras import view_confidence, view_contributions, view_country, view_versions
from hrdd.reports.grid import grid_position, residual_position
from hrdd.reports.safeguards_view import view_conditions, view_safeguards
from hrdd.reports.screening_view import view_screening
from hrdd.reports.vocab import (
    FLAG_STATUS,
    LEVEL_RANK,
    NOT_A_LEGAL_DETERMINATION,
    OUT_OF_SCOPE_MEANING,
    RECOMMENDATION_MEANING,
    RECOMMENDATIONS,
    STEP_ORDER,
    humanise,
    level_label,
    text,
)

TOP_FINDINGS = 5


def _items(value: object) -> list[Any]:
    return list(value) if isinstance(value, list | tuple) else []


def _mapping(value: object) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _level(value: object) -> dict[str, str] | None:
    if not isinstance(value, str) or value not in LEVEL_RANK:
        return None
    return {"id": value, "label": level_label(value)}


def view_risk(risk: object, inherent: object = None) -> dict[str, Any] | None:
    """Level, score, severity components and the grid cell of one risk reading.

    ``inherent`` is given for the residual reading, which may be placed from its score.
    """
    if not isinstance(risk, Mapping):
        return None
    position = residual_position(risk, inherent) if isinstance(inherent, Mapping) else grid_position(risk)
    severity = _mapping(risk.get("severity"))
    components = [(name, severity[name]) for name in ("scale", "scope", "irremediability")
                  if isinstance(severity.get(name), int | float)]
    return {
        "level": _level(risk.get("level")),
        "score": risk.get("score") if isinstance(risk.get("score"), int | float) else None,
        "components": [{"name": humanise(name), "value": value} for name, value in components],
        "likelihood": risk.get("likelihood") if isinstance(risk.get("likelihood"), int | float) else None,
        "position": position,
        "explanation": text(risk.get("explanation")),
    }


def view_citation(citation: object) -> dict[str, Any]:
    if isinstance(citation, Mapping):
        label = text(citation.get("label") or citation.get("title") or citation.get("id"))
        reconstructed = bool(citation.get("reconstructed"))
        return {"label": label + (" [R]" if reconstructed else ""), "url": text(citation.get("url"))}
    return {"label": text(citation), "url": ""}


def view_evidence(item: object) -> dict[str, str]:
    if not isinstance(item, Mapping):
        return {"source": text(item), "as_of": "", "value": "", "url": "", "quote": ""}
    return {
        "source": text(item.get("source") or item.get("title")),
        "as_of": text(item.get("as_of") or item.get("date")),
        "value": text(item.get("value")),
        "url": text(item.get("url")),
        "quote": text(item.get("quote")),
    }


def view_finding(finding: Mapping[str, Any], index: int) -> dict[str, Any]:
    fid = text(finding.get("id"))
    return {
        "id": fid,
        "anchor": f"finding-{index + 1}",
        "step": text(finding.get("step")),
        "level": _level(finding.get("level")),
        "rank": LEVEL_RANK.get(text(finding.get("level")), -1),
        "title": text(finding.get("title")) or humanise(fid) or f"Finding {index + 1}",
        "explanation": text(finding.get("explanation")),
        "evidence": [view_evidence(e) for e in _items(finding.get("evidence"))],
        "citations": [view_citation(c) for c in _items(finding.get("citations"))],
        "reconstructed": finding.get("reconstructed") is True,
    }


def _step_sort_key(step: Mapping[str, Any], index: int) -> tuple[int, int]:
    sid = text(step.get("id"))
    return (STEP_ORDER.index(sid) if sid in STEP_ORDER else len(STEP_ORDER), index)


def view_steps(steps: Sequence[object], findings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each step with its findings; a finding whose step is not listed goes under "Other findings"."""
    by_id = {f["id"]: f for f in findings if f["id"]}
    ordered = sorted(((s, i) for i, s in enumerate(steps) if isinstance(s, Mapping)),
                     key=lambda pair: _step_sort_key(*pair))
    out: list[dict[str, Any]] = []
    placed: set[str] = set()
    for number, (step, _) in enumerate(ordered, start=1):
        sid = text(step.get("id"))
        own: list[dict[str, Any]] = []
        notes: list[str] = []
        for entry in _items(step.get("findings")):  # the step's own order first
            ref = by_id.get(text(entry))
            if ref is None:
                notes.append(text(entry))
            elif ref not in own:
                own.append(ref)
        own += [f for f in findings if f["step"] == sid and f not in own]
        placed.update(f["anchor"] for f in own)
        out.append({
            "id": sid, "number": number, "anchor": f"step-{number}",
            "title": text(step.get("title")) or humanise(sid),
            "level": _level(step.get("level")),
            "summary": text(step.get("summary") or step.get("explanation")),
            "notes": [n for n in notes if n], "findings": own,
        })
    others = [f for f in findings if f["anchor"] not in placed]
    if others:
        out.append({"id": "other", "number": len(out) + 1, "anchor": f"step-{len(out) + 1}",
                    "title": "Other findings", "level": None, "summary": "", "notes": [], "findings": others})
    return out


def view_red_flags(flags: Sequence[object], step_titles: Mapping[str, str]) -> list[dict[str, str]]:
    out = []
    for flag in flags:
        if not isinstance(flag, Mapping):
            continue
        key = text(flag.get("status"))
        out.append({
            "id": text(flag.get("id")),
            "title": text(flag.get("title")) or humanise(text(flag.get("id"))),
            "status": key,
            "status_label": FLAG_STATUS.get(key, humanise(key) or "Not given"),
            "step": step_titles.get(text(flag.get("step"))) or humanise(text(flag.get("step"))),
            "source": text(flag.get("source")),
            "explanation": text(flag.get("explanation")),
            "tags": ", ".join(tag for tag, on in (("hard stop", flag.get("hard_stop") is True),
                                                  ("matters", flag.get("matters") is True and key == "unknown"))
                              if on),
        })
    return out


def view_questions(questions: Sequence[object]) -> list[str]:
    out = []
    for question in questions:
        if isinstance(question, Mapping):
            out.append(text(question.get("text") or question.get("question") or question.get("ask")))
        else:
            out.append(text(question))
    return [q for q in out if q]


def _unstated(stops: list[Any], reasons: list[Any]) -> list[str]:
    """Hard stops the recommendation's reasons do not already state (said once is enough)."""
    said = " ".join(text(r) for r in reasons).casefold()
    return [text(s) for s in stops if text(s) and text(s).casefold() not in said]


def build_view(report: object) -> dict[str, Any]:
    """The normalised, template-ready view of ``report`` (raises ``InvalidInput`` if unusable)."""
    checked = check_report(report)
    case = _mapping(checked.get("case"))
    recommendation = text(checked.get("recommendation"))
    findings = [view_finding(f, i) for i, f in enumerate(_items(checked.get("findings")))
                if isinstance(f, Mapping)]
    top = sorted(findings, key=lambda f: -int(f["rank"]))[:TOP_FINDINGS]
    steps = view_steps(_items(checked.get("steps")), findings)
    return {
        "schema": text(checked.get("schema")),
        "case": {"id": text(case.get("id")), "title": text(case.get("title")), "date": text(case.get("date"))},
        "in_scope": bool(checked.get("in_scope")),
        "scope_reasons": [text(r) for r in _items(_mapping(checked.get("scope")).get("reasons"))],
        "recommendation": {"id": recommendation, "label": RECOMMENDATIONS[recommendation],
                           "meaning": (RECOMMENDATION_MEANING[recommendation] if checked.get("in_scope")
                                       else OUT_OF_SCOPE_MEANING),
                           "reasons": [text(r) for r in _items(checked.get("recommendation_reasons")) if text(r)]},
        "inherent": view_risk(checked.get("inherent_risk")),
        "residual": view_risk(checked.get("residual_risk"), checked.get("inherent_risk")),
        "projected": view_risk(checked.get("projected_residual_risk"), checked.get("inherent_risk")),
        "hard_stops": _unstated(_items(checked.get("hard_stops")), _items(checked.get("recommendation_reasons"))),
        "confidence": view_confidence(checked.get("confidence")),
        "findings": findings,
        "top_findings": top,
        "steps": steps,
        "red_flags": view_red_flags(_items(checked.get("red_flags")), {s["id"]: s["title"] for s in steps}),
        "screening": view_screening(checked.get("screening")),
        "conditions": view_conditions(checked),
        "safeguards": view_safeguards(checked.get("safeguards")),
        "questions": view_questions(_items(checked.get("questions"))),
        "country": view_country(checked.get("country")),
        "contributions": view_contributions(checked),
        "versions": view_versions(checked.get("versions")),
        "disclaimer": NOT_A_LEGAL_DETERMINATION,
        "escalation": text(checked.get("escalation")) or None,
        "completeness": view_completeness(checked.get("completeness")),
        "red_lines": [text(r) for r in _items(checked.get("red_lines")) if text(r)],
        "overrides": [text(r) for r in _items(checked.get("overrides")) if text(r)],
        "involvement": view_involvement(checked.get("involvement")),
        "decision": view_decision(checked.get("decision_record")),
    }


ESCALATIONS: dict[Escalation, str] = {"risk": "the risk is beyond what the company accepts without a second reviewer",
               "incomplete": "the case is incomplete: questions it cannot be decided without are still open",
               "review": "a screening hit or an embargo needs a reviewer's judgement"}
INVOLVEMENT: dict[InvolvementMode, str] = {"cause": "would cause", "contribute": "would contribute to", "directly_linked": "would be directly "
               "linked to"}


def view_completeness(value: object) -> dict[str, Any] | None:
    data = _mapping(value)
    if not data:
        return None
    return {"complete": bool(data.get("complete")),
            "open": [{"question": text(_mapping(q).get("question")), "ask": text(_mapping(q).get("ask"))}
                     for q in _items(data.get("open"))]}


def view_involvement(value: object) -> dict[str, Any] | None:
    data = _mapping(value)
    if not data:
        return None
    mode = text(data.get("mode"))
    return {"mode": mode, "label": INVOLVEMENT.get(cast(InvolvementMode, mode), mode),
            "reasons": [text(r) for r in _items(data.get("reasons"))], "leverage": text(data.get("leverage")),
            "leverage_reasons": [text(r) for r in _items(data.get("leverage_reasons"))],
            "action": text(data.get("action")),
            "buyer_record": [text(r) for r in _items(data.get("buyer_record"))],
            "promise_credit": data.get("promise_credit")}
