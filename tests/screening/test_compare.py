"""Each feature on its own: when it fires, and what it reports."""

from hrdd.screening import compare
from hrdd.screening.matcher import HrddMatcherV1
from hrdd.screening.record import Record, query_record

CFG = HrddMatcherV1.default_config()


def _rec(names: list[str], schema: str = "Company", *, countries: tuple[str, ...] = (),
         birth_dates: tuple[str, ...] = (), identifiers: tuple[tuple[str, str], ...] = ()) -> Record:
    return query_record(names, schema=schema, countries=countries, birth_dates=birth_dates,
                        identifiers=identifiers)


def test_identifier_match_and_mismatch() -> None:
    q = _rec(["A"], identifiers=(("registrationNumber", "HRB 1234-5"),))
    same = _rec(["B"], identifiers=(("ogrnCode", "HRB12345"),))
    other = _rec(["B"], identifiers=(("registrationNumber", "HRB99999"),))
    assert compare.identifier_match(q, same, CFG).score == 1.0
    assert "HRB12345" in compare.identifier_match(q, same, CFG).detail
    assert compare.identifier_match(q, other, CFG).score == 0.0
    assert compare.identifier_mismatch(q, other, CFG).score == 1.0
    assert compare.identifier_mismatch(q, same, CFG).score == 0.0  # different kinds: no conflict


def test_birth_date_features() -> None:
    q = _rec(["X"], "Person", birth_dates=("1970-03-04",))
    swapped = _rec(["X"], "Person", birth_dates=("1970-04-03",))
    other_day = _rec(["X"], "Person", birth_dates=("1970-09-09",))
    other_year = _rec(["X"], "Person", birth_dates=("1981",))
    assert compare.dob_day_disjoint(q, swapped, CFG).score == 0.5
    assert compare.dob_day_disjoint(q, other_day, CFG).score == 1.0
    assert compare.dob_year_disjoint(q, other_day, CFG).score == 0.0
    assert compare.dob_year_disjoint(q, other_year, CFG).score == 1.0
    assert compare.dob_match(q, _rec(["X"], "Person", birth_dates=("1970",)), CFG).score == 1.0
    assert compare.dob_match(q, _rec(["X"], "Person"), CFG).score == 0.0


def test_country_features() -> None:
    q = _rec(["X"], countries=("de",))
    assert compare.country_mismatch(q, _rec(["X"], countries=("ir",)), CFG).score == 1.0
    assert compare.country_mismatch(q, _rec(["X"]), CFG).score == 0.0  # unknown is not a conflict
    assert compare.country_match(q, _rec(["X"], countries=("de", "at")), CFG).detail == "de"


def test_weak_alias_needs_near_exact_agreement() -> None:
    entry = Record(schema="Person", names=("Abu Bakr al-Baghdadi",), weak_aliases=("Abu Dua",))
    assert compare.weak_alias_match(_rec(["Abu Dua"], "Person"), entry, CFG).score >= 0.95
    assert compare.weak_alias_match(_rec(["Abu Duha Khan"], "Person"), entry, CFG).score == 0.0


def test_acronym_both_directions_organisations_only() -> None:
    long_ = _rec(["Industrial and Commercial Bank of China"])
    assert compare.acronym_match(_rec(["ICBC"]), long_, CFG).score == 1.0
    assert compare.acronym_match(long_, _rec(["ICBC"]), CFG).score == 1.0
    assert compare.acronym_match(_rec(["IC"]), _rec(["Industrial Credit"]), CFG).score == 0.0  # too short
    assert compare.acronym_match(_rec(["JS"], "Person"), _rec(["John Smith"], "Person"), CFG).score == 0.0


def test_schema_mismatch() -> None:
    person, company = _rec(["X"], "Person"), _rec(["X"], "Company")
    assert compare.schema_mismatch(person, company, CFG).score == 1.0
    assert compare.schema_mismatch(_rec(["X"], "LegalEntity"), company, CFG).score == 0.0


def test_name_match_reports_the_names_used() -> None:
    result = compare.name_match(_rec(["Acme Corp"]), _rec(["Foo Ltd", "ACME Corporation"]), CFG)
    assert result.score > 0.9 and result.candidate == "ACME Corporation" and result.query == "Acme Corp"
