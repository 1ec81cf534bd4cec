"""Country context from the baseline plus imports: figures, sub-scores, risk, trend."""

from pathlib import Path

from hrdd.countries.context import country_context, data_versions, risk_history
from hrdd.countries.imported import store_import
from hrdd.countries.subscores import SPECS
from hrdd.settings import Settings
from hrdd.sources.indicators import keepiton


def test_unknown_country_gives_none_and_known_without_data_gives_empty_context() -> None:
    assert country_context("Atlantis") is None
    antarctica = country_context("AQ")
    assert antarctica is not None and antarctica.figures == ()
    assert antarctica.risk is None and antarctica.trend is None
    assert all(s.risk is None for s in antarctica.sub_scores)


def test_context_from_baseline_orders_countries_sensibly() -> None:
    norway, china = country_context("Norway"), country_context("CHN")
    assert norway is not None and china is not None
    assert norway.code == "NO" and china.name == "China"
    assert norway.risk is not None and china.risk is not None
    assert norway.risk < 0.3
    assert china.risk > 0.7
    assert [s.key for s in china.sub_scores] == [s.key for s in SPECS]
    civlib = china.figure("vdem.v2x_civlib")
    assert civlib is not None and civlib.source == "V-Dem v14" and civlib.licence == "CC BY-SA 4.0"
    assert civlib.year == 2023 and civlib.risk == round(1 - (civlib.value or 0), 4)
    # the authored surveillance-law profile is merged in
    from hrdd.countries.laws import law_profile

    profile = law_profile("CN")
    assert profile is not None and china.judicial_authorisation == profile.judicial_authorisation.value
    assert len(china.laws) == 12 and china.profile_as_of


def test_trend_is_positive_for_a_country_that_worsened() -> None:
    myanmar, afghanistan = country_context("MM"), country_context("AF")
    assert myanmar is not None and myanmar.trend is not None and myanmar.trend > 0.1  # 2021 coup
    assert afghanistan is not None and afghanistan.trend is not None and afghanistan.trend > 0.1


def test_wgi_only_country_has_partial_subscores() -> None:
    tuvalu = country_context("TV")
    assert tuvalu is not None
    scores = {s.key: s.risk for s in tuvalu.sub_scores}
    assert scores["civil_liberties"] is not None and scores["physical_integrity"] is None


def test_imports_add_figures_and_versions(tmp_path: Path, shared_data: Path) -> None:
    settings = Settings(home=tmp_path / "home")
    path = shared_data / "keepiton_stop_2020" / "KeepItOn-STOP-Data-2020.csv"
    store_import(settings.data_dir, keepiton.read([path]), [path])
    india = country_context("IN", settings)
    assert india is not None
    shutdowns = india.figure("keepiton.shutdowns")
    assert shutdowns is not None and shutdowns.year == 2020 and shutdowns.risk == 1.0
    digital = next(s for s in india.sub_scores if s.key == "digital_repression")
    assert "keepiton.shutdowns" in digital.figures and digital.risk == 1.0
    assert ("keepiton", "2020") in data_versions(settings)


def test_risk_history_has_one_point_per_year() -> None:
    history = risk_history("HU")
    assert sorted(history["overall"]) == list(range(2018, 2024))
    assert all(0 <= v <= 1 for v in history["overall"].values())


def test_figures_older_than_five_years_are_shown_but_not_scored(tmp_path: Path) -> None:
    from hrdd.sources.indicators import civicus

    settings = Settings(home=tmp_path / "home")
    old = tmp_path / "civicus_2015-01-01.json"
    old.write_text('{"NOR": {"fillKey": "1"}}', encoding="utf-8")  # 2015 vs V-Dem 2023: too old to score
    store_import(settings.data_dir, civicus.read([old]), [old])
    norway = country_context("NO", settings)
    assert norway is not None
    assert norway.figure("civicus.rating") is not None
    civic = next(s for s in norway.sub_scores if s.key == "civic_space")
    assert "civicus.rating" not in civic.figures
