"""The seller's involvement in the potential harm and what the guidance expects (UNGP 13, 19).

* **cause**: the seller itself would carry out the surveillance or the targeting (it is asked
  for operational or targeting support, and the transaction includes services or training);
* **contribute**: the seller supplies the means and knows, or should know, the risk (a red
  flag or a misuse record is true, or the product is covert), or keeps facilitating use through
  a remote service, maintenance or vendor access;
* **directly linked**: the harm would come through the product without such contribution, for
  example after a transfer by an intermediary.

The action follows UNGP 19 and its commentary: cease or prevent what the seller would cause;
cease the contribution and use leverage to mitigate the rest; use and increase leverage when
directly linked, and consider ending the relationship when leverage cannot be increased.
"""

from dataclasses import replace

from hrdd.assess.credit import BuyerRecord, Leverage
from hrdd.assess.result import Finding, FlagResult, Involvement, InvolvementMode
from hrdd.catalog.registry import Catalog
from hrdd.model import Case, RiskLevel

ACTIONS: dict[InvolvementMode, str] = {
    "cause": "Cease or prevent: do not supply the services that would carry out the surveillance or targeting, "
             "and remove the capability that enables it (UNGP 19).",
    "contribute": "Cease or prevent the contribution (remove or lock the capabilities at issue, keep control of "
                  "remote services) and use leverage to mitigate any remaining impact: technical controls first, "
                  "then verification rights, then contract terms (UNGP 19).",
    "directly_linked": "Use leverage to prevent or mitigate the impact, and increase it (flow-down clauses, "
                       "verification, suspension rights); where leverage cannot be increased, consider ending the "
                       "relationship, weighing the impact of doing so (UNGP 19 commentary).",
}
SERVICE_KINDS = frozenset({"services", "training", "saas", "maintenance"})


def assess_involvement(case: Case, catalog: Catalog, flags: tuple[FlagResult, ...], record: BuyerRecord,
                       leverage: Leverage) -> Involvement:
    status = {f.id: f.status for f in flags}
    kind = case.transaction.kind.value
    reasons: list[str] = []
    mode: InvolvementMode
    if status.get("targeting_support_requested") == "true" and (kind in SERVICE_KINDS or kind == "licence"):
        mode = "cause"
        reasons.append("the customer asks for operational or targeting support, which the seller's own staff "
                       "would provide")
    else:
        true_flags = sorted(f.id for f in flags if f.status == "true" and f.likelihood > 0)
        covert = any(catalog.capabilities[c].covert for c in case.capabilities if c in catalog.capabilities)
        remote = kind in SERVICE_KINDS or "remote_vendor_access" in case.features
        if true_flags:
            reasons.append(f"red flags are known ({', '.join(true_flags)}): the seller would supply the means "
                           "knowing the risk")
        if covert:
            reasons.append("the product is inherently covert, so its foreseeable use is surveillance of persons")
        if remote:
            reasons.append("the seller keeps facilitating use through services, maintenance or remote access")
        mode = "contribute" if reasons else "directly_linked"
        if not reasons:
            reasons.append("no red flag is known and the seller provides no ongoing service: any harm would come "
                           "through the product without the seller's further contribution")
    return Involvement(mode=mode, reasons=tuple(reasons), leverage=leverage.level,
                       leverage_reasons=leverage.reasons, action=ACTIONS[mode], buyer_record=record.reasons,
                       promise_credit=record.credit)


def mark_findings(findings: tuple[Finding, ...], involvement: Involvement) -> tuple[Finding, ...]:
    """Each risk finding (medium or above) with the seller's involvement in the harm it describes."""
    marked: list[Finding] = []
    for finding in findings:
        if finding.kind in ("risk", "hit") and finding.level.rank >= RiskLevel.MEDIUM.rank:
            mode = involvement.mode
            if finding.step == "third_parties" and mode != "cause":
                mode = "directly_linked"  # a transfer by an intermediary is outside the seller's own conduct
            finding = replace(finding, involvement=mode)
        marked.append(finding)
    return tuple(marked)
