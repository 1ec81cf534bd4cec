"""Alerts over the API and the web inbox: who sees what, one acknowledgement under concurrency."""

from concurrent.futures import ThreadPoolExecutor

from hrdd.services.alerts import SCREENING_HIT, audience, raise_alert


def _raise(app, key: str, *roles: str) -> int:  # type: ignore[no-untyped-def]
    with app.state.store.transaction() as conn:
        alert = raise_alert(conn, kind=SCREENING_HIT, case_id=None, subject=key, dedupe_key=key,
                            title=f"alert {key}", to=audience(*roles),
                            explanation={"score": 0.9, "threshold": 0.7, "explanation": "name_match 0.90",
                                         "algorithm": "test", "list_version": "x v2", "change": "added"})
    assert alert is not None
    return alert


def test_each_role_sees_its_alerts_and_only_those(app, login) -> None:  # type: ignore[no-untyped-def]
    for_analysts = _raise(app, "a", "analyst", "approver")
    for_admins = _raise(app, "b", "admin")
    seen = {role: [a["id"] for a in login(role).get("/api/alerts").json()["alerts"]]
            for role in ("analyst", "approver", "admin", "auditor")}
    assert seen == {"analyst": [for_analysts], "approver": [for_analysts],
                    "admin": [for_admins, for_analysts], "auditor": [for_admins, for_analysts]}
    analyst = login("analyst")
    assert analyst.post(f"/api/alerts/{for_admins}/ack").status_code == 404  # not addressed to analysts
    body = analyst.get("/api/alerts").json()
    assert body["unread"] == 1 and body["alerts"][0]["read"] is False
    assert analyst.post(f"/api/alerts/{for_analysts}/read").status_code == 200
    assert analyst.get("/api/alerts").json()["unread"] == 0
    assert login("approver").get("/api/alerts").json()["unread"] == 1  # read marks are per user
    assert login("auditor").post(f"/api/alerts/{for_analysts}/ack").status_code == 403


def test_concurrent_acknowledgements_one_wins(app, login) -> None:  # type: ignore[no-untyped-def]
    alert = _raise(app, "c", "analyst")
    sessions = [login("analyst") if i % 2 else login("analyst2") for i in range(8)]
    with ThreadPoolExecutor(8) as pool:
        codes = list(pool.map(lambda s: s.post(f"/api/alerts/{alert}/ack").status_code, sessions))
    assert sorted(codes) == [200] + [409] * 7
    audit = login("auditor").get("/api/audit").json()
    entries = audit.get("entries", audit)
    assert len([e for e in entries if e["action"] == "alert.ack"]) == 1


def test_web_inbox_lists_and_acknowledges(app, login) -> None:  # type: ignore[no-untyped-def]
    alert = _raise(app, "d", "analyst")
    analyst = login("analyst")
    page = analyst.get("/alerts")
    assert page.status_code == 200 and "alert d" in page.text and "1 open and 1 unread in your inbox" in page.text
    assert "<script" not in page.text
    csrf = analyst.csrf
    done = analyst.client.post(f"/alerts/{alert}/ack", data={"csrf_token": csrf}, follow_redirects=False)
    assert done.status_code == 303
    after = analyst.get("/alerts").text  # the inbox shows what is open: the acknowledged one has gone
    assert "alert d" not in after and 'href="/alerts?show=all"' in after
    assert "Acknowledged by analyst" in analyst.get("/alerts", params={"show": "all"}).text
