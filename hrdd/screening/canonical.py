"""Canonical forms of organisation names for hrdd-v2: countries, state-body words, qualifiers.

Three things make the same body look different in two lists, and none of them is a spelling
difference that part alignment can absorb:

- **Country qualifiers and demonyms.** "Ministry of Defence of the Russian Federation" and
  "Russian Ministry of Defence" name the country in different words and places. Every run of
  one to four words that rigour's territory data (``rigour.territories.lookup_territory``:
  names, official names and demonyms) resolves to a country is replaced by one canonical word
  (``russia``), so both names read "… ministry of defence … russia" and align; two different
  countries stay two different words (a conflict).
- **Names in other scripts.** rigour transliterates "Министерство обороны" to "ministerstvo
  oborony", which shares no letter with "Ministry of Defence". The words that make up the names
  of state bodies and state corporations in Russian, Ukrainian and Belarusian (ministry,
  federal, service, security, state corporation, unitary enterprise …) are translated by stem
  (:data:`STATE_BODY_STEMS`); the distinctive rest ("Rostekh") stays transliterated.
- **Parenthesised qualifiers** ("Deutsche Bank (Schweiz) AG") are kept as a qualifier word, not
  as a name part, when they name a country.

Only organisation names are rewritten; person names are compared as they are.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, lru_cache

from rigour.territories import lookup_territory
from rigour.territories.territory import Territory

from hrdd.screening import territory_table
from hrdd.screening.normalize import name_tokens, transliterate

# transliterated stems (rigour's ascii_text of Russian/Ukrainian/Belarusian) → English word; the
# vocabulary of state bodies and state corporations as the UK, EU and US lists name them in
# English ("FEDERAL STATE UNITARY ENTERPRISE", "MINISTRY OF INTERNAL AFFAIRS", "MAIN
# INTELLIGENCE DIRECTORATE"). A stem matches a word that starts with it.
STATE_BODY_STEMS: tuple[tuple[str, str], ...] = (
    ("ministerstv", "ministry"), ("minister", "ministry"), ("oboron", "defence"), ("federaln", "federal"),
    ("federatsi", "federation"), ("federatsy", "federation"), ("sluzhb", "service"), ("bezopasnost", "security"),
    ("bezpek", "security"), ("gosudarstvenn", "state"), ("derzhavn", "state"), ("korporatsi", "corporation"),
    ("goskorporatsi", "state corporation"), ("unitarn", "unitary"), ("predpriyati", "enterprise"),
    ("pidpryiemstv", "enterprise"), ("agentstv", "agency"), ("komitet", "committee"), ("natsionaln", "national"),
    ("upravleni", "directorate"), ("glavn", "main"), ("razvedyvateln", "intelligence"), ("razvedk", "intelligence"),
    ("rozvidk", "intelligence"), ("vooruzhenn", "armed"), ("vooruzhyonn", "armed"), ("sily", "forces"),
    ("syly", "forces"), ("voisk", "troops"), ("gvardi", "guard"), ("politsi", "police"), ("militsi", "police"),
    ("tamozhenn", "customs"), ("pogranichn", "border"), ("vnutrenn", "internal"), ("vnutrishn", "internal"),
    ("del", "affairs"), ("sprav", "affairs"), ("inostrann", "foreign"), ("zakordonn", "foreign"),
    ("yustitsi", "justice"), ("prokuratur", "prosecutor"), ("sledstvenn", "investigative"),
    ("chrezvychain", "emergency"), ("situatsi", "situations"), ("zavod", "plant"), ("institut", "institute"),
    ("nauchn", "scientific"), ("issledovatelsk", "research"), ("konstruktorsk", "design"), ("byuro", "bureau"),
    ("kontsern", "concern"), ("obedinenn", "united"), ("aviatsionn", "aircraft"), ("raketn", "missile"),
    ("respublik", "republic"), ("rossiisk", "russian"), ("rossii", "russia"), ("ukrain", "ukraine"),
    ("belarus", "belarus"), ("tsentraln", "central"), ("bank", "bank"),
)
_STEMS_BY_LETTER: dict[str, tuple[tuple[str, str], ...]] = {}
for _stem, _word in sorted(STATE_BODY_STEMS, key=lambda sw: -len(sw[0])):
    _STEMS_BY_LETTER[_stem[0]] = (*_STEMS_BY_LETTER.get(_stem[0], ()), (_stem, _word))
_PARENS = re.compile(r"\(([^()]*)\)")
_MAX_COUNTRY_WORDS = 4
# territory words that are also ordinary words of company names: never read as a country
_NOT_COUNTRY = frozenset({"of", "the", "and", "new", "south", "north", "west", "east", "central", "union", "state",
                          "states", "republic", "island", "islands", "guinea", "georgia", "jordan", "chad", "niger",
                          "turkey", "china town", "bank",
                          "korea"})  # "Korea" alone names the North in half of the list entries


@dataclass(frozen=True, slots=True)
class Canonical:
    """An organisation name rewritten for comparison, with what was rewritten (for the explanation)."""

    text: str
    countries: tuple[str, ...]  # ISO codes of the country words found
    notes: tuple[str, ...]
    country_words: tuple[str, ...] = ()  # the canonical words that replaced them


def _translate(word: str) -> str:
    for stem, english in _STEMS_BY_LETTER.get(word[:1], ()):
        if word.startswith(stem) and (len(word) - len(stem) <= 5):
            return english
    return word


@cache
def _territory_names() -> Mapping[str, Territory] | None:
    """rigour's own table of normalised territory names and demonyms, which
    ``lookup_territory`` reads: one dict lookup per phrase instead of a normalisation and a
    lookup (a name of eight words has 26 phrases of one to four words). rigour does not export
    the table: when the private function is gone (another rigour version), None, and each phrase
    goes through the public ``lookup_territory`` (same answers, slower;
    tests/screening/test_matcher_v2.py::test_country_words_agree_with_public_lookup)."""
    try:
        from rigour.territories.lookup import _get_territory_names
    except ImportError:
        return None
    table = _get_territory_names()
    return table if isinstance(table, dict) else None


@lru_cache(maxsize=50_000)
def country_word(phrase: str) -> tuple[str, str] | None:
    """(ISO code, canonical word) of a phrase that names a country or its people (rigour's
    territory names and demonyms: "Russian Federation", "Russian", "Schweiz"), else None."""
    if phrase in _NOT_COUNTRY or len(phrase) < 4:
        return None
    stored = territory_table.current_table()  # the same answers from a file (built once per rigour core)
    if stored is not None:
        return stored.get(phrase)
    table = _territory_names()
    territory = table.get(phrase) if table is not None else lookup_territory(phrase)
    if territory is None or not territory.is_country or territory.is_historical:
        return None
    return territory.code, territory_table.canonical_word(territory.name)


def _replace_countries(words: list[str]) -> tuple[list[str], list[str], list[str]]:
    out: list[str] = []
    codes: list[str] = []
    found_words: list[str] = []
    i = 0
    while i < len(words):
        for size in range(min(_MAX_COUNTRY_WORDS, len(words) - i), 0, -1):
            found = country_word(" ".join(words[i:i + size]))
            if found is not None:
                codes.append(found[0])
                out.append(found[1])
                found_words.append(found[1])
                i += size
                break
        else:
            out.append(words[i])
            i += 1
    return out, codes, found_words


@lru_cache(maxsize=100_000)
def canonical_org_name(name: str) -> Canonical:
    """The comparable form of an organisation name (see the module docstring)."""
    notes: list[str] = []
    qualifiers: list[str] = []

    def keep_qualifier(match: re.Match[str]) -> str:
        inner = transliterate(match.group(1))
        found = country_word(inner) if inner else None
        if found is not None:
            qualifiers.append(found[0])
            notes.append(f"qualifier '({match.group(1)})' = {found[0]}")
            return " "
        return f" {match.group(1)} "

    text = _PARENS.sub(keep_qualifier, name)
    words = list(name_tokens(text, "Organization"))
    if not text.isascii():
        translated = [_translate(w) for w in words]
        if translated != words:
            notes.append("state-body words translated")
            words = " ".join(translated).split()
    words, codes, country_words = _replace_countries(words)
    if codes:
        notes.append("country words " + ",".join(dict.fromkeys(codes)))
    return Canonical(" ".join(words), tuple(dict.fromkeys(codes + qualifiers)), tuple(notes),
                     tuple(dict.fromkeys(country_words)))
