"""Hatchling build hook: compiles hrdd's one C extension, the screening bound
(``hrdd/screening/_reach.c``, which includes ``_reach_budget.c``), beside its source, for wheels
and editable installs alike.

The module carries the SHA-256 of the sources it was built from; ``hrdd.screening.reach`` uses it
only when that is the source beside it, so an edited ``_reach.c`` that was not rebuilt is never
run (the Python bound is used instead, with the same results). ``HRDD_NO_NATIVE=1`` skips the
build (the Python bound is then always used); a failed build is an error, not a silent fallback.
"""

import hashlib
import os
import sysconfig
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

SOURCE = Path("hrdd") / "screening" / "_reach.c"
INCLUDED = ("_reach_budget.c",)  # sources _reach.c includes, beside it
MODULE = "hrdd.screening._reach"


def source_digest(path: Path) -> str:
    """SHA-256 of the source and the files it includes, in that order (as reach.py computes it)."""
    digest = hashlib.sha256(path.read_bytes())
    for name in INCLUDED:
        digest.update(path.with_name(name).read_bytes())
    return digest.hexdigest()


class NativeBuildHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if os.environ.get("HRDD_NO_NATIVE") == "1":
            return
        from setuptools import Distribution, Extension
        from setuptools.command.build_ext import build_ext

        root = Path(self.root)
        extension = Extension(MODULE, [str(SOURCE)],
                              define_macros=[("HRDD_SOURCE_SHA256", f'"{source_digest(root / SOURCE)}"')],
                              depends=[str(SOURCE.with_name(name)) for name in INCLUDED], libraries=["m"],
                              extra_compile_args=["-O2", "-ffp-contract=off"])  # the bound's arithmetic as Python's
        cwd = Path.cwd()
        os.chdir(root)
        try:
            command = build_ext(Distribution({"name": "hrdd", "ext_modules": [extension]}))
            command.inplace = True
            command.build_temp = str(root / "build" / "native")
            command.ensure_finalized()
            command.run()
        finally:
            os.chdir(cwd)
        built = SOURCE.with_name("_reach" + sysconfig.get_config_var("EXT_SUFFIX"))
        build_data["pure_python"] = False
        build_data["infer_tag"] = True
        build_data["force_include"][str(root / built)] = str(built)
