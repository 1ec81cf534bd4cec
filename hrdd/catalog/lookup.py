"""Find catalogue items by id across kinds, and glossary terms by id, title or alias.

Shared by the CLI (``hrdd catalog show``, ``hrdd explain``), the API and the web UI so that
all three resolve names the same way.
"""

import difflib
import re
from dataclasses import dataclass

from hrdd.catalog.registry import Catalog
from hrdd.catalog.spec import FrameworkClause, Term

ITEM_KINDS = (
    "capabilities", "features", "sectors", "purposes", "end_user_kinds", "scales",
    "intermediary_roles", "rights", "facts", "derived_flags", "safeguards", "clauses",
    "laws_of_concern", "embargoes", "frameworks", "steps", "glossary", "exit_steps",
)
CITATIONS = "citations"  # pseudo-kind: the clauses of every framework


@dataclass(frozen=True)
class Match:
    kind: str
    item: object

    @property
    def ref(self) -> str:
        return f"{self.kind}:{getattr(self.item, 'step', None) or getattr(self.item, 'id', '')}" \
            if self.kind == "steps" else f"{self.kind}:{getattr(self.item, 'id', '')}"


def framework_clauses(catalog: Catalog) -> dict[str, FrameworkClause]:
    return {c.id: c for f in catalog.frameworks.values() for c in f.clauses}


def find_items(catalog: Catalog, ref: str) -> list[Match]:
    """Every item whose id is ``ref``; ``KIND:ID`` restricts the search to one kind."""
    kind, _, item_id = ref.rpartition(":")
    kinds = (kind,) if kind else (*ITEM_KINDS, CITATIONS, "policy")
    matches: list[Match] = []
    for name in kinds:
        if name == "policy":
            if item_id == catalog.policy.id:
                matches.append(Match("policy", catalog.policy))
        elif name == CITATIONS:
            clause = framework_clauses(catalog).get(item_id)
            if clause is not None:
                matches.append(Match(CITATIONS, clause))
        elif name in ITEM_KINDS:
            item = catalog.kind(name).get(item_id)
            if item is not None:
                matches.append(Match(name, item))
    return matches


def all_refs(catalog: Catalog) -> list[str]:
    refs = [key for kind in ITEM_KINDS for key in catalog.kind(kind)]
    return [*refs, *framework_clauses(catalog), catalog.policy.id]


def suggest_ref(catalog: Catalog, ref: str) -> str | None:
    item_id = ref.rpartition(":")[2]
    close = difflib.get_close_matches(item_id, all_refs(catalog), n=1, cutoff=0.6)
    return close[0] if close else None


def _normal(text: str) -> str:
    return re.sub(r"[\s_\-]+", " ", text.casefold()).strip()


def term_names(term: Term) -> list[str]:
    return [term.id, term.title, *term.aliases]


def find_term(catalog: Catalog, text: str) -> Term | None:
    """A glossary term by id, title or alias; case, spaces, hyphens and underscores are ignored."""
    wanted = _normal(text)
    for term in catalog.glossary.values():
        if any(_normal(name) == wanted for name in term_names(term)):
            return term
    return None


def suggest_term(catalog: Catalog, text: str) -> str | None:
    names = {_normal(n): n for t in catalog.glossary.values() for n in term_names(t)}
    close = difflib.get_close_matches(_normal(text), list(names), n=1, cutoff=0.6)
    return names[close[0]] if close else None
