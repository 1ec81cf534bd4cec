"""Batch screening benchmark: a synthetic file of parties screened by ``hrdd.services.screening_file``
(process pool over the shared on-disk index, resumable CSV output) against the OFAC SDN list.

    python -m bench.screening_batch [--rows 1000000] [--workers 2] [--home DIR] [--matcher hrdd-v2]

The party file is generated in the work directory (never committed): persons and companies
from pools of given names, family names, company words, trades, legal forms and countries, with
made-up surnames and brands in four rows of five so that most names differ, and one row in 100
a listed name with a typo (so hits occur). A name that recurs is screened once per process. The figure is the
wall-clock time of ``screen_file``; run it twice with the same ``--home`` to see a rerun resume.
"""

import argparse
import ast
import csv
import hashlib
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from hrdd.services.screening import open_screener
from hrdd.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data"
if not SHARED.is_dir():
    SHARED = Path("/work/shared/data")
GIVEN = ["James", "Maria", "Wei", "Aisha", "Olga", "Juan", "Fatima", "Hiroshi", "Anna", "Mohammed", "Priya", "Lars",
         "Sofia", "Chen", "Ivan", "Amara", "Lucas", "Mei", "Omar", "Elena", "David", "Yuki", "Kwame", "Nina", "Paul",
         "Sara", "Ahmed", "Laura", "Pedro", "Ingrid", "Raj", "Leila", "Tomas", "Hana", "Marek", "Zanele"]
FAMILY = ["Smith", "Garcia", "Wang", "Khan", "Ivanova", "Lopez", "Haddad", "Tanaka", "Muller", "Rahman", "Patel",
          "Nilsson", "Rossi", "Li", "Petrov", "Okafor", "Silva", "Zhang", "Farouk", "Popescu", "Cohen", "Sato",
          "Mensah", "Novak", "Martin", "Berg", "Hussain", "Moreau", "Costa", "Larsen", "Sharma", "Karimi", "Horvat",
          "Kim", "Kowalski", "Dlamini", "Nguyen", "Schneider", "Yilmaz", "Andersen"]
WORDS = ["Alpine", "Harbour", "Sunrise", "Northern", "Granite", "Cedar", "Silver", "Meridian", "Pioneer", "Summit",
         "Coastal", "Evergreen", "Atlas", "Beacon", "Falcon", "Horizon", "Keystone", "Lakeside", "Orchard", "Prairie",
         "Riverside", "Sterling", "Trident", "Valley", "Willow", "Zenith", "Crescent", "Maple", "Oakwood", "Redwood"]
TRADES = ["Logistics", "Foods", "Textiles", "Engineering", "Software", "Bakery", "Consulting", "Retail", "Dental",
          "Printing", "Furniture", "Travel", "Farms", "Optics", "Plastics", "Media", "Pharmacy", "Tools", "Marine"]
FORMS = ["Ltd", "GmbH", "LLC", "S.A.", "B.V.", "AB", "Oy", "S.r.l.", "Pty Ltd", "Inc.", ""]
COUNTRIES = ["de", "fr", "gb", "us", "se", "nl", "it", "es", "jp", "in", "br", "za", "au", "ca", "pl", "ke"]


SYLLABLES = ["ka", "lo", "mi", "ra", "sen", "tor", "vin", "bel", "dra", "gon", "har", "jin", "ko", "lan", "mar",
             "nor", "pol", "qui", "ros", "sta", "tri", "ul", "val", "wen", "xi", "yor", "zen", "bo", "de", "fa"]


def _coined(rng: random.Random) -> str:
    """A made-up surname or brand of two to four syllables (most rows differ, as in real files)."""
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()


def _typo(name: str, rng: random.Random) -> str:
    i = rng.randrange(1, max(2, len(name) - 1))
    return name[:i] + name[i + 1:]


def write_parties(path: Path, rows: int, listed: list[str], seed: int = 5) -> int:
    """Write the synthetic party file; returns the number of distinct names."""
    rng = random.Random(seed)
    distinct: set[str] = set()
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["name", "country", "schema"])
        for i in range(rows):
            if i % 100 == 99 and listed:
                name, schema, country = _typo(rng.choice(listed), rng), "LegalEntity", ""
            elif i % 2 == 0:
                family = rng.choice(FAMILY) if rng.random() < 0.2 else _coined(rng)
                name = f"{rng.choice(GIVEN)} {rng.choice(GIVEN) + ' ' if rng.random() < 0.3 else ''}{family}"
                schema, country = "Person", rng.choice(COUNTRIES)
            else:
                brand = rng.choice(WORDS) if rng.random() < 0.2 else _coined(rng)
                name = f"{brand} {rng.choice(TRADES)} {rng.choice(FORMS)}".strip()
                schema, country = "Company", rng.choice(COUNTRIES)
            distinct.add(name)
            writer.writerow([name, country, schema])
    return len(distinct)


def _import_ofac(home: Path) -> None:
    sdn = SHARED / "ofac_sdn"
    files = [sdn / "2024-07-02" / "sdn.csv", *(sdn / "2025-12" / n for n in ("add.csv", "alt.csv", "sdn_comments.csv"))]
    subprocess.run([sys.executable, "-m", "hrdd", "lists", "import", "ofac-sdn", *map(str, files)], check=True,
                   env={"HRDD_HOME": str(home), "PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)},
                   stdout=subprocess.DEVNULL)


RUNNER = Path(__file__).resolve().with_name("screening_batch_run.py")


def export_commit(rev: str, into: Path) -> Path:
    """The tree of a commit, exported once into ``into`` (``git archive``; no worktree), with its
    compiled screening bound built as its install would (``build_native``)."""
    commit = subprocess.run(["git", "rev-parse", "--short", rev], cwd=ROOT, check=True, capture_output=True,
                            text=True).stdout.strip()
    tree = into / f"code-{commit}"
    if not (tree / "hrdd").is_dir():
        tree.mkdir(parents=True, exist_ok=True)
        paths = ["hrdd", "hatch_build.py"]
        listed = subprocess.run(["git", "ls-tree", "--name-only", commit, *paths], cwd=ROOT, check=True,
                                capture_output=True, text=True).stdout.split()
        archive = subprocess.run(["git", "archive", commit, *listed], cwd=ROOT, check=True, capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
        build_native(tree)
    return tree


def build_native(tree: Path) -> bool:
    """Compile an exported tree's C bound (``hrdd/screening/_reach.c`` and the files its
    hatch_build.py lists as INCLUDED) in place, with the digest its reach.py checks, so that a
    baseline runs compiled as it does installed. False: the tree has none, or setuptools is missing
    (the baseline then runs its Python bound, and the table says so)."""
    source = tree / "hrdd" / "screening" / "_reach.c"
    hook = tree / "hatch_build.py"
    if not source.is_file() or not hook.is_file():
        return False
    try:
        from setuptools import Distribution, Extension
        from setuptools.command.build_ext import build_ext
    except ImportError:
        return False
    included: tuple[str, ...] = ()
    for node in ast.parse(hook.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "INCLUDED" for t in node.targets):
            included = tuple(ast.literal_eval(node.value))
    digest = hashlib.sha256(source.read_bytes())
    for name in included:
        digest.update(source.with_name(name).read_bytes())
    extension = Extension("hrdd.screening._reach", ["hrdd/screening/_reach.c"], libraries=["m"],
                          define_macros=[("HRDD_SOURCE_SHA256", f'"{digest.hexdigest()}"')],
                          extra_compile_args=["-O2", "-ffp-contract=off"])
    cwd = Path.cwd()
    os.chdir(tree)
    try:
        command = build_ext(Distribution({"name": "hrdd", "ext_modules": [extension]}))
        command.inplace = True
        command.build_temp = str(tree / "build")
        command.ensure_finalized()
        command.run()
    finally:
        os.chdir(cwd)
    return True


def timed_run(code: Path, home: Path, parties: Path, out: Path, *, workers: int, matcher: str,
              max_seconds: float = 0, reuse: bool = True) -> dict[str, Any]:
    """One ``screen_file`` run of the code under ``code``, in a process of its own."""
    cmd = [sys.executable, str(RUNNER), "--home", str(home), "--parties", str(parties), "--out", str(out),
           "--workers", str(workers), "--matcher", matcher, "--max-seconds", str(max_seconds)]
    if not reuse:
        cmd.append("--no-reuse")
    env = {**os.environ, "PYTHONPATH": str(code), "HRDD_HOME": str(home)}
    if code.resolve() != ROOT:  # earlier code: a database of its own (it may not know later migrations)
        env["HRDD_DATABASE_URL"] = f"sqlite:///{home / ('hrdd-' + code.name + '.sqlite3')}"
    done = subprocess.run(cmd, env=env, check=True, stdout=subprocess.PIPE, text=True)
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _rows_done(output: Path) -> int:
    progress = output.with_name(output.name + ".progress")
    return int(json.loads(progress.read_text(encoding="utf-8"))["rows_done"])


def _hit_lines(output: Path, rows: int) -> list[str]:
    """The output's hit lines of the first ``rows`` rows of the party file (line numbers from 2)."""
    with output.open(newline="", encoding="utf-8") as fh:
        return [",".join(r) for r in csv.reader(fh) if r and r[0].isdigit() and int(r[0]) < rows + 2]


def _line(label: str, run: dict[str, Any]) -> str:
    ms = 1000 * run["cpu"] / run["rows"] if run["rows"] else 0.0
    if run.get("bound") == "python":
        label += ", Python bound"
    return (f"| {label} | {run['rows']:,} (after row {run['first']:,}) | {run['wall']:.0f} s | "
            f"{run['rows'] / run['wall']:,.0f} | {run['cpu']:.0f} s ({run['cpu_parent']:.0f} s parent) | "
            f"{ms:.2f} ms | {run['load_before']:.1f} → {run['load_after']:.1f} |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--home", type=Path, help="work directory kept between runs (default: a temporary one)")
    parser.add_argument("--matcher", default="hrdd-v2")
    parser.add_argument("--max-seconds", type=float, default=0,
                        help="stop after this long (as if interrupted; a rerun with the same --home resumes)")
    parser.add_argument("--baseline", metavar="REV",
                        help="also run the code of this commit (e.g. main) on the same file, first, side by side")
    parser.add_argument("--interrupt-after", type=float, default=0, metavar="SECONDS",
                        help="stop this tree's run after this long and resume it in a new process")
    parser.add_argument("--no-reuse", action="store_true", help="screen every row against all its candidates")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        home = args.home or Path(tmp)
        home.mkdir(parents=True, exist_ok=True)
        if not (home / "lists").is_dir():
            _import_ofac(home)
        settings = Settings(home=home, screening_matcher=args.matcher)
        t0 = time.perf_counter()
        screener = open_screener(settings)
        assert screener is not None
        print(f"index ready in {time.perf_counter() - t0:.1f} s ({screener.index.count()} entries)")
        parties = home / f"parties-{args.rows}.csv"
        if not parties.is_file():
            listed = [n for r in screener.index.entries(20_000) for n in r.names[:1]]
            distinct = write_parties(parties, args.rows, listed)
            print(f"wrote {args.rows:,} parties ({distinct:,} distinct names) to {parties}")
        common = {"workers": args.workers, "matcher": args.matcher}
        table = ["| code | rows screened | wall | rows/s | CPU, parent and workers | CPU per row | load average |",
                 "|---|---|---|---|---|---|---|"]
        outputs = []
        if args.baseline:
            code = export_commit(args.baseline, home)
            out = home / f"hits-{args.rows}-{code.name}.csv"
            print(f"baseline {args.baseline} ({code.name}) ...", flush=True)
            run = timed_run(code, home, parties, out, max_seconds=args.max_seconds, **common)
            table.append(_line(f"{args.baseline} ({code.name[5:]})", run))
            outputs.append(out)
            print(table[-1], flush=True)
        out = home / f"hits-{args.rows}.csv"
        label = "this tree" + (", --no-reuse" if args.no_reuse else "")
        if args.interrupt_after:
            print(f"{label}, stopped after {args.interrupt_after:.0f} s ...", flush=True)
            run = timed_run(ROOT, home, parties, out, max_seconds=args.interrupt_after, reuse=not args.no_reuse,
                            **common)
            table.append(_line(f"{label}, until stopped", run))
            print(table[-1], flush=True)
        print(f"{label} ...", flush=True)
        run = timed_run(ROOT, home, parties, out, max_seconds=args.max_seconds, reuse=not args.no_reuse, **common)
        table.append(_line(label + (", resumed" if run["first"] else ""), run))
        outputs.append(out)
        print("\n".join(table))
        if len(outputs) == 2:
            # rows both runs screened (a run stopped by --max-seconds screened a prefix of the file)
            upto = min(_rows_done(out) for out in outputs)
            mine, theirs = (_hit_lines(out, upto) for out in outputs)
            print(f"hit lines of the first {upto:,} rows identical in both outputs: "
                  f"{'yes' if mine == theirs else 'NO'} ({len(mine):,} hit lines)")
        if run["rows"] and run["cpu"]:
            per_row = run["cpu"] / run["rows"]
            for rows in dict.fromkeys((args.rows, 1_000_000)):
                print(f"projection at this CPU per row: {rows:,} rows on {args.workers} idle cores "
                      f"≈ {rows * per_row / args.workers / 60:.1f} min (rows whose name was seen before cost "
                      f"almost nothing: see bench.screening_batch_costs for their share at that size)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
