"""The list sources catalogue (``hrdd/catalogs/lists/sources.yaml``) and the importer for a set of files."""

import importlib
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import cast

from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

from hrdd.catalog.parse import Source, parse_yaml
from hrdd.exc import CatalogError, InvalidInput, NotFound, Problem
from hrdd.sources.lists.base import ListImporter
from hrdd.validation import located_problems

CATALOG_PATH = Path(__file__).resolve().parent.parent.parent / "catalogs" / "lists" / "sources.yaml"

IMPORTERS = ("ofac_legacy_csv", "ofac_xml", "us_csl", "bis_dpl", "un_sc", "uk_fcdo_xml", "uk_fcdo_tables",
             "uk_ofsi_conlist", "eu_fsf", "ftm_json")


class Download(BaseModel):
    """One file of a source: a fixed ``url``, or a ``page`` whose first link containing ``link`` is it."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    file: str
    url: str | None = None
    page: str | None = None
    link: str | None = None
    sha256: str | None = None  # the publisher's checksum of the file, where one is published

    @model_validator(mode="after")
    def _has_a_location(self) -> "Download":
        if not self.url and not (self.page and self.link):
            raise ValueError("a download needs `url`, or `page` and `link`")
        return self


class ListSource(BaseModel):
    """One list source: where it comes from, how it is read, under which licence."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str
    title: str
    publisher: str
    url: str
    format: str
    formats_doc: str | None = None
    importers: tuple[str, ...]
    downloads: tuple[Download, ...] = ()
    licence: str
    licensed_users_only: bool = False
    topics: tuple[str, ...] = ()
    min_entries: int = 0


class SourcesCatalog(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    version: int
    as_of: str
    sources: tuple[ListSource, ...]


@lru_cache(maxsize=4)
def load_sources(path: Path = CATALOG_PATH) -> dict[str, ListSource]:
    """Every list source by id, validated; importer names must exist."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as err:
        raise CatalogError(f"cannot read list sources from {path}: {err}") from err
    parsed = parse_yaml(text, path.name)  # the one YAML reader: YAML 1.2, duplicate keys refused, lines kept
    if parsed.problems:
        raise CatalogError(f"invalid list sources in {path}", parsed.problems)
    where = Source(path.name, 1, parsed.lines)
    try:
        catalog = SourcesCatalog.model_validate(parsed.data)
    except ValidationError as err:
        raise CatalogError(f"invalid list sources in {path}", located_problems(
            err, file=path.name, line_of=lambda loc: where.line_of(*loc), model=SourcesCatalog)) from err
    problems = [
        Problem("unknown importer", file=path.name, line=where.line_of("sources", i, "importers"), item=s.id,
                field=f"sources[{i}].importers", found=name, expected=", ".join(IMPORTERS))
        for i, s in enumerate(catalog.sources) for name in s.importers if name not in IMPORTERS
    ]
    if problems:
        raise CatalogError(f"invalid list sources in {path}", problems)
    return {s.id: s for s in catalog.sources}


def get_source(source: str) -> ListSource:
    sources = load_sources()
    if source not in sources:
        raise NotFound(f"unknown list source {source!r}; known: {', '.join(sorted(sources))}")
    return sources[source]


def load_importer(name: str) -> ListImporter:
    if name not in IMPORTERS:
        raise NotFound(f"unknown list importer {name!r}")
    return cast(ListImporter, importlib.import_module(f"hrdd.sources.lists.{name}"))


def importer_for(source: ListSource, paths: Sequence[Path]) -> tuple[str, ListImporter]:
    """The first importer of the source that accepts these files."""
    missing = [p for p in paths if not p.is_file()]
    if missing or not paths:
        raise InvalidInput(f"{source.id}: input files not found",
                           [Problem("file not found", file=str(p)) for p in missing])
    for name in source.importers:
        importer = load_importer(name)
        if importer.accepts(paths):
            return name, importer
    raise InvalidInput(
        f"{source.id}: no importer recognises these files",
        [Problem("unrecognised list format", file=", ".join(p.name for p in paths),
                 expected=source.format)],
    )
