"""Name-to-name similarity of hrdd-v2: v1's alignment over canonical forms, plus checks.

``compare_names_v2`` runs v1's alignment (:func:`hrdd.screening.align.compare_names`) on the
canonical forms of organisation names (:mod:`hrdd.screening.canonical`: countries, state-body
words in other scripts, parenthesised qualifiers), keeps v1's score when it is higher, and then
applies what v1 lacks, each noted in the detail:

- **doubled letters**: names equal once doubled letters are single ("Joonng"/"Jong") score 0.92;
- **same-script characters**: two names in the same non-Latin script (Han, kana, Hangul,
  Bengali, Arabic/Persian, Devanagari, Thai …) are also compared character by character, and the
  score is at most that similarity: transliteration folds different letters together (two
  different Japanese surnames, or Persian names one letter apart, read alike in Latin);
- **distinguishing words** (organisations): when the query adds a sector word to the listed
  name ("Deutsche Bank Trust Company" against "Deutsche Bank"), or the two names each have a
  word the other lacks and one is a sector word ("… Gas Company" against "… Oil Company"), the
  names are of different bodies: ×0.85;
- **partial cover** (organisations): a short query word that matches only one half of a listed
  hyphenated word ("Global Star" against "Sino-Global Star Shipping") matches part of that
  word, not the word: ×0.75.
"""

import re
import unicodedata
from functools import lru_cache

from rapidfuzz.distance import Levenshtein
from rigour.names import extract_org_types
from rigour.text import ascii_text

from hrdd.screening.align import NameScore, compare_names
from hrdd.screening.canonical import canonical_org_name
from hrdd.screening.compare import GENERIC_BODY_WORDS
from hrdd.screening.normalize import PERSON_SCHEMATA, name_tokens

DOUBLED_SCORE = 0.92
CHECKS_FROM = 0.5  # the organisation checks only lower a score: below this it cannot alert anyway
DISTINGUISHING_FACTOR = 0.85
PARTIAL_COMPOUND_FACTOR = 0.75  # a query word matching half of a listed hyphenated word
_DOUBLED = re.compile(r"(.)\1+")
_HYPHENATED = re.compile(r"([^\W\d_]+)-([^\W\d_]+)")
_STOP = frozenset({"of", "the", "and", "for", "de", "del", "la", "le", "el", "des", "du", "al", "y", "et", "und"})
# words that name the kind of business or body: a query that adds one to a name the entry
# covers ("Deutsche Bank Trust Company", "Sberbank Leasing"), or two names that differ in one
# ("… Gas Company" / "… Oil Company"), name different bodies
SECTOR_WORDS = frozenset({"trust", "leasing", "insurance", "capital", "securities", "investment", "investments",
                          "asset", "assets", "finance", "financial", "fund", "bank", "banking", "gas", "oil",
                          "petroleum", "petrochemical", "energy", "power", "shipping", "airlines", "airways",
                          "logistics", "construction", "engineering", "mining", "pharmaceutical", "pharma",
                          "chemical", "chemicals", "electric", "electronics", "telecom", "telecommunications",
                          "media", "foundation", "charity", "university", "hospital", "steel", "aluminium",
                          "aluminum", "gold", "diamond", "diamonds", "tobacco", "textile", "textiles", "motors",
                          "automotive", "aviation", "aerospace", "defence", "defense", "nuclear", "atomic",
                          "software", "semiconductor", "semiconductors", "health", "education", "agriculture",
                          "food", "foods", "water", "railway", "railways", "ports", "port", "exchange"})


@lru_cache(maxsize=4096)
def _script(ch: str) -> str:
    name = unicodedata.name(ch, "")
    return name.split(" ")[0] if name else ""


_SCRIPTS_BY_CHARACTER = ("CJK", "HANGUL")


@lru_cache(maxsize=100_000)
def script_key(text: str) -> str:
    """The non-Latin script of a name's letters when all of them are in one ("CJK" counts kana
    with Han, since Japanese mixes them), else ""."""
    if text.isascii():
        return ""
    scripts = {_script(ch) for ch in text if ch.isalpha()}
    if scripts and scripts <= {"CJK", "HIRAGANA", "KATAKANA"}:
        return "CJK"
    if len(scripts) == 1:
        (script,) = scripts
        return "" if script == "LATIN" else script
    return ""


@lru_cache(maxsize=100_000)
def squeezed_tokens(tokens: tuple[str, ...]) -> tuple[str, ...]:
    """The tokens with every run of a letter written once, sorted."""
    return tuple(sorted(_DOUBLED.sub(r"\1", t) for t in tokens))


def is_doubled_variant(qtokens: tuple[str, ...], ctokens: tuple[str, ...]) -> bool:
    """The two names differ only in doubled letters ("Muhamad"/"Muhammad")."""
    return (len(qtokens) == len(ctokens) and qtokens != ctokens
            and (has_doubled_letters(qtokens) or has_doubled_letters(ctokens))
            and squeezed_tokens(qtokens) == squeezed_tokens(ctokens))


@lru_cache(maxsize=100_000)
def has_doubled_letters(tokens: tuple[str, ...]) -> bool:
    """Some token has a letter written twice or more in a row."""
    return _DOUBLED.search(" ".join(tokens)) is not None


def distinct_words(text: str, schema: str) -> list[str]:
    """Comparable words of a canonical organisation name, without legal forms, stop words,
    short words and the generic words of public bodies."""
    return [w for w in name_tokens(text, schema) if len(w) > 2 and w.isalpha() and w not in _STOP
            and w not in GENERIC_BODY_WORDS and w not in LEGAL_FORM_KINDS and not _is_legal_word(w)]


@lru_cache(maxsize=50_000)
def _is_legal_word(word: str) -> bool:
    return bool(extract_org_types(word)) or word in {"private", "pvt", "sal", "grupo", "group", "company", "limited"}


def _pairs_with(word: str, others: list[str], joined: str) -> bool:
    return word in joined or any(Levenshtein.normalized_similarity(word, o) >= 0.6 or
                                 (len(word) > 3 and len(o) > 3 and (o.startswith(word) or word.startswith(o)))
                                 for o in others)


def _org_checks(query: str, candidate: str, qtext: str, ctext: str, schema: str, score: float,
                notes: list[str]) -> float:
    qwords, cwords = distinct_words(qtext, schema), distinct_words(ctext, schema)
    q_only = [w for w in qwords if not _pairs_with(w, cwords, "".join(cwords))]
    c_only = [w for w in cwords if not _pairs_with(w, qwords, "".join(qwords))]
    q_sector, c_sector = [w for w in q_only if w in SECTOR_WORDS], [w for w in c_only if w in SECTOR_WORDS]
    if q_sector or (q_only and c_only and (c_sector or len(qwords) > len(q_only))):
        score *= DISTINGUISHING_FACTOR
        notes.append(f"distinguishing words differ ({' '.join(q_only)} vs {' '.join(c_only) or '-'})")
    if not query.isascii() or len(qwords) > 3 or _HYPHENATED.search(transliterate_lower(query)):
        return score
    joined = "".join(qwords)
    for first, second in _HYPHENATED.findall(transliterate_lower(candidate)):
        if len(first) < 3 or len(second) < 3 or (first in joined and second in joined):
            continue
        halves = [_pairs_with(h, qwords, "") for h in (first, second)]
        if halves.count(True) == 1:
            score *= PARTIAL_COMPOUND_FACTOR
            notes.append(f"query matches half of the listed word '{first}-{second}'")
            break
    return score


def transliterate_lower(text: str) -> str:
    """Latin lower-case form that keeps hyphens (hyphenated words are one word of a name)."""
    return ascii_text(text).lower()


@lru_cache(maxsize=200_000)
def compare_names_v2(query: str, candidate: str, schema: str) -> NameScore:
    """Similarity 0..1 of two names, with the alignment and every v2 check in the detail."""
    base = compare_names(query, candidate, schema)
    score, notes = base.score, [base.detail]
    if schema not in PERSON_SCHEMATA:
        cq, cc = canonical_org_name(query), canonical_org_name(candidate)
        if (cq.notes or cc.notes) and cq.text and cc.text:
            canon = compare_names(cq.text, cc.text, schema)
            if canon.score > score:
                score = canon.score
                notes = [canon.detail, *cq.notes, *cc.notes]
        if score >= CHECKS_FROM:
            score = _org_checks(query, candidate, cq.text, cc.text, schema, score, notes)
    if score < DOUBLED_SCORE:
        qtokens, ctokens = name_tokens(query, schema), name_tokens(candidate, schema)
        if is_doubled_variant(qtokens, ctokens):
            score = DOUBLED_SCORE
            notes = [f"'{' '.join(qtokens)}'~'{' '.join(ctokens)}' equal but for doubled letters"]
    if score > 0:
        qscript = script_key(query)
        if qscript and qscript == script_key(candidate):
            qc, cc_ = "".join(ch for ch in query if ch.isalpha()), "".join(ch for ch in candidate if ch.isalpha())
            sim = Levenshtein.normalized_similarity(qc, cc_)
            if qscript in _SCRIPTS_BY_CHARACTER:
                sim *= sim  # a character of a Chinese, Japanese or Korean name is a syllable: one differs, names differ
            if sim < score:
                score = sim
                notes.append(f"{qscript.lower()} characters '{qc}'~'{cc_}' {sim:.2f}")
    if len(notes) == 1:  # most pairs: the alignment's note alone
        return NameScore(round(score, 4), query, candidate, notes[0])
    return NameScore(round(score, 4), query, candidate, "; ".join(n for n in notes if n))


# legal forms (rigour's comparable forms) by the kind of body they make: two names whose legal
# forms are all of different kinds name different bodies (a non-profit against a company, an AG
# against a GmbH). Forms not listed are not compared.
LEGAL_FORM_KINDS: dict[str, str] = {
    "ag": "stock", "jsc": "stock", "ao": "stock", "oao": "stock", "ojsc": "stock", "pjsc": "stock", "pao": "stock",
    "zao": "stock", "cjsc": "stock", "sa": "stock", "plc": "stock", "nv": "stock", "spa": "stock", "kk": "stock",
    "gmbh": "limited", "llc": "limited", "ooo": "limited", "bv": "limited", "sarl": "limited", "srl": "limited",
    "spzoo": "limited", "kft": "limited", "tov": "limited", "sro": "limited",
    "ано": "nonprofit", "ano": "nonprofit", "но": "nonprofit", "ngo": "nonprofit", "ev": "nonprofit",
    "gup": "unitary", "fgup": "unitary", "mup": "unitary",
}
# how far apart two kinds are: a company re-registered from AO to OOO is common in the lists,
# a non-profit or a state unitary enterprise is not a company
KIND_DISTANCE = {frozenset({"stock", "limited"}): 0.5}


@lru_cache(maxsize=100_000)
def legal_form_kinds(name: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(legal forms found, their kinds) of an organisation name, via rigour's legal-form data."""
    forms = [compare.replace(" ", "").replace(".", "").lower() or original.lower()
             for original, compare in extract_org_types(name)]
    if not forms:
        first = name.split()[0].lower() if name.split() else ""
        forms = [first] if first in LEGAL_FORM_KINDS else []
    kinds = tuple(sorted({LEGAL_FORM_KINDS[f] for f in forms if f in LEGAL_FORM_KINDS}))
    return tuple(forms), kinds
