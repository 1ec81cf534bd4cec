"""Hits that stay reviewed: one review per listed entity, kept while its content is unchanged.

A screening writes the case's hit rows anew; the reviews live apart (``hrdd.store.hit_reviews``),
keyed by the screened name and the listed entity, with the content the reviewer saw. This module
attaches to each new hit the entity's content and content hash from the loaded lists and its
group (the same entity on several lists, ``hrdd.model.hit_groups``), and presents the hits of
a case as groups: one row, one review, for an entity however many lists carry it.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from hrdd.model.hit_groups import entity_content, entity_key, group_keys
from hrdd.settings import Settings
from hrdd.store.hits import HitRow


def enrich_hits(records: list[dict[str, Any]], settings: Settings | None) -> list[dict[str, Any]]:
    """Each hit record with ``entry_hash`` (the content hash of the listed entity, as loaded now),
    ``detail.entity`` (its content) and ``detail.group`` (its group key)."""
    from hrdd.services.screening import open_screener

    screener = open_screener(settings) if records else None
    for record in records:
        detail = record.setdefault("detail", {})
        entry = screener.index.get(entity_key(record["source"], record["entry_id"])) if screener else None
        if entry is not None:
            record["entry_hash"] = entry.digest
            detail["entity"] = entity_content(entry)
    keys = group_keys([{**r, "party_index": r["detail"].get("party_index"), "entity": r["detail"].get("entity")}
                       for r in records])
    for record, key in zip(records, keys, strict=True):
        record["detail"]["group"] = key
    return records


def group_of(hit: HitRow) -> str:
    return str(hit.detail.get("group") or f"{hit.party}|{hit.query}|{entity_key(hit.source, hit.entry_id)}")


@dataclass
class HitGroup:
    """The hits of one screened name on one listed entity, whatever lists carry it."""

    key: str
    members: list[HitRow] = field(default_factory=list)

    @property
    def first(self) -> HitRow:
        return self.members[0]

    @property
    def score(self) -> float:
        return max(h.score for h in self.members)

    @property
    def status(self) -> str:
        """match or no_match when every list's hit carries that review; open otherwise."""
        statuses = {h.status for h in self.members}
        return statuses.pop() if len(statuses) == 1 else "open"

    @property
    def review(self) -> HitRow | None:
        """A reviewed member (whose review is shown), the latest one."""
        reviewed = [h for h in self.members if h.status != "open" and h.reviewed_at is not None]
        return max(reviewed, key=lambda h: h.reviewed_at) if reviewed else None  # type: ignore[arg-type,return-value]

    @property
    def previous(self) -> dict[str, Any] | None:
        """The review made before the listed entity changed, with what changed, if any member has one."""
        for h in self.members:
            if isinstance(h.detail.get("previous_review"), dict):
                found: dict[str, Any] = h.detail["previous_review"]
                return {**found, "source": h.source, "entry_id": h.entry_id}
        return None

    @property
    def unreviewed(self) -> list[HitRow]:
        return [h for h in self.members if h.status == "open"]

    def describe(self) -> str:
        lists = ", ".join(f"{h.source} {h.entry_id}" for h in self.members)
        return f"{self.first.party}: {self.first.query} ↔ {self.first.name} ({lists})"


def hit_groups(hits: Sequence[HitRow]) -> list[HitGroup]:
    """The case's hits as groups, in the order of their best hit (the hits come by score)."""
    groups: dict[str, HitGroup] = {}
    for hit in hits:
        groups.setdefault(group_of(hit), HitGroup(group_of(hit))).members.append(hit)
    return list(groups.values())
