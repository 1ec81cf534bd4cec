"""The API reference page asks nothing of other hosts and carries no inline script."""

import re

from fastapi.testclient import TestClient


def test_api_reference_page_loads_only_its_own_assets(app) -> None:  # type: ignore[no-untyped-def]
    client = TestClient(app)
    page = client.get("/docs")
    assert page.status_code == 200
    sources = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert sources and all(s.startswith("/") for s in sources), sources
    assert not re.search(r"<script>(?!</script>)", page.text), "inline script on /docs"
    for source in sources:
        asset = client.get(source)
        assert asset.status_code == 200 and len(asset.content) > 100, source
