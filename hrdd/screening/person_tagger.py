"""rigour's person-name tagger read from a phrase table on disk, not rebuilt in every process.

rigour attaches symbols to the parts of a person's name (``NAME:Q4925477`` for a given name
known in many scripts, nicknames, ordinals) with an Aho-Corasick automaton over about 550,000
phrases. rigour builds that automaton in every process on its first person-name analysis:
7 s of CPU and about 390 MB on this project's machine. rigour offers no way to keep it (its
automaton cannot be serialised, rigour issue #217), so this adapter:

- extracts the tagger's sources once (the person-names corpus and the symbols file, stored
  zstd-compressed inside rigour's compiled core, and the ordinals of rigour's public API),
  normalises every phrase as rigour does (``Normalize.CASEFOLD | Normalize.NAME``) and writes
  phrase → symbols into an SQLite table under ``HRDD_CACHE_DIR``, keyed by the rigour version,
  the SHA-256 of the core library and :data:`TABLE_FORMAT`;
- analyses person names with rigour's own ``analyze_names(..., symbols=False)`` and then applies
  the same steps rigour would (initials, every phrase found at word boundaries, numbers) through
  rigour's public ``Name.apply_part`` / ``Name.apply_phrase``. rigour also runs the person
  tagger on LegalEntity names without a legal form (so "Acme Trading" costs the same 7 s);
  those are analysed as organisations by rigour and then given the person-name phrases here.

Only the rigour versions in :data:`RIGOUR_VERSIONS` are trusted (tests compare the two paths on
every person name of the official lists); under any other version, or when the table cannot be
built or read, :func:`analyze` falls back to rigour's own tagger.
"""

import fcntl
import hashlib
import importlib.metadata
import json
import os
import sqlite3
import threading
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path

from rigour.names import Name, NameTypeTag, Symbol, SymbolCategory, analyze_names
from rigour.names.tag import INITIAL_TAGS, NamePartTag
from rigour.text.normalize import Normalize, normalize

from hrdd.logs import get_logger

log = get_logger(__name__)

RIGOUR_VERSIONS = frozenset({"2.6.1"})  # versions whose tagger this module reproduces (tested)
TABLE_FORMAT = 1
PHRASES_KEPT = 20_000  # phrases whose symbols (or absence) a process remembers
_FLAGS = Normalize.CASEFOLD | Normalize.NAME  # rigour's TAGGER_FLAGS
_ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"
_MAX_SOURCE = 64 << 20  # decompressed size limit of one embedded file
_CORPUS_SEPARATOR = " => "
_ORG_CLASS_MIN_CHARS = 3  # rigour's ORG_CLASS_UPGRADE_MIN_CHARS
_WORD_MARKS = frozenset({"Mn", "Mc", "Me"})  # combining marks of Indic, Arabic … scripts are \w to rigour


class TaggerUnavailable(Exception):
    """The phrase table cannot be built for the installed rigour (a fallback, never shown)."""


def rigour_version() -> str:
    return importlib.metadata.version("rigour")


def core_library() -> Path:
    """rigour's compiled core, which embeds the tagger's data."""
    from rigour import _core

    return Path(str(_core.__file__))


def table_path(cache_dir: Path) -> Path:
    """Where the phrase table for the installed rigour lives under ``cache_dir``."""
    return cache_dir / f"rigour-{rigour_version()}-person-names-f{TABLE_FORMAT}.sqlite3"


# --- building -----------------------------------------------------------------------------------


def _embedded_files(core: bytes) -> Iterable[bytes]:
    """Every zstd frame compiled into the core library, decompressed."""
    import zstandard

    decompressor = zstandard.ZstdDecompressor()
    start = core.find(_ZSTD_MAGIC)
    while start >= 0:
        try:
            reader = decompressor.stream_reader(memoryview(core)[start:], read_across_frames=False)
            data = reader.read(_MAX_SOURCE + 1)
        except zstandard.ZstdError:
            data = b""
        if 0 < len(data) <= _MAX_SOURCE:
            yield data
        start = core.find(_ZSTD_MAGIC, start + 1)


def _sources(core: bytes) -> tuple[str, dict[str, dict[str, list[str]]]]:
    """(person-names corpus, symbols file) found among the core's embedded files."""
    corpus: str | None = None
    symbols: dict[str, dict[str, list[str]]] | None = None
    for data in _embedded_files(core):
        head = data[:200]
        if corpus is None and _CORPUS_SEPARATOR.encode() in head and b"\n" in head:
            corpus = data.decode("utf-8")
        elif symbols is None and head.lstrip().startswith(b"{") and b'"person_' in data[:1 << 20]:
            parsed = json.loads(data)
            if isinstance(parsed, dict) and "person_symbols" in parsed:
                symbols = parsed
    if corpus is None or symbols is None:
        raise TaggerUnavailable("rigour's person-name data was not found in its core library")
    return corpus, symbols


def _phrases(corpus: str, symbols: dict[str, dict[str, list[str]]]) -> dict[str, list[str]]:
    """phrase → symbols (``CATEGORY:id``), built as rigour's ``build_person_tagger`` does."""
    from rigour._core import ordinals_dict

    mapping: dict[str, list[str]] = {}

    def add(alias: str, symbol: str) -> None:
        key = normalize(alias, _FLAGS)
        if key:
            found = mapping.setdefault(key, [])
            if symbol not in found:
                found.append(symbol)

    for number, forms in ordinals_dict().items():
        for ordinal in forms:
            add(ordinal, f"NUM:{number}")
    for section, category in (("person_symbols", "SYMBOL"), ("person_name_parts", "NAME"), ("person_nick", "NICK")):
        for key, aliases in symbols.get(section, {}).items():
            for alias in aliases:
                add(alias, f"{category}:{key.upper()}")
    for line in corpus.splitlines():
        variants, sep, gid = line.strip().rpartition(_CORPUS_SEPARATOR)
        if not sep:
            continue
        normed = {k for k in (normalize(alias, _FLAGS) for alias in variants.split(", ")) if k}
        if len(normed) < 2:  # one form mapped to itself adds nothing (as in rigour)
            continue
        for form in normed:
            found = mapping.setdefault(form, [])
            if f"NAME:{gid}" not in found:
                found.append(f"NAME:{gid}")
    return mapping


def _sha256(path: Path) -> str:
    with path.open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def build_table(path: Path) -> int:
    """Write the phrase table for the installed rigour to ``path`` (atomically); return its size."""
    if rigour_version() not in RIGOUR_VERSIONS:
        raise TaggerUnavailable(f"rigour {rigour_version()} is not one this adapter was tested with")
    core = core_library()
    corpus, symbols = _sources(core.read_bytes())
    mapping = _phrases(corpus, symbols)
    path.parent.mkdir(parents=True, exist_ok=True)
    staging = path.with_name(f".{path.name}.{os.getpid()}")
    staging.unlink(missing_ok=True)
    with sqlite3.connect(staging) as db:
        db.execute("PRAGMA journal_mode=OFF")
        db.execute("CREATE TABLE phrase (text TEXT PRIMARY KEY, symbols TEXT NOT NULL) WITHOUT ROWID")
        db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        db.executemany("INSERT INTO phrase VALUES (?, ?)", ((k, "\t".join(v)) for k, v in sorted(mapping.items())))
        stat = core.stat()
        meta = {"format": str(TABLE_FORMAT), "rigour": rigour_version(), "core_sha256": _sha256(core),
                "core_size": str(stat.st_size), "core_mtime_ns": str(stat.st_mtime_ns),
                "max_length": str(max(map(len, mapping)))}
        db.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
    db.close()
    staging.replace(path)
    return len(mapping)


def ensure_table(cache_dir: Path) -> Path | None:
    """The phrase table for the installed rigour, built under a lock when missing or stale;
    None when it cannot be built (analysis then uses rigour's own tagger)."""
    path = table_path(cache_dir)
    if PhraseTable.is_valid(path):
        return path
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        with (cache_dir / ".person-names.lock").open("w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if not PhraseTable.is_valid(path):
                count = build_table(path)
                log.info("person-name phrase table built", extra={"ctx": {"phrases": count, "path": str(path)}})
        return path
    except (TaggerUnavailable, OSError, sqlite3.Error, ValueError) as err:
        log.warning("person-name phrase table unavailable, using rigour's tagger",
                    extra={"ctx": {"error": str(err)}})
        return None


# --- reading ------------------------------------------------------------------------------------


class PhraseTable:
    """Read-only lookups of phrases in the table (one SQLite connection per thread)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()
        self._known: dict[str, tuple[Symbol, ...]] = {}
        meta = self._meta(self._db())
        self.max_length = int(meta["max_length"])

    @staticmethod
    def _meta(db: sqlite3.Connection) -> dict[str, str]:
        return dict(db.execute("SELECT key, value FROM meta").fetchall())

    @classmethod
    def is_valid(cls, path: Path) -> bool:
        """The table exists, is readable and was built from the installed rigour core."""
        if not path.is_file():
            return False
        try:
            db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            try:
                meta = cls._meta(db)
                db.execute("SELECT text FROM phrase LIMIT 1").fetchall()
            finally:
                db.close()
            core = core_library()
            stat = core.stat()
            if meta.get("format") != str(TABLE_FORMAT) or meta.get("rigour") != rigour_version():
                return False
            if meta.get("core_size") == str(stat.st_size) and meta.get("core_mtime_ns") == str(stat.st_mtime_ns):
                return True
            return meta.get("core_sha256") == _sha256(core)
        except (sqlite3.Error, OSError, KeyError, ValueError):
            return False

    def _db(self) -> sqlite3.Connection:
        db: sqlite3.Connection | None = getattr(self._local, "db", None)
        if db is None or self._local.pid != os.getpid():  # a connection is not carried across fork
            db = sqlite3.connect(f"file:{self.path}?mode=ro&immutable=1", uri=True, check_same_thread=False)
            db.execute("PRAGMA mmap_size=268435456")  # pages shared by every process through the OS cache
            self._local.db, self._local.pid = db, os.getpid()
        return db

    def lookup(self, phrases: Sequence[str]) -> dict[str, tuple[Symbol, ...]]:
        """The symbols of those phrases that are in the table. What a phrase was found to be (or
        not to be) is remembered for ``PHRASES_KEPT`` phrases: the given names and family names
        of a file recur from row to row, and their symbols are read and decoded once."""
        known = self._known
        result: dict[str, tuple[Symbol, ...]] = {}
        missing: list[str] = []
        for phrase in phrases:
            symbols = known.get(phrase)
            if symbols is None:
                missing.append(phrase)
            elif symbols:
                result[phrase] = symbols
        if missing:
            marks = ",".join("?" * len(missing))
            rows = self._db().execute(f"SELECT text, symbols FROM phrase WHERE text IN ({marks})", missing)
            found = {text: tuple(_symbol(s) for s in symbols.split("\t")) for text, symbols in rows}
            if len(known) >= PHRASES_KEPT:
                known.clear()  # one step, safe beside the service's other threads
            for phrase in missing:
                symbols = known[phrase] = found.get(phrase, ())
                if symbols:
                    result[phrase] = symbols
        return result

    def matches(self, text: str) -> list[tuple[str, Symbol]]:
        """Every phrase of the table found in ``text`` between word boundaries, as (phrase,
        symbol) pairs in the order rigour's automaton reports them (by end, longest first)."""
        spans = _boundary_spans(text, self.max_length)
        found = self.lookup(list(dict.fromkeys(text[i:j] for i, j in spans)))
        out: list[tuple[str, Symbol]] = []
        for i, j in spans:
            for symbol in found.get(text[i:j], ()):
                out.append((text[i:j], symbol))
        return out


# symbols are stored as "CATEGORY:id" with the category's serialisation key ("NUM" for NUMERIC)
_CATEGORIES = {c.value: c for c in (SymbolCategory.NAME, SymbolCategory.NICK, SymbolCategory.SYMBOL,
                                    SymbolCategory.NUMERIC)}


def _symbol(encoded: str) -> Symbol:
    category, _, ident = encoded.partition(":")
    return Symbol(_CATEGORIES[category], ident)


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_" or unicodedata.category(char) in _WORD_MARKS


def _boundary_spans(text: str, max_length: int) -> list[tuple[int, int]]:
    """(start, end) of every substring that starts and ends at a word boundary, by end and then
    longest first (rigour's ``(?<!\\w)phrase(?!\\w)``)."""
    word = [_is_word(c) for c in text]
    starts = [i for i in range(len(text)) if i == 0 or not word[i - 1]]
    ends = [j for j in range(1, len(text) + 1) if j == len(text) or not word[j]]
    return [(i, j) for j in ends for i in starts if i < j and j - i <= max_length]


# --- analysis -----------------------------------------------------------------------------------

_TABLE: PhraseTable | None = None
_TABLE_LOCK = threading.Lock()


def use_table(path: Path | None) -> None:
    """Analyse person names with the table at ``path`` from now on (None: rigour's tagger)."""
    global _TABLE
    with _TABLE_LOCK:
        if path is None:
            _TABLE = None
        elif _TABLE is None or _TABLE.path != path:
            _TABLE = PhraseTable(path)


def active_table() -> PhraseTable | None:
    return _TABLE


def _apply_initials(name: Name, infer_initials: bool) -> None:
    for part in name.parts:
        if not part.latinize or not part.comparable:
            continue
        if (infer_initials and len(part.form) == 1) or part.tag in INITIAL_TAGS:
            name.apply_part(part, Symbol(SymbolCategory.INITIAL, part.comparable[0]))


def _apply_numerics(name: Name) -> None:
    covered = {p.index for span in name.spans if span.symbol.category == SymbolCategory.NUMERIC for p in span.parts}
    for part in name.parts:
        if part.tag == NamePartTag.NUM and part.integer is not None and part.index not in covered:
            name.apply_part(part, Symbol(SymbolCategory.NUMERIC, part.integer))
            covered.add(part.index)


def _org_class_decides(name: Name) -> bool:
    """rigour's ENT → ORG upgrade: a legal form of three or more letters makes a LegalEntity
    name an organisation's, and the person tagger is not run on it."""
    return any(sum(len(p.form) for p in span.parts) >= _ORG_CLASS_MIN_CHARS
               for span in name.spans if span.symbol.category == SymbolCategory.ORG_CLASS)


def _apply_phrases(name: Name, table: PhraseTable) -> None:
    for phrase, symbol in table.matches(name.norm_form):
        name.apply_phrase(phrase, symbol)


def _built(type_tag: NameTypeTag, forms: Sequence[str], *, infer_initials: bool = False, symbols: bool = True,
           phonetics: bool = True, numerics: bool = True) -> list[Name]:
    """rigour's names for ``forms`` in input order, without consolidation (which keeps the first
    of two names that contain each other, so the order must be rigour's)."""
    built: dict[str, Name] = {}
    for form in forms:
        for name in analyze_names(type_tag, [form], infer_initials=infer_initials, symbols=symbols,
                                  phonetics=phonetics, numerics=numerics, consolidate=False):
            built.setdefault(name.form, name)
    return list(built.values())


def analyze(type_tag: NameTypeTag, forms: Sequence[str], *, infer_initials: bool = False,
            phonetics: bool = True) -> set[Name]:
    """``rigour.names.analyze_names(type_tag, forms, ...)`` with the same result, with person-name
    phrases from the table when one is in use (persons, and entities without a legal form)."""
    table = _TABLE
    if table is None or type_tag not in (NameTypeTag.PER, NameTypeTag.ENT):
        return analyze_names(type_tag, forms, infer_initials=infer_initials, phonetics=phonetics)
    if type_tag == NameTypeTag.ENT:
        # an entity's name is analysed as an organisation's; without a legal form rigour also
        # runs the person tagger and keeps the tag ENT (its numbers and ordinals are the same)
        names = _built(NameTypeTag.ORG, forms, phonetics=phonetics, numerics=False)
        for name in names:
            if not _org_class_decides(name):
                name.tag = NameTypeTag.ENT
                _apply_phrases(name, table)
            _apply_numerics(name)
        return Name.consolidate_names(names)
    names = _built(NameTypeTag.PER, forms, infer_initials=infer_initials, phonetics=phonetics, symbols=False)
    for name in names:
        _apply_initials(name, infer_initials)
        _apply_phrases(name, table)
        _apply_numerics(name)
    return Name.consolidate_names(names)
