from functools import lru_cache
from pathlib import Path

import pytest

from hrdd.sources.lists import ofac_legacy_csv
from tests.sources.lists.helpers import FIXTURES, Parsed, parse_files

OFAC = FIXTURES / "ofac"
SET = [OFAC / "sdn.csv", OFAC / "add.csv", OFAC / "alt.csv", OFAC / "sdn_comments.csv"]


@lru_cache(maxsize=1)
def _real_sdn(root: Path) -> Parsed:
    files = [root / "ofac_sdn/2024-07-02/sdn.csv", root / "ofac_sdn/2025-12/add.csv",
             root / "ofac_sdn/2025-12/alt.csv", root / "ofac_sdn/2025-12/sdn_comments.csv"]
    return parse_files(ofac_legacy_csv, "ofac-sdn", files)


def test_accepts_the_csv_set_and_not_other_files() -> None:
    assert ofac_legacy_csv.accepts(SET)
    assert ofac_legacy_csv.accepts([OFAC / "sdn.csv"])
    assert not ofac_legacy_csv.accepts([OFAC / "add.csv"])
    assert not ofac_legacy_csv.accepts([FIXTURES / "un_consolidated.xml"])


def test_fixture_entries_rejects_and_orphans() -> None:
    entities, ctx = parse_files(ofac_legacy_csv, "ofac-sdn", SET)
    parties = {k for k, e in entities.items() if e.schema.name != "Sanction"}
    assert parties == {"ofac-sdn-36", "ofac-sdn-2676", "ofac-sdn-4243", "ofac-sdn-15432", "ofac-sdn-17016"}
    assert (ctx.seen, ctx.rejected) == (6, 1)
    bad = [p for p in ctx.problems if p.file == "sdn.csv"]
    assert [(p.line, p.item, p.found) for p in bad] == [(6, "99999", "2 fields")]
    unknown = [p for p in ctx.problems if p.message == "country not recognised"]
    assert [(p.file, p.line, p.item, p.found) for p in unknown] == [("add.csv", 3, "17016", "Atlantis")]
    assert ctx.warnings["add rows for an ent_num absent from the primary file (orphan)"] == 1
    assert ctx.warnings["alt rows for an ent_num absent from the primary file (orphan)"] == 1
    assert ctx.warnings["country not recognised"] == 1  # "Atlantis"


def test_person_remarks_become_properties() -> None:
    entities, _ = parse_files(ofac_legacy_csv, "ofac-sdn", SET)
    person = entities["ofac-sdn-2676"]
    assert person.schema.name == "Person"
    assert person.get("name") == ["TESTOV, Ivan Petrovich"]
    assert person.get("lastName") == ["TESTOV"]
    assert sorted(person.get("program")) == ["IRGC", "SDGT"]
    assert sorted(person.get("birthDate")) == ["1950", "1951-06-19"]
    assert person.get("birthPlace") == ["Giza, Egypt"]
    assert person.get("nationality") == ["eg"]
    assert person.get("gender") == ["male"]
    assert sorted(person.get("passportNumber")) == ["1084010", "19820215"]
    assert person.get("idNumber") == ["2325046"]
    assert sorted(person.get("alias")) == ["IVAN THE TEST", "TESTOV, Ivan"]
    assert person.get("position") == ["Director of EXAMPLE FRONT"]
    assert person.get("topics") == ["sanction"]
    sanction = entities["ofac-sdn-2676-sanction"]
    assert sanction.get("recordId") == ["2676"]
    assert sanction.get("entity") == ["ofac-sdn-2676"]


def test_vessel_aircraft_and_entity_fields() -> None:
    entities, _ = parse_files(ofac_legacy_csv, "ofac-sdn", SET)
    vessel = entities["ofac-sdn-4243"]
    assert vessel.schema.name == "Vessel"
    assert vessel.get("imoNumber") == ["IMO7406784"]
    assert sorted(vessel.get("previousName")) == ["ANA I", "SAND SWAN"]
    assert vessel.get("flag") == ["pa"]
    assert vessel.get("callSign") == ["CL2192"]
    plane = entities["ofac-sdn-15432"]
    assert plane.schema.name == "Airplane"
    assert plane.get("model") == ["IL-76TD"]
    assert plane.get("serialNumber") == ["1013409297"]
    bank = entities["ofac-sdn-17016"]
    assert bank.schema.name == "Organization"
    assert sorted(bank.get("topics")) == ["gov.soe", "sanction"]
    assert bank.get("leiCode") == ["253400WSS48YWMBUA688"]
    assert bank.get("taxNumber") == ["7744001497"]
    # the overflow in sdn_comments.csv is joined to the remarks before they are read
    assert bank.get("registrationNumber") == ["1027700167110"]
    assert "EXAMPLE BANK INDIA" in bank.get("alias")
    assert bank.get("previousName") == ["OLD EXAMPLE BANK"]
    assert bank.get("country") == ["ru"]
    assert "Ul. Primernaya 1, Moscow 101000, Russia" in bank.get("address")


@pytest.mark.shared_data
@pytest.mark.slow
def test_real_sdn_2024_with_2025_side_files(shared_data: Path) -> None:
    entities, ctx = _real_sdn(shared_data)
    parties = [e for e in entities.values() if e.schema.name != "Sanction"]
    assert len(parties) == 15443 and ctx.rejected == 0
    kinds = {name: sum(1 for e in parties if e.schema.name == name)
             for name in ("Person", "Organization", "Vessel", "Airplane")}
    assert kinds == {"Person": 6927, "Organization": 7270, "Vessel": 872, "Airplane": 374}
    # the 2025 add/alt files carry ent_nums designated after the July 2024 sdn.csv
    assert ctx.warnings["add rows for an ent_num absent from the primary file (orphan)"] == 18494 - 14762
    assert ctx.warnings["alt rows for an ent_num absent from the primary file (orphan)"] == 8653 - 7323
    bank = entities["ofac-sdn-306"]
    assert bank.get("name") == ["BANCO NACIONAL DE CUBA"]
    assert sorted(bank.get("alias")) == ["BNC", "NATIONAL BANK OF CUBA"]
    assert bank.get("program") == ["CUBA"]
    assert sorted(bank.get("country")) == ["ch", "es", "jp", "pa"]
    zawahiri = entities["ofac-sdn-2676"]
    assert zawahiri.get("birthDate") == ["1951-06-19"]
    assert sorted(zawahiri.get("passportNumber")) == ["1084010", "19820215"]
    assert "AL-ZAWAHIRI, Ayman" in zawahiri.get("alias")


def test_windows_1252_file_is_read_and_noted(tmp_path: Path) -> None:
    sdn = tmp_path / "sdn.csv"
    sdn.write_bytes('36,"CAFÉ EXAMPLE S.A.",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n'.encode("cp1252"))
    entities, ctx = parse_files(ofac_legacy_csv, "ofac-sdn", [sdn])
    assert entities["ofac-sdn-36"].get("name") == ["CAFÉ EXAMPLE S.A."]
    assert ctx.warnings["file is not UTF-8; read as Windows-1252"] == 1
