"""The coverage table of docs/law-profiles.md, from the shipped surveillance-law profiles."""

from collections.abc import Mapping
from typing import get_args

from hrdd.countries.laws import LawProfile, all_law_profiles
from hrdd.model.country import GuaranteeValue


def coverage_table(profiles: Mapping[str, LawProfile] | None = None) -> str:
    """One row per profile: categories that apply, verified entries, guarantees known, laws and bodies."""
    profiles = all_law_profiles() if profiles is None else profiles
    rows = [
        ("| Code | Country | As of | Judicial authorisation | Applies (yes/no/unverified) "
         "| Verified entries | Guarantees (yes/partial/no/unknown) | Data-protection law | Oversight body |"),
        "|---|---|---|---|---|---|---|---|---|",
    ]
    verified_total = entries_total = 0
    for code in sorted(profiles):
        p = profiles[code]
        yes = sum(1 for e in p.laws if e.applies is True)
        no = sum(1 for e in p.laws if e.applies is False)
        unknown = sum(1 for e in p.laws if e.applies is None)
        verified = sum(1 for e in p.laws if e.verified)
        verified_total += verified
        entries_total += len(p.laws)
        ja = p.judicial_authorisation.value + ("" if p.judicial_authorisation.verified else " (unverified)")
        answers = [g.value for _, g in p.guarantees.items()]
        known = "/".join(str(answers.count(v)) for v in get_args(GuaranteeValue))
        dpl = p.data_protection_law.name if p.data_protection_law else "none"
        body = p.oversight_body.name if p.oversight_body else "none"
        rows.append(f"| {code} | {p.name} | {p.as_of.isoformat()} | {ja} | {yes}/{no}/{unknown} "
                    f"| {verified}/{len(p.laws)} | {known} | {dpl} | {body} |")
    rows.append("")
    rows.append(f"{len(profiles)} countries; {verified_total} of {entries_total} category entries verified, "
                f"{entries_total - verified_total} unverified.")
    return "\n".join(rows)
