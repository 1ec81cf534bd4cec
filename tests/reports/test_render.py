"""Golden files, determinism and the renderer registry."""

import json
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from hrdd.exc import InvalidInput
from hrdd.reports.render import (
    MEDIA_TYPES,
    RENDERERS,
    SUFFIXES,
    render,
    render_html,
    render_json,
    render_markdown,
    render_summary,
)

Report = dict[str, Any]
Golden = Callable[[str, str | bytes], None]


@pytest.mark.parametrize("fmt", ["json", "md", "html"])
def test_output_matches_golden_file(named_report: tuple[str, Report], fmt: str, golden: Golden) -> None:
    name, report = named_report
    golden(f"{name}{SUFFIXES[fmt]}", RENDERERS[fmt](report))


def test_summary_matches_golden_file(named_report: tuple[str, Report], golden: Golden) -> None:
    name, report = named_report
    golden(f"{name}.summary.txt", render_summary(report))


@pytest.mark.parametrize("renderer", [render_json, render_markdown, render_html, render_summary])
def test_same_report_gives_same_bytes(named_report: tuple[str, Report], renderer: Callable[[Report], str],
                                      fresh: Callable[[Report], Report]) -> None:
    _, report = named_report
    first = renderer(report).encode("utf-8")
    assert renderer(fresh(report)).encode("utf-8") == first


def test_json_is_canonical(escalate: Report) -> None:
    out = render_json(escalate)
    assert out.endswith("}\n") and not out.endswith("\n\n")
    assert json.loads(out) == escalate
    # sorted keys at every level and 2-space indentation
    assert out == json.dumps(escalate, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    assert out.splitlines()[1].startswith('  "')


def test_json_keeps_non_ascii_text_and_ignores_key_order(escalate: Report) -> None:
    escalate["case"]["title"] = "Vidéo-analyse pour la police – São Paulo"
    shuffled = dict(reversed(list(escalate.items())))
    out = render_json(shuffled)
    assert "Vidéo-analyse pour la police – São Paulo" in out
    assert out == render_json(escalate)


def test_json_writes_dates_as_iso_and_rejects_nan(escalate: Report, fresh: Callable[[Report], Report]) -> None:
    dated = fresh(escalate)
    dated["case"]["date"] = date(2026, 11, 29)
    assert '"date": "2026-11-29"' in render_json(dated)
    escalate["inherent_risk"]["weight"] = float("nan")
    with pytest.raises(InvalidInput, match="JSON cannot carry"):
        render_json(escalate)


def test_registry_names_the_four_formats() -> None:
    assert set(RENDERERS) == {"json", "md", "html", "pdf"}
    assert set(MEDIA_TYPES) == set(RENDERERS) == set(SUFFIXES)


def test_unknown_format_is_a_clear_error(escalate: Report) -> None:
    with pytest.raises(InvalidInput) as info:
        render(escalate, "docx")
    problem = info.value.problems[0]
    assert problem.field == "format" and problem.found == "'docx'" and "html" in (problem.expected or "")


def test_render_dispatches_by_format(escalate: Report) -> None:
    assert render(escalate, "md") == render_markdown(escalate)
