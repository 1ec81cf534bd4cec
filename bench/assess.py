"""Assessment benchmark: median time per assessment (warm) and the CLI's cold start.

    python -m bench.assess [--rounds N]

Prints, side by side in one run, the engine alone, the full service path (country
context, misuse matching, report building), JSON rendering, and the CLI's cold start to
first output against a baseline of the bare Python interpreter starting and importing
nothing. Not a test: nothing here asserts a time.
"""

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))


def _median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def _time(fn, rounds: int) -> list[float]:  # type: ignore[no-untyped-def]
    out = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def warm(rounds: int) -> None:
    from hrdd.assess import assess
    from hrdd.casefile import load_case
    from hrdd.catalog import default_catalog
    from hrdd.reports.build import build_report
    from hrdd.reports.render import render_json
    from hrdd.services.assessments import gather_context
    from hrdd.settings import get_settings

    catalog = default_catalog()
    settings = get_settings()
    cases = [load_case(p, catalog) for p in EXAMPLES]
    contexts = [gather_context(c, settings, screen=False) for c in cases]
    for case, ctx in zip(cases, contexts, strict=True):  # warm caches once
        render_json(build_report(assess(case, catalog, ctx)))

    engine, full, render, load = [], [], [], []
    for case, ctx, path in zip(cases, contexts, EXAMPLES, strict=True):
        engine += _time(lambda c=case, x=ctx: assess(c, catalog, x), rounds)
        full += _time(lambda c=case: build_report(assess(c, catalog, gather_context(c, settings, screen=False))),
                      rounds)
        report = build_report(assess(case, catalog, ctx))
        render += _time(lambda r=report: render_json(r), rounds)
        load += _time(lambda p=path: load_case(p, catalog), rounds)
    print(f"examples: {len(cases)}, rounds each: {rounds}")
    print(f"  case file load + validate   median {_median_ms(load):7.3f} ms")
    print(f"  engine (assess)             median {_median_ms(engine):7.3f} ms")
    print(f"  context + engine + report   median {_median_ms(full):7.3f} ms   (target < 5 ms warm)")
    print(f"  JSON rendering              median {_median_ms(render):7.3f} ms")


def cold(repeats: int) -> None:
    example = str(EXAMPLES[0])
    python = sys.executable

    def run(args: list[str]) -> float:
        start = time.perf_counter()
        subprocess.run(args, check=True, capture_output=True, cwd=ROOT)
        return time.perf_counter() - start

    bare = [run([python, "-c", "pass"]) for _ in range(repeats)]
    helptext = [run([python, "-m", "hrdd", "--help"]) for _ in range(repeats)]
    assess_cli = [run([python, "-m", "hrdd", "assess", example, "--no-screen"]) for _ in range(repeats)]
    base = statistics.median(bare)
    print(f"cold start, median of {repeats} runs (ratio against a bare interpreter start):")
    print(f"  python -c pass              {base * 1000:7.1f} ms   1.0x")
    print(f"  hrdd --help                 {statistics.median(helptext) * 1000:7.1f} ms   "
          f"{statistics.median(helptext) / base:4.1f}x")
    print(f"  hrdd assess (to output)     {statistics.median(assess_cli) * 1000:7.1f} ms   "
          f"{statistics.median(assess_cli) / base:4.1f}x   (target < 1 s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--cold-repeats", type=int, default=5)
    args = parser.parse_args()
    warm(args.rounds)
    cold(args.cold_repeats)


if __name__ == "__main__":
    main()
