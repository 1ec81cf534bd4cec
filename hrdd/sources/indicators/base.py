"""What every indicator importer returns, and the helpers they share.

An importer reads one publisher's file format and returns :class:`IndicatorData`: the
:class:`SourceInfo` (licence, attribution, version), the :class:`Indicator` definitions (label,
scale, direction and how a value maps to a 0..1 risk) and per-country, per-year
:class:`Observation` values. Rows it cannot use are kept as :class:`~hrdd.exc.Problem` with
file and line, and counted. A missing value in the file is simply not an observation: it is
never turned into zero.
"""

import csv
import math
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from hrdd.countries.iso import get_country, normalise_country
from hrdd.exc import Problem, SourceError

# A file where more than this share of rows is rejected is refused as a whole.
MAX_REJECTED_SHARE = 0.5
MISSING = frozenset({"", "na", "n/a", "..", "-", "nan", "null", "none"})
Curve = Literal["linear", "count"]


@dataclass(frozen=True, slots=True)
class SourceInfo:
    id: str  # "vdem", "wgi", ...: the name used by ``hrdd data import``
    name: str  # "V-Dem", as printed next to a figure
    publisher: str
    url: str
    licence: str
    open_licence: bool  # may be downloaded and shipped with attribution
    attribution: str
    version: str = ""  # "v14", "2024": filled in by the importer from the data


@dataclass(frozen=True, slots=True)
class Indicator:
    """One variable of a source and how its values read as risk (0..1, 1 = worst).

    ``linear``: the value is placed between ``low`` and ``high`` (clamped), then inverted
    unless ``higher_is_worse``. ``count`` (event counts such as shutdowns): 0 events is 0;
    one event is ``base``; the risk rises linearly to ``cap`` at ``saturate`` events.
    """

    key: str  # "vdem.v2x_civlib"
    label: str
    scale: str  # said for a reader: "0-1, higher is better"
    low: float = 0.0
    high: float = 1.0
    higher_is_worse: bool = False
    curve: Curve = "linear"
    base: float = 0.0
    cap: float = 1.0
    saturate: float = 1.0

    def risk(self, value: float | None) -> float | None:
        if value is None or math.isnan(value):
            return None
        if self.curve == "count":
            if value <= 0:
                return 0.0
            steps = max(self.saturate - 1.0, 1.0)
            return round(min(self.cap, self.base + (self.cap - self.base) * (value - 1.0) / steps), 4)
        share = (value - self.low) / (self.high - self.low)
        share = min(1.0, max(0.0, share))
        return round(share if self.higher_is_worse else 1.0 - share, 4)


@dataclass(frozen=True, slots=True)
class Observation:
    country: str  # ISO alpha-2
    year: int
    key: str  # Indicator.key
    value: float


@dataclass
class IndicatorData:
    source: SourceInfo
    indicators: dict[str, Indicator]
    observations: list[Observation] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: tuple[str, ...] = ()
    rows_read: int = 0
    rows_rejected: int = 0

    def years(self) -> tuple[int, int] | None:
        if not self.observations:
            return None
        found = [o.year for o in self.observations]
        return min(found), max(found)

    def countries(self) -> set[str]:
        return {o.country for o in self.observations}


@dataclass(frozen=True, slots=True)
class Download:
    """An official download address of an openly licensed source."""

    url: str
    filename: str
    sha256: str | None = None  # expected digest when the publisher's file is fixed


@dataclass(frozen=True, slots=True)
class IndicatorSource:
    """One importer: the source it reads, its ``read`` function and, if open, where to fetch it."""

    info: SourceInfo
    read: Callable[[Sequence[Path]], IndicatorData]
    files: str  # what the user should supply, for help text and errors
    downloads: tuple[Download, ...] = ()


class RowLog:
    """Collects rejected rows for one file; each row counts once however many problems it has."""

    def __init__(self, data: IndicatorData, path: Path) -> None:
        self.data = data
        self.path = str(path)
        self._rejected_lines: set[int] = set()

    def reject(self, line: int, message: str, *, field: str | None = None, expected: str | None = None,
               found: str | None = None, suggestion: str | None = None) -> None:
        self.data.problems.append(Problem(message, file=self.path, line=line, field=field, expected=expected,
                                          found=found, suggestion=suggestion))
        if line not in self._rejected_lines:
            self._rejected_lines.add(line)
            self.data.rows_rejected += 1

    def number(self, raw: str | None, line: int, column: str, *, decimal_comma: bool = False) -> float | None:
        """The cell as a float, None when the publisher marks it missing; a bad cell is reported."""
        text = (raw or "").strip()
        if text.lower() in MISSING:
            return None
        if decimal_comma:
            text = text.replace(",", ".")
        try:
            value = float(text)
        except ValueError:
            self.reject(line, "not a number", field=column, expected="a number or a missing-value mark",
                        found=repr(raw))
            return None
        if math.isnan(value):
            return None
        return value

    def year(self, raw: str | None, line: int, column: str) -> int | None:
        text = (raw or "").strip()
        if re.fullmatch(r"\d{4}(\.0+)?", text):
            return int(float(text))
        self.reject(line, "not a year", field=column, expected="a four-digit year", found=repr(raw))
        return None

    def country(self, raw: str | None, line: int, column: str,
                codes: Mapping[str, str | None] | None = None) -> str | None:
        """Resolve a code or name to ISO alpha-2; ``codes`` holds the source's own non-ISO codes.

        A code mapped to ``None`` in ``codes`` is a known entity without an ISO code
        (historical states, sub-national units): it is rejected like any unknown code.
        """
        text = (raw or "").strip()
        if codes is not None and text in codes:
            mapped = codes[text]
            if mapped is None:
                self.reject(line, "no ISO 3166-1 country for this entity", field=column,
                            expected="a current country", found=repr(text))
            return mapped
        found = get_country(text) if len(text) == 3 and text.isupper() else None
        code = found.alpha2 if found else normalise_country(text)
        if code is None:
            self.reject(line, "unknown country", field=column, expected="an ISO code or English country name",
                        found=repr(text))
        return code


def read_csv_rows(path: Path, *, delimiter: str = ",", skip_lines: int = 0,
                  encoding: str = "utf-8-sig") -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (line number, row) with header names stripped; line numbers count physical lines."""
    try:
        handle = path.open(encoding=encoding, newline="")
    except OSError as err:
        raise SourceError(f"cannot read {path}", path.stem, [Problem(str(err), file=str(path))]) from err
    with handle:
        for _ in range(skip_lines):
            handle.readline()
        reader = csv.reader(handle, delimiter=delimiter)
        try:
            header = [h.strip() for h in next(reader)]
        except StopIteration:
            return
        for cells in reader:
            if not any(c.strip() for c in cells):
                continue
            yield reader.line_num + skip_lines, dict(zip(header, cells, strict=False))


def require_columns(path: Path, header: Sequence[str], needed: Sequence[str], source: str, line: int = 1) -> None:
    missing = [c for c in needed if c not in header]
    if missing:
        raise SourceError(f"{path.name} is not in the expected {source} format", source, [Problem(
            "missing columns", file=str(path), line=line, expected=", ".join(missing),
            found=", ".join(header)[:300])])


def read_header(path: Path, *, delimiter: str = ",", skip_lines: int = 0) -> list[str]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for _ in range(skip_lines):
            handle.readline()
        row = next(csv.reader(handle, delimiter=delimiter), [])
    return [h.strip() for h in row]


def check_result(data: IndicatorData) -> IndicatorData:
    """Refuse a file that yielded nothing or where most rows were rejected; else return it."""
    source = data.source.id
    if not data.observations:
        raise SourceError(f"no usable {data.source.name} values in {', '.join(data.files)}", source,
                          data.problems[:20])
    if data.rows_read and data.rows_rejected / data.rows_read > MAX_REJECTED_SHARE:
        raise SourceError(
            f"{data.rows_rejected} of {data.rows_read} rows rejected in {', '.join(data.files)}; "
            "is this the right file for this source?", source, data.problems[:20])
    seen: set[tuple[str, int, str]] = set()
    unique: list[Observation] = []
    for obs in data.observations:
        ident = (obs.country, obs.year, obs.key)
        if ident in seen:
            data.problems.append(Problem("duplicate value for country, year and indicator; the first is kept",
                                         item=f"{obs.country} {obs.year} {obs.key}"))
            continue
        seen.add(ident)
        unique.append(obs)
    data.observations = unique
    return data


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_xlsx_rows(path: Path, needed: Sequence[str], source: str) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows of the first sheet whose header (within its first 10 rows) has the ``needed`` columns.

    Line numbers are spreadsheet row numbers. Cells come back as text, like a CSV export.
    """
    from openpyxl import load_workbook  # only needed for spreadsheets

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as err:  # openpyxl raises many kinds for a bad workbook; re-raised as SourceError
        raise SourceError(f"cannot open {path.name} as a workbook", source, [Problem(
            str(err), file=str(path), expected="an .xlsx workbook")]) from err
    try:
        for sheet in book.worksheets:
            rows = sheet.iter_rows(values_only=True)
            for number, cells in enumerate(rows, start=1):
                header = [_cell_text(c).strip() for c in cells]
                if set(needed) <= set(header):
                    for line, values in enumerate(rows, start=number + 1):
                        texts = [_cell_text(v) for v in values]
                        if any(t.strip() for t in texts):
                            yield line, dict(zip(header, texts, strict=False))
                    return
                if number >= 10:
                    break
    finally:
        book.close()
    raise SourceError(f"{path.name} has no sheet with the expected columns", source, [Problem(
        "missing columns", file=str(path), expected=", ".join(needed), found="no matching header row")])


def read_rows(path: Path, needed: Sequence[str], source: str) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows of a CSV or .xlsx file that must have the ``needed`` columns."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        yield from read_xlsx_rows(path, needed, source)
        return
    require_columns(path, read_header(path), needed, source)
    yield from read_csv_rows(path)
