"""Scorers for side-by-side runs: ours, and nomenklatura's logic-v2/logic-v1 when installed.

nomenklatura is the optional ``compare`` extra (``pip install 'hrdd[compare]'``); when it is
absent the benchmark and the evaluation print a note and skip its columns.
"""

from collections.abc import Callable
from typing import Any

from hrdd.screening.matcher import DefaultMatcher, HrddMatcherV1
from hrdd.screening.record import Record

Scorer = Callable[[Record, Record], float]
OURS = DefaultMatcher.algorithm()
PREVIOUS = HrddMatcherV1.algorithm()
NOMENKLATURA_ALGOS = ("logic-v2", "logic-v1")


def nomenklatura_version() -> str | None:
    try:
        from importlib.metadata import version

        import nomenklatura  # noqa: F401
    except ImportError:
        return None
    return version("nomenklatura")


def hrdd_scorer(matcher: type[HrddMatcherV1] = DefaultMatcher) -> Scorer:
    return lambda q, c: matcher.compare(q, c).score


def nomenklatura_scorer(name: str) -> Scorer:
    """A scorer over FtM entities made from the records (cached per record so nomenklatura's
    per-entity-id name analysis cache is used as in yente)."""
    from followthemoney import model
    from nomenklatura.matching import get_algorithm

    algo: Any = get_algorithm(name)
    if algo is None:
        raise ValueError(f"nomenklatura has no algorithm {name}")
    config = algo.default_config()
    cache: dict[tuple[Any, ...], Any] = {}

    def entity(record: Record) -> Any:
        key = (record.schema, record.names, record.weak_aliases, record.countries, record.birth_dates,
               record.identifiers, tuple(sorted(record.extra.items())))
        found = cache.get(key)
        if found is None:
            found = model.make_entity(record.schema)
            found.id = f"e{len(cache)}"
            for name_ in record.names:
                found.add("name", name_)
            for alias in record.weak_aliases:
                found.add("weakAlias", alias)
            for country in record.countries:
                found.add("country", country, quiet=True)
            if record.schema == "Person":
                for dob in record.birth_dates:
                    found.add("birthDate", dob, quiet=True)
            for prop, value in record.extra.items():
                if prop in found.schema.properties:
                    for part in value.split("|"):
                        found.add(prop, part, quiet=True)
            for prop, value in record.identifiers:
                found.add(prop if prop in found.schema.properties else "idNumber", value, quiet=True)
            cache[key] = found
        return found

    return lambda q, c: float(algo.compare(entity(q), entity(c), config).score)


def scorers() -> tuple[dict[str, Scorer], str]:
    """Available scorers by name, and a note about what was skipped."""
    found: dict[str, Scorer] = {OURS: hrdd_scorer(), PREVIOUS: hrdd_scorer(HrddMatcherV1)}
    version = nomenklatura_version()
    if version is None:
        return found, "nomenklatura is not installed (optional `compare` extra): logic-v2/logic-v1 columns skipped"
    for name in NOMENKLATURA_ALGOS:
        found[name] = nomenklatura_scorer(name)
    return found, f"nomenklatura {version}"
