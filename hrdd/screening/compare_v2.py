"""The features hrdd-v2 adds to or changes from hrdd-v1 (see ``hrdd.screening.compare``).

Each function's docstring is the explanation shown to reviewers. Name-level checks (country
words, other scripts, doubled letters, distinguishing words, partial cover) are in
:mod:`hrdd.screening.names_v2`; this module compares the other attributes: name parts,
initials, gender, birth-date distance, legal forms, acronyms with descriptive words.
"""

from collections.abc import Mapping
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

from hrdd.screening import compare
from hrdd.screening.align import NameScore
from hrdd.screening.canonical import canonical_org_name
from hrdd.screening.compare import GENERIC_BODY_WORDS, _compare_schema, _years
from hrdd.screening.names_v2 import KIND_DISTANCE, compare_names_v2, legal_form_kinds
from hrdd.screening.normalize import PERSON_SCHEMATA, name_tokens, transliterate
from hrdd.screening.record import Record
from hrdd.screening.result import NO_RESULT, FeatureResult

Config = Mapping[str, float]
_SIMILAR = 0.8


def _best_name(query: Record, names: tuple[str, ...], schema: str) -> NameScore | None:
    return compare.best_name_by(query, names, schema, compare_names_v2)


def name_match(query: Record, entry: Record, config: Config) -> FeatureResult:
    """How similar the best pair of query name and listed name or alias is: v1's alignment, also
    over canonical organisation names (country names and demonyms unified through rigour's
    territory data, state-body words of other scripts translated, parenthesised country qualifiers
    set apart), capped by same-script character similarity, lowered for distinguishing words and
    for a short name covering part of a longer one."""
    best = _best_name(query, entry.names, _compare_schema(query, entry))
    if best is None or best.score <= 0:
        return NO_RESULT
    return FeatureResult(best.score, best.detail, best.query, best.candidate)


def weak_alias_match(query: Record, entry: Record, config: Config) -> FeatureResult:
    """A query name equals one of the entry's weak aliases (nicknames, short forms the list marks
    as weak); only near-exact agreement counts."""
    if not entry.weak_aliases:
        return NO_RESULT  # most entries (what _best_name answers for no names, without the calls)
    best = _best_name(query, entry.weak_aliases, _compare_schema(query, entry))
    if best is None or best.score < config["weak_alias_min"]:
        return NO_RESULT
    return FeatureResult(best.score, best.detail, best.query, best.candidate)


@lru_cache(maxsize=50_000)
def _core_token(name: str) -> str:
    """The one word left of an organisation name once descriptive words of public bodies
    ("forces", "police", "service") and country words are set aside, else ""."""
    canon = canonical_org_name(name)
    words = [w for w in canon.text.split() if w not in GENERIC_BODY_WORDS]
    words = [w for w in words if not (w in canon.country_words and len(words) > 1)]
    return words[0] if len(words) == 1 and words[0].isalpha() else ""


@lru_cache(maxsize=4096)
def _alias_core(qname: str) -> tuple[str, bool]:
    """The acronym core of a query name, and whether it is the whole name (a name that is its
    core alone is matched by the other name features). Once per query name, not per entry."""
    core = _core_token(qname)
    return core, core == transliterate(qname).replace(" ", "")


def acronym_alias_match(query: Record, entry: Record, config: Config) -> FeatureResult:
    """The query is an acronym with descriptive words ("IRGC forces", "SBU service") and the
    acronym is one of the entry's names or the initials of one (organisations only)."""
    if entry.schema in PERSON_SCHEMATA or query.schema in PERSON_SCHEMATA:
        return NO_RESULT
    min_len = int(config["acronym_min_length"])
    for qname in query.names:
        core, whole = _alias_core(qname)
        if len(core) < min_len or whole:
            continue
        for name in entry.names:
            tokens = name_tokens(name, entry.schema)
            if tokens == (core,) or compare.initials(tokens) == core:
                how = "a listed name" if tokens == (core,) else f"the initials of '{name}'"
                return FeatureResult(1.0, f"'{core}' of '{qname}' is {how}", qname, name)
    return NO_RESULT


def _similar(a: str, b: str) -> bool:
    a, b = transliterate(a), transliterate(b)
    if not a or not b:
        return False
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    return Levenshtein.normalized_similarity(a, b) >= _SIMILAR


def _any_similar(left: tuple[str, ...], right: tuple[str, ...]) -> bool:
    return any(_similar(a, b) for a in left for b in right)


def name_parts_conflict(query: Record, entry: Record, config: Config) -> FeatureResult:
    """Both persons give name parts and they contradict: first and last name swapped, different
    last names, or different middle or father's names (an initial agrees with a name)."""
    if query.schema not in PERSON_SCHEMATA or entry.schema not in PERSON_SCHEMATA:
        return NO_RESULT
    qf, ql, ef, el = query.parts("firstName"), query.parts("lastName"), entry.parts("firstName"), entry.parts("lastName")
    if qf and ql and ef and el and not _any_similar(ql, el) and _any_similar(ql, ef) and _any_similar(qf, el):
        return FeatureResult(1.0, f"first and last name swapped ({qf[0]} {ql[0]} vs {ef[0]} {el[0]})", ql[0], el[0])
    if ql and el and not _any_similar(ql, el):
        return FeatureResult(1.0, f"last names differ ({ql[0]} vs {el[0]})", ql[0], el[0])
    qm = query.parts("middleName") + query.parts("fatherName")
    em = entry.parts("middleName") + entry.parts("fatherName")
    if qm and em and not _any_similar(qm, em):
        return FeatureResult(1.0, f"middle names differ ({qm[0]} vs {em[0]})", qm[0], em[0])
    return NO_RESULT


def middle_initial_conflict(query: Record, entry: Record, config: Config) -> FeatureResult:
    """A person's name carries an initial that no part of the other name starts with, and the
    other name has a part in its place ("William G. Frost" against "William W Frost", "Hans O
    Friedrich" against "Hans Joachim Friedrich"); a name without middle parts does not conflict."""
    if query.schema not in PERSON_SCHEMATA or entry.schema not in PERSON_SCHEMATA:
        return NO_RESULT
    result = NO_RESULT
    for qname in query.names[:3]:
        qt = name_tokens(qname, "Person")
        for name in entry.names[:6]:
            et = name_tokens(name, "Person")
            if len(qt) < 2 or len(et) < 2:
                continue
            conflict = [i for i in qt if len(i) == 1 and not any(t.startswith(i) for t in et)
                        and _has_unpaired(et, qt)]
            conflict += [i for i in et if len(i) == 1 and not any(t.startswith(i) for t in qt)
                         and _has_unpaired(qt, et)]
            if not conflict:
                return NO_RESULT  # a pair of names without a conflicting initial
            result = FeatureResult(1.0, f"initial {conflict[0].upper()} not in '{name}'", qname, name)
    return result


def _has_unpaired(tokens: tuple[str, ...], others: tuple[str, ...]) -> bool:
    """Some token has no counterpart among the others (spelling variants count; an initial
    counts only against the same initial)."""
    return any(not any(Levenshtein.normalized_similarity(t, o) >= _SIMILAR for o in others) for t in tokens)


def gender_mismatch(query: Record, entry: Record, config: Config) -> FeatureResult:
    """Both persons state a gender and they differ."""
    qg, eg = {g.lower() for g in query.parts("gender")}, {g.lower() for g in entry.parts("gender")}
    if not qg or not eg or qg & eg:
        return NO_RESULT
    return FeatureResult(1.0, f"{','.join(sorted(qg))} vs {','.join(sorted(eg))}", min(qg), min(eg))


def dob_distance(query: Record, entry: Record, config: Config) -> FeatureResult:
    """Both persons have birth dates and no birth year agrees; the penalty grows with the years
    between the closest pair (one year apart is often a typo, ten years apart is another person)."""
    if not query.birth_dates or not entry.birth_dates:
        return NO_RESULT
    qy = {int(y) for y in _years(query.birth_dates) if y.isdigit()}
    ey = {int(y) for y in _years(entry.birth_dates) if y.isdigit()}
    if not qy or not ey or qy & ey:
        return NO_RESULT
    gap = min(abs(a - b) for a in qy for b in ey)
    score = min(1.0, 0.15 + 0.12 * gap)
    return FeatureResult(score, f"born {gap} year{'s' if gap > 1 else ''} apart "
                                f"({','.join(map(str, sorted(qy)))} vs {','.join(map(str, sorted(ey)))})",
                         str(min(qy)), str(min(ey)))


def legal_form_conflict(query: Record, entry: Record, config: Config) -> FeatureResult:
    """Both organisation names carry legal forms and they are of different kinds: a non-profit or
    a state unitary enterprise against a company counts fully, a joint-stock company against a
    limited company (an AG against a GmbH) half, since companies are re-registered."""
    if entry.schema in PERSON_SCHEMATA or query.schema in PERSON_SCHEMATA:
        return NO_RESULT
    for qname in query.names[:3]:
        qforms, qkinds = legal_form_kinds(qname)
        if not qkinds:
            continue
        for name in entry.names:
            eforms, ekinds = legal_form_kinds(name)
            if ekinds and set(qkinds) & set(ekinds):
                return NO_RESULT
        for name in entry.names:
            eforms, ekinds = legal_form_kinds(name)
            if ekinds:
                score = min(KIND_DISTANCE.get(frozenset((q, e)), 1.0) for q in qkinds for e in ekinds)
                return FeatureResult(score, f"{'/'.join(qforms)} vs {'/'.join(eforms)}", qname, name)
    return NO_RESULT


def name_country_conflict(query: Record, entry: Record, config: Config) -> FeatureResult:
    """The organisation names themselves name countries ("… of the Russian Federation",
    "Belarusian …") and none is in common, or the query's name names a country the entry is
    not in: another country's body of the same kind."""
    if entry.schema in PERSON_SCHEMATA or query.schema in PERSON_SCHEMATA:
        return NO_RESULT
    qc = {c for n in query.names for c in canonical_org_name(n).countries}
    if not qc:
        return NO_RESULT
    ec = {c for n in entry.names for c in canonical_org_name(n).countries} or set(entry.countries)
    if not ec or qc & ec:
        return NO_RESULT
    return FeatureResult(1.0, f"name says {','.join(sorted(qc))}, entry {','.join(sorted(ec))}",
                         ",".join(sorted(qc)), ",".join(sorted(ec)))
