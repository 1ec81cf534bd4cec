"""Reviewer judgements on hits, remembered per (party key, entry id).

A judgement records the digest of the list entry it was made on; when the entry's
screening-relevant content changes (names, aliases, countries, birth dates, identifiers,
topics), the judgement no longer applies and the hit is reopened for review.
"""

import re
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Protocol

from hrdd.exc import InvalidInput, Problem
from hrdd.model.screening import Hit, Verdict
from hrdd.screening.normalize import transliterate

__all__ = ["Judgement", "JudgementStore", "MemoryJudgementStore", "Verdict", "apply_judgement", "hit_key", "make_judgement",
           "party_key"]  # Verdict is the model's, re-exported


@dataclass(frozen=True, slots=True)
class Judgement:
    party_key: str
    entry_id: str  # "{source}-{entry_id}" as in the index
    verdict: Verdict
    reason: str
    entry_digest: str
    decided_at: str
    reviewer: str = ""


def party_key(name: str) -> str:
    """Stable key of a screened party: its transliterated, lower-case, space-collapsed name."""
    return transliterate(name)


def hit_key(hit: Hit) -> str:
    return f"{hit.source}-{hit.entry_id}" if hit.source else hit.entry_id


class JudgementStore(Protocol):
    def get(self, party_key: str, entry_id: str) -> Judgement | None: ...

    def put(self, judgement: Judgement) -> None: ...

    def all(self) -> list[Judgement]: ...


class MemoryJudgementStore:
    def __init__(self) -> None:
        self._items: dict[tuple[str, str], Judgement] = {}

    def get(self, party_key: str, entry_id: str) -> Judgement | None:
        return self._items.get((party_key, entry_id))

    def put(self, judgement: Judgement) -> None:
        self._items[(judgement.party_key, judgement.entry_id)] = judgement

    def all(self) -> list[Judgement]:
        return list(self._items.values())


_REASON_MIN = 3


def make_judgement(party: str, entry_id: str, verdict: str, reason: str, entry_digest: str,
                   reviewer: str = "") -> Judgement:
    """Validate a reviewer's decision; a reason is required."""
    problems = []
    if verdict not in {v.value for v in Verdict}:
        problems.append(Problem("unknown verdict", field="verdict", expected="match|no_match", found=verdict))
    if len(reason.strip()) < _REASON_MIN:
        problems.append(Problem("a reason is required", field="reason", expected="a short justification",
                                found=repr(reason)))
    if not re.search(r"\w", party):
        problems.append(Problem("party name is empty", field="party", found=repr(party)))
    if problems:
        raise InvalidInput("invalid judgement", problems)
    return Judgement(party_key(party), entry_id, Verdict(verdict), reason.strip(), entry_digest,
                     datetime.now(UTC).isoformat(timespec="seconds"), reviewer)


def apply_judgement(hit: Hit, store: JudgementStore, digest: str) -> Hit:
    """The hit with the reviewer's judgement, or reopened when the entry changed since."""
    judgement = store.get(party_key(hit.query), hit_key(hit))
    if judgement is None:
        return hit
    if judgement.entry_digest != digest:
        return replace(hit, judgement=None, judgement_reason=(
            f"reopened: list entry changed since judged {judgement.verdict} on {judgement.decided_at[:10]}"))
    return replace(hit, judgement=str(judgement.verdict), judgement_reason=judgement.reason)
