"""One fact answer from a form (web, or any client that posts fields): value, reason and source.

Method v2: only ``false`` with a reason **and** a source sets catalogue evidence aside (and the
approver sees the override); a bare ``false`` does not. So a form must be able to capture both,
and this module is where they are checked, before the answer reaches the case file:

* a reason needs its source and a source needs its reason (each problem names its field);
* a reason or source needs an answer: a question not asked has nothing to justify;
* both are bounded (``TEXT_MAX`` characters) and stripped.

The web form's fields are ``fact_<id>``, ``fact_<id>_reason`` and ``fact_<id>_source``.
"""

from typing import Any

from hrdd.exc import Problem
from hrdd.model.case import Tristate
from hrdd.model.limits import TEXT_MAX

ANSWERS = ("", *(t.value for t in Tristate))  # "": not asked


def fact_answer(fact_id: str, value: str, reason: str = "", source: str = "") -> tuple[Any, list[Problem]]:
    """(what the case file says for this fact, or None when not asked; problems, each naming its field)."""
    value, reason, source = value.strip().lower(), reason.strip(), source.strip()
    field = f"fact_{fact_id}"
    problems: list[Problem] = []
    if value not in ANSWERS:
        problems.append(Problem("not an answer", field=field, expected="not asked, unknown, true or false",
                                found=repr(value[:40])))
        return None, problems
    for name, text in (("reason", reason), ("source", source)):
        if len(text) > TEXT_MAX:
            problems.append(Problem(f"the {name} is too long", field=f"{field}_{name}",
                                    expected=f"at most {TEXT_MAX} characters", found=f"{len(text)} characters"))
    if (reason or source) and not value:
        problems.append(Problem("a reason or source was given for a question not asked", field=field,
                                expected="an answer (unknown, true or false)", found="not asked"))
    elif reason and not source:
        problems.append(Problem("a reason needs the source it rests on", field=f"{field}_source",
                                expected="where the answer comes from (a document, a person, a date)", found="nothing"))
    elif source and not reason:
        problems.append(Problem("a source needs the reason it supports", field=f"{field}_reason",
                                expected="why the answer is what it is", found="nothing"))
    if problems or not value:
        return None, problems
    answer: Any = {"true": True, "false": False}.get(value, "unknown")
    if reason:
        return {"answer": answer, "reason": reason, "source": source}, []
    return answer, []
