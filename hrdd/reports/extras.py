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


def view_contributions(value: object) -> list[dict[str, str]]:
    """Each scoring contribution: what fired, its points or weight, and why."""
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
