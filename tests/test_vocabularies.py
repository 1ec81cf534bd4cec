"""One of each (issue #12 item 11): every closed vocabulary is defined once and read everywhere else.

A vocabulary is defined by one symbol: a ``StrEnum`` of the domain model, a ``Literal`` type, or
the ids of a catalogue kind (YAML data). Any other collection in ``hrdd/`` that spells every
value of a vocabulary (a tuple, list, set, ``Literal[...]`` or the keys of a dict literal) is a
second definition, and this test names it by file and line. Two ways to refer to a vocabulary
are not definitions: deriving it (``tuple(Enum)``, ``get_args(Literal)``, a catalogue lookup),
and a dict of labels or weights whose type annotation names the vocabulary (``dict[Effect,
str]``), since mypy then checks every key against the one definition. Keys that are enum
members (``{Recommendation.PROCEED: ...}``) are references, not spellings. Migrations are left
out: each keeps the values as they were when it ran, by design.
"""

import ast
import enum
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import import_module
from pathlib import Path
from typing import get_args

import pytest

from hrdd.casefile.load import parse_case
from hrdd.catalog import default_catalog
from hrdd.catalog.loader import load_catalog
from hrdd.exc import CatalogError, InvalidInput
from hrdd.model import EndUserKind

PACKAGE = Path(__file__).resolve().parent.parent / "hrdd"
SKIP = ("store/migrations/",)

# (module, symbol): the one definition of each vocabulary
DEFINED: tuple[tuple[str, str], ...] = (
    ("hrdd.model.types", "RiskLevel"),
    ("hrdd.model.types", "Recommendation"),
    ("hrdd.model.case", "Tristate"),
    ("hrdd.model.case", "SafeguardStatus"),
    ("hrdd.model.case", "TransactionKind"),
    ("hrdd.model.case", "EndUserKind"),
    ("hrdd.model.grievance", "GrievanceState"),
    ("hrdd.model.lifecycle", "State"),
    ("hrdd.model.screening", "Verdict"),
    ("hrdd.catalog.spec", "StepId"),
    ("hrdd.catalog.spec", "CapabilityCategory"),
    ("hrdd.catalog.spec", "Jurisdiction"),
    ("hrdd.catalog.spec", "RightId"),
    ("hrdd.catalog.spec", "EmbargoRegime"),
    ("hrdd.catalog.spec", "Provenance"),
    ("hrdd.model.signal", "SignalResponse"),
    ("hrdd.model.types", "Grade"),
    ("hrdd.catalog.conditions", "ConditionField"),
    ("hrdd.catalog.spec", "KINDS"),  # the kinds of catalogue file
    ("hrdd.catalog.spec", "Enforcer"),
    ("hrdd.model.country", "Oversight"),
    ("hrdd.model.country", "GuaranteeValue"),
    ("hrdd.assess.result", "LeverageLevel"),
    ("hrdd.model.misuse", "SourceQuality"),
    ("hrdd.model.misuse", "Outcome"),
    ("hrdd.countries.misuse_spec", "PrimaryKind"),
    ("hrdd.assess.legal", "Effect"),
    ("hrdd.assess.result", "InvolvementMode"),
    ("hrdd.assess.result", "Escalation"),
)
# catalogue kinds whose ids are a vocabulary (their one definition is the YAML file)
CATALOGUE_KINDS = ("facts", "derived_flags", "end_user_kinds", "sectors", "purposes", "scales", "steps",
                   "capabilities", "features", "safeguards", "intermediary_roles", "rights")


@dataclass(frozen=True)
class Vocabulary:
    name: str
    values: frozenset[str]
    home: str | None  # file (relative to hrdd/) of the defining symbol; None: catalogue data


def _values(symbol: object) -> frozenset[str]:
    if isinstance(symbol, type) and issubclass(symbol, enum.Enum):
        return frozenset(str(m.value) for m in symbol)
    if isinstance(symbol, dict):
        return frozenset(symbol)
    return frozenset(str(a) for a in get_args(symbol))


@cache
def vocabularies() -> tuple[Vocabulary, ...]:
    found = [Vocabulary(symbol, _values(getattr(import_module(module), symbol)),
                        module.removeprefix("hrdd.").replace(".", "/") + ".py") for module, symbol in DEFINED]
    catalog = default_catalog()
    typed = {v.values for v in found}
    # a catalogue kind whose ids the engine's code names (steps, rights, end-user kinds) is typed once in
    # code and its file is checked against that type at load (catalog/checks.py check_coverage)
    found += [Vocabulary(f"catalogue {kind}", ids, None) for kind in CATALOGUE_KINDS
              if (ids := frozenset(getattr(catalog, kind))) not in typed]
    return tuple(found)


def _spelled(node: ast.AST) -> list[str] | None:
    """The string constants a collection node spells, if it is all strings."""
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        elts: list[ast.expr | None] = list(node.elts)
    elif isinstance(node, ast.Dict):
        elts = list(node.keys)
    elif isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) and node.value.id == "Literal":
        elts = list(node.slice.elts) if isinstance(node.slice, ast.Tuple) else [node.slice]
    else:
        return None
    if len(elts) < 2 or not all(isinstance(e, ast.Constant) and isinstance(e.value, str) for e in elts):
        return None
    return [e.value for e in elts if isinstance(e, ast.Constant)]


def _collections(tree: ast.AST) -> Iterator[tuple[ast.AST, str, str]]:
    """(collection node, annotation text, name defined) for every string collection of a module."""
    seen: set[int] = set()
    for node in ast.walk(tree):  # the tuple inside Literal[...] is part of the Literal
        if isinstance(node, ast.Subscript) and _spelled(node) is not None:
            seen.add(id(node.slice))
    for node in ast.walk(tree):
        if isinstance(node, (ast.Assign, ast.AnnAssign)):
            annotation = ast.unparse(node.annotation) if isinstance(node, ast.AnnAssign) else ""
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            name = targets[0].id if isinstance(targets[0], ast.Name) else ""
            for sub in ast.walk(node.value) if node.value is not None else ():
                if _spelled(sub) is not None and id(sub) not in seen:
                    seen.add(id(sub))
                    yield sub, annotation, name
    for node in ast.walk(tree):
        if _spelled(node) is not None and id(node) not in seen:
            seen.add(id(node))
            yield node, "", ""


def second_definitions(path: Path, relative: str) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    offenders: list[str] = []
    for node, annotation, name in _collections(tree):
        spelled = frozenset(_spelled(node) or ())
        for vocab in vocabularies():
            if not vocab.values <= spelled:
                continue
            if relative == vocab.home and name == vocab.name:
                continue  # the definition itself
            if annotation and any(other.name in annotation and vocab.values <= other.values
                                  for other in vocabularies() if other.home is not None):
                continue  # a mapping typed by the vocabulary (or one that contains it): mypy checks its keys
            offenders.append(f"hrdd/{relative}:{getattr(node, 'lineno', 0)} spells {vocab.name} again "
                             f"({', '.join(sorted(vocab.values))})")
    return offenders


def _sources() -> list[Path]:
    return [p for p in sorted(PACKAGE.rglob("*.py")) if not any(s in p.as_posix() for s in SKIP)]


def test_every_vocabulary_is_defined_once() -> None:
    offenders = [o for path in _sources() for o in second_definitions(path, path.relative_to(PACKAGE).as_posix())]
    assert not offenders, "\n".join(offenders)


@pytest.mark.parametrize("module,symbol", DEFINED)
def test_each_definition_is_where_the_registry_says(module: str, symbol: str) -> None:
    values = _values(getattr(import_module(module), symbol))
    assert len(values) >= 2


def test_a_second_definition_is_caught(tmp_path: Path) -> None:
    sample = tmp_path / "x.py"
    sample.write_text('LABELS = {"proceed": "P", "proceed_with_conditions": "C", "escalate": "E", '
                      '"do_not_proceed": "D"}\nFLAGS = ("unknown", "true", "false")\n'
                      'TYPED: dict[Effect, str] = {"prohibited": "", "review": "", "not_applicable": ""}\n'
                      'ok = ("true", "false")\n')
    found = second_definitions(sample, "reports/x.py")
    assert [line.split(" spells ")[1].split(" ")[0] for line in found] == ["Recommendation", "Tristate"]


def test_a_catalogue_kind_the_engine_names_may_not_add_ids(tmp_path: Path) -> None:
    overlay = tmp_path / "overlay.yaml"
    overlay.write_text("""kind: end_user_kinds
items:
  - {id: militia, title: Militia, in_scope: true, likelihood: 0.5, explanation: "An armed group.",
     citations: [state2020.definitions]}
""", encoding="utf-8")
    with pytest.raises(CatalogError) as err:
        load_catalog([overlay])
    [problem] = [p for p in err.value.problems if "does not know" in p.message]
    assert problem.file == "end_user_kinds.yaml" and problem.found == "militia"
    assert problem.expected == ", ".join(k.value for k in EndUserKind)


def test_a_case_file_scale_is_read_from_the_catalogue() -> None:
    text = Path("examples/05-body-cameras-police-gb.yaml").read_text(encoding="utf-8")
    assert "scale: region" in text
    with pytest.raises(InvalidInput) as err:
        parse_case(text.replace("scale: region", "scale: regional"), default_catalog(), source="case.yaml")
    [problem] = err.value.problems
    assert problem.field == "end_use.scale" and problem.found == "'regional'" and problem.suggestion == "region"
