"""The project's extended evaluation sets, written or generated from public list data.

- ``bench/data/screening_cases.csv``: hand-written pairs by class (country qualifiers,
  acronyms with descriptive words, partial cover, legal forms, distinguishing words, names in
  other scripts, CJK/Persian/Bengali near misses, birth dates, name parts, initials, gender,
  doubled letters), every class with should-not-match pairs, each row naming its source.
- :func:`uk_person_date_pairs`: persons of the UK Sanctions List with a full birth date: a
  name variant with the same date (match); the same name born ten and three years apart, and
  with first and last name given swapped (no match).
- :func:`ftm_cross_script_pairs`: entities of an FtM file with names in Latin and another
  script: each other-script name against the entity's Latin names (match) and the next
  entity's (no match).
- :func:`un_original_script_pairs`: UN Security Council list entries with a name in the
  original script, against their Latin name (match) and the next entry's (no match).
"""

import csv
import json
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path

from hrdd.screening.evaluate import LabelledPair, _bool, _pair_script, script_of
from hrdd.screening.record import query_record

ALIAS_SEPARATOR = " || "


def _parts(text: str) -> dict[str, str]:
    return dict(item.split("=", 1) for item in text.split(";") if "=" in item)


def load_cases(path: Path) -> list[LabelledPair]:
    """The hand-written classes (``screening_cases.csv``); ``group`` is ``slice/class``."""
    pairs = []
    with path.open(newline="", encoding="utf-8") as fh:
        for i, row in enumerate(csv.DictReader(fh), start=2):
            schema = row["schema"]
            names = row["candidate"].split(ALIAS_SEPARATOR)
            query = query_record([row["query"]], schema=schema, countries=tuple(filter(None, [row["q_country"]])),
                                 birth_dates=tuple(filter(None, [row["q_dob"]])), name_parts=_parts(row["q_parts"]))
            candidate = query_record(names, schema=schema, countries=tuple(filter(None, [row["c_country"]])),
                                     birth_dates=tuple(filter(None, [row["c_dob"]])), name_parts=_parts(row["c_parts"]))
            pairs.append(LabelledPair(f"{row['slice']}/{row['class']}", schema, query, candidate,
                                      _bool(row["is_match"], path, i), _pair_script(row["query"], names[0])))
    return pairs


def uk_person_date_pairs(directory: Path, limit: int = 300) -> list[LabelledPair]:
    """Persons of the UK list with an exact birth date (see the module docstring)."""
    dobs: dict[str, str] = {}
    with (directory / "subject_dobs.csv").open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["precision"] == "exact" and row["year"].isdigit() and row["unique_id"] not in dobs:
                dobs[row["unique_id"]] = f"{row['year']}-{row['month']}-{row['day']}"
    names: dict[str, list[dict[str, str]]] = defaultdict(list)
    with (directory / "subject_names.csv").open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["unique_id"] in dobs:
                names[row["unique_id"]].append(row)
    pairs: list[LabelledPair] = []
    for uid in sorted(names)[:limit]:
        rows = names[uid]
        primary = next((r for r in rows if r["name_type"] == "primary"), None)
        if primary is None or not primary["name_1"] or not primary["name_6"]:
            continue
        dob = dobs[uid]
        full, first, last = primary["full_name"], primary["name_1"], primary["name_6"]
        listed = query_record([full], schema="Person", birth_dates=(dob,),
                              name_parts={"firstName": first, "lastName": last})
        for variant in [r for r in rows if r["name_type"] != "primary"][:1]:
            query = query_record([variant["full_name"]], schema="Person", birth_dates=(dob,))
            pairs.append(LabelledPair("persons_dates/uk_variant_same_date", "Person", query, listed, True, "Latin"))
        for gap in (10, 3):
            moved = f"{int(dob[:4]) - gap}{dob[4:]}"
            query = query_record([full], schema="Person", birth_dates=(moved,))
            pairs.append(LabelledPair(f"persons_dates/uk_born_{gap}_years_apart", "Person", query, listed,
                                      False, "Latin"))
        if first.lower() != last.lower():
            swapped = query_record([f"{last} {first}"], schema="Person",
                                   name_parts={"firstName": last, "lastName": first})
            pairs.append(LabelledPair("persons_dates/uk_parts_swapped", "Person", swapped, listed, False, "Latin"))
    return pairs


def _cross_pairs(entities: list[tuple[str, list[str]]], group: str) -> list[LabelledPair]:
    pairs: list[LabelledPair] = []
    usable = [(schema, [n for n in names if script_of(n) == "Latin"], [n for n in names if script_of(n) != "Latin"])
              for schema, names in entities]
    usable = [u for u in usable if u[1] and u[2]]
    for i, (schema, latin, other) in enumerate(usable):
        nxt = next((u for u in usable[i + 1:] + usable[:i] if u[0] == schema), None)
        for name in other[:2]:
            query = query_record([name], schema=schema)
            pairs.append(LabelledPair(group, schema, query, query_record(latin, schema=schema), True,
                                      script_of(name)))
            if nxt is not None:
                pairs.append(LabelledPair(group, schema, query, query_record(nxt[1], schema=schema), False,
                                          script_of(name)))
    return pairs


def ftm_cross_script_pairs(path: Path) -> list[LabelledPair]:
    """Entities of an FtM JSON-lines file with names in Latin and another script."""
    entities = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            data = json.loads(line)
            if data.get("schema") not in {"Person", "Company", "Organization", "PublicBody", "LegalEntity"}:
                continue
            props = data.get("properties", {})
            names = list(dict.fromkeys(props.get("name", []) + props.get("alias", [])))
            entities.append((str(data["schema"]), names))
    return _cross_pairs(entities, "cross_script/ftm_other_script")


def un_original_script_pairs(path: Path) -> list[LabelledPair]:
    """UN Security Council consolidated list entries with a name in the original script."""
    entities = []
    root = ET.parse(path).getroot()  # a public file of the evaluation data, not user input
    for kind, schema in (("INDIVIDUAL", "Person"), ("ENTITY", "Organization")):
        for node in root.iter(kind):
            original = (node.findtext("NAME_ORIGINAL_SCRIPT") or "").strip()
            parts = [(node.findtext(tag) or "").strip() for tag in ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME")]
            latin = " ".join(p for p in parts if p)
            if original and latin:
                entities.append((schema, [latin, original]))
    return _cross_pairs(entities, "cross_script/un_original_script")
