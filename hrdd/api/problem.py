"""The one JSON error shape of the API, with no web framework imported (hrdd/api/boot.py answers
with it before FastAPI is loaded)."""

from typing import Any

from hrdd.exc import Problem


def error_body(message: str, status: int, problems: list[Problem] | None = None) -> dict[str, Any]:
    """``{"ok": false, "error": str, "errors": [problem…], "status": int}``."""
    return {"ok": False, "error": message, "errors": [p.to_dict() for p in problems or []], "status": status}
