"""Candidate generation: an embedded tantivy index behind the :class:`CandidateIndex` protocol.

Blocking is kept apart from scoring (nomenklatura's ``blocker`` vs ``matching``): the index
only has to put the right entry among the first few dozen candidates; the matcher decides.
Each list entry is one document with pre-normalised terms (name tokens and joined adjacent
tokens, metaphone codes and consonant skeletons, cross-language name symbols, identifiers)
and the entry itself stored as JSON. The index directory records the fingerprint of the list
data it was built from; :func:`hrdd.screening.lists.ensure_index` rebuilds it when the lists
change. A PostgreSQL- or OpenSearch-backed index implements the same protocol.
"""

import json
import shutil
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import tantivy
from rapidfuzz.fuzz import token_set_ratio
from rapidfuzz.process import extract

from hrdd.screening.index_query import LONG_TOKEN, MAX_SYMBOL_NAMES, QueryPieces, is_fuzzy_token, term_schema
from hrdd.screening.normalize import deletion_variants, index_terms, name_symbols, name_tokens
from hrdd.screening.record import Record
from hrdd.screening.two_edits import EDITS, TwoEditTerms

INDEX_FORMAT = 4  # 4: the long terms listed apart (LONG_TERMS)
TIE_EXTRA = 150  # hits read beyond the limit to rank entries tied with the last place
_TIE = 1e-6
RECORD_CACHE_SIZE = 100_000  # decoded entries kept in memory (all of the official lists fit)
_META = "meta.json"
LONG_TERMS = "long-terms.json"  # the terms a two-edit lookup of a long word can find (two_edits.TwoEditTerms)


class CandidateIndex(Protocol):
    """Where the matcher's candidates come from."""

    @property
    def fingerprint(self) -> str:
        """Fingerprint of the list data the index was built from ("" when empty)."""
        ...

    def build(self, records: Iterable[Record], fingerprint: str) -> int:
        """Replace the index content; return the number of entries indexed."""
        ...

    def candidates(self, query: Record, limit: int = 50) -> list[Record]:
        """Entries most likely to match the query, best first."""
        ...

    def get(self, entry_id: str) -> Record | None:
        """The entry with this id (``{source}-{entry_id}``), or None."""
        ...

    def count(self) -> int: ...

    def entries(self, limit: int) -> Iterator[Record]:
        """Up to ``limit`` entries, in no particular order (for warming caches)."""
        ...


def _schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("id", stored=True, tokenizer_name="raw", index_option="basic")
    builder.add_text_field("schema", tokenizer_name="raw", index_option="basic")
    builder.add_text_field("tokens", tokenizer_name="raw", index_option="freq")
    builder.add_text_field("keys", tokenizer_name="raw", index_option="freq")
    builder.add_text_field("ids", tokenizer_name="raw", index_option="basic")
    builder.add_text_field("dels", tokenizer_name="raw", index_option="basic")
    builder.add_bytes_field("payload", stored=True, indexed=False)
    return builder.build()


def _document_terms(record: Record) -> tuple[list[str], list[str], list[str]]:
    """(tokens, phonetic keys, one-letter deletions of the alphabetic tokens) of every name.
    A query looks up the deletions of its plain words only (``index_query.query_terms``)."""
    tokens: list[str] = []
    keys: list[str] = []
    schema = term_schema(record)
    for name in record.all_names:
        t, k = index_terms(name, schema)
        tokens.extend(t)
        keys.extend(k)
    if schema == "Person":
        # cross-language given-name ids (Αλέξανδρος / Alexander, דוד / David) as terms
        for name in record.all_names[:MAX_SYMBOL_NAMES]:
            keys.extend(name_symbols(name))
    tokens = list(dict.fromkeys(tokens))
    dels = dict.fromkeys(v for t in tokens if is_fuzzy_token(t) for v in deletion_variants(t))
    return tokens, list(dict.fromkeys(keys)), list(dels)


@lru_cache(maxsize=2)
def _long_term_table(path: Path, stamp: tuple[int, int]) -> TwoEditTerms:
    """The long terms of an index directory, by the file's modification time and size."""
    return TwoEditTerms(json.loads(path.read_text(encoding="utf-8")), LONG_TOKEN - EDITS)


class TantivyIndex:
    """The default, embedded candidate index (no server), persisted in a directory."""

    def __init__(self, path: Path, *, writer_heap: int = 256_000_000, threads: int = 1) -> None:
        # one indexing thread: documents keep the order of the list files, so entries with the
        # same relevance are cut at the candidate limit the same way after every rebuild (with
        # two threads, 43 % of 1,500 queries got a different top-50 from a second build)
        self.path = path
        self._heap = writer_heap
        self._threads = threads
        self._schema = _schema()
        self._index: tantivy.Index | None = None
        self._searcher: tantivy.Searcher | None = None
        # decoded entries by document address, valid for the searcher they were read with
        self._records: dict[tuple[int, int], Record] = {}
        self._pieces = QueryPieces(self._schema)
        # (entry id, schema) -> the entry's names as compared when breaking ties
        self._joined_names: dict[tuple[str, str], tuple[str, ...]] = {}

    @property
    def fingerprint(self) -> str:
        meta = self.path / _META
        if not meta.is_file():
            return ""
        data = json.loads(meta.read_text(encoding="utf-8"))
        if data.get("format") != INDEX_FORMAT:
            return ""
        return str(data.get("fingerprint", ""))

    def _open(self) -> tantivy.Searcher:
        if self._searcher is None:
            data_dir = self.path / "data"
            if not data_dir.is_dir():
                self._index = tantivy.Index(self._schema)  # in-memory, empty
            else:
                self._index = tantivy.Index(self._schema, path=str(data_dir), reuse=True)
            self._searcher = self._index.searcher()
            self._records.clear()
            self._pieces.forget_entries()
        return self._searcher

    def build(self, records: Iterable[Record], fingerprint: str) -> int:
        staging = self.path.with_name(self.path.name + ".building")
        shutil.rmtree(staging, ignore_errors=True)
        (staging / "data").mkdir(parents=True)
        index = tantivy.Index(self._schema, path=str(staging / "data"))
        writer = index.writer(heap_size=self._heap, num_threads=self._threads)
        count = 0
        long_terms: set[str] = set()
        for record in records:
            tokens, keys, dels = _document_terms(record)
            long_terms.update(t for t in tokens if len(t) >= LONG_TOKEN - EDITS)
            doc = tantivy.Document()
            doc.add_text("id", record.id)
            doc.add_text("schema", record.schema)
            for token in tokens:
                doc.add_text("tokens", token)
            for key in keys:
                doc.add_text("keys", key)
            for variant in dels:
                doc.add_text("dels", variant)
            for _, value in record.identifiers:
                doc.add_text("ids", value)
            doc.add_bytes("payload", record.to_payload().encode("utf-8"))
            writer.add_document(doc)
            count += 1
        writer.commit()
        writer.wait_merging_threads()
        meta = {"format": INDEX_FORMAT, "fingerprint": fingerprint, "entries": count}
        (staging / _META).write_text(json.dumps(meta), encoding="utf-8")
        (staging / LONG_TERMS).write_text(json.dumps(sorted(long_terms), ensure_ascii=False), encoding="utf-8")
        self._index = self._searcher = None
        self._records.clear()
        self._joined_names.clear()
        old = self.path.with_name(self.path.name + ".old")
        shutil.rmtree(old, ignore_errors=True)
        if self.path.exists():
            self.path.rename(old)
        staging.rename(self.path)
        shutil.rmtree(old, ignore_errors=True)
        return count

    def count(self) -> int:
        return int(self._open().num_docs)

    def prepare_long_words(self) -> int:
        """Look long words up in a table of the index's long terms from now on, rather than with
        tantivy's automaton (``hrdd.screening.two_edits``: the same terms, a fifth of the time
        after about 1.5 s of building, once per process: a worker forked after its parent built it
        shares it). Returns the terms in the table (0: none listed apart)."""
        self._open()
        path = self.path / LONG_TERMS
        try:
            stat = path.stat()
        except FileNotFoundError:
            return 0
        table = _long_term_table(path, (stat.st_mtime_ns, stat.st_size))
        self._pieces.use_long_terms(table)
        return len(table)

    def get(self, entry_id: str) -> Record | None:
        searcher = self._open()
        if searcher.num_docs == 0:
            return None
        result = searcher.search(tantivy.Query.term_query(self._schema, "id", entry_id), limit=1, count=False)
        for _score, address in result.hits:
            payload = searcher.doc(address).get_first("payload")
            if isinstance(payload, bytes | bytearray):
                return Record.from_payload(payload.decode("utf-8"))
        return None

    def _query(self, query: Record) -> tantivy.Query:
        return self._pieces.query(query, self._entry_ids)

    def _entry_ids(self, query: tantivy.Query, most: int) -> list[str] | None:
        """Ids of the entries ``query`` finds; None past ``most`` or if an id is not one entry's."""
        searcher = self._open()
        hits = searcher.search(query, limit=most + 1, count=False).hits
        if len(hits) > most:
            return None
        ids = []
        for _, address in hits:
            record = self._record(searcher, address)
            if record is None or searcher.doc_freq("id", record.id) != 1:
                return None
            ids.append(record.id)
        return ids

    def entries(self, limit: int) -> Iterator[Record]:
        searcher = self._open()
        if searcher.num_docs == 0:
            return
        result = searcher.search(tantivy.Query.all_query(), limit=min(limit, searcher.num_docs), count=False)
        for _score, address in result.hits:
            record = self._record(searcher, address)
            if record is not None:
                yield record

    def candidates(self, query: Record, limit: int = 50) -> list[Record]:
        searcher = self._open()
        if searcher.num_docs == 0:
            return []
        hits = searcher.search(self._query(query), limit=limit + TIE_EXTRA, count=False).hits
        if len(hits) > limit and hits[limit - 1][0] - hits[limit][0] <= _TIE:
            return self._break_tie(searcher, query, hits, limit)
        records = self._records
        found = []
        for _, address in hits[:limit]:
            record = records.get((address.segment_ord, address.doc)) or self._record(searcher, address)
            if record is not None:
                found.append(record)
        return found

    def _break_tie(self, searcher: tantivy.Searcher, query: Record,
                   hits: list[tuple[float, tantivy.DocAddress]], limit: int) -> list[Record]:
        """Entries tied with the last place (same terms matched, same lengths) are many for
        common names; rather than by their order in the index, the places left go to those
        whose names are most similar to the query's (token-set similarity, then entry id)."""
        cut = hits[limit - 1][0]
        above: list[Record] = []
        tied_records: list[Record] = []
        schema = term_schema(query)
        qjoined = [j for j in (" ".join(name_tokens(n, schema)) for n in query.names) if j]
        for score, address in hits:
            if score - cut > _TIE:
                record = self._record(searcher, address)
                if record is not None:
                    above.append(record)
            elif abs(score - cut) <= _TIE:
                record = self._record(searcher, address)
                if record is not None:
                    tied_records.append(record)
        # align.quick_similarities: the best token-set ratio / 100 of a query name and a name of
        # the entry (names with tokens), every pair scored by rapidfuzz in one call per query name
        names: list[str] = []
        owner: list[int] = []
        for i, record in enumerate(tied_records):
            joined = self._joined(record, schema)
            names.extend(joined)
            owner.extend([i] * len(joined))
        best = [0.0] * len(tied_records)
        for q in qjoined:
            for _, ratio, at in extract(q, names, scorer=token_set_ratio, limit=None):
                best[owner[at]] = max(best[owner[at]], ratio)
        tied = sorted(zip(best, tied_records, strict=True), key=lambda t: (-(float(t[0]) / 100.0), t[1].id))
        return above + [record for _, record in tied[:limit - len(above)]]

    def _joined(self, entry: Record, schema: str) -> tuple[str, ...]:
        """The entry's names' comparable tokens, joined by spaces (names without tokens left out)."""
        key = (entry.id, schema)
        joined = self._joined_names.get(key)
        if joined is None:
            if len(self._joined_names) >= RECORD_CACHE_SIZE:
                del self._joined_names[next(iter(self._joined_names))]  # oldest first
            joined = self._joined_names[key] = tuple(
                j for j in (" ".join(name_tokens(n, schema)) for n in entry.names) if j)
        return joined

    def _record(self, searcher: tantivy.Searcher, address: tantivy.DocAddress) -> Record | None:
        key = (address.segment_ord, address.doc)
        record = self._records.get(key)
        if record is None:
            payload = searcher.doc(address).get_first("payload")
            if not isinstance(payload, bytes | bytearray):
                return None
            record = Record.from_payload(payload.decode("utf-8"))
            if len(self._records) >= RECORD_CACHE_SIZE:
                del self._records[next(iter(self._records))]  # oldest first
            self._records[key] = record
        return record
