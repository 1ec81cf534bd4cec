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
from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import date
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, model_validator
from rigour.territories import get_territory

from hrdd.countries.guarantees import Guarantees
from hrdd.exc import CatalogError, Problem
from hrdd.model.country import CountryContext, LawOfConcern, LegalGuarantee

# libyaml when available: same nodes and marks, several times faster than pure Python
_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

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

    value: Literal["yes", "no", "partial"]
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
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8")
        loader = _Loader(text)
        try:
            root = loader.get_single_node()
            data = loader.construct_document(root) if root is not None else None
        finally:
            loader.dispose()
    except (OSError, UnicodeDecodeError) as exc:
        return None, [Problem("cannot read file", file=name, found=str(exc))]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        return None, [Problem("not valid YAML", file=name, line=line, found=str(exc).splitlines()[0])]
    if not isinstance(data, dict) or root is None:
        return None, [Problem("a profile is a mapping", file=name, expected="a YAML mapping",
                              found=type(data).__name__)]
    problems = _duplicate_keys(root, name)
    try:
        profile = LawProfile.model_validate(data)
    except ValidationError as exc:
        problems.extend(_problem(err, root, name) for err in exc.errors())
        profile = None
    problems.extend(_semantic_problems(data, root, name, path.stem))
    return profile, problems


def _semantic_problems(data: Mapping[str, Any], root: yaml.Node, name: str, stem: str) -> list[Problem]:
    problems: list[Problem] = []
    code = data.get("country")
    if isinstance(code, str):
        territory = get_territory(code.lower())
        if territory is None or not territory.is_country:
            problems.append(Problem("unknown country code", file=name, line=_line(root, ("country",)),
                                    field="country", expected="an ISO 3166-1 alpha-2 country code",
                                    found=code))
        if code != stem:
            problems.append(Problem("file name does not match the country", file=name,
                                    line=_line(root, ("country",)), field="country",
                                    expected=f"{code}.yaml", found=f"{stem}.yaml"))
    laws = data.get("laws")
    if isinstance(laws, list):
        problems.extend(_category_problems(laws, root, name))
    return problems


def _category_problems(laws: list[Any], root: yaml.Node, name: str) -> list[Problem]:
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for i, item in enumerate(laws):
        category = item.get("category") if isinstance(item, dict) else None
        if not isinstance(category, str):
            continue
        where = ("laws", i, "category")
        if category not in CATEGORY_IDS:
            close = difflib.get_close_matches(category, CATEGORY_IDS, n=1, cutoff=0.6)
            problems.append(Problem("unknown law category", file=name, line=_line(root, where),
                                    field=_dotted(where), expected="one of the 12 ids in SHARED_IDS.md",
                                    found=category, suggestion=close[0] if close else None))
        elif category in seen:
            problems.append(Problem("category listed twice", file=name, line=_line(root, where),
                                    field=_dotted(where), expected="each category exactly once",
                                    found=f"{category} again (first at laws[{seen[category]}])"))
        else:
            seen[category] = i
    missing = [cid for cid in CATEGORY_IDS if cid not in seen]
    if missing:
        problems.append(Problem("categories missing", file=name, line=_line(root, ("laws",)), field="laws",
                                expected="all 12 categories", found=f"no entry for {', '.join(missing)}"))
    return problems


_EXPECTED = {
    "string_pattern_mismatch": "an https:// URL",
    "missing": "a value",
    "extra_forbidden": "no such field",
    "bool_type": "true or false",
    "int_parsing": "a whole number (a year)",
    "int_type": "a whole number (a year)",
    "date_from_datetime_parsing": "a date YYYY-MM-DD",
    "date_type": "a date YYYY-MM-DD",
    "date_parsing": "a date YYYY-MM-DD",
}


def _problem(err: Mapping[str, Any], root: yaml.Node, name: str) -> Problem:
    loc = tuple(err["loc"])
    kind = str(err["type"])
    expected = _EXPECTED.get(kind)
    if kind == "string_pattern_mismatch" and loc and loc[-1] == "country":
        expected = "two capital letters (ISO 3166-1 alpha-2)"
    elif kind in {"greater_than_equal", "less_than_equal"}:
        expected = f"a year from {EARLIEST_YEAR} to {date.today().year}"
    elif kind == "literal_error":
        expected = str(err.get("ctx", {}).get("expected", ""))
    found = None if kind == "missing" else _shorten(err.get("input"))
    message = str(err["msg"]).removeprefix("Value error, ")
    return Problem(message, file=name, line=_line(root, loc), field=_dotted(loc) or None,
                   expected=expected or str(err["msg"]), found=found)


def _duplicate_keys(node: yaml.Node, name: str, path: tuple[str | int, ...] = ()) -> list[Problem]:
    problems: list[Problem] = []
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key, value in node.value:
            if key.value in seen:
                problems.append(Problem("key given twice", file=name, line=key.start_mark.line + 1,
                                        field=_dotted((*path, key.value)), expected="each key once",
                                        found=str(key.value)))
            seen.add(key.value)
            problems.extend(_duplicate_keys(value, name, (*path, key.value)))
    elif isinstance(node, yaml.SequenceNode):
        for i, child in enumerate(node.value):
            problems.extend(_duplicate_keys(child, name, (*path, i)))
    return problems


def _line(root: yaml.Node, loc: Iterable[str | int]) -> int:
    """1-based line of the deepest node on ``loc`` that exists in the file."""
    node = root
    for part in loc:
        child: yaml.Node | None = None
        if isinstance(node, yaml.MappingNode):
            child = next((v for k, v in node.value if k.value == part), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            child = node.value[part]
        if child is None:
            break
        node = child
    return int(node.start_mark.line) + 1


def _dotted(loc: Iterable[str | int]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _shorten(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


# --- documentation -----------------------------------------------------------------------

COVERAGE_START = "<!-- coverage:start (generated by hrdd.countries.laws.coverage_table; do not edit) -->"
COVERAGE_END = "<!-- coverage:end -->"


def coverage_table(profiles: Mapping[str, LawProfile]) -> str:
    """The Markdown coverage table of docs/law-profiles.md, generated from the data."""
    rows = [
        ("| Code | Country | As of | Judicial authorisation | Applies (yes/no/unverified) "
         "| Verified entries | Guarantees (yes/partial/no/unknown) | Data-protection law | Oversight body |"),
        "|---|---|---|---|---|---|---|---|---|",
    ]
    totals = [0, 0]
    for code in sorted(profiles):
        p = profiles[code]
        yes = sum(1 for e in p.laws if e.applies is True)
        no = sum(1 for e in p.laws if e.applies is False)
        unknown = sum(1 for e in p.laws if e.applies is None)
        verified = sum(1 for e in p.laws if e.verified)
        totals[0] += verified
        totals[1] += len(p.laws)
        ja = p.judicial_authorisation.value + ("" if p.judicial_authorisation.verified else " (unverified)")
        dpl = p.data_protection_law.name if p.data_protection_law else "none"
        body = p.oversight_body.name if p.oversight_body else "none"
        answers = [g.value for _, g in p.guarantees.items()]
        known = "/".join(str(answers.count(v)) for v in ("yes", "partial", "no", "unknown"))
        rows.append(f"| {code} | {p.name} | {p.as_of.isoformat()} | {ja} | {yes}/{no}/{unknown} "
                    f"| {verified}/{len(p.laws)} | {known} | {dpl} | {body} |")
    rows.append("")
    rows.append(f"{len(profiles)} countries; {totals[0]} of {totals[1]} category entries verified, "
                f"{totals[1] - totals[0]} unverified.")
    return "\n".join(rows)


def render_coverage_docs(text: str, profiles: Mapping[str, LawProfile]) -> str:
    """``text`` (docs/law-profiles.md) with the block between the coverage markers regenerated."""
    head, start, rest = text.partition(COVERAGE_START)
    _, end, tail = rest.partition(COVERAGE_END)
    if not start or not end:
        raise ValueError("docs/law-profiles.md has lost its coverage markers")
    return f"{head}{COVERAGE_START}\n{coverage_table(profiles)}\n{COVERAGE_END}{tail}"


def write_coverage_docs(path: Path | None = None) -> Path:
    """Regenerate the coverage table in docs/law-profiles.md (run after editing a profile)."""
    target = path or Path(__file__).resolve().parents[2] / "docs" / "law-profiles.md"
    text = target.read_text(encoding="utf-8")
    target.write_text(render_coverage_docs(text, load_law_profiles(PROFILES_DIR)), encoding="utf-8")
    return target
