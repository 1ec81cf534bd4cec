"""Search at scale must not change what is found: on both databases, the case list (capability
rows, prefix words expanded from the word list, counts from a page or an estimate) returns the
same cases in the same order as a straightforward reference: the filters worked out in Python
from the cases as generated, the words matched by the engine's own plain full-text query."""

import datetime as dt
import itertools
from dataclasses import dataclass, field

import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hrdd.model.lifecycle import State
from hrdd.store import Store, search
from hrdd.store import cases as case_rows
from hrdd.store.cases import SORTS, CaseFilter
from hrdd.store.tables import cases, conditions

# words that share prefixes, so a typed prefix starts several of them
WORDS = ["trade", "trading", "tradecraft", "camera", "cameras", "cam", "lima", "limassol", "police", "polis",
         "border", "borderline", "kavelsor", "kaveltan", "vision", "visionary"]
CAPABILITIES = ["facial_recognition", "video_analytics", "imsi_catcher", "lawful_interception", "drone_surveillance"]
COUNTRIES = ["BR", "KE", "AE"]
OWNERS = ["ana", "bo", "cy"]
LEVELS = [None, "low", "high"]
STATES = ["draft", "assessed", "active"]
TEXT = """title: {title}
end_user: {{name: {end_user}, country: {country}}}
products:
{products}
intermediaries:
  - {{name: {intermediary}, country: AE}}
"""
_NUMBERS = itertools.count(1)


@dataclass
class Made:
    """A case as the test generated it: the facts the filters must find."""

    id: str
    capabilities: list[str]
    state: str
    country: str
    owner: str
    level: str | None
    score: int | None
    due: dt.date | None
    words: set[str] = field(default_factory=set)


def _text(title: str, end_user: str, country: str, capabilities: list[str], intermediary: str) -> str:
    products = "\n".join(f"  - {{name: Vision {i}, capabilities: [{c}]}}" for i, c in enumerate(capabilities)) or "  []"
    return TEXT.format(title=title, end_user=end_user, country=country, products=products, intermediary=intermediary)


case_specs = st.fixed_dictionaries({
    "title": st.lists(st.sampled_from(WORDS), min_size=1, max_size=3).map(" ".join),
    "end_user": st.lists(st.sampled_from(WORDS), min_size=1, max_size=2).map(lambda w: " ".join(w).title()),
    "intermediary": st.sampled_from(WORDS).map(lambda w: f"{w.title()} Integrators LLC"),
    "country": st.sampled_from(COUNTRIES),
    "capabilities": st.lists(st.sampled_from(CAPABILITIES), max_size=3, unique=True),
    "state": st.sampled_from(STATES),
    "owner": st.sampled_from(OWNERS),
    "level": st.sampled_from(LEVELS),
    "score": st.one_of(st.none(), st.integers(1, 4).map(lambda n: n * 20)),  # ties: the order's tie-breaks
    "due": st.one_of(st.none(), st.integers(0, 3).map(lambda d: dt.date(2027, 1, 1) + dt.timedelta(days=30 * d))),
    "revised_capabilities": st.one_of(st.none(), st.lists(st.sampled_from(CAPABILITIES), max_size=2, unique=True)),
})
filters = st.builds(
    CaseFilter,
    state=st.one_of(st.none(), st.sampled_from(STATES)),
    country=st.one_of(st.none(), st.sampled_from(COUNTRIES)),
    residual_level=st.one_of(st.none(), st.sampled_from(["low", "high"])),
    text=st.one_of(st.none(), st.lists(st.sampled_from([*WORDS, "tra", "ca", "bord", "kavel", "vis", "zzz", "br"])
                                       .map(lambda w: w[:max(2, len(w) - 1)] if len(w) > 5 else w),
                                       min_size=1, max_size=2).map(" ".join)),
    owner=st.one_of(st.none(), st.sampled_from(OWNERS)),
    capability=st.one_of(st.none(), st.sampled_from(CAPABILITIES)),
    due_before=st.one_of(st.none(), st.sampled_from([dt.date(2027, 1, 15), dt.date(2027, 3, 1)])),
    sort=st.sampled_from(SORTS),
)


def _make(conn: sa.Connection, spec: dict[str, object]) -> Made:
    number = next(_NUMBERS)
    case_id = f"CASE-2026-{number:05d}"
    capabilities = list(spec["capabilities"])  # type: ignore[call-overload]
    text = _text(str(spec["title"]), str(spec["end_user"]), str(spec["country"]), capabilities,
                 str(spec["intermediary"]))
    case_rows.insert_case(conn, case_id=case_id, title=str(spec["title"]), case_text=text, country=str(spec["country"]),
                          end_user=str(spec["end_user"]), created_by=str(spec["owner"]), reason="test")
    if spec["revised_capabilities"] is not None:  # an edit changes the products: the facets follow
        capabilities = list(spec["revised_capabilities"])  # type: ignore[call-overload]
        text = _text(str(spec["title"]), str(spec["end_user"]), str(spec["country"]), capabilities,
                     str(spec["intermediary"]))
        assert case_rows.revise_case(conn, case_id, expected={State.DRAFT}, revision=1, case_text=text, author="ana",
                                     reason="products changed")
    # the assessment summary and the state as the workflow would have left them
    stamp = dt.datetime(2026, 1, 1, tzinfo=dt.UTC) + dt.timedelta(minutes=number % 7)  # equal times: id breaks ties
    conn.execute(cases.update().where(cases.c.id == case_id).values(
        state=spec["state"], residual_level=spec["level"], residual_score=spec["score"], updated_at=stamp))
    if spec["due"] is not None:
        conn.execute(conditions.insert().values(case_id=case_id, safeguard="audit_logging", owner="ana",
                                                due=spec["due"], status="open"))
    return Made(case_id, capabilities, str(spec["state"]), str(spec["country"]), str(spec["owner"]),
                spec["level"], spec["score"], spec["due"])  # type: ignore[arg-type]


def _plain_text_matches(conn: sa.Connection, text: str) -> set[str]:
    """The engine's own full-text query, as written before migration 0019 (no word list)."""
    words = search.query_words(text)
    if conn.engine.dialect.name == "postgresql":
        rows = conn.execute(sa.text("SELECT id FROM cases WHERE search @@ to_tsquery('simple', :q)"),
                            {"q": search.tsquery(words)})
    else:
        rows = conn.execute(sa.text("SELECT id FROM cases WHERE rowid IN (SELECT rowid FROM case_search WHERE "
                                    "case_search MATCH :q)"), {"q": search.fts5_query(words)})
    return {r.id for r in rows}


def _reference(conn: sa.Connection, made: dict[str, Made], f: CaseFilter) -> list[str]:
    keep = list(made.values())
    if f.state:
        keep = [m for m in keep if m.state == f.state]
    if f.country:
        keep = [m for m in keep if m.country == f.country]
    if f.residual_level:
        keep = [m for m in keep if m.level == f.residual_level]
    if f.owner:
        keep = [m for m in keep if m.owner == f.owner]
    if f.capability:
        keep = [m for m in keep if f.capability in m.capabilities]
    if f.due_before:
        keep = [m for m in keep if m.due is not None and m.due <= f.due_before]
    if f.text and search.query_words(f.text):
        matching = _plain_text_matches(conn, f.text)
        keep = [m for m in keep if m.id in matching]
    stamps = dict(conn.execute(sa.select(cases.c.id, cases.c.updated_at)).all())
    if f.sort == "id":
        keep.sort(key=lambda m: m.id, reverse=True)
    elif f.sort == "risk":  # highest score first, unassessed last, then newest, then id
        keep.sort(key=lambda m: (m.score is not None, m.score or 0, stamps[m.id], m.id), reverse=True)
    else:
        keep.sort(key=lambda m: (stamps[m.id], m.id), reverse=True)
    return [m.id for m in keep]


def _listed(conn: sa.Connection, f: CaseFilter, page: int, keyset: bool) -> tuple[list[str], list[search.Count]]:
    """Every page of the case list, as a user paging through it would read them: by offset, or
    (``keyset``) by the Next link's token of the last row."""
    found: list[str] = []
    counts = []
    after = None
    for offset in range(0, 1000, page):
        rows, total = case_rows.list_cases(conn, f, limit=page, offset=offset, after=after if keyset else None)
        found += [r.id for r in rows]
        counts.append(total)
        if len(rows) < page:
            break
        after = case_rows.page_after(rows[-1], f.sort)
    return found, counts


# the cases made by earlier examples of the same test stay in its database: the reference knows them
_MADE: dict[tuple[int, str], dict[str, Made]] = {}


@given(specs=st.lists(case_specs, min_size=1, max_size=12), queries=st.lists(filters, min_size=1, max_size=8),
       page=st.integers(2, 6))
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_the_list_finds_what_the_reference_finds_in_the_same_order(store: Store, specs: list[dict[str, object]],
                                                                   queries: list[CaseFilter], page: int) -> None:
    key = (id(store), str(store.engine.url))
    made = dict(_MADE.get(key, {}))
    with store.transaction() as conn:
        made.update((m.id, m) for m in (_make(conn, s) for s in specs))
    _MADE[key] = made  # committed: later examples find these cases in the database
    with store.transaction() as conn:
        assert set(made) == {r.id for r in conn.execute(sa.select(cases.c.id))}
        for f in queries:
            expected = _reference(conn, made, f)
            found, counts = _listed(conn, f, page, keyset=False)
            assert found == expected, f
            assert _listed(conn, f, page, keyset=True)[0] == expected, f
            first = counts[0]
            if first.exact:
                assert first.value == len(expected), f
            else:  # "more than": a proven lower bound
                assert first.value < len(expected), f
