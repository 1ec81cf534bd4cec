"""On a real list (OFAC SDN, ``../shared/data``): the short cuts of the warm match give the same
scores and explanations as the plain computation they replace.

- screening at a threshold (``compare_above``, which builds no outcome for a candidate below it)
  returns exactly the candidates that the full score puts at or above it, with equal results;
- the alignment of two analysed names (``align._align``, ``align._notes``) and the token-set
  similarity that orders and gates pairs (``align.quick_similarity``) equal the code they
  replaced, kept here as the reference;
- the weak-alias feature of an entry without weak aliases answers what the full path answers.
"""

import random
from pathlib import Path

import pytest
from rapidfuzz import fuzz
from rigour.names import Alignment, Name, NamePart, align_person_name_order, compare_parts

from bench.ofac_records import default_paths, ofac_sdn_entities
from bench.rescreen import _respell
from hrdd.screening import align, compare, compare_v2
from hrdd.screening.index import TantivyIndex
from hrdd.screening.lists import records_from_proxies
from hrdd.screening.matcher import HrddMatcherV1, HrddMatcherV2
from hrdd.screening.normalize import PERSON_SCHEMATA, name_tokens
from hrdd.screening.record import Record, query_record
from hrdd.screening.screener import Screener
from hrdd.screening.ties import OwnershipGraph
from tests import conftest

ENTRIES = 3000
QUERIES = 150


def _reference_quick_similarity(query: str, candidate: str, schema: str) -> float:
    q, c = name_tokens(query, schema), name_tokens(candidate, schema)
    if not q or not c:
        return 0.0
    return float(fuzz.token_set_ratio(" ".join(q), " ".join(c))) / 100.0


def _reference_align(query: align._Analysed, result: align._Analysed, person: bool, extra_result: float
                     ) -> tuple[float, list[Alignment]]:
    extra_query = align.EXTRA_QUERY_WEIGHT_PERSON if person else align.EXTRA_QUERY_WEIGHT
    qname: Name = query.name
    rname: Name = result.name
    symbols = align._best_pairing(qname, rname)
    used_q: set[int] = set()
    used_r: set[int] = set()
    for al in symbols:
        for part in al.qps:
            used_q.add(part.index)
        for part in al.rps:
            used_r.add(part.index)
    rest_q = [p for p in qname.parts if p.index not in used_q]
    rest_r = [p for p in rname.parts if p.index not in used_r]
    if person:
        rest_q, rest_r = align_person_name_order(rest_q, rest_r)
    else:
        rest_q, rest_r = NamePart.tag_sort(rest_q), NamePart.tag_sort(rest_r)
    residue = list(compare_parts(rest_q, rest_r)) if (rest_q or rest_r) else []
    alignments = symbols + residue
    return align._score_alignments(alignments, extra_query, extra_result, query.weights, result.weights), alignments


def _reference_notes(alignments: list[Alignment]) -> list[str]:
    notes: list[str] = []
    for al in alignments:
        if al.qps and al.rps:
            kind = f"symbol {str(al.symbol.category).rsplit('.', 1)[-1]}" if al.symbol is not None else "fuzzy"
            notes.append(f"'{al.qstr}'~'{al.rstr}' {kind} {al.score:.2f}")
        elif al.qps:
            notes.append(f"'{al.qstr}' unmatched in query")
        elif al.rps:
            notes.append(f"'{al.rstr}' only in entry")
    return notes


@pytest.fixture(scope="module")
def real_list(tmp_path_factory: pytest.TempPathFactory) -> tuple[Screener, list[Record]]:
    if not conftest.SHARED_DATA.is_dir():
        pytest.skip(f"public datasets not found at {conftest.SHARED_DATA} (clone ../shared beside the project)")
    paths = default_paths(conftest.SHARED_DATA)
    if paths is None:
        pytest.skip("the OFAC SDN files are not in the shared data")
    records = records_from_proxies(ofac_sdn_entities(*paths), "ofac")
    rng = random.Random(14)
    sample = rng.sample(records, ENTRIES)
    index = TantivyIndex(Path(tmp_path_factory.mktemp("speedups")) / "idx")
    index.build(sample, "fp")
    parties = [r for r in sample if r.schema in ("Person", "Organization", "Company", "LegalEntity")]
    names = [rng.choice(r.names) for r in rng.sample(parties, QUERIES // 2)]
    names += [_respell(r.names[0], rng) for r in rng.sample(parties, QUERIES // 2)]
    queries = [query_record([n], countries=(rng.choice(("ru", "ir", "cn", "")),) if i % 2 else ())
               for i, n in enumerate(names)]
    return Screener(index, OwnershipGraph()), queries


@pytest.mark.parametrize("matcher", [HrddMatcherV2, HrddMatcherV1])
def test_screening_at_a_threshold_returns_what_the_full_score_does(
        real_list: tuple[Screener, list[Record]], matcher: type[HrddMatcherV1]) -> None:
    screener, queries = real_list
    screener.matcher = matcher
    hits = 0
    for query in queries:
        scored = screener.score(query)
        for cut in (0.5, matcher.DEFAULT_THRESHOLD, 0.9):
            expected = [(s.entry.id, s.result) for s in scored if s.result.score >= cut]
            got = [(s.entry.id, s.result) for s in screener.screen(query, threshold=cut, limit=len(scored))]
            assert got == expected, (query.names, cut)
            hits += len(got)
    assert hits > QUERIES  # most queries are list names or respellings of them: not vacuous


def test_alignments_and_similarities_equal_the_reference_on_real_names(
        real_list: tuple[Screener, list[Record]]) -> None:
    screener, queries = real_list
    pairs = 0
    for query in queries:
        for entry in screener.index.candidates(query, 30):
            schema = compare._compare_schema(query, entry)
            person = schema in PERSON_SCHEMATA
            for qtext in query.names:
                for etext in entry.names[:4]:
                    assert align.quick_similarity(qtext, etext, schema) == \
                        _reference_quick_similarity(qtext, etext, schema)
                    for qa in align._analysed(qtext, schema):
                        for ea in align._analysed(etext, schema):
                            score, alignments = align._align(qa, ea, person, align.EXTRA_RESULT_WEIGHT)
                            ref_score, ref_alignments = _reference_align(qa, ea, person, align.EXTRA_RESULT_WEIGHT)
                            assert score == ref_score, (qtext, etext)
                            assert align._notes(alignments) == _reference_notes(ref_alignments), (qtext, etext)
                            pairs += 1
    assert pairs > 1000


def test_weak_alias_feature_of_entries_without_weak_aliases_is_what_the_full_path_gives(
        real_list: tuple[Screener, list[Record]]) -> None:
    screener, queries = real_list
    config = HrddMatcherV2.default_config()
    checked = 0
    for query in queries[:40]:
        for entry in screener.index.candidates(query, 20):
            schema = compare._compare_schema(query, entry)
            best = compare_v2._best_name(query, entry.weak_aliases, schema)
            full = (compare.NO_RESULT if best is None or best.score < config["weak_alias_min"]
                    else compare.FeatureResult(best.score, best.detail, best.query, best.candidate))
            assert compare_v2.weak_alias_match(query, entry, config) == full
            checked += 1
    assert checked > 100
