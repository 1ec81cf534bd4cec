"""The per-pair and per-candidate code of the warm match as it was before its speed-ups (issue
14), kept as the reference that tests/screening/test_match_speedups.py compares today's with:
same scores, same explanations, pair by pair and feature by feature.

Each function is the earlier body with today's unchanged helpers (rigour's primitives, the
analysis and token caches, the v2 checks that did not change).
"""

from collections.abc import Callable

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein
from rigour.names import Alignment, Name, NamePart, align_person_name_order, compare_parts, pair_symbols

from hrdd.screening import align, names_v2
from hrdd.screening.align import NameScore
from hrdd.screening.canonical import canonical_org_name
from hrdd.screening.compare_v2 import _core_token
from hrdd.screening.normalize import OBJECT_SCHEMATA, PERSON_SCHEMATA, acronym, name_tokens, transliterate
from hrdd.screening.record import Record
from hrdd.screening.result import NO_RESULT, FeatureResult

MAX_FULL_COMPARISONS = 6


def quick_similarity(query: str, candidate: str, schema: str) -> float:
    q, c = name_tokens(query, schema), name_tokens(candidate, schema)
    if not q or not c:
        return 0.0
    return float(fuzz.token_set_ratio(" ".join(q), " ".join(c))) / 100.0


def score_alignments(alignments: list[Alignment], extra_query: float, extra_result: float,
                     qw: dict[int, float], rw: dict[int, float]) -> float:
    matched = gained = query_only = result_only = 0.0
    any_query_only = any_result_only = False
    for al in alignments:
        qps, rps = al.qps, al.rps
        wq = 0.0
        for part in qps:
            wq += qw[part.index]
        wr = 0.0
        for part in rps:
            wr += rw[part.index]
        if qps and rps:
            weight = max(wq, wr)
            score = al.score
            if al.symbol is None and (align._is_initial_of(al.qstr, al.rstr) or align._is_initial_of(al.rstr, al.qstr)):
                score, weight = max(score, align.INITIAL_SCORE), 2.0
            matched += weight
            gained += weight * score
        elif qps:
            query_only += wq
            any_query_only = True
        elif rps:
            result_only += wr
            any_result_only = True
    if any_query_only and any_result_only:
        extra_result = max(extra_result, align.CONFLICT_RESULT_WEIGHT)
        extra_query = max(extra_query, align.CONFLICT_RESULT_WEIGHT)
    total = matched + query_only * extra_query + result_only * extra_result
    return gained / total if total else 0.0


def best_pairing(qname: Name, rname: Name) -> list[Alignment]:
    best: list[Alignment] = []
    best_cover = 0
    for pairing in pair_symbols(qname, rname):
        cover = sum(len(a.qps) + len(a.rps) for a in pairing)
        if cover > best_cover:
            best, best_cover = list(pairing), cover
    return best


def align_names(query: align._Analysed, result: align._Analysed, person: bool, extra_result: float
                ) -> tuple[float, list[Alignment]]:
    extra_query = align.EXTRA_QUERY_WEIGHT_PERSON if person else align.EXTRA_QUERY_WEIGHT
    qname: Name = query.name
    rname: Name = result.name
    symbols = best_pairing(qname, rname)
    used_q: set[int] = set()
    used_r: set[int] = set()
    for al in symbols:
        for part in al.qps:
            used_q.add(part.index)
        for part in al.rps:
            used_r.add(part.index)
    rest_q = [p for p in qname.parts if p.index not in used_q]
    rest_r = [p for p in rname.parts if p.index not in used_r]
    if person:
        rest_q, rest_r = align_person_name_order(rest_q, rest_r)
    else:
        rest_q, rest_r = NamePart.tag_sort(rest_q), NamePart.tag_sort(rest_r)
    residue = list(compare_parts(rest_q, rest_r)) if (rest_q or rest_r) else []
    alignments = symbols + residue
    return score_alignments(alignments, extra_query, extra_result, query.weights, result.weights), alignments


def notes_of(alignments: list[Alignment]) -> list[str]:
    notes: list[str] = []
    for al in alignments:
        if al.qps and al.rps:
            kind = f"symbol {str(al.symbol.category).rsplit('.', 1)[-1]}" if al.symbol is not None else "fuzzy"
            notes.append(f"'{al.qstr}'~'{al.rstr}' {kind} {al.score:.2f}")
        elif al.qps:
            notes.append(f"'{al.qstr}' unmatched in query")
        elif al.rps:
            notes.append(f"'{al.rstr}' only in entry")
    return notes


def compare_names(query: str, candidate: str, schema: str) -> NameScore:
    person = schema in PERSON_SCHEMATA
    extra_result = 1.0 if schema in OBJECT_SCHEMATA else align.EXTRA_RESULT_WEIGHT
    qtokens, rtokens = name_tokens(query, schema), name_tokens(candidate, schema)
    if align.is_han(query) and align.is_han(candidate):
        qc, rc = "".join(query.split()), "".join(candidate.split())
        sim = Levenshtein.normalized_similarity(qc, rc)
        return NameScore(round(sim, 4), query, candidate, f"'{qc}'~'{rc}' characters {sim:.2f}")
    if qtokens and (qtokens == rtokens or (person and sorted(qtokens) == sorted(rtokens))):
        return NameScore(1.0, query, candidate, f"'{' '.join(qtokens)}' literal match")
    if qtokens and rtokens and quick_similarity(query, candidate, schema) < align.QUICK_GATE and not (
            align.is_abjad(query) or align.is_abjad(candidate)):
        return NameScore(0.0, query, candidate, "no similar name parts")
    best, notes = 0.0, ["no aligned parts"]
    kept: list[Alignment] | None = None
    for qname in align._analysed(query, schema):
        for rname in align._analysed(candidate, schema):
            score, alignments = align_names(qname, rname, person, extra_result)
            if score > best:
                best, kept = score, alignments
    if kept is not None:
        notes = notes_of(kept)
    if len(qtokens) != len(rtokens) and min(map(len, qtokens + rtokens), default=0) > 1:
        joined = align.joined_similarity(qtokens, rtokens, person)
        if joined >= align.JOINED_MIN and joined * align.JOINED_FACTOR > best:
            best = joined * align.JOINED_FACTOR
            notes = [f"joined '{''.join(qtokens)}'~'{''.join(rtokens)}' {joined:.2f}"]
    if align.is_abjad(query) or align.is_abjad(candidate):
        skel = align._skeleton_score(qtokens, rtokens) * align.SKELETON_FACTOR
        if skel > best:
            best = skel
            notes = [f"consonant skeleton of transliterated '{' '.join(qtokens)}' {skel:.2f}"]
    if best > 0:
        qnums = {t for t in qtokens if t.isdigit()}
        rnums = {t for t in rtokens if t.isdigit()}
        if qnums != rnums:
            best *= align.NUMBER_PARTIAL_FACTOR if qnums & rnums else align.NUMBER_MISMATCH_FACTOR
            notes.append(f"numbers differ ({','.join(sorted(qnums)) or '-'} vs {','.join(sorted(rnums)) or '-'})")
    return NameScore(round(best, 4), query, candidate, "; ".join(notes))


def compare_names_v2(query: str, candidate: str, schema: str) -> NameScore:
    base = compare_names(query, candidate, schema)
    score, notes = base.score, [base.detail]
    person = schema in PERSON_SCHEMATA
    if not person:
        cq, cc = canonical_org_name(query), canonical_org_name(candidate)
        if (cq.notes or cc.notes) and cq.text and cc.text:
            canon = compare_names(cq.text, cc.text, schema)
            if canon.score > score:
                score = canon.score
                notes = [canon.detail, *cq.notes, *cc.notes]
        if score >= names_v2.CHECKS_FROM:
            score = names_v2._org_checks(query, candidate, cq.text, cc.text, schema, score, notes)
    qtokens, ctokens = name_tokens(query, schema), name_tokens(candidate, schema)
    if (score < names_v2.DOUBLED_SCORE and len(qtokens) == len(ctokens) and qtokens != ctokens
            and (names_v2.has_doubled_letters(qtokens) or names_v2.has_doubled_letters(ctokens))
            and names_v2.squeezed_tokens(qtokens) == names_v2.squeezed_tokens(ctokens)):
        score = names_v2.DOUBLED_SCORE
        notes = [f"'{' '.join(qtokens)}'~'{' '.join(ctokens)}' equal but for doubled letters"]
    qscript = names_v2.script_key(query)
    if qscript and qscript == names_v2.script_key(candidate) and score > 0:
        qc, cc_ = "".join(ch for ch in query if ch.isalpha()), "".join(ch for ch in candidate if ch.isalpha())
        sim = Levenshtein.normalized_similarity(qc, cc_)
        if qscript in names_v2._SCRIPTS_BY_CHARACTER:
            sim *= sim
        if sim < score:
            score = sim
            notes.append(f"{qscript.lower()} characters '{qc}'~'{cc_}' {sim:.2f}")
    return NameScore(round(score, 4), query, candidate, "; ".join(n for n in notes if n))


def best_name(query: Record, names: tuple[str, ...], schema: str,
              compare_fn: Callable[[str, str, str], NameScore]) -> NameScore | None:
    best: NameScore | None = None
    pairs = [(qname, name) for qname in query.names for name in names]
    if len(pairs) > MAX_FULL_COMPARISONS:
        pairs.sort(key=lambda p: -quick_similarity(p[0], p[1], schema))
        pairs = pairs[:MAX_FULL_COMPARISONS]
    for qname, name in pairs:
        scored = compare_fn(qname, name, schema)
        if best is None or scored.score > best.score:
            best = scored
            if best.score >= 1.0:
                return best
    return best


def acronym_match(query: Record, entry: Record, min_len: int) -> FeatureResult:
    if entry.schema in PERSON_SCHEMATA or query.schema in PERSON_SCHEMATA:
        return NO_RESULT
    for qname in query.names:
        qtok = name_tokens(qname, entry.schema)
        for name in entry.names:
            etok = name_tokens(name, entry.schema)
            for short, long_, s_name, l_name in ((qtok, etok, qname, name), (etok, qtok, name, qname)):
                if len(short) == 1 and len(short[0]) >= min_len:
                    initials = acronym(tuple(t for t in long_ if t not in {"of", "and", "the", "for"}))
                    if initials and initials == short[0]:
                        return FeatureResult(1.0, f"'{s_name}' = initials of '{l_name}'", qname, name)
    return NO_RESULT


def identifier_match(query: Record, entry: Record) -> FeatureResult:
    entry_ids = {value: prop for prop, value in entry.identifiers}
    for prop, value in query.identifiers:
        if value in entry_ids:
            return FeatureResult(1.0, f"{entry_ids[value]} {value}", f"{prop}:{value}", value)
    return NO_RESULT


def acronym_alias_match(query: Record, entry: Record, min_len: int) -> FeatureResult:
    if entry.schema in PERSON_SCHEMATA or query.schema in PERSON_SCHEMATA:
        return NO_RESULT
    for qname in query.names:
        core = _core_token(qname)
        if len(core) < min_len or core == transliterate(qname).replace(" ", ""):
            continue
        for name in entry.names:
            tokens = name_tokens(name, entry.schema)
            initials = acronym(tuple(t for t in tokens if t not in {"of", "and", "the", "for"}))
            if tokens == (core,) or initials == core:
                how = "a listed name" if tokens == (core,) else f"the initials of '{name}'"
                return FeatureResult(1.0, f"'{core}' of '{qname}' is {how}", qname, name)
    return NO_RESULT
