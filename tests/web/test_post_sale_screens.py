"""The post-sale screens as a daily user works in them, without JavaScript: what falls due first
and late items marked, the alerts inbox filtered by kind and state with counts, an acknowledgement
someone else made meanwhile refused on the inbox itself, counts in the navigation, and empty
states that say what to do."""

import datetime as dt
import re

from tests.api.test_engagements import _approved
from tests.web.test_pages import _browser_login


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_obligations_soonest_first_overdue_marked_and_summed_up(app, login, case_text: str) -> None:  # type: ignore[no-untyped-def]
    case_id = _approved(login("analyst"), login("approver"), case_text)
    analyst, csrf = _browser_login(app, "analyst")
    api = login("analyst")
    start = (dt.date.today() - dt.timedelta(days=400)).isoformat()
    assert api.post(f"/api/engagements/{case_id}/activate", json={
        "contract_ref": "C-9", "contract_start": start, "reason": "Contract signed"}).status_code == 201
    today = dt.date.today()
    dues = {"logging_later": today + dt.timedelta(days=30), "late": today - dt.timedelta(days=5),
            "soon": today + dt.timedelta(days=2)}
    for safeguard, due in zip(("audit_logging", "access_controls", "usage_limits"), dues.values(), strict=True):
        added = analyst.post(f"/cases/{case_id}/conditions", follow_redirects=False, data={
            "csrf_token": csrf, "safeguard": safeguard, "owner": "analyst", "due": due.isoformat()})
        assert added.status_code == 303, added.text
    page = analyst.get(f"/engagements/{case_id}").text
    obligations = page[page.index('id="obligations"'):page.index('id="requests"')]
    shown = re.findall(r"<td>(\d{4}-\d\d-\d\d)", obligations)
    assert shown == sorted(d.isoformat() for d in dues.values()), shown  # soonest due first
    late_row = re.search(r'<tr class="overdue">.*?</tr>', obligations, re.DOTALL)
    assert late_row is not None and f"{dues['late'].isoformat()}" in late_row[0] and "5 days overdue" in late_row[0]
    glance = _text(page[page.index('id="glance"'):page.index('id="contract"')])
    assert "3 open, 1 overdue" in glance and f"next due {dues['late'].isoformat()}" in glance, glance
    assert "Next review" in glance and "days overdue" in glance and "Requests waiting for approval : 0" in glance

    listing = analyst.get("/engagements").text
    row = re.search(rf'<tr class="overdue"><td data-label="Case"><a href="/engagements/{case_id}">', listing)
    assert row is not None, "an engagement with an overdue obligation is highlighted"
    assert "1 overdue" in _text(listing)
    nav = re.search(r'href="/engagements">Engagements <span class="count">(\d+)', listing)
    assert nav is not None and nav[1] == "1"  # the navigation counts engagements with something due


def test_an_empty_engagement_list_says_how_one_starts(app) -> None:  # type: ignore[no-untyped-def]
    analyst, _ = _browser_login(app, "analyst")
    listing = _text(analyst.get("/engagements").text)
    assert "No engagements running" in listing and "Activate the engagement" in listing
    inbox = _text(analyst.get("/alerts?show=all").text)
    assert "No alerts yet" in inbox and "nothing needs doing until then" in inbox


def _two_alerts(app, login, case_text: str) -> str:  # type: ignore[no-untyped-def]
    from hrdd.services.duedates import raise_overdue, raise_reviews_due

    case_id = _approved(login("analyst"), login("approver"), case_text)
    api = login("analyst")
    assert api.post(f"/api/engagements/{case_id}/activate", json={
        "contract_ref": "C-8", "contract_start": "2024-01-01", "reason": "Contract signed"}).status_code == 201
    analyst, csrf = _browser_login(app, "analyst")
    analyst.post(f"/cases/{case_id}/conditions", data={"csrf_token": csrf, "safeguard": "audit_logging",
                                                       "owner": "analyst", "due": "2025-06-30"})
    assert len(raise_reviews_due(app.state.store)) == 1
    assert len(raise_overdue(app.state.store)) >= 1
    return case_id


def test_the_inbox_filters_by_kind_and_state_and_counts(app, login, case_text: str) -> None:  # type: ignore[no-untyped-def]
    _two_alerts(app, login, case_text)
    analyst, csrf = _browser_login(app, "analyst")
    inbox = analyst.get("/alerts").text
    assert "2 open and 2 unread" in _text(inbox)
    assert re.search(r'href="/alerts">Alerts <span class="count">2<span class="visually-hidden"> unread', inbox)
    assert "Review due (1 open)" in inbox and "Condition overdue (1 open)" in inbox
    only = analyst.get("/alerts?kind=engagement.review_due").text
    kinds = re.findall(r'<span class="hint">([a-z_.]+)</span></td>', only)
    assert kinds == ["engagement.review_due"], kinds
    alert_id = re.search(r'action="/alerts/(\d+)/ack"', only)
    assert alert_id is not None
    done = analyst.post(f"/alerts/{alert_id[1]}/ack", follow_redirects=False, data={
        "csrf_token": csrf, "back": "/alerts?kind=engagement.review_due"})
    assert done.status_code == 303 and done.headers["location"] == "/alerts?kind=engagement.review_due"
    assert "Nothing open here" in _text(analyst.get("/alerts?kind=engagement.review_due").text)
    every = analyst.get("/alerts?show=all&kind=engagement.review_due").text
    assert "Acknowledged by analyst" in every
    # a return address elsewhere is not followed
    other = re.search(r'action="/alerts/(\d+)/ack"', analyst.get("/alerts").text)
    assert other is not None
    away = analyst.post(f"/alerts/{other[1]}/read", follow_redirects=False, data={
        "csrf_token": csrf, "back": "https://example.org/alerts"})
    assert away.status_code == 303 and away.headers["location"] == "/alerts"


def test_an_acknowledgement_made_meanwhile_is_refused_on_the_inbox(app, login, case_text: str) -> None:  # type: ignore[no-untyped-def]
    _two_alerts(app, login, case_text)
    first, first_csrf = _browser_login(app, "analyst")
    second, second_csrf = _browser_login(app, "admin")
    alert_id = re.search(r'action="/alerts/(\d+)/ack"', first.get("/alerts?kind=condition.overdue").text)
    assert alert_id is not None
    assert first.post(f"/alerts/{alert_id[1]}/ack", follow_redirects=False, data={
        "csrf_token": first_csrf}).status_code == 303
    refused = second.post(f"/alerts/{alert_id[1]}/ack", follow_redirects=False, data={
        "csrf_token": second_csrf, "back": "/alerts?kind=condition.overdue&show=all"})
    assert refused.status_code == 409
    text = _text(refused.text)
    assert "Not acknowledged: alert" in text and "already acknowledged by analyst" in text
    assert "Acknowledged by analyst" in text  # the inbox as it now is, with the filter kept
    assert 'option value="condition.overdue" selected' in refused.text


def test_engagements_filter_by_state_and_by_something_due(app, login, case_text: str) -> None:  # type: ignore[no-untyped-def]
    case_id = _two_alerts(app, login, case_text)  # active, review due and an obligation overdue
    analyst, _ = _browser_login(app, "analyst")

    def listed(query: str) -> list[str]:
        return re.findall(r'<td data-label="Case"><a href="/engagements/(CASE-[0-9-]+)">',
                          analyst.get(f"/engagements{query}").text)

    assert listed("") == [case_id]
    assert listed("?state=active") == [case_id] and listed("?due=true") == [case_id]
    suspended = analyst.get("/engagements?state=suspended").text
    assert listed("?state=suspended") == [] and "No engagement suspended" in _text(suspended)
    assert 'option value="suspended" selected' in suspended
    assert listed("?state=nonsense") == [case_id]  # an unknown state is the default list, not an error
