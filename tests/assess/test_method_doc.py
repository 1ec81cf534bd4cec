"""docs/method.md's worked example is computed by the engine, and this test keeps it in sync.

Regenerate the block after a method change with::

    python -m tests.assess.test_method_doc > /tmp/example.md   # then paste between the markers
"""

from pathlib import Path

from hrdd.assess import Assessment, assess
from hrdd.model import EndUse, EndUser, EndUserKind, Product
from hrdd.model.case import ExportClassification
from tests.assess.factory import (
    answered,
    intermediary,
    make_case,
    make_catalog,
    make_context,
    make_country,
    safeguards,
)

DOC = Path(__file__).resolve().parents[2] / "docs" / "method.md"
BEGIN, END = "<!-- worked-example:begin -->", "<!-- worked-example:end -->"


def worked_example() -> Assessment:
    case = make_case(
        title="Video analytics platform for a city police force",
        products=(Product(name="Sentinel VMS 7", capabilities=("video_analytics", "facial_recognition"),
                          features=("real_time_identification",),
                          export_classification=ExportClassification(jurisdiction="US", code="EAR99")),),
        end_user=EndUser(name="Civil Police of the State of Example", country="BR", kind=EndUserKind.GOVERNMENT,
                         sector="police"),
        end_use=EndUse(description="Search recorded footage in criminal investigations",
                       purposes=("criminal_investigation",), scale="city"),
        intermediaries=(intermediary("integrator", "false"),),
        facts=answered(end_user_record_of_misuse="false", end_use_statement_refused="false",
                       end_use_inconsistent="false", covert_features_requested="false",
                       safeguards_removal_requested="false", targeting_protected_groups="false",
                       integration_mass_surveillance="false", unusual_routing_or_payment="false",
                       intermediary_opaque="false", contract_safeguards_rejected="false",
                       secrecy_demanded="false", recent_crackdown="false", targeting_support_requested="false",
                       diversion_history="false"),
        safeguards=safeguards(human_rights_clause="agreed", audit_logging="planned"),
    )
    context = make_context(country=make_country("BR", risk=0.45, judicial="yes"))
    return assess(case, make_catalog(), context)


def render_example(a: Assessment) -> str:
    lines = [BEGIN, "", "| what | contribution | detail |", "|---|---|---|"]
    for c in a.severity.contributions:
        lines.append(f"| {c.target} | {c.value:+g} | {c.detail} |")
    lines.append(f"| **severity** | scale {a.severity.scale}, scope {a.severity.scope}, irremediability "
                 f"{a.severity.irremediability} | S = {a.severity.index:.2f} |")
    lines.append("| likelihood | 1 | base |")
    for c in a.likelihood.contributions:
        lines.append(f"| likelihood | {c.value:+g} | {c.detail} |")
    lines.append(f"| **likelihood** | L = {a.likelihood.raw:g} | shown as {a.likelihood.value} |")
    lines.append(f"| **inherent risk** | {a.inherent.score} ({a.inherent.level.value}) | "
                 f"round(100 x ({a.severity.index:.2f} x {a.likelihood.raw:g} - 1) / 24) |")
    for c in a.residual.contributions:
        lines.append(f"| residual | x {c.value:g} | {c.detail} |")
    lines.append(f"| **residual risk** | {a.residual.score} ({a.residual.level.value}) | with the safeguards as "
                 "committed |")
    for c in a.conditions:
        lines.append(f"| condition | {c.id} | {c.title}: reduction {c.reduction:g}, now {c.status} |")
    lines.append(f"| **projected** | {a.projected.score} ({a.projected.level.value}) | once the conditions are "
                 "implemented |")
    lines += ["", f"Recommendation: **{a.recommendation.value}**.", ""]
    lines += [f"- {r}" for r in a.recommendation_reasons]
    lines += ["", END]
    return "\n".join(lines)


def test_worked_example_in_method_doc_is_current() -> None:
    text = DOC.read_text(encoding="utf-8")
    start, end = text.index(BEGIN), text.index(END) + len(END)
    assert text[start:end] == render_example(worked_example()), "regenerate: python -m tests.assess.test_method_doc"


if __name__ == "__main__":
    print(render_example(worked_example()))
