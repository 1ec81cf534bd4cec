"""Territories within a country (Crimea, the so-called DNR/LNR, …) from rigour's territory data.

A case file may name the end user's region as a rigour territory code (``ua-cri``), an ISO
3166-2 code rigour knows (``UA-43``) or a name (``Crimea``, ``Sevastopol``); regional embargoes
are keyed by the same codes, as are OpenSanctions entities.
"""

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
