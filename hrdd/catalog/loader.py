"""Load the catalogue: shipped YAML files, then company overlays, then cross-file checks.

Every problem found on the way is collected with its file, line, item and field; one
:class:`~hrdd.exc.CatalogError` lists them all at the end, so a catalogue author fixes
everything in one pass.
"""

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, cast

from pydantic import BaseModel, ValidationError

from hrdd.catalog.parse import Parsed, Source, parse_yaml
from hrdd.catalog.registry import Catalog
from hrdd.catalog.spec import KINDS, Policy, StepId
from hrdd.exc import CatalogError, Problem
from hrdd.validation import located_problems

SHIPPED_DIR = Path(__file__).resolve().parent.parent / "catalogs"
YAML_SUFFIXES = (".yaml", ".yml")


@dataclass
class Entry:
    """One validated catalogue item and where it came from."""

    kind: str
    model: BaseModel
    source: Source
    adjusted_in: list[str] = field(default_factory=list)
    # False for an item that failed its schema: its id still resolves, so one bad field does
    # not also produce a problem at every reference to it; cross-file checks skip its fields
    valid: bool = True


@dataclass
class Draft:
    """The catalogue being assembled: entries per kind, declared versions, problems so far."""

    entries: dict[str, dict[str, Entry]] = field(default_factory=lambda: {k: {} for k in KINDS})
    versions: dict[str, tuple[str, int]] = field(default_factory=dict)  # file -> (version, line)
    problems: list[Problem] = field(default_factory=list)


def display_path(path: Path) -> str:
    """Shipped files print as ``hrdd/catalogs/x.yaml``; others as given."""
    try:
        return str(path.resolve().relative_to(SHIPPED_DIR.parent.parent))
    except ValueError:
        return str(path)


def shipped_files(directory: Path = SHIPPED_DIR) -> list[Path]:
    """The top-level shipped files (sub-folders such as ``countries/`` have their own loaders)."""
    return sorted(p for p in directory.glob("*") if p.suffix in YAML_SUFFIXES and p.is_file())


def overlay_files(paths: Sequence[Path], problems: list[Problem]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.suffix in YAML_SUFFIXES and p.is_file()))
        elif path.is_file():
            files.append(path)
        else:
            problems.append(Problem("overlay path does not exist", file=str(path),
                                    expected="a directory of YAML files or a YAML file"))
    return files


@lru_cache(maxsize=128)
def _parse_text(text: str, name: str) -> Parsed:
    """Parse each distinct file content once; callers never mutate the result."""
    return parse_yaml(text, name)


def read_file(path: Path, problems: list[Problem]) -> tuple[Any, Source] | None:
    name = display_path(path)
    try:
        parsed = _parse_text(path.read_text(encoding="utf-8"), name)
    except (OSError, UnicodeDecodeError) as err:
        problems.append(Problem(f"cannot read file: {err}", file=name))
        return None
    problems.extend(parsed.problems)
    if parsed.problems and parsed.data is None:
        return None
    return parsed.data, Source(file=name, line=1, lines=parsed.lines)


def item_source(file_source: Source, base: tuple[str | int, ...]) -> Source:
    """The source of one item: its own line and the lines of its fields, relative to it."""
    n = len(base)
    lines = {key[n:]: line for key, line in file_source.lines.items() if key[:n] == base}
    return Source(file=file_source.file, line=file_source.line_of(*base), lines=lines)


def validation_problems(err: ValidationError, model: type[BaseModel], source: Source,
                        item_id: str | None) -> list[Problem]:
    """The schema errors of one item (or file) through the one converter (``hrdd/validation.py``)."""
    return located_problems(err, file=source.file, line_of=lambda loc: source.line_of(*loc), model=model,
                            item_of=lambda _loc: item_id)


def validate_item(kind: str, data: Any, source: Source, problems: list[Problem]) -> BaseModel | None:
    model = KINDS[kind]
    item_id = data.get("id") if isinstance(data, dict) and isinstance(data.get("id"), str) else None
    if not isinstance(data, dict):
        problems.append(Problem("an item must be a mapping of fields", file=source.file,
                                line=source.line, found=type(data).__name__))
        return None
    try:
        return model.model_validate(data)
    except ValidationError as err:
        problems.extend(validation_problems(err, model, source, item_id))
        return None


def item_key(kind: str, model: BaseModel) -> str:
    """The id an item is known by: steps by their step id, everything else by ``id``."""
    if kind == "steps":
        return cast(StepId, model.step)  # type: ignore[attr-defined]
    return cast(str, model.id)  # type: ignore[attr-defined]


def item_sources(file_source: Source, section: str) -> dict[int, Source]:
    """The sources of every item of a file section (``items`` or ``adjust``) in one pass."""
    lines: dict[int, dict[tuple[str | int, ...], int]] = {}
    for key, line in file_source.lines.items():
        if len(key) >= 2 and key[0] == section and isinstance(key[1], int):
            lines.setdefault(key[1], {})[key[2:]] = line
    return {i: Source(file_source.file, found.get((), file_source.line), found)
            for i, found in lines.items()}


def add_items(draft: Draft, kind: str, items: Sequence[Any], file_source: Source,
              overlay: bool) -> None:
    sources = item_sources(file_source, "items")
    for index, data in enumerate(items):
        source = sources.get(index) or item_source(file_source, ("items", index))
        model = validate_item(kind, data, source, draft.problems)
        if model is None:
            key = data.get("step" if kind == "steps" else "id") if isinstance(data, dict) else None
            if isinstance(key, str) and key not in draft.entries[kind]:
                draft.entries[kind][key] = Entry(kind, KINDS[kind].model_construct(), source, valid=False)
            continue
        key = item_key(kind, model)
        existing = draft.entries[kind].get(key)
        if existing is not None:
            hint = "; change it with an `adjust:` entry instead" if overlay else ""
            draft.problems.append(Problem(
                f"{kind} id {key!r} is already defined at {existing.source.file}:{existing.source.line}{hint}",
                file=source.file, line=source.line, item=key, field="id"))
            continue
        draft.entries[kind][key] = Entry(kind, model, source)


def read_shipped(draft: Draft, files: Sequence[Path]) -> None:
    from hrdd.catalog.spec import CatalogFile

    for path in files:
        read = read_file(path, draft.problems)
        if read is None:
            continue
        data, source = read
        try:
            shape = CatalogFile.model_validate(data)
        except ValidationError as err:
            draft.problems.extend(validation_problems(err, CatalogFile, source, None))
            continue
        draft.versions[source.file] = (shape.version, source.line_of("version"))
        add_items(draft, shape.kind, shape.items, source, overlay=False)


def canonical_hash(entries: dict[str, dict[str, Entry]]) -> str:
    content = {kind: {key: entry.model.model_dump(mode="json", by_alias=True)
                      for key, entry in sorted(items.items())}
               for kind, items in sorted(entries.items())}
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]


def declared_version(draft: Draft) -> str:
    versions = sorted({version for version, _ in draft.versions.values()})
    if len(versions) > 1:
        for file, (version, line) in sorted(draft.versions.items()):
            if version != versions[-1]:
                draft.problems.append(Problem(
                    "shipped catalogue files must declare the same version", file=file, line=line,
                    field="version", expected=versions[-1], found=version))
    return versions[-1] if versions else "0"


def build(draft: Draft, version: str) -> Catalog:
    maps: dict[str, Any] = {kind: {key: e.model for key, e in items.items()}
                            for kind, items in draft.entries.items() if kind != "policy"}
    origins = {f"{kind}:{key}": "; adjusted in ".join([e.source.file, *e.adjusted_in])
               for kind, items in draft.entries.items() for key, e in items.items()}
    policy = next(iter(draft.entries["policy"].values())).model
    assert isinstance(policy, Policy)
    return Catalog(version=version, policy=policy, origins=origins, **maps)


def load_catalog(overlays: Sequence[Path] = (), *, base_dir: Path | None = None) -> Catalog:
    """Load the shipped catalogue plus overlay directories or files, checked as a whole.

    Raises :class:`CatalogError` listing every problem (file, line, item, field) when the
    result is not valid. ``Catalog.version`` is the declared version plus a content hash,
    so any overlay that changes content changes the version. ``base_dir`` replaces the
    shipped directory (tests, or a company that maintains a full catalogue of its own).
    """
    from hrdd.catalog.checks import check_catalog
    from hrdd.catalog.overlay import apply_overlays

    draft = Draft()
    read_shipped(draft, shipped_files(base_dir or SHIPPED_DIR))
    declared = declared_version(draft)
    apply_overlays(draft, overlay_files(overlays, draft.problems))
    draft.problems.extend(check_catalog(draft.entries))
    if draft.problems:
        count = len(draft.problems)
        raise CatalogError(f"the catalogue has {count} problem{'s' if count != 1 else ''}",
                           draft.problems)
    return build(draft, f"{declared}+{canonical_hash(draft.entries)}")


@lru_cache(maxsize=4)
def _cached(overlays: tuple[Path, ...]) -> Catalog:
    return load_catalog(overlays)


def default_catalog() -> Catalog:
    """The shipped catalogue with the overlays of ``HRDD_CATALOG_PATH``; cached per overlay set."""
    from hrdd.settings import get_settings

    return _cached(tuple(get_settings().overlay_dirs))


def clear_cache() -> None:
    """Forget cached catalogues (after an overlay file changed)."""
    _cached.cache_clear()
