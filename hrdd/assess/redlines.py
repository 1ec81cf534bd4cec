"""Red lines: do not proceed, whatever the safeguards (method v2).

The method's own red line: a **critical inherent severity** (severity index at least
``red_line_severity``, 4.5 by default) together with **documented misuse of the same category
of technology by this end user** (``evidence.py``). A prohibited destination (an embargo that
is a hard stop) is a hard stop in ``policy.py``. A company adds its own red lines to the policy
(``red_lines``, each a condition in the closed vocabulary of ``conditions.py``, which may also
read ``severity.index`` and ``misuse.documented_categories``).
"""

from collections.abc import Mapping

from hrdd.assess.conditions import build_view, evaluate_condition
from hrdd.assess.credit import BuyerRecord
from hrdd.assess.result import SeverityResult
from hrdd.assess.tuning import tuning_of
from hrdd.catalog.registry import Catalog
from hrdd.model import AssessmentContext, Case


def red_lines(case: Case, catalog: Catalog, context: AssessmentContext, facts: Mapping[str, str],
              severity: SeverityResult, record: BuyerRecord) -> tuple[str, ...]:
    """Every red line the case crosses, each as a sentence."""
    crossed: list[str] = []
    threshold = tuning_of(catalog).red_line_severity
    if severity.index >= threshold and record.same_category_misuse:
        crossed.append(f"critical inherent severity ({severity.index:.2f}, at least {threshold:g}) and documented "
                       f"misuse of the same category of technology ({', '.join(record.same_category_misuse)}) by "
                       "this end user: no safeguard can make this sale acceptable")
    if catalog.policy.red_lines:
        view = dict(build_view(case, catalog, context, facts))
        view["severity.index"] = round(severity.index, 4)
        view["misuse.documented_categories"] = list(record.same_category_misuse)
        for line in catalog.policy.red_lines:
            if evaluate_condition(line.when, view):
                crossed.append(f"company red line {line.id}: {line.title}. {line.explanation}")
    return tuple(crossed)
