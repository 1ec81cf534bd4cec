"""Paging parameters and ids are bounded (422, never 500); search terms match literally."""

import pytest


@pytest.mark.parametrize("query", ["offset=10000000000000000000", "offset=-1", "limit=0", "limit=501",
                                   "limit=10000000000000000000", "q=" + "x" * 201])
def test_case_list_paging_is_bounded(analyst, query: str) -> None:  # type: ignore[no-untyped-def]
    response = analyst.get(f"/api/cases?{query}")
    assert response.status_code == 422 and response.json()["errors"][0]["field"].startswith("query")


@pytest.mark.parametrize("url", ["/api/audit?offset=10000000000000000000", "/api/evidence/10000000000000000000",
                                 "/api/evidence/2147483648", "/api/evidence/0", "/?offset=10000000000000000000"])
def test_ids_and_offsets_beyond_the_database_are_422(login, url: str) -> None:  # type: ignore[no-untyped-def]
    assert login("admin").get(url).status_code == 422


def test_largest_allowed_offset_answers_an_empty_page(analyst) -> None:  # type: ignore[no-untyped-def]
    from hrdd.model.limits import OFFSET_MAX

    page = analyst.get(f"/api/cases?offset={OFFSET_MAX}")
    assert page.status_code == 200 and page.json()["cases"] == []


def test_percent_and_underscore_are_not_wildcards_in_search(analyst, case_text: str) -> None:  # type: ignore[no-untyped-def]
    """Search is by words (full-text, store/search.py); what the user types never becomes a
    LIKE or MATCH pattern, so ``_`` matches only itself and ``%`` matches nothing by itself."""
    titles = ["snake_case tooling", "snakeXcase tooling", "Rollout 100% of sites"]
    for title in titles:
        text = case_text.replace("title: ", f"title: '{title}'  # ", 1)
        assert analyst.post("/api/cases", json={"case_text": text}).status_code == 201, title

    def found(q: str) -> list[str]:
        return sorted(c["title"] for c in analyst.get("/api/cases", params={"q": q}).json()["cases"])

    assert found("snake_case") == ["snake_case tooling"]
    assert found("sn_ke") == []
    assert found("100%") == ["Rollout 100% of sites"]
