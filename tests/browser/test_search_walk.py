"""Search at scale in a real browser: an analyst searches a few thousand cases from the case list,
by words, by a word's beginning, with the state and capability filters and the "highest risk"
order, pages on, and finds exactly the cases the seeded data says match. The scale figures are
the bench's (bench/search.py, bench/results/search.md); this walk checks what the user sees."""

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from tests.browser.conftest import LiveServer, Steps, serve
from tests.browser.pages import axe_violations, log_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CASES = 3_000
PLACES = ["Lima", "Nairobi", "Manila", "Tbilisi", "Almaty", "Quito"]
BUYERS = ["Police", "Border Agency", "Telecom Operator", "Municipality"]
CAPABILITIES = ["facial_recognition", "imsi_catcher", "deep_packet_inspection", "video_analytics",
                "licence_plate_recognition"]
STATES = ["draft", "assessed", "active", "closed"]
COUNTRIES = ["PE", "KE", "PH", "GE", "KZ", "EC"]
RARE = "Kavelsor Trading FZE"  # the intermediary of a handful of cases


@dataclass(frozen=True)
class Seeded:
    id: str
    title: str
    end_user: str
    capabilities: tuple[str, ...]
    state: str
    country: str
    score: int | None
    updated: dt.datetime
    intermediary: str


def _seed(database_url: str) -> list[Seeded]:
    """``CASES`` cases written through the store (so their search facts are the store's), with
    states, scores and change times as the workflow would have left them."""
    import sqlalchemy as sa

    from hrdd.store import cases as case_rows
    from hrdd.store import open_store
    from hrdd.store.tables import cases

    rng = random.Random(13)
    start = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    made: list[Seeded] = []
    store = open_store(database_url)
    try:
        with store.transaction() as conn:
            for i in range(1, CASES + 1):
                place, buyer, country = rng.choice(PLACES), rng.choice(BUYERS), rng.choice(COUNTRIES)
                capabilities = tuple(rng.sample(CAPABILITIES, rng.randint(1, 2)))
                intermediary = RARE if i % 701 == 0 else f"{rng.choice(['Gulf', 'Delta', 'Orion'])} Integrators LLC"
                title = f"{capabilities[0].replace('_', ' ').title()} for the {place} {buyer.lower()}"
                products = "\n".join(f"  - {{name: Unit {n}, capabilities: [{c}]}}" for n, c in enumerate(capabilities))
                text = (f"title: {title}\nend_user: {{name: {place} {buyer}, country: {country}}}\nproducts:\n"
                        f"{products}\nintermediaries:\n  - {{name: {intermediary}, country: AE}}\n")
                case_id = f"CASE-2026-{i:04d}"
                case_rows.insert_case(conn, case_id=case_id, title=title, case_text=text, country=country,
                                      end_user=f"{place} {buyer}", created_by="analyst", reason="seeded")
                seeded = Seeded(case_id, title, f"{place} {buyer}", capabilities, rng.choice(STATES), country,
                                rng.choice([None, 20, 40, 60, 80]), start + dt.timedelta(minutes=rng.randint(0, 99_999)),
                                intermediary)
                conn.execute(cases.update().where(cases.c.id == case_id).values(
                    state=seeded.state, residual_score=seeded.score, updated_at=seeded.updated))
                made.append(seeded)
        with store.transaction() as conn:
            conn.execute(sa.text("ANALYZE"))
    finally:
        store.engine.dispose()
    return made


@pytest.fixture(scope="module")
def seeded_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LiveServer, list[Seeded]]]:
    from hrdd.store import open_store

    home = tmp_path_factory.mktemp("search-home")
    url = f"sqlite:///{home / 'hrdd.sqlite3'}"
    open_store(url).engine.dispose()  # the schema, then the cases, then the server (which adds its users)
    made = _seed(url)
    with serve(home) as server:
        yield server, made


def _newest_first(found: list[Seeded]) -> list[str]:
    return [s.id for s in sorted(found, key=lambda s: (s.updated, s.id), reverse=True)]


def _listed(page: Any) -> list[str]:
    return [t.strip() for t in page.locator("main table tbody tr td:first-child a").all_inner_texts()]


def _search(page: Any, *, words: str = "", state: str = "", capability: str = "", country: str = "",
            order: str = "updated") -> None:
    page.get_by_label("Search").fill(words)
    page.get_by_label("State").select_option(state)
    page.get_by_label("Capability").select_option(capability)
    page.get_by_label("Country").fill(country)
    page.get_by_label("Order").select_option(order)
    page.get_by_role("button", name="Filter").click()
    page.wait_for_load_state()


def test_an_analyst_finds_the_expected_cases_among_thousands(chromium: Any, steps: Steps,
                                                             seeded_server: tuple[LiveServer, list[Seeded]]) -> None:
    server, made = seeded_server
    context = chromium.new_context(base_url=server.url, locale="en-GB", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(30_000)
    page = context.new_page()
    log_in(page, "analyst")
    page.goto("/")
    hint = page.locator("main p.hint")
    assert hint.inner_text().startswith(f"{CASES:,} cases") or "more than" in hint.inner_text()

    # an intermediary's name, typed as the beginnings of its words
    rare = [s for s in made if s.intermediary == RARE]
    _search(page, words="kavel trad")
    assert _listed(page) == _newest_first(rare) and rare
    assert hint.inner_text() == f"{len(rare)} case{'s' if len(rare) != 1 else ''}"
    steps.snap(page, "rare-name")

    # words with the state and capability filters
    expected = [s for s in made if s.state == "active" and "imsi_catcher" in s.capabilities
                and s.end_user.startswith("Lima ")]
    _search(page, words="lima", state="active", capability="imsi_catcher")
    assert _listed(page) == _newest_first(expected)[:50] and expected
    assert hint.inner_text().startswith(f"{len(expected):,} case")
    assert page.get_by_label("Capability").input_value() == "imsi_catcher"  # the filters stay as chosen
    steps.snap(page, "words-state-capability")

    # a capability named only in the products (not the title): found by the filter, not by the words
    expected = [s for s in made if "deep_packet_inspection" in s.capabilities and s.country == "KE"]
    _search(page, capability="deep_packet_inspection", country="KE", order="risk")
    ranked = sorted(expected, key=lambda s: (s.score is not None, s.score or 0, s.updated, s.id), reverse=True)
    assert _listed(page) == [s.id for s in ranked[:50]]
    assert len(expected) > 50, "the seed should give this search a second page"
    page.get_by_role("navigation", name="Pages").get_by_role("link", name="Next").click()
    page.wait_for_load_state()
    assert _listed(page) == [s.id for s in ranked[50:100]]
    steps.snap(page, "capability-country-risk-page-2")
    assert axe_violations(page) == []

    # nothing matches: said so
    _search(page, words="kavel zzzq")
    assert _listed(page) == [] and page.get_by_text("No cases match.").is_visible()
    assert hint.inner_text() == "0 cases"
    context.close()
