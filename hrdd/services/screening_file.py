"""Screening a file of parties: a process pool over the shared on-disk index, resumable output.

``screen_file`` writes the hits of every row to a CSV in input order, chunk by chunk. After each
chunk is written and flushed, a checkpoint beside the output (``OUT.csv.progress``, JSON)
records the rows done and the output's size. A rerun of the same input against the same lists,
matcher and threshold truncates the output to the last checkpoint (a chunk half-written when the
run stopped is dropped) and continues with the next row; a changed input, list or matcher
starts over. The results are those of screening each row alone (``screen_name``), judgements
included: the workers run the same code over the same index.

Workers are forked from a parent that has opened the index and, for large files, analysed the
listed names once, so they share that memory copy-on-write instead of each building it.
"""

import csv
import gc
import hashlib
import json
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass
from itertools import islice
from pathlib import Path
from typing import Any

from hrdd.exc import InvalidInput, Problem
from hrdd.model.screening import Hit
from hrdd.screening.index import TantivyIndex
from hrdd.screening.record import Record
from hrdd.services.screening import forget_screeners, judgement_store, open_screener
from hrdd.services.screening_reuse import NameKey, RowScreener
from hrdd.settings import Settings, get_settings

BATCH_FIELDS = ["row", "query", "source", "entry_id", "listed_name", "matched_name", "score", "topics",
                "programs", "explanation", "judgement", "judgement_reason"]
CHUNK = 200
WINDOW_PER_WORKER = 3  # chunks handed to the pool ahead of the one being committed, per worker
KNOWN_NAMES = 500_000  # names whose reachable entries the parent passes on to later chunks
WARM_FROM_ROWS = 20_000  # analyse every listed name before forking when the file is this large


@dataclass(frozen=True, slots=True)
class PartyLine:
    line: int  # line number in the input file (the output's "row")
    name: str
    country: str | None
    schema: str


@dataclass(frozen=True, slots=True)
class BatchSummary:
    rows: int
    hits: int
    resumed_from: int  # rows already done by an earlier run (0: a fresh run)
    algorithm: str


def hit_row(hit: Hit, row: int) -> dict[str, Any]:
    """One output line for a hit."""
    return {
        "row": row, "query": hit.query, "source": hit.source, "entry_id": hit.entry_id,
        "listed_name": hit.name, "matched_name": hit.matched_name, "score": hit.score,
        "topics": ";".join(hit.topics), "programs": ";".join(hit.programs), "explanation": hit.explanation,
        "judgement": hit.judgement or "", "judgement_reason": hit.judgement_reason,
    }


_SETTINGS: Settings | None = None
_THRESHOLD: float | None = None
_REUSE = True
_LONG_WORDS = False  # a large file: long words' near terms from a table (TantivyIndex.prepare_long_words)
_ROWS: RowScreener | None = None  # this process's row screener (with what it remembers of names)
_FREEZE = False  # a worker process: collect and freeze its heap after each chunk
Task = tuple[PartyLine, tuple[Record, ...] | None]  # a row and the reachable entries of its name, if known


def _init_worker(settings: Settings, threshold: float | None, forked: bool = True, reuse: bool = True,
                 long_words: bool = False) -> None:
    global _SETTINGS, _THRESHOLD, _REUSE, _ROWS, _FREEZE, _LONG_WORDS
    _SETTINGS, _THRESHOLD, _REUSE, _ROWS, _FREEZE = settings, threshold, reuse, None, forked
    _LONG_WORDS = long_words
    if forked:
        forget_screeners()


def _row_screener() -> RowScreener:
    global _ROWS
    settings = _SETTINGS or get_settings()
    screener = open_screener(settings)
    if screener is None:
        raise InvalidInput("no lists are loaded", [Problem("nothing to screen against", field="lists")])
    if _ROWS is None or _ROWS.screener is not screener:
        _ROWS = RowScreener(screener, judgement_store(settings), _THRESHOLD, reuse=_REUSE)
        if _LONG_WORDS and isinstance(screener.index, TantivyIndex):
            screener.index.prepare_long_words()  # a forked worker reuses its parent's table
    return _ROWS


def _screen_chunk(chunk: list[Task]) -> tuple[list[dict[str, Any]], list[tuple[Record, ...]]]:
    """The output lines of a chunk's rows and the reachable entries of each row's name."""
    rows = _row_screener()
    out: list[dict[str, Any]] = []
    reachable = []
    for row, known in chunk:
        hits, found = rows.screen(row.name, row.country, row.schema, known)
        out.extend(hit_row(hit, row.line) for hit in hits)
        reachable.append(found)
    if _FREEZE:
        # the names analysed and entries decoded so far stay for the worker's life: out of the
        # collector's reach, its passes over young objects stop rescanning them (a fifth of the
        # CPU of a worker otherwise). The young generations only are collected first: a full
        # collection cost about 70 ms a chunk (0.35 ms a row at 200 rows a chunk, a sixth of a
        # row's CPU; py-spy on a worker of bench.screening_batch), the young ones about 1 ms
        gc.collect(1)
        gc.freeze()
    return out, reachable


def _file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _checkpoint_path(output: Path) -> Path:
    return output.with_name(output.name + ".progress")


def _write_checkpoint(path: Path, state: dict[str, Any]) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(state), encoding="utf-8")
    tmp.replace(path)


def _resume_state(output: Path, key: dict[str, Any]) -> dict[str, Any] | None:
    """The checkpoint of an earlier run of the same job whose output is still there, else None."""
    path = _checkpoint_path(output)
    if not path.is_file() or not output.is_file():
        return None
    try:
        state: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if any(state.get(k) != v for k, v in key.items()) or output.stat().st_size < int(state.get("bytes", 0)):
        return None
    return state


def _chunks(rows: Sequence[PartyLine], start: int, size: int) -> Iterator[list[PartyLine]]:
    for i in range(start, len(rows), size):
        yield list(rows[i:i + size])


def _run_pool(pool: Any, pending: Iterator[list[PartyLine]], commit: Callable[[list[PartyLine], list[dict[str, Any]]], None],
              *, window: int, reuse: bool) -> None:
    """Chunks to the workers, at most ``window`` at a time, committed in order. Each chunk carries
    the reachable entries of the names that chunks already done have screened (another worker's
    too), so a name recurring far into the file is not compared with every candidate again."""
    known: dict[NameKey, tuple[Record, ...]] = {}
    in_flight: deque[tuple[list[PartyLine], Any]] = deque()

    def submit(batch: list[PartyLine]) -> None:
        tasks = [(row, known.get((row.name, row.schema))) for row in batch]
        in_flight.append((batch, pool.apply_async(_screen_chunk, (tasks,))))

    for batch in islice(pending, window):
        submit(batch)
    while in_flight:
        batch, result = in_flight.popleft()
        found, reachable = result.get()
        commit(batch, found)
        if reuse:
            for row, entries in zip(batch, reachable, strict=True):
                key = (row.name, row.schema)
                if key not in known:
                    if len(known) >= KNOWN_NAMES:
                        del known[next(iter(known))]  # oldest first
                    known[key] = entries
        for following in islice(pending, 1):
            submit(following)


def screen_file(source: Path, rows: Sequence[PartyLine], output: Path, *, settings: Settings | None = None,
                threshold: float | None = None, workers: int = 1, chunk: int = CHUNK,
                on_progress: Callable[[int, int], None] | None = None, reuse: bool = True) -> BatchSummary:
    """Screen ``rows`` (read from ``source``) into the CSV ``output``, resuming an earlier run of
    the same job; ``on_progress(done, total)`` after every chunk. ``reuse``: rows that share a
    name and schema share what screening the first of them found (``screening_reuse``; the same
    results, less work); False screens every row against all its candidates."""
    settings = settings or get_settings()
    screener = open_screener(settings)  # build or load the index once, before any worker starts
    if screener is None:
        raise InvalidInput("no lists are loaded", [Problem("nothing to screen against", field="lists")])
    key = {"input": _file_digest(source), "rows": len(rows), "index": screener.index.fingerprint,
           "algorithm": screener.algorithm, "threshold": threshold}
    state = _resume_state(output, key)
    done, hits = (int(state["rows_done"]), int(state["hits"])) if state else (0, 0)
    resumed = done
    checkpoint = _checkpoint_path(output)
    mode = "r+" if state else "w"
    with output.open(mode, newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=BATCH_FIELDS)
        if state:
            fh.seek(int(state["bytes"]))
            fh.truncate()
        else:
            writer.writeheader()
        if on_progress:
            on_progress(done, len(rows))

        def commit(batch: list[PartyLine], found: list[dict[str, Any]]) -> None:
            nonlocal done, hits
            writer.writerows(found)
            fh.flush()
            os.fsync(fh.fileno())
            done += len(batch)
            hits += len(found)
            _write_checkpoint(checkpoint, {**key, "rows_done": done, "hits": hits, "bytes": fh.tell(),
                                           "complete": done >= len(rows)})
            if on_progress:
                on_progress(done, len(rows))

        pending = _chunks(rows, done, chunk)
        large = len(rows) - done >= WARM_FROM_ROWS
        _init_worker(settings, threshold, forked=False, reuse=reuse, long_words=large)
        if large and isinstance(screener.index, TantivyIndex):
            screener.index.prepare_long_words()  # built once, before forking
        if workers <= 1 or len(rows) - done <= chunk:
            for batch in pending:
                commit(batch, _screen_chunk([(row, None) for row in batch])[0])
        else:
            if large:
                screener.warm()  # shared with the forked workers copy-on-write
                gc.freeze()  # the garbage collector of the workers then leaves those objects (and pages) alone
            context = multiprocessing.get_context("fork")
            with context.Pool(workers, initializer=_init_worker, initargs=(settings, threshold, True, reuse, large)) as pool:
                _run_pool(pool, pending, commit, window=workers * WINDOW_PER_WORKER, reuse=reuse)
        if not state and not rows:
            _write_checkpoint(checkpoint, {**key, "rows_done": 0, "hits": 0, "bytes": fh.tell(), "complete": True})
    return BatchSummary(rows=len(rows), hits=hits, resumed_from=resumed, algorithm=screener.algorithm)


def summary_dict(summary: BatchSummary) -> dict[str, Any]:
    return asdict(summary)
