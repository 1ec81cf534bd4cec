"""Related-entity hints through the relations of the list data: an unlisted entity tied to a listed one.

List data in FtM form (OpenSanctions) names entities that no list targets: the companies a
sanctioned person owns, the firm a listed person directs, a relative. They are in the index (a
party can match one by name) but are not themselves listed. When a screened party matches such
an entity, the reviewer is told which listed entities it is tied to and through which relations
(a *related-entity hint*), never a hit: a hint does not alert.

An entry is *linked-only* when its list gives it no topics, no Sanction names it, and it is an
end of a relation of :data:`hrdd.screening.ties.LINKS` in the same list; the index build marks
it (:func:`mark_linked_only`) so that a screening reads the ownership graph only when such an
entry scores at or above the threshold. Whether the list data nonetheless makes it a hit — blocked
under the 50 % rule, owned by a sanctioned party, state-owned (any :func:`find_ties` finding) —
is decided on the graph; those stay hits, as before.
"""

from dataclasses import dataclass, replace

from hrdd.screening.record import Record
from hrdd.screening.result import ScoredEntry
from hrdd.screening.ties import Link, OwnershipGraph, find_ties

LINKED_ONLY = "linked_only"  # key of Record.extra marking a linked-only entry
MAX_HOPS = 3  # relations walked from the matched entity through unlisted entities
MAX_PATHS = 10

# schema -> (how the source stands to the target, how the target stands to the source)
WORDING: dict[str, tuple[str, str]] = {
    "Ownership": ("owns", "owned by"),
    "Directorship": ("director of", "directed by"),
    "Employment": ("employed by", "employer of"),
    "Membership": ("member of", "has as member"),
    "Representation": ("represents", "represented by"),
    "UnknownLink": ("linked to", "linked to"),
    "Family": ("family of", "family of"),
    "Associate": ("associate of", "associate of"),
    "Succession": ("predecessor of", "successor of"),
}


@dataclass(frozen=True, slots=True)
class LinkPath:
    """How an unlisted entity reaches a listed one: the relations in order, each worded."""

    listed_id: str
    listed_name: str
    relations: tuple[str, ...]  # FtM schemata along the path ("Ownership", "Directorship" …)
    steps: tuple[str, ...]  # "owned 100% by Alexander ZAKHAROV (role: …)" …

    @property
    def description(self) -> str:
        return ", which is ".join(self.steps)


def mark_linked_only(record: Record) -> Record:
    return replace(record, extra={**record.extra, LINKED_ONLY: "1"})


def is_linked_only(entry: Record) -> bool:
    """True for an entry its list names only as an end of a relation (see the module docstring)."""
    return entry.extra.get(LINKED_ONLY) == "1"


def _step(graph: OwnershipGraph, link: Link, other: str, forward: bool) -> str:
    node = graph.nodes.get(other)
    name = node.caption if node else other
    role = f" (role: {link.role})" if link.role else ""
    if link.schema == "Ownership":
        if link.percentage is None:
            return f"{'owns' if forward else 'owned by'} {name} (share not stated){role}"
        return f"{'owns' if forward else 'owned'} {link.percentage:g}% {'of' if forward else 'by'} {name}{role}"
    active, passive = WORDING.get(link.schema, ("linked to", "linked to"))
    return f"{active if forward else passive} {name}{role}"


def listed_paths(graph: OwnershipGraph, entity_id: str) -> list[LinkPath]:
    """The listed entities an unlisted entity is tied to, nearest first, through unlisted entities
    only, at most :data:`MAX_HOPS` relations away."""
    found: list[LinkPath] = []
    frontier: list[tuple[str, tuple[str, ...], tuple[str, ...]]] = [(entity_id, (), ())]
    seen = {entity_id}
    while frontier and len(found) < MAX_PATHS:
        current, relations, steps = frontier.pop(0)
        for (other, schema, forward), link in sorted(graph.adjacent.get(current, {}).items()):
            if other in seen:
                continue
            seen.add(other)
            path = ((*relations, schema), (*steps, _step(graph, link, other, forward)))
            if graph.is_listed(other):
                node = graph.nodes.get(other)
                found.append(LinkPath(other, node.caption if node else other, *path))
            elif len(path[0]) < MAX_HOPS:
                frontier.append((other, *path))
    return found[:MAX_PATHS]


def linked_entities(graph: OwnershipGraph, entity_id: str) -> list[tuple[str, str, str, str]]:
    """The entities directly tied to a listed one (other end id, name, relation schema, worded
    relation), for a hit: whom it owns, directs, is owned or directed by …"""
    found = []
    for (other, schema, forward), link in sorted(graph.adjacent.get(entity_id, {}).items()):
        node = graph.nodes.get(other)
        found.append((other, node.caption if node else other, schema, _step(graph, link, other, forward)))
    return found


@dataclass(frozen=True, slots=True)
class LinkHint:
    """A party's name matched an unlisted entity that list data ties to listed ones: a hint, never a hit."""

    matched: ScoredEntry  # the unlisted entity, and how well the party's name matched it
    paths: tuple[LinkPath, ...]


def link_hint(graph: OwnershipGraph, scored: ScoredEntry) -> LinkHint | None:
    """The hint a matched entry gives instead of a hit, or None when it is a hit: an entry that is not
    linked-only, that the graph does not know (a delta re-screening has none), that list data ties to
    the state or to a sanctioned owner (:func:`find_ties`), or that reaches no listed entity."""
    entry = scored.entry
    if not is_linked_only(entry) or entry.id not in graph.adjacent or find_ties(graph, entry.id):
        return None
    paths = listed_paths(graph, entry.id)
    return LinkHint(scored, tuple(paths)) if paths else None
