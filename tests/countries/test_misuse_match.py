"""Matching end users and parents against misuse records of the same country only."""

import pytest
from rapidfuzz import fuzz

from hrdd.countries.misuse_match import match_misuse, name_similarity, normalise_name
from hrdd.exc import InvalidInput
from hrdd.model.misuse import MisuseRecord


def fuzz_ratio(a: str, b: str) -> float:
    return fuzz.ratio(a, b) / 100.0


SHOULD_MATCH = [
    # (country, end user as written, record id) — acronyms, accents, word order, scripts
    ("MX", "SEDENA", "mx_sedena"),
    ("MX", "Secretaria de la Defensa Nacional", "mx_sedena"),
    ("MX", "Secretaría de la Defensa Nacional de México", "mx_sedena"),
    ("MX", "Secretaria de la Defenza Nacional", "mx_sedena"),  # typo
    ("MX", "Mexican Army", "mx_sedena"),
    ("MX", "Procuraduria General de la Republica", "mx_pgr"),
    ("RU", "ФСБ России", "ru_fsb"),
    ("RU", "Federal Security Service", "ru_fsb"),
    ("RU", "Федеральная служба безопасности", "ru_fsb"),
    ("RU", "Federalnaya Sluzhba Bezopasnosti", "ru_fsb"),
    ("SA", "رئاسة أمن الدولة", "sa_pss"),
    ("SA", "Presidency of State Security", "sa_pss"),
    ("GR", "ΕΥΠ", "gr_eyp"),
    ("GR", "Εθνική Υπηρεσία Πληροφοριών", "gr_eyp"),
    ("GR", "Hellenic National Intelligence Service", "gr_eyp"),
    ("CN", "新疆维吾尔自治区公安厅", "cn_xinjiang_psb"),
    ("CN", "Xinjiang Public Security Bureau", "cn_xinjiang_psb"),
    ("IL", "משטרת ישראל", "il_police"),
    ("IL", "Police", "il_police"),  # generic name: the right country's police
    ("MM", "တပ်မတော်", "mm_tatmadaw"),
    ("IN", "पुणे शहर पोलीस", "in_pune_police"),
    ("RS", "Безбедносно-информативна агенција", "rs_bia"),
    ("RS", "Ministry of Interior", "rs_police"),  # generic name: Serbia's ministry
    ("BH", "Ministry of Interior", "bh_moi_cybercrime"),  # ... and Bahrain's
    ("CN", "公安部", "cn_mps"),
    ("CN", "中华人民共和国公安部", "cn_mps"),
    ("HK", "香港警務處", "hk_police"),
    ("GE", "საქართველოს სახელმწიფო უსაფრთხოების სამსახური", "ge_sss"),
    ("BY", "КГБ Беларуси", "by_kgb"),
    ("RU", "Роскомнадзор", "ru_roskomnadzor"),
    ("LB", "المديرية العامة للأمن العام", "lb_gdgs"),
    ("LB", "Sûreté Générale", "lb_gdgs"),
    ("IR", "وزارت اطلاعات", "ir_mois"),
    ("ET", "የመረጃ መረብ ደህንነት አስተዳደር", "et_insa"),
    ("IT", "AISE", "it_aise"),
    ("IT", "Agenzia Informazioni e Sicurezza Esterna", "it_aise"),
    ("CO", "Departamento Administrativo de Seguridad", "co_das"),
    ("KZ", "Kazakh Telecom", "kz_kazakhtelecom"),  # words run together in the record
    ("UZ", "Служба государственной безопасности Республики Узбекистан", "uz_snb"),
    ("VE", "Servicio Bolivariano de Inteligencia Nacional", "ve_sebin"),
    ("ES", "Centro Nacional de Inteligencia", "es_cni"),
    ("AE", "الهيئة الوطنية للأمن الإلكتروني", "ae_nesa"),
]

SHOULD_NOT_MATCH = [
    # (country, end user) — generic or unrelated names, or the right name in the wrong country
    ("RU", "Police"),
    ("MX", "Ministry of Interior"),
    ("SA", "Ministry of Interior"),
    ("MX", "Federal Police"),
    ("MX", "Secretariat of Public Education"),
    ("MX", "Secretaría de Marina"),
    ("VE", "SEBIM"),  # acronyms must be equal
    ("TH", "Royal Thai Police"),  # Thailand's record names the government, not the police
    ("GT", "SEDENA"),  # right name, wrong country
    ("BY", "Federal Security Service"),
    ("ES", "Guardia Civil"),
    ("GR", "Hellenic Police"),
    ("CN", "Public Security Department of Tibet Autonomous Region"),
    ("RU", "Ministry of Health of the Russian Federation"),
    ("IT", "Agenzia Informazioni e Sicurezza Interna"),  # AISI is not AISE: one word differs
    ("IT", "AISI"),
    ("CO", "Departamento Administrativo Nacional de Estadística"),
]


@pytest.mark.parametrize(("country", "name", "record_id"), SHOULD_MATCH)
def test_should_match(country: str, name: str, record_id: str) -> None:
    matches = match_misuse(name, country)
    assert [m.record.id for m in matches][:1] == [record_id]
    assert matches[0].party == "end_user"
    assert matches[0].score >= 0.88


@pytest.mark.parametrize(("country", "name"), SHOULD_NOT_MATCH)
def test_should_not_match(country: str, name: str) -> None:
    assert match_misuse(name, country) == ()


def test_ministry_of_public_security_does_not_match_the_xinjiang_department() -> None:
    assert [m.record.id for m in match_misuse("公安部", "CN")] == ["cn_mps"]


def test_only_records_of_the_same_country_are_considered() -> None:
    for country in ("MX", "RU", "SA", "GR"):
        for match in match_misuse("National Security Service", country):
            assert match.record.country == country


def test_parent_is_matched_and_reported_as_parent() -> None:
    matches = match_misuse("Regional Signals Unit 12", "MX", parent="Secretaría de la Defensa Nacional")
    assert [(m.party, m.record.id) for m in matches] == [("parent", "mx_sedena")]
    assert "parent body" in matches[0].explanation


def test_end_user_and_parent_can_both_match() -> None:
    matches = match_misuse("SEBIN", "VE", parent="Dirección General de Contrainteligencia Militar")
    assert {(m.party, m.record.id) for m in matches} == {("end_user", "ve_sebin"), ("parent", "ve_dgcim")}


def test_aliases_of_the_end_user_are_tried() -> None:
    assert match_misuse("Directorate 7", "VE") == ()
    matches = match_misuse("Directorate 7", "VE", aliases=["DGCIM"])
    assert [m.record.id for m in matches] == ["ve_dgcim"]
    assert matches[0].query == "DGCIM"


def test_explanation_names_record_score_and_normalised_forms() -> None:
    [match] = match_misuse("FSB of the Russian Federation", "RU")
    text = match.explanation
    assert "Federal Security Service of the Russian Federation" in text
    assert "ru_fsb" in text and "1.00" in text
    assert "'fsb'" in text and "country's name" in text


def test_country_code_is_case_insensitive_and_validated() -> None:
    assert match_misuse("SEDENA", "mx")[0].record.id == "mx_sedena"
    with pytest.raises(InvalidInput) as caught:
        match_misuse("SEDENA", "Mexico")
    assert caught.value.problems[0].field == "country"


def test_threshold_is_applied_and_validated() -> None:
    assert match_misuse("Secretaria de la Defenza Nacional", "MX", threshold=1.0) == ()
    assert match_misuse("Secretaria de la Defensa Nacional", "MX", threshold=1.0)
    with pytest.raises(InvalidInput):
        match_misuse("SEDENA", "MX", threshold=0.0)


def test_a_scorer_can_be_plugged_in_and_receives_normalised_names() -> None:
    seen: list[tuple[str, str]] = []

    def exact(query: str, candidate: str) -> float:
        seen.append((query, candidate))
        return 1.0 if query == candidate else 0.0

    assert match_misuse("Secretaria de la Defenza Nacional", "MX", score=exact) == ()
    assert all(q.isascii() and q == q.casefold() for q, _ in seen)
    assert [m.record.id for m in match_misuse("Sedena", "MX", score=exact)] == ["mx_sedena"]
    assert match_misuse("SEDENA", "MX", score=lambda q, c: 0.0) == ()


def test_custom_records_and_country_words() -> None:
    record = MisuseRecord(
        id="xa_guard", name="Exampleland Border Guard", country="XA", sector="border_control",
        summary="Test record.", year=2020, sources=(("t", "https://example.org"),), aliases=("EBG",),
    )
    assert match_misuse("Border Guard", "XA", records=[record]) == ()
    matches = match_misuse("Border Guard", "XA", records=[record], country_words=["Exampleland"])
    assert [m.record.id for m in matches] == ["xa_guard"]
    assert match_misuse("EBG", "XB", records=[record]) == ()  # records of other countries are ignored


def test_normalise_name_transliterates_and_drops_generic_words() -> None:
    assert normalise_name("Secretaría de la Defensa Nacional") == "secretaria defensa"
    assert normalise_name("Федеральная служба") == "federalnaya sluzhba"
    assert normalise_name("The National") == "the national"  # nothing but generic words: kept
    assert normalise_name("") == ""


def test_a_distinctive_word_without_counterpart_caps_the_score() -> None:
    interna = normalise_name("Agenzia Informazioni e Sicurezza Interna")
    esterna = normalise_name("Agenzia Informazioni e Sicurezza Esterna")
    assert fuzz_ratio(interna, esterna) > 0.88  # plain fuzzy similarity would confuse them
    assert name_similarity(interna, esterna) < 0.88
    assert name_similarity("kazakh telecom", "kazakhtelecom") > 0.9


def test_name_similarity_requires_equal_short_names() -> None:
    assert name_similarity("cni", "cni") == 1.0
    assert name_similarity("cni", "cbi") == 0.0
    assert name_similarity("security service", "security services") > 0.9
    assert name_similarity("security service", "health ministry") < 0.5


def test_parent_alone_is_enough_when_the_end_user_has_no_name() -> None:
    matches = match_misuse("", "RU", parent="Federal Security Service")
    assert [(m.party, m.record.id) for m in matches] == [("parent", "ru_fsb")]
