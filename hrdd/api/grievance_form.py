"""Reading a grievance sent as a multipart form (the public page and ``POST /api/grievances``).

The body as a whole is bounded by the middleware before it is read (``HRDD_UPLOAD_MAX_BYTES``);
the parser stops at one file more than allowed; then the number of files, each file's size
(known from the parser, before the application reads it) and each name's ending are checked,
and only then are the files read — at most one byte over the limit each.
"""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request

from hrdd.exc import InvalidInput, Problem, TooLarge
from hrdd.services.evidence import ACCEPTED_EXTENSIONS
from hrdd.services.grievances import NewGrievance, Upload
from hrdd.settings import Settings

FIELDS = ("about", "category", "subject", "country", "description", "contact", "csrf_token")


@asynccontextmanager
async def grievance_form(request: Request, settings: Settings) -> AsyncIterator[FormData]:
    """The parsed form; too many files is 413, a malformed body 422 (problem detail, never 400/500)."""
    try:
        form = await request.form(max_files=settings.grievance_attachments_max + 1, max_fields=len(FIELDS) + 4)
    except HTTPException as err:
        if "too many files" in str(err.detail).lower():
            raise _too_many(settings, f"more than {settings.grievance_attachments_max}") from None
        raise InvalidInput("the form could not be read", [Problem(str(err.detail), field="body")]) from None
    try:
        yield form
    finally:
        await form.close()


def _too_many(settings: Settings, found: str) -> TooLarge:
    return TooLarge("too many files", [Problem("too many files", field="attachments",
                                               expected=f"at most {settings.grievance_attachments_max}", found=found)])


def _text(form: FormData, name: str) -> str:
    value = form.get(name)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InvalidInput(f"{name} is text", [Problem("send this as a text field, not a file", field=name)])
    return value


async def grievance_from_form(form: FormData, settings: Settings) -> NewGrievance:
    files = [f for f in form.getlist("attachments") if isinstance(f, UploadFile) and f.filename]
    if len(files) > settings.grievance_attachments_max:
        raise _too_many(settings, str(len(files)))
    limit = settings.grievance_attachment_max_bytes
    for n, upload in enumerate(files):
        if upload.size is not None and upload.size > limit:
            raise TooLarge("a file is too large", [Problem("file too large", field=f"attachments[{n}]",
                                                           expected=f"at most {limit / (1024 * 1024):g} MB",
                                                           found=f"{upload.size} bytes")])
        if Path(upload.filename or "").suffix.lower() not in ACCEPTED_EXTENSIONS:
            raise InvalidInput("file type not accepted", [Problem(
                "attach PDF, PNG, JPEG, Office documents or plain text", field=f"attachments[{n}]",
                expected=", ".join(sorted(ACCEPTED_EXTENSIONS)), found=repr((upload.filename or "")[:80]))])
    uploads = tuple([Upload(f.filename or "", await f.read(limit + 1)) for f in files])
    return NewGrievance(about=_text(form, "about"), category=_text(form, "category"),
                        description=_text(form, "description").replace("\r\n", "\n"), subject=_text(form, "subject"),
                        country=_text(form, "country"), contact=_text(form, "contact").replace("\r\n", "\n"),
                        attachments=uploads)
