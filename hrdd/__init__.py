"""hrdd: human-rights due diligence for sales of surveillance-capable technology."""

from hrdd.version import __version__

__all__ = ["__version__"]
