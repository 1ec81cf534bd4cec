"""The misuse-record files' format: what each record and source must say (pydantic models).

The records live in ``hrdd/catalogs/misuse/*.yaml`` (one file per region)::

    kind: misuse_records
    version: 2026.11.1
    countries:                 # words that name the country, removed before name matching
      MX: [Mexico, Mexican, México, Mexicano]
    items:
      - id: mx_sedena
        name: Secretariat of National Defence
        aliases: [SEDENA, Secretaría de la Defensa Nacional]
        country: MX
        sector: military
        summary: One or two neutral sentences on what was documented.
        years: [2019, 2020]
        technologies: [pegasus]
        categories: [internet_surveillance]   # capability categories misused
        outcome: confirmed     # confirmed | contested | remedied (then outcome_note says by whom, when)
        primary_sources:       # the documents themselves: a judgment, a UN or official inquiry, forensic research
          - title: ...
            kind: forensic     # court | un | official_inquiry | forensic
            url: https://...   # may be absent when the document was identified only through reporting
            publisher: The Citizen Lab
            date: "2022-10-02"
            confirmed: true    # the document itself was opened (a stored copy); false => note (and via) say why
        primary_note: ...      # required when primary_sources is empty: why the record has none
        sources:               # secondary reporting about it (media, blogs)
          - title: ...
            url: https://...
            publisher: ...
            date: "2022-10-02"
            confirmed: true    # false => ``note`` says why it could not be confirmed
            quality: media     # media | blog (an official or forensic document is a primary source)

A record is **verified** only when a confirmed primary source documents it (a court, the UN or
an official inquiry, or forensic research); reporting alone never verifies it.

Loaded, versioned and looked up by :mod:`hrdd.countries.misuse`.
"""

import datetime as dt
from functools import cache
from typing import Annotated, Literal, get_args

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from hrdd.catalog.spec import CapabilityCategory
from hrdd.model.misuse import VERIFYING_QUALITY, MisuseRecord, Outcome, SourceQuality


@cache
def sectors() -> tuple[str, ...]:
    """The sector ids a record may name: the catalogue's (sectors.yaml), read, never spelled here."""
    from hrdd.catalog import default_catalog  # the catalogue loads rigour and every file: only when needed

    return tuple(default_catalog().sectors)


def _known_sector(value: str) -> str:
    if value not in sectors():
        raise PydanticCustomError("literal_error", "Input should be {expected}",
                                  {"expected": ", ".join(repr(s) for s in sectors())})
    return value


Sector = Annotated[str, AfterValidator(_known_sector)]
RecordId = Annotated[str, StringConstraints(pattern=r"^[a-z]{2}_[a-z0-9_]+$", max_length=60)]
CountryCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
Url = Annotated[str, StringConstraints(pattern=r"^https?://[^\s]+$")]
Text = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]
PartialDate = Annotated[str, StringConstraints(pattern=r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")]
Technology = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
QUALITY_ORDER: tuple[SourceQuality, ...] = get_args(SourceQuality)


def date_as_text(value: object) -> object:
    """YAML reads an unquoted 2022-10-02 as a date; YYYY or YYYY-MM stay text/int: all become text."""
    if isinstance(value, (dt.date, int)):
        return value.isoformat() if isinstance(value, dt.date) else str(value)
    return value


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SourceSpec(_Spec):
    title: Text
    # page: the page's own title; url: read from the address (slug); descriptive: written by us
    # because the stored copy did not show a title
    title_from: Literal["page", "url", "descriptive"] = "page"
    url: Url
    publisher: Text
    date: PartialDate  # YYYY-MM-DD, or YYYY-MM / YYYY when the day is not stated
    confirmed: bool  # the stored copy was opened and says what the record cites it for
    # official: a court, the UN or an official inquiry; forensic: forensic or documented research
    # (Citizen Lab, Amnesty Security Lab, Access Now, HRW, OONI); media; blog
    quality: SourceQuality
    note: str | None = None  # required when confirmed is false: why it could not be confirmed

    @field_validator("date", mode="before")
    @classmethod
    def _date_as_text(cls, value: object) -> object:
        return date_as_text(value)

    @model_validator(mode="after")
    def _unconfirmed_says_why(self) -> "SourceSpec":
        if not self.confirmed and not (self.note and self.note.strip()):
            raise ValueError("an unverified source needs a note saying why it could not be confirmed")
        return self


PrimaryKind = Literal["court", "un", "official_inquiry", "forensic"]


class PrimarySourceSpec(_Spec):
    """The document that establishes the misuse: a judgment, a UN or official inquiry, forensic research."""

    title: Text
    title_from: Literal["page", "url", "descriptive"] = "page"
    kind: PrimaryKind
    url: Url | None = None  # absent when the document was identified only through the reporting on it
    publisher: Text
    date: PartialDate
    confirmed: bool  # the document itself was opened (its stored copy) and says what the record cites it for
    via: str | None = None  # the secondary source it was identified through, when it was not opened itself
    note: str | None = None  # required when confirmed is false

    @field_validator("date", mode="before")
    @classmethod
    def _date_as_text(cls, value: object) -> object:
        return date_as_text(value)

    @model_validator(mode="after")
    def _unconfirmed_says_why(self) -> "PrimarySourceSpec":
        if not self.confirmed and not (self.note and self.note.strip()):
            raise ValueError("an unopened primary source needs a note saying why, and via naming the reporting")
        if self.confirmed and self.url is None:
            raise ValueError("a confirmed primary source needs the url of the copy that was opened")
        return self

    @property
    def quality(self) -> SourceQuality:
        return "forensic" if self.kind == "forensic" else "official"


class MisuseEntry(_Spec):
    id: RecordId
    name: Text
    aliases: tuple[Text, ...] = ()
    country: CountryCode
    sector: Sector
    # body: the sources name this body; government: they attribute the misuse to the country's
    # authorities without naming the body (the record then names the government itself).
    attribution: Literal["body", "government"] = "body"
    summary: Annotated[str, StringConstraints(min_length=20, max_length=700, strip_whitespace=True)]
    # Emptiness is checked after the fields validate: a tuple min_length would also fire
    # when one element is invalid, doubling the report.
    years: tuple[Annotated[int, Field(ge=1990, le=2030)], ...]
    technologies: tuple[Technology, ...]
    # method v2: the capability categories misused, and what became of the allegation
    categories: tuple[CapabilityCategory, ...]
    outcome: Outcome
    outcome_note: str = ""  # required unless confirmed: the inquiry, court or remedy, with its date
    primary_sources: tuple[PrimarySourceSpec, ...] = ()
    primary_note: str = ""  # required when primary_sources is empty: why the record has none
    sources: tuple[SourceSpec, ...] = ()  # secondary reporting

    @model_validator(mode="after")
    def _id_starts_with_country(self) -> "MisuseEntry":
        if not self.id.startswith(self.country.lower() + "_"):
            raise ValueError(f"id must start with the country code: {self.country.lower()}_…")
        for name in ("years", "technologies", "categories"):
            if not getattr(self, name):
                raise ValueError(f"{name} must list at least one entry")
        if not self.sources and not self.primary_sources:
            raise ValueError("sources and primary_sources: cite at least one")
        if self.outcome != "confirmed" and not self.outcome_note.strip():
            raise ValueError(f"outcome {self.outcome}: say in outcome_note which inquiry, court or remedy, and when")
        if not self.primary_sources and not self.primary_note.strip():
            raise ValueError("no primary source: say in primary_note why (e.g. the record rests on reporting)")
        misplaced = [s.publisher for s in self.sources if s.quality in VERIFYING_QUALITY]
        if misplaced:
            raise ValueError(f"an official or forensic document is a primary source, not reporting: move "
                             f"{', '.join(misplaced)} to primary_sources")
        return self

    @property
    def confirmed(self) -> bool:
        """At least one source (primary or reporting) was opened and confirmed."""
        return any(s.confirmed for s in self.primary_sources) or any(s.confirmed for s in self.sources)

    @property
    def quality(self) -> SourceQuality:
        """The best quality among the confirmed sources (official > forensic > media > blog)."""
        ranks: list[SourceQuality] = ([s.quality for s in self.primary_sources if s.confirmed]
                 + [s.quality for s in self.sources if s.confirmed]) or ["blog"]
        return min(ranks, key=QUALITY_ORDER.index)

    @property
    def verified(self) -> bool:
        """Verified only when a confirmed primary source (court, UN, official inquiry, forensic) documents it."""
        return any(s.confirmed for s in self.primary_sources)

    def to_record(self) -> MisuseRecord:
        return MisuseRecord(
            id=self.id, name=self.name, country=self.country, sector=self.sector,
            summary=self.summary, year=max(self.years),
            sources=tuple((s.title, s.url) for s in self.sources), aliases=self.aliases,
            primary_sources=tuple((s.title, s.url or "", s.kind, s.confirmed) for s in self.primary_sources),
            primary_note=self.primary_note,
            categories=self.categories, years=tuple(sorted(set(self.years))), outcome=self.outcome,
            quality=self.quality,
        )


class MisuseFile(_Spec):
    kind: Literal["misuse_records"]
    version: Annotated[str, StringConstraints(pattern=r"^\d{4}\.\d{1,2}\.\d+$")]
    countries: dict[CountryCode, tuple[Text, ...]] = {}
    items: tuple[MisuseEntry, ...]

    @model_validator(mode="after")
    def _countries_declared(self) -> "MisuseFile":
        if not self.items:
            raise ValueError("items must list at least one record")
        missing = sorted({item.country for item in self.items} - set(self.countries))
        if missing:
            raise ValueError(f"countries: no country words declared for {', '.join(missing)}")
        return self


class MisuseCatalog(BaseModel):
    """Every entry, plus the words naming each country (for matching)."""

    model_config = ConfigDict(frozen=True)

    entries: tuple[MisuseEntry, ...]
    country_terms: dict[str, tuple[str, ...]]
    files: tuple[str, ...]
