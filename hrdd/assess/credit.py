"""How much a safeguard is worth, given who enforces it, the buyer's record and the seller's leverage.

Method v2 (docs/method.md, "Residual risk"):

* a **seller-enforced technical control** (``enforced_by: seller_control``, kind product) and a
  **verification right** count fully;
* a right the seller exercises through the contract (seller_control, kind contract: suspend
  updates and support, terminate) is worth the seller's **leverage**;
* a **buyer's promise** is worth the leverage times the buyer's **record**: each weakness
  multiplies the credit (documented or reported misuse ``promise_credit_misuse``; no
  independent oversight ``promise_credit_no_oversight``; an intelligence or security body
  ``promise_credit_security_body``; weak rule of law, country risk at least
  ``high_risk_country`` or unknown, ``promise_credit_weak_rule_of_law``); documented misuse of
  the same category of technology by this end user makes it worth nothing.

Leverage (UNGP 19): **strong** when the seller keeps control through a remote service (SaaS,
remote vendor access) or ongoing maintenance or renewal; **moderate** for a licence, services,
training or an existing relationship; **weak** for a one-off sale.
"""

from dataclasses import dataclass

from hrdd.assess.evidence import MisuseEvidence
from hrdd.assess.result import FlagResult, LeverageLevel
from hrdd.assess.tuning import Tuning
from hrdd.catalog.registry import Catalog
from hrdd.model import AssessmentContext, Case

REMOTE = frozenset({"saas", "maintenance", "renewal"})
ONGOING = frozenset({"licence", "services", "training"})


@dataclass(frozen=True, slots=True)
class Leverage:
    level: LeverageLevel
    credit: float
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class BuyerRecord:
    credit: float  # what a buyer's promise is worth, 0..1, before leverage
    reasons: tuple[str, ...]  # each discount, explained
    same_category_misuse: tuple[str, ...]  # documented misuse categories of this case


def assess_leverage(case: Case, tuning: Tuning) -> Leverage:
    kind = case.transaction.kind.value
    if kind in REMOTE or "remote_vendor_access" in case.features:
        why = "remote vendor access to the product" if "remote_vendor_access" in case.features else \
            f"a {kind} keeps the seller's service running"
        return Leverage("strong", 1.0, (f"strong: {why}; the seller can suspend or disable it",))
    if kind in ONGOING or case.transaction.existing_relationship:
        why = "an existing relationship" if case.transaction.existing_relationship else f"a {kind} with ongoing support"
        return Leverage("moderate", tuning.leverage_credit_moderate,
                        (f"moderate: {why}; updates and support can be withheld (x{tuning.leverage_credit_moderate:g})",))
    return Leverage("weak", tuning.leverage_credit_weak,
                    ((f"weak: a one-off {kind} with no ongoing service; after delivery the seller can do little "
                     f"(x{tuning.leverage_credit_weak:g})"),))


def assess_buyer_record(case: Case, catalog: Catalog, context: AssessmentContext, flags: tuple[FlagResult, ...],
                        misuse: MisuseEvidence, tuning: Tuning) -> BuyerRecord:
    status = {f.id: f.status for f in flags}
    credit = 1.0
    reasons: list[str] = []
    same = misuse.documented_categories if status.get("end_user_record_of_misuse") == "true" else ()
    if same:
        return BuyerRecord(0.0, ((f"documented misuse of the same category of technology ({', '.join(same)}) by "
                                 "this end user: its promises are worth nothing"),), same)
    if status.get("end_user_record_of_misuse") == "true":
        credit *= tuning.promise_credit_misuse
        reasons.append(f"a record of misuse (x{tuning.promise_credit_misuse:g})")
    if status.get("no_independent_oversight") == "true":
        credit *= tuning.promise_credit_no_oversight
        reasons.append(f"no independent oversight of its surveillance (x{tuning.promise_credit_no_oversight:g})")
    sector = catalog.sectors.get(case.end_user.sector)
    if sector is not None and sector.security_body:
        credit *= tuning.promise_credit_security_body
        reasons.append(f"an intelligence or security body, {sector.title.lower()} "
                       f"(x{tuning.promise_credit_security_body:g})")
    risk = context.country.risk if context.country else None
    if risk is None or risk >= tuning.high_risk_country:
        credit *= tuning.promise_credit_weak_rule_of_law
        why = "no country data" if risk is None else f"country risk {risk:.2f}"
        reasons.append(f"weak or unknown rule of law, {why} (x{tuning.promise_credit_weak_rule_of_law:g})")
    return BuyerRecord(round(credit, 4), tuple(reasons), ())


def safeguard_credit(enforced_by: str, kind: str, record: BuyerRecord, leverage: Leverage) -> tuple[float, str]:
    """(credit 0..1, why) for one safeguard."""
    if enforced_by == "verification":
        return 1.0, "a verification right: full credit"
    if enforced_by == "seller_control" and kind != "contract":
        return 1.0, "a technical control the seller enforces: full credit"
    if enforced_by == "seller_control":
        return leverage.credit, f"a right the seller exercises, worth its leverage ({leverage.level})"
    credit = round(record.credit * leverage.credit, 4)
    parts = list(record.reasons) + ([f"leverage {leverage.level} (x{leverage.credit:g})"] if leverage.credit < 1 else [])
    return credit, "a buyer's promise" + (": " + "; ".join(parts) if parts else ": full credit")
