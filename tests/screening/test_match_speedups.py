"""On a real list (OFAC SDN, ``../shared/data``): the short cuts of the warm match give the same
scores and explanations as the plain computation they replace.

- screening at a threshold (``compare_above``, which builds no outcome for a candidate below it)
  returns exactly the candidates that the full score puts at or above it, with equal results;
- the alignment of two analysed names (``align._align``, ``align._notes``), the token-set
  similarity that orders and gates pairs (``align.quick_similarity``), the comparison of two
  names (``align.compare_names``, ``names_v2.compare_names_v2``) and the main features
  (``name_match`` v1 and v2, ``acronym_match``, ``identifier_match``, ``acronym_alias_match``)
  equal the code they replaced, kept as the reference in ``tests/screening/match_reference.py``:
  on real names and on generated ones (hypothesis);
- the weak-alias feature of an entry without weak aliases answers what the full path answers;
- the symbol pairing of two analysed names (``align._best_pairing``, which does not call rigour's
  ``pair_symbols`` when the names share no symbol) equals the pairing rigour gives, and rigour
  gives the empty pairing alone exactly when the names share no symbol.
"""

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rigour.names import pair_symbols

from bench.rescreen import _respell
from hrdd.screening import align, compare, compare_v2, names_v2
from hrdd.screening.align import NameScore
from hrdd.screening.matcher import HrddMatcherV1, HrddMatcherV2
from hrdd.screening.normalize import PERSON_SCHEMATA, acronym, name_tokens
from hrdd.screening.record import Record, query_record
from hrdd.screening.screener import Screener
from hrdd.screening.ties import OwnershipGraph
from tests.screening import match_reference as ref
from tests.screening.ofac_sample import PARTY_SCHEMATA, ofac_sample

ENTRIES = 3000
QUERIES = 150


@pytest.fixture(scope="module")
def real_list(tmp_path_factory: pytest.TempPathFactory) -> tuple[Screener, list[Record]]:
    index, sample, rng = ofac_sample(tmp_path_factory, ENTRIES, 14)
    parties = [r for r in sample if r.schema in PARTY_SCHEMATA]
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
                    assert align.quick_similarity(qtext, etext, schema) == ref.quick_similarity(qtext, etext, schema)
                    for qa in align._analysed(qtext, schema):
                        for ea in align._analysed(etext, schema):
                            score, alignments = align._align(qa, ea, person, align.EXTRA_RESULT_WEIGHT)
                            ref_score, ref_alignments = ref.align_names(qa, ea, person, align.EXTRA_RESULT_WEIGHT)
                            assert score == ref_score, (qtext, etext)
                            assert align._notes(alignments) == ref.notes_of(ref_alignments), (qtext, etext)
                            pairs += 1
    assert pairs > 1000


def _check_pairing(qa: align._Analysed, ea: align._Analysed) -> bool:
    """The pairing ``_align`` uses equals rigour's best; returns whether the names share a symbol."""
    assert set(qa.symbols) == {span.symbol for span in qa.name.spans}
    assert all(qa.symbols[span.symbol] & (1 << part.index) for span in qa.name.spans for part in span.parts)
    shared = not qa.symbols.keys().isdisjoint(ea.symbols)
    pairings = pair_symbols(qa.name, ea.name)
    assert (pairings == [()]) == (not shared), (qa.name, ea.name, qa.symbols & ea.symbols)
    assert align._best_pairing(qa, ea) == ref.best_pairing(qa.name, ea.name), (qa.name, ea.name)
    return shared


def test_symbol_pairings_equal_rigours_on_real_names(real_list: tuple[Screener, list[Record]]) -> None:
    screener, queries = real_list
    counted = {True: 0, False: 0}
    for query in queries:
        for entry in screener.index.candidates(query, 30):
            for schema in {compare._compare_schema(query, entry), "Person"}:
                for qtext in query.names:
                    for etext in entry.names[:4]:
                        for qa in align._analysed(qtext, schema):
                            for ea in align._analysed(etext, schema):
                                counted[_check_pairing(qa, ea)] += 1
    assert counted[True] > 1000 and counted[False] > 1000, counted  # both ways, many times


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


def _fresh_pair(query: str, candidate: str, schema: str) -> tuple[NameScore, NameScore]:
    """Today's comparison of two names, v1 and v2, computed now (not read from their caches)."""
    return (align.compare_names.__wrapped__(query, candidate, schema),
            names_v2.compare_names_v2.__wrapped__(query, candidate, schema))


def test_compared_names_equal_the_reference_on_real_names(real_list: tuple[Screener, list[Record]]) -> None:
    screener, queries = real_list
    pairs = 0
    seen: set[str] = set()
    for query in queries:
        for entry in screener.index.candidates(query, 30):
            for schema in {compare._compare_schema(query, entry), "Person"}:
                for qtext in query.names:
                    for etext in entry.names[:4]:
                        v1, v2 = _fresh_pair(qtext, etext, schema)
                        assert v1 == ref.compare_names(qtext, etext, schema), (qtext, etext, schema)
                        assert v2 == ref.compare_names_v2(qtext, etext, schema), (qtext, etext, schema)
                        seen.add(v2.detail.split(" ", 2)[-1][:12])
                        pairs += 1
    kinds = len(seen)
    assert pairs > 3000 and kinds > 50  # many pairs, and many kinds of detail among them


_IDENTIFIERS = (("registrationNumber", "R1"), ("imoNumber", "IMO1"))


def _feature_queries(records: list[Record]) -> list[Record]:
    """Queries that fire the acronym features on some entries, and queries with identifiers."""
    found: list[Record] = []
    for record in records:
        if record.schema in PERSON_SCHEMATA:
            continue
        initials = acronym(tuple(t for t in name_tokens(record.names[0], record.schema)
                                 if t not in {"of", "and", "the", "for"}))
        if len(initials) >= 3:
            found.append(query_record([initials.upper()], schema=record.schema))
            found.append(query_record([f"{initials.upper()} forces"], identifiers=_IDENTIFIERS))
        if len(found) >= 80:
            break
    return found


def test_main_features_equal_the_reference_on_real_entries(real_list: tuple[Screener, list[Record]]) -> None:
    screener, queries = real_list
    queries = queries + _feature_queries(list(screener.index.entries(ENTRIES))) + [query_record([*q.names, "Global Trading LLC"])
                                                    for q in queries[:30]]
    config = HrddMatcherV2.default_config()
    min_len = int(config["acronym_min_length"])
    fired: dict[str, int] = {}
    for query in queries:
        for i, listed in enumerate(screener.index.candidates(query, 30)):
            # the OFAC entries carry no identifiers: every other one gets one a query may share
            entry = replace(listed, identifiers=_IDENTIFIERS[1:]) if i % 2 else listed
            if i % 3 == 2:  # and every third a one-word name: the initials of the query's
                initials = acronym(tuple(t for t in name_tokens(query.names[0], entry.schema)
                                         if t not in {"of", "and", "the", "for"}))
                entry = replace(entry, names=(*entry.names[:1], initials.upper(), *entry.names[1:]))
            schema = compare._compare_schema(query, entry)
            expected = {
                "v1": ref.best_name(query, entry.names, schema, ref.compare_names),
                "v2": ref.best_name(query, entry.names, schema, ref.compare_names_v2),
            }
            assert compare._best_name(query, entry.names, schema) == expected["v1"], query.names
            assert compare_v2._best_name(query, entry.names, schema) == expected["v2"], query.names
            for name, got, want in (
                    ("acronym", compare.acronym_match(query, entry, config), ref.acronym_match(query, entry, min_len)),
                    ("identifier", compare.identifier_match(query, entry, config), ref.identifier_match(query, entry)),
                    ("alias", compare_v2.acronym_alias_match(query, entry, config),
                     ref.acronym_alias_match(query, entry, min_len))):
                assert got == want, (name, query.names, entry.names)
                fired[name] = fired.get(name, 0) + (got.score > 0)
    assert all(fired.get(k, 0) > 0 for k in ("acronym", "identifier", "alias")), fired  # not vacuous


_WORDS = ["Mohammed", "Muhammad", "Ali", "Hassan", "Hasan", "Global", "Trading", "Co", "LLC", "Ltd", "GmbH",
          "Bank", "of", "the", "Iran", "Russian", "Federation", "Sino-Global", "Star", "Shipping", "Joonng", "Jong",
          "Oleg", "Igor", "Deripaska", "Sense", "Time", "SenseTime", "J", "A.", "23", "3", "2004-1", "Victory",
          "محمد", "علی", "高市", "高石", "早苗", "Иван", "Петрович", "ООО", "Газпром", "ICBC", "forces", "IRGC",
          "Industrial and Commercial Bank of China", "Islamic Revolutionary Guard Corps"]
_NAMES = st.lists(st.sampled_from(_WORDS), min_size=1, max_size=5).map(" ".join)
_SCHEMATA = st.sampled_from(["Person", "Company", "Organization", "LegalEntity", "Vessel", "PublicBody"])


@settings(max_examples=400, deadline=None)
@given(_NAMES, _NAMES, _SCHEMATA)
def test_compared_names_equal_the_reference(query: str, candidate: str, schema: str) -> None:
    v1, v2 = _fresh_pair(query, candidate, schema)
    assert v1 == ref.compare_names(query, candidate, schema)
    assert v2 == ref.compare_names_v2(query, candidate, schema)


@settings(max_examples=400, deadline=None)
@given(_NAMES, _NAMES, _SCHEMATA)
def test_symbol_pairings_equal_rigours(query: str, candidate: str, schema: str) -> None:
    for qa in align._analysed(query, schema):
        for ea in align._analysed(candidate, schema):
            _check_pairing(qa, ea)


_IDS = st.lists(st.tuples(st.sampled_from(["registrationNumber", "imoNumber"]), st.sampled_from(["123", "IMO9", "X7"])),
                max_size=2).map(tuple)


@settings(max_examples=300, deadline=None)
@given(st.lists(_NAMES, min_size=1, max_size=3), st.lists(_NAMES, min_size=1, max_size=8), _SCHEMATA, _SCHEMATA,
       _IDS, _IDS, st.integers(min_value=0, max_value=4))
def test_main_features_equal_the_reference(qnames: list[str], enames: list[str], qschema: str, eschema: str,
                                           qids: tuple[tuple[str, str], ...], eids: tuple[tuple[str, str], ...],
                                           min_len: int) -> None:
    query = query_record(qnames, schema=qschema, identifiers=qids)
    entry = Record(schema=eschema, names=tuple(enames), identifiers=eids)
    config = {**HrddMatcherV2.default_config(), "acronym_min_length": float(min_len)}
    schema = compare._compare_schema(query, entry)
    assert compare._best_name(query, entry.names, schema) == ref.best_name(query, entry.names, schema,
                                                                            ref.compare_names)
    assert compare_v2._best_name(query, entry.names, schema) == ref.best_name(query, entry.names, schema,
                                                                               ref.compare_names_v2)
    assert compare.acronym_match(query, entry, config) == ref.acronym_match(query, entry, min_len)
    assert compare.identifier_match(query, entry, config) == ref.identifier_match(query, entry)
    assert compare_v2.acronym_alias_match(query, entry, config) == ref.acronym_alias_match(query, entry, min_len)


@settings(max_examples=200, deadline=None)
@given(st.lists(_NAMES | st.just(""), min_size=1, max_size=3), st.lists(_NAMES | st.just("-"), max_size=8), _SCHEMATA)
def test_similarities_of_many_names_equal_the_reference(queries: list[str], names: list[str], schema: str) -> None:
    got = align.quick_similarities(tuple(queries), tuple(names), schema)
    assert got == [ref.quick_similarity(q, n, schema) for q in queries for n in names]
