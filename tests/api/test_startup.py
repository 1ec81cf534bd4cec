"""What the service does when it starts."""

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from hrdd.api.app import create_app
from hrdd.settings import Settings
from tests.screening.entities import write_list


@pytest.mark.parametrize("warm", [True, False])
def test_service_warms_screening_at_start_unless_told_not_to(_isolated_home: Path, warm: bool) -> None:
    from hrdd.screening import align

    write_list(_isolated_home / "lists")
    align._analysed.cache_clear()
    app = create_app(Settings(home=_isolated_home, screening_warm=warm))
    with TestClient(app) as client:  # runs the start-up
        assert (align._analysed.cache_info().currsize > 0) is warm
        assert client.get("/login").status_code == 200
