"""Downloading list files: streamed, size-limited, checksummed, conditional, replaced atomically.

Each source keeps its last good files in ``<lists_dir>/.downloads/<source>/`` with a
``state.json`` (per file: URL, ETag, Last-Modified, SHA-256, size). A download

- asks the server for the file only if it changed (``If-None-Match`` / ``If-Modified-Since``
  from the state; a 304 keeps the cached file);
- refuses a ``Content-Length`` over the limit before reading, and stops reading past it;
- hashes while it streams to a temporary file beside the cached one, checks the length the
  server announced (a truncated transfer is refused) and an expected SHA-256 when one is
  configured, then replaces the cached file by a rename (atomic on one file system).

A failed download leaves the cached file and its state as they were.
"""

import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import asdict, dataclass
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

import httpx

from hrdd.exc import Problem, SourceError

STATE = "state.json"
CHUNK = 1 << 16


@dataclass(frozen=True, slots=True)
class FileState:
    url: str
    sha256: str
    bytes: int
    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True, slots=True)
class Fetched:
    path: Path
    state: FileState
    changed: bool  # False when the server answered 304 Not Modified


def cache_dir(lists_dir: Path, source: str) -> Path:
    path = lists_dir / ".downloads" / source
    path.mkdir(parents=True, exist_ok=True)
    return path


def read_state(directory: Path) -> dict[str, FileState]:
    path = directory / STATE
    if not path.is_file():
        return {}
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return {name: FileState(**value) for name, value in data.items()}


def write_state(directory: Path, state: dict[str, FileState]) -> None:
    tmp = directory / f".{STATE}.{os.getpid()}"
    tmp.write_text(json.dumps({k: asdict(v) for k, v in sorted(state.items())}, indent=2), encoding="utf-8")
    tmp.replace(directory / STATE)


def _conditional(previous: FileState | None, target: Path, url: str) -> dict[str, str]:
    if previous is None or previous.url != url or not target.is_file():
        return {}
    headers = {}
    if previous.etag:
        headers["If-None-Match"] = previous.etag
    if previous.last_modified:
        headers["If-Modified-Since"] = previous.last_modified
    return headers


def fetch(client: httpx.Client, source: str, url: str, target: Path, *, max_bytes: int,
          previous: FileState | None = None, expected_sha256: str | None = None,
          on_progress: Callable[[int, int | None], None] | None = None) -> Fetched:
    """Download ``url`` to ``target`` (or keep it when unchanged on the server)."""
    def fail(message: str, found: str | None = None, expected: str | None = None) -> SourceError:
        return SourceError(f"{source}: download of {url} {message}; the previous files are kept", source,
                           [Problem(message, file=target.name, expected=expected, found=found)])

    tmp = target.with_name(f".{target.name}.part-{os.getpid()}")
    try:
        with client.stream("GET", url, headers=_conditional(previous, target, url)) as response:
            if response.status_code == 304 and previous is not None:
                return Fetched(target, previous, changed=False)
            if response.status_code != 200:
                raise fail(f"failed with HTTP {response.status_code}")
            announced = int(response.headers.get("content-length") or 0) or None
            if announced is not None and announced > max_bytes:
                raise fail("is larger than the limit", found=f"{announced} bytes", expected=f"at most {max_bytes}")
            digest = hashlib.sha256()
            received = 0
            with tmp.open("wb") as out:
                for chunk in response.iter_bytes(CHUNK):
                    received += len(chunk)
                    if received > max_bytes:
                        raise fail("is larger than the limit", found=f"more than {max_bytes} bytes",
                                   expected=f"at most {max_bytes}")
                    digest.update(chunk)
                    out.write(chunk)
                    if on_progress:
                        on_progress(received, announced)
            etag = response.headers.get("etag")
            modified = response.headers.get("last-modified")
    except httpx.HTTPError as err:
        tmp.unlink(missing_ok=True)
        raise fail(f"failed ({err})") from err
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    if announced is not None and received != announced:
        tmp.unlink(missing_ok=True)
        raise fail("is truncated", found=f"{received} bytes", expected=f"{announced} bytes")
    sha = digest.hexdigest()
    if expected_sha256 and sha != expected_sha256.lower():
        tmp.unlink(missing_ok=True)
        raise fail("does not match its published checksum", found=sha, expected=expected_sha256)
    if modified:
        try:
            stamp = parsedate_to_datetime(modified).timestamp()
            os.utime(tmp, (stamp, stamp))
        except (TypeError, ValueError):
            pass
    tmp.replace(target)
    return Fetched(target, FileState(url, sha, received, etag, modified), changed=True)
