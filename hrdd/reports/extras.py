"""Views of the additive report fields: confidence, contributions, country figures, versions.

None of these is required by ``hrdd.report/1``; each view returns ``None`` or an empty list
when the field is absent, and the templates then leave the section out or say "not given".
"""

from collections.abc import Mapping
from typing import Any

from hrdd.reports.vocab import humanise, text


def _fmt_number(value: object) -> str:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return text(value)
    return f"{value:g}" if isinstance(value, float) else str(value)


def view_confidence(value: object) -> dict[str, Any] | None:
    """``{"label", "reasons"}`` from a level string, a 0..1 number or an object."""
    if value is None:
        return None
    if isinstance(value, Mapping):
        parts = [humanise(text(value.get("level"))) if value.get("level") else ""]
        score = value.get("score")
        if isinstance(score, int | float) and not isinstance(score, bool):
            parts.append(f"{score:.0%}" if 0 <= score <= 1 else _fmt_number(score))
        reasons = value.get("reasons") or value.get("unknowns") or []
        return {"label": " ".join(p for p in parts if p) or "Not given",
                "reasons": [text(r) for r in reasons] if isinstance(reasons, list | tuple) else [text(reasons)]}
    if isinstance(value, float) and 0 <= value <= 1:
        return {"label": f"{value:.0%}", "reasons": []}
    return {"label": humanise(text(value)), "reasons": []}


def _contribution_rows(value: object) -> list[dict[str, str]]:
    if not isinstance(value, list | tuple):
        return []
    out = []
    for item in value:
        if not isinstance(item, Mapping):
            continue
        out.append({
            "id": text(item.get("factor") or item.get("rule_id") or item.get("id") or item.get("rule")),
            "kind": text(item.get("target") or item.get("kind")),
            "score": _fmt_number(next((item[k] for k in ("value", "points", "score") if k in item), None)),
            "weight": _fmt_number(item.get("weight")),
            "detail": text(item.get("detail") or item.get("explanation")),
        })
    return out


def _at(report: Mapping[str, Any], *path: str) -> object:
    node: object = report
    for key in path:
        if not isinstance(node, Mapping):
            return None
        node = node.get(key)
    return node


# Where a report may keep the contributions behind its scores, and how each group is titled.
CONTRIBUTION_GROUPS: tuple[tuple[str, tuple[str, ...], tuple[str, ...] | None], ...] = (
    ("Contributions", ("contributions",), None),
    ("Severity (scale, scope, irremediability)", ("inherent_risk", "severity", "contributions"), None),
    ("Likelihood", ("inherent_risk", "likelihood_contributions"), None),
    ("Inherent score", ("inherent_risk", "contributions"), ("inherent_risk", "formula")),
    ("Residual score", ("residual_risk", "contributions"), ("residual_risk", "formula")),
    ("Projected residual score", ("projected_residual_risk", "contributions"), ("projected_residual_risk", "formula")),
)


def view_contributions(report: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Each score's contributions, grouped by the score they built, with its formula."""
    groups = []
    for title, path, formula in CONTRIBUTION_GROUPS:
        rows = _contribution_rows(_at(report, *path))
        if rows:
            groups.append({"title": title, "rows": rows,
                           "formula": text(_at(report, *formula)) if formula else "",
                           "weighted": any(row["weight"] for row in rows)})
    return groups


def _view_figure(fig: Mapping[str, Any]) -> dict[str, str]:
    return {
        "label": text(fig.get("label") or fig.get("key")),
        "key": text(fig.get("key")),
        "value": "missing" if fig.get("value") is None else _fmt_number(fig.get("value")),
        "scale": text(fig.get("scale")),
        "year": text(fig.get("year")) or "not given",
        "source": text(fig.get("source")) or "not given",
        "licence": text(fig.get("licence")),
        "url": text(fig.get("url")),
    }


def _view_law(law: Mapping[str, Any]) -> dict[str, str]:
    applies = law.get("applies")
    if applies is None:
        reading = "Not verified"
    elif isinstance(applies, bool):
        reading = "Applies" if applies else "Does not apply"
    else:
        reading = humanise(text(applies))
    if applies is not None and law.get("verified") is False:
        reading += " (not verified)"
    name = text(law.get("law"))
    if name and law.get("year") is not None:
        name = f"{name} ({text(law.get('year'))})"
    return {
        "category": text(law.get("title") or law.get("category_title")) or humanise(text(law.get("category"))),
        "applies": reading,
        "law": "; ".join(part for part in (name, text(law.get("note"))) if part) or "-",
        "source_url": text(law.get("source_url") or law.get("url")),
    }


def view_country(value: object) -> dict[str, Any] | None:
    """Country name, overall risk, figures with year and source, law profile."""
    if not isinstance(value, Mapping):
        return None
    risk = value.get("risk")
    figures = [_view_figure(f) for f in value.get("figures") or () if isinstance(f, Mapping)]
    sub_scores = [
        {"label": text(s.get("label") or s.get("key")),
         "risk": "missing" if s.get("risk") is None else _fmt_number(s.get("risk")),
         "figures": ", ".join(text(f) for f in s.get("figures") or ()), "method": text(s.get("method"))}
        for s in value.get("sub_scores") or () if isinstance(s, Mapping)
    ]
    facts = [(label, text(value.get(key))) for key, label in (
        ("judicial_authorisation", "Prior judicial authorisation of interception"),
        ("oversight_body", "Oversight body"),
        ("data_protection_law", "Data-protection law"),
        ("risk_method", "How the country risk is computed"),
        ("profile_source", "Law profile source"),
        ("profile_as_of", "Law profile as of"),
    ) if value.get(key) not in (None, "")]
    return {
        "code": text(value.get("code")),
        "name": text(value.get("name")) or text(value.get("code")),
        "risk": "not computed (no data)" if risk is None else _fmt_number(risk),
        "trend": _fmt_number(value.get("trend")) if value.get("trend") is not None else "",
        "figures": figures,
        "sub_scores": sub_scores,
        "facts": [{"label": label, "value": val} for label, val in facts],
        "laws": [_view_law(law) for law in value.get("laws") or () if isinstance(law, Mapping)],
        "guarantees": [_view_guarantee(g) for g in value.get("guarantees") or () if isinstance(g, Mapping)],
    }


def _view_guarantee(item: Mapping[str, Any]) -> dict[str, str]:
    """One guarantee of the law profile: what it is, the reading, why, and the cited source with its date."""
    value = text(item.get("value"))
    reading = {"unknown": "not established"}.get(value, value)
    if value != "unknown" and not item.get("verified"):
        reading += " (not verified)"
    source = text(item.get("source_url"))
    return {
        "category": humanise(text(item.get("category"))),
        "value": reading,
        "reason": "; ".join(part for part in (text(item.get("law")), text(item.get("reason"))) if part) or "-",
        "source_url": source,
        "checked": text(item.get("checked")),
    }


def view_versions(value: object, prefix: str = "") -> list[dict[str, str]]:
    """Nested version mapping flattened to sorted ``name: value`` rows."""
    if not isinstance(value, Mapping):
        return []
    rows: list[dict[str, str]] = []
    for key in sorted(value, key=str):
        name = f"{prefix}{key}"
        item = value[key]
        if isinstance(item, Mapping):
            rows.extend(view_versions(item, prefix=f"{name}."))
        else:
            rows.append({"name": name, "value": text(item)})
    return rows
