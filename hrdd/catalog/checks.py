"""Cross-file checks: every reference resolves, conditions are well-formed, weights are coherent.

The schema pass (pydantic) checks one item at a time; these checks need the whole catalogue.
Each returns problems located at the file and line of the offending field, with a
"did you mean …?" suggestion for a near-miss id.
"""

import difflib
import itertools
from collections.abc import Iterable, Iterator
from typing import Any, get_args

from hrdd.catalog.loader import Entry
from hrdd.catalog.spec import (
    Capability,
    Clause,
    DerivedFlag,
    Embargo,
    ExitStep,
    Fact,
    Framework,
    FrameworkClause,
    Item,
    LawCategory,
    Policy,
    RightId,
    Safeguard,
    SignalKind,
    Step,
    StepId,
    Term,
)
from hrdd.exc import Problem
from hrdd.model.case import EndUserKind, SafeguardStatus
from hrdd.model.types import RISK_LEVELS

Entries = dict[str, dict[str, Entry]]
LEVELS: tuple[str, ...] = tuple(RISK_LEVELS)


def _problem(entry: Entry, message: str, *path: str | int, **extra: Any) -> Problem:
    from hrdd.catalog.parse import dotted

    return Problem(message, file=entry.source.file, line=entry.source.line_of(*path),
                   item=_key(entry), field=dotted(tuple(path)) or None, **extra)


def _key(entry: Entry) -> str:
    model: Any = entry.model
    return str(model.step if isinstance(model, Step) else model.id)


def _suggest(value: str, known: Iterable[str]) -> str | None:
    close = difflib.get_close_matches(value, list(known), n=1, cutoff=0.6)
    return close[0] if close else None


def _unresolved(entry: Entry, value: str, known: Iterable[str], what: str,
                *path: str | int) -> Problem:
    return _problem(entry, f"unknown {what} {value!r}", *path, expected=f"a {what} id",
                    found=value, suggestion=_suggest(value, known))


def _all(entries: Entries) -> Iterator[Entry]:
    for items in entries.values():
        yield from valid(items)


def valid(items: dict[str, Entry]) -> list[Entry]:
    """The entries that passed their schema (the others are already reported)."""
    return [e for e in items.values() if e.valid]


def clause_ids(entries: Entries) -> set[str]:
    return {c.id for e in valid(entries["frameworks"]) if isinstance(e.model, Framework)
            for c in e.model.clauses}


def check_framework_clauses(entries: Entries) -> list[Problem]:
    seen: dict[str, str] = {}
    problems = []
    for entry in valid(entries["frameworks"]):
        assert isinstance(entry.model, Framework)
        for i, clause in enumerate(entry.model.clauses):
            if clause.id in seen:
                problems.append(_problem(entry, f"clause id {clause.id!r} is already used by framework "
                                         f"{seen[clause.id]!r}", "clauses", i, "id"))
            seen[clause.id] = entry.model.id
    return problems


def check_citations(entries: Entries) -> list[Problem]:
    known = clause_ids(entries)
    problems = []
    for entry in _all(entries):
        fields: list[tuple[str, tuple[str, ...]]] = []
        if isinstance(entry.model, Item | Policy):
            fields.append(("citations", entry.model.citations))
        if isinstance(entry.model, Step):
            fields += [(f, getattr(entry.model, f)) for f in ("ungp", "oecd", "eu_2024_2659", "dihr")]
        for name, values in fields:
            for i, cid in enumerate(values):
                if cid not in known:
                    problems.append(_unresolved(entry, cid, known, "framework clause", name, i))
    return problems


def _check_refs(entry: Entry, name: str, values: Iterable[str], known: set[str],
                what: str) -> list[Problem]:
    return [_unresolved(entry, v, known, what, name, i) for i, v in enumerate(values) if v not in known]


def check_references(entries: Entries) -> list[Problem]:
    safeguards = set(entries["safeguards"])
    addressable = set(entries["capabilities"]) | set(entries["features"]) | set(entries["facts"]) | set(
        entries["derived_flags"])
    problems: list[Problem] = []
    for entry in _all(entries):
        model = entry.model
        if isinstance(model, Fact | DerivedFlag):
            problems += _check_refs(entry, "mitigated_by", model.mitigated_by, safeguards, "safeguard")
        if isinstance(model, Safeguard):
            problems += _check_refs(entry, "addresses", model.addresses, addressable,
                                    "capability, feature, fact or derived flag")
            problems += _check_not_for_covert(entry, model, entries)
        if isinstance(model, LawCategory):
            problems += _check_refs(entry, "capabilities_of_concern", model.capabilities_of_concern,
                                    set(entries["capabilities"]), "capability")
        if isinstance(model, Policy):
            problems += _check_refs(entry, "escalate_on_unknown", model.escalate_on_unknown,
                                    set(entries["facts"]), "fact")
        if isinstance(model, Capability):
            problems += check_tailoring(entry, model, entries)
        if isinstance(model, SignalKind):
            problems += _check_refs(entry, "flags", model.flags, set(entries["facts"]), "fact (red flag)")
        if isinstance(model, Embargo):
            problems += _check_refs(entry, "capabilities", model.capabilities, set(entries["capabilities"]),
                                    "capability")
            problems += check_regions(entry, model)
        if isinstance(model, ExitStep):
            problems += _check_refs(entry, "clauses", model.clauses, set(entries["clauses"]), "clause")
        if isinstance(model, Fact) and model.hard_stop and not model.red_flag:
            problems.append(_problem(entry, "a hard-stop fact must be a red flag", "red_flag",
                                     expected="true", found="false"))
    return problems


# taking the covert mode away from an inherently covert capability (spyware, IMSI catchers, covert
# recorders) leaves another product: it is not tailoring, and crediting it would let a seller of
# spyware lower its risk by a quarter with a word. The case declares the capability the product has.
NOT_FOR_COVERT = "no_covert_mode"
_COVERT_WHY = "an inherently covert capability without its covert mode is another product, not a tailored one"


def _covert(entries: Entries, cid: str) -> bool:
    found = entries["capabilities"].get(cid)
    return found is not None and found.valid and isinstance(found.model, Capability) and found.model.covert


def _check_not_for_covert(entry: Entry, safeguard: Safeguard, entries: Entries) -> list[Problem]:
    if safeguard.id != NOT_FOR_COVERT:
        return []
    return [_problem(entry, f"{NOT_FOR_COVERT} cannot address {cid}: {_COVERT_WHY}", "addresses", i,
                     expected="a capability that is not covert, a feature or a red flag", found=cid)
            for i, cid in enumerate(safeguard.addresses) if _covert(entries, cid)]


def check_tailoring(entry: Entry, capability: Capability, entries: Entries) -> list[Problem]:
    """Each tailoring option of a capability is a product safeguard of the catalogue, and an inherently
    covert capability is not offered "no covert mode"."""
    problems = []
    for i, option in enumerate(capability.tailoring):
        if capability.covert and option.safeguard == NOT_FOR_COVERT:
            problems.append(_problem(entry, f"{NOT_FOR_COVERT} is not a tailoring option of a covert capability: "
                                     f"{_COVERT_WHY}", "tailoring", i, "safeguard", found=NOT_FOR_COVERT))
        found = entries["safeguards"].get(option.safeguard)
        if found is None:
            problems.append(_unresolved(entry, option.safeguard, entries["safeguards"], "safeguard",
                                        "tailoring", i, "safeguard"))
        elif found.valid and isinstance(found.model, Safeguard) and found.model.kind != "product":
            problems.append(_problem(entry, f"tailoring option {option.safeguard!r} is a {found.model.kind} safeguard",
                                     "tailoring", i, "safeguard", expected="a product safeguard"))
    return problems


def check_regions(entry: Entry, embargo: Embargo) -> list[Problem]:
    """A regional embargo names territories of its own country, as rigour codes them."""
    from rigour.territories import get_territory

    problems = []
    for i, code in enumerate(embargo.regions):
        found = get_territory(code)
        if found is None or found.parent is None or found.parent.code != embargo.country.lower():
            problems.append(_problem(entry, f"{code!r} is not a territory of {embargo.country}", "regions", i,
                                     expected="a rigour territory code within the country, e.g. ua-cri",
                                     found=code))
    return problems


def scope_covers(scope: Iterable[str], ref: str) -> bool:
    """Whether ``kind:id`` is covered by a clause scope of ``kind:id``, ``kind:prefix*`` or ``*``."""
    return any(pattern == "*" or pattern == ref or (pattern.endswith("*") and ref.startswith(pattern[:-1]))
               for pattern in scope)


def check_citation_scope(entries: Entries) -> list[Problem]:
    """A clause that states its scope is cited only for what it covers; a binding one must state it.

    EAR § 742.13, for instance, is authority for surreptitious listening devices (ECCN 5A980),
    not for lawful interception systems; its scope says so, and a citation outside it fails.
    """
    clauses: dict[str, tuple[FrameworkClause, bool]] = {}
    problems: list[Problem] = []
    for entry in valid(entries["frameworks"]):
        assert isinstance(entry.model, Framework)
        for i, clause in enumerate(entry.model.clauses):
            clauses[clause.id] = (clause, entry.model.binding)
            if entry.model.binding and not clause.scope:
                problems.append(_problem(entry, f"clause {clause.id!r} of a binding instrument needs a scope",
                                         "clauses", i, "scope", expected="kind:id patterns it is authority for"))
    for entry in _all(entries):
        model = entry.model
        if isinstance(model, Framework) or not isinstance(model, Item | Policy):
            continue
        ref = f"{entry.kind}:{_key(entry)}"
        for i, cid in enumerate(model.citations):
            found = clauses.get(cid)
            if found is not None and found[0].scope and not scope_covers(found[0].scope, ref):
                problems.append(_problem(
                    entry, f"{found[0].label} does not cover what it is cited for here: {found[0].summary}",
                    "citations", i, expected=f"a clause whose scope covers {ref}",
                    found=f"{cid} (scope: {', '.join(found[0].scope)})"))
    return problems


def check_clauses(entries: Entries) -> list[Problem]:
    problems: list[Problem] = []
    clauses = entries["clauses"]
    for entry in valid(entries["safeguards"]):
        model = entry.model
        assert isinstance(model, Safeguard)
        if model.clause is None:
            if model.kind == "contract":
                problems.append(_problem(entry, "a contract safeguard needs a model clause", "clause",
                                         expected="a clause id from clauses.yaml"))
            continue
        if model.clause not in clauses:
            problems.append(_unresolved(entry, model.clause, clauses, "clause", "clause"))
            continue
        if not clauses[model.clause].valid:
            continue
        clause = clauses[model.clause].model
        assert isinstance(clause, Clause)
        if clause.safeguard != model.id:
            problems.append(_problem(entry, f"clause {model.clause!r} belongs to safeguard "
                                     f"{clause.safeguard!r}", "clause", expected=model.id))
    for entry in valid(clauses):
        assert isinstance(entry.model, Clause)
        if entry.model.safeguard not in entries["safeguards"]:
            problems.append(_unresolved(entry, entry.model.safeguard, entries["safeguards"], "safeguard",
                                        "safeguard"))
    return problems


def check_policy(entries: Entries) -> list[Problem]:
    policies = list(entries["policy"].values())
    if any(not e.valid for e in policies):
        return []
    if len(policies) != 1:
        files = ", ".join(e.source.file for e in policies) or "none found"
        return [Problem("the catalogue needs exactly one policy item", file="policy.yaml",
                        expected="1", found=f"{len(policies)} ({files})")]
    entry = policies[0]
    policy = entry.model
    assert isinstance(policy, Policy)
    problems = []
    t = policy.level_thresholds
    if not 0 < t[0] < t[1] < t[2] <= 100:
        problems.append(_problem(entry, "level thresholds must rise strictly within 1..100",
                                 "level_thresholds", expected="0 < medium < high < critical <= 100",
                                 found=str(list(t))))
    factors = policy.status_factor
    if set(factors) != set(SafeguardStatus):
        problems.append(_problem(entry, "status_factor needs planned, agreed and implemented",
                                 "status_factor", found=str(sorted(factors))))
    elif not 0 <= factors[SafeguardStatus.PLANNED] < factors[SafeguardStatus.AGREED] < factors[SafeguardStatus.IMPLEMENTED] <= 1:
        problems.append(_problem(entry, "status factors must rise: planned < agreed < implemented, in 0..1",
                                 "status_factor", found=str(dict(factors))))
    if LEVELS.index(policy.appetite) >= LEVELS.index(policy.escalate_at):
        problems.append(_problem(entry, "escalate_at must be above the appetite", "escalate_at",
                                 expected=f"a level above {policy.appetite}", found=policy.escalate_at))
    cycle = {str(level): months for level, months in policy.review_months.items()}
    if set(cycle) != set(LEVELS):
        problems.append(_problem(entry, "review_months needs a number of months for every level", "review_months",
                                 expected=", ".join(LEVELS), found=", ".join(sorted(cycle))))
    elif any(cycle[a] < cycle[b] for a, b in itertools.pairwise(LEVELS)):
        problems.append(_problem(entry, "review_months must not grow with the risk: a higher level is reviewed "
                                 "at least as often", "review_months", found=str(dict(cycle))))
    return problems


def check_coverage(entries: Entries) -> list[Problem]:
    """Kinds whose ids the engine's code names (the ten steps, the eight rights, the four end-user kinds) are
    typed once in code; their catalogue file explains exactly those ids, no fewer and no more."""
    problems = []
    typed: tuple[tuple[str, tuple[str, ...]], ...] = (
        ("steps", get_args(StepId)), ("rights", get_args(RightId)),
        ("end_user_kinds", tuple(k.value for k in EndUserKind)))
    for kind, required in typed:
        missing = [r for r in required if r not in entries[kind]]
        if missing:
            problems.append(Problem(f"{kind} is missing required ids", file=f"{kind}.yaml",
                                    expected=", ".join(required), found="missing " + ", ".join(missing)))
        extra = sorted(set(entries[kind]) - set(required))
        if extra:
            problems.append(Problem(f"{kind} has ids the engine does not know", file=f"{kind}.yaml",
                                    expected=", ".join(required), found=", ".join(extra)))
    orders: dict[int, str] = {}
    for entry in valid(entries["steps"]):
        assert isinstance(entry.model, Step)
        if entry.model.order in orders:
            problems.append(_problem(entry, f"order {entry.model.order} is also used by step "
                                     f"{orders[entry.model.order]!r}", "order"))
        orders[entry.model.order] = entry.model.step
    return problems


def check_glossary(entries: Entries) -> list[Problem]:
    """No name (id, title or alias, case-insensitive) may point to two terms; aliases yield."""
    seen: dict[str, str] = {}
    problems = []
    terms = [(e, e.model) for e in valid(entries["glossary"]) if isinstance(e.model, Term)]
    named: list[tuple[Entry, str, str, tuple[str | int, ...]]] = []
    for entry, term in terms:
        named += [(entry, term.id, term.id, ("id",)), (entry, term.id, term.title, ("title",))]
    for entry, term in terms:
        named += [(entry, term.id, alias, ("aliases", i)) for i, alias in enumerate(term.aliases)]
    for entry, term_id, name, where in named:
        key = name.casefold()
        if key in seen and seen[key] != term_id:
            problems.append(_problem(entry, f"{name!r} also names glossary term {seen[key]!r}", *where))
        seen.setdefault(key, term_id)
    return problems


def check_catalog(entries: Entries) -> list[Problem]:
    """Every cross-file check; an empty list means the catalogue is coherent."""
    from hrdd.catalog.condition_checks import check_conditions

    problems: list[Problem] = []
    for check in (check_framework_clauses, check_citations, check_citation_scope, check_references,
                  check_clauses, check_policy, check_coverage, check_glossary, check_conditions):
        problems.extend(check(entries))
    return problems

