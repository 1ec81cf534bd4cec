"""PDF benchmark: the first PDF of a service process and every later one, side by side with the
previous ways in the same run.

    python -m bench.pdf [--rounds N] [--first N]

Two documents: the exported report of a stored-case fixture (decision record included, 8 pages)
and the largest example report (examples/reports/06-…html, 35 pages). For each it prints

* warm renders in one process, alternating WeasyPrint's default (a new font configuration per
  PDF), the kept font configuration with the garbage collector running (before) and paused while
  the PDF is laid out (now), so that load on the machine hits all alike;
* the first PDF of a new process: cold, after the one-line warm-up used before (collector
  running), and after the report-shaped warm-up ``warm_pdf()`` does now (collector paused), each
  in its own subprocess, alternated.

Wall time and the process's CPU time are both printed (on a shared machine the wall time grows with
the load; the CPU time much less), with medians, ratios and the load average. Not a test: nothing
here asserts a time.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LARGE = ROOT / "examples" / "reports" / "06-imsi-catcher-via-distributor-ae.html"
FIRST_PDF = """
import json, sys, time
from hrdd.reports.pdf import WARM_HTML, html_to_pdf, warm_pdf
html = sys.stdin.read()
how = sys.argv[1]
if how == "one-line":
    warm_pdf(WARM_HTML)
elif how == "report":
    warm_pdf()
wall, cpu = time.perf_counter(), time.process_time()
html_to_pdf(html, pause_gc=how == "report")
print(json.dumps([time.perf_counter() - wall, time.process_time() - cpu]))
"""
WAYS = ("cold", "one-line", "report")


def _first_pdf(html: str, how: str) -> tuple[float, float]:
    out = subprocess.run([sys.executable, "-c", FIRST_PDF, how], cwd=ROOT, input=html, check=True,
                         capture_output=True, text=True)
    wall, cpu = json.loads(out.stdout.strip().splitlines()[-1])
    return float(wall), float(cpu)


def _timed(html: str, reuse: bool, pause: bool) -> tuple[float, float]:
    from hrdd.reports.pdf import html_to_pdf

    wall, cpu = time.perf_counter(), time.process_time()
    html_to_pdf(html, reuse_fonts=reuse, pause_gc=pause)
    return time.perf_counter() - wall, time.process_time() - cpu


def _med(samples: list[tuple[float, float]]) -> tuple[float, float]:
    return statistics.median(s[0] for s in samples), statistics.median(s[1] for s in samples)


def _documents() -> dict[str, str]:
    from hrdd.reports.render import render_html
    from tests.reports.data import load_report

    return {"fixture report (8 pages)": render_html(load_report("do_not_proceed_sanctions_hit")),
            "largest example report (35 pages)": LARGE.read_text(encoding="utf-8")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=4, help="warm renders of each kind per document")
    parser.add_argument("--first", type=int, default=2, help="new processes of each kind per document")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from hrdd.reports.pdf import warm_pdf

    warm_pdf()
    load = os.getloadavg()
    print(f"load average at start {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; wall / CPU seconds, medians")
    for name, html in _documents().items():
        fresh: list[tuple[float, float]] = []
        kept: list[tuple[float, float]] = []
        paused: list[tuple[float, float]] = []
        for _ in range(args.rounds):
            fresh.append(_timed(html, reuse=False, pause=False))
            kept.append(_timed(html, reuse=True, pause=False))
            paused.append(_timed(html, reuse=True, pause=True))
        firsts: dict[str, list[tuple[float, float]]] = {way: [] for way in WAYS}
        for _ in range(args.first):
            for way in WAYS:
                firsts[way].append(_first_pdf(html, way))
        (fw, fc), (kw, kc), (pw, pc) = _med(fresh), _med(kept), _med(paused)
        print(f"\n{name}:")
        print(f"  warm, new font configuration per PDF (WeasyPrint's default): {fw:5.2f} / {fc:5.2f}")
        print(f"  warm, kept font configuration, collector running (before):  {kw:5.2f} / {kc:5.2f}"
              f"  ({fw / kw:.2f}x wall, {fc / kc:.2f}x CPU against the default)")
        print(f"  warm, kept font configuration, collector paused (now):      {pw:5.2f} / {pc:5.2f}"
              f"  ({kw / pw:.2f}x wall, {kc / pc:.2f}x CPU against before)")
        (cw, cc), (ow, oc), (rw, rc) = (_med(firsts[way]) for way in WAYS)
        print(f"  first PDF of a process, cold:                               {cw:5.2f} / {cc:5.2f}")
        print(f"  first PDF after the one-line warm-up (before):              {ow:5.2f} / {oc:5.2f}")
        print(f"  first PDF after the report-shaped warm-up (now):            {rw:5.2f} / {rc:5.2f}"
              f"  ({ow / rw:.2f}x wall, {oc / rc:.2f}x CPU against before)")
    load = os.getloadavg()
    print(f"\nload average at end {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")


if __name__ == "__main__":
    main()
