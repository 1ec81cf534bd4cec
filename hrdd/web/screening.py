"""The screening workbench: one party on the spot, or a file of parties with its progress.

Names are sent by POST, never in a URL: an access log must not record who was screened.
"""

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from hrdd.exc import InvalidInput, Problem
from hrdd.reports.tables import rows_csv, rows_xlsx
from hrdd.services import batches as batch_service
from hrdd.services.batch_chunks import chunk_progress, is_waiting_for_a_worker
from hrdd.services.permissions import require
from hrdd.services.screening import loaded_lists
from hrdd.sources.parties import MAX_BYTES, MAX_ROWS, SCHEMATA
from hrdd.web.routes import _actor, _back, _form, _page, _settings, _store

router = APIRouter(include_in_schema=False)
REFRESH_SECONDS = 2


def _desk(request: Request, status: int = 200, **context: object) -> HTMLResponse:
    actor = _actor(request)
    require(actor, "screen")
    return _page(request, "screen.html", actor, status=status, schemata=SCHEMATA, lists=loaded_lists(_settings(request)),
                 batches=batch_service.list_batches(_store(request), actor), max_rows=MAX_ROWS,
                 max_mb=MAX_BYTES // (1024 * 1024), **context)


@router.get("/screen")
def screening_desk(request: Request) -> HTMLResponse:
    return _desk(request, form={})


@router.post("/screen")
async def screen_party(request: Request) -> HTMLResponse:
    actor = _actor(request)
    form = await _form(request)
    fields = {k: str(form.get(k) or "") for k in ("name", "country", "schema", "birth_date", "identifier")}
    try:
        hits, related = batch_service.screen_party_with_related(
            actor, fields["name"], country=fields["country"] or None, schema=fields["schema"] or "LegalEntity",
            birth_date=fields["birth_date"] or None, identifier=fields["identifier"] or None,
            settings=_settings(request))
    except InvalidInput as err:
        return _desk(request, status=422, form=fields, error=err.message, problems=[str(p) for p in err.problems])
    return _desk(request, form=fields, hits=hits, related=related, screened=True,
                 seen=batch_service.judgement_tokens(hits, _settings(request)))


@router.post("/screen/judge")
async def judge_hit(request: Request) -> Response:
    actor = _actor(request)
    form = await _form(request)
    verdict = str(form.get("verdict") or "")
    batch_service.judge_hit(_store(request), actor, str(form.get("query") or ""), str(form.get("entry_id") or ""),
                            verdict, str(form.get("reason") or ""), _settings(request), seen=str(form.get("seen") or ""))
    back = str(form.get("back") or "/screen")
    return _back(back if back.startswith("/screen") else "/screen", request,
                 f"Judgement saved: {verdict.replace('_', ' ')}.")


@router.post("/screen/batches")
async def upload_batch(request: Request) -> Response:
    actor = _actor(request)
    require(actor, "screen")  # before the upload is read
    form = await _form(request)
    try:  # closed however this ends: an upload over the in-memory spool is a temporary file
        upload = form.get("file")
        if upload is None or isinstance(upload, str) or not upload.filename:
            return _desk(request, status=422, form={}, error="choose a file",
                         problems=[str(Problem("no file was sent", field="file"))])
        data = await upload.read(MAX_BYTES + 1)
    finally:
        await form.close()
    from hrdd.jobs.app import uses_procrastinate  # imports procrastinate: at the first upload, not at start

    settings = _settings(request)
    chunked = uses_procrastinate(settings)  # PostgreSQL: chunks for the workers; SQLite: a thread here
    try:
        batch_id = batch_service.start_batch(_store(request), actor, upload.filename, data, settings=settings,
                                             chunked=chunked)
    except InvalidInput as err:
        return _desk(request, status=422, form={}, error=err.message, problems=[str(p) for p in err.problems])
    if chunked:
        from hrdd.jobs.worker import queue_batch

        await queue_batch(settings, batch_id)
    return RedirectResponse(f"/screen/batches/{batch_id}", status_code=303)


@router.get("/screen/batches/{batch_id}")
def batch_page(request: Request, batch_id: str) -> HTMLResponse:
    actor = _actor(request)
    batch = batch_service.get_batch(_store(request), actor, batch_id)
    progress = chunk_progress(_store(request), batch.id)
    stalled = batch_service.is_stalled(batch, chunked=progress.total > 0)
    waiting = batch.status in ("queued", "running") and not stalled
    return _page(request, "batch.html", actor, batch=batch, stalled=stalled, chunks=progress.total,
                 done_chunks=progress.done, workerless=is_waiting_for_a_worker(batch, progress),
                 refresh=REFRESH_SECONDS if waiting else None,
                 percent=round(100 * batch.done / batch.total) if batch.total else 100)


@router.get("/screen/batches/{batch_id}/results.{fmt}")
def batch_download(request: Request, batch_id: str, fmt: str) -> Response:
    actor = _actor(request)
    if fmt not in ("csv", "xlsx"):
        raise InvalidInput("unknown format", [Problem("unknown format", field="format", expected="csv or xlsx",
                                                      found=fmt)])
    batch, rows = batch_service.batch_results(_store(request), actor, batch_id)
    stem = batch.filename.rsplit(".", 1)[0].encode("ascii", "replace").decode().replace('"', "_") or "parties"
    if fmt == "csv":
        body, media = rows_csv(batch_service.RESULT_FIELDS, rows), "text/csv; charset=utf-8"
    else:
        body = rows_xlsx(batch_service.RESULT_FIELDS, rows)
        media = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    disposition = f'attachment; filename="{stem}-screened.{fmt}"'
    return Response(body, media_type=media, headers={"Content-Disposition": disposition})
