"""What changed between two reports (``hrdd.report/1``): a structured diff, pure.

Used by re-assessment (``hrdd.services.reassess``): the report of a case's approved decision
against the report of a re-assessment. It says whether the recommendation or a risk level moved
(``moved``), which score contributions moved which score (a red flag, a country indicator, the
severity, a safeguard), which findings and red flags changed, which documented-misuse records
and law-profile answers differ, and which versions changed; ``summary`` says the same in lines a
person reads. The diff of a report with itself is empty and ``moved`` is false.
"""

from collections.abc import Iterable, Mapping
from typing import Any

RISKS = (("inherent_risk", "inherent risk"), ("residual_risk", "residual risk"),
         ("projected_residual_risk", "residual risk with conditions"))
SCORES = (("likelihood", ("inherent_risk", "likelihood_contributions")),
          ("severity", ("inherent_risk", "severity", "contributions")),
          ("inherent risk", ("inherent_risk", "contributions")),
          ("residual risk", ("residual_risk", "contributions")))
MISUSE_FLAG = "end_user_record_of_misuse"


def _at(report: Mapping[str, Any], path: Iterable[str]) -> Any:
    value: Any = report
    for key in path:
        value = value.get(key) if isinstance(value, Mapping) else None
    return value


def _keyed(items: Any, key: str) -> dict[str, Mapping[str, Any]]:
    return {str(i[key]): i for i in items or () if isinstance(i, Mapping) and key in i}


def _risks(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[dict[str, Any]]:
    moved = []
    for key, label in RISKS:
        a, b = old.get(key) or {}, new.get(key) or {}
        if (a.get("level"), a.get("score")) != (b.get("level"), b.get("score")):
            moved.append({"risk": key, "label": label, "level_from": a.get("level"), "level_to": b.get("level"),
                          "score_from": a.get("score"), "score_to": b.get("score")})
    return moved


def _contributions(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Each factor whose part in a score changed, appeared or disappeared, by score."""
    moved = []
    for score, path in SCORES:
        a, b = _keyed(_at(old, path), "factor"), _keyed(_at(new, path), "factor")
        for factor in sorted(set(a) | set(b)):
            before, after = a.get(factor), b.get(factor)
            value_from = before.get("value") if before else None
            value_to = after.get("value") if after else None
            if value_from != value_to:
                moved.append({"score": score, "factor": factor, "from": value_from, "to": value_to,
                              "detail": (after or before or {}).get("detail", "")})
    return moved


def _flags(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[dict[str, Any]]:
    a, b = _keyed(old.get("red_flags"), "id"), _keyed(new.get("red_flags"), "id")
    moved = []
    for fid in sorted(set(a) | set(b)):
        before, after = a.get(fid) or {}, b.get(fid) or {}
        fields = ("status", "likelihood", "source")
        if any(before.get(f) != after.get(f) for f in fields):
            moved.append({"id": fid, "title": (after or before).get("title", fid),
                          **{f"{f}_from": before.get(f) for f in fields}, **{f"{f}_to": after.get(f) for f in fields},
                          "explanation": after.get("explanation", "")})
    return moved


def _findings(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[dict[str, Any]]:
    a, b = _keyed(old.get("findings"), "id"), _keyed(new.get("findings"), "id")
    moved = []
    for fid in sorted(set(a) | set(b)):
        before, after = a.get(fid), b.get(fid)
        change = "added" if before is None else "removed" if after is None else \
            "level" if before.get("level") != after.get("level") else None
        if change:
            moved.append({"id": fid, "title": (after or before or {}).get("title", fid), "change": change,
                          "level_from": before.get("level") if before else None,
                          "level_to": after.get("level") if after else None})
    return moved


def _misuse_records(report: Mapping[str, Any]) -> dict[str, str]:
    """The documented-misuse records the report cites as evidence (value -> source)."""
    (flag,) = [f for f in report.get("red_flags") or () if f.get("id") == MISUSE_FLAG] or [{}]
    return {str(e.get("value")): str(e.get("source")) for e in flag.get("evidence") or ()
            if flag.get("source") != "analyst" and not str(e.get("source", "")).startswith(("case file",
                                                                                            "post-sale signal"))}


def _set_change(a: Mapping[str, Any], b: Mapping[str, Any]) -> dict[str, list[str]]:
    return {"added": sorted(set(b) - set(a)), "removed": sorted(set(a) - set(b))}


def _indicators(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[dict[str, Any]]:
    a = _keyed(_at(old, ("country", "figures")), "key")
    b = _keyed(_at(new, ("country", "figures")), "key")
    moved = []
    for key in sorted(set(a) | set(b)):
        before, after = a.get(key) or {}, b.get(key) or {}
        if (before.get("value"), before.get("year")) != (after.get("value"), after.get("year")):
            moved.append({"key": key, "label": (after or before).get("label", key), "from": before.get("value"),
                          "to": after.get("value"), "year_from": before.get("year"), "year_to": after.get("year"),
                          "source": (after or before).get("source")})
    return moved


def _law_profile(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[dict[str, Any]]:
    a, b = old.get("country") or {}, new.get("country") or {}
    moved = []
    if a.get("judicial_authorisation") != b.get("judicial_authorisation"):
        moved.append({"item": "judicial_authorisation", "from": a.get("judicial_authorisation"),
                      "to": b.get("judicial_authorisation")})
    laws_a, laws_b = _keyed(a.get("laws"), "category"), _keyed(b.get("laws"), "category")
    for category in sorted(set(laws_a) | set(laws_b)):
        before, after = laws_a.get(category) or {}, laws_b.get(category) or {}
        if (before.get("applies"), before.get("law")) != (after.get("applies"), after.get("law")):
            moved.append({"item": f"law:{category}", "from": before.get("applies"), "to": after.get("applies"),
                          "law": after.get("law") or before.get("law") or ""})
    return moved


def _versions(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[dict[str, Any]]:
    def flat(report: Mapping[str, Any]) -> dict[str, Any]:
        versions = report.get("versions") or {}
        found = {k: v for k, v in versions.items() if k != "data"}
        found.update({f"data:{k}": v for k, v in (versions.get("data") or {}).items()})
        return found
    a, b = flat(old), flat(new)
    return [{"name": k, "from": a.get(k), "to": b.get(k)} for k in sorted(set(a) | set(b)) if a.get(k) != b.get(k)]


def diff_reports(old: Mapping[str, Any], new: Mapping[str, Any]) -> dict[str, Any]:
    """The structured diff of two reports of the same case (old first)."""
    recommendation = None
    if old.get("recommendation") != new.get("recommendation"):
        recommendation = {"from": old.get("recommendation"), "to": new.get("recommendation")}
    risks = _risks(old, new)
    diff: dict[str, Any] = {
        "recommendation": recommendation,
        "risks": risks,
        "contributions": _contributions(old, new),
        "red_flags": _flags(old, new),
        "findings": _findings(old, new),
        "misuse_records": _set_change(_misuse_records(old), _misuse_records(new)),
        "indicators": _indicators(old, new),
        "law_profile": _law_profile(old, new),
        "versions": _versions(old, new),
    }
    diff["moved"] = recommendation is not None or any(r["level_from"] != r["level_to"] for r in risks)
    diff["summary"] = summary_lines(diff)
    return diff


def _label(value: Any) -> str:
    return "—" if value is None else str(value).replace("_", " ")


def summary_lines(diff: Mapping[str, Any]) -> list[str]:
    """The diff in plain lines, most important first."""
    lines = []
    if diff["recommendation"]:
        lines.append(f"Recommendation: {_label(diff['recommendation']['from'])} → {_label(diff['recommendation']['to'])}")
    for r in diff["risks"]:
        lines.append(f"{r['label'].capitalize()}: {_label(r['level_from'])} {_label(r['score_from'])} → "
                     f"{_label(r['level_to'])} {_label(r['score_to'])}")
    for c in diff["contributions"]:
        lines.append(f"{c['factor']} moved the {c['score']}: {_label(c['from'])} → {_label(c['to'])} ({c['detail']})")
    for f in diff["red_flags"]:
        lines.append(f"Red flag {f['title']}: {_label(f['status_from'])} → {_label(f['status_to'])} "
                     f"(source {_label(f['source_to'] or f['source_from'])})")
    for f in diff["findings"]:
        what = {"added": "new", "removed": "gone"}.get(f["change"],
                                                       f"{_label(f['level_from'])} → {_label(f['level_to'])}")
        lines.append(f"Finding {f['title']}: {what}")
    for record in diff["misuse_records"]["added"]:
        lines.append(f"Misuse record now cited: {record}")
    for record in diff["misuse_records"]["removed"]:
        lines.append(f"Misuse record no longer cited: {record}")
    for i in diff["indicators"]:
        lines.append(f"Indicator {i['label']}: {_label(i['from'])} ({_label(i['year_from'])}) → "
                     f"{_label(i['to'])} ({_label(i['year_to'])})")
    for item in diff["law_profile"]:
        lines.append(f"Law profile {item['item']}: {_label(item['from'])} → {_label(item['to'])}")
    for v in diff["versions"]:
        lines.append(f"Version {v['name']}: {_label(v['from'])} → {_label(v['to'])}")
    return lines
