"""Related-entity hints as the reviewer sees them: where a screened party may belong, never a hit.

Three kinds (:class:`hrdd.model.screening.RelatedEntity`): the party's name matched an entity the
lists name without listing it, tied by list relations to a listed one (``link``,
``hrdd.screening.links``); the party's name carries a listed organisation's brand (``brand``,
``hrdd.screening.related``); an entity list data ties directly to one of the party's hits
(``of_hit``: whom the listed entity owns or directs, or is owned or directed by). Each carries
one line that explains it, the list and list version it came from, and for ``link`` the name
similarity the matcher gave (at or above its threshold, as for a hit).
"""

from collections.abc import Mapping
from dataclasses import dataclass

from hrdd.model.screening import Hit, PartyRole, RelatedEntity
from hrdd.screening.links import LinkHint
from hrdd.screening.record import Record
from hrdd.screening.related import RelatedHint
from hrdd.screening.screener import Screener
from hrdd.screening.ties import LINKS

MAX_OF_HIT = 10  # entities shown per hit


@dataclass(frozen=True, slots=True)
class Party:
    role: PartyRole
    name: str
    index: int | None = None


def link_entities(screener: Screener, party: Party, hint: LinkHint, as_of: Mapping[str, str]) -> list[RelatedEntity]:
    """One hint per listed entity the matched (unlisted) entry reaches."""
    matched, result = hint.matched.entry, hint.matched.result
    found = []
    for path in hint.paths:
        listed = screener.index.get(path.listed_id)
        source = listed.source if listed is not None else matched.source
        entry_id = listed.entry_id if listed is not None else path.listed_id
        topics = listed.topics if listed is not None else ()
        on = f"listed on {source}" + (f" ({', '.join(topics)})" if topics else "")
        reason = (f"'{party.name}' matches '{matched.caption}' ({matched.source} {matched.entry_id}, score "
                  f"{result.score:.2f}), which no list targets; list data: it is {path.description}; "
                  f"{path.listed_name} is {on}. A hint, not a hit.")
        found.append(RelatedEntity(
            party=party.role, query=party.name, kind="link", source=source, entry_id=entry_id,
            name=path.listed_name, listed=True, reason=reason, topics=topics, relations=path.relations,
            path=path.steps, matched_source=matched.source, matched_entry_id=matched.entry_id,
            matched_name=matched.caption, score=round(result.score, 4), explanation=result.explanation,
            as_of=as_of.get(source, ""), party_index=party.index))
    return found


def brand_entity(party: Party, hint: RelatedHint, as_of: Mapping[str, str]) -> RelatedEntity:
    entry = hint.entry
    return RelatedEntity(
        party=party.role, query=party.name, kind="brand", source=entry.source, entry_id=entry.entry_id,
        name=entry.caption or hint.name, listed=True, reason=hint.reason, topics=entry.topics,
        as_of=as_of.get(entry.source, ""), party_index=party.index)


def hit_entities(screener: Screener, party: Party, hit: Hit, entry: Record, as_of: Mapping[str, str]
                 ) -> list[RelatedEntity]:
    """The entities list data ties directly to a hit's entry, at most :data:`MAX_OF_HIT`: those no
    list targets first (a listed one is a hit of its own when screened), ownership before other
    relations."""
    order = list(LINKS)
    linked = sorted(screener.linked(entry), key=lambda item: (
        screener.graph.is_listed(item[0]), order.index(item[2]) if item[2] in order else len(order), item[1]))
    found = []
    for other_id, name, schema, how in linked[:MAX_OF_HIT]:
        other = screener.index.get(other_id)
        source = other.source if other is not None else entry.source
        listed = screener.graph.is_listed(other_id)
        status = "listed" if listed else "not itself listed"
        found.append(RelatedEntity(
            party=party.role, query=party.name, kind="of_hit", source=source,
            entry_id=other.entry_id if other is not None else other_id, name=name, listed=listed,
            reason=f"{hit.name} ({hit.source} {hit.entry_id}), which '{party.name}' matched, {how} ({status})",
            topics=other.topics if other is not None else (), relations=(schema,), path=(how,),
            matched_source=hit.source, matched_entry_id=hit.entry_id, matched_name=hit.name, score=hit.score,
            as_of=as_of.get(source, ""), party_index=party.index))
    return found
