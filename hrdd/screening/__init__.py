"""Restricted-party screening: candidate index, explainable scoring, government ties.

The pipeline is ``lists`` (FtM snapshots under ``lists_dir``) → ``index`` (candidate
generation behind the ``CandidateIndex`` protocol) → ``matcher`` (a versioned table of
``compare`` features) → ``result`` (hits with per-feature explanations), with ``ties``
(state bodies, state ownership, the 50 % rule) and ``judgements`` (reviewer decisions that
reopen when the list entry changes) alongside. Front ends call ``hrdd.services.screening``.
"""

from hrdd.screening.index import CandidateIndex, TantivyIndex
from hrdd.screening.judgements import JudgementStore, MemoryJudgementStore
from hrdd.screening.lists import discover_lists, ensure_index
from hrdd.screening.matcher import DefaultMatcher, HrddMatcherV1
from hrdd.screening.record import Record, query_record, record_from_proxy
from hrdd.screening.screener import Screener
from hrdd.screening.ties import find_ties

__all__ = [
    "CandidateIndex",
    "DefaultMatcher",
    "HrddMatcherV1",
    "JudgementStore",
    "MemoryJudgementStore",
    "Record",
    "Screener",
    "TantivyIndex",
    "discover_lists",
    "ensure_index",
    "find_ties",
    "query_record",
    "record_from_proxy",
]
