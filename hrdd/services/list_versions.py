"""List versions: every import of a list records its delta against the previous version.

:func:`record_version` runs inside the import, holding the source lock, after the new snapshot
was staged and before it is published: it computes the delta (added, changed, removed entities
by id and content hash), keeps the screening record of every added or changed listed party,
and writes the version and its delta in one transaction that commits only once the snapshot
was published. A failed import therefore leaves neither a new snapshot nor a new version.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from hrdd.screening.lists import iter_proxies, records_from_proxies
from hrdd.screening.record import is_matchable
from hrdd.settings import Settings
from hrdd.sources.lists import delta as list_delta
from hrdd.sources.lists import snapshot
from hrdd.store import Store
from hrdd.store import lists as version_rows
from hrdd.store.lists import ChangeRow, ListVersionRow


@dataclass(frozen=True, slots=True)
class VersionSummary:
    source: str
    version: int
    baseline: bool
    added: int
    changed: int
    removed: int
    screened: int  # added or changed listed parties that re-screening compares


def _screening_payloads(source: str, entities: Path, wanted: set[str]) -> dict[str, str]:
    """The screening record (index payload) of every wanted listed party, with its programmes."""
    if not wanted:
        return {}
    selected = []
    for proxy in iter_proxies(entities):
        party = proxy.id in wanted and is_matchable(proxy)
        if party or (proxy.schema.name == "Sanction" and wanted.intersection(proxy.get("entity"))):
            selected.append(proxy)
    return {r.id: r.to_payload() for r in records_from_proxies(selected, source)}


def compute_delta(source: str, previous: Path | None, staged: Path) -> list[ChangeRow]:
    """The change rows from the live snapshot ``previous`` (None: first version) to ``staged``."""
    changes = list(list_delta.diff_entities(previous, staged))
    wanted = {c.entity_id for c in changes if c.change != list_delta.REMOVED}
    payloads = _screening_payloads(source, staged, wanted)
    return [ChangeRow(c.entity_id, c.change, c.content_hash, payloads.get(c.entity_id)) for c in changes]


def record_version(store: Store, settings: Settings, source: str, staged: Path, *, entities_sha256: str,
                   as_of: str, entries: int, publish: Callable[[int], None]) -> VersionSummary:
    """Compute the delta of ``staged`` against the live snapshot, then publish and record it.

    ``publish(version)`` is called inside the transaction (it writes the manifest and swaps the
    snapshot in); when it raises, the version is not recorded."""
    live = settings.lists_dir / source / snapshot.ENTITIES
    baseline = not live.is_file()
    changes = [] if baseline else compute_delta(source, live, staged / snapshot.ENTITIES)
    counts = {kind: sum(1 for c in changes if c.change == kind)
              for kind in (list_delta.ADDED, list_delta.CHANGED, list_delta.REMOVED)}
    with store.transaction() as conn:
        latest = version_rows.latest_version(conn, source)
        number = latest.version + 1 if latest else 1
        row = ListVersionRow(
            source=source, version=number, entities_sha256=entities_sha256, as_of=as_of,
            imported_at=dt.datetime.now(dt.UTC), entries=entries,
            added=entries if baseline else counts[list_delta.ADDED], changed=counts[list_delta.CHANGED],
            removed=counts[list_delta.REMOVED], baseline=baseline, rescreened_at=None)
        version_rows.insert_version(conn, row, changes)
        publish(number)
    return VersionSummary(source, number, baseline, row.added, row.changed, row.removed,
                          sum(1 for c in changes if c.payload is not None))


def list_versions(store: Store, source: str | None = None, *, pending_only: bool = False) -> list[ListVersionRow]:
    with store.transaction() as conn:
        return version_rows.list_versions_of(conn, source, pending_only=pending_only)


def version_changes(store: Store, source: str, version: int) -> list[ChangeRow]:
    with store.transaction() as conn:
        return list(version_rows.iter_changes(conn, source, version))
