"""Country codes and names: resolve what a user typed to an ISO 3166-1 alpha-2 code.

The codes are ``hrdd/catalogs/countries/iso.json`` (generated from datasets/country-codes,
ODC-PDDL-1.0, by :func:`hrdd.sources.indicators.iso_codes.build_iso_table`); the names shown
(``name``, ``official_name``) are rigour's territories data (``rigour.territories``), the one
source of country names, so reports, pages and the law profiles agree. The dataset's names and
the authored ``aliases.yaml`` only help resolve what a user typed. Names match after folding case, accents, punctuation and a
leading "the", so "Türkiye", "turkey" and "TUR" all give ``"TR"``.
"""

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process
from rigour.territories import get_territory

from hrdd.catalog.parse import parse_yaml
from hrdd.exc import CatalogError, NotFound

_SUGGEST_CUTOFF = 70.0


@dataclass(frozen=True, slots=True)
class Country:
    alpha2: str
    alpha3: str
    name: str
    official_name: str
    names: tuple[str, ...]
    iso: bool = True  # False for user-assigned codes such as XK (Kosovo)


@dataclass(frozen=True, slots=True)
class _Table:
    by_alpha2: dict[str, Country]
    by_alpha3: dict[str, str]
    by_key: dict[str, str]


def name_key(text: str) -> str:
    """Fold a country name for comparison: no accents, case, punctuation or leading "the"."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    plain = plain.replace("&", " and ")
    plain = re.sub(r"['’`.]", "", plain)
    tokens = re.sub(r"[^0-9a-z]+", " ", plain).split()
    if tokens and tokens[0] == "the":
        tokens = tokens[1:]
    return " ".join("saint" if t == "st" else t for t in tokens)


def _name_variants(name: str) -> set[str]:
    """The name, and the name without a parenthetical ("Iran (Islamic Republic of)" -> "Iran")."""
    variants = {name}
    bare = re.sub(r"\s*\([^)]*\)", "", name).strip()
    if bare:
        variants.add(bare)
    return {name_key(v) for v in variants} - {""}


CATALOG_DIR = Path(__file__).resolve().parent.parent / "catalogs" / "countries"
ISO_TABLE = CATALOG_DIR / "iso.json"


def _read_package_file(name: str) -> str:
    return (CATALOG_DIR / name).read_text(encoding="utf-8")


def territory_names(alpha2: str, name: str, official: str) -> tuple[str, str]:
    """(short name, full name) from rigour's territories; the dataset's only where rigour has none."""
    territory = get_territory(alpha2.lower())
    if territory is None:
        return name, official
    return territory.name, territory.full_name or territory.name


@lru_cache(maxsize=1)
def _table() -> _Table:
    generated: dict[str, Any] = json.loads(_read_package_file("iso.json"))
    parsed = parse_yaml(_read_package_file("aliases.yaml"), "aliases.yaml")  # YAML 1.2: NO is Norway
    if parsed.problems or not isinstance(parsed.data, dict):
        raise CatalogError("invalid country aliases in aliases.yaml", parsed.problems)
    authored: dict[str, Any] = parsed.data
    aliases: dict[str, list[str]] = authored.get("aliases", {})
    countries: list[Country] = []
    for row in generated["countries"]:
        name, official = territory_names(row["alpha2"], row["name"], row["official_name"])
        countries.append(Country(alpha2=row["alpha2"], alpha3=row["alpha3"], name=name, official_name=official,
                                 names=tuple(dict.fromkeys((*row["names"], row["name"], row["official_name"])))))
    for extra in authored.get("extra_countries", []):
        name, official = territory_names(extra["alpha2"], extra["name"], extra["official_name"])
        countries.append(Country(alpha2=extra["alpha2"], alpha3=extra["alpha3"], name=name,
                                 official_name=official, names=(extra["name"],), iso=False))
    by_key: dict[str, str] = {}
    for country in countries:
        for name in (country.name, country.official_name, *country.names, *aliases.get(country.alpha2, [])):
            for key in _name_variants(name):
                by_key.setdefault(key, country.alpha2)
    for code, names in aliases.items():  # authored aliases win over generated variants
        for name in names:
            by_key[name_key(name)] = code
    return _Table(
        by_alpha2={c.alpha2: c for c in countries},
        by_alpha3={c.alpha3: c.alpha2 for c in countries},
        by_key=by_key,
    )


def normalise_country(text: str) -> str | None:
    """The ISO alpha-2 code for a code (alpha-2 any case, alpha-3) or an English name; else None."""
    table = _table()
    stripped = text.strip()
    upper = stripped.upper()
    if len(upper) == 2 and upper in table.by_alpha2:
        return upper
    if len(upper) == 3 and upper in table.by_alpha3:
        return table.by_alpha3[upper]
    key = name_key(stripped)
    if not key:
        return None
    found = table.by_key.get(key)
    if found is None and stripped.count(",") == 1:  # "Tanzania, United Republic of"
        head, tail = stripped.split(",")
        found = table.by_key.get(name_key(f"{tail} {head}"))
    return found


def get_country(code: str) -> Country | None:
    """The country record for an alpha-2 or alpha-3 code (any case), or None."""
    table = _table()
    upper = code.strip().upper()
    alpha2 = table.by_alpha3.get(upper, upper) if len(upper) == 3 else upper
    return table.by_alpha2.get(alpha2)


def country_name(code: str) -> str:
    """The English short name of an alpha-2 or alpha-3 code; raises NotFound for an unknown code."""
    country = get_country(code)
    if country is None:
        suggestion = suggest_country(code)
        hint = f" (did you mean {suggestion}, {_table().by_alpha2[suggestion].name}?)" if suggestion else ""
        raise NotFound(f"unknown country code {code!r}{hint}")
    return country.name


def suggest_country(text: str) -> str | None:
    """The alpha-2 code of the closest known country name, for a "did you mean" message; else None."""
    exact = normalise_country(text)
    if exact:
        return exact
    key = name_key(text)
    if len(key) < 3:
        return None
    table = _table()
    best = process.extractOne(key, table.by_key.keys(), scorer=fuzz.ratio, score_cutoff=_SUGGEST_CUTOFF)
    return table.by_key[best[0]] if best else None


def all_countries() -> tuple[Country, ...]:
    """Every country in the table, ISO entries first, by alpha-2 code."""
    return tuple(sorted(_table().by_alpha2.values(), key=lambda c: (not c.iso, c.alpha2)))
