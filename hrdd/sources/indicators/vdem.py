"""V-Dem Country-Year data (full or "lite" CSV), V-Dem Institute, CC BY-SA 4.0.

Only the variables in :data:`VARIABLES` are kept; any of them missing from a file is simply
absent (the lite file has no Digital Society ``v2sm*`` variables). Index variables (``v2x_*``)
run 0..1; indicators are latent model estimates, about -3..+3, higher meaning freer.
"""

import csv
import re
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from hrdd.sources.indicators.base import (
    Download,
    Indicator,
    IndicatorData,
    IndicatorSource,
    Observation,
    RowLog,
    SourceInfo,
    check_result,
    require_columns,
)

SOURCE = SourceInfo(
    id="vdem",
    name="V-Dem",
    publisher="V-Dem Institute, University of Gothenburg",
    url="https://www.v-dem.net/data/the-v-dem-dataset/",
    licence="CC BY-SA 4.0",
    open_licence=True,
    attribution="Coppedge, Michael et al. V-Dem Country-Year Dataset. Varieties of Democracy (V-Dem) Project. "
    "Licensed CC BY-SA 4.0.",
)
_INDEX = "0-1, higher is better"
_LATENT = "latent estimate, about -3 to +3, higher is better"

# (variable, label, kind) kind: "index" 0..1 or "latent"
_SPEC: tuple[tuple[str, str, str], ...] = (
    ("v2x_libdem", "Liberal democracy index", "index"),
    ("v2x_polyarchy", "Electoral democracy index", "index"),
    ("v2x_civlib", "Civil liberties index", "index"),
    ("v2x_clpol", "Political civil liberties index", "index"),
    ("v2x_clpriv", "Private civil liberties index", "index"),
    ("v2x_clphy", "Physical violence index (freedom from)", "index"),
    ("v2cltort", "Freedom from torture", "latent"),
    ("v2clkill", "Freedom from political killings", "latent"),
    ("v2x_rule", "Rule of law index", "index"),
    ("v2xcl_rol", "Equality before the law and individual liberty index", "index"),
    ("v2x_jucon", "Judicial constraints on the executive index", "index"),
    ("v2juhcind", "High court independence", "latent"),
    ("v2juncind", "Lower court independence", "latent"),
    ("v2x_freexp_altinf", "Freedom of expression and alternative sources of information index", "index"),
    ("v2mecenefm", "Government censorship effort: media", "latent"),
    ("v2meharjrn", "Harassment of journalists (freedom from)", "latent"),
    ("v2meslfcen", "Media self-censorship (freedom from)", "latent"),
    ("v2mecenefi", "Internet censorship effort (freedom from)", "latent"),
    ("v2xcs_ccsi", "Core civil society index", "index"),
    ("v2x_frassoc_thick", "Freedom of association index", "index"),
    ("v2csreprss", "CSO repression (freedom from)", "latent"),
    # Digital Society Project, in the full dataset only
    ("v2smgovfilprc", "Government Internet filtering in practice (freedom from)", "latent"),
    ("v2smgovshut", "Government Internet shut down in practice (freedom from)", "latent"),
    ("v2smgovsmmon", "Government social media monitoring (freedom from)", "latent"),
    ("v2smgovsmcenprc", "Government social media censorship in practice (freedom from)", "latent"),
    ("v2smarrest", "Arrests for political content online (freedom from)", "latent"),
)
INDICATORS: dict[str, Indicator] = {
    f"vdem.{var}": (
        Indicator(f"vdem.{var}", label, _INDEX) if kind == "index"
        else Indicator(f"vdem.{var}", label, _LATENT, low=-3.0, high=3.0)
    )
    for var, label, kind in _SPEC
}
INDICATORS["vdem.v2x_regime"] = Indicator(
    "vdem.v2x_regime", "Regimes of the World (0 closed autocracy ... 3 liberal democracy)",
    "0-3, higher is better", low=0.0, high=3.0)

# V-Dem's own codes: PSE is "Palestine/West Bank"; the others have no ISO 3166-1 code.
CODES: dict[str, str | None] = {
    "PSE": "PS", "PSG": None, "SML": None, "ZZB": None, "DDR": None, "VDR": None, "YMD": None, "XKX": "XK",
}


def version_of(path: Path) -> str:
    found = re.search(r"v(\d{1,2})(?:\b|_|\.|-)", path.name)
    return f"v{found.group(1)}" if found else ""


def read(paths: Sequence[Path]) -> IndicatorData:
    data = IndicatorData(source=SOURCE, indicators=dict(INDICATORS), files=tuple(str(p) for p in paths))
    versions: set[str] = set()
    for path in paths:
        versions.add(version_of(path))
        _read_file(path, data)
    present = {o.key for o in data.observations}
    data.indicators = {k: v for k, v in data.indicators.items() if k in present}
    data.source = replace(SOURCE, version="/".join(sorted(v for v in versions if v)))
    return check_result(data)


def _read_file(path: Path, data: IndicatorData) -> None:
    log = RowLog(data, path)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        header = [h.strip() for h in next(reader, [])]
        require_columns(path, header, ("country_text_id", "year"), SOURCE.id)
        code_at, year_at = header.index("country_text_id"), header.index("year")
        columns = [(header.index(key.split(".", 1)[1]), key) for key in INDICATORS
                   if key.split(".", 1)[1] in header]
        require_columns(path, header, [] if columns else ["v2x_civlib"], SOURCE.id)
        for cells in reader:
            line = reader.line_num
            data.rows_read += 1
            if len(cells) != len(header):
                log.reject(line, "wrong number of cells", expected=str(len(header)), found=str(len(cells)))
                continue
            country = log.country(cells[code_at], line, "country_text_id", CODES)
            year = log.year(cells[year_at], line, "year")
            if country is None or year is None:
                continue
            for index, key in columns:
                value = log.number(cells[index], line, key.split(".", 1)[1])
                if value is not None:
                    data.observations.append(Observation(country, year, key, value))


IMPORTER = IndicatorSource(
    info=SOURCE, read=read,
    files="V-Dem Country-Year CSV (Core, Full+Others, or the vdemlite export), e.g. V-Dem-CY-Full+Others-v15.csv, "
    "or the ZIP it comes in",
    # Full+Others carries the Digital Society variables; the address changes with each version.
    downloads=(Download("https://www.v-dem.net/media/datasets/V-Dem-CY-FullOthers-v15_csv.zip",
                        "V-Dem-CY-FullOthers-v15_csv.zip"),),
)
