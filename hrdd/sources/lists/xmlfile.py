"""Streaming an official XML list file, for the importers of XML formats."""

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Literal
from xml.etree import ElementTree as ET

from hrdd.exc import SourceError
from hrdd.sources.lists.base import ImportContext


def iter_xml(ctx: ImportContext, path: Path, events: Sequence[Literal["start", "end"]] = ("end",)
             ) -> Iterator[tuple[str, ET.Element]]:
    """``ElementTree.iterparse`` events of a file; malformed XML becomes a :class:`SourceError`
    naming the file (the import fails and the previous snapshot is kept)."""
    try:
        yield from ET.iterparse(path, events=events)
    except ET.ParseError as err:
        raise SourceError(f"{ctx.source}: {path.name} is not well-formed XML ({err}); "
                          "the previous snapshot is kept", ctx.source) from err
