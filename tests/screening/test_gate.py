"""The gate of ``hrdd.screening.gate`` sets a candidate aside only when the matcher's
``compare_above`` returns None for it, so screening finds the same hits with and without it.

Checked on a real list (OFAC SDN, ``../shared/data``): list names, respellings, acronyms of
listed organisations (alone and with descriptive words), names with identifiers and clean
names, against every candidate the index gives them, at several floors and under both matchers.
"""

import csv
import random
from dataclasses import replace
from pathlib import Path

import pytest

from bench.rescreen import _respell
from hrdd.screening import compare, gate, reach
from hrdd.screening.compare import _compare_schema, initials
from hrdd.screening.index import TantivyIndex
from hrdd.screening.matcher import HrddMatcherV1, HrddMatcherV2
from hrdd.screening.normalize import PERSON_SCHEMATA, name_tokens
from hrdd.screening.record import Record, query_record
from hrdd.screening.screener import Screener
from hrdd.screening.ties import OwnershipGraph
from tests.screening.ofac_sample import PARTY_SCHEMATA, ofac_sample

ENTRIES = 4000
FLOORS = (0.3, 0.5, 0.7, 0.8, 0.95)
CLEAN = Path(__file__).resolve().parents[2] / "bench" / "data" / "clean_names.csv"


def _acronyms(sample: list[Record], rng: random.Random) -> list[Record]:
    """Acronyms of listed organisations' names, alone and with a descriptive word, as queries."""
    found = []
    for entry in sample:
        if entry.schema in PERSON_SCHEMATA:
            continue
        for name in entry.names:
            letters = initials(name_tokens(name, entry.schema))
            if len(letters) >= 3:
                found.append(letters.upper())
    chosen = rng.sample(found, 40)
    return ([query_record([a], schema="Organization") for a in chosen[:20]]
            + [query_record([f"{a} {rng.choice(('forces', 'police', 'service', 'bank'))}"], schema="Organization")
               for a in chosen[20:]])


@pytest.fixture(scope="module")
def queries_on_a_list(tmp_path_factory: pytest.TempPathFactory) -> tuple[Screener, list[Record]]:
    _, listed, rng = ofac_sample(tmp_path_factory, ENTRIES, 33)
    # the OFAC records carry no weak aliases: a tenth of the entries with several names get their
    # last one as a weak alias (as UN and UK lists mark "low quality" aliases)
    sample = [replace(r, names=r.names[:-1], weak_aliases=r.names[-1:]) if len(r.names) > 1 and i % 10 == 0 else r
              for i, r in enumerate(listed)]
    index = TantivyIndex(Path(tmp_path_factory.mktemp("gate")) / "idx")
    index.build(sample, "fp")
    parties = [r for r in sample if r.schema in PARTY_SCHEMATA]
    queries = [query_record([rng.choice(r.names)], schema=r.schema) for r in rng.sample(parties, 60)]
    queries += [query_record([_respell(r.names[0], rng)], schema=r.schema) for r in rng.sample(parties, 60)]
    queries += [query_record(list(r.names[:3]), schema=r.schema) for r in rng.sample(parties, 20)]  # several names
    weak = [r for r in sample if r.weak_aliases]
    queries += [query_record([r.weak_aliases[0]], schema=r.schema) for r in rng.sample(weak, 30)]
    queries += [query_record([_respell(r.weak_aliases[0], rng)], schema=r.schema) for r in rng.sample(weak, 30)]
    queries += _acronyms(sample, rng)
    with CLEAN.open(encoding="utf-8", newline="") as fh:
        clean = [row[0] for row in csv.reader(fh)][1:]
    queries += [query_record([name], schema=rng.choice(("Person", "LegalEntity"))) for name in rng.sample(clean, 60)]
    return Screener(index, OwnershipGraph()), queries


@pytest.mark.parametrize("matcher", [HrddMatcherV2, HrddMatcherV1])
def test_a_candidate_set_aside_is_one_compare_above_sets_aside(queries_on_a_list: tuple[Screener, list[Record]],
                                                               matcher: type[HrddMatcherV1]) -> None:
    screener, queries = queries_on_a_list
    assert reach.is_enabled()
    candidates = set_aside = kept_and_reaching = 0
    for query in queries:
        entries = screener.index.candidates(query, screener.candidates)
        for floor in FLOORS:
            checker = matcher.gate(query, floor)
            assert checker is not None
            for entry in entries:
                found = matcher.compare_above(query, entry, floor)
                if checker.may_reach(entry):
                    kept_and_reaching += found is not None
                else:
                    assert found is None, (query.names, entry.names, floor)
                    set_aside += 1
                candidates += 1
    assert candidates > 20_000 and kept_and_reaching > 500
    assert set_aside > candidates // 2  # the gate does set most candidates aside: not vacuously "yes"


def test_acronyms_and_weak_aliases_pass_the_gate(queries_on_a_list: tuple[Screener, list[Record]]) -> None:
    """Candidates that only an acronym or a weak alias lifts over the floor are kept: the gate
    reads those features, not only the names."""
    screener, queries = queries_on_a_list
    lifted: dict[str, int] = {}
    for query in queries:
        checker = HrddMatcherV2.gate(query, 0.7)
        assert checker is not None
        for entry in screener.index.candidates(query, screener.candidates):
            result = HrddMatcherV2.compare_above(query, entry, 0.7)
            if result is None:
                continue
            assert checker.may_reach(entry), (query.names, entry.names)
            fired = [o.name for o in result.features if not o.qualifier and o.result.score * o.weight >= 0.7]
            if fired and "name_match" not in fired:  # the names alone would not reach the floor
                for name in fired:
                    lifted[name] = lifted.get(name, 0) + 1
    assert {"acronym_match", "acronym_alias_match", "weak_alias_match"} <= lifted.keys(), lifted


def test_a_shared_identifier_passes_the_gate() -> None:
    """The OFAC files carry no identifiers the records keep; an entry with one, and queries whose
    names are unlike the entry's, with the same identifier and with another."""
    entry = Record(schema="Company", names=("Granite Holdings",), identifiers=(("registrationNumber", "HU12345678"),),
                   id="e1")
    same = query_record(["Sunrise Bakery"], schema="Company", identifiers=(("registrationNumber", "HU12345678"),))
    other = query_record(["Sunrise Bakery"], schema="Company", identifiers=(("registrationNumber", "HU87654321"),))
    for query, reaches in ((same, True), (other, False)):
        checker = HrddMatcherV2.gate(query, 0.7)
        assert checker is not None
        assert (HrddMatcherV2.compare_above(query, entry, 0.7) is not None) is reaches
        assert checker.may_reach(entry) is reaches


def test_screening_is_the_same_with_and_without_the_gate(queries_on_a_list: tuple[Screener, list[Record]],
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    screener, queries = queries_on_a_list
    screener.matcher = HrddMatcherV2

    def screened() -> list[list[object]]:
        return [[(h.entry.id, h.result) for h in screener.screen_among(q, screener.index.candidates(q), threshold=cut,
                                                                         limit=100).hits]
                for q in queries for cut in (0.5, 0.7, 0.9)]

    gated = screened()
    monkeypatch.setattr(HrddMatcherV2, "gate", classmethod(lambda cls, query, floor, config=None: None))
    assert gated == screened()
    assert sum(map(len, gated)) > 100


def test_no_gate_where_a_feature_is_unknown_or_nothing_could_reach(monkeypatch: pytest.MonkeyPatch) -> None:
    query = query_record(["Ivan Petrov"], schema="Person")
    features = ((compare.name_match, 1.0), (compare.acronym_match, 0.75))
    assert gate.build_gate(query, features, 0.7, {}) is not None
    assert gate.build_gate(query, (*features, (compare.country_match, 0.5)), 0.7, {}) is None
    assert gate.build_gate(query, features, 0.0, {}) is None  # a feature finding nothing scores 0 >= 0
    assert gate.build_gate(query, (), 0.7, {}) is None
    monkeypatch.setattr(reach, "is_enabled", lambda: False)
    assert HrddMatcherV2.gate(query, 0.7) is None  # the bound it reads is off


def test_entry_facts_follow_the_names_not_the_id() -> None:
    """An entry whose names change under the same id (a list update, a long-running service) is
    read anew."""
    before = Record(schema="Organization", names=("Islamic Revolutionary Guard Corps",), id="x1")
    after = Record(schema="Organization", names=("Sunrise Bakery",), id="x1")
    assert gate.entry_facts(before, "Organization").initials == {"irgc"}
    assert gate.entry_facts(after, "Organization").initials == {"sb"}
    assert gate.entry_facts(after, "Person").initials == frozenset()  # acronyms compare organisations only
    query = query_record(["IRGC"], schema="Organization")
    checker = HrddMatcherV2.gate(query, 0.7)
    assert checker is not None
    assert checker.may_reach(before) and not checker.may_reach(after)


@pytest.mark.parametrize("native", [True, False])
def test_any_can_reach_is_name_can_reach_over_every_pair(queries_on_a_list: tuple[Screener, list[Record]],
                                                         native: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    if not native:
        monkeypatch.setattr(reach, "_NATIVE", None)
    elif reach._NATIVE is None:
        pytest.skip("the compiled bound is not built (scripts/setup.sh builds it)")
    screener, queries = queries_on_a_list
    answers = []
    for query in queries[::3]:
        for entry in screener.index.candidates(query, screener.candidates):
            schema = _compare_schema(query, entry)
            keys = tuple(reach.query_key(n, schema) for n in query.names)
            names = tuple(reach.key(n, schema) for n in entry.names)
            for floor in FLOORS:
                expected = any(reach.name_can_reach(q, n, schema, floor) for q in query.names for n in entry.names)
                assert reach.any_can_reach(keys, names, schema, floor) is expected
                answers.append(expected)
    assert 0 < sum(answers) < len(answers)
