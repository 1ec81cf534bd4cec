"""The methodology section of the transparency report: what is counted, the period's boundaries,
the suppression rule and what is not published, with the sources the report is modelled on.

The text is data in the report (JSON carries it; Markdown, HTML and PDF print it), so a reader of
any format reads the same rules.
"""

from typing import Any

from hrdd.transparency.period import Period
from hrdd.transparency.suppression import THRESHOLD

SOURCES: tuple[dict[str, str], ...] = (
    {"id": "eu.2021_821.art26",
     "title": "Regulation (EU) 2021/821 (Dual-Use Regulation), Article 26(2): the public annual report on "
              "authorisations by types of items and destinations, denials and prohibitions",
     "url": "https://eur-lex.europa.eu/eli/reg/2021/821/oj"},
    {"id": "eu.reco_2024_214",
     "title": "Commission Recommendation (EU) 2024/214 of 10 January 2024: guidelines on the methodology for "
              "gathering and processing data for the annual report on dual-use export controls",
     "url": "http://data.europa.eu/eli/reco/2024/214/oj"},
    {"id": "eu.com_2025_19",
     "title": "COM(2025) 19 final: Report from the Commission on the implementation of Regulation (EU) 2021/821 "
              "(2022 licensing data, first report under the Regulation)",
     "url": "https://policy.trade.ec.europa.eu/news/report-highlights-eus-approach-export-controls-dual-use-items-2025-01-31_en"},
    {"id": "rdr.g6a",
     "title": "Ranking Digital Rights, indicator G6(a) Remedy: timeframes of grievance procedures, the number of "
              "complaints received and evidence of remedy",
     "url": "https://rankingdigitalrights.org/knowledge-center/g6a-remedy/"},
    {"id": "rdr.p11a",
     "title": "Ranking Digital Rights, indicator P11(a): data broken down by country and by outcome, published at "
              "least once a year and exportable as a structured data file",
     "url": "https://rankingdigitalrights.org/knowledge-center/p11a-data-about-government-demands-for-user-information"},
)


def methodology(period: Period) -> list[dict[str, Any]]:
    first, last = period.first_day.isoformat(), period.last_day.isoformat()
    return [
        {"heading": "What is counted", "paragraphs": [
            ("A transaction is a case whose decision was approved by a second person (maker-checker) in the "
            "period. It counts once, with the outcome of its latest decision approved in the period: proceed, "
            "proceed with conditions, escalated (referred to a higher level of the company) or declined (do not "
            "proceed). Capability category, end user kind and country are read from the case as it stood when "
            "that decision was proposed; the region is the UN M49 region of the end user's country."),
            ("Conditions imposed are the conditions (safeguards with an owner and a due date) recorded on the "
            "transactions decided in the period with an outcome of proceed or proceed with conditions, one per "
            "safeguard and transaction."),
            ("Engagements suspended or terminated are the approved sales whose case moved into the suspended or "
            "the terminated state in the period, read from the audited state changes."),
            ("Re-screening hits are the alerts raised in the period when a sanctions or export-control list update "
            "matched a party of a monitored transaction."),
            ("Grievances are the concerns received through the public grievance channel in the period, by the "
            "right they are about, with their status when the figures were drawn and whether their receipt was "
            "acknowledged within the deadline."),
        ]},
        {"heading": "Period", "paragraphs": [
            (f"The period {period.id} runs from {first} 00:00 UTC to {last} 24:00 UTC. An event counts in the "
            "period in which it was recorded (decision approved, state changed, alert raised, grievance "
            "received), whatever the date of the transaction."),
        ]},
        {"heading": "Suppression of small counts", "paragraphs": [
            (f"A count from 1 to {THRESHOLD - 1} is shown as <{THRESHOLD}, so that no customer, transaction or "
            "reporter can be identified. Zero is shown as 0: it says that nothing happened, which identifies "
            "nobody."),
            ("Where a <5 could be worked out from the totals and the other cells of its table, further cells are "
            f"withheld and shown as x (each holds {THRESHOLD} or more): no suppressed cell can be recovered by "
            "subtraction, nor by combining the sums with what the marks say (1 to 4 for <5, 5 or more for x). "
            "Small counts and the cheapest complements are chosen first and totals last; a table no pattern can "
            f"protect is withheld entirely. When fewer than {THRESHOLD} transactions were decided, or fewer than "
            f"{THRESHOLD} grievances received, their breakdowns beyond the first table are withheld."),
        ]},
        {"heading": "What is not published", "paragraphs": [
            ("No customer, end user, intermediary, country, case, person, reporter or employee is named, and no "
            "value of a contract is given. Countries are grouped into regions. The content of grievances, the "
            "names screened and the lists' entries are not published. Transactions assessed but not decided in "
            "the period are not counted."),
        ]},
        {"heading": "Versions and sources", "paragraphs": [
            ("The report names the version of this method, of hrdd, of the assessment engine and of the catalogue "
            "used by the decisions counted, and the sanctions and export-control list versions in force at the "
            "end of the period. A published report is a fixed snapshot with its SHA-256 digest; it is approved by "
            "a person other than the one who proposed it."),
            ("The tables follow the public annual report on dual-use export controls of the European Union "
            "(authorisations and denials by type of item and destination) and what Ranking Digital Rights asks "
            "companies to disclose about grievances and remedy and about demands, by country and outcome, at "
            "least once a year and as structured data."),
        ], "sources": list(SOURCES)},
    ]
