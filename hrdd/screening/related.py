"""Related-entity hints: listed entities a screened organisation may belong to, never hits.

A local subsidiary ("Huawei Technologies India Private Limited") of a listed parent ("Huawei
Technologies Co., Ltd.") is not itself listed, and its name is not the parent's: it must not
alert. A reviewer still wants to know that the party carries a listed brand. A hint is given
when the query and a listed organisation share their leading distinctive word (the brand) and
every distinctive word of the listed name is in the query's, once legal forms, country words
and the generic words of company and public-body names are set aside. Hints are reported apart
from hits and carry the reason.
"""

from dataclasses import dataclass

from hrdd.screening.canonical import canonical_org_name
from hrdd.screening.names_v2 import distinct_words
from hrdd.screening.normalize import PERSON_SCHEMATA
from hrdd.screening.record import Record

MIN_BRAND_LENGTH = 4


@dataclass(frozen=True, slots=True)
class RelatedHint:
    """A listed entry the screened party may be related to, and why (not a hit)."""

    entry: Record
    name: str
    reason: str


def _brand_words(name: str) -> list[str]:
    canon = canonical_org_name(name)
    return [w for w in distinct_words(canon.text, "Organization") if w not in canon.country_words]


def brand_hint(query: Record, entry: Record) -> RelatedHint | None:
    """A hint when the query carries the brand of a listed organisation (see the module docstring)."""
    if query.schema in PERSON_SCHEMATA or entry.schema in PERSON_SCHEMATA:
        return None
    for qname in query.names:
        qwords = _brand_words(qname)
        if not qwords or len(qwords[0]) < MIN_BRAND_LENGTH:
            continue
        for name in entry.names:
            ewords = _brand_words(name)
            if ewords and ewords[0] == qwords[0] and set(ewords) <= set(qwords):
                return RelatedHint(entry, name, f"'{qname}' carries the brand '{qwords[0]}' of listed '{name}' "
                                               "(a subsidiary or branch? not itself listed under this name)")
    return None
