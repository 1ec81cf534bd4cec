"""The generated parts of docs/ are current: running cog over COG_FILES changes nothing."""

import contextlib
import io
from pathlib import Path

import pytest
from cogapp import Cog

from hrdd.countries.misuse import misuse_entries
from hrdd.docgen import COG_FILES, ROOT
from hrdd.docgen.misuse import render_coverage


def _cog(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    # cog runs the markers' code with the repository first on the path, like `make docs`
    with contextlib.chdir(ROOT), contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        status = Cog().main(["cog", "-I", str(ROOT), *args])
    return int(status), out.getvalue()


@pytest.mark.parametrize("name", COG_FILES)
def test_running_cog_changes_nothing(name: str) -> None:
    status, output = _cog("--check", "--diff", name)
    assert status == 0, f"{name} is stale: run make docs\n{output}"


def test_cog_check_fails_on_a_stale_block(tmp_path: Path) -> None:
    stale = tmp_path / "stale.md"
    stale.write_text("<!-- [[[cog\nimport cog\ncog.outl('fresh')\n]]] -->\nold\n<!-- [[[end]]] -->\n", encoding="utf-8")
    status, _ = _cog("--check", str(stale))
    assert status != 0


def test_misuse_coverage_counts_come_from_the_entries() -> None:
    entries = misuse_entries()
    table = render_coverage(entries[:3])
    assert f"**{len(entries[:3])} records**" in table
    assert entries[0].id in table and entries[5].id not in table
