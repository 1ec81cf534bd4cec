"""Files of parties to screen in bulk: CSV (UTF-8, with a header) or XLSX (first sheet).

Columns, case-insensitive, in any order: ``name`` (required), ``country`` (ISO code),
``schema`` (Person, Company, Organization or LegalEntity), ``birth_date`` (YYYY, YYYY-MM or
YYYY-MM-DD), ``identifier`` (a registration, tax or LEI number). Anything else is ignored.
Every problem names the file, the line and the column, with what was expected and what was
found; a file with any problem screens nothing. Limits (size, rows) are checked before the
rows are read.
"""

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from hrdd.exc import InvalidInput, Problem

SCHEMATA = ("LegalEntity", "Company", "Organization", "Person")
COLUMNS = ("name", "country", "schema", "birth_date", "identifier")
MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 10_000
MAX_NAME = 300
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_COUNTRY = re.compile(r"^[A-Za-z]{2}$")


@dataclass(frozen=True, slots=True)
class PartyRow:
    """One party to screen, with the line of the file it came from."""

    line: int
    name: str
    country: str | None = None
    schema: str = "LegalEntity"
    birth_date: str | None = None
    identifier: str | None = None


def read_parties(filename: str, data: bytes, *, max_rows: int | None = MAX_ROWS,
                 max_bytes: int | None = MAX_BYTES) -> list[PartyRow]:
    """The parties in a CSV or XLSX file (by its name's ending). The limits suit an upload;
    the command line, reading a file the user chose, passes None for both."""
    if max_bytes is not None and len(data) > max_bytes:
        raise InvalidInput("the file is too large", [Problem(
            "file too large", file=filename, expected=f"at most {max_bytes // (1024 * 1024)} MB",
            found=f"{len(data) / (1024 * 1024):.1f} MB")])
    lower = filename.lower()
    if lower.endswith(".xlsx"):
        rows = _xlsx_rows(filename, data)
    elif lower.endswith((".csv", ".txt")):
        rows = _csv_rows(filename, data)
    else:
        raise InvalidInput("unknown file type", [Problem(
            "unknown file type", file=filename, expected="a .csv or .xlsx file", found=filename.rsplit(".", 1)[-1])])
    return _parties(filename, rows, max_rows)


def _csv_rows(filename: str, data: bytes) -> Iterator[tuple[int, list[str]]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[:err.start].count(b"\n") + 1
        raise InvalidInput("the file is not UTF-8 text", [Problem(
            "not UTF-8", file=filename, line=line, expected="UTF-8 text (save the sheet as CSV UTF-8)",
            found=f"byte 0x{data[err.start]:02x}")]) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        for row in reader:
            yield reader.line_num, row
    except csv.Error as err:
        raise InvalidInput("the CSV file cannot be read", [Problem(
            "malformed CSV", file=filename, line=reader.line_num, expected="comma-separated values",
            found=str(err))]) from None


def _xlsx_rows(filename: str, data: bytes) -> Iterator[tuple[int, list[str]]]:
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
        # a few MB of XML per MB of XLSX is normal; far more is a zip bomb
        if unpacked > max(20 * MAX_BYTES, 40 * len(data)):
            raise InvalidInput("the spreadsheet unpacks too large", [Problem(
                "file too large when unpacked", file=filename,
                expected=f"at most {max(20 * MAX_BYTES, 40 * len(data)) // 2**20} MB", found=f"{unpacked / 2**20:.0f} MB")])
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as err:
        raise InvalidInput("the spreadsheet cannot be read", [Problem(
            "not an XLSX workbook", file=filename, expected="an Excel workbook (.xlsx)",
            found=type(err).__name__)]) from None
    try:
        sheet = workbook.worksheets[0]
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, [_cell(v) for v in values]
    finally:
        workbook.close()


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):  # a date typed as a date in the sheet
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _header(filename: str, rows: Iterator[tuple[int, list[str]]]) -> tuple[int, dict[str, int]]:
    for line, cells in rows:
        if not any(c.strip() for c in cells):
            continue
        columns = {c.strip().lower().replace(" ", "_"): i for i, c in enumerate(cells) if c.strip()}
        if "name" not in columns:
            raise InvalidInput("the file has no name column", [Problem(
                "missing column", file=filename, line=line, field="name",
                expected="a header row with name (and optionally " + ", ".join(COLUMNS[1:]) + ")",
                found=", ".join(c.strip() for c in cells if c.strip()) or "an empty row")])
        return line, columns
    raise InvalidInput("the file is empty", [Problem("no rows", file=filename, expected="a header row and parties")])


def _parties(filename: str, rows: Iterable[tuple[int, list[str]]], max_rows: int | None) -> list[PartyRow]:
    iterator = iter(rows)
    _, columns = _header(filename, iterator)
    parties: list[PartyRow] = []
    problems: list[Problem] = []
    for line, cells in iterator:
        values = {key: cells[i].strip() if i < len(cells) else "" for key, i in columns.items() if key in COLUMNS}
        if not any(values.values()):
            continue
        if max_rows is not None and len(parties) >= max_rows:
            raise InvalidInput("the file has too many rows", [Problem(
                "too many rows", file=filename, line=line, expected=f"at most {max_rows} parties",
                found="more")])
        party, found = check_party(filename, line, values)
        problems += found
        if party is not None:
            parties.append(party)
        if len(problems) >= 50:
            break
    if problems:
        raise InvalidInput(f"{len(problems)} problem(s) in the file; nothing was screened", problems)
    if not parties:
        raise InvalidInput("the file lists no party", [Problem("no parties", file=filename,
                                                               expected="at least one row with a name")])
    return parties


def check_party(filename: str, line: int, values: dict[str, str]) -> tuple[PartyRow | None, list[Problem]]:
    """The party in one row's values (by column name), or the problems with them."""
    def wrong(column: str, expected: str) -> Problem:
        return Problem("wrong value", file=filename, line=line, field=column, expected=expected,
                       found=repr(values[column][:60]))

    problems = []
    name = values.get("name", "")
    if not name:
        problems.append(Problem("missing name", file=filename, line=line, field="name", expected="a name"))
    elif len(name) > MAX_NAME:
        problems.append(wrong("name", f"at most {MAX_NAME} characters"))
    country = values.get("country") or None
    if country and not _COUNTRY.match(country):
        problems.append(wrong("country", "a two-letter ISO 3166-1 code"))
    schema = values.get("schema") or "LegalEntity"
    if schema not in SCHEMATA:
        problems.append(wrong("schema", " or ".join(SCHEMATA)))
    birth_date = values.get("birth_date") or None
    if birth_date and not _DATE.match(birth_date):
        problems.append(wrong("birth_date", "YYYY, YYYY-MM or YYYY-MM-DD"))
    identifier = values.get("identifier") or None
    if identifier and len(identifier) > 100:
        problems.append(wrong("identifier", "at most 100 characters"))
    if problems:
        return None, problems
    return PartyRow(line, name, country.lower() if country else None, schema, birth_date, identifier), []
