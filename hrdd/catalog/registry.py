"""The loaded catalogue: typed lookups by id, its version, and where each item came from.

``catalog.capabilities["facial_recognition"]`` raises ``KeyError`` for an unknown id;
``catalog.get("capabilities", id)`` returns ``None``. The loader (``loader.py``) builds
this object after the schema pass and the cross-file checks (``checks.py``) have passed.
"""

import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import get_args

from hrdd.catalog.spec import (
    Capability,
    Clause,
    DerivedFlag,
    Embargo,
    EmbargoRegime,
    EndUserKindItem,
    ExitStep,
    Fact,
    Feature,
    Framework,
    FrameworkClause,
    IntermediaryRole,
    LawCategory,
    Policy,
    Purpose,
    Right,
    Safeguard,
    Scale,
    Sector,
    SignalKind,
    Step,
    Term,
)


@dataclass(frozen=True)
class Catalog:
    version: str  # "<declared version>+<content hash>", changes with any overlay
    capabilities: Mapping[str, Capability]
    features: Mapping[str, Feature]
    sectors: Mapping[str, Sector]
    purposes: Mapping[str, Purpose]
    end_user_kinds: Mapping[str, EndUserKindItem]
    scales: Mapping[str, Scale]
    intermediary_roles: Mapping[str, IntermediaryRole]
    rights: Mapping[str, Right]
    facts: Mapping[str, Fact]
    derived_flags: Mapping[str, DerivedFlag]
    safeguards: Mapping[str, Safeguard]
    clauses: Mapping[str, Clause]
    laws_of_concern: Mapping[str, LawCategory]
    embargoes: Mapping[str, Embargo]
    frameworks: Mapping[str, Framework]
    steps: Mapping[str, Step]  # keyed by step id (export_controls, capabilities, ...)
    glossary: Mapping[str, Term]
    policy: Policy
    # post-sale signal kinds (signal_kinds.yaml); empty in catalogues built by hand
    signal_kinds: Mapping[str, SignalKind] = field(default_factory=dict)
    # "kind:id" -> file the item was loaded from (shipped or overlay)
    origins: Mapping[str, str] = field(default_factory=dict)
    # the exit checklist of suspensions and terminations (an engine-only catalogue may leave it out)
    exit_steps: Mapping[str, ExitStep] = field(default_factory=dict)

    def kind(self, kind: str) -> Mapping[str, object]:
        items = getattr(self, kind, None)
        if not isinstance(items, Mapping):
            raise KeyError(kind)
        return items

    def get(self, kind: str, item_id: str) -> object | None:
        return self.kind(kind).get(item_id)

    def suggest(self, kind: str, item_id: str) -> str | None:
        """The closest known id of that kind, for "did you mean …?" messages."""
        close = difflib.get_close_matches(item_id, list(self.kind(kind)), n=1, cutoff=0.6)
        return close[0] if close else None

    def citation(self, citation_id: str) -> FrameworkClause:
        """Resolve a citation id such as ``ungp.17`` to its framework clause."""
        for framework in self.frameworks.values():
            for clause in framework.clauses:
                if clause.id == citation_id:
                    return clause
        raise KeyError(citation_id)

    def embargo_for(self, country: str) -> Embargo | None:
        """The strictest embargo on a destination (comprehensive before arms before targeted)."""
        order = {regime: n for n, regime in enumerate(get_args(EmbargoRegime))}
        found = [e for e in self.embargoes.values() if e.country == country.upper()]
        return min(found, key=lambda e: order[e.regime]) if found else None
