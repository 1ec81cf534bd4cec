"""Rows of results as CSV or XLSX files a spreadsheet opens safely.

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is written with
a leading apostrophe, so a listed name crafted as a formula is shown as text and never run
(OWASP "CSV injection").
"""

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """The value, with text that a spreadsheet would read as a formula made plain text."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def rows_csv(fields: Sequence[str], rows: Iterable[Mapping[str, Any]]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=list(fields), extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: safe_cell(row.get(k, "")) for k in fields})
    return out.getvalue().encode("utf-8")


def rows_xlsx(fields: Sequence[str], rows: Iterable[Mapping[str, Any]], title: str = "results") -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append(list(fields))
    for row in rows:
        sheet.append([safe_cell(row.get(k, "")) for k in fields])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
