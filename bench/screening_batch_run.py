"""One timed run of ``screen_file`` for ``bench.screening_batch``, in a process of its own.

Run as a script with the code to measure on ``PYTHONPATH`` (this tree, or an older commit
exported by the bench for a side-by-side baseline): it imports ``hrdd`` from there, screens the
party file into the output (resuming an earlier run of the same job), and prints one JSON line:
rows done, wall-clock seconds, CPU seconds of this process and its workers, load averages.
"""

import argparse
import csv
import inspect
import json
import os
import resource
import sys
import time
from pathlib import Path

from hrdd.services.screening import open_screener
from hrdd.services.screening_file import PartyLine, screen_file
from hrdd.settings import Settings


class _Stopped(Exception):
    pass


def _cpu() -> tuple[float, float]:
    """CPU seconds of this process, and of its finished children (the pool's workers)."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, kids.ru_utime + kids.ru_stime


def _bound() -> str:
    """Which bound the measured code ran: "compiled" or "python" (none before it existed)."""
    try:
        from hrdd.screening import reach
    except ImportError:
        return "none"
    return "compiled" if getattr(reach, "_NATIVE", None) is not None else "python"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--home", type=Path, required=True)
    parser.add_argument("--parties", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--matcher", default="hrdd-v2")
    parser.add_argument("--max-seconds", type=float, default=0)
    parser.add_argument("--no-reuse", action="store_true")
    args = parser.parse_args()
    settings = Settings(home=args.home, screening_matcher=args.matcher)
    assert open_screener(settings) is not None
    with args.parties.open(newline="", encoding="utf-8") as fh:
        lines = [PartyLine(i, r["name"], r["country"] or None, r["schema"])
                 for i, r in enumerate(csv.DictReader(fh), start=2)]
    options = {"reuse": not args.no_reuse} if "reuse" in inspect.signature(screen_file).parameters else {}
    seen: list[int] = []
    t0 = time.perf_counter()
    last = [t0]

    def progress(done: int, total: int) -> None:
        now = time.perf_counter()
        seen.append(done)
        if now - last[0] >= 30 or done == total:
            bar = "#" * (40 * done // max(total, 1))
            print(f"  [{bar:<40}] {done:,}/{total:,} rows", file=sys.stderr, flush=True)
            last[0] = now
        if args.max_seconds and now - t0 > args.max_seconds and done < total:
            raise _Stopped

    load0 = os.getloadavg()[0]
    own0, kids0 = _cpu()
    stopped = False
    try:
        screen_file(args.parties, lines, args.out, settings=settings, workers=args.workers, on_progress=progress,
                    **options)
    except _Stopped:
        stopped = True
    wall = time.perf_counter() - t0
    own1, kids1 = _cpu()
    print(json.dumps({"rows": seen[-1] - seen[0] if seen else 0, "first": seen[0] if seen else 0, "total": len(lines),
                      "wall": wall, "cpu": own1 - own0 + kids1 - kids0, "cpu_parent": own1 - own0,
                      "load_before": load0, "load_after": os.getloadavg()[0], "stopped": stopped,
                      "reuse": options.get("reuse"), "bound": _bound()}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
