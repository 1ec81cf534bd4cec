"""The one root exception of hrdd and its domain subclasses.

Domain exceptions carry no HTTP status: the API maps them in ``api/errors.py`` and the
CLI maps them to exit codes. Every error that comes from bad input carries a list of
:class:`Problem` so that all problems are reported at once, each with its location.
"""

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with an input, said for the person who has to fix it."""

    message: str
    file: str | None = None
    line: int | None = None
    field: str | None = None
    item: str | None = None
    expected: str | None = None
    found: str | None = None
    suggestion: str | None = None

    def location(self) -> str:
        parts: list[str] = []
        if self.file:
            parts.append(self.file if self.line is None else f"{self.file}:{self.line}")
        elif self.line is not None:
            parts.append(f"line {self.line}")
        if self.item:
            parts.append(f"item {self.item}")
        if self.field:
            parts.append(self.field)
        return ", ".join(parts)

    def __str__(self) -> str:
        text = self.message
        if self.expected is not None:
            text += f"; expected {self.expected}"
        if self.found is not None:
            text += f", found {self.found}"
        if self.suggestion:
            text += f" (did you mean {self.suggestion}?)"
        where = self.location()
        return f"{where}: {text}" if where else text

    def to_dict(self) -> dict[str, object]:
        return {k: v for k, v in (
            ("message", self.message), ("file", self.file), ("line", self.line),
            ("field", self.field), ("item", self.item), ("expected", self.expected),
            ("found", self.found), ("suggestion", self.suggestion),
        ) if v is not None}


class HrddError(Exception):
    """Root of every error hrdd raises on purpose."""

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.problems: list[Problem] = list(problems or [])

    def __str__(self) -> str:
        if not self.problems:
            return self.message
        lines = [self.message] + [f"  - {p}" for p in self.problems]
        return "\n".join(lines)


class InvalidInput(HrddError):
    """A case file, form, query or upload is not valid."""


class TooLarge(InvalidInput):
    """A request body, upload or field is larger than the configured limit."""


class CatalogError(HrddError):
    """The catalogue (shipped or overlay) is invalid or inconsistent."""


class SourceError(HrddError):
    """An import could not fetch or parse its source; the previous data is kept."""

    def __init__(self, message: str, source: str, problems: list[Problem] | None = None) -> None:
        super().__init__(message, problems)
        self.source = source


class NotFound(HrddError):
    """A case, list entry, catalogue item or country was not found."""


class Conflict(HrddError):
    """The action contradicts the current state (e.g. approving one's own case)."""


class Stale(Conflict):
    """The caller acted on a revision of a record that is no longer the current one."""


class PermissionDenied(HrddError):
    """The user's role does not allow the action."""


class NotAuthenticated(HrddError):
    """Wrong credentials, or no live session or valid API key: log in first."""


class RateLimited(HrddError):
    """Too many attempts; ``retry_after`` seconds until the next one is accepted."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class ConfigError(HrddError):
    """A setting is missing or invalid."""
