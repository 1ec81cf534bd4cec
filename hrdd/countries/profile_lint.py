"""Lint of the surveillance-law profiles: their flags must agree with their own text.

Each rule names a contradiction a reviewer would catch (issue 12: the Brazil profile said
``surveillance_without_oversight: applies: false`` while its own text described warrantless
access through loopholes and only partial judicial authorisation):

* judicial authorisation ``no`` but ``surveillance_without_oversight`` does not apply;
* ``surveillance_without_oversight`` does not apply although judicial authorisation is not
  ``yes`` and no oversight body is named;
* a category that does not apply whose note describes warrantless access, circumvention or
  loopholes;
* a category that applies whose note says nothing was found;
* a guarantee (notification, necessity and proportionality, remedy, transparency) answered
  ``yes`` whose reason denies it, or ``no`` whose reason says the law requires it;
* a guarantee left ``unknown`` whose reason does not say it was not established.
"""

import re
from pathlib import Path
from typing import Any

from hrdd.catalog.parse import parse_yaml
from hrdd.exc import Problem

PROFILES = Path(__file__).resolve().parent.parent / "catalogs" / "countries" / "laws"
_UNCHECKED = re.compile(r"warrantless|without (?:a )?(?:warrant|court order|judicial)|circumvent|loophole", re.IGNORECASE)
_NOTHING = re.compile(r"^No\b.*\bfound\b", re.IGNORECASE)
_DENIES = re.compile(r"\b(?:no|not|never|without|none)\b[^.;]{0,40}?\b(?:notif|inform|remed|redress|complain|publish|"
                     r"public|proportion|necess)", re.IGNORECASE)
_AFFIRMS = re.compile(r"\b(?:must|shall|is required to|are required to|is obliged to|obliges)\b[^.;]{0,30}?"
                      r"\b(?:notif|inform|publish|report)", re.IGNORECASE)


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
    problems += _guarantee_problems(data, lines, file)
    return problems


def _guarantee_problems(data: dict[str, Any], lines: dict[tuple[str | int, ...], int], file: str) -> list[Problem]:
    problems: list[Problem] = []
    guarantees = data.get("guarantees")
    if not isinstance(guarantees, dict):
        return problems
    for gid, item in guarantees.items():
        if not isinstance(item, dict):
            continue
        value, reason = item.get("value"), str(item.get("reason") or "")
        field = f"guarantees.{gid}.value"
        line = lines.get(("guarantees", gid, "value"), lines.get(("guarantees", gid)))
        if value == "yes" and _DENIES.search(reason):
            problems.append(Problem(f"{gid} is 'yes' but its reason denies it: {reason[:100]}", file=file, line=line,
                                    field=field, expected="partial, no or unknown", found="yes"))
        if value == "no" and _AFFIRMS.search(reason):
            problems.append(Problem(f"{gid} is 'no' but its reason says the law requires it: {reason[:100]}",
                                    file=file, line=line, field=field, expected="yes or partial", found="no"))
        if value == "unknown" and not reason.lower().startswith("not established"):
            problems.append(Problem(f"{gid} is unknown but its reason does not say it was not established",
                                    file=file, line=lines.get(("guarantees", gid, "reason"), line), field=f"guarantees.{gid}.reason",
                                    expected="a reason starting 'Not established: ' that says why",
                                    found=reason[:100]))
    return problems


def lint_profiles(directory: Path = PROFILES) -> list[Problem]:
    problems: list[Problem] = []
    for path in sorted(directory.glob("*.yaml")):
        problems += lint_profile(path.read_text(encoding="utf-8"), f"hrdd/catalogs/countries/laws/{path.name}")
    return problems
