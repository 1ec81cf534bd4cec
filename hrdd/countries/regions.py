"""Territories within a country (Crimea, the so-called DNR/LNR, …) from rigour's territory data.

A case file may name the end user's region as a rigour territory code (``ua-cri``), an ISO
3166-2 code rigour knows (``UA-43``) or a name (``Crimea``, ``Sevastopol``); regional embargoes
are keyed by the same codes, as are OpenSanctions entities. ``world_region`` places a country in
its UN M49 region (the transparency report's regions).
"""

import json
from functools import lru_cache
from pathlib import Path

from rigour.territories import get_territory, lookup_territory


def normalise_region(text: str, country: str) -> str | None:
    """The rigour code of a territory of ``country`` (ISO alpha-2) named by ``text``, or None."""
    found = get_territory(text.strip().lower()) or lookup_territory(text.strip())
    if found is None or found.is_country or found.parent is None:
        return None
    return found.code if found.parent.code == country.lower() else None


def region_name(code: str) -> str:
    """The display name of a territory code (the code itself when rigour does not know it)."""
    found = get_territory(code)
    return found.name if found is not None else code


def regions_of(country: str) -> list[str]:
    """The territory codes rigour knows within a country, for suggestions."""
    from rigour.territories import get_territories

    return sorted(t.code for t in get_territories()
                  if t.parent is not None and t.parent.code == country.lower() and not t.is_historical)


# world regions (UN M49, as datasets/country-codes gives them in iso.json) for countries the table
# has none for
_EXTRA_REGIONS = {"XK": "Europe"}


@lru_cache(maxsize=1)
def _world_regions() -> dict[str, str]:
    rows = json.loads((Path(__file__).resolve().parent.parent / "catalogs" / "countries" / "iso.json")
                      .read_text(encoding="utf-8"))["countries"]
    return {**{r["alpha2"]: r["region"] for r in rows if r.get("region")}, **_EXTRA_REGIONS}


def world_region(country: str) -> str | None:
    """The UN M49 region (Africa, Americas, Asia, Europe, Oceania) of an ISO alpha-2 country code;
    None for a code the table does not place (Antarctica) or does not know. The transparency report
    groups destinations by it."""
    return _world_regions().get(country.strip().upper())
