"""Screening use cases shared by the CLI, the HTTP API and the web UI.

``screen_name`` screens one name; ``screen_case`` screens every party of a case (end user,
its parent, its aliases, every intermediary) and reports government ties found in the list
data; ``match_payload`` answers a yente ``/match``-shaped request. Lists come from
``settings.lists_dir``; the index under ``settings.index_dir`` is rebuilt when they change.
Judgements recorded with :func:`judge` are applied to every hit (and reopened when the list
entry changed).
"""

import multiprocessing
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from hrdd.exc import InvalidInput, Problem
from hrdd.logs import get_logger
from hrdd.model.case import Case
from hrdd.model.screening import Hit, ListInfo, PartyRole, PartyTie, RelatedEntity, ScreeningOutcome
from hrdd.screening import schemata, territory_table
from hrdd.screening.judgements import (
    JudgementStore,
    apply_judgement,
)
from hrdd.screening.links import LinkHint
from hrdd.screening.lists import ListSnapshot, discover_lists, ensure_index
from hrdd.screening.matcher import get_matcher
from hrdd.screening.person_tagger import ensure_table, use_table
from hrdd.screening.record import Record, query_record
from hrdd.screening.related import RelatedHint
from hrdd.screening.result import ScoredEntry, to_hit
from hrdd.screening.screener import Screener
from hrdd.screening.ties import owners_up_the_chain
from hrdd.services.related import Party, brand_entity, hit_entities, link_entities
from hrdd.settings import Settings, get_settings

log = get_logger(__name__)
SCHEMATA = ("LegalEntity", "Company", "Organization", "PublicBody", "Person", "Vessel", "Airplane")
_LOCK = threading.Lock()
_CACHE: dict[tuple[str, tuple[tuple[str, int, int], ...]], Screener] = {}
_BATCH_CHUNK = 50


@dataclass(frozen=True, slots=True)
class PartyQuery:
    role: PartyRole
    name: str
    record: Record
    index: int | None = None


def _stat_key(snapshots: list[ListSnapshot]) -> tuple[tuple[str, int, int], ...]:
    return tuple((str(s.path), s.path.stat().st_size, s.path.stat().st_mtime_ns) for s in snapshots)


def open_screener(settings: Settings | None = None) -> Screener | None:
    """The screener over the loaded lists, or None when no list is loaded. Cached per process
    until the list files change; the index is rebuilt on change."""
    settings = settings or get_settings()
    snapshots = discover_lists(settings.lists_dir)
    if not snapshots:
        return None
    matcher = get_matcher(settings.screening_matcher)
    key = (f"{settings.index_dir}@{matcher.algorithm()}", _stat_key(snapshots))
    with _LOCK:
        screener = _CACHE.get(key)
        if screener is None:
            # rigour's person-name phrases from disk (built once per rigour version), before the
            # index build analyses every listed person's name
            use_table(ensure_table(settings.cache_path))
            # hrdd-v2's country words from disk too (rigour builds its table in 1.5 s of CPU)
            territory_table.use_table(territory_table.ensure_table(settings.cache_path))
            schemata.use_table(schemata.ensure_table(settings.cache_path))  # without importing followthemoney
            index, graph = ensure_index(settings.index_dir, snapshots)
            screener = Screener(index=index, graph=graph, matcher=matcher)
            _CACHE.clear()
            _CACHE[key] = screener
        return screener


def probe_screening(settings: Settings | None, organisation: str, person: str) -> int:
    """Open the screener (index and tables) and score one organisation's and one person's name,
    loading every part of the matcher; returns the candidates scored, 0 when no list is loaded."""
    screener = open_screener(settings)
    if screener is None:
        return 0
    return (len(screener.score(query_record([organisation])))
            + len(screener.score(query_record([person], schema="Person"))))


def warm_screening(settings: Settings | None = None) -> int:
    """Open the screener and analyse the listed names before the first query (a service at
    start); returns the names analysed, 0 when no list is loaded."""
    screener = open_screener(settings)
    if screener is None:
        return 0
    names = screener.warm()
    log.info("screening warmed", extra={"ctx": {"names": names}})
    return names


def index_status(settings: Settings | None = None) -> dict[str, Any]:
    """What is loaded and indexed: lists (from the manifests), index entries and fingerprint.
    Builds the index first when the lists changed."""
    screener = open_screener(settings)
    return {
        "lists": list(loaded_lists(settings)),
        "entries": screener.index.count() if screener is not None else 0,
        "fingerprint": screener.index.fingerprint if screener is not None else "",
        "algorithm": screener.algorithm if screener is not None else "",
    }


def loaded_lists(settings: Settings | None = None) -> tuple[ListInfo, ...]:
    settings = settings or get_settings()
    return tuple(s.info for s in discover_lists(settings.lists_dir))


def judgement_store(settings: Settings | None = None) -> JudgementStore:
    """The judgements of the configured database: the web UI, the API and ``hrdd screen-judge``
    share them, on every app server."""
    from hrdd.services.judgements import SqlJudgementStore
    from hrdd.services.store import get_store

    return SqlJudgementStore(get_store(settings))


def _check_schema(schema: str) -> str:
    if schema not in SCHEMATA:
        raise InvalidInput("unknown schema", [Problem("schema is not screenable", field="schema",
                                                      expected="|".join(SCHEMATA), found=schema)])
    return schema


def _judged(party: PartyQuery, found: list[ScoredEntry], store: JudgementStore | None
            ) -> list[tuple[Hit, ScoredEntry]]:
    out = []
    for scored in found:
        hit = to_hit(scored, party=party.role, query=party.name, party_index=party.index)
        if store is not None:
            hit = apply_judgement(hit, store, scored.entry.digest)
        out.append((hit, scored))
    return out


def _screen(screener: Screener, party: PartyQuery, threshold: float | None, limit: int,
            store: JudgementStore | None) -> tuple[list[tuple[Hit, ScoredEntry]], list[LinkHint]]:
    """Hits with the reviewers' judgements applied, and apart the related-entity hints by relation."""
    found, hints = screener.screen_with_hints(party.record, threshold=threshold, limit=limit)
    return _judged(party, found, store), hints


def _related(screener: Screener, party: PartyQuery, hits: list[tuple[Hit, ScoredEntry]], hints: list[LinkHint],
             as_of: dict[str, str]) -> list[RelatedEntity]:
    """Every related-entity hint of one party: by relation, by brand, and the entities tied to its hits
    (a hit judged not a match gives none)."""
    who = Party(party.role, party.name, party.index)
    found = [r for hint in hints for r in link_entities(screener, who, hint, as_of)]
    found += [brand_entity(who, hint, as_of) for hint in screener.related(party.record, [s for _, s in hits])]
    for hit, scored in hits:
        if hit.judgement != "no_match":
            found += hit_entities(screener, who, hit, scored.entry, as_of)
    return found


def _hits(screener: Screener, party: PartyQuery, threshold: float | None, limit: int,
          store: JudgementStore | None) -> list[tuple[Hit, ScoredEntry]]:
    return _judged(party, screener.screen(party.record, threshold=threshold, limit=limit), store)


def screen_record(screener: Screener, name: str, *, country: str | None = None, schema: str = "LegalEntity",
                  threshold: float | None = None, limit: int = 10, store: JudgementStore | None = None,
                  birth_dates: tuple[str, ...] = (), identifiers: tuple[tuple[str, str], ...] = ()
                  ) -> list[Hit]:
    """Hits for one name on an open screener, with the reviewers' judgements applied."""
    return screen_record_among(screener, name, country=country, schema=schema, threshold=threshold, limit=limit,
                               store=store, birth_dates=birth_dates, identifiers=identifiers)[0]


def screen_record_among(screener: Screener, name: str, *, country: str | None = None, schema: str = "LegalEntity",
                        threshold: float | None = None, limit: int = 10, store: JudgementStore | None = None,
                        birth_dates: tuple[str, ...] = (), identifiers: tuple[tuple[str, str], ...] = (),
                        among: Sequence[Record] | None = None) -> tuple[list[Hit], tuple[Record, ...]]:
    """``screen_record`` among the given entries (default: the index's candidates for the name),
    and the entries whose main features reach the threshold (see ``Screener.screen_among``)."""
    record = query_record([name], schema=_check_schema(schema), countries=(country,) if country else (),
                          birth_dates=birth_dates, identifiers=identifiers)
    party = PartyQuery("end_user", name, record)
    entries = screener.index.candidates(record, screener.candidates) if among is None else among
    screened = screener.screen_among(record, entries, threshold=threshold, limit=limit)
    return [hit for hit, _ in _judged(party, screened.hits, store)], screened.reachable


def screen_name(name: str, *, country: str | None = None, schema: str = "LegalEntity",
                settings: Settings | None = None, threshold: float | None = None, limit: int = 10,
                birth_dates: tuple[str, ...] = (), identifiers: tuple[tuple[str, str], ...] = ()
                ) -> list[Hit]:
    """Hits for one name, best first; empty when nothing alerts or no list is loaded. A birth
    date and identifiers (``(kind, value)``) sharpen the match where the list has them."""
    if not name.strip():
        raise InvalidInput("nothing to screen", [Problem("name is empty", field="name", expected="a name")])
    screener = open_screener(settings)
    if screener is None:
        return []
    return screen_record(screener, name, country=country, schema=schema, threshold=threshold, limit=limit,
                         store=judgement_store(settings), birth_dates=birth_dates, identifiers=identifiers)


def screen_name_with_related(name: str, *, country: str | None = None, schema: str = "LegalEntity",
                             settings: Settings | None = None, threshold: float | None = None, limit: int = 10,
                             birth_dates: tuple[str, ...] = (), identifiers: tuple[tuple[str, str], ...] = ()
                             ) -> tuple[list[Hit], list[RelatedEntity]]:
    """:func:`screen_name`'s hits, and apart the related-entity hints (never hits)."""
    if not name.strip():
        raise InvalidInput("nothing to screen", [Problem("name is empty", field="name", expected="a name")])
    settings = settings or get_settings()
    screener = open_screener(settings)
    if screener is None:
        return [], []
    record = query_record([name], schema=_check_schema(schema), countries=(country,) if country else (),
                          birth_dates=birth_dates, identifiers=identifiers)
    party = PartyQuery("end_user", name, record)
    hits, hints = _screen(screener, party, threshold, limit, judgement_store(settings))
    related = _related(screener, party, hits, hints, {li.source: li.as_of for li in loaded_lists(settings)})
    return [hit for hit, _ in hits], related


def related_hints(name: str, *, country: str | None = None, schema: str = "LegalEntity",
                  settings: Settings | None = None, threshold: float | None = None, limit: int = 5
                  ) -> list[RelatedHint]:
    """Listed organisations whose brand the party carries and that are not hits: hints for the
    reviewer, reported apart from hits (a subsidiary of a listed parent is not itself listed)."""
    screener = open_screener(settings)
    if screener is None or not name.strip():
        return []
    record = query_record([name], schema=_check_schema(schema), countries=(country,) if country else ())
    return screener.related(record, screener.screen(record, threshold=threshold, limit=50), limit)


def forget_screeners() -> None:
    """Drop the open screeners and database connections of this process (a forked worker
    reopens the on-disk index and its own connections; analysed names stay cached)."""
    from hrdd.services.store import forget_stores

    with _LOCK:
        _CACHE.clear()
    forget_stores(close=False)  # the parent's connections are left to the parent


BatchQuery = tuple[str, str | None, str]  # name, country, schema
_BATCH_SETTINGS: Settings | None = None
_BATCH_THRESHOLD: float | None = None


def _init_batch_worker(settings: Settings | None, threshold: float | None) -> None:
    global _BATCH_SETTINGS, _BATCH_THRESHOLD
    _CACHE.clear()  # reopen the index in this process rather than share the parent's handles
    _BATCH_SETTINGS, _BATCH_THRESHOLD = settings, threshold


def _screen_batch_chunk(chunk: list[BatchQuery]) -> list[list[Hit]]:
    return [screen_name(name, country=country, schema=schema, settings=_BATCH_SETTINGS,
                        threshold=_BATCH_THRESHOLD) for name, country, schema in chunk]


def screen_batch(queries: Sequence[BatchQuery], *, settings: Settings | None = None,
                 threshold: float | None = None, workers: int = 1,
                 on_progress: Callable[[int], None] | None = None) -> list[list[Hit]]:
    """Hits for many (name, country, schema) queries, in order; ``workers`` > 1 uses processes.
    ``on_progress`` is called with the number of queries just finished."""
    for name, _, schema in queries:
        if not name.strip():
            raise InvalidInput("nothing to screen", [Problem("a batch name is empty", field="name")])
        _check_schema(schema)
    open_screener(settings)  # build the index once, before any worker starts
    chunks = [list(queries[i:i + _BATCH_CHUNK]) for i in range(0, len(queries), _BATCH_CHUNK)]
    results: list[list[Hit]] = []
    if workers <= 1 or len(chunks) <= 1:
        _init_batch_worker(settings, threshold)
        for chunk in chunks:
            results.extend(_screen_batch_chunk(chunk))
            if on_progress:
                on_progress(len(chunk))
        return results
    context = multiprocessing.get_context("fork")
    with context.Pool(workers, initializer=_init_batch_worker, initargs=(settings, threshold)) as pool:
        for chunk, hits in zip(chunks, pool.imap(_screen_batch_chunk, chunks), strict=True):
            results.extend(hits)
            if on_progress:
                on_progress(len(chunk))
    return results


def case_parties(case: Case) -> list[PartyQuery]:
    """Every party of a case that is screened, with the role it plays."""
    eu = case.end_user
    countries = (eu.country.lower(),) if eu.country else ()
    ids = tuple((scheme, value) for scheme, value in eu.identifiers)
    parties = [PartyQuery("end_user", eu.name, query_record([eu.name], countries=countries, identifiers=ids))]
    for alias in eu.aliases:
        parties.append(PartyQuery("alias", alias, query_record([alias], countries=countries, identifiers=ids)))
    if eu.parent:
        parties.append(PartyQuery("parent", eu.parent, query_record([eu.parent])))
    for i, inter in enumerate(case.intermediaries):
        ccs = (inter.country.lower(),) if inter.country else ()
        parties.append(PartyQuery("intermediary", inter.name, query_record([inter.name], countries=ccs), i))
    return parties


def screen_case(case: Case, settings: Settings | None = None) -> ScreeningOutcome:
    """Screen the end user, its aliases, its parent and every intermediary of a case."""
    settings = settings or get_settings()
    parties = case_parties(case)
    screener = open_screener(settings)
    roles = tuple((p.role, p.name) for p in parties)
    if screener is None:
        return ScreeningOutcome(performed=False, parties=roles)
    store = judgement_store(settings)
    lists = loaded_lists(settings)
    as_of = {li.source: li.as_of for li in lists}
    hits: list[Hit] = []
    ties: list[str] = []
    party_ties: list[PartyTie] = []
    related: list[RelatedEntity] = []
    for party in parties:
        party_hits, hints = _screen(screener, party, None, 10, store)
        related += _related(screener, party, party_hits, hints, as_of)
        for hit, scored in party_hits:
            hits.append(hit)
            if hit.judgement == "no_match":
                continue
            for tie in screener.ties(scored.entry):
                ties.append(f"{party.role}: {hit.name} ({scored.entry.id}) {tie.detail}")
            party_ties += ownership_ties(screener, party, scored.entry, store)
    log.info("case screened", extra={"ctx": {"case": case.id, "parties": len(parties), "hits": len(hits)}})
    return ScreeningOutcome(
        performed=True,
        lists=lists,
        hits=tuple(hits),
        algorithm=screener.algorithm,
        threshold=screener.matcher.DEFAULT_THRESHOLD,
        parties=roles,
        government_ties=tuple(dict.fromkeys(ties)),
        party_ties=tuple(dict.fromkeys(party_ties)),
        related=tuple(dict.fromkeys(related)),
    )


OWNER_ALERT = 0.9  # an owner's name matching a list entry at least this well is reported


def ownership_ties(screener: Screener, party: PartyQuery, entry: Record,
                   store: JudgementStore | None) -> list[PartyTie]:
    """What the list data says about who owns the entity a party matched, and the owners screened.

    Each owner up the ``Ownership`` chain that the data does not already mark as sanctioned is
    screened by name against every loaded list, so an owner listed elsewhere (another list, no
    FtM relation) is found too. State ownership is inferred from the owners (``find_ties``).
    """
    found = []
    for tie in screener.ties(entry):
        node = screener.graph.nodes.get(tie.entity_id)
        found.append(PartyTie(party.role, party.name, entry.id, tie.kind, tie.detail, tie.entity_id,
                              node.caption if node else "", party.index))
    for owner_id, owner_name, share, sanctioned in owners_up_the_chain(screener.graph, entry.id):
        if sanctioned or not owner_name.strip():
            continue
        query = PartyQuery(party.role, owner_name, query_record([owner_name]), party.index)
        for hit, scored in _hits(screener, query, OWNER_ALERT, 3, store):
            if scored.entry.id == owner_id or hit.judgement == "no_match":
                continue
            stake = f" ({share:g}%)" if share is not None else ""
            found.append(PartyTie(party.role, party.name, entry.id, "owner_listed",
                                  f"owner {owner_name}{stake} matches {hit.source} entry {hit.entry_id} ({hit.name}, "
                                  f"score {hit.score:.2f})", owner_id, owner_name, party.index))
    return found
