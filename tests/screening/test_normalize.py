from hypothesis import given, settings
from hypothesis import strategies as st

from hrdd.screening.normalize import (
    acronym,
    deletion_variants,
    index_terms,
    name_tokens,
    normalize_identifier,
    phonetic,
    skeleton,
    transliterate,
)


def test_transliterates_scripts_to_latin() -> None:
    assert transliterate("Владимир Путин") == "vladimir putin"
    assert transliterate("习近平") == "xi jin ping"
    assert transliterate("Müller-Lüdenscheidt GmbH") == "muller ludenscheidt gmbh"


def test_legal_forms_are_replaced_by_a_comparable_form() -> None:
    assert name_tokens("Siemens Aktiengesellschaft", "Company") == name_tokens("SIEMENS AG", "Company")
    assert name_tokens("ООО Ромашка", "Company") == name_tokens(
        "Obshchestvo s ogranichennoi otvetstvennostiu Romashka", "Company")


def test_person_titles_are_dropped() -> None:
    assert name_tokens("Dr. Angela Merkel", "Person") == ("angela", "merkel")


def test_phonetic_and_skeleton_codes() -> None:
    assert phonetic("mohammed") == phonetic("muhammad")
    assert phonetic("12") == ""
    assert skeleton("mohamed") == skeleton(transliterate("محمد"))


def test_acronym_and_identifiers() -> None:
    assert acronym(("islamic", "revolutionary", "guard", "corps")) == "irgc"
    assert acronym(("single",)) == ""
    assert normalize_identifier("imo 918-7629") == "IMO9187629"


def test_index_terms_join_adjacent_tokens() -> None:
    tokens, keys = index_terms("Sense Time Group", "Company")
    assert "sensetime" in tokens and "sense" in tokens
    assert any(k.startswith("s:") for k in keys)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_transliteration_is_plain_ascii(text: str) -> None:
    out = transliterate(text)
    assert out.isascii()
    assert out == out.lower()
    assert "  " not in out


def test_deletion_variants_are_the_token_and_its_one_letter_deletions() -> None:
    assert deletion_variants("abca") == ("abca", "bca", "aca", "aba", "abc")


_letters = st.text(alphabet="abcdefghij", min_size=4, max_size=12)


@settings(max_examples=300, deadline=None)
@given(_letters, st.data())
def test_tokens_one_edit_apart_share_a_deletion_variant(token: str, data: st.DataObject) -> None:
    i = data.draw(st.integers(0, len(token) - 1))
    letter = data.draw(st.sampled_from("abcdefghijz"))
    edits = [
        token[:i] + token[i + 1:],  # deletion
        token[:i] + letter + token[i:],  # insertion
        token[:i] + letter + token[i + 1:],  # substitution
    ]
    if i + 1 < len(token):
        edits.append(token[:i] + token[i + 1] + token[i] + token[i + 2:])  # adjacent swap
    for edited in edits:
        assert set(deletion_variants(token)) & set(deletion_variants(edited)), (token, edited)
