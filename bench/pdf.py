"""PDF benchmark: time per report PDF with the kept font configuration against WeasyPrint's
default (a new one per document), side by side in one process, and the first PDF of a process.

    python -m bench.pdf [--rounds N]

Renders the exported report of a stored-case fixture (decision record included) alternately by
both paths, so that load on the machine hits both alike, and prints medians and their ratio with
the load average. Not a test: nothing here asserts a time.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIRST_PDF = """
import time
started = time.perf_counter()
from hrdd.reports.pdf import html_to_pdf, warm_pdf
from hrdd.reports.render import render_html
from tests.reports.data import load_report
html = render_html(load_report("do_not_proceed_sanctions_hit"))
if WARM:
    warm_pdf()
    started = time.perf_counter()
html_to_pdf(html)
print(time.perf_counter() - started)
"""


def _first_pdf(warm: bool) -> float:
    code = FIRST_PDF.replace("WARM", str(warm))
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, capture_output=True, text=True)
    return float(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=8)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from hrdd.reports.pdf import html_to_pdf
    from hrdd.reports.render import render_html
    from tests.reports.data import load_report

    html = render_html(load_report("do_not_proceed_sanctions_hit"))
    html_to_pdf(html)  # load WeasyPrint and the fonts once for both paths
    fresh: list[float] = []
    kept: list[float] = []
    for _ in range(args.rounds):
        for reuse, samples in ((False, fresh), (True, kept)):
            start = time.perf_counter()
            html_to_pdf(html, reuse_fonts=reuse)
            samples.append(time.perf_counter() - start)
    load = os.getloadavg()
    f, k = statistics.median(fresh), statistics.median(kept)
    print(f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; {args.rounds} PDFs each")
    print(f"new font configuration per PDF (before): median {f:.2f} s, max {max(fresh):.2f} s")
    print(f"kept font configuration (now):           median {k:.2f} s, max {max(kept):.2f} s  ({f / k:.2f}x faster)")
    cold, warmed = _first_pdf(False), _first_pdf(True)
    print(f"first PDF of a process: {cold:.2f} s cold, {warmed:.2f} s after warm_pdf() ({cold / warmed:.2f}x)")


if __name__ == "__main__":
    main()
