"""Markdown generated from the catalogue, so the documentation cannot drift from the data.

``docs/glossary.md`` is the output of :func:`glossary_markdown` on the shipped catalogue;
a test fails when they differ (regenerate with ``python -m hrdd.catalog.docs``).
"""

import sys

from hrdd.catalog.lookup import framework_clauses
from hrdd.catalog.registry import Catalog


def glossary_markdown(catalog: Catalog) -> str:
    clauses = framework_clauses(catalog)
    urls = {c.id: c.url or f.url for f in catalog.frameworks.values() for c in f.clauses}
    lines = [
        "# Glossary",
        "",
        "The terms hrdd's reports use, in plain language, each with the framework clauses it comes from.",
        "Provenance tags: [T] seen in the document's text, [S] seen in a secondary summary,",
        "[R] reconstructed and not verified against the text, [I] the project's inference.",
        "`hrdd explain TERM` prints the same entries. Generated from `hrdd/catalogs/glossary.yaml`;",
        "do not edit by hand.",
        "",
    ]
    for term in sorted(catalog.glossary.values(), key=lambda t: t.title.casefold()):
        lines.append(f"## {term.title}")
        lines.append("")
        if term.aliases:
            lines.append("Also: " + ", ".join(term.aliases) + ".")
            lines.append("")
        lines.append(term.explanation + (" [R]" if term.reconstructed else ""))
        lines.append("")
        sources = []
        for cid in term.citations:
            clause = clauses[cid]
            label = f"[{clause.label}]({urls[cid]})"
            sources.append(f"{label} [{clause.provenance}]")
        lines.append("Sources: " + "; ".join(sources) + ".")
        lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    from hrdd.catalog.loader import load_catalog

    sys.stdout.write(glossary_markdown(load_catalog()))
