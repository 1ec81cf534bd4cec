"""New-process start-up of hrdd, side by side with the release before the start-up work.

    python -m bench.startup [--runs 5] [--workers 1,2,8] [--baseline REV] [--write FILE]

Both sides run in the same run, alternately, with the same interpreter and virtualenv: "now" is
this checkout, "before" a ``git worktree`` of ``--baseline`` (default: the parent of the commit
that added the person-name phrase table) run through ``PYTHONPATH``. The six official lists of
``../shared/data`` are imported once (scripts/load_shared_lists.py) into a temporary HRDD_HOME per
side, and each side builds its index (and, now, rigour's phrase table) before anything is timed:
"cold" means a new process with the index on disk, as a user meets it.

Measured per side: the median wall time of ``--runs`` runs of ``hrdd --help``, ``hrdd --version``,
``hrdd screen NAME`` and ``hrdd assess`` of example 01, with the median CPU time and peak RSS of
the process (``os.wait4``); ``hrdd serve`` time to liveness and to readiness (before: /healthz,
which answered only after the warm-up; now: /health/live and /health/ready); the memory of 1, 2
and 8 warmed workers (sum of RSS, and of PSS, which counts shared pages once); the warm match
p50/p95 of 300 list names in a warmed process. Figures go to bench/results/startup.md.
"""

import argparse
import contextlib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"
EXAMPLE = "examples/01-city-police-video-analytics-br.yaml"
NAME = "Vladimir Putin"
TARGETS = {"help": "≤ 0.3 s", "screen": "≤ 1.0 s", "assess": "≤ 1.5 s", "rss": "≤ 250 MB", "live": "≤ 1 s",
           "ready": "≤ 2 s", "8 workers": "≤ 2.5 GB", "p50": "≤ 3 ms", "p95": "≤ 10 ms"}

_MATCH = """
import json, statistics, sys, time
from hrdd.screening.record import query_record
from hrdd.services.screening import open_screener
screener = open_screener()
screener.warm()
names = [n for e in screener.index.entries(100000) for n in e.names[:1]][::40][:300]
for name in names[:20]:
    screener.screen(query_record([name]))
times = []
for name in names:
    start = time.perf_counter()
    screener.screen(query_record([name]))
    times.append((time.perf_counter() - start) * 1000)
times.sort()
print(json.dumps({"p50": statistics.median(times), "p95": times[int(len(times) * 0.95)], "n": len(times)}))
"""


@dataclass
class Side:
    label: str
    root: Path
    home: Path

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("HRDD_")}
        env.update({"HRDD_HOME": str(self.home), "PYTHONPATH": str(self.root)})
        return env

    def command(self, *args: str) -> list[str]:
        return [sys.executable, "-m", "hrdd", *args]


@dataclass
class Run:
    seconds: float
    cpu: float
    rss_mb: float


def run_once(side: Side, args: list[str]) -> Run:
    start = time.perf_counter()
    process = subprocess.Popen(args, cwd=side.root, env=side.env(), stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 3):  # 3: assess --fail-on, not used here
        raise RuntimeError(f"{side.label}: {' '.join(args)} exited with {process.returncode}")
    return Run(elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def _url_ok(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return False


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _descendants(pid: int) -> list[int]:
    found = [pid]
    for task in Path(f"/proc/{pid}/task").iterdir():
        with contextlib.suppress(OSError):
            for child in (task / "children").read_text().split():
                found.extend(_descendants(int(child)))
    return found


def _proc_field(path: str, key: str) -> float:
    with contextlib.suppress(OSError):
        for line in Path(path).read_text().splitlines():
            if line.startswith(key + ":"):
                return float(line.split()[1]) / 1024  # kB -> MB
    return 0.0


def _cpu_ticks(pids: list[int]) -> int:
    total = 0
    for pid in pids:
        with contextlib.suppress(OSError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
    return total


@contextlib.contextmanager
def serving(side: Side, workers: int) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    port = _free_port()
    process = subprocess.Popen(side.command("serve", "--port", str(port), "--workers", str(workers)),
                               cwd=side.root, env=side.env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        yield process, f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def serve_times(side: Side, timeout: float = 300.0) -> tuple[float, float]:
    """Seconds from start to the first liveness answer and to the first readiness answer."""
    live_path, ready_path = ("/health/live", "/health/ready") if side.label == "now" else ("/healthz", "/healthz")
    with serving(side, 1) as (process, url):
        start = time.perf_counter()
        live = ready = 0.0
        while time.perf_counter() - start < timeout and process.poll() is None:
            if not live and _url_ok(url + live_path):
                live = time.perf_counter() - start
            if live and _url_ok(url + ready_path):
                ready = time.perf_counter() - start
                break
            time.sleep(0.02)
        return live, ready


def workers_memory(side: Side, workers: int, timeout: float = 400.0) -> tuple[float, float, float]:
    """(RSS MB, PSS MB, seconds) of the server's processes once every worker has warmed up
    (their CPU time stopped growing for 3 s after the first ready answer)."""
    ready_path = "/health/ready" if side.label == "now" else "/healthz"
    with serving(side, workers) as (process, url):
        start = time.perf_counter()
        while not _url_ok(url + ready_path):
            if process.poll() is not None or time.perf_counter() - start > timeout:
                return 0.0, 0.0, 0.0
            time.sleep(0.1)
        quiet_since, last = time.perf_counter(), -1
        while time.perf_counter() - quiet_since < 3.0 and time.perf_counter() - start < timeout:
            ticks = _cpu_ticks(_descendants(process.pid))
            if ticks - last > 5:  # more than 50 ms of CPU in the last half second: still warming
                quiet_since, last = time.perf_counter(), ticks
            time.sleep(0.5)
        pids = _descendants(process.pid)
        rss = sum(_proc_field(f"/proc/{p}/status", "VmRSS") for p in pids)
        pss = sum(_proc_field(f"/proc/{p}/smaps_rollup", "Pss") for p in pids)
        return rss, pss, time.perf_counter() - quiet_since + (quiet_since - start)


def warm_match(side: Side) -> dict[str, float]:
    import json

    done = subprocess.run([sys.executable, "-c", _MATCH], cwd=side.root, env=side.env(), capture_output=True,
                          text=True, check=True)
    return {k: float(v) for k, v in json.loads(done.stdout.strip().splitlines()[-1]).items()}


def baseline_rev() -> str:
    added = subprocess.run(["git", "log", "--diff-filter=A", "--format=%H", "--", "hrdd/screening/person_tagger.py"],
                           cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    return f"{added[-1]}^" if added else "HEAD"


def prepare(work: Path, rev: str, data: Path) -> tuple[Side, Side]:
    before_root = work / "before"
    subprocess.run(["git", "worktree", "add", "--detach", str(before_root), rev], cwd=ROOT, check=True,
                   capture_output=True)
    now = Side("now", ROOT, work / "home-now")
    before = Side("before", before_root, work / "home-before")
    print(f"importing the official lists from {data} …", file=sys.stderr)
    subprocess.run([sys.executable, "scripts/load_shared_lists.py", str(data)], cwd=ROOT, env=now.env(),
                   check=True, capture_output=True)
    shutil.copytree(now.home / "lists", before.home / "lists")
    for side in (now, before):  # build each side's index (and phrase table) before timing anything
        run_once(side, side.command("screen", NAME))
    return now, before


def _fmt(runs: list[Run]) -> tuple[str, str, str]:
    return (f"{statistics.median(r.seconds for r in runs):.2f} s", f"{statistics.median(r.cpu for r in runs):.2f} s",
            f"{max(r.rss_mb for r in runs):.0f} MB")


def _mb(value: float) -> str:
    return f"{value:.0f} MB" if value else "not ready in 400 s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--workers", default="1,2,8")
    parser.add_argument("--baseline", default="")
    parser.add_argument("--write", default=str(ROOT / "bench" / "results" / "startup.md"))
    parser.add_argument("--data", type=Path, default=DATA, help="the shared public data folder")
    args = parser.parse_args()
    if not args.data.is_dir():
        sys.exit(f"no list data at {args.data} (give --data)")
    rev = subprocess.run(["git", "rev-parse", args.baseline or baseline_rev()], cwd=ROOT, capture_output=True,
                         text=True, check=True).stdout.strip()
    work = Path(tempfile.mkdtemp(prefix="hrdd-bench-startup-"))
    try:
        now, before = prepare(work, rev, args.data)
        sides = (now, before)
        cli: dict[str, dict[str, list[Run]]] = {s.label: {} for s in sides}
        commands = {"hrdd --help": ["--help"], "hrdd --version": ["--version"], f"hrdd screen '{NAME}'": ["screen", NAME],
                    "hrdd assess example 01": ["assess", EXAMPLE]}
        for i in range(args.runs):
            print(f"command run {i + 1}/{args.runs}", file=sys.stderr)
            for key, command in commands.items():
                for side in sides if i % 2 == 0 else sides[::-1]:
                    cli[side.label].setdefault(key, []).append(run_once(side, side.command(*command)))
        serve = {s.label: serve_times(s) for s in sides}
        memory = {s.label: {w: workers_memory(s, int(w)) for w in args.workers.split(",")} for s in sides}
        match = {s.label: warm_match(s) for s in sides}
        load = os.getloadavg()
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(work / "before")], cwd=ROOT, capture_output=True,
                       check=False)
        shutil.rmtree(work, ignore_errors=True)

    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    lines = [f"# Start-up: now vs before ({rev[:12]})", "",
             (f"`python -m bench.startup --runs {args.runs} --workers {args.workers}`, {when}, "
              f"{os.cpu_count()} cores, load average at the end {load[0]:.1f}. Medians of {args.runs} new processes "
              "(wall time, CPU time user+system), peak RSS the highest of the runs."), "",
             "| command | before: wall | before: CPU | before: peak RSS | now: wall | now: CPU | now: peak RSS | wall ratio |",
             "|---|---|---|---|---|---|---|---|"]
    for key in commands:
        b, n = cli["before"][key], cli["now"][key]
        ratio = statistics.median(r.seconds for r in b) / statistics.median(r.seconds for r in n)
        lines.append(f"| {key} | {' | '.join(_fmt(b))} | {' | '.join(_fmt(n))} | {ratio:.1f}× |")
    lines += ["", "| `hrdd serve` (1 worker) | before | now |", "|---|---|---|",
              f"| seconds to liveness | {serve['before'][0]:.2f} | {serve['now'][0]:.2f} |",
              f"| seconds to readiness | {serve['before'][1]:.2f} | {serve['now'][1]:.2f} |", "",
              "| warmed workers | before: RSS | before: PSS | now: RSS | now: PSS |", "|---|---|---|---|---|"]
    for w in args.workers.split(","):
        mb, mn = memory["before"][w], memory["now"][w]
        lines.append(f"| {w} | {_mb(mb[0])} | {_mb(mb[1])} | {_mb(mn[0])} | {_mb(mn[1])} |")
    lines += ["", "| warm match (300 list names) | before | now |", "|---|---|---|",
              f"| p50 | {match['before']['p50']:.2f} ms | {match['now']['p50']:.2f} ms |",
              f"| p95 | {match['before']['p95']:.2f} ms | {match['now']['p95']:.2f} ms |", "",
              "Targets (issue 14): " + ", ".join(f"{k} {v}" for k, v in TARGETS.items()) + "."]
    text = "\n".join(lines) + "\n"
    print(text)
    if args.write != "-":
        Path(args.write).write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
