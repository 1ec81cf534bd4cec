"""``hrdd engagements due|list|show`` on the embedded SQLite database."""

import datetime as dt
import json

from click.testing import CliRunner

from hrdd.cli import cli
from hrdd.services import engagements, post_sale
from hrdd.services.review import add_condition
from hrdd.services.store import get_store
from hrdd.settings import get_settings
from tests.services.engagement_fixtures import ANALYST, approved_case


def test_due_list_and_show() -> None:
    store = get_store(get_settings())
    case_id = approved_case(store, "medium")
    quiet = approved_case(store, "low")
    engagements.activate(store, ANALYST, case_id, "C-1", dt.date(2025, 1, 15), None, "Contract signed")
    engagements.activate(store, ANALYST, quiet, "C-2", dt.date.today(), None, "Contract signed")
    add_condition(store, ANALYST, case_id, "audit_rights", "ana", dt.date(2025, 3, 1))
    post_sale.request_transition(store, ANALYST, case_id, "suspend", "Credible report of misuse")
    runner = CliRunner()
    due = runner.invoke(cli, ["engagements", "due", "--format", "json"])
    assert due.exit_code == 0, due.output
    (line,) = json.loads(due.output)["engagements"]
    assert (line["case_id"], line["review_due"], line["overdue_conditions"], line["pending_requests"]) == (
        case_id, True, 1, 1)
    listed = runner.invoke(cli, ["engagements", "list"]).output.splitlines()
    assert [row.split("\t")[0] for row in listed] == [case_id, quiet]  # what is due first
    assert "REVIEW DUE 2026-01-15" in listed[0]
    shown = runner.invoke(cli, ["engagements", "show", case_id])
    assert shown.exit_code == 0, shown.output
    assert "reviewed every 12 months" in shown.output and "OVERDUE" in shown.output
    assert "[ ] remote_access_revoked" in shown.output
    missing = runner.invoke(cli, ["engagements", "show", "CASE-1999-0001"])
    assert missing.exit_code != 0 and "CASE-1999-0001" in missing.output
