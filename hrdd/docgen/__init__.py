"""The one generator of the generated parts of docs/: cog runs these functions from markers in
the Markdown files (``make docs``, i.e. ``cog -r`` over ``COG_FILES``), and
``tests/docgen/test_cog.py`` fails when running cog would change a file. The modules that load
and score data do not write documentation.
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# every Markdown file with cog markers, relative to the repository root
COG_FILES: tuple[str, ...] = ("docs/law-profiles.md", "docs/misuse-records.md")
