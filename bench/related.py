"""What related-entity hints cost a case screening, side by side in one process.

    python -m bench.related [--queries 200] [--rounds 3] [--data ../shared/data] [--write bench/results/related.md]

Loads the six official lists of ``--data`` (scripts/load_shared_lists.py) and the OpenSanctions
ZALA cluster (the only shared data with FtM relations) into a temporary HRDD_HOME, opens the
screener, then for each query measures the CPU time (``time.process_time``) of

- **hits**: one party's screening as ``screen_case`` does it (``_screen``: hits with judgements
  applied, link hints apart) — what a party cost before this change plus the linked-only check;
- **hits + related**: the same plus ``_related`` (the brand hints' candidate query, the link
  hints' listed entities, the entities tied to each hit),

alternating the two query by query, ``--rounds`` times. Queries: every Nth listed name (hits)
and made-up organisation names (mostly none). Also reported: the size of ``ties.json`` and the
CPU time to parse it (paid once per process, at the first hit whose ties or related entities are
asked for), and the load average before and after.
"""

import argparse
import json
import os
import statistics
import tempfile
import time
from pathlib import Path

from hrdd.screening.lists import TIES_FILE
from hrdd.screening.record import query_record
from hrdd.screening.ties import OwnershipGraph
from hrdd.services.screening import PartyQuery, _related, _screen, loaded_lists, open_screener
from hrdd.settings import Settings

MADE_UP = ["Northern Lights Optical Systems", "Harbourview Data Analytics LLC", "Blue Ridge Secure Comms",
           "Asterion Video Intelligence GmbH", "Kestrel Signal Processing Ltd", "Meridian Telecom Services",
           "Solano Imaging Technologies", "Vantage Point Security Solutions", "Orchid Network Monitoring",
           "Granite Peak Electronics"]


def _load(data: Path, home: Path) -> Settings:
    from scripts.load_shared_lists import load

    settings = Settings(home=home)
    for line in load(data, settings):
        print(" ", line)
    zala = data / "opensanctions_ftm_samples" / "zala_aero_cluster.ftm.jsonl"
    if zala.is_file():
        directory = settings.lists_dir / "opensanctions-zala"
        directory.mkdir(parents=True, exist_ok=True)
        (directory / "entities.ftm.jsonl").write_bytes(zala.read_bytes())
        (directory / "manifest.json").write_text(json.dumps({
            "source": "opensanctions-zala", "title": "OpenSanctions ZALA cluster", "as_of": "2026-06-03",
            "entries": 91}), encoding="utf-8")
    return settings


def _queries(settings: Settings, count: int) -> list[str]:
    screener = open_screener(settings)
    assert screener is not None
    entries = list(screener.index.entries(100_000))
    step = max(1, len(entries) // max(1, count - len(MADE_UP)))
    names = [e.names[0] for e in entries[::step] if e.names][: count - len(MADE_UP)]
    return names + MADE_UP


def run(data: Path, count: int, rounds: int) -> str:
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        settings = _load(data, Path(tmp))
        screener = open_screener(settings)
        assert screener is not None
        ties = settings.index_dir / TIES_FILE
        started = time.process_time()
        graph = OwnershipGraph.load(ties)
        nodes, links = len(graph.nodes), sum(len(v) for v in graph.adjacent.values()) // 2
        parse = time.process_time() - started
        size = ties.stat().st_size
        names = _queries(settings, count)
        as_of = {li.source: li.as_of for li in loaded_lists(settings)}
        base: list[float] = []
        full: list[float] = []
        related = hits = 0
        for _ in range(rounds):
            for i, name in enumerate(names):
                party = PartyQuery("end_user", name, query_record([name]))
                for which in ((0, 1) if i % 2 == 0 else (1, 0)):
                    started = time.process_time()
                    found, hints = _screen(screener, party, None, 10, None)
                    if which == 1:
                        extra = _related(screener, party, found, hints, as_of)
                    (full if which else base).append(time.process_time() - started)
                    if which:
                        related += len(extra)
                        hits += len(found)
    load_after = os.getloadavg()

    def ms(values: list[float], q: float) -> str:
        return f"{statistics.quantiles(values, n=100)[int(q) - 1] * 1000:.2f}" if q < 100 else \
            f"{max(values) * 1000:.2f}"

    lines = [
        "# Related-entity hints: cost per screened party (`python -m bench.related`)",
        "",
        (f"{len(names)} queries × {rounds} rounds, the two ways alternated query by query in one process; "
        f"CPU time (time.process_time). Load average before {load_before[0]:.2f}, after {load_after[0]:.2f} "
        "(2 shared cores)."),
        "",
        "| per party | mean ms | p50 ms | p95 ms |",
        "|---|---|---|---|",
        f"| hits (`_screen`) | {statistics.mean(base) * 1000:.2f} | {ms(base, 50)} | {ms(base, 95)} |",
        (f"| hits + related (`_screen` + `_related`) | {statistics.mean(full) * 1000:.2f} | {ms(full, 50)} | "
        f"{ms(full, 95)} |"),
        "",
        f"Hits found: {hits}; related-entity hints: {related}.",
        (f"`ties.json`: {size / 1e6:.1f} MB, {nodes} nodes, {links} links; parsed once per process "
        f"in {parse * 1000:.0f} ms of CPU (at the first hit whose ties or related entities are asked for)."),
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "data")
    parser.add_argument("--write", default="bench/results/related.md", help="'-' prints only")
    args = parser.parse_args()
    text = run(args.data, args.queries, args.rounds)
    print(text)
    if args.write != "-":
        Path(args.write).write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
