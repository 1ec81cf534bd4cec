"""A random sample of the real OFAC SDN list (``../shared/data``) with its candidate index, for
the tests that compare screening code paths on real names; skips when the data is absent."""

import random
from pathlib import Path

import pytest

from bench.ofac_records import default_paths, ofac_sdn_entities
from hrdd.screening.index import TantivyIndex
from hrdd.screening.lists import records_from_proxies
from hrdd.screening.record import Record
from tests import conftest

PARTY_SCHEMATA = ("Person", "Organization", "Company", "LegalEntity")


def ofac_sample(tmp_path_factory: pytest.TempPathFactory, size: int, seed: int
                ) -> tuple[TantivyIndex, list[Record], random.Random]:
    """(index of the sample, the sample, the random generator that drew it, to draw queries on)."""
    if not conftest.SHARED_DATA.is_dir():
        pytest.skip(f"public datasets not found at {conftest.SHARED_DATA} (clone ../shared beside the project)")
    paths = default_paths(conftest.SHARED_DATA)
    if paths is None:
        pytest.skip("the OFAC SDN files are not in the shared data")
    records = records_from_proxies(ofac_sdn_entities(*paths), "ofac")
    rng = random.Random(seed)
    sample = rng.sample(records, size)
    index = TantivyIndex(Path(tmp_path_factory.mktemp("ofac-sample")) / "idx")
    index.build(sample, "fp")
    return index, sample, rng
