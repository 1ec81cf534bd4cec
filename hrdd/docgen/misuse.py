"""The coverage section of docs/misuse-records.md, from the shipped misuse records."""

from collections.abc import Sequence
from typing import get_args

from rigour.territories import get_territory

from hrdd.countries.misuse import misuse_entries
from hrdd.countries.misuse_spec import QUALITY_ORDER, MisuseEntry, PrimaryKind


def _country_name(code: str) -> str:
    territory = get_territory(code.lower())
    return territory.name if territory is not None else code


def render_coverage(entries: Sequence[MisuseEntry] | None = None) -> str:
    """The Markdown coverage section of docs/misuse-records.md, generated from the entries."""
    entries = misuse_entries() if entries is None else entries
    by_country: dict[str, list[MisuseEntry]] = {}
    for entry in entries:
        by_country.setdefault(entry.country, []).append(entry)
    sources = [s for e in entries for s in e.sources]
    primary = [s for e in entries for s in e.primary_sources]
    unverified = [e.id for e in entries if not e.confirmed]
    government = [e.id for e in entries if e.attribution == "government"]
    lines = [
        f"**{len(entries)} records** in **{len(by_country)} countries**, citing **{len(primary)} primary "
        f"sources** ({sum(s.confirmed for s in primary)} opened, {sum(not s.confirmed for s in primary)} identified "
        f"only through reporting; by kind: "
        + ", ".join(f"{k} {sum(s.kind == k for s in primary)}" for k in get_args(PrimaryKind))
        + f") and **{len(sources)} reports** ({sum(s.confirmed for s in sources)} confirmed in a stored copy, "
        f"{sum(not s.confirmed for s in sources)} unconfirmed; by quality: "
        + ", ".join(f"{q} {sum(s.quality == q for s in sources)}" for q in QUALITY_ORDER[2:]) + "). "
        f"Records verified (an opened primary source): {sum(e.verified for e in entries)}; "
        f"with no primary source identified: {sum(not e.primary_sources for e in entries)}; "
        f"contested: {sum(e.outcome == 'contested' for e in entries)}; "
        f"remedied: {sum(e.outcome == 'remedied' for e in entries)}. "
        f"Records resting only on unconfirmed sources: {len(unverified)}"
        + (f" ({', '.join(unverified)})" if unverified else "") + ". "
        f"Records attributed to a government rather than a named body: {len(government)}.",
        "",
        "| Country | Records | Sectors | Bodies (record id, latest year) | Primary sources |",
        "| --- | --- | --- | --- | --- |",
    ]
    for code in sorted(by_country, key=lambda c: _country_name(c)):
        items = sorted(by_country[code], key=lambda e: e.id)
        sectors = ", ".join(sorted({e.sector for e in items}))
        bodies = "; ".join(
            f"{e.name} (`{e.id}`, {max(e.years)}{', government' if e.attribution == 'government' else ''}"
            f"{', ' + e.outcome if e.outcome != 'confirmed' else ''})"
            for e in items
        )
        primaries = "; ".join(f"{p.publisher}, {p.date} ({p.kind}{'' if p.confirmed else ', not opened'})"
                              for e in items for p in e.primary_sources) or "none identified"
        lines.append(f"| {_country_name(code)} ({code}) | {len(items)} | {sectors} | {bodies} | {primaries} |")
    sector_counts: dict[str, int] = {}
    for entry in entries:
        sector_counts[entry.sector] = sector_counts.get(entry.sector, 0) + 1
    lines += [
        "",
        "By sector: " + ", ".join(f"{s} {n}" for s, n in sorted(sector_counts.items(), key=lambda kv: (-kv[1], kv[0])))
        + ".",
    ]
    return "\n".join(lines)
