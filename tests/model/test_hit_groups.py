"""Which hits name the same listed entity (one review for it), and what changed in an entity."""

from typing import Any

from hrdd.model.hit_groups import content_changes, group_keys


def _hit(source: str, entry_id: str, name: str, *, ids: tuple[str, ...] = (), query: str = "Orion",
         party: str = "end_user", referents: tuple[str, ...] = ()) -> dict[str, Any]:
    return {"party": party, "query": query, "source": source, "entry_id": entry_id, "name": name,
            "entity": {"identifiers": list(ids), "referents": list(referents)}}


def test_hits_are_grouped_by_shared_identifier_referent_or_entry_number_and_name() -> None:
    hits = [
        _hit("un-sc", "KPe.1", "Ocean Maritime Co", ids=("imoNumber: 9108386",)),
        _hit("uk-sanctions", "RUS0042", "OCEAN MARITIME COMPANY", ids=("imoNumber: IMO9108386",)),
        _hit("ofac-sdn", "36", "ORION VIZION SYSTEMS"),
        _hit("us-csl", "36", "Orion Vizion Systems"),  # the CSL's copy under OFAC's number
        _hit("us-csl", "e77", "Orion Other", referents=("opensanctions-os-3",)),
        _hit("opensanctions", "os-3", "Orion Other Ltd"),
        _hit("bis-dpl", "36", "Another Name Entirely"),  # same number, another name: not the same
    ]
    keys = group_keys(hits)
    assert keys[0] == keys[1] != keys[2]
    assert keys[2] == keys[3] == "end_user|Orion|ofac-sdn-36"
    assert keys[4] == keys[5] and keys[6] not in keys[:6]


def test_hits_of_different_parties_or_names_are_never_grouped() -> None:
    keys = group_keys([_hit("ofac-sdn", "36", "ORION"), _hit("us-csl", "36", "ORION", query="Orion Vision"),
                       _hit("us-csl", "36", "ORION", party="alias")])
    assert len(set(keys)) == 3


def test_short_identifiers_do_not_group() -> None:
    keys = group_keys([_hit("a", "1", "X", ids=("registrationNumber: 123",)),
                       _hit("b", "2", "Y", ids=("registrationNumber: 123",))])
    assert keys[0] != keys[1]


def test_content_changes_are_said_in_words() -> None:
    before = {"schema": "Company", "names": ["ORION"], "countries": ["br"], "identifiers": [], "topics": ["sanction"]}
    after = {"schema": "Company", "names": ["ORION", "Orion Sys"], "countries": [], "identifiers": ["taxNumber: 77123"],
             "topics": ["sanction"]}
    assert content_changes(before, after) == ["names added: Orion Sys", "countries removed: br",
                                              "identifiers added: taxNumber: 77123"]
    assert content_changes(after, after) == []
