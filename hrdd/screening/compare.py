"""Feature functions: ``(query, entry, config) -> FeatureResult``.

Each feature is a typed function whose docstring is its explanation, shown to reviewers and
in ``docs/screening.md``; the matcher (``hrdd.screening.matcher``) weighs them. Main features
say how strongly the pair looks like the same party; qualifiers (negative weights) say what
speaks against it, positive-free qualifiers with weight 0 only corroborate for tie ordering.
"""

from collections.abc import Callable, Mapping

from hrdd.screening import schemata
from hrdd.screening.align import NameScore, compare_names, quick_similarities
from hrdd.screening.normalize import PERSON_SCHEMATA, acronym, name_tokens, transliterate
from hrdd.screening.record import Record
from hrdd.screening.result import NO_RESULT, FeatureResult

Config = Mapping[str, float]
# entries with many aliases (OpenSanctions merges dozens): only the closest pairs by a cheap
# token-set similarity get the full alignment
MAX_FULL_COMPARISONS = 6


def compared_pairs(qnames: tuple[str, ...], names: tuple[str, ...], schema: str) -> list[tuple[str, str]]:
    """The (query name, name) pairs a name feature compares in full: all of them, or for entries
    with many aliases the ``MAX_FULL_COMPARISONS`` closest by a cheap token-set similarity."""
    pairs = [(qname, name) for qname in qnames for name in names]
    if len(pairs) > MAX_FULL_COMPARISONS:
        similarity = quick_similarities(qnames, names, schema)
        order = sorted(range(len(pairs)), key=lambda i: -similarity[i])  # stable, as a sort of the pairs
        pairs = [pairs[i] for i in order[:MAX_FULL_COMPARISONS]]
    return pairs


def _best_name(query: Record, names: tuple[str, ...], schema: str,
               compare_fn: Callable[[str, str, str], NameScore] = compare_names) -> NameScore | None:
    best: NameScore | None = None
    for qname, name in compared_pairs(query.names, names, schema):
        scored = compare_fn(qname, name, schema)
        if best is None or scored.score > best.score:
            best = scored
            if best.score >= 1.0:
                return best
    return best


best_name_by = _best_name


def _compare_schema(query: Record, entry: Record) -> str:
    if entry.schema in PERSON_SCHEMATA or query.schema in PERSON_SCHEMATA:
        return "Person"
    return entry.schema


def name_match(query: Record, entry: Record, config: Config) -> FeatureResult:
    """How similar the best pair of query name and listed name or alias is, after transliteration,
    legal-form normalisation and alignment of name parts (symbols, then edit distance)."""
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


ACRONYM_STOP = frozenset({"of", "and", "the", "for"})


def initials(tokens: tuple[str, ...]) -> str:
    """The initials of a multi-word name's tokens, its small words ("of", "and" …) left out; "" for one word."""
    return acronym(tuple(t for t in tokens if t not in ACRONYM_STOP))


def acronym_match(query: Record, entry: Record, config: Config) -> FeatureResult:
    """One side's name is a single word spelling the initials of a multi-word name on the other
    side (organisations only), e.g. "ICBC" for "Industrial and Commercial Bank of China"."""
    schema = entry.schema
    if schema in PERSON_SCHEMATA or query.schema in PERSON_SCHEMATA:
        return NO_RESULT
    min_len = int(config["acronym_min_length"])
    for qname in query.names:
        qtok = name_tokens(qname, schema)
        q_short = len(qtok) == 1 and len(qtok[0]) >= min_len
        for name in entry.names:
            etok = name_tokens(name, schema)
            if q_short:  # the query's name as the acronym of the entry's
                found = initials(etok)
                if found and found == qtok[0]:
                    return FeatureResult(1.0, f"'{qname}' = initials of '{name}'", qname, name)
            if len(etok) == 1 and len(etok[0]) >= min_len:  # the entry's name as the query's
                found = initials(qtok)
                if found and found == etok[0]:
                    return FeatureResult(1.0, f"'{name}' = initials of '{qname}'", qname, name)
    return NO_RESULT


def identifier_match(query: Record, entry: Record, config: Config) -> FeatureResult:
    """The query and the entry share an identifier (LEI, registration, tax, IMO, OGRN, INN,
    passport …) after normalisation; decisive on its own."""
    if not query.identifiers or not entry.identifiers:
        return NO_RESULT  # most pairs: nothing to compare
    entry_ids = {value: prop for prop, value in entry.identifiers}
    for prop, value in query.identifiers:
        if value in entry_ids:
            return FeatureResult(1.0, f"{entry_ids[value]} {value}", f"{prop}:{value}", value)
    return NO_RESULT


def identifier_mismatch(query: Record, entry: Record, config: Config) -> FeatureResult:
    """Both sides give an identifier of the same kind and none agrees (e.g. different LEIs)."""
    if not query.identifiers or not entry.identifiers:
        return NO_RESULT
    qprops = {p for p, _ in query.identifiers}
    shared = qprops & {p for p, _ in entry.identifiers}
    if not shared or {v for _, v in query.identifiers} & {v for _, v in entry.identifiers}:
        return NO_RESULT
    prop = min(shared)
    return FeatureResult(1.0, f"different {prop}", prop, prop)


def country_mismatch(query: Record, entry: Record, config: Config) -> FeatureResult:
    """Both sides name countries and they have none in common."""
    if not query.countries or not entry.countries or set(query.countries) & set(entry.countries):
        return NO_RESULT
    q, e = ",".join(query.countries), ",".join(entry.countries)
    return FeatureResult(1.0, f"{q} vs {e}", q, e)


# words that make up the names of public bodies everywhere: a name made only of these
# ("Ministry of Interior", "National Police") names a different body in every country
GENERIC_BODY_WORDS = frozenset(["ministry", "ministere", "ministerio", "of", "the", "and", "for", "de", "del", "la", "le", "el", "des", "du", "al", "interior", "internal", "home", "affairs", "police", "national", "state", "federal", "republic", "general", "directorate", "department", "office", "bureau", "agency", "service", "services", "security", "intelligence", "public", "safety", "defence", "defense", "armed", "forces", "army", "navy", "air", "force", "guard", "border", "customs", "justice", "prosecutor", "prosecution", "court", "supreme", "council", "committee", "commission", "authority", "administration", "government", "central", "investigation", "investigations", "criminal", "protection", "civil", "military", "special", "unit", "division", "command", "headquarters", "presidency", "presidential", "royal"])


def _is_generic_body_name(name: str) -> bool:
    words = transliterate(name).split()
    return bool(words) and all(w in GENERIC_BODY_WORDS for w in words)


def country_mismatch_generic_name(query: Record, entry: Record, config: Config) -> FeatureResult:
    """The countries differ and the matched name is a generic name of a public body ("Ministry
    of Interior", "State Security Service"): every country has one, so it is another body."""
    mismatch = country_mismatch(query, entry, config)
    if mismatch.score == 0 or not any(_is_generic_body_name(n) for n in query.names):
        return NO_RESULT
    return FeatureResult(1.0, f"generic body name; {mismatch.detail}", mismatch.query, mismatch.candidate)


def country_match(query: Record, entry: Record, config: Config) -> FeatureResult:
    """Both sides name a common country (corroborates; orders ties)."""
    common = sorted(set(query.countries) & set(entry.countries))
    return FeatureResult(1.0, ",".join(common), ",".join(common), ",".join(common)) if common else NO_RESULT


def _years(dates: tuple[str, ...]) -> set[str]:
    return {d[:4] for d in dates if len(d) >= 4}


def dob_year_disjoint(query: Record, entry: Record, config: Config) -> FeatureResult:
    """Both persons have birth dates and no birth year agrees."""
    if not query.birth_dates or not entry.birth_dates:
        return NO_RESULT
    qy, ey = _years(query.birth_dates), _years(entry.birth_dates)
    if not qy or not ey or qy & ey:
        return NO_RESULT
    return FeatureResult(1.0, f"born {','.join(sorted(qy))} vs {','.join(sorted(ey))}",
                         ",".join(sorted(qy)), ",".join(sorted(ey)))


def dob_day_disjoint(query: Record, entry: Record, config: Config) -> FeatureResult:
    """Birth years agree but no full birth date does (a day/month swap counts half)."""
    if not query.birth_dates or not entry.birth_dates:
        return NO_RESULT
    qd = {d[:10] for d in query.birth_dates if len(d) >= 10}
    ed = {d[:10] for d in entry.birth_dates if len(d) >= 10}
    if not qd or not ed or qd & ed or not _years(tuple(qd)) & _years(tuple(ed)):
        return NO_RESULT
    swapped = {f"{d[:4]}-{d[8:10]}-{d[5:7]}" for d in qd}
    score = 0.5 if swapped & ed else 1.0
    return FeatureResult(score, f"born {','.join(sorted(qd))} vs {','.join(sorted(ed))}",
                         ",".join(sorted(qd)), ",".join(sorted(ed)))


def dob_match(query: Record, entry: Record, config: Config) -> FeatureResult:
    """Both persons share a birth date (or year, when only years are known); corroborates."""
    if not query.birth_dates or not entry.birth_dates:
        return NO_RESULT
    qd, ed = set(query.birth_dates), set(entry.birth_dates)
    common = qd & ed or (_years(query.birth_dates) & _years(entry.birth_dates))
    return FeatureResult(1.0, ",".join(sorted(common))) if common else NO_RESULT


def schema_mismatch(query: Record, entry: Record, config: Config) -> FeatureResult:
    """The query and the entry are kinds of party that cannot be the same (a person and a
    company, a vessel and an organisation)."""
    if schemata.compatible(query.schema, entry.schema):
        return NO_RESULT
    return FeatureResult(1.0, f"{query.schema} vs {entry.schema}", query.schema, entry.schema)
