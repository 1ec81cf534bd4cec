"""Import the sanctions and export-control lists in ../shared/data into HRDD_HOME.

    .venv/bin/python scripts/load_shared_lists.py [DATA_DIR]

Used by ``make demo`` and by the example-report tests, so that both screen against the
same real snapshots. On a machine with internet access, ``hrdd lists update`` downloads the
current lists from their official addresses instead.
"""

import sys
from pathlib import Path

from hrdd.services.lists import import_list
from hrdd.settings import Settings, get_settings

# (source, files under the data directory, publisher's date when the files carry none)
LISTS: list[tuple[str, list[str], str | None]] = [
    ("ofac-sdn", ["ofac_sdn/2024-07-02/sdn.csv", "ofac_sdn/2025-12/add.csv", "ofac_sdn/2025-12/alt.csv",
                  "ofac_sdn/2025-12/sdn_comments.csv"], "2024-07-02"),
    ("ofac-cons", ["ofac_non_sdn_consolidated/cons_prim.csv", "ofac_non_sdn_consolidated/cons_add.csv",
                   "ofac_non_sdn_consolidated/cons_alt.csv", "ofac_non_sdn_consolidated/cons_comments.csv"],
     "2025-12-01"),
    ("us-csl", ["us_consolidated_screening_list/csl_2023-11.csv"], None),
    ("bis-dpl", ["bis_denied_persons_list/dpl_2023-11.tsv"], None),
    ("un-sc", ["un_sc_consolidated_list/consolidated_2026-02-27.xml"], None),
    ("uk-sanctions", [f"uk_sanctions_list/{n}.csv" for n in
                      ("subjects", "subject_names", "subject_countries", "subject_dobs", "subject_identifiers")], None),
]


def load(data_dir: Path, settings: Settings) -> list[str]:
    """Import every list found under ``data_dir``; return one summary line per list."""
    lines = []
    for source, files, as_of in LISTS:
        paths = [data_dir / f for f in files]
        if not all(p.is_file() for p in paths):
            lines.append(f"{source}: skipped (files not found under {data_dir})")
            continue
        report = import_list(source, paths, settings, as_of=as_of)
        lines.append(f"{source}: {report.entries} entries as of {report.as_of}")
    return lines


if __name__ == "__main__":
    data = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "shared" / "data"
    if not data.is_dir():
        sys.stderr.write(f"no list data at {data}: skipping (use `hrdd lists update` or `hrdd lists import`)\n")
        sys.exit(0)
    for line in load(data, get_settings()):
        sys.stderr.write(line + "\n")
    # build the screening index and rigour's person-name phrase table now, once, rather than in
    # the first command that screens
    from hrdd.services.screening import open_screener

    screener = open_screener()
    if screener is not None:
        sys.stderr.write(f"screening index ready: {screener.index.count()} entries\n")
