"""Check that a report dict is one the renderers can print faithfully.

Renderers read only the report dict (``hrdd.report/1``). A report that lacks what every
reader relies on (the schema, the case title, scope, the recommendation) or carries a value
outside the contract's vocabulary is rejected with every problem listed, rather than printed
half-empty or with a guessed meaning. Optional and additive fields are never required.
"""

from collections.abc import Mapping
from typing import Any

from hrdd.exc import InvalidInput, Problem
from hrdd.reports.vocab import LEVELS, RECOMMENDATIONS

SCHEMA = "hrdd.report/1"

_LIST_FIELDS = ("steps", "findings", "red_flags", "conditions", "questions")


def _found(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _check_level(report: Mapping[str, Any], key: str, problems: list[Problem]) -> None:
    risk = report.get(key)
    if risk is None:
        return
    if not isinstance(risk, Mapping):
        problems.append(Problem("risk must be an object", field=key, expected="an object with level and score",
                                found=_found(risk)))
        return
    level = risk.get("level")
    if level is not None and level not in LEVELS:
        problems.append(Problem("unknown risk level", field=f"{key}.level", expected=" | ".join(LEVELS),
                                found=_found(level)))
    score = risk.get("score")
    if score is not None and (isinstance(score, bool) or not isinstance(score, int | float)
                              or not 0 <= score <= 100):
        problems.append(Problem("risk score out of range", field=f"{key}.score", expected="a number 0..100",
                                found=_found(score)))


def check_report(report: object) -> Mapping[str, Any]:
    """Return ``report`` if it can be rendered; raise :class:`InvalidInput` listing every problem."""
    if not isinstance(report, Mapping):
        raise InvalidInput("a report must be a JSON object",
                           [Problem("not an object", expected="an hrdd.report/1 object", found=_found(report))])
    problems: list[Problem] = []
    if report.get("schema") != SCHEMA:
        problems.append(Problem("unsupported report schema", field="schema", expected=SCHEMA,
                                found=_found(report.get("schema"))))
    case = report.get("case")
    if not isinstance(case, Mapping):
        problems.append(Problem("missing case", field="case", expected="an object with id, title and date",
                                found=_found(case)))
    elif not isinstance(case.get("title"), str) or not case["title"].strip():
        problems.append(Problem("missing case title", field="case.title", expected="a non-empty string",
                                found=_found(case.get("title"))))
    if not isinstance(report.get("in_scope"), bool):
        problems.append(Problem("scope not stated", field="in_scope", expected="true | false",
                                found=_found(report.get("in_scope"))))
    if report.get("recommendation") not in RECOMMENDATIONS:
        problems.append(Problem("unknown recommendation", field="recommendation",
                                expected=" | ".join(RECOMMENDATIONS), found=_found(report.get("recommendation"))))
    _check_level(report, "inherent_risk", problems)
    _check_level(report, "residual_risk", problems)
    for key in _LIST_FIELDS:
        if key in report and report[key] is not None and not isinstance(report[key], list | tuple):
            problems.append(Problem("must be a list", field=key, expected="a list", found=_found(report[key])))
    for index, finding in enumerate(report.get("findings") or ()):
        if not isinstance(finding, Mapping):
            problems.append(Problem("finding must be an object", field=f"findings[{index}]",
                                    expected="an object", found=_found(finding)))
        elif finding.get("level") is not None and finding.get("level") not in LEVELS:
            problems.append(Problem("unknown finding level", field=f"findings[{index}].level",
                                    expected=" | ".join(LEVELS), found=_found(finding.get("level"))))
    screening = report.get("screening")
    if screening is not None and not isinstance(screening, Mapping):
        problems.append(Problem("screening must be an object", field="screening",
                                expected="an object with performed, lists and hits", found=_found(screening)))
    if problems:
        raise InvalidInput(f"the report cannot be rendered ({len(problems)} problem(s))", problems)
    return report
