"""What the documented-misuse records that matched the end user establish (method v2).

Each matched record weighs between 0 and 1, the product of:

* **age**: 1 when its latest documented year is at most 5 years before the case date, 0.5 up
  to 10 years, 0.25 beyond; a record documented in two or more distinct years is a
  repeated pattern and does not decay;
* **outcome**: a confirmed record counts fully; a contested one (an official inquiry or court
  disputed the allegation) and a remedied one (the body was held to account) count half, and
  are shown as such;
* **source quality**: official (court, UN, official inquiry) and forensic research count
  fully; media 0.75; a blog 0.5.

A record is **documented misuse of a category** when it is confirmed or remedied, verified
(official or forensic source), weighs at least 0.5, matched with a score of at least 0.9, and
names a capability category of the case: the case where no buyer promise is credited and the
red line can apply.
"""

from dataclasses import dataclass

from hrdd.model import AssessmentContext, MisuseMatch, MisuseRecord
from hrdd.model.misuse import Outcome, SourceQuality

RECENT_YEARS = 5
OLD_YEARS = 10
OUTCOME_WEIGHT: dict[Outcome, float] = {"confirmed": 1.0, "contested": 0.5, "remedied": 0.5}
QUALITY_WEIGHT: dict[SourceQuality, float] = {"official": 1.0, "forensic": 1.0, "media": 0.75, "blog": 0.5}
DOCUMENTED_WEIGHT = 0.5
DOCUMENTED_SCORE = 0.9


@dataclass(frozen=True, slots=True)
class RecordWeight:
    record: MisuseRecord
    party: str
    score: float
    weight: float
    reasons: tuple[str, ...]
    documents: tuple[str, ...]  # the case's capability categories it documents misuse of


@dataclass(frozen=True, slots=True)
class MisuseEvidence:
    records: tuple[RecordWeight, ...]

    @property
    def strength(self) -> float:
        """The weight of the strongest record (0 when none matched)."""
        return max((r.weight for r in self.records), default=0.0)

    @property
    def documented_categories(self) -> tuple[str, ...]:
        return tuple(sorted({c for r in self.records for c in r.documents}))

    @property
    def contested(self) -> bool:
        return any(r.record.outcome == "contested" for r in self.records)


def weigh_record(match: MisuseMatch, year: int, categories: set[str]) -> RecordWeight:
    record = match.record
    years = record.years or (record.year,)
    age = year - max(years)
    reasons: list[str] = []
    age_weight = 1.0
    if len(set(years)) >= 2:
        reasons.append(f"documented in {len(set(years))} years ({min(years)}-{max(years)}): a repeated pattern, "
                       "no decay with age")
    elif age > OLD_YEARS:
        age_weight = 0.25
        reasons.append(f"last documented {max(years)}, {age} years before the case: x0.25")
    elif age > RECENT_YEARS:
        age_weight = 0.5
        reasons.append(f"last documented {max(years)}, {age} years before the case: x0.5")
    outcome = OUTCOME_WEIGHT.get(record.outcome, 1.0)
    if outcome < 1:
        reasons.append(f"outcome {record.outcome}: x{outcome:g}")
    quality = QUALITY_WEIGHT.get(record.quality, 0.5)
    reasons.append(f"best source: {record.quality}" + (f" x{quality:g}" if quality < 1 else " (verified)"))
    weight = round(age_weight * outcome * quality, 3)
    documents: tuple[str, ...] = ()
    if (record.outcome != "contested" and record.verified and weight >= DOCUMENTED_WEIGHT
            and match.score >= DOCUMENTED_SCORE):
        documents = tuple(sorted(set(record.categories) & categories))
    return RecordWeight(record=record, party=match.party, score=match.score, weight=weight,
                        reasons=tuple(reasons), documents=documents)


def weigh_misuse(context: AssessmentContext, year: int, categories: set[str]) -> MisuseEvidence:
    """The matched records, each weighed, strongest first."""
    weighed = [weigh_record(m, year, categories) for m in context.misuse]
    weighed.sort(key=lambda r: (-r.weight, -r.score, r.record.id))
    return MisuseEvidence(records=tuple(weighed))


def describe(weight: RecordWeight) -> str:
    record = weight.record
    period = (f"{min(record.years)}-{max(record.years)}" if record.years and min(record.years) != max(record.years)
              else str(record.year))
    categories = ", ".join(record.categories) or "category not recorded"
    return (f"{record.name} ({weight.party}, match score {weight.score:.2f}; {categories}; {period}; "
            f"{record.outcome}; weight {weight.weight:g}: {'; '.join(weight.reasons)}): {record.summary} "
            f"{primary_sources_text(record)}")


def primary_sources_text(record: MisuseRecord) -> str:
    """The record's primary sources in one sentence, or why it has none (shown with every use of it)."""
    if not record.primary_sources:
        return f"Primary sources: none identified ({record.primary_note or 'it rests on reporting'})."
    listed = "; ".join(f"{title} ({kind}{'' if opened else ', identified through reporting, not opened'})"
                       for title, _url, kind, opened in record.primary_sources)
    return f"Primary sources: {listed}."
