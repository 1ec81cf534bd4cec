"""What every list importer shares: the import context, entity construction, value cleaning.

An importer is a module with ``FORMAT`` (a short name), ``accepts(paths) -> bool`` and
``parse(ctx, paths) -> Iterator[ValueEntity]``. It streams: it yields entities as it reads and
keeps only the side tables it must join. A record it cannot use is passed to
:meth:`ImportContext.reject` with its locator (file, line or element path, entry id); the
context counts it and the run fails only past the threshold of :class:`RejectLimits`.

Entity conventions (see docs in ``hrdd/services/lists.py``):
- listed parties get the id ``"{source}-{entry_id}"`` and ``datasets == {source}``;
- each listed party has a companion ``Sanction`` entity ``"{id}-sanction"`` that keeps the raw
  entry id in ``recordId`` with authority, programme, listing date and provisions.
"""

import codecs
import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Protocol, TextIO

from followthemoney import ValueEntity, model
from followthemoney.types import registry

from hrdd.exc import Problem, SourceError
from hrdd.logs import get_logger

log = get_logger(__name__)

PROBLEM_SAMPLE = 50

MONTHS = {
    m: i + 1
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    )
}

# OFAC "Target Type" statements (SDN remarks, CSL ids) -> FtM topics
TARGET_TYPE_TOPICS: dict[str, str] = {
    "state-owned enterprise": "gov.soe",
    "government entity": "gov",
    "unrecognized government entity": "gov",
    "financial institution": "fin",
    "public company": "corp.public",
    "criminal organization": "crime",
}


@dataclass(frozen=True, slots=True)
class RejectLimits:
    """The run fails when rejected records exceed ``max(minimum, ratio * records seen)``."""

    ratio: float = 0.01
    minimum: int = 50

    def allows(self, rejected: int, seen: int) -> bool:
        return rejected <= max(self.minimum, self.ratio * seen)


@dataclass
class ImportContext:
    """Counts, problems and publisher metadata gathered while one source is parsed."""

    source: str
    limits: RejectLimits = field(default_factory=RejectLimits)
    as_of: str | None = None  # the publisher's date for the snapshot, ISO
    seen: int = 0  # records read (accepted + rejected)
    rejected: int = 0
    problems: list[Problem] = field(default_factory=list)
    warnings: Counter[str] = field(default_factory=Counter)
    entry_ids: set[str] = field(default_factory=set)

    def make(self, schema: str, entry_id: str) -> ValueEntity:
        entity = ValueEntity(model.get(schema) or model["LegalEntity"], {})
        entity.id = f"{self.source}-{entry_id}"
        entity.datasets.add(self.source)
        return entity

    def make_sanction(self, entity: ValueEntity, entry_id: str | None) -> ValueEntity:
        sanction = ValueEntity(model["Sanction"], {})
        sanction.id = f"{entity.id}-sanction"
        sanction.datasets.add(self.source)
        sanction.add("entity", entity.id)
        if entry_id:
            sanction.add("recordId", entry_id)
        return sanction

    def record(self) -> None:
        """Count one record read from the source."""
        self.seen += 1

    def note_entry(self, entry_id: str, file: Path | str | None = None, line: int | None = None) -> None:
        """Remember an entry id; a second record with the same id is reported (they are merged)."""
        if entry_id in self.entry_ids:
            self.warn("duplicate entry id; the records are merged", file=file, line=line, item=entry_id)
        self.entry_ids.add(entry_id)

    def reject(self, message: str, file: Path | str | None = None, line: int | None = None,
               item: str | None = None, field: str | None = None, expected: str | None = None,
               found: str | None = None) -> None:
        """Count a record that cannot be imported; fail the run past the threshold."""
        self.rejected += 1
        problem = Problem(message, file=_name(file), line=line, item=item, field=field,
                          expected=expected, found=_short(found))
        if len(self.problems) < PROBLEM_SAMPLE:
            self.problems.append(problem)
        # locator only: the record's content may name a person (logs domain rule)
        log.warning("list record rejected: %s %s", self.source, problem.location())
        if not self.limits.allows(self.rejected, self.seen):
            raise SourceError(
                f"{self.source}: too many rejected records ({self.rejected} of {self.seen}); "
                "the previous snapshot is kept",
                self.source, list(self.problems),
            )

    def warn(self, kind: str, file: Path | str | None = None, line: int | None = None,
             item: str | None = None, field: str | None = None, found: str | None = None) -> None:
        """Note a value that was kept aside (e.g. an unknown country) without rejecting the record."""
        self.warnings[kind] += 1
        if self.warnings[kind] <= 3 and len(self.problems) < 2 * PROBLEM_SAMPLE:
            self.problems.append(Problem(kind, file=_name(file), line=line, item=item, field=field,
                                         found=_short(found)))

    def finish(self) -> None:
        """Fail the run when nothing usable was read."""
        accepted = self.seen - self.rejected
        if accepted <= 0:
            raise SourceError(f"{self.source}: no usable records were found; the previous snapshot is kept",
                              self.source, list(self.problems))


class ListImporter(Protocol):
    FORMAT: str

    def accepts(self, paths: Sequence[Path]) -> bool: ...

    def parse(self, ctx: ImportContext, paths: Sequence[Path]) -> Iterator[ValueEntity]: ...


def _name(file: Path | str | None) -> str | None:
    if file is None:
        return None
    return Path(file).name if isinstance(file, Path) else file


def _short(text: str | None, limit: int = 120) -> str | None:
    if text is None:
        return None
    return text if len(text) <= limit else text[: limit - 1] + "…"


def clean_text(value: object) -> str | None:
    """Strip, collapse whitespace; None for empty and for OFAC's ``-0-`` null."""
    if value is None:
        return None
    text = " ".join(str(value).split())
    if not text or text == "-0-":
        return None
    return text


def split_values(value: str | None, sep: str = ";") -> list[str]:
    if value is None:
        return []
    return [v for v in (clean_text(p) for p in value.split(sep)) if v]


def parse_date(text: str | None) -> str | None:
    """An ISO date (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``) from the date forms lists use.

    Accepts ``1962``, ``1962-03-12``, ``12 Mar 1962``, ``Mar 1962``, ``03/12/1962`` (US M/D/Y
    only via :func:`parse_us_date`), ``12/03/1962`` (D/M/Y), with ``00`` for unknown day/month.
    """
    text = clean_text(text)
    if text is None:
        return None
    text = text.strip(".").replace("circa ", "").replace("Circa ", "")
    m = re.fullmatch(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:T.*)?", text)
    if m:
        return _iso(m.group(1), m.group(2), m.group(3))
    m = re.fullmatch(r"(?:(\d{1,2}) )?([A-Za-z]{3})[A-Za-z]*\.? (\d{4})", text)
    if m and m.group(2).lower() in MONTHS:
        return _iso(m.group(3), str(MONTHS[m.group(2).lower()]), m.group(1))
    m = re.fullmatch(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})", text)
    if m:
        return _iso(m.group(3), m.group(2), m.group(1))
    return None


def parse_us_date(text: str | None) -> str | None:
    """``MM/DD/YYYY`` (OFAC XML, BIS) as ISO."""
    text = clean_text(text)
    if text is None:
        return None
    m = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text)
    if m:
        return _iso(m.group(3), m.group(1), m.group(2))
    return parse_date(text)


def _iso(year: str, month: str | None, day: str | None) -> str | None:
    y = int(year)
    if y < 1000:
        return None
    mo = int(month) if month else 0
    d = int(day) if day else 0
    if not mo or mo > 12:
        return f"{y:04d}"
    if not d:
        return f"{y:04d}-{mo:02d}"
    try:
        return date(y, mo, d).isoformat()
    except ValueError:
        return f"{y:04d}-{mo:02d}"


NO_COUNTRY = {"undetermined", "unknown", "stateless"}


def clean_country(value: str | None) -> str | None:
    text = clean_text(value)
    if text is None:
        return None
    if text.lower().startswith("region:"):
        text = text[len("region:"):].strip()
    code = registry.country.clean(text, fuzzy=True)
    return str(code) if code else None


def add_country(ctx: ImportContext, entity: ValueEntity, prop: str, value: str | None,
                locator: tuple[Path | str, int | None, str | None] | None = None) -> None:
    """Add a country by name or code; an unknown country is noted, never guessed."""
    text = clean_text(value)
    if text is None or not entity.schema.get(prop):
        return
    code = clean_country(text)
    if code is None and text.lower() in NO_COUNTRY:
        return
    if code is None:
        file, line, item = locator or (None, None, entity.id)
        ctx.warn("country not recognised", file=file, line=line, item=item, field=prop, found=text)
        return
    entity.add(prop, code, cleaned=True)


def add_date(entity: ValueEntity, prop: str, value: str | None) -> None:
    if entity.schema.get(prop):
        iso = parse_date(value)
        if iso:
            entity.add(prop, iso, cleaned=True)


def add_text(entity: ValueEntity, prop: str, values: str | Iterable[str | None] | None) -> None:
    """Add cleaned text values to a property the schema has; silently skip others."""
    if values is None or not entity.schema.get(prop):
        return
    items = [values] if isinstance(values, str) else values
    for value in items:
        text = clean_text(value)
        if text:
            entity.add(prop, text, quiet=True)


def add_topics_for_target_type(entity: ValueEntity, text: str | None) -> None:
    if text:
        topic = TARGET_TYPE_TOPICS.get(text.strip().lower())
        if topic:
            entity.add("topics", topic)


def add_topics_for_entity_type(entity: ValueEntity, text: str | None) -> None:
    """Government ties stated in a free-text entity type ("State-owned enterprise", "Government body")."""
    lowered = (text or "").lower()
    if "state-owned" in lowered or "state owned" in lowered:
        entity.add("topics", "gov.soe")
    elif lowered.startswith("government"):
        entity.add("topics", "gov")


def join_name(*parts: str | None) -> str | None:
    return clean_text(" ".join(p for p in parts if p))



class JsonArrayStream:
    """Stream the items of one top-level array of a JSON document without loading the document.

    ``key`` names the array in a top-level object (``{"results": [...]}``), or None for a bare
    array. The other top-level members (they must be small) land in :attr:`members` once the
    items have been read. A truncated or malformed document raises ValueError.
    """

    CHUNK = 1 << 20

    def __init__(self, path: Path, key: str | None) -> None:
        self.path = path
        self.key = key
        self.members: dict[str, object] = {}
        self._buf = ""

    def __iter__(self) -> Iterator[object]:
        decoder = json.JSONDecoder()
        with self.path.open(encoding="utf-8-sig") as handle:
            pos = self._array_start(handle, decoder)
            buf, eof = self._buf, False

            def fill() -> None:
                nonlocal buf, eof, pos
                chunk = handle.read(self.CHUNK)
                eof = not chunk
                buf, pos = buf[pos:] + chunk, 0

            while True:
                while True:
                    while pos < len(buf) and buf[pos] in " \t\r\n,":
                        pos += 1
                    if pos < len(buf) or eof:
                        break
                    fill()
                if pos >= len(buf):
                    raise ValueError("the document ends inside the array (truncated)")
                if buf[pos] == "]":
                    break
                try:
                    item, end = decoder.raw_decode(buf, pos)
                except json.JSONDecodeError as err:
                    if eof:
                        raise ValueError(f"malformed array item ({err.msg})") from err
                    fill()
                    continue
                if end == len(buf) and not eof:  # a number or literal may continue in the next chunk
                    fill()
                    continue
                pos = end
                yield item
            self._read_suffix(buf[pos + 1:] + handle.read(), decoder)

    def _array_start(self, handle: TextIO, decoder: json.JSONDecoder) -> int:
        buf = ""
        pattern = re.compile(r"\[" if self.key is None else r'"' + re.escape(self.key) + r'"\s*:\s*\[')
        while True:
            match = pattern.search(buf)
            if match:
                break
            chunk = handle.read(self.CHUNK)
            if not chunk:
                raise ValueError(f"no {self.key or 'top-level'!r} array found")
            buf += chunk
        if self.key is not None:
            prefix = buf[: match.start()].strip().rstrip(",")
            self._merge(prefix + "}" if prefix.startswith("{") and prefix != "{" else "{}", decoder)
        self._buf = buf
        return match.end()

    def _read_suffix(self, rest: str, decoder: json.JSONDecoder) -> None:
        rest = rest.strip()
        if self.key is None or not rest.startswith(","):
            return
        self._merge("{" + rest[1:], decoder)

    def _merge(self, text: str, decoder: json.JSONDecoder) -> None:
        try:
            data, _ = decoder.raw_decode(text)
        except json.JSONDecodeError:
            return
        if isinstance(data, dict):
            self.members.update(data)


def detect_encoding(ctx: ImportContext, path: Path) -> str:
    """``utf-8-sig`` when the whole file decodes as UTF-8, else ``cp1252`` (noted as a problem).

    Checked in one streaming pass so that a stray Windows-1252 byte is neither a crash half-way
    through nor a silent replacement character in a listed name.
    """
    decoder = codecs.getincrementaldecoder("utf-8")()
    offset = 0
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as err:
                ctx.warn("file is not UTF-8; read as Windows-1252", file=path,
                         found=f"byte {offset + err.start}")
                return "cp1252"
            offset += len(chunk)
    return "utf-8-sig"
