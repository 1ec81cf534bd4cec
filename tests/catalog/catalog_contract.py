"""Read the ids of the contract (shared/spec/case-format.md) from the markdown itself."""

import re
from pathlib import Path

import pytest

HERE = Path(__file__).resolve()


def case_format() -> str:
    for parent in HERE.parents:
        candidate = parent / "shared" / "spec" / "case-format.md"
        if candidate.is_file():
            return candidate.read_text(encoding="utf-8")
    pytest.skip("shared/spec/case-format.md not found beside the project")


def section(markdown: str, heading: str) -> str:
    """The text under a ``###`` heading that starts with ``heading``, up to the next heading."""
    match = re.search(rf"^#+ {re.escape(heading)}.*?$(.*?)(?=^#+ |\Z)", markdown, re.MULTILINE | re.DOTALL)
    assert match, f"section {heading!r} not found in case-format.md"
    return match.group(1)


def ticked(text: str) -> list[str]:
    return re.findall(r"`([a-z][a-z0-9_]*)`", text)


def table_rows(text: str) -> list[list[str]]:
    rows = []
    for line in text.splitlines():
        if line.startswith("|") and not re.match(r"^\|[-| ]+\|$", line):
            rows.append([cell.strip() for cell in line.strip("|").split("|")])
    return rows[1:]  # without the header row


def capability_ids() -> dict[str, str]:
    """capability id -> the category heading of its row (e.g. "biometric identification")."""
    rows = table_rows(section(case_format(), "Capability ids"))
    return {cap: row[0] for row in rows for cap in ticked(row[1])}


def feature_ids() -> list[str]:
    return ticked(section(case_format(), "Feature ids"))


def _bullet(text: str, key: str) -> str:
    match = re.search(rf"^- `{key}`:(.*?)(?=^- |\Z)", text, re.MULTILINE | re.DOTALL)
    assert match, f"bullet {key!r} not found"
    return match.group(1)


def end_user_kinds() -> list[str]:
    return ticked(_bullet(section(case_format(), "End user"), "kind"))


def sector_ids() -> list[str]:
    return ticked(_bullet(section(case_format(), "End user"), "sector"))


def purpose_ids() -> list[str]:
    return ticked(section(case_format(), "Purpose ids"))


def intermediary_roles() -> list[str]:
    return [r for r in ticked(section(case_format(), "Intermediary roles")) if r != "government_ties"]


def fact_questions() -> dict[str, str]:
    rows = table_rows(section(case_format(), "Fact ids"))
    return {ticked(row[0])[0]: row[1] for row in rows}


def safeguard_kinds() -> dict[str, str]:
    rows = table_rows(section(case_format(), "Safeguard ids"))
    return {sid: row[0].split()[0] for row in rows for sid in ticked(row[1])}


def step_ids() -> list[str]:
    text = case_format()
    match = re.search(r"`steps` has one entry.*?ids:(.*?)(?=^- )", text, re.MULTILINE | re.DOTALL)
    assert match, "step ids not found"
    return ticked(match.group(1))


def scale_ids() -> list[str]:
    match = re.search(r"scale: \w+\s+# optional: ([a-z |]+)", case_format())
    assert match, "scales not found"
    return [s.strip() for s in match.group(1).split("|")]


def transaction_kinds() -> list[str]:
    match = re.search(r"kind: \w+\s+# ([a-z |]+)\n", section(case_format(), "Case file"))
    assert match, "transaction kinds not found"
    return [s.strip() for s in match.group(1).split("|")]
