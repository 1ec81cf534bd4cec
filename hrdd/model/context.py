"""Everything the pure engine reads besides the case and the catalogue."""

from dataclasses import dataclass, field

from hrdd.model.country import CountryContext
from hrdd.model.misuse import MisuseMatch
from hrdd.model.screening import NOT_SCREENED, ScreeningOutcome
from hrdd.model.signal import Signal


@dataclass(frozen=True, slots=True)
class AssessmentContext:
    country: CountryContext | None = None
    # countries of intermediaries, by ISO code, when known
    other_countries: tuple[CountryContext, ...] = ()
    screening: ScreeningOutcome = NOT_SCREENED
    misuse: tuple[MisuseMatch, ...] = ()
    # name -> version of each dataset that produced the context (for report.versions.data)
    data_versions: tuple[tuple[str, str], ...] = field(default=())
    # post-sale signals recorded on the case: each makes its kind's red flags true
    signals: tuple[Signal, ...] = ()
