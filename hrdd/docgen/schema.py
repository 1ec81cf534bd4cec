"""docs/report.schema.json, generated from the report contract's models (``make docs``)."""

import sys

from hrdd.docgen import ROOT
from hrdd.reports.contract import report_schema_text

SCHEMA_FILE = ROOT / "docs" / "report.schema.json"


def main() -> int:
    SCHEMA_FILE.write_text(report_schema_text(), encoding="utf-8")
    sys.stdout.write(f"wrote {SCHEMA_FILE.relative_to(ROOT)}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
