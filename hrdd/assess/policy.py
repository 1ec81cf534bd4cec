"""The recommendation policy (method v2), driven by ``catalog.policy``. Read top to bottom:

1. **Hard stops -> do_not_proceed.** A party confirmed on, or matching with a score of at
   least ``strong_hit_score`` (``tuning.py``), a sanctions or export-control list; a destination
   (or an intermediary's country or region) under a measure that prohibits the sale for the
   seller's jurisdiction (a prohibited destination, ``legal.py``); ``targeting_protected_groups``
   true, or any fact or derived flag marked ``hard_stop`` that is true.
2. **Red lines -> do_not_proceed** (``redlines.py``): critical inherent severity with
   documented misuse of the same category by this end user, or a company red line.
3. **Unmitigable -> do_not_proceed.** When even every applicable safeguard, credited by who
   enforces it (``credit.py``), leaves the projected residual at or beyond
   ``policy.do_not_proceed_at``. Contract safeguards are not offered as conditions when
   ``contract_safeguards_rejected`` is true.
4. **Never passed silently -> at least escalate** (``escalation: review``): a screening hit no
   reviewer has judged ``no_match``; a measure on the destination that needs legal review
   (``legal.py``).
5. **Out of scope -> proceed**, with the scope reasons (unless 1, 2 or 4 applies).
6. **Risk -> escalate** (``escalation: risk``): residual risk at or beyond
   ``policy.escalate_at``; no set of safeguards brings it within ``policy.appetite``; or
   documented misuse of the same category by this end user (a second reviewer always decides).
7. **Incomplete -> escalate** (``escalation: incomplete``, ``completeness.py``): a required
   question is open. The report lists what to ask and whom.
8. **Otherwise:** ``proceed`` when the residual with implemented safeguards alone is within
   the appetite, else ``proceed_with_conditions``. The conditions are chosen greedily among
   the applicable safeguards not yet implemented: first those already committed (planned or
   agreed), then new ones; within each group the largest credited reduction first, then by id;
   until the projected residual (all conditions implemented) is within the appetite. A
   candidate that would not lower the rounded score is skipped, not the end of the search.
"""

from dataclasses import dataclass

from hrdd.assess.legal import legal_stops, ownership_stops
from hrdd.assess.likelihood import is_strong_hit, open_hits
from hrdd.assess.residual import Weighing, applied_safeguard, mitigations, present_items, reduce, within
from hrdd.assess.result import AppliedSafeguard, Completeness, Escalation, FlagResult, RiskScore, ScopeResult
from hrdd.assess.tuning import tuning_of
from hrdd.catalog.registry import Catalog
from hrdd.model import AssessmentContext, Case, Hit, Recommendation, RiskLevel, SafeguardStatus

ORDER = (Recommendation.PROCEED, Recommendation.PROCEED_WITH_CONDITIONS, Recommendation.ESCALATE,
         Recommendation.DO_NOT_PROCEED)
RESTRICTIVE_SOURCES = frozenset({"ofac-sdn", "ofac-cons", "us-csl", "bis-dpl", "un-sc", "uk-sanctions", "eu-fsf"})
RESTRICTIVE_TOPICS = frozenset({"sanction", "sanction.linked", "export.control"})
PROTECTED_GROUPS = "targeting_protected_groups"
CONTRACT_REFUSED = "contract_safeguards_rejected"


@dataclass(frozen=True, slots=True)
class Decision:
    recommendation: Recommendation
    reasons: tuple[str, ...]
    conditions: tuple[AppliedSafeguard, ...]
    projected: RiskScore
    hard_stops: tuple[str, ...]
    escalation: Escalation | None = None
    red_lines: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Inputs:
    """What the policy reads besides the case and the catalogue (one record keeps signatures short)."""

    context: AssessmentContext
    scope: ScopeResult
    flags: tuple[FlagResult, ...]
    inherent: RiskScore
    residual: RiskScore
    current: tuple[AppliedSafeguard, ...]
    weighing: Weighing
    red_lines: tuple[str, ...]
    completeness: Completeness


def escalates_when_unscreened(catalog: Catalog) -> bool:
    """Whether the policy escalates every in-scope case that was not screened (off by default).

    A future ``Policy.escalate_when_unscreened`` field switches it on (``tuning.py``); until
    then the gap is a finding, a question and a stated reason.
    """
    return bool(tuning_of(catalog).escalate_when_unscreened)


def is_restrictive_list(hit: Hit) -> bool:
    """A sanctions or export-control listing (not, say, a politically exposed person)."""
    return hit.source in RESTRICTIVE_SOURCES or bool(RESTRICTIVE_TOPICS & set(hit.topics))


def hard_stops(case: Case, catalog: Catalog, context: AssessmentContext, flags: tuple[FlagResult, ...]) -> list[str]:
    stops: list[str] = []
    for hit in open_hits(context):
        if is_strong_hit(hit, tuning_of(catalog)) and is_restrictive_list(hit):
            how = "confirmed by a reviewer" if hit.judgement == "match" else f"match score {hit.score:.2f}"
            stops.append(f"the {hit.party.replace('_', ' ')} matches {hit.source} entry {hit.entry_id} "
                         f"({hit.name}; {how})")
    stops += [stop.describe() for stop in legal_stops(case, catalog, context) if stop.effect == "prohibited"]
    stops += [stop.describe() for stop in ownership_stops(case, context) if stop.effect == "prohibited"]
    for flag in flags:
        if flag.status == "true" and (flag.hard_stop or flag.id == PROTECTED_GROUPS):
            stops.append(f"red flag {flag.id}: {flag.title}")
    return stops


def soft_embargoes(case: Case, catalog: Catalog, context: AssessmentContext | None = None) -> list[str]:
    """Measures on a party's destination, and owners, that may reach the sale: escalate for legal review."""
    found = [stop.describe() for stop in legal_stops(case, catalog, context) if stop.effect == "review"]
    if context is not None:
        found += [stop.describe() for stop in ownership_stops(case, context) if stop.effect == "review"]
    return found


def choose_conditions(case: Case, catalog: Catalog, flags: tuple[FlagResult, ...], inherent: RiskScore,
                      current: tuple[AppliedSafeguard, ...], weighing: Weighing | None = None
                      ) -> tuple[tuple[AppliedSafeguard, ...], RiskScore]:
    """Greedy conditions and the residual once they and the implemented safeguards are in place."""
    policy = catalog.policy
    implemented = [s for s in current if s.status == "implemented"]
    projected = reduce(inherent, implemented, policy)
    if within(projected.level, policy.appetite):
        return (), projected
    statuses = {s.id: s for s in current}
    present, mitigated = present_items(case, flags), mitigations(catalog, flags)
    # a customer who refused human-rights clauses, audit or termination rights will not sign them
    refused = any(f.id == CONTRACT_REFUSED and f.status == "true" for f in flags)
    done_factor = dict(policy.status_factor).get(SafeguardStatus.IMPLEMENTED, 1.0)
    candidates: list[AppliedSafeguard] = []
    for sid in sorted(catalog.safeguards):
        mine = statuses.get(sid)
        if mine is not None and mine.status == "implemented":
            continue
        item = applied_safeguard(sid, "proposed", mine.note if mine else "", catalog, present, mitigated, True,
                                 weighing)
        if item.applies and not (refused and item.kind == "contract"):
            status = mine.status if mine else "proposed"
            candidates.append(AppliedSafeguard(
                id=item.id, title=item.title, step=item.step, kind=item.kind, status=status,
                reduction=item.reduction, factor=done_factor, applies=True, addresses=item.addresses,
                clause=item.clause, note=item.note, enforced_by=item.enforced_by, credit=item.credit,
                credit_reason=item.credit_reason))
    candidates = [c for c in candidates if c.credit > 0]
    candidates.sort(key=lambda s: (s.status == "proposed", -s.reduction * s.credit, s.id))
    chosen: list[AppliedSafeguard] = []
    for cand in candidates:
        if within(projected.level, policy.appetite):
            break
        trial = reduce(inherent, [*implemented, *chosen, cand], policy)
        if trial.score >= projected.score:
            # no lower once rounded (a promise credited near nothing) or the cap on mitigation is reached:
            # try the next rather than stop, so that committing to a weak safeguard never hides a strong one
            continue
        chosen.append(cand)
        projected = trial
    return tuple(chosen), projected


def decide(case: Case, catalog: Catalog, given: Inputs) -> Decision:
    policy = catalog.policy
    context, scope, flags, residual = given.context, given.scope, given.flags, given.residual
    stops = hard_stops(case, catalog, context, flags)
    conditions, projected = choose_conditions(case, catalog, flags, given.inherent, given.current, given.weighing) \
        if scope.in_scope else ((), residual)
    relationship = ("this is an existing relationship: suspend deliveries, updates and services, and plan to end it "
                    "responsibly, weighing the impact of ending it (UNGP 19)")
    if stops or given.red_lines:
        stop_reasons = [f"hard stop: {s}" for s in stops] + [f"red line: {r}" for r in given.red_lines]
        if case.transaction.existing_relationship:
            stop_reasons.append(relationship)
        # nothing mitigates a hard stop or a red line: no conditions are offered
        return Decision(Recommendation.DO_NOT_PROCEED, tuple(stop_reasons), (), residual, tuple(stops),
                        red_lines=given.red_lines)
    limit = policy.do_not_proceed_at
    if scope.in_scope and limit is not None and projected.level.rank >= RiskLevel(limit).rank:
        why = [(f"no mitigation available: even with every applicable safeguard residual risk stays "
               f"{projected.level.value} ({projected.score}), at or beyond {limit}; without leverage to prevent "
               f"a severe impact, refrain from the transaction (UNGP 19)")]
        if any(f.id == CONTRACT_REFUSED and f.status == "true" for f in flags):
            why.append("the customer refused contractual safeguards, so none could be made a condition")
        if case.transaction.existing_relationship:
            why.append(relationship)
        return Decision(Recommendation.DO_NOT_PROCEED, tuple(why), (), projected, ())
    reasons: list[str] = []
    review = [f"screening hit not cleared: {h.party.replace('_', ' ')} ~ {h.source} entry {h.entry_id} "
              f"(score {h.score:.2f}, {h.judgement or 'not reviewed'})" for h in open_hits(context)]
    review += soft_embargoes(case, catalog, context)
    reasons += review
    if not context.screening.performed and not escalates_when_unscreened(catalog):
        reasons.append("restricted-party screening was not performed: screen every party before signing")
    if not scope.in_scope:
        reasons.append("out of scope of the guidance: " + "; ".join(scope.reasons))
        rec = Recommendation.ESCALATE if review else Recommendation.PROCEED
        return Decision(rec, tuple(reasons), (), projected, (), "review" if review else None)
    risk = _risk_escalations(catalog, given, projected)
    open_ids = [q.id.removeprefix("fact:") for q in given.completeness.open]
    incomplete = [(f"incomplete: {len(open_ids)} question(s) the case cannot be decided without are open "
                  f"({', '.join(open_ids)}); the report lists what to ask and whom")] if open_ids else []
    if risk or incomplete or review:
        kind: Escalation = "risk" if risk else "review" if review else "incomplete"
        return Decision(Recommendation.ESCALATE, tuple(reasons + risk + incomplete), conditions, projected, (), kind)
    if conditions:
        reasons.append(f"residual risk can be brought to {projected.level.value} ({projected.score}), within the "
                       f"appetite ({policy.appetite}), with {len(conditions)} condition(s)")
        return Decision(Recommendation.PROCEED_WITH_CONDITIONS, tuple(reasons), conditions, projected, ())
    reasons.append(f"residual risk {projected.level.value} ({projected.score}) with the implemented safeguards "
                   f"is within the appetite ({policy.appetite})")
    return Decision(Recommendation.PROCEED, tuple(reasons), conditions, projected, ())


def _risk_escalations(catalog: Catalog, given: Inputs, projected: RiskScore) -> list[str]:
    policy = catalog.policy
    found: list[str] = []
    if given.residual.level.rank >= RiskLevel(policy.escalate_at).rank:
        found.append(f"residual risk is {given.residual.level.value} ({given.residual.score}), at or beyond the "
                     f"escalation level {policy.escalate_at}")
    if not within(projected.level, policy.appetite):
        found.append(f"no available safeguard brings residual risk within the appetite ({policy.appetite}); "
                     f"best reachable is {projected.level.value} ({projected.score})")
    same = given.weighing[0].same_category_misuse
    if same:
        found.append(f"documented misuse of the same category of technology ({', '.join(same)}) by this end user: "
                     "its promises count for nothing, and a second reviewer decides")
    return found
