"""The hits panel of the case page: "not screened" said as such, with why, never "No hits." before
screening ran; hit reviews that stay reviewed across re-assessments."""

import re
from pathlib import Path

import pytest

from hrdd.services.lists import import_list
from tests.services.rescreen_fixtures import UNRELATED, case_text, write_version
from tests.web.test_pages import _browser_login

pytestmark = pytest.mark.postgres


def _tag(html: str) -> str:
    found = re.search(r'name="revision_tag" value="([^"]+)"', html)
    assert found, "the form has no revision field"
    return found[1]


def _hits_panel(html: str) -> str:
    found = re.search(r'<section aria-labelledby="hits">(.*?)</section>', html, re.DOTALL)
    assert found
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found[1]))


def test_the_hits_panel_says_why_nothing_was_screened(app, settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    analyst, csrf = _browser_login(app, "analyst")
    case_url = analyst.post("/cases/new", data={"csrf_token": csrf, "case_text": case_text()},
                            follow_redirects=False).headers["location"]
    page = analyst.get(case_url).text
    assert "Not screened. The case has not been assessed yet" in _hits_panel(page)
    assert "No hits" not in _hits_panel(page)

    analyst.post(f"{case_url}/assess", data={"csrf_token": csrf, "revision_tag": _tag(page)})
    page = analyst.get(case_url).text
    assert "Not screened. No sanctions or export-control lists were loaded when revision 1 was assessed" \
        in _hits_panel(page)

    import_list("opensanctions", [write_version(tmp_path / "v1.ftm.json", UNRELATED)], settings)
    analyst.post(f"{case_url}/assess", data={"csrf_token": csrf, "revision_tag": _tag(page)})
    page = analyst.get(case_url).text
    assert "No hits: the parties of revision 1 were screened against 1 list" in _hits_panel(page)

    edited = analyst.put(case_url.replace("/cases/", "/api/cases/"), headers={
        "X-CSRF-Token": csrf, "If-Match": analyst.get(case_url.replace("/cases/", "/api/cases/")).headers["etag"]},
        json={"case_text": case_text().replace("Example", "Sample", 1), "reason": "typo"})
    assert edited.status_code == 200, edited.text
    page = analyst.get(case_url).text
    assert "Not screened on revision 2. The case changed after revision 1 was screened" in _hits_panel(page)


SAME_ENTITY = Path(__file__).resolve().parents[1] / "fixtures" / "lists" / "same_entity"


def test_one_review_on_the_page_covers_both_lists_and_survives_assessing_again(app, settings) -> None:  # type: ignore[no-untyped-def]
    import_list("ofac-sdn", [SAME_ENTITY / "sdn.csv"], settings)
    import_list("us-csl", [SAME_ENTITY / "csl.csv"], settings)
    analyst, csrf = _browser_login(app, "analyst")
    case_url = analyst.post("/cases/new", data={"csrf_token": csrf, "case_text": case_text()},
                            follow_redirects=False).headers["location"]
    analyst.post(f"{case_url}/assess", data={"csrf_token": csrf, "revision_tag": _tag(analyst.get(case_url).text)})
    page = analyst.get(case_url).text
    forms = re.findall(r'action="/hits/(\d+)/review"', page)
    assert len(forms) == 1, "one row and one review for the entity on two lists"
    assert "ofac-sdn 36 · us-csl 36" in _hits_panel(page)
    analyst.post(f"/hits/{forms[0]}/review", data={"csrf_token": csrf, "revision_tag": _tag(page),
                                                   "status": "no_match", "reason": "other registry number"})
    for _ in range(2):
        page = analyst.get(case_url).text
        assert "no match by analyst: other registry number" in _hits_panel(page)
        assert "Not reviewed" not in _hits_panel(page)
        analyst.post(f"{case_url}/assess", data={"csrf_token": csrf, "revision_tag": _tag(page)})


def test_a_review_form_from_before_a_new_screening_is_refused_not_misapplied(app, settings) -> None:  # type: ignore[no-untyped-def]
    """Every screening writes the hit rows anew: a row id on an old page may name another entry
    now. The page sends the entry with the id; a mismatch is refused and nothing is recorded."""
    import_list("ofac-sdn", [SAME_ENTITY / "sdn.csv"], settings)
    analyst, csrf = _browser_login(app, "analyst")
    case_url = analyst.post("/cases/new", data={"csrf_token": csrf, "case_text": case_text()},
                            follow_redirects=False).headers["location"]
    analyst.post(f"{case_url}/assess", data={"csrf_token": csrf, "revision_tag": _tag(analyst.get(case_url).text)})
    page = analyst.get(case_url).text
    (hit_id,) = re.findall(r'action="/hits/(\d+)/review"', page)
    assert 'name="entity" value="ofac-sdn-36"' in page
    stale = analyst.post(f"/hits/{hit_id}/review", data={
        "csrf_token": csrf, "revision_tag": _tag(page), "entity": "un-sc-QDe.001", "status": "no_match",
        "reason": "other registry number"})
    assert stale.status_code == 409 and "screened again since the page was shown" in stale.text
    assert "Not reviewed" in _hits_panel(analyst.get(case_url).text)
