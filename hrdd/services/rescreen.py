"""Continuous re-screening: every party of every monitored case against what a list import changed.

After each list import (:mod:`hrdd.services.list_versions`) the parties of every active or
pending case (:func:`hrdd.store.parties.is_monitored`) are screened against that version's
delta only: the added and changed listed parties, put in a small in-memory index
(:class:`hrdd.screening.delta_index.DeltaIndex`) and scored by the ordinary matcher. The first
version of a list, and any version after the matcher changed, is screened in full against the
on-disk index. A hit becomes an alert on the case unless

- a reviewer judged the same (party, entry) on the same entry content (judgement entry hash), or
- the case already records that hit at the same or a higher score (open for review there).

The alert's dedupe key is (case, party, entry, entry content): a re-run of the same version
(a retried job) raises nothing twice, and an entry whose content changes again is raised again.
Each run is keyed by list source and version and marks the version done only at the end, so a
run that dies part-way is simply run again.
"""

import hashlib
import multiprocessing
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from hrdd.exc import HrddError, NotFound
from hrdd.logs import get_logger
from hrdd.screening.delta_index import DeltaIndex
from hrdd.screening.judgements import party_key
from hrdd.screening.matcher import get_matcher
from hrdd.screening.record import Record, query_record
from hrdd.screening.result import ScoredEntry, to_hit
from hrdd.screening.screener import Screener
from hrdd.screening.ties import OwnershipGraph
from hrdd.services.alerts import CASE_UNREADABLE, SCREENING_HIT, audience, raise_alert
from hrdd.settings import Settings, get_settings
from hrdd.store import Store
from hrdd.store import alerts as alert_rows
from hrdd.store import hits as hit_rows
from hrdd.store import lists as version_rows
from hrdd.store import parties as party_rows
from hrdd.store.parties import PartyRow

log = get_logger(__name__)
ALGORITHM_KEY = "rescreen.algorithm"  # the matcher every monitored party was last fully screened with
FULL_DELTA = 50_000  # a delta this large is screened through the on-disk index instead
HIT_LIMIT = 10
_SAME = 1e-9


@dataclass(frozen=True, slots=True)
class RescreenReport:
    """What one re-screening run did."""

    scope: str  # "<source> v<version>" or "all lists"
    mode: str  # delta | full
    entries: int  # list entries screened against (delta size, or the whole index)
    parties: int
    hits: int  # hits at or above the threshold, before judgements and recorded hits
    alerts: tuple[int, ...]  # ids of the alerts raised
    algorithm: str
    seconds: float


def register_parties(store: Store, *, batch: int = 500) -> int:
    """Read the parties of every monitored case whose revision changed; returns cases read.

    A case whose file no longer reads (e.g. the catalogue dropped an id it uses) cannot be
    re-screened: it raises an alert instead of being skipped in silence."""
    from hrdd.services.cases import validate_case_text
    from hrdd.services.screening import case_parties

    done = 0
    while True:
        with store.transaction() as conn:
            stale = party_rows.stale_cases(conn, limit=batch)
        if not stale:
            return done
        for case_id, revision, text in stale:
            try:
                case = validate_case_text(text, source=case_id)
            except HrddError as err:
                with store.transaction() as conn:
                    raise_alert(conn, kind=CASE_UNREADABLE, case_id=case_id, subject=case_id,
                                dedupe_key=f"case-unreadable:{case_id}:{revision}",
                                title=f"{case_id} cannot be re-screened: its case file no longer reads",
                                to=audience("analyst"), explanation={"revision": revision, "error": str(err)})
                    party_rows.replace_parties(conn, case_id, revision, [])
                continue
            parties = [{"role": p.role, "party_index": p.index, "name": p.name,
                        "countries": p.record.countries, "identifiers": p.record.identifiers}
                       for p in case_parties(case)]
            with store.transaction() as conn:
                party_rows.replace_parties(conn, case_id, revision, parties)
            done += 1


def party_record(party: PartyRow) -> Record:
    return query_record([party.name], countries=party.countries, identifiers=party.identifiers)


def _explanation(party: PartyRow, scored: ScoredEntry, algorithm: str, threshold: float, scope: str,
                 change: str, prior: float | None, reopened: str) -> dict[str, Any]:
    hit = to_hit(scored, party=party.role, query=party.name, party_index=party.party_index)  # type: ignore[arg-type]
    entry = scored.entry
    return {
        "party": {"role": party.role, "name": party.name, "index": party.party_index,
                  "case_revision": party.revision},
        "entry": {"id": entry.id, "source": entry.source, "entry_id": entry.entry_id, "name": hit.name,
                  "schema": entry.schema, "topics": list(entry.topics), "programs": list(entry.programs),
                  "countries": list(entry.countries), "listed_on": entry.listed_on, "content": entry.digest},
        "matched_name": hit.matched_name, "score": hit.score, "threshold": threshold,
        "features": [{"name": f.name, "score": f.score, "weight": f.weight, "detail": f.detail}
                     for f in hit.features if f.score],
        "explanation": hit.explanation, "algorithm": algorithm, "list_version": scope, "change": change,
        "previous_score": prior, "reopened": reopened or None,
    }


def _consider(store: Store, party: PartyRow, scored: ScoredEntry, *, algorithm: str, threshold: float,
              scope: str, change: str) -> int | None:
    """Raise an alert for a new or stronger hit; None when it is known, reviewed or raised before."""
    entry = scored.entry
    key = party_key(party.name)
    with store.transaction() as conn:
        judged = hit_rows.get_judgement(conn, key, entry.id)
        if judged is not None and judged.entry_hash == entry.digest:
            return None  # reviewed before on this very content
        prior = hit_rows.recorded_score(conn, party.case_id, party.name, entry.source, entry.entry_id)
        if judged is None and prior is not None and scored.result.score <= prior + _SAME:
            return None  # already on the case, open for review
        reopened = "" if judged is None else (
            f"the entry changed since it was judged {judged.judgement} on {judged.decided_at:%Y-%m-%d}")
        subject = hashlib.sha256(key.encode()).hexdigest()[:16]
        return raise_alert(
            conn, kind=SCREENING_HIT, case_id=party.case_id, subject=key,
            dedupe_key=f"hit:{party.case_id}:{subject}:{entry.id}:{entry.digest}",
            title=f"{party.case_id}: {party.role} may match {entry.caption or entry.id} ({entry.source})",
            to=audience("analyst", "approver"),
            explanation=_explanation(party, scored, algorithm, threshold, scope, change, prior, reopened))


PartyKey = tuple[str, tuple[str, ...], tuple[tuple[str, str], ...]]
_CHUNK = 200
_FORKED: Screener | None = None  # the screener a forked screening process inherits


def _screen_chunk(chunk: list[tuple[PartyKey, Record]]) -> list[tuple[PartyKey, list[ScoredEntry]]]:
    assert _FORKED is not None
    return [(key, _FORKED.screen(record, limit=HIT_LIMIT)) for key, record in chunk]


def _screen_distinct(screener: Screener, queries: dict[PartyKey, Record], processes: int
                     ) -> dict[PartyKey, list[ScoredEntry]]:
    """Hits of each distinct query; ``processes`` > 1 screens in forked processes (the index is
    inherited, not rebuilt)."""
    global _FORKED
    items = list(queries.items())
    if processes <= 1 or len(items) < 2 * _CHUNK:
        return {key: screener.screen(record, limit=HIT_LIMIT) for key, record in items}
    chunks = [items[i:i + _CHUNK] for i in range(0, len(items), _CHUNK)]
    _FORKED = screener
    try:
        with multiprocessing.get_context("fork").Pool(processes) as pool:
            return {key: found for part in pool.imap(_screen_chunk, chunks) for key, found in part}
    finally:
        _FORKED = None


def screen_parties(store: Store, screener: Screener, parties: Iterable[PartyRow], *, scope: str,
                   changes: dict[str, str], keep: Callable[[Record], bool], processes: int = 1
                   ) -> tuple[int, list[int]]:
    """Screen each distinct (name, countries, identifiers) once and apply its hits to every party
    that has it (the same customer in several cases costs one screening); then raise the alerts."""
    threshold = screener.matcher.DEFAULT_THRESHOLD
    parties = list(parties)
    queries: dict[PartyKey, Record] = {}
    for party in parties:
        key = (party.name, party.countries, party.identifiers)
        if key not in queries:
            queries[key] = party_record(party)
    screened = _screen_distinct(screener, queries, processes)
    hits = 0
    raised: list[int] = []
    for party in parties:
        for scored in screened[(party.name, party.countries, party.identifiers)]:
            if not keep(scored.entry):
                continue
            hits += 1
            alert = _consider(store, party, scored, algorithm=screener.algorithm, threshold=threshold,
                              scope=scope, change=changes.get(scored.entry.id, "listed"))
            if alert is not None:
                raised.append(alert)
    return hits, raised


def _parties(store: Store) -> list[PartyRow]:
    register_parties(store)
    with store.transaction() as conn:
        return list(party_rows.iter_parties(conn))


def rescreen_version(store: Store, source: str, version: int, settings: Settings | None = None) -> RescreenReport:
    """Screen every monitored party against one list version (its delta), then mark it done.

    Idempotent: a version already done returns at once; a run that died part-way runs again and
    raises only the alerts it had not raised."""
    from hrdd.services.screening import open_screener

    settings = settings or get_settings()
    started = time.monotonic()
    scope = f"{source} v{version}"
    with store.transaction() as conn:
        row = version_rows.get_version(conn, source, version)
        if row is None:
            raise NotFound(f"no version {version} of list {source!r}")
        if row.rescreened_at is not None:
            return RescreenReport(scope, "done", 0, 0, 0, (), "", 0.0)
        changes = list(version_rows.iter_changes(conn, source, version, screened_only=True))
    parties = _parties(store)
    if row.baseline or len(changes) > FULL_DELTA:
        screener = open_screener(settings)
        if screener is None:
            raise NotFound("no list is loaded")
        mode, entries = "full", screener.index.count()

        def keep(entry: Record) -> bool:
            return entry.source == source
    else:
        records = [Record.from_payload(c.payload) for c in changes if c.payload]
        screener = Screener(index=DeltaIndex(records, scope), graph=OwnershipGraph(),
                            matcher=get_matcher(settings.screening_matcher))
        mode, entries = "delta", len(records)

        def keep(entry: Record) -> bool:
            return True
    kinds = {c.entity_id: c.change for c in changes}
    hits, raised = screen_parties(store, screener, parties, scope=scope, changes=kinds, keep=keep,
                                  processes=settings.rescreen_processes)
    with store.transaction() as conn:
        version_rows.mark_rescreened(conn, source, version)
    report = RescreenReport(scope, mode, entries, len(parties), hits, tuple(raised), screener.algorithm,
                            round(time.monotonic() - started, 3))
    log.info("parties re-screened", extra={"ctx": {"scope": scope, "mode": mode, "parties": len(parties),
                                                   "alerts": len(raised)}})
    return report


def rescreen_all(store: Store, settings: Settings | None = None) -> RescreenReport:
    """Screen every monitored party against every loaded list (after the matcher changed)."""
    from hrdd.services.screening import open_screener

    settings = settings or get_settings()
    started = time.monotonic()
    screener = open_screener(settings)
    if screener is None:
        raise NotFound("no list is loaded")
    parties = _parties(store)
    hits, raised = screen_parties(store, screener, parties, scope="all lists", changes={},
                                  keep=lambda entry: True, processes=settings.rescreen_processes)
    with store.transaction() as conn:
        alert_rows.set_state(conn, ALGORITHM_KEY, screener.algorithm)
    return RescreenReport("all lists", "full", screener.index.count(), len(parties), hits, tuple(raised),
                          screener.algorithm, round(time.monotonic() - started, 3))


def matcher_changed(store: Store, settings: Settings | None = None) -> bool:
    """True when the matcher differs from the one every party was last fully screened with.

    The first time (nothing recorded) it records the current matcher: the versions imported so
    far are screened through their own runs."""
    from hrdd.services.screening import loaded_lists

    settings = settings or get_settings()
    if not loaded_lists(settings):
        return False
    algorithm = get_matcher(settings.screening_matcher).algorithm()
    with store.transaction() as conn:
        recorded = alert_rows.get_state(conn, ALGORITHM_KEY)
        if recorded is None:
            alert_rows.set_state(conn, ALGORITHM_KEY, algorithm)
            return False
    return recorded != algorithm


def pending_versions(store: Store) -> list[tuple[str, int]]:
    """List versions not yet re-screened, oldest first."""
    with store.transaction() as conn:
        return [(r.source, r.version) for r in version_rows.list_versions_of(conn, pending_only=True)]


def rescreen_pending(store: Store, settings: Settings | None = None) -> list[RescreenReport]:
    """Every pending list version, then a full re-screen if the matcher changed (in-process use)."""
    reports = [rescreen_version(store, source, version, settings) for source, version in pending_versions(store)]
    if matcher_changed(store, settings):
        reports.append(rescreen_all(store, settings))
    return reports
