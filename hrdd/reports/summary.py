"""The terminal summary ``hrdd assess CASE.yaml`` prints: plain text that reads without colour.

Levels and the recommendation are words in capitals, not colours. Report text comes from
user input, so control characters (terminal escape sequences included) are removed before
printing.
"""

import re
import textwrap
from collections.abc import Mapping
from typing import Any

from hrdd.reports.view import build_view

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SPACE = re.compile(r"\s+")


def _clean(value: object) -> str:
    return _SPACE.sub(" ", _CONTROL.sub("", str(value))).strip()


class _Text:
    def __init__(self, width: int) -> None:
        self.width = width
        self.lines: list[str] = []

    def line(self, value: str = "") -> None:
        self.lines.append(value)

    def para(self, value: str, first: str = "", rest: str | None = None) -> None:
        self.lines.extend(textwrap.wrap(_clean(value), width=self.width, initial_indent=first,
                                        subsequent_indent=first if rest is None else rest,
                                        break_on_hyphens=False) or [first.rstrip()])


def _risk_line(reading: Mapping[str, Any] | None) -> str:
    if reading is None:
        return "not assessed"
    parts = [reading["level"]["label"].upper() if reading["level"] else "level not given"]
    if reading["score"] is not None:
        parts.append(f"{reading['score']:g}/100")
    position = reading["position"]
    if position is not None:
        parts.append(f"(severity {position['severity']} of 5, likelihood {position['likelihood']} of 5)")
    return " ".join(parts)


def _screening(out: _Text, screening: Mapping[str, Any]) -> None:
    out.line("Screening")
    if not screening["performed"]:
        out.para("NOT DONE. " + screening["warning"], "  ")
        return
    lists = "; ".join(f"{item['source']} as of {item['as_of']} ({item['entries']} entries)"
                      for item in screening["lists"]) or "no list named"
    out.para(f"Performed against {len(screening['lists'])} list(s): {lists}.", "  ")
    if not screening["hits"]:
        out.para("No hit at or above the threshold for the end user, its parent or the intermediaries.", "  ")
    for hit in screening["hits"]:
        topics = f"; topics {', '.join(hit['topics'])}" if hit["topics"] else ""
        out.para(f"HIT {hit['party']} \"{hit['query']}\" ~ {hit['source']} entry {hit['entry_id']} "
                 f"\"{hit['name']}\", score {hit['score']}{topics}. {hit['judgement']}.", "  ! ", "    ")
        if hit["explanation"]:
            out.para(hit["explanation"], "    ")


def render_summary(report: Mapping[str, Any], width: int = 100) -> str:
    """Recommendation, risk, top findings, conditions, open questions and screening status."""
    view = build_view(report)
    out = _Text(width)
    case = view["case"]
    out.para(f"HRDD report: {case['title']}")
    out.para(" - ".join(p for p in (f"case {case['id']}" if case["id"] else "",
                                     f"as of {case['date']}" if case["date"] else "") if p))
    out.line()
    rec = view["recommendation"]
    out.line(f"RECOMMENDATION: {rec['label'].upper()}")
    out.para(rec["meaning"], "  ")
    for reason in rec["reasons"]:
        out.para(f"- {reason}", "  ", "    ")
    out.line()
    out.line("Scope: in scope" if view["in_scope"] else "Scope: OUT OF SCOPE of the guidance's due diligence")
    for reason in view["scope_reasons"]:
        out.para(f"- {reason}", "  ", "    ")
    out.line()
    if view["hard_stops"]:
        out.line("HARD STOP" + ("S" if len(view["hard_stops"]) > 1 else ""))
        for stop in view["hard_stops"]:
            out.para(f"- {stop}", "  ", "    ")
        out.line()
    out.line(f"Inherent risk:   {_risk_line(view['inherent'])}")
    out.line(f"Residual risk:   {_risk_line(view['residual'])}")
    if view["projected"] is not None:
        out.line(f"With conditions: {_risk_line(view['projected'])}")
    if view["confidence"] is not None:
        out.line(f"Confidence:      {_clean(view['confidence']['label'])}")
    out.line()
    out.line(f"Top findings ({len(view['top_findings'])} of {len(view['findings'])})")
    if not view["top_findings"]:
        out.line("  none")
    for number, finding in enumerate(view["top_findings"], start=1):
        level = finding["level"]["label"].upper() if finding["level"] else "-"
        out.para(f"{number}. [{level}] {finding['title']}", "  ", "     ")
        if finding["explanation"]:
            out.para(finding["explanation"], "     ")
    out.line()
    out.line(f"Conditions before proceeding ({len(view['conditions'])})")
    if not view["conditions"]:
        out.line("  none")
    for condition in view["conditions"]:
        status = f" [{condition['status'].lower()}]" if condition["status"] else ""
        out.para(f"- {condition['title']}{status}", "  ", "    ")
    out.line()
    out.line(f"Open questions ({len(view['questions'])})")
    if not view["questions"]:
        out.line("  none")
    for number, question in enumerate(view["questions"], start=1):
        out.para(f"{number}. {question}", "  ", "     ")
    out.line()
    _screening(out, view["screening"])
    out.line()
    out.para(view["disclaimer"])
    return "\n".join(out.lines) + "\n"
