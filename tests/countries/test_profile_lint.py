"""The law-profile lint: flags agree with their text (runs on every shipped profile in CI)."""

from hrdd.countries.profile_lint import lint_profile, lint_profiles

# the Brazil profile as it was before method v2 fixed it (issue 12): the flag contradicted the text
OLD_BRAZIL = """country: BR
judicial_authorisation:
  value: partial
  reason: Interception needs a court order, but loopholes give warrantless access to metadata.
oversight_body: null
laws:
  - category: surveillance_without_oversight
    applies: false
    note: Interception requires court authorisation; the concern is circumvention in practice.
  - category: social_scoring
    applies: true
    note: No social-scoring system found in the sources consulted.
"""


def test_every_shipped_profile_agrees_with_its_text() -> None:
    assert lint_profiles() == []


def test_the_old_brazil_profile_fails_the_lint_at_the_offending_lines() -> None:
    problems = lint_profile(OLD_BRAZIL, "BR.yaml")
    assert [(p.line, p.field) for p in problems] == [(8, "laws[0].applies"), (8, "laws[0].applies"),
                                                    (11, "laws[1].applies")]
    assert "no oversight body" in problems[0].message and "circumvention" in problems[1].message
    assert "nothing was found" in problems[2].message


def test_a_consistent_profile_passes() -> None:
    fixed = OLD_BRAZIL.replace("applies: false\n    note: Interception", "applies: true\n    note: Interception")
    fixed = fixed.replace("applies: true\n    note: No social", "applies: false\n    note: No social")
    assert lint_profile(fixed, "BR.yaml") == []


GUARANTEES = """country: XX
judicial_authorisation:
  value: "yes"
oversight_body: {name: Board}
guarantees:
  notification:
    value: "yes"
    reason: "No notification is given to the person afterwards."
  necessity_proportionality:
    value: "no"
    reason: "The judge must be informed that other means failed."
  remedy:
    value: unknown
    reason: "Probably none."
  transparency:
    value: "no"
    reason: "Oversight reports are secret."
laws: []
"""


def test_a_guarantee_whose_reason_contradicts_its_value_fails_at_its_line() -> None:
    problems = lint_profile(GUARANTEES, "XX.yaml")
    assert [(p.line, p.field) for p in problems] == [
        (7, "guarantees.notification.value"), (10, "guarantees.necessity_proportionality.value"),
        (14, "guarantees.remedy.reason")]
    assert "denies it" in problems[0].message and "requires it" in problems[1].message
    assert "not established" in problems[2].message


def test_consistent_guarantees_pass() -> None:
    fixed = (GUARANTEES.replace('value: "yes"\n    reason: "No notification', 'value: "no"\n    reason: "No notification')
             .replace("The judge must be informed that other means failed.", "Interception needs no test of need.")
             .replace("Probably none.", "Not established: no source found."))
    assert lint_profile(fixed, "XX.yaml") == []
