"""The matcher: a versioned table of weighted features and qualifiers (nomenklatura's contract).

Score = the strongest main feature (score × weight), plus the weighted qualifiers, clipped to
0..1; qualifiers are evaluated only when a main feature fired. A ``NAME`` and ``VERSION`` are
recorded with every result so that past screenings can be reproduced; a changed feature table
gets a new version and the old class stays importable.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType
from typing import NamedTuple

from hrdd.exc import ConfigError
from hrdd.screening import above, compare, compare_v2, reach
from hrdd.screening.gate import Gate, build_gate
from hrdd.screening.record import Record
from hrdd.screening.result import FeatureOutcome, FeatureResult, MatchResult

FeatureFunc = Callable[[Record, Record, Mapping[str, float]], FeatureResult]
# (query, entry, config, floor) -> the feature's result when it scores at least floor, else None
AboveFunc = Callable[[Record, Record, Mapping[str, float], float], FeatureResult | None]


@lru_cache(maxsize=256)
def _explain(func: FeatureFunc) -> str:
    return " ".join((func.__doc__ or func.__name__).split())


@dataclass(frozen=True, slots=True)
class Feature:
    """One row of a matcher's table; the function's docstring is its explanation."""

    func: FeatureFunc
    weight: float
    qualifier: bool = False
    above: AboveFunc | None = None  # a costly main feature computed only as far as it reaches a floor

    @property
    def name(self) -> str:
        return self.func.__name__

    @property
    def explanation(self) -> str:
        return _explain(self.func)


@dataclass(frozen=True, slots=True)
class ConfigVar:
    """A tunable of a matcher, declared with its type, meaning and default."""

    name: str
    description: str
    default: float
    type: type = float


# attributes besides the name whose agreement corroborates a hit (tie ordering)
CORROBORATING = ("identifier_match", "country_match", "dob_match", "weak_alias_match", "acronym_match",
                 "acronym_alias_match")


class HrddMatcherV1:
    """Name alignment over transliterated, legal-form-normalised names (rigour symbols and
    fuzzy part alignment), identifiers decisive, country/birth-date/identifier/schema conflicts
    as penalties. Evaluated in ``bench/results/screening_eval.md``; not validated for
    regulated screening on its own — a reviewer judges every alert."""

    NAME = "hrdd-v1"
    VERSION = "1.1"
    DEFAULT_THRESHOLD = 0.7
    FEATURES: tuple[Feature, ...] = (
        Feature(compare.name_match, 1.0, above=above.name_match_v1),
        Feature(compare.identifier_match, 1.0),
        Feature(compare.weak_alias_match, 0.8, above=above.weak_alias_match_v1),
        Feature(compare.acronym_match, 0.75),
        Feature(compare.country_mismatch, -0.2, qualifier=True),
        Feature(compare.country_mismatch_generic_name, -0.4, qualifier=True),
        Feature(compare.dob_year_disjoint, -0.15, qualifier=True),
        Feature(compare.dob_day_disjoint, -0.25, qualifier=True),
        Feature(compare.identifier_mismatch, -0.2, qualifier=True),
        Feature(compare.schema_mismatch, -1.0, qualifier=True),
        Feature(compare.country_match, 0.0, qualifier=True),
        Feature(compare.dob_match, 0.0, qualifier=True),
    )
    CONFIG: tuple[ConfigVar, ...] = (
        ConfigVar("weak_alias_min", "Least name similarity for a weak alias to count.", 0.95),
        ConfigVar("acronym_min_length", "Least length of a one-word acronym.", 3.0),
    )

    @classmethod
    def algorithm(cls) -> str:
        return f"{cls.NAME}@{cls.VERSION}"

    @classmethod
    def default_config(cls) -> dict[str, float]:
        return {var.name: var.default for var in cls.CONFIG}

    @classmethod
    def compare(cls, query: Record, entry: Record, config: Mapping[str, float] | None = None) -> MatchResult:
        cfg, outcomes, main = cls._main_features(query, entry, config)
        return cls._qualify(query, entry, cfg, outcomes, main)

    @classmethod
    def compare_above(cls, query: Record, entry: Record, floor: float,
                      config: Mapping[str, float] | None = None) -> MatchResult | None:
        """The result, or None when the pair cannot score ``floor``: its strongest main feature
        is below it and the qualifiers, whose weights are not positive, can only lower the
        score, so they are not evaluated. Exact for screening at a threshold: a pair this
        returns None for is one that ``compare`` scores below ``floor``."""
        table = _TABLES.get(cls) or _table(cls)
        cfg = table.defaults if config is None else {**table.defaults, **config}
        if table.lowering and table.reaching and reach.is_enabled():
            found = _results_above(table, query, entry, cfg, floor)
            if found is None:
                return None  # most candidates: not even their names are aligned
            results = found
        else:
            results = [func(query, entry, cfg) for func in table.main_funcs]
        main = 0.0
        for result, weight in zip(results, table.main_weights, strict=True):
            main = max(main, result.score * weight)
        if main < floor and table.lowering:
            return None  # most candidates: no outcome is built for them
        outcomes = [FeatureOutcome(name, weight, False, explanation, result)
                    for result, (_, name, weight, explanation) in zip(results, table.mains, strict=True)]
        return cls._qualify(query, entry, cfg, outcomes, main)

    @classmethod
    def gate(cls, query: Record, floor: float, config: Mapping[str, float] | None = None) -> Gate | None:
        """What sets aside, per candidate of ``query`` and in one step, those ``compare_above``
        returns None for at ``floor`` (``hrdd.screening.gate``); None when it cannot here (every
        candidate then goes to ``compare_above``)."""
        table = _TABLES.get(cls) or _table(cls)
        if not (table.lowering and table.reaching and reach.is_enabled()):
            return None
        cfg = table.defaults if config is None else {**table.defaults, **config}
        return build_gate(query, tuple(zip(table.main_funcs, table.main_weights, strict=True)), floor, cfg)

    @classmethod
    def _main_features(cls, query: Record, entry: Record, config: Mapping[str, float] | None
                       ) -> tuple[Mapping[str, float], list[FeatureOutcome], float]:
        table = _table(cls)
        cfg = table.defaults if config is None else {**table.defaults, **config}
        outcomes: list[FeatureOutcome] = []
        main = 0.0
        for func, name, weight, explanation in table.mains:
            result = func(query, entry, cfg)
            outcomes.append(FeatureOutcome(name, weight, False, explanation, result))
            main = max(main, result.score * weight)
        return cfg, outcomes, main

    @classmethod
    def _qualify(cls, query: Record, entry: Record, cfg: Mapping[str, float], outcomes: list[FeatureOutcome],
                 main: float) -> MatchResult:
        score = main
        if main > 0:
            for func, name, weight, explanation in _table(cls).qualifiers:
                result = func(query, entry, cfg)
                outcomes.append(FeatureOutcome(name, weight, True, explanation, result))
                score += result.score * weight
        name_result = next((o.result for o in outcomes if o.name == "name_match"), None)
        corroboration = sum(1 for o in outcomes if o.result.score > 0 and o.name in CORROBORATING)
        return MatchResult(
            score=min(1.0, max(0.0, score)),
            features=tuple(outcomes),
            query_name=(name_result.query if name_result and name_result.query
                        else (query.names[0] if query.names else "")),
            matched_name=(name_result.candidate if name_result and name_result.candidate
                          else (entry.names[0] if entry.names else "")),
            corroboration=corroboration,
            algorithm=cls.algorithm(),
        )


_Row = tuple[FeatureFunc, str, float, str]


class _Table(NamedTuple):
    """A matcher's feature table as the hot path reads it."""

    mains: tuple[_Row, ...]
    qualifiers: tuple[_Row, ...]
    defaults: Mapping[str, float]
    lowering: bool  # the qualifiers can only lower a score (no positive weight)
    main_funcs: tuple[FeatureFunc, ...]
    main_weights: tuple[float, ...]
    main_above: tuple[AboveFunc | None, ...]  # each main feature computed only as far as it reaches a floor
    reaching: bool  # some main feature has one


def _results_above(table: _Table, query: Record, entry: Record, cfg: Mapping[str, float],
                   floor: float) -> list[FeatureResult] | None:
    """The main features' results, in table order, or None when none can score ``floor``. The
    costly features are computed as far as they reach it (``hrdd.screening.above``); one that
    does not is computed in full only when another feature reaches the floor (its result is then
    recorded). Main weights are positive."""
    results: list[FeatureResult | None] = []
    reachable = False
    for func, weight, above_floor in zip(table.main_funcs, table.main_weights, table.main_above, strict=True):
        if above_floor is None:
            full = func(query, entry, cfg)
            reachable = reachable or full.score * weight >= floor
            results.append(full)
        else:
            partial = above_floor(query, entry, cfg, floor / weight)
            reachable = reachable or partial is not None
            results.append(partial)
    if not reachable:
        return None
    return [func(query, entry, cfg) if result is None else result
            for func, result in zip(table.main_funcs, results, strict=True)]


_TABLES: dict[type["HrddMatcherV1"], _Table] = {}


def _table(matcher: type[HrddMatcherV1]) -> _Table:
    """A matcher's feature table split into main features and qualifiers, with names,
    explanations and the default configuration resolved once (it runs for every candidate)."""
    table = _TABLES.get(matcher)
    if table is None:
        rows = [(f.qualifier, (f.func, f.name, f.weight, f.explanation)) for f in matcher.FEATURES]
        qualifiers = tuple(r for q, r in rows if q)
        mains = tuple(r for q, r in rows if not q)
        bounds = tuple(f.above for f in matcher.FEATURES if not f.qualifier)
        table = _TABLES[matcher] = _Table(mains=mains, qualifiers=qualifiers,
                                          defaults=MappingProxyType(matcher.default_config()),
                                          lowering=all(r[2] <= 0 for r in qualifiers),
                                          main_funcs=tuple(r[0] for r in mains),
                                          main_weights=tuple(r[2] for r in mains),
                                          main_above=bounds,
                                          reaching=any(b is not None for b in bounds)
                                          and all(r[2] > 0 for r in mains))
    return table


class HrddMatcherV2(HrddMatcherV1):
    """hrdd-v1 plus: organisation names compared in canonical form (country names and demonyms via
    rigour's territories, state-body words of other scripts translated, parenthesised country
    qualifiers), same-script character checks (CJK, Bengali, Persian …), doubled letters,
    distinguishing words and partial cover of longer names, acronyms with descriptive words,
    name parts, conflicting initials, gender, birth dates penalised by distance, legal forms of
    different kinds. Scores of v1 stay reproducible with ``HRDD_SCREENING_MATCHER=hrdd-v1``."""

    NAME = "hrdd-v2"
    VERSION = "2.0"
    FEATURES: tuple[Feature, ...] = (
        Feature(compare_v2.name_match, 1.0, above=above.name_match_v2),
        Feature(compare.identifier_match, 1.0),
        Feature(compare_v2.weak_alias_match, 0.8, above=above.weak_alias_match_v2),
        Feature(compare.acronym_match, 0.75),
        Feature(compare_v2.acronym_alias_match, 0.8),
        Feature(compare.country_mismatch, -0.2, qualifier=True),
        Feature(compare.country_mismatch_generic_name, -0.4, qualifier=True),
        Feature(compare_v2.name_country_conflict, -0.4, qualifier=True),
        Feature(compare_v2.dob_distance, -0.6, qualifier=True),
        Feature(compare.dob_day_disjoint, -0.25, qualifier=True),
        Feature(compare_v2.name_parts_conflict, -0.5, qualifier=True),
        Feature(compare_v2.middle_initial_conflict, -0.3, qualifier=True),
        Feature(compare_v2.gender_mismatch, -0.35, qualifier=True),
        Feature(compare_v2.legal_form_conflict, -0.4, qualifier=True),
        Feature(compare.identifier_mismatch, -0.2, qualifier=True),
        Feature(compare.schema_mismatch, -1.0, qualifier=True),
        Feature(compare.country_match, 0.0, qualifier=True),
        Feature(compare.dob_match, 0.0, qualifier=True),
    )


MATCHERS: dict[str, type[HrddMatcherV1]] = {m.NAME: m for m in (HrddMatcherV1, HrddMatcherV2)}
DefaultMatcher: type[HrddMatcherV1] = HrddMatcherV2


def get_matcher(name: str) -> type[HrddMatcherV1]:
    """The matcher class of a name ("hrdd-v2", "hrdd-v1"; a version suffix "@2.0" is ignored)."""
    found = MATCHERS.get(name.split("@", 1)[0].strip())
    if found is None:
        raise ConfigError(f"unknown screening matcher {name!r}; expected one of {', '.join(MATCHERS)}")
    return found
