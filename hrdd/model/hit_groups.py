"""Which screening hits name the same listed entity, and what changed in a listed entity.

The same entity is often on several lists: the US Consolidated Screening List repeats the
OFAC entries under OFAC's own entity numbers, the UK and UN lists share IMO and registration
numbers. One review should cover it wherever it is listed, so the hits of one screened name are
grouped: two hits are the same entity when

- they share an identifier (IMO number, registration or tax number, passport …: any
  identifier-typed value of the entry, compared in its normalised form, at least five characters);
- one entry names the other as its canonical id or referent (OpenSanctions ``referents``, when
  the entry carries them); or
- they carry the same entry number on two lists and the same name (the CSL's copies of OFAC
  entries).

The relation is transitive (A shares an IMO number with B, B is C's OFAC copy: one group).
Hits of different screened names or parties are never grouped: a review answers "is *this*
party *that* entity".
"""

import re
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

MIN_SHARED_ID = 5
CONTENT_FIELDS = ("schema", "names", "countries", "birth_dates", "identifiers", "topics")


def _plain(text: str) -> str:
    """Upper-case letters and digits only (identifiers are stored normalised already; names vary
    in punctuation and accents between lists)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return re.sub(r"[^0-9A-Z]", "", "".join(c for c in decomposed if not unicodedata.combining(c)).upper())


def entity_key(source: str, entry_id: str) -> str:
    """The listed entity's id across the loaded lists: ``{source}-{entry_id}``."""
    return f"{source}-{entry_id}"


def _identifier(pair: str) -> str:
    """The comparable value of a "scheme: value" identifier (an IMO number with or without "IMO")."""
    scheme, _, value = pair.rpartition(": ")
    plain = _plain(value)
    return plain.removeprefix("IMO") if scheme == "imoNumber" else plain


def _links(hit: Mapping[str, Any]) -> set[str]:
    """The values by which this hit's entity can be recognised on another list."""
    entity: Mapping[str, Any] = hit.get("entity") or {}
    links = {f"id:{v}" for v in (_identifier(str(pair)) for pair in entity.get("identifiers") or ())
             if len(v) >= MIN_SHARED_ID}
    key = entity_key(str(hit["source"]), str(hit["entry_id"]))
    links.add(f"ref:{key}")
    links |= {f"ref:{r}" for r in entity.get("referents") or ()}
    links.add(f"num:{hit['entry_id']}|{_plain(str(hit.get('name') or ''))}")
    return links


def group_keys(hits: Sequence[Mapping[str, Any]]) -> list[str]:
    """For each hit (a mapping with party, query, source, entry_id, name and optionally ``entity``
    holding ``identifiers`` and ``referents``), the key of its group: the party, the screened name and
    the smallest entity key of the group. Hits alone in their group get their own entity key."""
    parent = list(range(len(hits)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    seen: dict[tuple[str, str, str, str], int] = {}
    for i, hit in enumerate(hits):
        who = (str(hit["party"]), str(hit["query"]), str(hit.get("party_index")))
        for link in _links(hit):
            j = seen.setdefault((*who, link), i)
            if j != i:
                parent[find(i)] = find(j)
    members: dict[int, list[str]] = {}
    for i, hit in enumerate(hits):
        members.setdefault(find(i), []).append(entity_key(str(hit["source"]), str(hit["entry_id"])))
    return [f"{hit['party']}|{hit['query']}|{min(members[find(i)])}" for i, hit in enumerate(hits)]


def entity_content(record: Any) -> dict[str, Any]:
    """The screening-relevant content of a list entry (an ``hrdd.screening.Record``), as stored
    with a hit and with its review: what a reviewer looked at."""
    return {
        "schema": record.schema,
        "names": sorted({*record.names, *record.weak_aliases}),
        "countries": sorted(record.countries),
        "birth_dates": sorted(record.birth_dates),
        "identifiers": sorted(f"{scheme}: {value}" for scheme, value in record.identifiers),
        "topics": sorted(record.topics),
    }


def content_changes(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[str]:
    """What changed in a listed entity between two contents, in words ("names added: X")."""
    changes = []
    labels = {"schema": "kind", "names": "names", "countries": "countries", "birth_dates": "birth dates",
              "identifiers": "identifiers", "topics": "topics"}
    for field in CONTENT_FIELDS:
        old, new = before.get(field), after.get(field)
        if field == "schema":
            if old and new and old != new:
                changes.append(f"kind: {old} → {new}")
            continue
        old_set, new_set = set(old or ()), set(new or ())
        if added := sorted(new_set - old_set):
            changes.append(f"{labels[field]} added: {', '.join(added)}")
        if removed := sorted(old_set - new_set):
            changes.append(f"{labels[field]} removed: {', '.join(removed)}")
    return changes
