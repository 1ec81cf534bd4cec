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
import signal
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

# The warm match of a service: what hrdd/services/readiness.py does at start (analyse every listed
# name, then gc.freeze()), then 300 list names it has not been asked before, timed one by one in
# wall time and in CPU time of the process (the CPU figure is the one that survives a loaded machine).
_MATCH = """
import gc, json, os, statistics, sys, time
from hrdd.screening.record import query_record
from hrdd.services.screening import open_screener
screener = open_screener()
screener.warm()
gc.freeze()
names = [n for e in screener.index.entries(100000) for n in e.names[:1]][::40][:300]
for name in names[:20]:
    screener.screen(query_record([name]))
times, cpus = [], []
for name in names:
    start, cpu = time.perf_counter(), time.process_time()
    screener.screen(query_record([name]))
    times.append((time.perf_counter() - start) * 1000)
    cpus.append((time.process_time() - cpu) * 1000)
times.sort()
cpus.sort()
print(json.dumps({"p50": statistics.median(times), "p95": times[int(len(times) * 0.95)],
                  "cpu_p50": statistics.median(cpus), "cpu_p95": cpus[int(len(cpus) * 0.95)],
                  "load": os.getloadavg()[0], "n": len(times)}))
"""


@dataclass
class Side:
    label: str
    root: Path
    home: Path

    extra_path: str = ""  # more PYTHONPATH entries (packages an old release needs that today's venv lacks)

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("HRDD_")}
        env.update({"HRDD_HOME": str(self.home),
                    "PYTHONPATH": os.pathsep.join(p for p in (str(self.root), self.extra_path) if p)})
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


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def stop_group(process: subprocess.Popen[bytes], grace: float = 30.0) -> list[int]:
    """Stop a server and every process it started, and wait until none is left.

    The server runs in a session of its own, so its workers share its process group. Stopping
    only the supervisor is not enough: a worker that is still warming up ignores SIGTERM until
    its warm-up is over, the supervisor waits for it (and meanwhile restarts workers), and a
    SIGKILL of the supervisor alone leaves the workers running as orphans, at full CPU, through
    whatever the bench times next. Returns the processes that had to be killed."""
    pids = _descendants(process.pid)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=grace)
    killed = [p for p in pids if _alive(p)]
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    if process.poll() is None:
        process.wait()
    deadline = time.perf_counter() + 30
    while any(_alive(p) for p in pids) and time.perf_counter() < deadline:
        time.sleep(0.1)
    left = [p for p in pids if _alive(p)]
    if left:
        raise RuntimeError(f"processes of the server still running after SIGKILL: {left}")
    return killed


@contextlib.contextmanager
def serving(side: Side, workers: int) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    port = _free_port()
    process = subprocess.Popen(side.command("serve", "--port", str(port), "--workers", str(workers)),
                               cwd=side.root, env=side.env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)
    try:
        yield process, f"http://127.0.0.1:{port}"
    finally:
        killed = stop_group(process)
        if killed:
            print(f"{side.label}, {workers} worker(s): {len(killed)} process(es) ignored SIGTERM for 30 s "
                  "and were killed", file=sys.stderr)


def can_serve(side: Side) -> str:
    """"" when the side's app imports with this interpreter, else the error (an old release may
    need a package today's virtualenv no longer has: give it with --before-path)."""
    done = subprocess.run([sys.executable, "-c", "import hrdd.api.app"], cwd=side.root, env=side.env(),
                          capture_output=True, text=True, check=False)
    return "" if done.returncode == 0 else (done.stderr.strip().splitlines() or ["failed"])[-1]


def _ready_body(url: str) -> dict[str, object]:
    import json

    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return dict(json.loads(response.read()))
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError, ValueError):
        return {}


def serve_times(side: Side, timeout: float = 300.0) -> tuple[float, float, float]:
    """Seconds from start to the first liveness answer, the first readiness answer and (now) the
    first answer that says every listed name is analysed ("warm": "done"; before, readiness
    waited for that)."""
    live_path, ready_path = ("/health/live", "/health/ready") if side.label == "now" else ("/healthz", "/healthz")
    with serving(side, 1) as (process, url):
        start = time.perf_counter()
        live = ready = warm = 0.0
        while time.perf_counter() - start < timeout and process.poll() is None:
            if not live and _url_ok(url + live_path):
                live = time.perf_counter() - start
            if live and not ready and _url_ok(url + ready_path):
                ready = time.perf_counter() - start
            if ready and (side.label != "now" or _ready_body(url + ready_path).get("warm") == "done"):
                warm = time.perf_counter() - start
                break
            time.sleep(0.02)
        return live, ready, warm


def api_key(side: Side) -> str:
    """An API key with the screen scope on the side's database (a user made for the bench)."""
    user = ["user", "add", "bench", "--role", "analyst", "--password", "Ten-Lime-Quokkas-Sing-0123"]
    subprocess.run(side.command(*user), cwd=side.root, env=side.env(), capture_output=True, check=False)
    done = subprocess.run(side.command("user", "key", "create", "bench", "--scope", "screen"), cwd=side.root,
                          env=side.env(), capture_output=True, text=True, check=True)
    return done.stdout.strip().splitlines()[-1]


def screen_over_http(url: str, key: str, names: list[str]) -> int:
    """Screen each name with /api/match on a new connection (so that the workers share them);
    returns the answers that were 200."""
    import json

    ok = 0
    for name in names:
        body = json.dumps({"queries": {"q": {"schema": "LegalEntity", "properties": {"name": [name]}}}}).encode()
        request = urllib.request.Request(url + "/api/match/default", data=body, method="POST",
                                         headers={"Authorization": f"ApiKey {key}",
                                                  "Content-Type": "application/json", "Connection": "close"})
        with contextlib.suppress(urllib.error.URLError, OSError), urllib.request.urlopen(request, timeout=60) as r:
            ok += r.status == 200
    return ok


def _memory(process: subprocess.Popen[bytes]) -> tuple[float, float]:
    pids = _descendants(process.pid)
    return (sum(_proc_field(f"/proc/{p}/status", "VmRSS") for p in pids),
            sum(_proc_field(f"/proc/{p}/smaps_rollup", "Pss") for p in pids))


def workers_memory(side: Side, workers: int, timeout: float = 400.0,
                   queries: list[str] | None = None, key: str = "") -> tuple[float, float, float, float, float]:
    """(RSS MB, PSS MB, seconds) of the server's processes once every worker has warmed up
    (their CPU time stopped growing for 3 s after the first ready answer), then (RSS MB, PSS MB)
    again after ``queries`` were screened over HTTP (0, 0 when none): forked workers copy the
    pages of the shared heap they write to, reference counts included."""
    ready_path = "/health/ready" if side.label == "now" else "/healthz"
    with serving(side, workers) as (process, url):
        start = time.perf_counter()
        while not _url_ok(url + ready_path):
            if process.poll() is not None or time.perf_counter() - start > timeout:
                return 0.0, 0.0, 0.0, 0.0, 0.0
            time.sleep(0.1)
        quiet_since, last = time.perf_counter(), -1
        while time.perf_counter() - quiet_since < 3.0 and time.perf_counter() - start < timeout:
            ticks = _cpu_ticks(_descendants(process.pid))
            if ticks - last > 5:  # more than 50 ms of CPU in the last half second: still warming
                quiet_since, last = time.perf_counter(), ticks
            time.sleep(0.5)
        rss, pss = _memory(process)
        seconds = time.perf_counter() - start
        after = (0.0, 0.0)
        if queries and key:
            answered = screen_over_http(url, key, queries)
            if answered < len(queries):
                print(f"{side.label}: {len(queries) - answered} of {len(queries)} screenings failed", file=sys.stderr)
            after = _memory(process)
        return rss, pss, seconds, *after


def warm_match(side: Side, warm: bool = True) -> dict[str, float]:
    """The 300 queries in a new process, warmed as a service is (``warm=False``: right after the
    index is opened, as a service that is ready but still analysing the listed names)."""
    import json

    code = _MATCH if warm else _MATCH.replace("screener.warm()\n", "")
    done = subprocess.run([sys.executable, "-c", code], cwd=side.root, env=side.env(), capture_output=True,
                          text=True, check=True)
    return {k: float(v) for k, v in json.loads(done.stdout.strip().splitlines()[-1]).items()}


def warm_matches(sides: tuple[Side, Side], runs: int) -> dict[str, list[dict[str, float]]]:
    """``runs`` warm-match processes per side, alternating sides (ABBA …), so that a change of
    load during the run falls on both."""
    out: dict[str, list[dict[str, float]]] = {s.label: [] for s in sides}
    for i in range(runs):
        for side in sides if i % 2 == 0 else sides[::-1]:
            out[side.label].append(warm_match(side))
    return out


def list_names(side: Side, count: int) -> list[str]:
    """``count`` listed names spread over the index (one per entry), for screening over HTTP."""
    code = ("import json; from hrdd.services.screening import open_screener; s = open_screener(); "
            "names = [e.names[0] for e in s.index.entries(100000) if e.names]; "
            f"step = max(1, len(names) // {count}); print(json.dumps(names[::step][:{count}]))")
    import json

    done = subprocess.run([sys.executable, "-c", code], cwd=side.root, env=side.env(), capture_output=True,
                          text=True, check=True)
    return list(json.loads(done.stdout.strip().splitlines()[-1]))


def baseline_rev() -> str:
    added = subprocess.run(["git", "log", "--diff-filter=A", "--format=%H", "--", "hrdd/screening/person_tagger.py"],
                           cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    return f"{added[-1]}^" if added else "HEAD"


def prepare(work: Path, rev: str, data: Path, before_path: str) -> tuple[Side, Side]:
    """The two sides under ``work``; the lists are imported and the indexes built only once
    (``--work`` keeps them between runs of the bench)."""
    before_root = work / "before"
    if not before_root.is_dir():
        subprocess.run(["git", "worktree", "add", "--detach", str(before_root), rev], cwd=ROOT, check=True,
                       capture_output=True)
    now = Side("now", ROOT, work / "home-now")
    before = Side("before", before_root, work / "home-before", before_path)
    if not (now.home / "lists").is_dir():
        print(f"importing the official lists from {data} …", file=sys.stderr)
        subprocess.run([sys.executable, "scripts/load_shared_lists.py", str(data)], cwd=ROOT, env=now.env(),
                       check=True, capture_output=True)
    if not (before.home / "lists").is_dir():
        shutil.copytree(now.home / "lists", before.home / "lists")
    for side in (now, before):
        # bytecode of hrdd compiled, as an installed package has it (pip compiles at install; a
        # checkout run with PYTHONDONTWRITEBYTECODE=1 would compile every module in every process)
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(side.root / "hrdd")], check=True,
                       capture_output=True)
        run_once(side, side.command("screen", NAME))  # build the index (and tables) before timing anything
    return now, before


def _fmt(runs: list[Run]) -> tuple[str, str, str]:
    return (f"{statistics.median(r.seconds for r in runs):.2f} s", f"{statistics.median(r.cpu for r in runs):.2f} s",
            f"{max(r.rss_mb for r in runs):.0f} MB")


def _mb(value: float) -> str:
    return f"{value:.0f} MB" if value else "not ready in 400 s"


def _match_lines(match: dict[str, list[dict[str, float]]]) -> list[str]:
    runs = len(match["now"])
    lines = [f"| warm match (300 list names, {runs} process(es) per side, alternated) | before | now | now / before |",
             "|---|---|---|---|"]
    for key, label in (("p50", "wall p50"), ("p95", "wall p95"), ("cpu_p50", "CPU p50"), ("cpu_p95", "CPU p95")):
        b, n = (statistics.median(r[key] for r in match[side]) for side in ("before", "now"))
        each = " ".join(f"{r[key]:.1f}" for r in match["now"])
        lines.append(f"| {label} (median of the runs; now's runs: {each}) | {b:.2f} ms | {n:.2f} ms | {n / b:.2f} |")
    loads = [r["load"] for side in ("before", "now") for r in match[side]]
    lines.append(f"| load average at the end of each run | {min(loads):.1f} to {max(loads):.1f} | | |")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--workers", default="1,2,8")
    parser.add_argument("--baseline", default="")
    parser.add_argument("--parts", default="cli,serve,memory,match", help="which parts to run (comma-separated)")
    parser.add_argument("--match-runs", type=int, default=4, help="warm-match processes per side")
    parser.add_argument("--memory-queries", type=int, default=400,
                        help="list names screened over HTTP before the memory is measured again (now only)")
    parser.add_argument("--before-path", default="",
                        help="more PYTHONPATH for the baseline (packages it needs that the venv no longer has)")
    parser.add_argument("--work", type=Path, default=None, help="keep the prepared homes here (reused next time)")
    parser.add_argument("--write", default=str(ROOT / "bench" / "results" / "startup.md"))
    parser.add_argument("--data", type=Path, default=DATA, help="the shared public data folder")
    args = parser.parse_args()
    if not args.data.is_dir():
        sys.exit(f"no list data at {args.data} (give --data)")
    parts = set(args.parts.split(","))
    rev = subprocess.run(["git", "rev-parse", args.baseline or baseline_rev()], cwd=ROOT, capture_output=True,
                         text=True, check=True).stdout.strip()
    work = args.work or Path(tempfile.mkdtemp(prefix="hrdd-bench-startup-"))
    work.mkdir(parents=True, exist_ok=True)
    commands = {"hrdd --help": ["--help"], "hrdd --version": ["--version"], f"hrdd screen '{NAME}'": ["screen", NAME],
                "hrdd assess example 01": ["assess", EXAMPLE]}
    cli: dict[str, dict[str, list[Run]]] = {"now": {}, "before": {}}
    serve: dict[str, tuple[float, float, float]] = {}
    memory: dict[str, dict[str, tuple[float, float, float, float, float]]] = {}
    match: dict[str, list[dict[str, float]]] = {}
    cold: list[dict[str, float]] = []
    broken: dict[str, str] = {}
    load_start = os.getloadavg()
    try:
        now, before = prepare(work, rev, args.data, args.before_path)
        sides = (now, before)
        if "cli" in parts:
            for i in range(args.runs):
                print(f"command run {i + 1}/{args.runs}", file=sys.stderr)
                for key, command in commands.items():
                    for side in sides if i % 2 == 0 else sides[::-1]:
                        cli[side.label].setdefault(key, []).append(run_once(side, side.command(*command)))
        if parts & {"serve", "memory"}:
            broken = {s.label: error for s in sides if (error := can_serve(s))}
            if broken:
                print(f"cannot serve: {broken} (give --before-path)", file=sys.stderr)
        if "serve" in parts and not broken:
            serve = {s.label: serve_times(s) for s in sides}
        if "memory" in parts and not broken:
            key = api_key(now)
            names = list_names(now, args.memory_queries)
            memory = {s.label: {w: workers_memory(s, int(w), queries=names if s is now else None, key=key)
                                for w in args.workers.split(",")} for s in sides}
        if "match" in parts:
            match = warm_matches(sides, args.match_runs)
            cold = [warm_match(now, warm=False) for _ in range(max(1, args.match_runs // 2))]
        load = os.getloadavg()
    finally:
        if args.work is None:
            subprocess.run(["git", "worktree", "remove", "--force", str(work / "before")], cwd=ROOT,
                           capture_output=True, check=False)
            shutil.rmtree(work, ignore_errors=True)

    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    flags = f"--parts {args.parts} --runs {args.runs} --workers {args.workers} --match-runs {args.match_runs}"
    lines = [f"# Start-up: now vs before ({rev[:12]})", "",
             (f"`python -m bench.startup {flags}`, {when}, {os.cpu_count()} cores, load average "
              f"{load_start[0]:.1f} at the start and {load[0]:.1f} at the end. Medians of {args.runs} new processes "
              "(wall time, CPU time user+system), peak RSS the highest of the runs."), ""]
    if cli["now"]:
        lines += [("| command | before: wall | before: CPU | before: peak RSS | now: wall | now: CPU | now: peak RSS "
                  "| wall ratio | CPU ratio |"), "|---|---|---|---|---|---|---|---|---|"]
        for key in commands:
            b, n = cli["before"][key], cli["now"][key]
            ratio = statistics.median(r.seconds for r in b) / statistics.median(r.seconds for r in n)
            cpu = statistics.median(r.cpu for r in b) / statistics.median(r.cpu for r in n)
            lines.append(f"| {key} | {' | '.join(_fmt(b))} | {' | '.join(_fmt(n))} | {ratio:.1f}× | {cpu:.1f}× |")
        lines.append("")
    if broken:
        lines += [f"Not served: {label} cannot import its app with this interpreter ({error})."
                  for label, error in broken.items()] + [""]
    if serve:
        lines += ["| `hrdd serve` (1 worker) | before | now |", "|---|---|---|",
                  f"| seconds to liveness | {serve['before'][0]:.2f} | {serve['now'][0]:.2f} |",
                  f"| seconds to readiness | {serve['before'][1]:.2f} | {serve['now'][1]:.2f} |",
                  f"| seconds to warm (every listed name analysed) | {serve['before'][2]:.2f} | {serve['now'][2]:.2f} |",
                  ""]
    if memory:
        lines += [(f"| warmed workers | before: RSS | before: PSS | now: RSS | now: PSS | now, after "
                   f"{args.memory_queries} screenings over HTTP: RSS | PSS |"), "|---|---|---|---|---|---|---|"]
        for w in args.workers.split(","):
            mb, mn = memory["before"][w], memory["now"][w]
            lines.append(f"| {w} | {_mb(mb[0])} | {_mb(mb[1])} | {_mb(mn[0])} | {_mb(mn[1])} "
                         f"| {_mb(mn[3])} | {_mb(mn[4])} |")
        lines.append("")
    if match:
        lines += [*_match_lines(match), ""]
    if cold:
        lines += [(f"Now, ready but not yet warm (the same 300 queries right after the index is opened, "
                   f"{len(cold)} process(es)): CPU p50 {statistics.median(r['cpu_p50'] for r in cold):.2f} ms, "
                   f"p95 {statistics.median(r['cpu_p95'] for r in cold):.2f} ms; wall p50 "
                   f"{statistics.median(r['p50'] for r in cold):.2f} ms, p95 {statistics.median(r['p95'] for r in cold):.2f} ms."),
                  ""]
    lines.append("Targets (issue 14): " + ", ".join(f"{k} {v}" for k, v in TARGETS.items()) + ".")
    text = "\n".join(lines) + "\n"
    print(text)
    if args.write != "-":
        Path(args.write).write_text(text, encoding="utf-8")

if __name__ == "__main__":
    main()
