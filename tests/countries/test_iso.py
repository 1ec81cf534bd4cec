"""Country-code resolution: codes, official and common names, suggestions."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hrdd.countries.iso import (
    all_countries,
    country_name,
    get_country,
    name_key,
    normalise_country,
    suggest_country,
)
from hrdd.exc import NotFound

COUNTRIES = all_countries()


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Brazil", "BR"), ("br", "BR"), ("BRA", "BR"), ("bra", "BR"),
        ("Russian Federation", "RU"), ("Russia", "RU"), ("Türkiye", "TR"), ("Turkey", "TR"),
        ("UAE", "AE"), ("United Arab Emirates", "AE"), ("United Kingdom", "GB"), ("UK", "GB"),
        ("United Kingdom of Great Britain and Northern Ireland", "GB"), ("South Korea", "KR"),
        ("Republic of Korea", "KR"), ("North Korea", "KP"), ("Côte d'Ivoire", "CI"),
        ("COTE D’IVOIRE", "CI"), ("Ivory Coast", "CI"), ("Iran (Islamic Republic of)", "IR"),
        ("Iran", "IR"), ("the Netherlands", "NL"), ("St. Lucia", "LC"), ("Viet Nam", "VN"),
        ("Vietnam", "VN"), ("Democratic Republic of the Congo", "CD"), ("DRC", "CD"),
        ("Congo-Brazzaville", "CG"), ("Niger", "NE"), ("Nigeria", "NG"), ("South Sudan", "SS"),
        ("Sudan", "SD"), ("USA", "US"), ("United States of America", "US"), ("Kosovo", "XK"),
        ("  Germany  ", "DE"), ("Burma", "MM"), ("Eswatini", "SZ"), ("Swaziland", "SZ"),
    ],
)
def test_normalise_country_accepts_codes_and_names(text: str, code: str) -> None:
    assert normalise_country(text) == code


@pytest.mark.parametrize("text", ["", "   ", "Atlantis", "ZZ", "QQQ", "Korea"])
def test_normalise_country_returns_none_for_unknown_or_ambiguous(text: str) -> None:
    assert normalise_country(text) is None


def test_country_name_gives_readable_short_names() -> None:
    assert country_name("GB") == "United Kingdom"
    assert country_name("gbr") == "United Kingdom"
    assert country_name("RU") == "Russia"
    assert country_name("TR") == "Türkiye"


def test_country_name_raises_with_suggestion_for_unknown_code() -> None:
    with pytest.raises(NotFound, match="unknown country code 'QQ'"):
        country_name("QQ")


@pytest.mark.parametrize(
    ("typo", "code"),
    [("Brazl", "BR"), ("Germny", "DE"), ("Untied Kingdom", "GB"), ("Phillipines", "PH"), ("Columbia", "CO")],
)
def test_suggest_country_finds_close_names(typo: str, code: str) -> None:
    assert normalise_country(typo) is None
    assert suggest_country(typo) == code


def test_suggest_country_gives_nothing_for_noise() -> None:
    assert suggest_country("xyzzy") is None
    assert suggest_country("q") is None


def test_table_covers_iso_3166_and_marks_user_assigned_codes() -> None:
    iso = [c for c in COUNTRIES if c.iso]
    assert len(iso) >= 249
    assert len({c.alpha2 for c in COUNTRIES}) == len(COUNTRIES)
    assert len({c.alpha3 for c in COUNTRIES}) == len(COUNTRIES)
    kosovo = get_country("XK")
    assert kosovo is not None and not kosovo.iso


@given(st.sampled_from(COUNTRIES))
def test_every_code_and_name_round_trips(country: object) -> None:
    from hrdd.countries.iso import Country

    assert isinstance(country, Country)
    code = country.alpha2
    assert normalise_country(code) == code
    assert normalise_country(code.lower()) == code
    assert normalise_country(country.alpha3) == code
    assert normalise_country(country.name) == code
    assert normalise_country(country.official_name) == code
    for name in country.names:
        assert normalise_country(name) == code


@given(st.sampled_from(COUNTRIES), st.sampled_from([str.upper, str.lower, str.title, lambda s: f"  {s} "]))
def test_names_resolve_whatever_the_case_and_spacing(country: object, change: object) -> None:
    from hrdd.countries.iso import Country

    assert isinstance(country, Country) and callable(change)
    assert normalise_country(change(country.name)) == country.alpha2


@given(st.text(max_size=40))
def test_normalise_country_never_raises_and_returns_a_known_code(text: str) -> None:
    code = normalise_country(text)
    assert code is None or get_country(code) is not None
    suggestion = suggest_country(text)
    assert suggestion is None or get_country(suggestion) is not None


@given(st.text(max_size=40))
def test_name_key_is_idempotent(text: str) -> None:
    assert name_key(name_key(text)) == name_key(text)


def test_names_shown_come_from_rigour_and_agree_for_every_shipped_country() -> None:
    from rigour.territories import get_territory

    from hrdd.countries.iso import country_name
    from hrdd.countries.laws import all_law_profiles
    from hrdd.countries.misuse import shipped_catalog

    shipped = set(all_law_profiles()) | set(shipped_catalog().country_terms)
    for code in sorted(shipped):
        territory = get_territory(code.lower())
        assert territory is not None, code
        assert country_name(code) == territory.name, code
    for code, profile in all_law_profiles().items():
        assert profile.name == country_name(code), f"{code}: the profile says {profile.name!r}"
    assert country_name("TR") == "Türkiye" and country_name("CD") == "DR Congo"
