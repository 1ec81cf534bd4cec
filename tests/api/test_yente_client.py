"""A client nobody here wrote: nomenklatura's YenteEnricher screens against a running hrdd with an API key."""

from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from hrdd.services.api_keys import create_key, list_keys
from hrdd.services.users import SYSTEM
from hrdd.settings import Settings
from tests.live_server import running_server
from tests.screening.entities import write_list

nk_cache = pytest.importorskip("nomenklatura.cache", reason="nomenklatura (the compare extra) is not installed")


def _enricher(url: str, key: str, tmp_path: Path) -> Any:
    from followthemoney import Dataset
    from nomenklatura.db import Session
    from nomenklatura.enrich.yente import YenteEnricher

    dataset = Dataset.make({"name": "erp_parties", "title": "ERP parties"})
    cache = nk_cache.Cache(Session(sa.create_engine(f"sqlite:///{tmp_path / 'nk-cache.sqlite3'}")), dataset,
                           create=True)
    return YenteEnricher(dataset, cache, {"api": f"{url}/api/", "api_key": key, "dataset": "default",
                                          "cache_days": 0})


def _party(enricher: Any, name: str, schema: str = "Person", **props: str) -> Any:
    from followthemoney import StatementEntity

    return StatementEntity.from_data(enricher.dataset, {
        "id": f"party-{name}", "schema": schema,
        "properties": {"name": [name], **{k: [v] for k, v in props.items()}}})


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)  # about the wire format, not the database
def test_yente_enricher_gets_matches_from_a_running_hrdd_with_a_screen_key(
        app, settings: Settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from nomenklatura.enrich.common import EnrichmentAbort

    write_list(settings.lists_dir)
    screen = create_key(app.state.store, SYSTEM, "analyst", "ERP screening", ["screen"]).key
    read_only = create_key(app.state.store, SYSTEM, "analyst", "reporting", ["read"]).key
    with running_server(settings.db_url, settings.home) as server:
        enricher = _enricher(server.url, screen, tmp_path)
        matches = list(enricher.match(_party(enricher, "Ivan Sidorenko", birthDate="1961-04-12", country="ru")))
        assert [m.id for m in matches][:1] == ["test-list-3"]
        assert "Иван Петрович Сидоренко" in matches[0].get("name") + matches[0].get("alias")
        assert list(enricher.match(_party(enricher, "Lumen Orchard Bakery", schema="Company"))) == []
        used = {k.name: k.last_used_at for k in list_keys(app.state.store, SYSTEM, "analyst")}
        assert used["ERP screening"] is not None and used["reporting"] is None
        for status, key in ((403, read_only), (401, "hrdd_000000000000_not-a-real-secret")):
            (tmp_path / str(status)).mkdir()
            refused = _enricher(server.url, key, tmp_path / str(status))
            with pytest.raises(EnrichmentAbort, match="Authorization failure") as raised:
                list(refused.match(_party(refused, "Ivan Sidorenko")))
            assert raised.value.__cause__.response.status_code == status  # type: ignore[union-attr]
