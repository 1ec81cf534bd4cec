"""ETag and If-Match for case writes: the client names the revision its change was made on.

``GET /api/cases/{id}`` answers with the revision's ``ETag``; a write sends it back in
``If-Match``. A stale tag gets 412 with what changed since; a write that must carry it and
does not gets 428. ``If-Match: *`` waives the check (RFC 9110), so it is refused where the
tag is required.
"""

from typing import Annotated

from fastapi import Depends, Header

from hrdd.api.errors import PreconditionRequired
from hrdd.exc import InvalidInput, Problem
from hrdd.services.cases import CaseRow
from hrdd.services.revisions import revision_tag


def etag(row: CaseRow) -> str:
    return f'"{revision_tag(row)}"'


def _parse(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    text = value.strip()
    if "," in text:
        raise InvalidInput("send one revision tag", [Problem("several tags in If-Match", field="If-Match",
                                                             expected="the one ETag of the case", found=text[:100])])
    return text.removeprefix("W/").strip('"')


def _optional(if_match: Annotated[str | None, Header(include_in_schema=True)] = None) -> str | None:
    tag = _parse(if_match)
    return None if tag == "*" else tag


def _required(if_match: Annotated[str | None, Header()] = None) -> str:
    tag = _parse(if_match)
    if tag is None or tag == "*":
        raise PreconditionRequired("this change must name the revision it was made on", [Problem(
            "missing If-Match", field="If-Match", expected="the ETag from GET /api/cases/{case_id}",
            found=repr(if_match) if if_match else "nothing")])
    return tag


IfMatch = Annotated[str | None, Depends(_optional)]
IfMatchRequired = Annotated[str, Depends(_required)]
