"""Authored surveillance-law profiles: one cited YAML file per destination country.

Each file ``hrdd/catalogs/countries/laws/<CC>.yaml`` says whether interception needs prior
judicial authorisation, names the interception, data-protection and oversight arrangements,
and answers the 12 categories of laws and practices of concern (guidance.md §9, a
reconstructed [R] taxonomy) with the law, a source URL and a ``verified`` flag. The shape is
documented in ``docs/law-profiles.md``; ``_spec`` below is its source of truth.

``applies: null`` means "not verified", never "does not apply". An entry is ``verified: false``
when its source text could not be opened or it rests on secondary reporting.
"""

import difflib
from collections.abc import Mapping
from dataclasses import replace
from datetime import date
from functools import cache
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, model_validator
from rigour.territories import get_territory

from hrdd.catalog.parse import Source, parse_yaml
from hrdd.countries.guarantees import Guarantees
from hrdd.exc import CatalogError, Problem
from hrdd.model.country import CountryContext, LawOfConcern, LegalGuarantee, Oversight
from hrdd.validation import dotted, located_problems

PROFILES_DIR = Path(__file__).resolve().parent.parent / "catalogs" / "countries" / "laws"

# The 12 category ids agreed between helpers (SHARED_IDS.md), in guidance.md §9 order.
CATEGORY_IDS: tuple[str, ...] = (
    "surveillance_without_oversight",
    "mandated_direct_access",
    "data_localisation_state_access",
    "encryption_anonymity_restrictions",
    "overbroad_security_laws",
    "speech_criminalisation",
    "shutdowns_and_censorship",
    "association_assembly_restrictions",
    "lgbtqi_criminalisation",
    "religion_restrictions",
    "minority_targeting",
    "social_scoring",
)

EARLIEST_YEAR = 1800  # e.g. India's Telegraph Act 1885, Pakistan's Penal Code 1860

HttpsUrl = Annotated[str, StringConstraints(pattern=r"^https://[A-Za-z0-9.-]+\.[A-Za-z]{2,}(/\S*)?$")]
Year = Annotated[int, Field(ge=EARLIEST_YEAR, le=date.today().year)]
Text = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LawRef(_Spec):
    """A named law with the year it was adopted and where its text (or a summary) is."""

    name: Text
    year: Year | None = None
    url: HttpsUrl


class OversightBody(_Spec):
    name: Text
    url: HttpsUrl


class JudicialAuthorisation(_Spec):
    """Whether interception needs prior authorisation by a judge: yes | no | partial."""

    value: Oversight
    law: Text
    source_url: HttpsUrl
    reason: Text  # one line: why this value
    verified: bool


class LawEntry(_Spec):
    """One of the 12 categories for this country."""

    category: Text
    applies: bool | None  # None: not verified
    law: str = ""
    year: Year | None = None
    source_url: HttpsUrl | None = None
    note: Text  # one sentence: what the law does (or what could not be verified)
    verified: bool

    @model_validator(mode="after")
    def _cited(self) -> "LawEntry":
        if self.applies is True and not self.source_url:
            raise ValueError("an entry with applies: true needs a source_url")
        if self.applies is None and self.verified:
            raise ValueError("applies: null means not verified, so verified must be false")
        return self


class LawProfile(_Spec):
    """The surveillance-law profile of one country, as authored."""

    country: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
    name: Text
    as_of: date
    judicial_authorisation: JudicialAuthorisation
    interception_law: LawRef
    data_protection_law: LawRef | None
    data_protection_note: str = ""  # required when data_protection_law is null
    oversight_body: OversightBody | None
    oversight_note: str = ""
    guarantees: Guarantees  # notification, necessity and proportionality, remedy, transparency
    laws: tuple[LawEntry, ...]

    @model_validator(mode="after")
    def _explained(self) -> "LawProfile":
        if self.data_protection_law is None and not self.data_protection_note.strip():
            raise ValueError("data_protection_law is null: say why in data_protection_note")
        if self.as_of > date.today():
            raise ValueError(f"as_of {self.as_of} is in the future")
        return self

    def entry(self, category: str) -> LawEntry | None:
        for item in self.laws:
            if item.category == category:
                return item
        return None


# --- loading ---------------------------------------------------------------------------


def load_law_profile(path: Path) -> LawProfile:
    """Parse and validate one profile file; raise ``CatalogError`` listing every problem."""
    profile, problems = _read(path)
    if problems or profile is None:
        raise CatalogError(f"invalid surveillance-law profile {path.name}", problems)
    return profile


def load_law_profiles(directory: Path = PROFILES_DIR) -> dict[str, LawProfile]:
    """Every ``<CC>.yaml`` in ``directory`` keyed by country code; all files' problems at once."""
    profiles: dict[str, LawProfile] = {}
    problems: list[Problem] = []
    for path in sorted(directory.glob("*.yaml")):
        profile, found = _read(path)
        problems.extend(found)
        if profile is not None and not found:
            profiles[profile.country] = profile
    if problems:
        raise CatalogError(f"invalid surveillance-law profiles in {directory}", problems)
    return profiles


@cache
def all_law_profiles() -> dict[str, LawProfile]:
    """The shipped profiles, keyed by ISO 3166-1 alpha-2 code (loaded once)."""
    return load_law_profiles(PROFILES_DIR)


def law_profile(code: str) -> LawProfile | None:
    """The shipped profile of a country, or ``None`` when none has been authored."""
    return all_law_profiles().get(code.strip().upper())


def laws_of_concern(profile: LawProfile) -> tuple[LawOfConcern, ...]:
    """The profile's 12 entries as domain objects, in category order."""
    order = {cid: i for i, cid in enumerate(CATEGORY_IDS)}
    entries = sorted(profile.laws, key=lambda e: order.get(e.category, len(order)))
    return tuple(
        LawOfConcern(
            category=e.category, applies=e.applies, law=e.law, year=e.year,
            source_url=e.source_url or "", note=e.note, verified=e.verified,
        )
        for e in entries
    )


def legal_guarantees(profile: LawProfile) -> tuple[LegalGuarantee, ...]:
    """The profile's four guarantees as domain objects, in Appendix-2 order."""
    return tuple(
        LegalGuarantee(category=gid, value=g.value, reason=g.reason, law=g.law, source_url=g.source_url or "",
                       checked=g.checked.isoformat() if g.checked else "", verified=g.verified)
        for gid, g in profile.guarantees.items()
    )


def profile_source(profile: LawProfile) -> str:
    """How reports name where the law profile came from."""
    return f"hrdd surveillance-law profile {profile.country} (authored, as of {profile.as_of.isoformat()})"


def with_law_profile(context: CountryContext, profile: LawProfile) -> CountryContext:
    """``context`` with the profile's judicial-authorisation, oversight and law fields filled in."""
    return replace(
        context,
        judicial_authorisation=profile.judicial_authorisation.value,
        oversight_body=profile.oversight_body.name if profile.oversight_body else "",
        data_protection_law=profile.data_protection_law.name if profile.data_protection_law else "",
        laws=laws_of_concern(profile),
        guarantees=legal_guarantees(profile),
        profile_source=profile_source(profile),
        profile_as_of=profile.as_of.isoformat(),
    )


# --- validation internals ----------------------------------------------------------------


def _read(path: Path) -> tuple[LawProfile | None, list[Problem]]:
    """Read with the one YAML reader (YAML 1.2, duplicate keys refused, every node's line), then validate."""
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, [Problem("cannot read file", file=name, found=str(exc))]
    parsed = parse_yaml(text, name)
    if parsed.problems:
        return None, parsed.problems
    data = parsed.data
    if not isinstance(data, dict):
        return None, [Problem("a profile is a mapping", file=name, line=1, expected="a YAML mapping",
                              found=type(data).__name__)]
    where = Source(name, 1, parsed.lines)
    problems: list[Problem] = []
    try:
        profile: LawProfile | None = LawProfile.model_validate(data)
    except ValidationError as err:
        problems += located_problems(err, file=name, line_of=lambda loc: where.line_of(*loc), model=LawProfile)
        profile = None
    problems += _semantic_problems(data, where, path.stem)
    return profile, problems


def _semantic_problems(data: Mapping[str, Any], where: Source, stem: str) -> list[Problem]:
    problems: list[Problem] = []
    name = where.file
    code = data.get("country")
    if isinstance(code, str):
        territory = get_territory(code.lower())
        if territory is None or not territory.is_country:
            problems.append(Problem("unknown country code", file=name, line=where.line_of("country"),
                                    field="country", expected="an ISO 3166-1 alpha-2 country code",
                                    found=code))
        if code != stem:
            problems.append(Problem("file name does not match the country", file=name,
                                    line=where.line_of("country"), field="country",
                                    expected=f"{code}.yaml", found=f"{stem}.yaml"))
    laws = data.get("laws")
    if isinstance(laws, list):
        problems.extend(_category_problems(laws, where))
    return problems


def _category_problems(laws: list[Any], where: Source) -> list[Problem]:
    problems: list[Problem] = []
    name = where.file
    seen: dict[str, int] = {}
    for i, item in enumerate(laws):
        category = item.get("category") if isinstance(item, dict) else None
        if not isinstance(category, str):
            continue
        at = ("laws", i, "category")
        if category not in CATEGORY_IDS:
            close = difflib.get_close_matches(category, CATEGORY_IDS, n=1, cutoff=0.6)
            problems.append(Problem("unknown law category", file=name, line=where.line_of(*at),
                                    field=dotted(at), expected="one of the 12 ids in SHARED_IDS.md",
                                    found=category, suggestion=close[0] if close else None))
        elif category in seen:
            problems.append(Problem("category listed twice", file=name, line=where.line_of(*at),
                                    field=dotted(at), expected="each category exactly once",
                                    found=f"{category} again (first at laws[{seen[category]}])"))
        else:
            seen[category] = i
    missing = [cid for cid in CATEGORY_IDS if cid not in seen]
    if missing:
        problems.append(Problem("categories missing", file=name, line=where.line_of("laws"), field="laws",
                                expected="all 12 categories", found=f"no entry for {', '.join(missing)}"))
    return problems
