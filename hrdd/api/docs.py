"""The interactive API reference at ``/docs``, served from local assets.

FastAPI's default page loads Swagger UI from a CDN, so it is blank without internet and needs
an inline script. Here the assets come from the ``fastapi-offline`` package, which ships Swagger
UI 5 (the first major version that reads OpenAPI 3.1, which FastAPI writes), and the page's one
script is a static file, so the Content-Security-Policy can forbid inline script.
"""

from fastapi import APIRouter, FastAPI
from fastapi.responses import HTMLResponse
from starlette.staticfiles import StaticFiles

ASSETS = "/docs/assets"

PAGE = f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>hrdd API reference</title>
<link rel="stylesheet" href="{ASSETS}/swagger-ui.css">
</head>
<body>
<main id="swagger-ui" data-openapi="/openapi.json"></main>
<script src="{ASSETS}/swagger-ui-bundle.js"></script>
<script src="/static/api-docs.js"></script>
</body>
</html>
"""

router = APIRouter(include_in_schema=False)


@router.get("/docs")
def api_reference() -> HTMLResponse:
    return HTMLResponse(PAGE)


def add_api_reference(app: FastAPI) -> None:
    """Serve ``/docs`` and the Swagger UI assets it loads (call with ``docs_url=None``)."""
    from importlib.resources import files

    app.include_router(router)
    app.mount(ASSETS, StaticFiles(directory=str(files("fastapi_offline") / "static")), name="swagger-ui")
