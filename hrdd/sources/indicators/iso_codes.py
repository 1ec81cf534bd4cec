"""ISO 3166-1 country table from the ``datasets/country-codes`` CSV (ODC-PDDL-1.0).

:func:`build_iso_table` produces the JSON shipped as ``hrdd/catalogs/countries/iso.json``;
``hrdd.countries.iso`` reads that file. Only the English name columns are kept.
"""

import csv
import hashlib
import re
from pathlib import Path
from typing import Any

from hrdd.exc import Problem, SourceError

FILE_NAME = "country-codes.csv"
SOURCE = {
    "id": "iso_country_codes",
    "name": "Country codes (ISO 3166-1 and cross-walks), datasets/country-codes",
    "publisher": "Datahub core datasets, built from ISO 3166, UN M49, CLDR and others",
    "url": "https://github.com/datasets/country-codes",
    "licence": "ODC-PDDL-1.0",
    "attribution": "Country codes from datasets/country-codes (Open Data Commons Public Domain Dedication "
    "and License 1.0).",
}
_NAME_COLUMNS = ("official_name_en", "UNTERM English Short", "UNTERM English Formal", "CLDR display name")
_REQUIRED = ("ISO3166-1-Alpha-2", "ISO3166-1-Alpha-3", "ISO3166-1-numeric", *_NAME_COLUMNS)


def _clean_name(text: str) -> str:
    text = text.strip().rstrip("*").strip()
    text = re.sub(r"\s*\(the\)$", "", text)
    return re.sub(r"^the\s+", "", text)


def _snapshot_date(folder: Path) -> str | None:
    """The commit date a shared-data README records for the copy, if there is one."""
    readme = folder / "README.md"
    if not readme.is_file():
        return None
    found = re.search(r"[Cc]ommit\s+`?[0-9a-f]{7,40}`?\s*\((\d{4}-\d{2}-\d{2})\)", readme.read_text("utf-8"))
    return found.group(1) if found else None


def find_iso_file(data_dir: Path) -> Path:
    for candidate in (data_dir / "iso_country_codes" / FILE_NAME, data_dir / FILE_NAME):
        if candidate.is_file():
            return candidate
    raise SourceError(
        "country-codes file not found",
        "iso_country_codes",
        [Problem("missing file", file=str(data_dir / "iso_country_codes" / FILE_NAME),
                 expected=f"{FILE_NAME} from github.com/datasets/country-codes")],
    )


def build_iso_table(path: Path) -> dict[str, Any]:
    """Read ``country-codes.csv`` and return the table shipped as ``iso.json``.

    Rows without a two- and three-letter code are reported as problems, never dropped silently:
    a row that cannot be read makes the whole build fail, because the table is a join key.
    """
    raw = path.read_bytes()
    problems: list[Problem] = []
    countries: list[dict[str, Any]] = []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in _REQUIRED if c not in (reader.fieldnames or [])]
        if missing:
            raise SourceError("country-codes file lacks columns", "iso_country_codes", [
                Problem("missing columns", file=str(path), line=1, expected=", ".join(missing),
                        found=", ".join(reader.fieldnames or []))])
        for row in reader:
            line = reader.line_num
            alpha2 = row["ISO3166-1-Alpha-2"].strip().upper()
            alpha3 = row["ISO3166-1-Alpha-3"].strip().upper()
            if not re.fullmatch(r"[A-Z]{2}", alpha2) or not re.fullmatch(r"[A-Z]{3}", alpha3):
                problems.append(Problem("row without valid ISO codes", file=str(path), line=line,
                                        field="ISO3166-1-Alpha-2/3", expected="AA and AAA",
                                        found=f"{alpha2!r}/{alpha3!r}"))
                continue
            names = [_clean_name(row[c]) for c in _NAME_COLUMNS]
            unique = list(dict.fromkeys(n for n in names if n))
            countries.append({
                "alpha2": alpha2,
                "alpha3": alpha3,
                "numeric": row["ISO3166-1-numeric"].strip() or None,
                "name": (_clean_name(row["CLDR display name"]) or unique[0]).replace(" & ", " and "),
                "official_name": _clean_name(row["official_name_en"]) or unique[0],
                "names": unique,
                "region": row.get("Region Name", "").strip() or None,
                "independent": row.get("is_independent", "").strip() or None,
            })
    if problems:
        raise SourceError("country-codes file has rows that cannot be read", "iso_country_codes", problems)
    countries.sort(key=lambda c: c["alpha2"])
    return {
        "source": {**SOURCE, "as_of": _snapshot_date(path.parent)},
        "input": {"file": path.name, "sha256": hashlib.sha256(raw).hexdigest(), "rows": len(countries)},
        "countries": countries,
    }
