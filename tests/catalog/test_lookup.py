"""Finding items across kinds and glossary terms by name."""

from hrdd.catalog import load_catalog
from hrdd.catalog.lookup import find_items, find_term, suggest_ref, suggest_term


def test_find_items_searches_every_kind_and_framework_clauses() -> None:
    catalog = load_catalog()
    assert [m.ref for m in find_items(catalog, "other")] == ["sectors:other", "purposes:other"]
    assert [m.ref for m in find_items(catalog, "sectors:other")] == ["sectors:other"]
    assert [m.ref for m in find_items(catalog, "ungp.31")] == ["citations:ungp.31"]
    assert [m.ref for m in find_items(catalog, "policy")] == ["policy:policy"]
    assert find_items(catalog, "facts:police") == []
    assert suggest_ref(catalog, "sectors:polise") == "police"


def test_find_term_ignores_case_spaces_hyphens_and_underscores() -> None:
    catalog = load_catalog()
    term = find_term(catalog, "Human Rights Defender")
    assert term is not None and term.id == "human_rights_defender"
    assert find_term(catalog, "cyber_surveillance-ITEM") == catalog.glossary["cyber_surveillance_item"]
    assert find_term(catalog, "nonexistent") is None
    assert suggest_term(catalog, "levrage") == "Leverage"
