"""The list downloader against a local HTTP server: conditional requests, size limit, checksum,
truncation, atomic replacement of the cached file."""

import hashlib
from pathlib import Path

import httpx
import pytest

from hrdd.exc import SourceError
from hrdd.services import downloads
from hrdd.services.list_versions import list_versions
from hrdd.services.lists import update_lists
from hrdd.services.store import get_store
from hrdd.settings import Settings
from tests.services.list_server import ListFiles, serve

UN = Path(__file__).resolve().parents[1] / "fixtures" / "lists" / "un_consolidated.xml"


def _fetch(url: str, target: Path, **kw: object) -> downloads.Fetched:
    with httpx.Client() as client:
        return downloads.fetch(client, "test", url, target, **kw)  # type: ignore[arg-type]


def test_an_unchanged_source_is_asked_conditionally_and_not_imported_again(tmp_path: Path) -> None:
    settings = Settings(home=tmp_path / "home")
    files = ListFiles()
    files.files["consolidated.xml"] = UN.read_bytes()
    with serve(files) as url:
        (first,) = update_lists(["un-sc"], settings, progress=False, mirror=url, min_entries=1)
        assert update_lists(["un-sc"], settings, progress=False, mirror=url, min_entries=1) == []
        files.files["consolidated.xml"] = UN.read_bytes().replace(b"</CONSOLIDATED_LIST>",
                                                                  b"<!-- re-issued --></CONSOLIDATED_LIST>")
        # re-issued with the same entities: a new version with an empty delta (nothing to re-screen)
        (reissued,) = update_lists(["un-sc"], settings, progress=False, mirror=url, min_entries=1)
    assert files.conditional == ["consolidated.xml", "consolidated.xml"] and files.not_modified == ["consolidated.xml"]
    versions = list_versions(get_store(settings), "un-sc")
    assert [v.version for v in versions] == [first.version, reissued.version] == [1, 2]
    assert (versions[1].added, versions[1].changed, versions[1].removed) == (0, 0, 0)
    cached = downloads.read_state(downloads.cache_dir(settings.lists_dir, "un-sc"))["consolidated.xml"]
    assert cached.sha256 == hashlib.sha256(files.files["consolidated.xml"]).hexdigest()


def test_size_limit_before_and_while_reading(tmp_path: Path) -> None:
    files = ListFiles()
    files.files["big.xml"] = b"x" * 5000
    files.files["unsized.xml"] = b"y" * 5000
    files.unsized.add("unsized.xml")
    target = tmp_path / "big.xml"
    with serve(files) as url:
        with pytest.raises(SourceError, match="larger than the limit") as announced:
            _fetch(f"{url}/big.xml", target, max_bytes=1000)
        with pytest.raises(SourceError, match="larger than the limit"):
            _fetch(f"{url}/unsized.xml", tmp_path / "unsized.xml", max_bytes=1000)
        ok = _fetch(f"{url}/unsized.xml", tmp_path / "unsized.xml", max_bytes=10_000)
    assert announced.value.problems[0].found == "5000 bytes"
    assert ok.state.bytes == 5000 and (tmp_path / "unsized.xml").read_bytes() == b"y" * 5000
    assert not target.exists() and [p.name for p in tmp_path.iterdir()] == ["unsized.xml"]  # no partial file


def test_a_bad_download_leaves_the_cached_file_as_it_was(tmp_path: Path) -> None:
    files = ListFiles()
    files.files["list.xml"] = b"<list>old</list>"
    target = tmp_path / "list.xml"
    with serve(files) as url:
        good = _fetch(f"{url}/list.xml", target, max_bytes=10_000)
        files.files["list.xml"] = b"<list>new, but cut short</list>"
        files.short.add("list.xml")
        with pytest.raises(SourceError, match=r"truncated|complete message body"):
            _fetch(f"{url}/list.xml", target, max_bytes=10_000)
        files.short.clear()
        with pytest.raises(SourceError, match="published checksum"):
            _fetch(f"{url}/list.xml", target, max_bytes=10_000, expected_sha256="0" * 64)
        assert target.read_bytes() == b"<list>old</list>"
        unchanged = _fetch(f"{url}/list.xml", target, max_bytes=10_000, previous=good.state)
        assert unchanged.changed is True and target.read_bytes() == b"<list>new, but cut short</list>"
        again = _fetch(f"{url}/list.xml", target, max_bytes=10_000, previous=unchanged.state)
    assert again.changed is False and again.state == unchanged.state
    assert sorted(p.name for p in tmp_path.iterdir()) == ["list.xml"]
