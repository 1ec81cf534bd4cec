"""Load a case file: parse safely, validate the shape, check ids and countries, build a Case."""

import datetime as dt
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from hrdd.casefile.wire import CaseIn, FactAnswerIn
from hrdd.casefile.yamlpos import Path_, dotted, load_with_lines
from hrdd.catalog.registry import Catalog
from hrdd.countries.iso import normalise_country, suggest_country
from hrdd.countries.regions import normalise_region, regions_of
from hrdd.exc import InvalidInput, Problem
from hrdd.model.case import (
    Case,
    EndUse,
    EndUser,
    EndUserKind,
    Evidence,
    ExportClassification,
    Intermediary,
    Product,
    Safeguard,
    SafeguardStatus,
    Seller,
    Transaction,
    TransactionKind,
    Tristate,
)
from hrdd.validation import located_problems


def load_case(path: Path, catalog: Catalog, *, today: dt.date | None = None) -> Case:
    """Read and validate a case file; raise InvalidInput listing every problem."""
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise InvalidInput(f"cannot read {path}", [Problem(str(err.strerror or err), file=str(path))]) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise InvalidInput(f"{path} is not a valid case file", [
            Problem("the file is not UTF-8 text", file=str(path), found=f"byte {err.start}")]) from None
    return parse_case(text, catalog, source=str(path), today=today)


def parse_case(text: str, catalog: Catalog, *, source: str = "<case>", today: dt.date | None = None) -> Case:
    data, lines = load_with_lines(text, source)
    if not isinstance(data, dict):
        raise InvalidInput(f"{source} is not a valid case file", [Problem(
            "the case must be a mapping of fields", file=source, line=1,
            expected="a mapping (title:, seller:, products:, end_user: …)", found=type(data).__name__)])
    problems: list[Problem] = []
    wire: CaseIn | None = None
    try:
        wire = CaseIn.model_validate(data)
    except ValidationError as err:
        problems += located_problems(err, file=source, line_of=lambda loc: _line(lines, loc), model=CaseIn,
                                     fields_hint="one of the fields of hrdd.case/1 (see `hrdd init`)")
    # ids and countries are checked on the raw data too, so that one run reports every problem
    problems += _check_ids(data, catalog, source, lines)
    countries = _check_countries(data, source, lines, problems)
    regions = _check_regions(data, countries, source, lines, problems)
    if problems or wire is None:
        raise InvalidInput(f"{source} is not a valid case file", _dedupe(problems))
    return _to_case(wire, data, countries, today or dt.date.today(), regions)


def _dedupe(problems: list[Problem]) -> list[Problem]:
    """One problem per field: a wrong id reported by the shape check and the id check once."""
    seen: set[tuple[str | None, str]] = set()
    out = []
    for p in sorted(problems, key=lambda p: (p.line or 0, p.field or "")):
        key = (p.field, p.message if p.field is None else "")
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out


def _line(lines: dict[Path_, int], path: Path_) -> int | None:
    while path:
        if path in lines:
            return lines[path]
        path = path[:-1]
    return lines.get(())


def _unknown_id(kind: str, label: str, value: str, path: Path_, catalog: Catalog, source: str,
                lines: dict[Path_, int]) -> Problem:
    return Problem(f"unknown {label} id", file=source, line=_line(lines, path), field=dotted(path),
                   expected=f"a {label} id from the catalogue (`hrdd catalog list {kind}`)",
                   found=repr(value), suggestion=catalog.suggest(kind, value))


def _items(value: Any) -> list[tuple[int, Any]]:
    return list(enumerate(value)) if isinstance(value, list) else []


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _check_ids(data: dict[str, Any], catalog: Catalog, source: str, lines: dict[Path_, int]) -> list[Problem]:
    """Every catalogue id in the raw case data (whatever else is wrong with it) is known."""
    problems: list[Problem] = []

    def check(kind: str, label: str, value: Any, path: Path_) -> None:
        if isinstance(value, str) and value not in catalog.kind(kind):
            problems.append(_unknown_id(kind, label, value, path, catalog, source, lines))

    for i, product in _items(data.get("products")):
        product = _mapping(product)
        for j, cap in _items(product.get("capabilities")):
            check("capabilities", "capability", cap, ("products", i, "capabilities", j))
        for j, feat in _items(product.get("features")):
            check("features", "feature", feat, ("products", i, "features", j))
    check("sectors", "sector", _mapping(data.get("end_user")).get("sector"), ("end_user", "sector"))
    check("scales", "scale", _mapping(data.get("end_use")).get("scale"), ("end_use", "scale"))
    for j, purpose in _items(_mapping(data.get("end_use")).get("purposes")):
        check("purposes", "purpose", purpose, ("end_use", "purposes", j))
    for i, inter in _items(data.get("intermediaries")):
        check("intermediary_roles", "intermediary role", _mapping(inter).get("role"), ("intermediaries", i, "role"))
    for fact_id in _mapping(data.get("facts")):
        check("facts", "fact", fact_id, ("facts", fact_id))
    seen: set[str] = set()
    for i, safeguard in _items(data.get("safeguards")):
        sid = _mapping(safeguard).get("id")
        check("safeguards", "safeguard", sid, ("safeguards", i, "id"))
        if isinstance(sid, str) and sid in seen:
            problems.append(Problem("safeguard listed twice", file=source, line=_line(lines, ("safeguards", i)),
                                    field=f"safeguards[{i}].id", found=repr(sid)))
        if isinstance(sid, str):
            seen.add(sid)
    return problems


def _check_countries(data: dict[str, Any], source: str, lines: dict[Path_, int],
                     problems: list[Problem]) -> dict[Path_, str | None]:
    found: dict[Path_, str | None] = {}
    wanted: list[tuple[Path_, Any]] = [(("end_user", "country"), _mapping(data.get("end_user")).get("country")),
                                       (("seller", "country"), _mapping(data.get("seller")).get("country"))]
    wanted += [(("intermediaries", i, "country"), _mapping(inter).get("country"))
               for i, inter in _items(data.get("intermediaries"))]
    for path, text in wanted:
        if not isinstance(text, str):
            found[path] = None  # missing or of the wrong type: the shape check reports it
            continue
        code = normalise_country(text)
        if code is None:
            problems.append(Problem("unknown country", file=source, line=_line(lines, path), field=dotted(path),
                                    expected="an ISO 3166-1 alpha-2 code or an English country name",
                                    found=repr(text), suggestion=suggest_country(text)))
        found[path] = code
    return found


def _check_regions(data: dict[str, Any], countries: dict[Path_, str | None], source: str,
                   lines: dict[Path_, int], problems: list[Problem]) -> dict[Path_, str | None]:
    """Each optional ``region`` names a territory of its party's country (rigour codes)."""
    found: dict[Path_, str | None] = {}
    wanted: list[Path_] = [("end_user",)] + [("intermediaries", i) for i, _ in _items(data.get("intermediaries"))]
    for party in wanted:
        value: Any = data
        for part in party:
            value = value[part] if isinstance(part, int) else _mapping(value).get(part)
        text = _mapping(value).get("region")
        country = countries.get((*party, "country"))
        if not isinstance(text, str) or not text.strip() or country is None:
            found[party] = None
            continue
        code = normalise_region(text, country)
        if code is None:
            known = regions_of(country)
            problems.append(Problem(
                f"unknown region of {country}", file=source, line=_line(lines, (*party, "region")),
                field=dotted((*party, "region")), found=repr(text),
                expected="a territory of the party's country, as a name or a code such as ua-cri"
                         + (f" (known: {', '.join(known[:12])}{' …' if len(known) > 12 else ''})" if known else "")))
        found[party] = code
    return found


def _missing(wire: CaseIn, data: dict[str, Any]) -> tuple[str, ...]:
    """Fields the file left out that the assessment would use; each becomes a question."""
    missing: list[str] = []
    end_use = data.get("end_use") or {}
    if not wire.end_use.description:
        missing.append("end_use.description")
    if not wire.end_use.purposes:
        missing.append("end_use.purposes")
    if "scale" not in end_use:
        missing.append("end_use.scale")
    if wire.end_user.kind in ("government_linked", "state_owned") and not wire.end_user.government_ties:
        missing.append("end_user.government_ties")
    if wire.end_user.kind != "government" and wire.end_user.parent is None:
        missing.append("end_user.parent")
    if "intermediaries" not in data:
        missing.append("intermediaries")
    if not wire.evidence:
        missing.append("evidence")
    return tuple(missing)


def _tri(value: "bool | str | FactAnswerIn") -> Tristate:
    if isinstance(value, FactAnswerIn):
        return _tri(value.answer)
    if value is True:
        return Tristate.TRUE
    if value is False:
        return Tristate.FALSE
    return Tristate.UNKNOWN


def _to_case(wire: CaseIn, data: dict[str, Any], countries: dict[Path_, str | None], today: dt.date,
             regions: dict[Path_, str | None] | None = None) -> Case:
    regions = regions or {}
    end_user_country = countries[("end_user", "country")]
    assert end_user_country is not None
    return Case(
        schema=wire.schema_,
        id=wire.id,
        title=wire.title,
        date=wire.date or today,
        seller=Seller(name=wire.seller.name, country=countries[("seller", "country")],
                      jurisdictions=tuple(dict.fromkeys(wire.seller.jurisdictions or ()))),
        transaction=Transaction(kind=TransactionKind(wire.transaction.kind), value_usd=wire.transaction.value_usd,
                                existing_relationship=wire.transaction.existing_relationship),
        products=tuple(
            Product(
                name=p.name, description=p.description,
                capabilities=tuple(dict.fromkeys(p.capabilities)), features=tuple(dict.fromkeys(p.features)),
                export_classification=(ExportClassification(p.export_classification.jurisdiction,
                                                            p.export_classification.code)
                                       if p.export_classification else None),
            )
            for p in wire.products
        ),
        end_user=EndUser(
            name=wire.end_user.name, country=end_user_country, kind=EndUserKind(wire.end_user.kind),
            sector=wire.end_user.sector, parent=wire.end_user.parent or None,
            aliases=tuple(a for a in wire.end_user.aliases if a.strip()),
            identifiers=tuple(sorted(wire.end_user.identifiers.items())),
            government_ties=wire.end_user.government_ties, region=regions.get(("end_user",)),
        ),
        end_use=EndUse(description=wire.end_use.description, purposes=tuple(dict.fromkeys(wire.end_use.purposes)),
                       scale=wire.end_use.scale),
        intermediaries=tuple(
            Intermediary(name=i.name, role=i.role, country=countries[("intermediaries", n, "country")],
                         government_ties=_tri(i.government_ties), region=regions.get(("intermediaries", n)))
            for n, i in enumerate(wire.intermediaries)
        ),
        facts=tuple(sorted((k, _tri(v)) for k, v in wire.facts.items())),
        fact_notes=tuple(sorted((k, v.reason, v.source) for k, v in wire.facts.items()
                                if isinstance(v, FactAnswerIn))),
        safeguards=tuple(Safeguard(id=s.id, status=SafeguardStatus(s.status), note=s.note) for s in wire.safeguards),
        evidence=tuple(Evidence(title=e.title, url=e.url, date=e.date) for e in wire.evidence),
        missing=_missing(wire, data),
    )
