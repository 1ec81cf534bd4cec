"""Synthetic FtM list data for screening tests (written by the tests, never copied from lists)."""

import json
from pathlib import Path
from typing import Any

from followthemoney import model
from followthemoney.proxy import EntityProxy


def entity(schema: str, entity_id: str, **props: Any) -> EntityProxy:
    proxy = model.make_entity(schema)
    proxy.id = entity_id
    for prop, values in props.items():
        for value in values if isinstance(values, list | tuple) else [values]:
            proxy.add(prop, value)
    return proxy


def sample_entities(source: str = "test-list") -> list[EntityProxy]:
    """A small list: companies with aliases and identifiers, persons, a state body, ownership."""
    p = f"{source}-"
    return [
        entity("Company", p + "1", name="Zhejiang Dahua Technology Co., Ltd.", alias="浙江大华技术股份有限公司",
               country="cn", topics=["export.control"], leiCode="549300JB1P61FUTPEZ75"),
        entity("Company", p + "2", name="Общество с ограниченной ответственностью «Ромашка Системс»",
               alias="Romashka Systems LLC", country="ru", topics=["sanction"], program="RUSSIA-EO14024",
               registrationNumber="1027700132195"),
        entity("Person", p + "3", name="Иван Петрович Сидоренко", alias="Ivan Sidorenko",
               birthDate="1961-04-12", country="ru", topics=["sanction"]),
        entity("Organization", p + "4", name="Islamic Revolutionary Guard Corps", alias="IRGC",
               country="ir", topics=["sanction", "mil"]),
        entity("PublicBody", p + "5", name="Ministry of State Security of Ruritania", country="ru",
               topics=["gov.security"]),
        entity("Company", p + "6", name="Ruritania Telecom Holding JSC", country="ru", topics=["gov.soe"]),
        entity("Company", p + "7", name="Northwind Surveillance Solutions Ltd", country="ru"),
        entity("Ownership", p + "o1", owner=p + "6", asset=p + "7", percentage="60"),
        entity("Ownership", p + "o2", owner=p + "5", asset=p + "6", percentage="100"),
        entity("Company", p + "8", name="Blue Harbor Trading FZE", country="ae"),
        entity("Ownership", p + "o3", owner=p + "2", asset=p + "8", percentage="30"),
        entity("Ownership", p + "o4", owner=p + "3", asset=p + "8", percentage="25"),
        entity("Vessel", p + "9", name="Ocean Dawn", imoNumber="IMO9187629", topics=["sanction"]),
        entity("Person", p + "10", name="محمد علي حسن", alias="Mohamed Ali Hassan", country="sy",
               birthDate="1970-01-01", topics=["sanction"]),
        entity("Sanction", p + "s1", entity=p + "2", programId="RU-EO14024", authority="OFAC"),
    ]


def write_list(lists_dir: Path, source: str = "test-list", entities: list[EntityProxy] | None = None,
               as_of: str = "2026-11-01") -> Path:
    """Write ``<lists_dir>/<source>/entities.ftm.jsonl`` and ``manifest.json`` as the importers do."""
    items = sample_entities(source) if entities is None else entities
    directory = lists_dir / source
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "entities.ftm.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for item in items:
            fh.write(json.dumps(item.to_dict(), ensure_ascii=False) + "\n")
    manifest = {"source": source, "title": f"Test list {source}", "as_of": as_of, "entries": len(items),
                "loaded_at": "2026-11-02T00:00:00Z", "checksum": "sha256:test"}
    (directory / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return path
