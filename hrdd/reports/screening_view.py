"""The screening block of a report: performed or plainly not done, lists, hits and related-entity hints.

``screening.performed`` false (or no screening block at all) always reads as "screening was
not done": a gap, never a pass. A hit keeps its source, entry id, listed name, score, topics
and explanation, so a reader can see which list entry drove the recommendation and why.
"""

from collections.abc import Mapping
from typing import Any

from hrdd.model.screening import Verdict
from hrdd.reports.vocab import SCREENING_NOT_DONE, humanise, text

JUDGEMENTS: dict[str, str] = {Verdict.MATCH: "Confirmed match", Verdict.NO_MATCH: "Reviewed: not a match"}

PARTY_LABELS: dict[str, str] = {
    "end_user": "End user",
    "parent": "Parent",
    "alias": "End user (alias)",
    "intermediary": "Intermediary",
}


def _score(value: object) -> str:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return text(value) or "not given"
    return f"{value:.2f}"


def _entries(value: object) -> str:
    if isinstance(value, bool) or not isinstance(value, int):
        return text(value) or "not given"
    return f"{value:,}"


def _strings(value: object) -> list[str]:
    if isinstance(value, list | tuple):
        return [text(v) for v in value if text(v)]
    return [text(value)] if text(value) else []


def _party_label(item: Mapping[str, Any]) -> str:
    """The party a hit or hint belongs to, as the report names it ("Intermediary 2")."""
    party = text(item.get("party"))
    label = PARTY_LABELS.get(party, humanise(party) or "Party not given")
    if party == "intermediary" and isinstance(item.get("party_index"), int):
        label = f"{label} {item['party_index'] + 1}"
    return label


def view_hit(hit: Mapping[str, Any]) -> dict[str, Any]:
    label = _party_label(hit)
    judgement = text(hit.get("judgement"))
    return {
        "party": label,
        "query": text(hit.get("query")),
        "source": text(hit.get("source")) or "not given",
        "entry_id": text(hit.get("entry_id")) or "not given",
        "name": text(hit.get("name")),
        "matched_name": text(hit.get("matched_name")),
        "score": _score(hit.get("score")),
        "topics": _strings(hit.get("topics")),
        "programs": _strings(hit.get("programs")),
        "listed_on": text(hit.get("listed_on")),
        "explanation": text(hit.get("explanation")),
        "features": [
            {"name": text(f.get("name")), "score": _score(f.get("score")),
             "weight": _score(f.get("weight")), "detail": text(f.get("detail"))}
            for f in hit.get("features") or () if isinstance(f, Mapping)
        ],
        "judgement": JUDGEMENTS.get(
            judgement, humanise(judgement) if judgement else "Not reviewed"),
        "judgement_reason": text(hit.get("judgement_reason")),
    }


RELATED_KINDS: dict[str, str] = {
    "link": "Tied by list relations",
    "brand": "Carries a listed brand",
    "of_hit": "Tied to a hit",
}


def view_related(item: Mapping[str, Any]) -> dict[str, Any]:
    """A related-entity hint: never a hit, so no score of its own beyond the name similarity."""
    label = _party_label(item)
    kind = text(item.get("kind"))
    score = item.get("score")
    return {
        "party": label,
        "query": text(item.get("query")),
        "kind": RELATED_KINDS.get(kind, humanise(kind) or "Related"),
        "source": text(item.get("source")) or "not given",
        "entry_id": text(item.get("entry_id")) or "not given",
        "name": text(item.get("name")),
        "listed": item.get("listed") is True,
        "topics": _strings(item.get("topics")),
        "path": _strings(item.get("path")),
        "matched": text(item.get("matched_name")),
        "score": _score(score) if score is not None else "",
        "as_of": text(item.get("as_of")),
        "reason": text(item.get("reason")),
    }


def view_screening(value: object) -> dict[str, Any]:
    screening: Mapping[str, Any] = value if isinstance(value, Mapping) else {}
    performed = screening.get("performed") is True
    lists = [
        {"source": text(item.get("source")) or "not given", "title": text(item.get("title")),
         "as_of": text(item.get("as_of")) or "not given", "entries": _entries(item.get("entries"))}
        for item in screening.get("lists") or () if isinstance(item, Mapping)
    ]
    hits = [view_hit(h) for h in screening.get("hits") or () if isinstance(h, Mapping)]
    parties = []
    for party in screening.get("parties") or ():
        if isinstance(party, list | tuple) and len(party) == 2:
            parties.append({"role": PARTY_LABELS.get(text(party[0]), humanise(text(party[0]))),
                            "name": text(party[1])})
        elif isinstance(party, Mapping):
            parties.append({"role": PARTY_LABELS.get(text(party.get("role")), humanise(text(party.get("role")))),
                            "name": text(party.get("name"))})
    threshold = screening.get("threshold")
    return {
        "performed": performed,
        "warning": "" if performed else SCREENING_NOT_DONE,
        "lists": lists,
        "hits": hits,
        "parties": parties,
        "algorithm": text(screening.get("algorithm")),
        "threshold": _score(threshold) if threshold is not None else "",
        "government_ties": _strings(screening.get("government_ties")),
        "related": [view_related(r) for r in screening.get("related") or () if isinstance(r, Mapping)],
        "note": text(screening.get("note") or screening.get("reason")),
    }
