"""Case table for hrdd-v1: pairs that must alert and pairs that must not, at the default threshold."""

from dataclasses import dataclass, field

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hrdd.screening.matcher import HrddMatcherV1
from hrdd.screening.normalize import name_tokens
from hrdd.screening.record import Record, query_record

THRESHOLD = HrddMatcherV1.DEFAULT_THRESHOLD


@dataclass(frozen=True)
class Case:
    query: str
    listed: str
    schema: str = "LegalEntity"
    listed_schema: str = ""
    aliases: tuple[str, ...] = ()
    q_country: tuple[str, ...] = ()
    l_country: tuple[str, ...] = ()
    q_dob: tuple[str, ...] = ()
    l_dob: tuple[str, ...] = ()
    q_ids: tuple[tuple[str, str], ...] = ()
    l_ids: tuple[tuple[str, str], ...] = ()
    note: str = field(default="", compare=False)


def _pair(case: Case) -> tuple[Record, Record]:
    query = query_record([case.query], schema=case.schema, countries=case.q_country, birth_dates=case.q_dob,
                         identifiers=case.q_ids)
    base = query_record([case.listed, *case.aliases], schema=case.listed_schema or case.schema,
                        countries=case.l_country, birth_dates=case.l_dob, identifiers=case.l_ids)
    return query, Record(schema=base.schema, names=base.names, countries=base.countries,
                         birth_dates=base.birth_dates, identifiers=base.identifiers, id="x-1")


MUST_MATCH = [
    Case("Ministry of Interior", "MINISTRY OF INTERIOR", "Organization", q_country=("cu",), l_country=("cu",),
         note="generic public-body name in the same country is the listed body"),
    Case("Vladimir Putin", "Владимир Владимирович Путин", "Person", note="Cyrillic to Latin, patronymic"),
    Case("Aleksandr Lukashenko", "Александр Григорьевич Лукашенко", "Person"),
    Case("Mohamed Ali", "محمد علي", "Person", note="Arabic to Latin"),
    Case("Xi Jinping", "习近平", "Person", note="Chinese to Latin"),
    Case("Kim Jong Un", "김정은", "Person", note="Hangul to Latin"),
    Case("Siemens AG", "Siemens Aktiengesellschaft", "Company", note="legal form variants"),
    Case("Positive Technologies JSC", "АО Позитив Текнолоджиз", "Company", aliases=("Positive Technologies",)),
    Case("NSO Group Technologies Ltd", "NSO Group Technologies Limited", "Company"),
    Case("Romashka Systems", "ООО Ромашка Системс", "Company", note="Russian legal form + transliteration"),
    Case("SenseTime Group", "Sense Time Group Limited", "Company", note="joined/split spelling"),
    Case("IRGC", "Islamic Revolutionary Guard Corps", "Organization", note="acronym"),
    Case("Dahua Technology", "浙江大华技术股份有限公司", "Company", aliases=("Dahua Technology Co Ltd",),
         note="alias in Latin script"),
    Case("Olaf Scholze", "Olaf Scholz", "Person", note="typo"),
    Case("PUTIN, Vladimir", "Vladimir Putin", "Person", note="name order"),
    Case("Acme Holdings", "Totally Different Name", "Company", q_ids=(("leiCode", "5299 00T8BM49AURSDO55"),),
         l_ids=(("leiCode", "529900T8BM49AURSDO55"),), note="identifier match is decisive"),
    Case("Ocean Star", "Ocean Dawn", "Vessel", q_ids=(("imoNumber", "IMO 9187629"),),
         l_ids=(("imoNumber", "IMO9187629"),), note="IMO number"),
]

MUST_NOT_MATCH = [
    Case("Siemens Healthineers AG", "Sinopec Group", "Company", note="clean company"),
    Case("Igor Deripaska", "Oleg Deripaska", "Person", note="different given name"),
    Case("Bassirou Diomaye Sarr", "Bassirou Diomaye Faye", "Person", note="different surname"),
    Case("Management Company 23", "Management Company", "Company", note="numbers differ"),
    Case("Ilam Petrochemical Company", "Arak Petrochemical Company", "Company", note="generic words only"),
    Case("习近朋", "习近平", "Person", note="homophone characters are not the same name"),
    Case("John Smith", "John Smith", "Person", q_dob=("1990-02-03",), l_dob=("1955-07-01",),
         q_country=("us",), l_country=("ir",), note="DOB and country conflict"),
    Case("Acme Trading LLC", "Acme Trading LLC", "Company", q_ids=(("leiCode", "529900T8BM49AURSDO55"),),
         l_ids=(("leiCode", "7LTWFZYICNSX8D621K86"),), q_country=("de",), l_country=("ir",),
         note="different LEI and country"),
    Case("Ivan Petrov", "Petrov Trading Company", "Person", listed_schema="Company", note="schema conflict"),
    Case("Ministry of Interior", "MINISTRY OF INTERIOR", "Organization", q_country=("ae",), l_country=("cu",),
         note="generic public-body name in another country: a different body"),
    Case("State Security Service", "State Security Service", "Organization", q_country=("ge",), l_country=("by",),
         note="generic public-body name, countries differ"),
    Case("Victory", "Victor Konetsky", "Vessel", note="vessel names need the whole name"),
    Case("Maria Gonzalez", "Mario Gonzaga", "Person"),
    Case("City of Lyon Municipal Police", "Lyon Trading Company", "Organization"),
]


@pytest.mark.parametrize("case", MUST_MATCH, ids=lambda c: f"{c.query}~{c.listed}")
def test_pair_alerts(case: Case) -> None:
    query, listed = _pair(case)
    result = HrddMatcherV1.compare(query, listed)
    assert result.score >= THRESHOLD, result.explanation


@pytest.mark.parametrize("case", MUST_NOT_MATCH, ids=lambda c: f"{c.query}!~{c.listed}")
def test_pair_does_not_alert(case: Case) -> None:
    query, listed = _pair(case)
    result = HrddMatcherV1.compare(query, listed)
    assert result.score < THRESHOLD, result.explanation


def test_conflicting_dob_lowers_an_identical_name() -> None:
    same = Case("John Smith", "John Smith", "Person", q_dob=("1990-02-03",), l_dob=("1990-02-03",))
    other = Case("John Smith", "John Smith", "Person", q_dob=("1990-02-03",), l_dob=("1955-07-01",))
    agree = HrddMatcherV1.compare(*_pair(same))
    conflict = HrddMatcherV1.compare(*_pair(other))
    assert conflict.score < agree.score
    assert conflict.feature("dob_year_disjoint").score == 1.0
    assert agree.corroboration > conflict.corroboration


def test_every_feature_explains_itself() -> None:
    for feature in HrddMatcherV1.FEATURES:
        assert len(feature.explanation) > 30, feature.name
    result = HrddMatcherV1.compare(*_pair(MUST_MATCH[0]))
    names = [f.name for f in result.features]
    assert "name_match" in names and "country_mismatch" in names
    assert result.algorithm == f"hrdd-v1@{HrddMatcherV1.VERSION}"
    assert "name_match" in result.explanation


def test_no_name_similarity_means_no_qualifiers() -> None:
    query, listed = _pair(Case("Zebra Paper Mill", "Quantum Orbital Defense", "Company"))
    result = HrddMatcherV1.compare(query, listed)
    assert result.score == 0.0
    assert all(not f.qualifier for f in result.features)


_names = st.text(alphabet=st.characters(categories=("L", "Zs", "Nd")), min_size=1, max_size=30)


@settings(max_examples=80, deadline=None)
@given(_names, _names)
def test_scores_stay_in_range_and_identical_names_score_one(a: str, b: str) -> None:
    result = HrddMatcherV1.compare(query_record([a], schema="Company"), query_record([b], schema="Company"))
    assert 0.0 <= result.score <= 1.0
    if name_tokens(a, "Company"):
        same = HrddMatcherV1.compare(query_record([a], schema="Company"), query_record([a], schema="Company"))
        assert same.score == 1.0
