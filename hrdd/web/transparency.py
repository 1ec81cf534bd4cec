"""The public transparency pages (no login): the published periods and each published report."""

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup

from hrdd.reports.transparency import transparency_body_html
from hrdd.services import transparency_reports as service
from hrdd.web.grievances import _maybe_actor
from hrdd.web.routes import _page, _store

router = APIRouter(include_in_schema=False)


@router.get("/transparency")
def transparency_index(request: Request) -> HTMLResponse:
    return _page(request, "transparency.html", _maybe_actor(request), reports=service.published_periods(_store(request)))


@router.get("/transparency/{period}")
def transparency_period(request: Request, period: str) -> HTMLResponse:
    row, report = service.published_report(_store(request), period[:10])
    # the body comes from the report renderer's autoescaped templates
    return _page(request, "transparency_report.html", _maybe_actor(request), row=row,
                 body=Markup(transparency_body_html(report)))
