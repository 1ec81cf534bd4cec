import json
from pathlib import Path

from followthemoney import ValueEntity, model

from hrdd.sources.lists import snapshot


def _entity(schema: str, entity_id: str, **props: list[str]) -> ValueEntity:
    entity = ValueEntity(model[schema], {"id": entity_id})
    entity.datasets.add("uk-sanctions")
    for prop, values in props.items():
        entity.add(prop, values)
    return entity


def test_entities_are_sorted_and_rows_of_one_id_merged(tmp_path: Path) -> None:
    written = snapshot.write_entities(tmp_path, [
        _entity("Person", "uk-sanctions-2", name=["B"]),
        _entity("Person", "uk-sanctions-1", alias=["A alias"]),
        _entity("Sanction", "uk-sanctions-1-sanction", program=["RUS"]),
        _entity("Person", "uk-sanctions-1", name=["A"], birthDate=["1960"]),
    ])
    lines = [json.loads(line) for line in (tmp_path / snapshot.ENTITIES).read_text().splitlines()]
    assert [line["id"] for line in lines] == ["uk-sanctions-1", "uk-sanctions-1-sanction", "uk-sanctions-2"]
    assert lines[0]["properties"] == {"name": ["A"], "alias": ["A alias"], "birthDate": ["1960"]}
    assert (written.entries, written.entities) == (2, 3)
    assert not (tmp_path / "spool.jsonl").exists()


def test_a_party_without_a_primary_name_gets_an_alias_as_name(tmp_path: Path) -> None:
    written = snapshot.write_entities(tmp_path, [
        _entity("Organization", "uk-sanctions-9", alias=["ONLY ALIAS"]),
    ])
    line = json.loads((tmp_path / snapshot.ENTITIES).read_text())
    assert line["properties"]["name"] == ["ONLY ALIAS"]
    assert written.unnamed == ["uk-sanctions-9"]


def test_publish_swaps_the_link_and_removes_the_older_version(tmp_path: Path) -> None:
    lists_dir = tmp_path / "lists"
    first = snapshot.staging_dir(lists_dir, "un-sc")
    (first / snapshot.MANIFEST).write_text('{"v": 1}')
    snapshot.publish(lists_dir, "un-sc", first)
    second = snapshot.staging_dir(lists_dir, "un-sc")
    (second / snapshot.MANIFEST).write_text('{"v": 2}')
    snapshot.publish(lists_dir, "un-sc", second)
    assert snapshot.read_manifest(lists_dir, "un-sc") == {"v": 2}
    assert not first.exists() and second.exists()
    assert snapshot.loaded_sources(lists_dir) == ["un-sc"]


def test_publish_replaces_a_plain_directory(tmp_path: Path) -> None:
    lists_dir = tmp_path / "lists"
    (lists_dir / "un-sc").mkdir(parents=True)
    (lists_dir / "un-sc" / snapshot.MANIFEST).write_text('{"v": 0}')
    staged = snapshot.staging_dir(lists_dir, "un-sc")
    (staged / snapshot.MANIFEST).write_text('{"v": 1}')
    snapshot.publish(lists_dir, "un-sc", staged)
    assert snapshot.read_manifest(lists_dir, "un-sc") == {"v": 1}


def test_publish_clears_versions_of_this_source_only(tmp_path: Path) -> None:
    lists_dir = tmp_path / "lists"
    crashed = snapshot.staging_dir(lists_dir, "un-sc")  # a run that died before its manifest
    other = snapshot.staging_dir(lists_dir, "un-sc-extra")  # another source sharing the prefix
    staged = snapshot.staging_dir(lists_dir, "un-sc")
    (staged / snapshot.MANIFEST).write_text("{}")
    snapshot.publish(lists_dir, "un-sc", staged)
    assert not crashed.exists() and other.exists() and staged.exists()
