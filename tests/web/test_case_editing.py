"""Editing a case in the browser, step by step: every example survives a round trip through
the forms unchanged; a save is a revision with its reason; a stale form is explained and
keeps what the user typed; errors name the form's labels; a frozen case offers the reopen."""

import re
from html.parser import HTMLParser
from pathlib import Path

from fastapi.testclient import TestClient

from hrdd.casefile.yamlpos import load_with_lines
from hrdd.web.stepdefs import STEPS
from tests.web.test_pages import _browser_login

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples").glob("*.yaml"))


class _FormReader(HTMLParser):
    """What a browser would submit from the step form, untouched: every named input with its
    value, checked boxes and radios only, the selected option of each select."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: list[tuple[str, str]] = []
        self._select: str | None = None
        self._textarea: str | None = None
        self._text = ""
        self._in_form = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("method") == "post" and "/edit/" in a.get("action", "") and "reopen" not in a.get(
                "action", ""):
            self._in_form = True
        if not self._in_form:
            return
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            self.fields.append((a["name"], a.get("value", "")))
        elif tag == "select":
            self._select = a.get("name")
        elif tag == "option" and self._select is not None and "selected" in a:
            self.fields.append((self._select, a.get("value", "")))
        elif tag == "textarea":
            self._textarea, self._text = a.get("name"), ""

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self.fields.append((self._textarea, self._text.removeprefix("\n")))
            self._textarea = None
        elif tag == "form":
            self._in_form = False


def form_fields(html: str) -> list[tuple[str, str]]:
    reader = _FormReader()
    reader.feed(html)
    return reader.fields


def _set(fields: list[tuple[str, str]], name: str, value: str) -> list[tuple[str, str]]:
    found = [(k, value if k == name else v) for k, v in fields]
    return found if any(k == name for k, _ in fields) else [*found, (name, value)]


def _post(fields: list[tuple[str, str]], **extra: str) -> dict[str, list[str]]:
    """Form fields as the test client sends them (a name may repeat: checkboxes)."""
    data: dict[str, list[str]] = {}
    for name, value in [*fields, *extra.items()]:
        data.setdefault(name, []).append(value)
    return data


def _create(client: TestClient, csrf: str, text: str) -> str:
    created = client.post("/cases/new", data={"csrf_token": csrf, "case_text": text}, follow_redirects=False)
    assert created.status_code == 303, created.text
    return str(created.headers["location"]).removeprefix("/cases/")


def _case_text(client: TestClient, case_id: str) -> str:
    response = client.get(f"/api/cases/{case_id}")
    assert response.status_code == 200
    return str(response.json()["case_text"])


def _data(text: str) -> object:
    return load_with_lines(text, "case")[0]


def _submit_unchanged(client: TestClient, case_id: str, step_id: str, reason: str = "checking nothing changes",
                      go: str = "next") -> object:
    page = client.get(f"/cases/{case_id}/edit/{step_id}")
    assert page.status_code == 200, page.text
    fields = _set(form_fields(page.text), "reason", reason)
    return client.post(f"/cases/{case_id}/edit/{step_id}", data=_post(fields, go=go), follow_redirects=False)


def test_every_example_survives_the_step_forms_unchanged(app) -> None:  # type: ignore[no-untyped-def]
    """Load each example, render every step, submit it as it is: the case is the same."""
    client, csrf = _browser_login(app, "analyst")
    for example in EXAMPLES:
        text = example.read_text(encoding="utf-8")
        case_id = _create(client, csrf, text)
        for step in STEPS:
            saved = _submit_unchanged(client, case_id, step.id)
            assert saved.status_code == 303, (example.name, step.id, saved.text)  # type: ignore[attr-defined]
        assert _data(_case_text(client, case_id)) == _data(text), example.name
        revisions = client.get(f"/api/cases/{case_id}/revisions").json()["revisions"]
        assert len(revisions) == 1, f"{example.name}: an unchanged page made a new revision"


def _tag(html: str) -> str:
    found = re.search(r'name="revision_tag" value="([^"]+)"', html)
    assert found, "the form has no revision field"
    return found[1]


def _described_by(html: str, field_id: str) -> list[str]:
    found = re.search(rf'<(?:input|select|textarea|fieldset)[^>]*id="{field_id}"[^>]*>', html)
    assert found, f"no field {field_id}"
    described = re.search(r'aria-describedby="([^"]*)"', found[0])
    return described[1].split() if described else []


def test_a_save_is_a_revision_with_its_reason_shown_in_the_history(app, case_text: str) -> None:  # type: ignore[no-untyped-def]
    client, csrf = _browser_login(app, "analyst")
    case_id = _create(client, csrf, case_text)
    page = client.get(f"/cases/{case_id}/edit/country")
    fields = _set(form_fields(page.text), "end_user.country", "Saudi Arabia")
    refused = client.post(f"/cases/{case_id}/edit/country", data=_post(fields, go="stay"))
    assert refused.status_code == 422 and "Reason for this change" in refused.text
    assert "f-reason-error" in _described_by(refused.text, "f-reason")
    assert 'value="Saudi Arabia"' in refused.text, "what the user typed is kept"
    fields = _set(fields, "reason", "buyer confirmed the ministry is in Riyadh")
    saved = client.post(f"/cases/{case_id}/edit/country", data=_post(fields, go="stay"), follow_redirects=False)
    assert saved.status_code == 303 and saved.headers["location"] == f"/cases/{case_id}/edit/country"
    assert "as revision 2" in client.get(saved.headers["location"]).text
    history = client.get(f"/cases/{case_id}/history").text
    revisions = client.get(f"/api/cases/{case_id}/revisions").json()["revisions"]
    assert [r["reason"] for r in revisions] == ["created", "buyer confirmed the ministry is in Riyadh"]
    for r in revisions:
        assert r["sha256"] in history and r["author"] in history
    # the diff of the two revisions names the field by its label, with both values
    diff = client.get(f"/cases/{case_id}/history?old=1&new=2").text
    row = re.search(r'<th scope="row">End user&#39;s country</th><td>([^<]*)</td><td>([^<]*)</td>', diff)
    assert row is not None, diff
    assert row[2] == "Saudi Arabia" and row[1] != row[2]
    assert "end_user.country" not in diff.split("<details>")[0], "the readable diff uses labels, not file paths"


def test_a_stale_form_is_explained_and_keeps_what_the_user_typed(app, case_text: str) -> None:  # type: ignore[no-untyped-def]
    first, first_csrf = _browser_login(app, "analyst")
    second, _ = _browser_login(app, "admin")
    case_id = _create(first, first_csrf, case_text)
    opened = first.get(f"/cases/{case_id}/edit/end_user").text  # the analyst opens the page at revision 1
    # meanwhile the admin changes the country and the end user's name
    for step, name, value in (("country", "end_user.country", "Egypt"), ("end_user", "end_user.parent", "Cabinet")):
        page = second.get(f"/cases/{case_id}/edit/{step}").text
        fields = _set(_set(form_fields(page), name, value), "reason", f"admin corrects the {step}")
        assert second.post(f"/cases/{case_id}/edit/{step}", data=_post(fields, go="stay"),
                           follow_redirects=False).status_code == 303
    mine = _set(_set(form_fields(opened), "end_user.government_ties", "Run by the interior ministry"),
                "reason", "analyst adds the government ties")
    stale = first.post(f"/cases/{case_id}/edit/end_user", data=_post(mine, go="stay"))
    assert stale.status_code == 409
    text = stale.text
    assert "Someone else saved this case" in text and "not saved yet" in text
    assert "Revision 2 saved by <strong>admin</strong>" in text and "admin corrects the country" in text
    assert "End user&#39;s country" in text and "Egypt" in text
    assert "Parent body" in text and "Changed by someone else since you opened this page" in text
    assert "Run by the interior ministry" in text, "the user's input is kept"
    assert _tag(text) != _tag(opened), "the kept form can now be saved on top of the current revision"
    assert _data(_case_text(first, case_id))["end_user"].get("government_ties", "") == ""  # type: ignore[index]
    # saving the kept form again applies the analyst's page on top of the admin's revisions
    resaved = first.post(f"/cases/{case_id}/edit/end_user", data=_post(form_fields(text), go="stay"),
                         follow_redirects=False)
    assert resaved.status_code == 303, resaved.text
    end_user = _data(_case_text(first, case_id))["end_user"]  # type: ignore[index]
    assert end_user["country"] == "Egypt" and end_user["government_ties"] == "Run by the interior ministry"
    # the parent body, which the analyst left as it was, keeps the admin's change
    assert end_user["parent"] == "Cabinet"


def test_errors_stand_next_to_their_fields_in_the_labels_words(app, case_text: str) -> None:  # type: ignore[no-untyped-def]
    client, csrf = _browser_login(app, "analyst")
    case_id = _create(client, csrf, case_text)
    page = client.get(f"/cases/{case_id}/edit/scope").text
    fields = _set(_set(_set(form_fields(page), "seller.country", "Atlantis"), "products[0].name", ""),
                  "reason", "trying wrong values")
    response = client.post(f"/cases/{case_id}/edit/scope", data=_post(fields, go="stay"))
    assert response.status_code == 422
    text = response.text
    summary = text[text.index('id="errors-heading"'):text.index("</section>", text.index('id="errors-heading"'))]
    assert "Seller&#39;s country</a>: unknown country" in summary and "Atlantis" in summary
    assert "Product 1: Product name</a>: this is required" in summary
    assert "seller.country" not in summary and "products[0]" not in summary, "no internal field names"
    for field_id in ("f-seller-country", "f-products-0-name"):
        assert f"{field_id}-error" in _described_by(text, field_id)
        assert f'id="{field_id}-error"' in text
    assert 'value="Atlantis"' in text
    # a problem on another page is listed with a link to that page
    fields = _set(form_fields(client.get(f"/cases/{case_id}/edit/end_user").text), "reason", "a wrong identifier")
    fields = _set(_set(fields, "end_user.identifiers.rows", "1"), "end_user.identifiers[0].key", "lei")
    response = client.post(f"/cases/{case_id}/edit/end_user", data=_post(fields, go="stay"))
    assert response.status_code == 422 and "give both the kind of identifier and its value" in response.text


def test_rows_are_added_and_removed_without_javascript(app, case_text: str) -> None:  # type: ignore[no-untyped-def]
    client, csrf = _browser_login(app, "analyst")
    case_id = _create(client, csrf, case_text)
    fields = form_fields(client.get(f"/cases/{case_id}/edit/third_parties").text)
    rows = int(dict(fields)["intermediaries.rows"])
    added = client.post(f"/cases/{case_id}/edit/third_parties", data=_post(fields, add="intermediaries"))
    assert added.status_code == 200 and f'id="f-intermediaries-{rows}-name"' in added.text
    assert len(client.get(f"/api/cases/{case_id}/revisions").json()["revisions"]) == 1, "adding a row saves nothing"
    fields = _set(_set(_set(form_fields(added.text), f"intermediaries[{rows}].name", "Example Freight FZE"),
                       f"intermediaries[{rows}].role", "freight_forwarder"), "reason", "a forwarder was named")
    assert client.post(f"/cases/{case_id}/edit/third_parties", data=_post(fields, go="stay"),
                       follow_redirects=False).status_code == 303
    parties = _data(_case_text(client, case_id))["intermediaries"]  # type: ignore[index]
    assert parties[-1] == {"name": "Example Freight FZE", "role": "freight_forwarder"}
    fields = form_fields(client.get(f"/cases/{case_id}/edit/third_parties").text)
    removed = client.post(f"/cases/{case_id}/edit/third_parties", data=_post(fields, remove=f"intermediaries:{rows}"))
    assert removed.status_code == 200 and "Example Freight FZE" not in removed.text
    fields = _set(form_fields(removed.text), "reason", "the forwarder dropped out")
    assert client.post(f"/cases/{case_id}/edit/third_parties", data=_post(fields, go="stay"),
                       follow_redirects=False).status_code == 303
    assert len(_data(_case_text(client, case_id))["intermediaries"]) == rows  # type: ignore[index]


def test_a_frozen_case_says_it_must_be_reopened_and_offers_it_to_an_approver(app, case_text: str) -> None:  # type: ignore[no-untyped-def]
    analyst, csrf = _browser_login(app, "analyst")
    case_id = _create(analyst, csrf, case_text)
    kept = _set(_set(form_fields(analyst.get(f"/cases/{case_id}/edit/end_use").text), "end_use.description",
                     "Typed before the approval"), "reason", "refining the end use")
    assert analyst.post(f"/cases/{case_id}/assess", data={"csrf_token": csrf}).status_code == 200
    page = analyst.get(f"/cases/{case_id}").text
    assert analyst.post(f"/cases/{case_id}/decisions", follow_redirects=False, data={
        "csrf_token": csrf, "revision_tag": _tag(page), "outcome": "escalate", "rationale": "As assessed"}
    ).status_code == 303
    approver, approver_csrf = _browser_login(app, "approver")
    page = approver.get(f"/cases/{case_id}/approval").text
    decision = re.search(r'action="/decisions/(\d+)/resolve"', page)
    assert decision is not None
    justifications = {f"justification_{code}": f"Weighed and accepted: {code}"
                      for code in re.findall(r'name="justification_(\w+)"', page)}
    assert approver.post(f"/decisions/{decision[1]}/resolve", follow_redirects=False, data={
        "csrf_token": approver_csrf, "revision_tag": _tag(page), "approve": "1", "note": "Agreed with the analyst",
        **justifications}).status_code == 303
    # the analyst's form from before the approval: refused, explained, input kept, no reopen for an analyst
    refused = analyst.post(f"/cases/{case_id}/edit/end_use", data=_post(kept, go="stay"))
    assert refused.status_code == 409
    assert "approved and frozen" in refused.text and "Typed before the approval" in refused.text
    assert "Reopen the case" not in refused.text and "An approver or an administrator can reopen it" in refused.text
    # the approver is offered the reopen action on the edit page and uses it
    offered = approver.get(f"/cases/{case_id}/edit/end_use")
    assert offered.status_code == 200 and "Reopen the case" in offered.text
    reopened = approver.post(f"/cases/{case_id}/edit/end_use/reopen", follow_redirects=False, data={
        "csrf_token": approver_csrf, "revision_tag": _tag(offered.text), "reason": "the end use must be refined"})
    assert reopened.status_code == 303
    page = analyst.get(f"/cases/{case_id}/edit/end_use").text
    assert "cannot be edited now" not in page
    fields = _set(_set(form_fields(page), "end_use.description", "Typed after the reopening"), "reason",
                  "refining the end use")
    assert analyst.post(f"/cases/{case_id}/edit/end_use", data=_post(fields, go="stay"),
                        follow_redirects=False).status_code == 303
