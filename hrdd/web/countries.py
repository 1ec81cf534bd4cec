"""Country pages: the index of countries the project holds data on, and one country's page."""

from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from hrdd.services import countries as country_service
from hrdd.services.permissions import require
from hrdd.web.routes import _actor, _page, _settings

router = APIRouter(include_in_schema=False)


@router.get("/countries")
def country_index(request: Request, q: str = "") -> Response:
    """The index; a search for a code or a name goes straight to that country's page."""
    actor = _actor(request)
    require(actor, "catalog.read")
    if q.strip():
        code = country_service.find_country(q.strip())
        return RedirectResponse(f"/countries/{quote(code)}", status_code=303)
    return _page(request, "countries.html", actor, entries=country_service.country_index())


@router.get("/countries/{code}")
def country_page(request: Request, code: str) -> HTMLResponse:
    actor = _actor(request)
    require(actor, "catalog.read")
    page, body = country_service.country_page_html(code, _settings(request))
    return _page(request, "country.html", actor, page=page, body=body)
