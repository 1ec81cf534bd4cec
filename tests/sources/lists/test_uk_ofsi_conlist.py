from pathlib import Path

import pytest

from hrdd.sources.lists import uk_ofsi_conlist
from tests.sources.lists.helpers import FIXTURES, parse_files

CONLIST = FIXTURES / "conlist.csv"


def test_rows_of_a_group_form_one_target() -> None:
    assert uk_ofsi_conlist.accepts([CONLIST])
    entities, ctx = parse_files(uk_ofsi_conlist, "uk-sanctions", [CONLIST])
    assert ctx.as_of == "2020-04-27"
    assert (ctx.seen, ctx.rejected) == (5, 1)
    assert [(p.line, p.item) for p in ctx.problems if p.line] == [(7, "13755")]
    person = entities["uk-sanctions-13063"]
    assert person.get("name") == ["Kateryna Yuriyivna EXAMPLEVA"]
    assert person.get("weakAlias") == ["Katya EXAMPLEVA"]
    assert sorted(person.get("birthDate")) == ["1983-07-05", "1984-04"]
    assert person.get("birthCountry") == ["ua"]
    assert person.get("program") == ["Ukraine (Sovereignty)"]
    assert person.get("createdAt") == ["2014-07-25"]
    group = entities["uk-sanctions-9053"]
    assert group.schema.name == "Organization"
    assert group.get("alias") == ["گروه صنعتی نمونه"]
    assert group.get("country") == ["ir"]
    assert entities["uk-sanctions-13754"].get("alias") == ["ONLY ALIAS"]


@pytest.mark.shared_data
def test_real_conlist_excerpt(shared_data: Path) -> None:
    entities, ctx = parse_files(uk_ofsi_conlist, "uk-sanctions", [shared_data / "sanctions_format_samples/sample_hmt.csv"])
    assert ctx.as_of == "2020-04-27" and ctx.seen == 23 and ctx.rejected == 0
    hojati = entities["uk-sanctions-9053"]
    assert hojati.get("name") == ["Mohsen HOJATI"]
    assert hojati.get("program") == ["Iran (nuclear proliferation)"]
