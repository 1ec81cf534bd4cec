from pathlib import Path

import pytest

from hrdd.sources.lists import uk_fcdo_tables
from tests.sources.lists.helpers import FIXTURES, parse_files

TABLES = sorted((FIXTURES / "uk_tables").glob("*.csv"))


def test_accepts_the_table_set() -> None:
    assert uk_fcdo_tables.accepts(TABLES)
    assert not uk_fcdo_tables.accepts([FIXTURES / "conlist.csv"])


def test_subjects_joined_with_their_tables() -> None:
    entities, ctx = parse_files(uk_fcdo_tables, "uk-sanctions", TABLES)
    assert ctx.as_of == "2026-04-29"
    # XXX0904 has an unknown subject type, RUS0905 no name: both rejected with their locators
    assert (ctx.seen, ctx.rejected) == (5, 2)
    rejected = [p for p in ctx.problems if p.message.startswith("subject")]
    assert sorted((p.file, p.line, p.item) for p in rejected) == [
        ("subjects.csv", 5, "XXX0904"), ("subjects.csv", 6, "RUS0905")]
    assert ctx.warnings["side-table rows for a unique_id absent from subjects.csv (orphan)"] == 1
    person = entities["uk-sanctions-RUS0901"]
    assert person.schema.name == "Person"
    assert person.get("name") == ["Ivan Ivanovich EXAMPLEV"]
    assert person.get("alias") == ["Ivan Ivanovitch EXAMPLEV"]
    assert person.get("weakAlias") == ["Vanya"]
    assert sorted(person.get("birthDate")) == ["1965-03-12", "1966"]
    assert person.get("nationality") == ["ru"]
    assert person.get("passportNumber") == ["7700112233"]
    assert person.get("program") == ["RUS"]
    assert person.get("createdAt") == ["2022-03-15"]
    assert ctx.warnings["country not recognised"] == 1  # "Former USSR"
    assert entities["uk-sanctions-RUS0902"].get("registrationNumber") == ["1027700000001"]
    ship = entities["uk-sanctions-IRN0903"]
    assert ship.schema.name == "Vessel" and ship.get("imoNumber") == ["IMO9187629"]
    assert entities["uk-sanctions-RUS0901-sanction"].get("authorityId") == ["15001"]


@pytest.mark.shared_data
@pytest.mark.slow
def test_real_uk_tables_2026(shared_data: Path) -> None:
    tables = sorted((shared_data / "uk_sanctions_list").glob("*.csv"))
    entities, ctx = parse_files(uk_fcdo_tables, "uk-sanctions", tables)
    kinds = [e.schema.name for e in entities.values() if e.schema.name != "Sanction"]
    assert (kinds.count("Person"), kinds.count("Organization"), kinds.count("Vessel")) == (3883, 1531, 632)
    assert ctx.rejected == 0 and ctx.as_of == "2026-04-29"
    exchange = entities["uk-sanctions-AFG0001"]
    assert exchange.get("name") == ["HAJI KHAIRULLAH HAJI SATTAR MONEY EXCHANGE"]
    assert "Roshan Money Exchange" not in exchange.get("alias")
    assert "Haji Alim Hawala" in exchange.get("alias")
    assert entities["uk-sanctions-AFG0001-sanction"].get("unscId") == ["TAe.010"]
