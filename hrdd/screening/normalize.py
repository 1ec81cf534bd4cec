"""Name and identifier normalisation for screening, delegated to ``rigour``.

Nothing here re-implements transliteration or legal-form handling: ``rigour.text.ascii_text``
transliterates (Cyrillic, Greek, Arabic, Han, Hangul … to Latin), ``rigour.names`` tokenises,
replaces legal forms by a comparable form ("Aktiengesellschaft" → "ag", "Co., Ltd." → "coltd")
and analyses names into parts and symbols (cross-language given-name ids, org classes,
initials). This module only chooses which of those forms screening compares and indexes.
"""

import itertools
import re
import unicodedata
from functools import lru_cache

from rigour.names import (
    Name,
    NameTypeTag,
    SymbolCategory,
    remove_person_prefixes,
    replace_org_types_compare,
    tokenize_name,
)
from rigour.text import ascii_text, metaphone

from hrdd.screening import person_tagger

PERSON_SCHEMATA = frozenset({"Person"})
OBJECT_SCHEMATA = frozenset({"Vessel", "Airplane", "Vehicle", "Security"})
_VOWELS = re.compile(r"[aeiouwy]")
_NON_ALNUM = re.compile(r"[^a-z0-9 ]+")
_NON_ID = re.compile(r"[^A-Z0-9]+")


def name_type(schema: str) -> NameTypeTag:
    """The rigour name type for an FtM schema name."""
    if schema in PERSON_SCHEMATA:
        return NameTypeTag.PER
    if schema in OBJECT_SCHEMATA:
        return NameTypeTag.OBJ
    if schema == "LegalEntity":
        return NameTypeTag.ENT
    return NameTypeTag.ORG


def transliterate(text: str) -> str:
    """Latin, lower-case, punctuation-free form of any-script text (via rigour)."""
    latin = ascii_text(unicodedata.normalize("NFC", text)).lower()
    return " ".join(_NON_ALNUM.sub(" ", latin).split())


@lru_cache(maxsize=200_000)
def name_tokens(name: str, schema: str) -> tuple[str, ...]:
    """Comparable tokens of a name: transliterated, person titles dropped, legal forms replaced."""
    text = name
    if schema in PERSON_SCHEMATA:
        text = remove_person_prefixes(text)
    latin = transliterate(" ".join(tokenize_name(text)))
    if schema not in PERSON_SCHEMATA:
        latin = replace_org_types_compare(latin)
    return tuple(t for t in _NON_ALNUM.sub(" ", latin).split() if t)


def phonetic(token: str) -> str:
    """Metaphone code of a token (rigour); empty for numbers and very short tokens."""
    if len(token) < 3 or not token.isalpha():
        return ""
    return str(metaphone(token))


def skeleton(token: str) -> str:
    """Consonant skeleton of a token: Arabic and Hebrew script omit short vowels, so
    "mhmd" (from محمد) and "mohamed" share the skeleton "mhmd"."""
    return _VOWELS.sub("", token)


def acronym(tokens: tuple[str, ...]) -> str:
    """Initials of a multi-word name ("nso group technologies" → "ngt"); empty below 2 words."""
    words = [t for t in tokens if t.isalpha()]
    return "".join(w[0] for w in words) if len(words) >= 2 else ""


def normalize_identifier(value: str) -> str:
    """Upper-case alphanumeric form of an identifier ("HU-12 345" → "HU12345")."""
    return _NON_ID.sub("", ascii_text(value).upper())


@lru_cache(maxsize=100_000)
def analyze(name: str, schema: str) -> tuple[Name, ...]:
    """rigour's analysis of a name (parts with tags, symbols such as cross-language name ids).

    The first call loads rigour's name reference data (several seconds, once per process).
    """
    text = name  # analyze_names removes person prefixes ("Mr", "Dr") itself
    forms = [text]
    if not text.isascii():
        latin = transliterate(text)
        if latin:
            forms.append(latin)
    # part metaphones are not read by the alignment (the index computes its own keys)
    # rigour's analysis, with person-name phrases from disk when the table is in use
    names = person_tagger.analyze(name_type(schema), forms, infer_initials=schema in PERSON_SCHEMATA,
                                  phonetics=False)
    # rigour returns a set: order it (original script first) so that ties between the forms are
    # broken, and explained, the same way in every process
    if len(names) < 2:
        return tuple(names)
    return tuple(sorted(names, key=lambda n: (n.original != text, n.original, n.form)))


@lru_cache(maxsize=100_000)
def name_symbols(name: str) -> tuple[str, ...]:
    """Index keys for the cross-language name ids rigour finds in a person's name (``n:Q…``)."""
    keys: dict[str, None] = {}
    for analysed in analyze(name, "Person"):
        for span in analysed.spans:
            if span.symbol.category == SymbolCategory.NAME:
                keys[f"n:{span.symbol.id}"] = None
    return tuple(keys)


def deletion_variants(token: str) -> tuple[str, ...]:
    """The token and every form of it with one letter deleted ("sanchez" → "anchez", "snchez" …).

    Two tokens share a variant when they are at most one edit apart (a letter inserted, deleted,
    replaced, or two adjacent letters swapped): exact lookups of these variants find spelling
    variants without a fuzzy automaton per query (SymSpell's symmetric-delete idea)."""
    return (token, *dict.fromkeys(token[:i] + token[i + 1:] for i in range(len(token))))


def index_terms(name: str, schema: str) -> tuple[list[str], list[str]]:
    """Terms that put a name into the candidate index: (tokens, phonetic keys).

    Tokens include adjacent pairs joined ("sense time" → "sensetime") so that split and
    joined spellings, and Chinese names transliterated syllable by syllable, meet.
    Phonetic keys are metaphone codes and consonant skeletons (prefixed ``s:``).
    """
    tokens = list(name_tokens(name, schema))
    terms = list(tokens)
    terms.extend(a + b for a, b in itertools.pairwise(tokens))
    if 1 < len(tokens) <= 4:
        terms.append("".join(tokens))
    keys: list[str] = []
    for token in tokens:
        code = phonetic(token)
        if code:
            keys.append(code)
        skel = skeleton(token)
        if len(skel) >= 2 and token.isalpha():
            keys.append("s:" + skel)
    return terms, keys
