"""The compiled bound (``hrdd/screening/_reach.c``) answers exactly as the Python one.

``hrdd.screening.reach`` runs the compiled ``name_can_reach`` when it was built from the source
beside it. These tests compare the two on every pair of a query name and a candidate's name of
a real list (OFAC SDN, ``../shared/data``) at several floors, bound value for bound value, on
generated strings (hypothesis) for the longest common subsequence it computes in place of
rapidfuzz's, and check that a stale or missing build is not used.
"""

import logging
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import LCSseq

from hrdd.screening import reach, reach_budget
from hrdd.screening.align import EXTRA_QUERY_WEIGHT, EXTRA_QUERY_WEIGHT_PERSON, EXTRA_RESULT_WEIGHT
from hrdd.screening.compare import _compare_schema
from hrdd.screening.normalize import OBJECT_SCHEMATA, PERSON_SCHEMATA
from hrdd.screening.record import Record
from hrdd.screening.screener import Screener
from tests.screening.test_reach import FLOORS, real_list  # noqa: F401 - the fixture

NATIVE = reach._native_module()
needs_native = pytest.mark.skipif(NATIVE is None, reason="the compiled bound is not built (HRDD_NO_NATIVE=1 at install) or is stale")


def test_the_install_builds_the_compiled_bound() -> None:
    """scripts/setup.sh (pip install -e .) compiles it; only HRDD_NO_NATIVE=1 at install skips it."""
    if os.environ.get("HRDD_NO_NATIVE") == "1":
        pytest.skip("HRDD_NO_NATIVE=1: the Python bound is used")
    assert NATIVE is not None
    assert reach._NATIVE is not None or os.environ.get("HRDD_NATIVE") == "0"


texts = st.text(st.sampled_from("abcdeiou xyzäöü-0ابت一二𝔸"), max_size=90)


@needs_native
@settings(max_examples=600, deadline=None)
@given(a=texts, b=texts)
def test_lcs_is_rapidfuzz_lcs(a: str, b: str) -> None:
    assert NATIVE is not None
    assert NATIVE.lcs(a, b) == LCSseq.similarity(a, b)


@needs_native
def test_lcs_of_long_and_empty_strings() -> None:
    assert NATIVE is not None
    long_a, long_b = "ab" * 70, "ba" * 65 + "c"
    assert NATIVE.lcs(long_a, long_b) == LCSseq.similarity(long_a, long_b)
    assert NATIVE.lcs("a" * 64, "a" * 64) == 64
    assert NATIVE.lcs("", "abc") == 0


def _fresh_query_keys() -> None:
    reach.query_key.cache_clear()  # query shapes remember fits: each side starts with none


@needs_native
def test_compiled_and_python_bounds_agree_on_a_real_list(
        real_list: tuple[Screener, list[Record], list[Record]]) -> None:  # noqa: F811
    assert NATIVE is not None
    screener, queries, _ = real_list
    pairs: list[tuple[str, str, str]] = []
    for query in queries:
        for entry in screener.index.candidates(query, screener.candidates):
            schema = _compare_schema(query, entry)
            pairs.extend((qname, name, schema) for qname in query.names for name in entry.names + entry.weak_aliases)
    assert len(pairs) > 5000
    answers: dict[str, list[object]] = {}
    budgets: list[float] = []
    for label in ("compiled", "python"):
        _fresh_query_keys()
        found: list[object] = []
        for qname, name, schema in pairs:
            q, r = reach.query_key(qname, schema), reach.key(name, schema)
            person = schema in PERSON_SCHEMATA
            query_only = EXTRA_QUERY_WEIGHT_PERSON if person else EXTRA_QUERY_WEIGHT
            result_only = 1.0 if schema in OBJECT_SCHEMATA else EXTRA_RESULT_WEIGHT
            assert reach.schema_weights(schema) == (person, query_only, result_only)
            for qshape in q.shapes:
                for rshape in r.shapes:
                    bound = (NATIVE.alignment_bound if label == "compiled" else reach.alignment_bound)(
                        qshape, rshape, query_only, result_only)
                    budget = (NATIVE.budget_bound if label == "compiled" else reach_budget.budget_bound)(
                        qshape, rshape, query_only, result_only, reach.CLUSTER_OVERLAP)
                    found.extend((bound, budget))
                    budgets.append(budget)
            for floor in FLOORS:
                if label == "compiled":
                    found.append(NATIVE.name_can_reach(q, r, (person, query_only, result_only), floor - reach.MARGIN))
                else:
                    found.append(reach.keys_can_reach(q, r, person, query_only, result_only, floor - reach.MARGIN))
        answers[label] = found
    _fresh_query_keys()
    assert answers["compiled"] == answers["python"]  # bound values equal to the last bit, answers equal
    reaching = [a for a in answers["python"] if isinstance(a, bool)]
    assert 0 < sum(reaching) < len(reaching)  # both answers occur
    assert sum(b < 0.7 for b in budgets) > len(budgets) // 10  # the budget bound sets pairs aside, not only 1.0


@needs_native
def test_a_stale_build_is_not_used(monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    from hrdd.screening import _reach

    monkeypatch.setattr(_reach, "SOURCE_SHA256", "0" * 64)  # built from another _reach.c
    with caplog.at_level(logging.WARNING, logger="hrdd.screening.reach"):
        assert reach._native_module() is None
    assert "changed since it was compiled" in caplog.text


@needs_native
def test_an_edited_included_source_makes_the_build_stale(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The digest covers _reach_budget.c, which _reach.c includes: editing it alone is enough."""
    source = Path(reach.__file__).with_name("_reach.c")
    copy = tmp_path / "_reach.c"
    copy.write_bytes(source.read_bytes())
    edited = source.with_name("_reach_budget.c").read_bytes() + b"\n/* edited */\n"
    (tmp_path / "_reach_budget.c").write_bytes(edited)
    monkeypatch.setattr(reach, "__file__", str(tmp_path / "reach.py"))
    assert reach._native_module() is None
    (tmp_path / "_reach_budget.c").write_bytes(source.with_name("_reach_budget.c").read_bytes())
    assert reach._native_module() is not None  # the same sources: the build is used


def test_the_python_bound_can_be_chosen(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HRDD_NATIVE", "0")
    assert reach._native_module() is None


@needs_native
def test_wrong_arguments_are_type_errors_not_crashes() -> None:
    assert NATIVE is not None
    key = reach.query_key("Ivan Petrov", "Person")
    with pytest.raises(TypeError):
        NATIVE.name_can_reach(key, "not a key", (True, 0.6, 0.25), 0.7)
    with pytest.raises(TypeError):
        NATIVE.name_can_reach(*(key, key, True, 0.6))  # weights not a tuple
    orgs = [reach.query_key(n, "Organization") for n in ("Ministry of Defence of Iran", "Central Bank of Syria")]
    assert all(k.canonical and k.canonical_key is not None for k in orgs)
    cycles = [k._replace(shapes=(), canonical_key=k) for k in orgs]  # canonical forms with canonical forms
    with pytest.raises(TypeError):
        NATIVE.name_can_reach(cycles[0], cycles[1], (False, 1.0, 0.25), 0.99)
    shape = key.shapes[0]
    broken = reach.Shape(((1, "ivan", 4.0),), {})
    broken.parts = ((1, "ivan", 4),)  # an int weight
    with pytest.raises(TypeError):
        NATIVE.alignment_bound(shape, broken, 0.6, 0.25)
    broken = reach.Shape(((1, "ivan", 4.0),), {})
    broken.symbol_hashes = b"123"  # not (hash, bits) pairs
    with pytest.raises(TypeError):
        NATIVE.alignment_bound(shape, broken, 0.6, 0.25)


def test_symbol_hashes_are_sorted_pairs_of_the_symbols_bits() -> None:
    from array import array

    shape = reach.query_key("Mohammed Ali Trading Company LLC", "Company").shapes[0]
    pairs = array("q", shape.symbol_hashes).tolist()
    hashes = pairs[0::2]
    assert hashes == sorted(hashes) and len(hashes) == len({hash(s) for s in shape.symbols}) > 2
    assert dict(zip(hashes, pairs[1::2], strict=True)) == {hash(s): b for s, b in shape.symbols.items()}


@needs_native
def test_a_shape_of_a_subclass_is_read_through_its_attributes() -> None:
    """The compiled bound reads an exact Shape's slots where CPython keeps them; any other object
    (a subclass here, with a property) is read through getattr, with the same answers."""
    assert NATIVE is not None
    query = reach.make_key("Ivan Petrovich Sidorov", "Person").shapes[0]
    listed = reach.make_key("SIDOROV, Ivan", "Person").shapes[0]

    class Renamed(reach.Shape):
        __slots__ = ()

        @property  # type: ignore[override]
        def parts(self) -> tuple[tuple[int, str, float], ...]:
            return tuple((bit, text[::-1], weight) for bit, text, weight in listed.parts)

        @parts.setter
        def parts(self, value: object) -> None:
            pass  # Shape.__init__ sets it: the property answers instead

    other = Renamed(listed.parts, listed.symbols)
    reversed_listed = reach.Shape(tuple((b, t[::-1], w) for b, t, w in listed.parts), listed.symbols)
    for q in (query, reach.make_key("Ivan Sidorov", "Person").shapes[0]):
        assert NATIVE.alignment_bound(q, other, 0.6, 0.25) == NATIVE.alignment_bound(q, reversed_listed, 0.6, 0.25)
        assert NATIVE.alignment_bound(q, other, 0.6, 0.25) == reach.alignment_bound(q, reversed_listed, 0.6, 0.25)
