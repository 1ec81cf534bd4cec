"""The screening-relevant view of an FtM entity: a list entry or a query.

A :class:`Record` keeps only what scoring and candidate generation read (names, countries,
birth dates, identifiers, topics, programmes). List entries are built once at index time and
stored in the index as JSON; queries are built from a name typed by a user, a case party or a
yente ``/match`` query.
"""

import hashlib
import json
from dataclasses import asdict, dataclass, field, fields
from typing import TYPE_CHECKING, Any

from hrdd.exc import ConfigError
from hrdd.screening.normalize import normalize_identifier

if TYPE_CHECKING:  # followthemoney is imported where entities are read (a list import, an index build),
    # not by a screening that reads only the index: its model costs 0.6 s of CPU to load
    from followthemoney.proxy import EntityProxy

NAME_PROPS = ("name", "alias", "previousName", "abbreviation")
WEAK_PROPS = ("weakAlias",)
# a person's name parts and gender, kept in ``Record.extra`` (several values joined by "|") so that
# the matcher can tell a swapped or contradicting first/last name from a reordered full name
NAME_PART_PROPS = ("firstName", "middleName", "fatherName", "lastName")
PART_SEPARATOR = "|"
# identifier-typed FtM properties that do not identify the entity itself
_NOT_OWN_IDS = frozenset({"programId", "okvedCode", "classification"})
MIN_ID_LENGTH = 5


@dataclass(frozen=True, slots=True)
class Record:
    """A party to screen or a list entry, reduced to what screening compares."""

    schema: str
    names: tuple[str, ...]
    weak_aliases: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    birth_dates: tuple[str, ...] = ()
    # (property, normalised value) pairs, e.g. ("leiCode", "529900T8BM49AURSDO55")
    identifiers: tuple[tuple[str, str], ...] = ()
    # list metadata; empty for queries
    id: str = ""
    source: str = ""
    entry_id: str = ""
    caption: str = ""
    topics: tuple[str, ...] = ()
    programs: tuple[str, ...] = ()
    listed_on: str = ""
    digest: str = ""
    extra: dict[str, str] = field(default_factory=dict)

    def parts(self, prop: str) -> tuple[str, ...]:
        """Values of a name-part property ("firstName", "lastName" …) or "gender"; empty if unknown."""
        value = self.extra.get(prop, "")
        return tuple(value.split(PART_SEPARATOR)) if value else ()

    @property
    def all_names(self) -> tuple[str, ...]:
        return self.names + self.weak_aliases

    def to_payload(self) -> str:
        """Compact JSON for the index: the field values in declaration order (an array, which
        reads back faster than an object; the index format records the layout)."""
        return json.dumps([getattr(self, name) for name in _FIELDS], ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_payload(cls, text: str) -> "Record":
        values: list[Any] = json.loads(text)
        if len(values) != len(_FIELDS):
            raise ConfigError(f"a screening index entry has {len(values)} fields, expected {len(_FIELDS)}: the "
                              "index was written by another version of hrdd; delete HRDD_HOME/index to rebuild it")
        for i in _TUPLE_FIELDS:
            values[i] = tuple(values[i])
        values[_IDENTIFIERS] = tuple((str(p), str(v)) for p, v in values[_IDENTIFIERS])
        return cls(*values)


_FIELDS = tuple(f.name for f in fields(Record))
_TUPLE_FIELDS = tuple(_FIELDS.index(name) for name in
                      ("names", "weak_aliases", "countries", "birth_dates", "topics", "programs"))
_IDENTIFIERS = _FIELDS.index("identifiers")


def is_matchable(proxy: "EntityProxy") -> bool:
    """True for entities that screening compares names against (people, organisations, vessels …)."""
    return bool(proxy.schema.matchable) and proxy.schema.name not in {"Address", "Position"}


def _identifiers(proxy: "EntityProxy") -> tuple[tuple[str, str], ...]:
    from followthemoney import registry

    found: dict[tuple[str, str], None] = {}
    for prop, value in proxy.itervalues():
        if prop.type != registry.identifier or prop.name in _NOT_OWN_IDS:
            continue
        norm = normalize_identifier(value)
        if len(norm) >= MIN_ID_LENGTH:
            found[(prop.name, norm)] = None
    for prop_name in ("imoNumber", "mmsi", "isinCode", "passportNumber"):
        for value in proxy.get(prop_name, quiet=True):
            norm = normalize_identifier(value)
            if len(norm) >= MIN_ID_LENGTH:
                found[(prop_name, norm)] = None
    return tuple(found)


def _values(proxy: "EntityProxy", *props: str) -> tuple[str, ...]:
    values: dict[str, None] = {}
    for prop in props:
        for value in proxy.get(prop, quiet=True):
            values[value] = None
    return tuple(values)


def entry_digest(record: Record) -> str:
    """Hash of the entry's screening-relevant content; a change reopens judgements."""
    payload = [
        record.schema, sorted(record.names), sorted(record.weak_aliases), sorted(record.countries),
        sorted(record.birth_dates), sorted(record.identifiers), sorted(record.topics),
    ]
    return hashlib.sha256(json.dumps(payload, ensure_ascii=False).encode()).hexdigest()[:16]


def record_from_proxy(proxy: "EntityProxy", source: str = "", programs: tuple[str, ...] = ()) -> Record:
    """Build a list entry (or a query, when ``source`` is empty) from an FtM entity."""
    entity_id = proxy.id or ""
    prefix = f"{source}-"
    entry_id = entity_id[len(prefix):] if source and entity_id.startswith(prefix) else entity_id
    names = _values(proxy, *NAME_PROPS)
    weak = tuple(n for n in _values(proxy, *WEAK_PROPS) if n not in names)
    from followthemoney import registry

    countries = tuple(sorted(set(proxy.get_type_values(registry.country))))
    birth_dates = _values(proxy, "birthDate") if proxy.schema.is_a("Person") else ()
    all_programs = tuple(dict.fromkeys(_values(proxy, "program") + programs))
    listed = sorted(_values(proxy, "createdAt", "listingDate"))
    extra = _person_parts(proxy) if proxy.schema.is_a("Person") else {}
    record = Record(
        schema=proxy.schema.name,
        names=names,
        weak_aliases=weak,
        countries=countries,
        birth_dates=birth_dates,
        identifiers=_identifiers(proxy),
        id=entity_id,
        source=source,
        entry_id=entry_id,
        caption=proxy.caption,
        topics=tuple(sorted(set(proxy.get("topics", quiet=True)))),
        programs=all_programs,
        listed_on=listed[0] if listed else "",
        extra=extra,
    )
    return _with_digest(record)


def _person_parts(proxy: "EntityProxy") -> dict[str, str]:
    parts = {prop: PART_SEPARATOR.join(_values(proxy, prop)) for prop in (*NAME_PART_PROPS, "gender")}
    return {k: v for k, v in parts.items() if v}


def _with_digest(record: Record) -> Record:
    data = asdict(record)
    data["digest"] = entry_digest(record)
    data["identifiers"] = record.identifiers
    for key in ("names", "weak_aliases", "countries", "birth_dates", "topics", "programs"):
        data[key] = tuple(data[key])
    return Record(**data)


def query_record(
    names: list[str] | tuple[str, ...],
    *,
    schema: str = "LegalEntity",
    countries: tuple[str, ...] = (),
    birth_dates: tuple[str, ...] = (),
    identifiers: tuple[tuple[str, str], ...] = (),
    name_parts: dict[str, str] | None = None,
) -> Record:
    """A query from plain values (a name typed by a user, a case party). ``name_parts`` maps
    firstName/middleName/fatherName/lastName (and gender) to values joined by "|"."""
    ids = tuple((p, normalize_identifier(v)) for p, v in identifiers if len(normalize_identifier(v)) >= 2)
    return Record(
        schema=schema,
        names=tuple(n for n in names if n.strip()),
        countries=tuple(c.lower() for c in countries),
        birth_dates=birth_dates,
        identifiers=ids,
        extra={k: v for k, v in (name_parts or {}).items() if v and (k in NAME_PART_PROPS or k == "gender")},
    )
