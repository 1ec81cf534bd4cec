"""The screening workbench in the browser's terms: screen a party, judge a hit, upload a file,
follow its progress and download the results."""

import csv
import io
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.screening.entities import entity, sample_entities, write_list
from tests.web.test_pages import _browser_login


@pytest.fixture
def with_lists(_isolated_home: Path, settings):  # type: ignore[no-untyped-def]
    hostile = entity("Company", "test-list-99", name="=HYPERLINK(\"http://x\") Trading", country="ru",
                     topics=["sanction"])
    write_list(settings.lists_dir, entities=[*sample_entities(), hostile])
    return settings


def test_screen_one_party_then_judge_the_hit(app, with_lists) -> None:  # type: ignore[no-untyped-def]
    client, csrf = _browser_login(app, "analyst")
    page = client.post("/screen", data={"csrf_token": csrf, "name": "Romashka Systems", "country": "RU",
                                        "schema": "Company"})
    assert page.status_code == 200
    assert "Romashka" in page.text and "test-list 2" in page.text and "name_match" in page.text
    judged = client.post("/screen/judge", data={"csrf_token": csrf, "query": "Romashka Systems",
                                                "entry_id": "test-list-2", "verdict": "match",
                                                "reason": "same registration number"}, follow_redirects=False)
    assert judged.status_code == 303
    again = client.post("/screen", data={"csrf_token": csrf, "name": "Romashka Systems", "country": "RU",
                                         "schema": "Company"})
    assert "<strong>match</strong>: same registration number" in again.text


def test_a_judgement_from_a_page_shown_before_someone_else_judged_is_refused(app, with_lists) -> None:  # type: ignore[no-untyped-def]
    import re

    form = {"name": "Romashka Systems", "country": "RU", "schema": "Company"}
    client, csrf = _browser_login(app, "analyst")
    shown = client.post("/screen", data={"csrf_token": csrf, **form})
    seen = re.search(r'name="entry_id" value="test-list-2"><input type="hidden" name="seen" value="([^"]*)"', shown.text)
    assert seen is not None and seen[1] == ""  # the page shows no judgement yet
    judgement = {"query": "Romashka Systems", "entry_id": "test-list-2", "seen": seen[1]}
    first = client.post("/screen/judge", data={"csrf_token": csrf, **judgement, "verdict": "match",
                                               "reason": "same registration number"}, follow_redirects=False)
    assert first.status_code == 303
    stale = client.post("/screen/judge", data={"csrf_token": csrf, **judgement, "verdict": "no_match",
                                               "reason": "other company, other city"}, follow_redirects=False)
    assert stale.status_code == 409 and "judged this hit match" in stale.text
    again = client.post("/screen", data={"csrf_token": csrf, **form})
    assert "<strong>match</strong>: same registration number" in again.text  # nothing was overwritten
    fresh = re.search(r'name="entry_id" value="test-list-2"><input type="hidden" name="seen" value="([^"]+)"', again.text)
    assert fresh is not None
    changed = client.post("/screen/judge", data={"csrf_token": csrf, **judgement, "seen": fresh[1],
                                                 "verdict": "no_match", "reason": "other company, other city"},
                          follow_redirects=False)
    assert changed.status_code == 303


def test_the_form_says_what_is_wrong_in_an_analysts_words(app, with_lists) -> None:  # type: ignore[no-untyped-def]
    client, csrf = _browser_login(app, "analyst")
    page = client.post("/screen", data={"csrf_token": csrf, "name": "Ivan", "birth_date": "12/04/1961"})
    assert page.status_code == 422 and "YYYY, YYYY-MM or YYYY-MM-DD" in page.text
    assert 'value="12/04/1961"' in page.text  # nothing typed is lost


def test_a_file_is_screened_with_progress_and_downloads(app, with_lists) -> None:  # type: ignore[no-untyped-def]
    client, csrf = _browser_login(app, "analyst")
    data = b"name,country\nRomashka Systems,ru\nBakery Schmidt,de\nHYPERLINK Trading,ru\n"
    uploaded = client.post("/screen/batches", data={"csrf_token": csrf},
                           files={"file": ("parties.csv", data, "text/csv")}, follow_redirects=False)
    assert uploaded.status_code == 303
    url = uploaded.headers["location"]
    if with_lists.db_url.startswith("postgresql"):  # queued in chunks for the workers: one runs now
        page = client.get(url)
        assert "Screening 0 of 3 parties" in page.text and "0 of 1 parts done" in page.text
        assert "No background worker" not in page.text
        _age_chunks(with_lists.db_url, url.rsplit("/", 1)[-1], hours=1)  # no worker came for an hour
        page = client.get(url)
        assert "No background worker has taken or worked on a part of this file" in page.text
        assert 'http-equiv="refresh"' in page.text  # still waiting: a worker that starts takes the parts
        _burst_worker(with_lists)
    deadline = time.monotonic() + 60
    page = client.get(url)
    while "Done:" not in page.text and time.monotonic() < deadline:
        assert 'http-equiv="refresh"' in page.text and "<progress" in page.text
        time.sleep(0.2)
        page = client.get(url)
    assert "Done: 3 parties screened" in page.text and 'http-equiv="refresh"' not in page.text
    rows = list(csv.DictReader(io.StringIO(client.get(f"{url}/results.csv").text)))
    assert {r["line"] for r in rows} >= {"2", "4"} and "3" not in {r["line"] for r in rows}
    hostile = [r for r in rows if "HYPERLINK" in r["listed_name"]]
    assert hostile and all(r["listed_name"].startswith("'=") for r in hostile)
    xlsx = client.get(f"{url}/results.xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def _age_chunks(db_url: str, batch_id: str, hours: int) -> None:
    import datetime as dt

    import sqlalchemy as sa

    from hrdd.store.tables import screening_batch_chunks as chunks

    engine = sa.create_engine(db_url)
    with engine.begin() as conn:
        conn.execute(chunks.update().where(chunks.c.batch_id == batch_id)
                     .values(updated_at=dt.datetime.now(dt.UTC) - dt.timedelta(hours=hours)))
    engine.dispose()


def _burst_worker(settings) -> None:  # type: ignore[no-untyped-def]
    env = {**os.environ, "HRDD_HOME": str(settings.home), "HRDD_DATABASE_URL": settings.db_url,
           "HRDD_LIST_REFRESH": "false"}
    proc = subprocess.run([sys.executable, "-m", "hrdd", "worker", "--burst"], cwd=Path(__file__).parents[2],
                          env=env, capture_output=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stdout.decode(errors="replace") + proc.stderr.decode(errors="replace")


def test_a_wrong_file_names_the_row_and_starts_nothing(app, with_lists) -> None:  # type: ignore[no-untyped-def]
    client, csrf = _browser_login(app, "analyst")
    page = client.post("/screen/batches", data={"csrf_token": csrf},
                       files={"file": ("parties.csv", b"name,country\nX,Russia\n", "text/csv")})
    assert page.status_code == 422
    assert "parties.csv:2, country: wrong value; expected a two-letter ISO 3166-1 code" in page.text
    assert "Your recent files" not in page.text


def test_auditors_do_not_screen(app, with_lists) -> None:  # type: ignore[no-untyped-def]
    client, _ = _browser_login(app, "auditor")
    assert client.get("/screen").status_code == 403
    assert 'href="/screen"' not in client.get("/").text


def test_a_related_entity_shows_apart_from_hits_with_no_judgement(app, _isolated_home: Path, settings) -> None:  # type: ignore[no-untyped-def]
    from tests.screening.test_links import PARENT, SUBSIDIARY, _topics, related_entities

    write_list(settings.lists_dir, entities=[*sample_entities(), *_topics(related_entities())])
    client, csrf = _browser_login(app, "analyst")
    page = client.post("/screen", data={"csrf_token": csrf, "name": SUBSIDIARY, "schema": "Company"})
    assert page.status_code == 200
    assert "No list entry reaches the alert threshold." in page.text
    related = page.text.split("Related entities: hints, not hits", 1)[1]
    assert PARENT in related and "owned 100% by" in related and 'name="verdict"' not in related
