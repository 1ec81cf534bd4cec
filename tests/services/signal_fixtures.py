"""A decided case for post-sale tests: created, assessed (without screening), proposed and approved."""

from hrdd.services import cases, review
from hrdd.services.approval import approval_brief
from hrdd.services.permissions import Actor, Role
from hrdd.settings import Settings
from hrdd.store import Store
from tests.services.rescreen_fixtures import case_text

ANALYST = Actor("ana", Role.ANALYST)
APPROVER = Actor("appr", Role.APPROVER)


def approved_case(store: Store, settings: Settings, text: str | None = None) -> str:
    """A case approved on its assessed revision 1 (every blocking warning justified)."""
    case_id = cases.create_case(store, ANALYST, text or case_text()).id
    cases.assess_stored_case(store, ANALYST, case_id, settings=settings, screen=False)
    proposal = review.propose_decision(store, ANALYST, case_id, "proceed_with_conditions",
                                       "Proceed on the conditions of the report.")
    codes = [w.code for w in approval_brief(store, APPROVER, case_id, settings).warnings]
    review.resolve_decision(store, APPROVER, proposal.id, True, "Approved on the conditions.", settings=settings,
                            justifications={c: f"Weighed by the approver in this test ({c})" for c in codes})
    return case_id
