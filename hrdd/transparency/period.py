"""The period a transparency report covers: a calendar year (``2026``) or a quarter (``2026-Q3``).

Boundaries are UTC: a period starts at 00:00 UTC on its first day and ends just before 00:00 UTC
on the day after its last day (``start <= t < end``).
"""

import datetime as dt
import re
from dataclasses import dataclass

from hrdd.exc import InvalidInput, Problem

_PATTERN = re.compile(r"^(?P<year>\d{4})(?:-Q(?P<quarter>[1-4]))?$")
EXPECTED = "a year such as 2026 or a quarter such as 2026-Q3"


@dataclass(frozen=True, slots=True)
class Period:
    id: str  # "2026" or "2026-Q3"
    start: dt.datetime  # inclusive, UTC
    end: dt.datetime  # exclusive, UTC

    @property
    def first_day(self) -> dt.date:
        return self.start.date()

    @property
    def last_day(self) -> dt.date:
        return (self.end - dt.timedelta(days=1)).date()

    def contains(self, when: dt.datetime | None) -> bool:
        if when is None:
            return False
        when = when.replace(tzinfo=dt.UTC) if when.tzinfo is None else when.astimezone(dt.UTC)
        return self.start <= when < self.end

    def as_dict(self) -> dict[str, str]:
        return {"id": self.id, "first_day": self.first_day.isoformat(), "last_day": self.last_day.isoformat()}


def parse_period(text: str, *, field: str = "period") -> Period:
    """The period named ``text``; InvalidInput naming ``field`` when it names none."""
    found = _PATTERN.match(text.strip())
    year = int(found["year"]) if found else 0
    if found is None or not 1900 <= year <= 9998:
        raise InvalidInput("not a reporting period", [Problem("not a reporting period", field=field,
                                                              expected=EXPECTED, found=repr(text)[:40])])
    if found["quarter"] is None:
        start, end = dt.datetime(year, 1, 1, tzinfo=dt.UTC), dt.datetime(year + 1, 1, 1, tzinfo=dt.UTC)
        return Period(str(year), start, end)
    q = int(found["quarter"])
    start = dt.datetime(year, 3 * q - 2, 1, tzinfo=dt.UTC)
    end = dt.datetime(year + (q == 4), 1 if q == 4 else 3 * q + 1, 1, tzinfo=dt.UTC)
    return Period(f"{year}-Q{q}", start, end)
