"""A small, complete test catalogue built from the spec models, and builders for cases.

The shipped catalogue is written elsewhere; these items are realistic but compact, so the
engine's tests do not depend on its exact weights. Citations use the clause ids the shipped
frameworks file uses (ungp.*, state2020.*, eu2021_821.*).
"""

import dataclasses
from datetime import date
from typing import Any

from hrdd.catalog.registry import Catalog
from hrdd.catalog.spec import (
    Capability,
    Clause,
    Condition,
    DerivedFlag,
    Embargo,
    EndUserKindItem,
    Fact,
    Feature,
    Framework,
    FrameworkClause,
    IntermediaryRole,
    LawCategory,
    Policy,
    Purpose,
    Right,
    Safeguard,
    Scale,
    Sector,
    Severity,
    SeverityUplift,
    Step,
    Term,
)
from hrdd.model import (
    AssessmentContext,
    Case,
    CountryContext,
    EndUse,
    EndUser,
    EndUserKind,
    Figure,
    Hit,
    Intermediary,
    LawOfConcern,
    ListInfo,
    Product,
    SafeguardStatus,
    ScreeningOutcome,
    Seller,
    Transaction,
    Tristate,
)
from hrdd.model import Safeguard as CaseSafeguard

CASE_DATE = date(2026, 11, 29)


def _by_id(items: list[Any]) -> dict[str, Any]:
    return {item.id: item for item in items}


def _frameworks() -> list[Framework]:
    ungp = [FrameworkClause(id=f"ungp.{n}", label=f"UNGP {n}", title=title, summary=title, provenance="R",
                            url="https://www.ohchr.org/sites/default/files/documents/publications/guidingprinciplesbusinesshr_en.pdf")
            for n, title in ((13, "Cause, contribute, directly linked"), (14, ("Severity: scale, scope, "
                             "irremediable character")), (17, "Human rights due diligence"), (18, ("Identify and "
                             "assess impacts")), (19, "Integrate and act; leverage"), (21, "Communicate"),
                             (24, "Prioritise the most severe"), (29, "Operational grievance mechanisms"))]
    state = [FrameworkClause(id=f"state2020.step{n}", label=f"State 2020 step {n}", title=f"Step {n}",
                             summary=f"Guidance due-diligence step {n}", provenance="R",
                             url="https://www.state.gov/key-topics-bureau-of-democracy-human-rights-and-labor/"
                                 "due-diligence-guidance/") for n in range(1, 10)]
    state.append(FrameworkClause(id="state2020.red_flags", label="State 2020 red flags", title="Red flags",
                                 summary="Red flags checklist", provenance="R"))
    eu = [FrameworkClause(id="eu2021_821.art5", label="EU 2021/821 art. 5", title="Cyber-surveillance items",
                          summary="Catch-all control for non-listed cyber-surveillance items", provenance="S",
                          url="https://eur-lex.europa.eu/eli/reg/2021/821/oj")]
    return [Framework(id="ungp", title="UN Guiding Principles", url="https://www.ohchr.org", clauses=tuple(ungp)),
            Framework(id="state2020", title="State Department guidance 2020", url="https://www.state.gov",
                      clauses=tuple(state)),
            Framework(id="eu2021_821", title="Regulation (EU) 2021/821", url="https://eur-lex.europa.eu",
                      clauses=tuple(eu))]


STEP_ORDER = ("export_controls", "capabilities", "end_user", "country_laws", "end_use", "third_parties",
              "product_tailoring", "contract_safeguards", "grievance_mechanism", "public_reporting")


def _steps() -> list[Step]:
    guidance = {"capabilities": 1, "end_user": 2, "country_laws": 3, "end_use": 4, "third_parties": 5,
                "product_tailoring": 6, "contract_safeguards": 7, "grievance_mechanism": 8, "public_reporting": 9}
    steps = []
    for order, sid in enumerate(STEP_ORDER, start=1):
        cites = (f"state2020.step{guidance[sid]}",) if sid in guidance else ("eu2021_821.art5",)
        steps.append(Step(id=sid, step=sid, order=order, title=sid.replace("_", " ").capitalize(),
                          explanation=f"The {sid.replace('_', ' ')} step.", citations=cites, ungp=("ungp.17",),
                          reconstructed=True))
    return steps


def _cap(cid: str, category: str, sev: tuple[int, int, int], covert: bool = False) -> Capability:
    return Capability(id=cid, title=cid.replace("_", " ").capitalize(), explanation=f"{cid} test capability.",
                      category=category, misuse_vectors=("identify people at protests",), rights=("privacy",),  # type: ignore[arg-type]
                      severity=Severity(scale=sev[0], scope=sev[1], irremediability=sev[2]), covert=covert,
                      citations=("state2020.step1",))


def _feature(fid: str, up: tuple[int, int, int], covert: bool = False) -> Feature:
    return Feature(id=fid, title=fid.replace("_", " ").capitalize(), explanation=f"{fid} test feature.",
                   misuse_vectors=("scale surveillance",), rights=("privacy",), covert=covert,
                   uplift=SeverityUplift(scale=up[0], scope=up[1], irremediability=up[2]))


FACTS: tuple[tuple[str, str, float, float, bool, tuple[str, ...]], ...] = (
    # id, step, likelihood_true, likelihood_unknown, hard_stop, mitigated_by
    ("end_user_record_of_misuse", "end_user", 2.0, 0.6, False, ("post_sale_monitoring",)),
    ("end_use_statement_refused", "end_use", 1.5, 0.3, False, ("end_use_certificate",)),
    ("end_use_inconsistent", "end_use", 1.0, 0.3, False, ()),
    ("covert_features_requested", "capabilities", 1.0, 0.2, False, ("capability_limitation",)),
    ("safeguards_removal_requested", "product_tailoring", 1.5, 0.2, False, ("audit_logging",)),
    ("targeting_protected_groups", "end_use", 3.0, 0.5, True, ()),
    ("integration_mass_surveillance", "end_use", 1.0, 0.3, False, ("usage_limits",)),
    ("unusual_routing_or_payment", "third_parties", 1.0, 0.2, False, ()),
    ("intermediary_opaque", "third_parties", 1.0, 0.3, False, ("no_retransfer",)),
    ("contract_safeguards_rejected", "contract_safeguards", 1.5, 0.2, False, ()),
    ("secrecy_demanded", "contract_safeguards", 0.5, 0.1, False, ()),
    ("recent_crackdown", "country_laws", 1.0, 0.3, False, ()),
    ("no_independent_oversight", "country_laws", 1.0, 0.5, False, ("human_review_required",)),
    ("targeting_support_requested", "end_use", 1.5, 0.2, False, ()),
    ("diversion_history", "third_parties", 1.5, 0.3, False, ("no_retransfer",)),
)

SAFEGUARDS: tuple[tuple[str, str, str, float, tuple[str, ...], str | None], ...] = (
    # id, kind, step, reduction, addresses, clause
    ("capability_limitation", "product", "product_tailoring", 0.3,
     ("facial_recognition", "intrusion_software", "real_time_identification", "bulk_collection"), None),
    ("audit_logging", "product", "product_tailoring", 0.15, ("facial_recognition", "video_analytics",
                                                              "licence_plate_recognition", "intrusion_software"), None),
    ("access_controls", "product", "product_tailoring", 0.1, ("video_analytics", "facial_recognition"), None),
    ("human_review_required", "product", "product_tailoring", 0.15, ("real_time_identification",), None),
    ("usage_limits", "product", "product_tailoring", 0.1, ("bulk_collection",), None),
    ("human_rights_clause", "contract", "contract_safeguards", 0.15, (), "hr_clause"),
    ("end_use_restriction", "contract", "contract_safeguards", 0.2, ("facial_recognition", "intrusion_software",
                                                                      "licence_plate_recognition"), None),
    ("no_retransfer", "contract", "contract_safeguards", 0.1, ("diversion_history",), None),
    ("end_use_certificate", "contract", "contract_safeguards", 0.05, (), None),
    ("suspension_rights", "contract", "contract_safeguards", 0.1, ("facial_recognition", "intrusion_software"),
     None),
    ("post_sale_monitoring", "process", "contract_safeguards", 0.1, (), None),
    ("grievance_mechanism", "process", "grievance_mechanism", 0.05, (), None),
    ("public_reporting", "process", "public_reporting", 0.05, (), None),
)


def make_policy(**changes: Any) -> Policy:
    values: dict[str, Any] = {
        "explanation": "Test policy: medium residual is acceptable with conditions; critical escalates.",
        "level_thresholds": (25, 50, 75), "appetite": "medium", "escalate_at": "critical",
        "status_factor": {"planned": 0.25, "agreed": 0.6, "implemented": 1.0},
        "escalate_on_unknown": ("end_user_record_of_misuse", "no_independent_oversight",
                                "targeting_protected_groups", "end_use_statement_refused"),
        "citations": ("ungp.19",),
    }
    values.update(changes)
    return Policy(**values)


def make_catalog(policy: Policy | None = None, **overrides: Any) -> Catalog:
    """The test catalogue; ``overrides`` replace whole kinds (e.g. ``facts={...}``)."""
    capabilities = [
        _cap("network_camera", "sensors", (2, 2, 2)),
        _cap("facial_recognition", "biometric_identification", (4, 3, 3)),
        _cap("video_analytics", "data_analytics", (3, 3, 2)),
        _cap("licence_plate_recognition", "location_tracking", (2, 2, 2)),
        _cap("intrusion_software", "internet_surveillance", (5, 2, 4), covert=True),
        _cap("lawful_interception", "internet_surveillance", (4, 4, 3)),
        _cap("imsi_catcher", "location_tracking", (4, 3, 3), covert=True),
    ]
    features = [
        _feature("real_time_identification", (1, 0, 1)),
        _feature("bulk_collection", (0, 2, 0)),
        _feature("covert_operation", (1, 0, 1), covert=True),
        _feature("zero_click_delivery", (1, 0, 1), covert=True),
        _feature("persistence_on_device", (0, 0, 1), covert=True),
        _feature("cross_database_matching", (0, 1, 0)),
    ]
    sectors = [Sector(id=s, title=s.replace("_", " ").capitalize(), explanation=f"{s} sector.", security_body=sb,
                      likelihood=lk)
               for s, sb, lk in (("police", True, 0.75), ("intelligence", True, 1.25), ("military", True, 1.0),
                                 ("transport", False, 0.0), ("municipal", False, 0.25), ("commercial", False, 0.0),
                                 ("telecom_operator", False, 0.5), ("health", False, 0.0))]
    purposes = [Purpose(id=p, title=p.replace("_", " ").capitalize(), explanation=f"{p} purpose.", risk=r,
                        likelihood=lk, scope_uplift=su)  # type: ignore[arg-type]
                for p, r, lk, su in (("criminal_investigation", "medium", 0.25, 0), ("tolling", "low", -0.5, 0),
                                     ("traffic_management", "low", -0.5, 0), ("public_order", "high", 1.0, 1),
                                     ("national_security_intelligence", "high", 1.0, 1),
                                     ("workplace_safety", "low", -0.25, 0))]
    kinds = [EndUserKindItem(id=k, title=t, explanation=e, in_scope=ins, likelihood=lk, citations=("state2020.step2",))
             for k, t, e, ins, lk in (
                 ("government", "A government body", "Any public authority.", True, 1.0),
                 ("state_owned", "A state-owned enterprise", "Owned or controlled by a state.", True, 0.5),
                 ("government_linked", "A government-linked company", "Acts for a government.", True, 0.75),
                 ("private", "A private company", "No ties to a government.", False, 0.0))]
    scales = [Scale(id=s, title=s.capitalize(), explanation=f"Deployed at {s} level.", scope=v)
              for s, v in (("site", 1), ("city", 3), ("region", 4), ("national", 5))]
    roles = [IntermediaryRole(id=r, title=r.replace("_", " ").capitalize(), explanation=f"A {r}.", likelihood=lk)
             for r, lk in (("distributor", 0.5), ("reseller", 0.75), ("integrator", 0.5), ("consignee", 1.0),
                           ("local_partner", 0.75))]
    rights = [Right(id="privacy", title="Privacy", explanation="Right to privacy.", instruments=("ICCPR art. 17",))]
    facts = [Fact(id=fid, title=fid.replace("_", " ").capitalize(), explanation=f"Red flag {fid}.", step=step,  # type: ignore[arg-type]
                  question=f"Is it so that {fid.replace('_', ' ')}?", ask_customer=f"Ask the customer about "
                  f"{fid.replace('_', ' ')}.", hard_stop=hs, likelihood_true=lt, likelihood_unknown=lu,
                  mitigated_by=mb, citations=("state2020.red_flags",), reconstructed=True)
             for fid, step, lt, lu, hs, mb in FACTS]
    derived = [
        DerivedFlag(id="covert_capability_to_security_body", title="Covert capability for a security body",
                    explanation="An inherently covert product goes to a security body.", step="capabilities",
                    likelihood=1.0, when=Condition.model_validate({"all": [
                        {"field": "sector.security_body", "op": "eq", "value": True},
                        {"any": [{"field": "capabilities", "op": "contains_any",
                                  "value": ["intrusion_software", "imsi_catcher"]},
                                 {"field": "features", "op": "contains", "value": "covert_operation"}]}]}),
                    mitigated_by=("capability_limitation",)),
        DerivedFlag(id="biometrics_without_oversight", title="Biometric identification without oversight",
                    explanation="Biometric identification where surveillance lacks independent oversight.",
                    step="country_laws", likelihood=0.5, when=Condition.model_validate({"all": [
                        {"field": "capability_categories", "op": "contains", "value": "biometric_identification"},
                        {"field": "facts.no_independent_oversight", "op": "eq", "value": "true"}]})),
    ]
    safeguards = [Safeguard(id=sid, title=sid.replace("_", " ").capitalize(), explanation=f"Safeguard {sid}.",
                            kind=kind, step=step, reduction=red, addresses=addr, clause=clause)  # type: ignore[arg-type]
                  for sid, kind, step, red, addr, clause in SAFEGUARDS]
    clauses = [Clause(id="hr_clause", title="Human-rights clause", explanation="Model clause.",
                      safeguard="human_rights_clause",
                      text="The Customer shall use the Products only in accordance with international human rights law.")]
    laws = [LawCategory(id="surveillance_without_oversight", title="Surveillance without oversight", number=1,
                        explanation="Surveillance laws lacking judicial authorisation.", rights=("privacy",),
                        capabilities_of_concern=("lawful_interception", "intrusion_software"), reconstructed=True),
            LawCategory(id="speech_criminalisation", title="Speech criminalisation", number=6,
                        explanation="Laws criminalising peaceful expression.", rights=("expression",),
                        capabilities_of_concern=("facial_recognition",), reconstructed=True)]
    embargoes = [Embargo(id="kp_comprehensive", title="Sanctions on North Korea", explanation="Comprehensive.",
                         country="KP", regime="comprehensive", authorities=("UN SC", "US OFAC"),
                         source_url="https://ofac.treasury.gov/sanctions-programs-and-country-information",
                         as_of=date(2026, 1, 1), hard_stop=True),
                 Embargo(id="mm_arms", title="Arms embargo on Myanmar", explanation="Arms embargo.", country="MM",
                         regime="arms", authorities=("EU",), source_url="https://www.sanctionsmap.eu",
                         as_of=date(2026, 1, 1), hard_stop=False)]
    glossary = [Term(id="hrdd", title="Human-rights due diligence", explanation="UNGP 17.")]
    kinds_map: dict[str, Any] = {
        "capabilities": capabilities, "features": features, "sectors": sectors, "purposes": purposes,
        "end_user_kinds": kinds, "scales": scales, "intermediary_roles": roles, "rights": rights, "facts": facts,
        "derived_flags": derived, "safeguards": safeguards, "clauses": clauses, "laws_of_concern": laws,
        "embargoes": embargoes, "frameworks": _frameworks(), "steps": _steps(), "glossary": glossary}
    fields = {name: _by_id(items) for name, items in kinds_map.items()}
    fields["steps"] = {s.step: s for s in kinds_map["steps"]}
    fields.update(overrides)
    return Catalog(version="test-1+abc", policy=policy or make_policy(), **fields)


def make_case(**changes: Any) -> Case:
    """A video-analytics sale to a city police force; keyword arguments replace fields."""
    base = Case(
        title="Video analytics for a city police force", date=CASE_DATE,
        seller=Seller(name="Example Vision Inc.", country="US"),
        transaction=Transaction(),
        products=(Product(name="Sentinel VMS", capabilities=("video_analytics",)),),
        end_user=EndUser(name="Civil Police of Example", country="BR", kind=EndUserKind.GOVERNMENT, sector="police"),
        end_use=EndUse(description="Search recorded footage", purposes=("criminal_investigation",), scale="city"),
        id="CASE-TEST-1",
    )
    return dataclasses.replace(base, **changes)


def answered(**facts: str) -> tuple[tuple[str, Tristate], ...]:
    return tuple((k, Tristate(v)) for k, v in sorted(facts.items()))


ALL_FALSE = {fid: "false" for fid, *_ in FACTS}


def safeguards(**statuses: str) -> tuple[CaseSafeguard, ...]:
    return tuple(CaseSafeguard(id=k, status=SafeguardStatus(v)) for k, v in sorted(statuses.items()))


def make_country(code: str = "BR", risk: float | None = 0.45, judicial: str | None = "yes",
                 laws: tuple[LawOfConcern, ...] = ()) -> CountryContext:
    figures = () if risk is None else (
        Figure(key="vdem.v2x_libdem", label="Liberal democracy index", value=round(1 - risk, 2),
               scale="0-1, higher is more democratic", year=2023, source="V-Dem v14", licence="CC-BY-SA",
               risk=risk),)
    return CountryContext(code=code, name={"BR": "Brazil", "NO": "Norway", "XX": "Examplestan"}.get(code, code),
                          figures=figures, risk=risk, risk_method="mean of sub-scores",
                          judicial_authorisation=judicial,  # type: ignore[arg-type]
                          profile_source="test profile", profile_as_of="2026-01-01", laws=laws)


LISTS = (ListInfo(source="ofac-sdn", title="OFAC SDN", as_of="2026-11-20", entries=17000),
         ListInfo(source="us-csl", title="Consolidated Screening List", as_of="2026-11-21", entries=13000))


def screened(*hits: Hit) -> ScreeningOutcome:
    return ScreeningOutcome(performed=True, lists=LISTS, hits=hits, algorithm="test-matcher", threshold=0.7,
                            parties=(("end_user", "Civil Police of Example"),))


def make_hit(score: float = 0.8, source: str = "us-csl", judgement: str | None = None,
             topics: tuple[str, ...] = ("export.control",)) -> Hit:
    return Hit(party="end_user", query="Civil Police of Example", source=source, entry_id="CSL-123",
               name="Example Police Bureau", matched_name="Example Police Bureau", score=score, topics=topics,
               judgement=judgement)


def make_context(**changes: Any) -> AssessmentContext:
    base = AssessmentContext(country=make_country(), screening=screened(),
                             data_versions=(("vdem", "v14"), ("wgi", "2024")))
    return dataclasses.replace(base, **changes)


def intermediary(role: str = "reseller", ties: str = "unknown", country: str | None = "BR") -> Intermediary:
    return Intermediary(name=f"Example {role}", role=role, country=country, government_ties=Tristate(ties))


class PolicyWithTuning:
    """The policy plus fields the spec does not declare yet (read by ``hrdd.assess.tuning``)."""

    def __init__(self, policy: Policy, **extra: Any) -> None:
        self._policy = policy
        for key, value in extra.items():
            setattr(self, key, value)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._policy, name)


def tuned_catalog(**extra: Any) -> Catalog:
    catalog = make_catalog()
    return dataclasses.replace(catalog, policy=PolicyWithTuning(catalog.policy, **extra))  # type: ignore[arg-type]
