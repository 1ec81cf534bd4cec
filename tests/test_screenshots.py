"""The screenshots of the main pages in docs/screenshots/: each one the browser tests take exists, is
a modest PNG and is linked from the docs; every screenshot the docs link exists.

They are regenerated with ``make screenshots`` (HRDD_SCREENSHOTS=1 on the browser tests), never by
an ordinary test run, so that tests leave the work tree clean."""

import re
from pathlib import Path

from tests.browser.pages import SCREENSHOT_DIR, SCREENSHOTS

ROOT = Path(__file__).resolve().parent.parent
MAX_BYTES = 400_000


def _docs() -> dict[Path, str]:
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    return {p: p.read_text(encoding="utf-8") for p in pages}


def test_every_screenshot_exists_is_a_modest_png_and_is_linked() -> None:
    linked = "\n".join(_docs().values())
    for name in SCREENSHOTS:
        path = SCREENSHOT_DIR / f"{name}.png"
        assert path.is_file(), f"{path} is missing: run `make screenshots`"
        data = path.read_bytes()
        assert data.startswith(b"\x89PNG\r\n\x1a\n"), f"{path} is not a PNG"
        assert len(data) <= MAX_BYTES, f"{path} is {len(data)} bytes (at most {MAX_BYTES})"
        assert f"screenshots/{name}.png" in linked, f"no page of the docs shows {path.name}"


def test_every_linked_screenshot_exists() -> None:
    missing = []
    for page, text in _docs().items():
        for target in re.findall(r"\]\(([^)\s]*screenshots/[^)\s]+)\)", text):
            if not (page.parent / target).resolve().is_file():
                missing.append(f"{page.relative_to(ROOT)} links {target}")
    assert not missing, missing
