"""Lint of the surveillance-law profiles: their flags must agree with their own text.

Each rule names a contradiction a reviewer would catch (issue 12: the Brazil profile said
``surveillance_without_oversight: applies: false`` while its own text described warrantless
access through loopholes and only partial judicial authorisation):

* judicial authorisation ``no`` but ``surveillance_without_oversight`` does not apply;
* ``surveillance_without_oversight`` does not apply although judicial authorisation is not
  ``yes`` and no oversight body is named;
* a category that does not apply whose note describes warrantless access, circumvention or
  loopholes;
* a category that applies whose note says nothing was found.
"""

import re
from pathlib import Path
from typing import Any

from hrdd.catalog.parse import parse_yaml
from hrdd.exc import Problem

PROFILES = Path(__file__).resolve().parent.parent / "catalogs" / "countries" / "laws"
_UNCHECKED = re.compile(r"warrantless|without (?:a )?(?:warrant|court order|judicial)|circumvent|loophole", re.IGNORECASE)
_NOTHING = re.compile(r"^No\b.*\bfound\b", re.IGNORECASE)


def lint_profile(text: str, file: str) -> list[Problem]:
    """Every contradiction between a profile's flags and its text, located."""
    parsed = parse_yaml(text, file)
    data: Any = parsed.data
    if parsed.problems or not isinstance(data, dict):
        return parsed.problems
    lines = parsed.lines
    problems: list[Problem] = []
    judicial = (data.get("judicial_authorisation") or {}).get("value")
    laws = [law for law in data.get("laws") or [] if isinstance(law, dict)]
    for index, law in enumerate(laws):
        where = ("laws", index, "applies")
        line = lines.get(where, lines.get(("laws", index)))
        category, applies, note = law.get("category"), law.get("applies"), str(law.get("note") or "")
        if category == "surveillance_without_oversight" and applies is False:
            if judicial == "no":
                problems.append(Problem("judicial authorisation is 'no' but surveillance without oversight "
                                        "does not apply", file=file, line=line, field=f"laws[{index}].applies",
                                        expected="true", found="false"))
            elif judicial != "yes" and not data.get("oversight_body"):
                problems.append(Problem(f"judicial authorisation is {judicial!r} and no oversight body is named, "
                                        "yet surveillance without oversight does not apply", file=file, line=line,
                                        field=f"laws[{index}].applies", expected="true or null", found="false"))
        if applies is False and _UNCHECKED.search(note):
            problems.append(Problem(f"{category} does not apply, but its note describes unchecked access: "
                                    f"{note[:100]}", file=file, line=line, field=f"laws[{index}].applies",
                                    expected="true or null", found="false"))
        if applies is True and _NOTHING.search(note):
            problems.append(Problem(f"{category} applies, but its note says nothing was found", file=file,
                                    line=line, field=f"laws[{index}].applies", expected="false or null",
                                    found="true"))
    return problems


def lint_profiles(directory: Path = PROFILES) -> list[Problem]:
    problems: list[Problem] = []
    for path in sorted(directory.glob("*.yaml")):
        problems += lint_profile(path.read_text(encoding="utf-8"), f"hrdd/catalogs/countries/laws/{path.name}")
    return problems
