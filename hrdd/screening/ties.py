"""Government ties and ownership by sanctioned parties, read from FtM list data.

A party has a government tie when it is, or is owned (directly or up an ``Ownership`` chain)
by, a state body: FtM schema ``PublicBody`` or topics ``gov``/``gov.*`` (``gov.soe`` state-owned
enterprise, ``gov.security`` security services …) or ``mil``. The OFAC 50 % rule is applied
where ``Ownership`` entities carry a ``percentage``: an entity owned 50 % or more in aggregate
by blocked parties (topics ``sanction*``, directly or through entities that are themselves
50 %-owned by blocked parties) is itself treated as blocked. Several Ownership records
between the same two parties (e.g. over time) count once, at their highest percentage.

The graph also keeps every FtM relation of :data:`LINKS` (ownership, directorship, employment,
membership, representation, family, associates, unknown links, succession) between the
entities it names, and which entities the lists target: the related-entity hints
(``hrdd.screening.links``) walk them.
"""

import json
import threading
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported where entities are read (an index build)
    from followthemoney.proxy import EntityProxy

STATE_TOPICS = frozenset({"gov", "mil"})
MAX_DEPTH = 4
# FtM relation schemata kept as links: schema -> (property of the one side, property of the other)
LINKS: dict[str, tuple[str, str]] = {
    "Ownership": ("owner", "asset"),
    "Directorship": ("director", "organization"),
    "Employment": ("employee", "employer"),
    "Membership": ("member", "organization"),
    "Representation": ("agent", "client"),
    "UnknownLink": ("subject", "object"),
    "Family": ("person", "relative"),
    "Associate": ("person", "associate"),
    "Succession": ("predecessor", "successor"),
}


@dataclass(frozen=True, slots=True)
class Link:
    """One FtM relation between two entities: ``source`` is the owner, director, member …"""

    source: str
    target: str
    schema: str
    role: str = ""  # the relation's role or relationship, as the list words it ("subsidiary of" …)
    percentage: float | None = None


@dataclass(frozen=True, slots=True)
class Tie:
    """One finding about an entry: what kind, which entity is the reason, and why."""

    kind: str  # state_body | state_owned | owned_by_sanctioned | fifty_percent_rule | majority_state_owned
    entity_id: str
    detail: str


@dataclass(slots=True)
class Node:
    caption: str
    schema: str
    topics: tuple[str, ...]


class OwnershipGraph:
    """Listed legal entities with their topics, and who owns whom. A graph read from a file is
    parsed at its first use (a screening of a name without ties never reads it)."""

    __slots__ = ("_adjacent", "_lock", "_nodes", "_owners", "_path", "_sanction_targets")

    def __init__(self) -> None:
        self._nodes: dict[str, Node] = {}
        # asset id -> {owner id: percentage or None}
        self._owners: dict[str, dict[str, float | None]] = defaultdict(dict)
        # entity id -> {(other end, schema, direction): link}, both ends of every link
        self._adjacent: dict[str, dict[tuple[str, str, bool], Link]] = defaultdict(dict)
        self._sanction_targets: set[str] = set()  # entities a Sanction names
        self._path: Path | None = None
        self._lock = threading.Lock()

    @property
    def nodes(self) -> dict[str, Node]:
        if self._path is not None:
            self._read()
        return self._nodes

    @property
    def owners(self) -> dict[str, dict[str, float | None]]:
        if self._path is not None:
            self._read()
        return self._owners

    @property
    def adjacent(self) -> dict[str, dict[tuple[str, str, bool], Link]]:
        """Entity id -> its links, keyed by (other end, schema, True when the entity is the source)."""
        if self._path is not None:
            self._read()
        return self._adjacent

    def is_listed(self, entity_id: str) -> bool:
        """True when the lists target the entity: it has topics or a Sanction names it."""
        if self._path is not None:
            self._read()
        node = self._nodes.get(entity_id)
        return bool(node is not None and node.topics) or entity_id in self._sanction_targets

    def add_link(self, link: Link) -> None:
        """Keep a link; the same relation again (e.g. over time) keeps its highest percentage."""
        forward = self.adjacent[link.source]
        known = forward.get((link.target, link.schema, True))
        if known is not None and (link.percentage is None or (known.percentage or 0.0) >= link.percentage):
            return
        if known is not None and not link.role:
            link = Link(link.source, link.target, link.schema, known.role, link.percentage)
        forward[(link.target, link.schema, True)] = link
        self.adjacent[link.target][(link.source, link.schema, False)] = link

    def add(self, proxy: "EntityProxy") -> None:
        if proxy.id is None:
            return
        if proxy.schema.name in LINKS:
            self._add_links(proxy)
        if proxy.schema.name == "Sanction":
            self._sanction_targets.update(proxy.get("entity"))
        if proxy.schema.name == "Ownership":
            pct = _percentage(proxy.get("percentage"))
            for asset in proxy.get("asset"):
                for owner in proxy.get("owner"):
                    known = self.owners[asset].get(owner)
                    if owner not in self.owners[asset] or (pct is not None and (known is None or pct > known)):
                        self.owners[asset][owner] = pct
        elif proxy.schema.is_a("LegalEntity"):
            self.nodes[proxy.id] = Node(proxy.caption, proxy.schema.name, tuple(proxy.get("topics", quiet=True)))

    def _add_links(self, proxy: "EntityProxy") -> None:
        one, other = LINKS[proxy.schema.name]
        roles = proxy.get("role", quiet=True) or proxy.get("relationship", quiet=True)
        pct = _percentage(proxy.get("percentage", quiet=True))
        for source in proxy.get(one, quiet=True):
            for target in proxy.get(other, quiet=True):
                if source != target:
                    self.add_link(Link(source, target, proxy.schema.name, roles[0] if roles else "", pct))

    def save(self, path: Path) -> None:
        owners = {o for found in self.owners.values() for o in found}
        linked = {k for k, links in self.adjacent.items() if links}
        data = {
            "nodes": {k: [n.caption, n.schema, list(n.topics)] for k, n in self.nodes.items()
                      if n.topics or n.schema == "PublicBody" or k in self.owners or k in owners or k in linked},
            "owners": {k: v for k, v in self.owners.items() if v},
            "links": [[li.source, li.target, li.schema, li.role, li.percentage]
                      for links in self.adjacent.values() for (_, _, forward), li in links.items() if forward],
            "sanction_targets": sorted(self._sanction_targets & linked),
        }
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> "OwnershipGraph":
        """The graph saved at ``path`` (empty when there is none), read at its first use."""
        graph = cls()
        graph._path = path
        return graph

    def _read(self) -> None:
        with self._lock:
            path = self._path
            if path is None:  # another thread read it meanwhile
                return
            if path.is_file():
                data = json.loads(path.read_text(encoding="utf-8"))
                self._nodes = {k: Node(v[0], v[1], tuple(v[2])) for k, v in data.get("nodes", {}).items()}
                for asset, owners in data.get("owners", {}).items():
                    self._owners[asset] = {o: (None if p is None else float(p)) for o, p in owners.items()}
                for source, target, schema, role, pct in data.get("links", []):
                    link = Link(source, target, schema, role, None if pct is None else float(pct))
                    self._adjacent[source][(target, schema, True)] = link
                    self._adjacent[target][(source, schema, False)] = link
                self._sanction_targets = set(data.get("sanction_targets", []))
            self._path = None


def build_graph(proxies: Iterable["EntityProxy"]) -> OwnershipGraph:
    graph = OwnershipGraph()
    for proxy in proxies:
        graph.add(proxy)
    return graph


def _percentage(values: list[str]) -> float | None:
    for value in values:
        try:
            return float(value.strip().rstrip("%").replace(",", "."))
        except ValueError:
            continue
    return None


def state_reason(node: Node | None) -> str:
    """Why a node is a state body, or "" when it is not."""
    if node is None:
        return ""
    if node.schema == "PublicBody":
        return "public body"
    tags = [t for t in node.topics if t in STATE_TOPICS or t.startswith("gov.")]
    return "topics " + ", ".join(sorted(tags)) if tags else ""


def is_sanctioned(node: Node | None) -> bool:
    return node is not None and any(t == "sanction" or t.startswith("sanction.") for t in node.topics
                                    if t != "sanction.counter")


def _blocked(graph: OwnershipGraph, entity_id: str, seen: frozenset[str]) -> bool:
    if is_sanctioned(graph.nodes.get(entity_id)):
        return True
    return _blocked_share(graph, entity_id, seen | {entity_id})[0] >= 50.0


def _blocked_share(graph: OwnershipGraph, entity_id: str, seen: frozenset[str]) -> tuple[float, list[str]]:
    total, who = 0.0, []
    for owner, pct in graph.owners.get(entity_id, {}).items():
        if pct is None or owner in seen or len(seen) > MAX_DEPTH:
            continue
        if _blocked(graph, owner, seen):
            total += pct
            node = graph.nodes.get(owner)
            who.append(f"{node.caption if node else owner} {pct:g}%")
    return min(total, 100.0), who


def find_ties(graph: OwnershipGraph, entity_id: str) -> list[Tie]:
    """Government ties and sanctioned ownership of one list entity."""
    ties: list[Tie] = []
    reason = state_reason(graph.nodes.get(entity_id))
    if reason:
        ties.append(Tie("state_body", entity_id, f"is a state body ({reason})"))
    state_share = 0.0
    frontier: list[tuple[str, int, str]] = [(entity_id, 0, "")]
    seen = {entity_id}
    while frontier:
        current, depth, path = frontier.pop(0)
        for owner, pct in graph.owners.get(current, {}).items():
            if owner in seen or depth >= MAX_DEPTH:
                continue
            seen.add(owner)
            node = graph.nodes.get(owner)
            label = node.caption if node else owner
            chain = f"{path} ← {label}" if path else label
            share = f" {pct:g}%" if pct is not None else ""
            owner_state = state_reason(node)
            if owner_state:
                ties.append(Tie("state_owned", owner, f"owned by state body {chain}{share} ({owner_state})"))
                if depth == 0 and pct is not None:
                    state_share += pct
            if is_sanctioned(node):
                ties.append(Tie("owned_by_sanctioned", owner, f"owned by sanctioned {chain}{share}"))
            frontier.append((owner, depth + 1, chain))
    blocked, who = _blocked_share(graph, entity_id, frozenset({entity_id}))
    if blocked >= 50.0:
        ties.append(Tie("fifty_percent_rule", entity_id,
                        f"{blocked:g}% owned by blocked parties ({', '.join(who)}): blocked under the 50% rule"))
    if state_share >= 50.0:
        ties.append(Tie("majority_state_owned", entity_id, f"{min(state_share, 100.0):g}% owned by state bodies"))
    return ties


def owners_up_the_chain(graph: OwnershipGraph, entity_id: str) -> list[tuple[str, str, float | None, bool]]:
    """Every owner of an entity up its ``Ownership`` chain (owner id, name, direct share, sanctioned)."""
    found: list[tuple[str, str, float | None, bool]] = []
    frontier: list[tuple[str, int]] = [(entity_id, 0)]
    seen = {entity_id}
    while frontier:
        current, depth = frontier.pop(0)
        for owner, pct in graph.owners.get(current, {}).items():
            if owner in seen or depth >= MAX_DEPTH:
                continue
            seen.add(owner)
            node = graph.nodes.get(owner)
            found.append((owner, node.caption if node else owner, pct, is_sanctioned(node)))
            frontier.append((owner, depth + 1))
    return found
