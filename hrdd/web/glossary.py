"""The glossary as a page: the field help of the step forms links each term here."""

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from hrdd.catalog import default_catalog
from hrdd.catalog.lookup import framework_clauses
from hrdd.web.routes import _actor, _page

router = APIRouter(include_in_schema=False)


@router.get("/glossary")
def glossary_page(request: Request) -> HTMLResponse:
    actor = _actor(request)
    catalog = default_catalog()
    terms = sorted(catalog.glossary.values(), key=lambda t: t.title.casefold())
    clauses = framework_clauses(catalog)
    urls = {c.id: c.url or f.url for f in catalog.frameworks.values() for c in f.clauses}
    sources = {t.id: [(clauses[cid].label, urls.get(cid)) for cid in t.citations if cid in clauses] for t in terms}
    return _page(request, "glossary.html", actor, terms=terms, sources=sources)
