"""docs/glossary.md is generated from the glossary; docs/catalogue.md documents every kind."""

from pathlib import Path

from hrdd.catalog import load_catalog
from hrdd.catalog.docs import glossary_markdown
from hrdd.catalog.spec import KINDS

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_glossary_page_matches_the_catalogue() -> None:
    expected = glossary_markdown(load_catalog())
    assert (DOCS / "glossary.md").read_text(encoding="utf-8") == expected, (
        "docs/glossary.md is stale: run python -m hrdd.catalog.docs > docs/glossary.md")


def test_catalogue_page_documents_every_kind_and_command() -> None:
    text = (DOCS / "catalogue.md").read_text(encoding="utf-8")
    missing = [kind for kind in KINDS if f"`{kind}`" not in text]
    assert missing == []
    for command in ("hrdd catalog list", "hrdd catalog show", "hrdd catalog validate", "hrdd explain",
                    "HRDD_CATALOG_PATH", "adjust:"):
        assert command in text
