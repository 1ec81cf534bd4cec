"""Severity per UNGP 14: scale, scope, irremediability, each explained."""


from hrdd.assess.severity import assess_severity
from hrdd.model import EndUse, Product
from tests.assess.factory import (
    make_case,
    make_catalog,
)


def test_severity_takes_the_highest_capability_per_component_plus_feature_uplift() -> None:
    catalog = make_catalog()
    case = make_case(products=(Product(name="a", capabilities=("facial_recognition", "intrusion_software"),
                                       features=("bulk_collection",)),),
                     end_use=EndUse(purposes=("criminal_investigation",), scale="site"))
    sev = assess_severity(case, catalog)
    fr, spy = catalog.capabilities["facial_recognition"].severity, catalog.capabilities["intrusion_software"].severity
    assert sev.scale == max(fr.scale, spy.scale)
    assert sev.irremediability == max(fr.irremediability, spy.irremediability)
    assert sev.scope == min(5, max(fr.scope, spy.scope) + 2)  # bulk_collection raises scope by 2
    assert {c.factor for c in sev.contributions} >= {"capability:intrusion_software", "feature:bulk_collection"}


def test_deployment_scale_and_purpose_widen_scope_counted_once() -> None:
    catalog = make_catalog()
    national = make_case(end_use=EndUse(purposes=("public_order",), scale="national"))
    sev = assess_severity(national, catalog)
    assert sev.scope == 5
    # method v2: the widest estimate counts once; the purpose does not add on top of a national deployment
    scope_parts = [c for c in sev.contributions if c.target == "severity.scope" and not c.factor.startswith("capability")]
    assert [c.factor for c in scope_parts] == ["scale:national"]
    site = assess_severity(make_case(end_use=EndUse(purposes=("criminal_investigation",), scale="site")), catalog)
    assert site.scope < sev.scope
