"""The name features of the matchers, computed only as far as they can reach a floor.

Screening at a threshold needs a candidate's name features only when they can reach it
(``HrddMatcherV1.compare_above``). A name feature is the best of the query's names against the
entry's names (or weak aliases); ``hrdd.screening.reach`` bounds each pair cheaply, and a pair
it says cannot reach the floor scores below it. So the best over the pairs that can reach is
the feature's result whenever that result reaches the floor: the pairs left out score less.
When it does not, the functions here answer None ("below the floor") and compare nothing more;
the matcher computes the full feature only if another feature lifts the candidate over the
floor and the result must be recorded. A candidate with five aliases of which one resembles the
query costs one full comparison, not five.

``SLACK`` keeps the answers exact under floating point: a floor ``f / weight`` is lowered by it,
so None always means a score whose weighted value is below ``f``.
"""

from collections.abc import Callable, Mapping

from hrdd.screening import compare, compare_v2, reach
from hrdd.screening.align import NameScore, compare_names
from hrdd.screening.names_v2 import compare_names_v2
from hrdd.screening.record import Record
from hrdd.screening.result import NO_RESULT, FeatureResult

Config = Mapping[str, float]
Compare = Callable[[str, str, str], NameScore]
SLACK = 1e-9


def _best_name_above(query: Record, names: tuple[str, ...], schema: str, compare_fn: Compare,
                     floor: float) -> NameScore | None:
    """``compare.best_name_by`` over the same pairs, skipping those that cannot reach ``floor``."""
    best: NameScore | None = None
    for qname, name in compare.compared_pairs(query.names, names, schema):
        if not reach.name_can_reach(qname, name, schema, floor):
            continue
        scored = compare_fn(qname, name, schema)
        if best is None or scored.score > best.score:
            best = scored
            if best.score >= 1.0:
                return best
    return best


def _name_match_above(query: Record, entry: Record, floor: float, compare_fn: Compare) -> FeatureResult | None:
    floor -= SLACK
    best = _best_name_above(query, entry.names, compare._compare_schema(query, entry), compare_fn, floor)
    if best is None or best.score <= 0:
        return NO_RESULT if NO_RESULT.score >= floor else None
    if best.score < floor:
        return None
    return FeatureResult(best.score, best.detail, best.query, best.candidate)


def _weak_alias_above(query: Record, entry: Record, config: Config, floor: float,
                      compare_fn: Compare) -> FeatureResult | None:
    floor -= SLACK
    if not entry.weak_aliases:
        return NO_RESULT if NO_RESULT.score >= floor else None
    least = config["weak_alias_min"]
    best = _best_name_above(query, entry.weak_aliases, compare._compare_schema(query, entry), compare_fn,
                            max(floor, least - SLACK))
    if best is None or best.score < floor or best.score < least:
        return NO_RESULT if NO_RESULT.score >= floor else None
    return FeatureResult(best.score, best.detail, best.query, best.candidate)


def name_match_v1(query: Record, entry: Record, config: Config, floor: float) -> FeatureResult | None:
    """``compare.name_match`` when it scores at least ``floor``, else None."""
    return _name_match_above(query, entry, floor, compare_names)


def weak_alias_match_v1(query: Record, entry: Record, config: Config, floor: float) -> FeatureResult | None:
    """``compare.weak_alias_match`` when it scores at least ``floor``, else None."""
    return _weak_alias_above(query, entry, config, floor, compare_names)


def name_match_v2(query: Record, entry: Record, config: Config, floor: float) -> FeatureResult | None:
    """``compare_v2.name_match`` when it scores at least ``floor``, else None."""
    return _name_match_above(query, entry, floor, compare_names_v2)


def weak_alias_match_v2(query: Record, entry: Record, config: Config, floor: float) -> FeatureResult | None:
    """``compare_v2.weak_alias_match`` when it scores at least ``floor``, else None."""
    return _weak_alias_above(query, entry, config, floor, compare_names_v2)


# which feature each computes (checked by tests/screening/test_above.py)
Above = Callable[[Record, Record, Config, float], FeatureResult | None]
FULL: dict[Above, Callable[[Record, Record, Config], FeatureResult]] = {name_match_v1: compare.name_match, weak_alias_match_v1: compare.weak_alias_match,
        name_match_v2: compare_v2.name_match, weak_alias_match_v2: compare_v2.weak_alias_match}
