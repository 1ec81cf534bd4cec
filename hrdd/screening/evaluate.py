"""Evaluation of a scorer on labelled name pairs: loaders for the public sets and metrics.

A scorer is any ``(query: Record, candidate: Record) -> float``; ``bench/screening_eval.py``
runs ours and nomenklatura's side by side. The public sets are described in
``shared/data/name_matching_eval/README.md``; pairs are never copied into the repository.
"""

import csv
import json
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from hrdd.exc import InvalidInput, Problem
from hrdd.screening.record import NAME_PART_PROPS, Record, query_record

Scorer = Callable[[Record, Record], float]

_OFAC_SCHEMA = {"individual": "Person", "entity": "Organization", "vessel": "Vessel", "aircraft": "Airplane"}


@dataclass(frozen=True, slots=True)
class LabelledPair:
    group: str
    schema: str
    query: Record
    candidate: Record
    is_match: bool
    script: str  # the non-Latin script involved, or "Latin"
    quality: str = ""


def script_of(text: str) -> str:
    """The first non-Latin script among a text's letters ("Cyrillic", "Arabic", "Han" …), else "Latin"."""
    for ch in text:
        if ch.isalpha() and not ch.isascii():
            name = unicodedata.name(ch, "")
            word = name.split(" ")[0] if name else ""
            if word == "CJK":
                return "Han"
            if word and word != "LATIN":
                return word.capitalize()
    return "Latin"


def _pair_script(a: str, b: str) -> str:
    sa, sb = script_of(a), script_of(b)
    return sa if sa != "Latin" else sb


def _names(props: dict[str, str]) -> list[str]:
    if props.get("name"):
        return [props["name"]]
    parts = [props.get(k, "") for k in ("firstName", "middleName", "fatherName", "lastName")]
    return [" ".join(p for p in parts if p)]


def _parts(props: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in props.items() if k in NAME_PART_PROPS or k == "gender"}


def _pair(group: str, schema: str, q: str, c: str, is_match: bool, quality: str = "",
          q_parts: dict[str, str] | None = None, c_parts: dict[str, str] | None = None) -> LabelledPair:
    return LabelledPair(
        group=group, schema=schema, query=query_record([q], schema=schema, name_parts=q_parts),
        candidate=query_record([c], schema=schema, name_parts=c_parts), is_match=is_match,
        script=_pair_script(q, c), quality=quality,
    )


def _bool(value: str, path: Path, line: int) -> bool:
    if value.strip().lower() in {"true", "1", "yes"}:
        return True
    if value.strip().lower() in {"false", "0", "no"}:
        return False
    raise InvalidInput("bad label", [Problem("is_match is not a boolean", file=str(path), line=line,
                                            field="is_match", expected="true|false", found=value)])


RelabelKey = tuple[str, str, str, str]  # case_group, schema, name1, name2


def load_relabels(path: Path) -> dict[RelabelKey, tuple[bool, str]]:
    """Labels of the name bench re-derived from the upstream tests the pairs came from:
    (group, schema, name1, name2) → (is_match, "upstream file: assertion")."""
    with path.open(newline="", encoding="utf-8") as fh:
        return {(r["case_group"], r["schema"], r["name1"], r["name2"]):
                (_bool(r["is_match"], path, i), f"{r['upstream']}: {r['assertion']}")
                for i, r in enumerate(csv.DictReader(fh), start=2)}


def load_name_bench(path: Path, relabels: dict[RelabelKey, tuple[bool, str]] | None = None) -> list[LabelledPair]:
    """OpenSanctions name bench (``opensanctions_name_bench_cases.csv``), with ``relabels``
    applied; a relabel that matches no row is an error (the copy changed under it)."""
    relabels = relabels or {}
    used: set[RelabelKey] = set()
    pairs = []
    with path.open(newline="", encoding="utf-8") as fh:
        for i, row in enumerate(csv.DictReader(fh), start=2):
            key = (row["case_group"], row["schema"], row["name1"], row["name2"])
            is_match = _bool(row["is_match"], path, i)
            if key in relabels:
                is_match = relabels[key][0]
                used.add(key)
            pairs.append(_pair(row["case_group"], row["schema"], row["name1"], row["name2"], is_match,
                               row.get("quality") or "MEDIUM"))
    unused = [k for k in relabels if k not in used]
    if unused:
        raise InvalidInput("relabels do not match the name bench", [
            Problem("no such pair", file=str(path), field="name1,name2", found=f"{k[2]} | {k[3]}") for k in unused])
    return pairs


def load_entity_checks(path: Path) -> list[LabelledPair]:
    """OpenSanctions entity bench checks (JSON): names, or first/middle/last names."""
    checks = json.loads(path.read_text(encoding="utf-8"))["checks"]
    pairs = []
    for check in checks:
        q, c = _names(check["query"])[0], _names(check["candidate"])[0]
        pairs.append(_pair("entity_checks", check["schema"], q, c, bool(check["match"]),
                           q_parts=_parts(check["query"]), c_parts=_parts(check["candidate"])))
    return pairs


def load_ofac_alias_pairs(path: Path, limit: int | None = None) -> list[LabelledPair]:
    """OFAC SDN primary names vs aliases (positives) and other entries (negatives)."""
    pairs = []
    with path.open(newline="", encoding="utf-8") as fh:
        for i, row in enumerate(csv.DictReader(fh), start=2):
            schema = _OFAC_SCHEMA.get(row["sdn_type"], "LegalEntity")
            pairs.append(_pair(row["case_group"], schema, row["name1"], row["name2"], _bool(row["is_match"], path, i)))
    if limit is not None and len(pairs) > limit:
        pos = [p for p in pairs if p.is_match]
        neg = [p for p in pairs if not p.is_match]
        pairs = _spread(pos, limit // 2) + _spread(neg, limit - limit // 2)
    return pairs


def _spread(pairs: list[LabelledPair], n: int) -> list[LabelledPair]:
    """An evenly spaced, deterministic sample of ``n`` pairs."""
    if len(pairs) <= n:
        return pairs
    step = len(pairs) / n
    return [pairs[int(i * step)] for i in range(n)]


def load_cross_script(path: Path) -> list[LabelledPair]:
    """Watchman cross-script pairs (all positives; persons)."""
    pairs = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip() or line.startswith("#"):
                continue
            query, expected = [p.strip() for p in line.split(",")[:2]]
            pairs.append(_pair("cross_script", "Person", query, expected, True))
    return pairs


_SENZING_IDS = {"PASSPORT_NUMBER": "passportNumber", "DRIVERS_LICENSE_NUMBER": "idNumber",
                "SSN_NUMBER": "idNumber", "NATIONAL_ID_NUMBER": "idNumber", "TAX_ID_NUMBER": "taxNumber",
                "LEI_NUMBER": "leiCode"}


def _iso_date(value: str) -> str:
    value = value.strip()
    if "/" in value:
        month, day, year = [*value.split("/"), "", "", ""][:3]
        if year.isdigit() and len(year) == 4:
            return f"{year}-{int(month):02d}-{int(day):02d}"
        return ""
    return value


def _senzing_record(row: dict[str, str]) -> Record | None:
    schema = "Person" if row.get("RECORD_TYPE") == "PERSON" else "Company"
    parts = [row.get(k, "") for k in ("PRIMARY_NAME_FIRST", "PRIMARY_NAME_MIDDLE", "PRIMARY_NAME_LAST")]
    names = [row.get("PRIMARY_NAME_FULL") or row.get("PRIMARY_NAME_ORG") or " ".join(p for p in parts if p)]
    names += [row[k] for k in ("NATIVE_NAME_FULL", "SECONDARY_NAME_ORG") if row.get(k)]
    names = [n.strip() for n in names if n and n.strip()]
    if not names:
        return None
    dob = _iso_date(row.get("DATE_OF_BIRTH", "")) if schema == "Person" else ""
    ids = tuple((prop, row[col]) for col, prop in _SENZING_IDS.items() if row.get(col, "").strip())
    return query_record(names, schema=schema, birth_dates=(dob,) if dob else (), identifiers=ids)


def load_senzing_truthset(directory: Path) -> list[LabelledPair]:
    """Senzing's synthetic truth set: every pair of same-type records inside a test group,
    labelled a match when both records are in the same cluster. Names, birth dates and
    identifiers only (the set's addresses, phones and e-mails are not screening attributes)."""
    records: dict[tuple[str, str], Record] = {}
    for name in ("customers.csv", "watchlist.csv", "reference.csv"):
        with (directory / name).open(newline="", encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                rec = _senzing_record(row)
                if rec is not None:
                    records[(row["DATA_SOURCE"], row["RECORD_ID"])] = rec
    groups: dict[str, list[tuple[str, Record]]] = defaultdict(list)
    with (directory / "actual_truthset_key.csv").open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            rec = records.get((row["DATA_SOURCE"], row["RECORD_ID"]))
            if rec is not None:
                groups[row["TEST_GROUP"]].append((row["CLUSTER_ID"], rec))
    pairs = []
    for members in groups.values():
        for i, (cluster_a, a) in enumerate(members):
            for cluster_b, b in members[i + 1:]:
                if a.schema == b.schema:
                    pairs.append(LabelledPair("senzing_truthset", a.schema, a, b, cluster_a == cluster_b,
                                              _pair_script(a.names[0], b.names[0])))
    return pairs


@dataclass(frozen=True, slots=True)
class Metrics:
    n: int
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def measure(pairs: Iterable[LabelledPair], scores: Iterable[float], threshold: float) -> Metrics:
    tp = fp = fn = n = 0
    for pair, score in zip(pairs, scores, strict=True):
        n += 1
        alert = score >= threshold
        tp += alert and pair.is_match
        fp += alert and not pair.is_match
        fn += (not alert) and pair.is_match
    return Metrics(n, tp, fp, fn)


def measure_by(
    pairs: list[LabelledPair], scores: list[float], threshold: float, key: Callable[[LabelledPair], str]
) -> dict[str, Metrics]:
    groups: dict[str, list[int]] = defaultdict(list)
    for i, pair in enumerate(pairs):
        groups[key(pair)].append(i)
    return {
        name: measure([pairs[i] for i in idx], [scores[i] for i in idx], threshold)
        for name, idx in sorted(groups.items())
    }


def recall_at_k(ranked: list[list[tuple[str, float]]], expected: list[str], k: int, threshold: float) -> float:
    """Share of queries whose expected candidate is among the first ``k`` alerts (score ≥ threshold)."""
    if not expected:
        return 1.0
    found = 0
    for results, want in zip(ranked, expected, strict=True):
        alerts = [cid for cid, score in results if score >= threshold][:k]
        found += want in alerts
    return found / len(expected)
