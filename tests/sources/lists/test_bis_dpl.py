from pathlib import Path

import pytest

from hrdd.sources.lists import bis_dpl
from tests.sources.lists.helpers import FIXTURES, parse_files

DPL = FIXTURES / "dpl.txt"


def test_rows_of_one_name_become_one_entity() -> None:
    entities, ctx = parse_files(bis_dpl, "bis-dpl", [DPL])
    parties = {k: e for k, e in entities.items() if e.schema.name != "Sanction"}
    assert len(parties) == 3
    alpha = parties[f"bis-dpl-{bis_dpl.derive_entry_id('ALPHA EXAMPLE TRADING')}"]
    assert sorted(alpha.get("address")) == ["1 MAIN STREET, DUBAI, AE", "2 SIDE ROAD, SHARJAH, AE"]
    assert alpha.get("country") == ["ae"]
    assert alpha.get("topics") == ["export.control"]
    assert alpha.get("createdAt") == ["2003-06-19"]
    sanction = entities[f"{alpha.id}-sanction"]
    assert sanction.get("endDate") == ["2033-06-29"]
    assert sanction.get("authorityId") == ["68 F.R. 38290 6/27/03"]
    assert (ctx.seen, ctx.rejected) == (5, 1)
    assert [(p.line, p.found) for p in ctx.problems if p.message.startswith("row has")] == [(5, "2 fields")]


def test_future_update_date_is_not_taken_as_the_snapshot_date() -> None:
    _, ctx = parse_files(bis_dpl, "bis-dpl", [DPL])
    assert ctx.as_of == "2020-03-20"
    future = [p for p in ctx.problems if p.message == "date in the future ignored"]
    assert [(p.line, p.found) for p in future] == [(4, "3033-09-30")]


def test_entry_id_ignores_case_and_spacing() -> None:
    assert bis_dpl.derive_entry_id("John  Example") == bis_dpl.derive_entry_id("JOHN EXAMPLE")
    assert bis_dpl.derive_entry_id("JOHN EXAMPLE") != bis_dpl.derive_entry_id("JOAN EXAMPLE")


@pytest.mark.shared_data
def test_real_dpl_2023(shared_data: Path) -> None:
    entities, ctx = parse_files(bis_dpl, "bis-dpl", [shared_data / "bis_denied_persons_list/dpl_2023-11.tsv"])
    parties = [e for e in entities.values() if e.schema.name != "Sanction"]
    assert (ctx.seen, ctx.rejected, len(parties)) == (665, 0, 545)
    assert ctx.as_of == "2023-11-28"  # the row dated 3033-09-30 is a typo and is reported
    assert ctx.warnings["date in the future ignored"] == 1
    sheng = entities[f"bis-dpl-{bis_dpl.derive_entry_id('ZIMO SHENG')}"]
    assert sorted(sheng.get("country")) == ["cn"]
    assert len(sheng.get("address")) == 2
