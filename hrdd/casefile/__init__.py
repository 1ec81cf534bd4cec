"""Reading case files (``hrdd.case/1``, YAML or JSON) into the domain model.

Every file is treated as hostile: size and nesting are bounded, YAML tags and aliases are
refused, and every problem is reported with file, line, field, what was expected and what
was found, never as a traceback.
"""

from hrdd.casefile.load import load_case, parse_case
from hrdd.casefile.template import case_template

__all__ = ["case_template", "load_case", "parse_case"]
