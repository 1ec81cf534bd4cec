from pathlib import Path

import pytest

from hrdd.exc import InvalidInput
from hrdd.screening.evaluate import (
    load_cross_script,
    load_name_bench,
    load_relabels,
    load_senzing_truthset,
    measure,
    measure_by,
    recall_at_k,
    script_of,
)


def test_metrics_count_alerts_against_labels(tmp_path: Path) -> None:
    csv = tmp_path / "cases.csv"
    csv.write_text("case_group,schema,name1,name2,is_match,quality,category,notes\n"
                   "g,Person,A B,A B,true,,,\ng,Person,C D,C E,false,,,\ng,Company,X,Y,true,,,\n", encoding="utf-8")
    pairs = load_name_bench(csv)
    m = measure(pairs, [0.9, 0.8, 0.1], 0.7)
    assert (m.tp, m.fp, m.fn) == (1, 1, 1)
    assert m.precision == 0.5 and m.recall == 0.5 and m.f1 == 0.5
    by = measure_by(pairs, [0.9, 0.8, 0.1], 0.7, lambda p: p.schema)
    assert by["Company"].recall == 0.0 and by["Person"].recall == 1.0


def test_bad_label_names_file_and_line(tmp_path: Path) -> None:
    csv = tmp_path / "cases.csv"
    csv.write_text("case_group,schema,name1,name2,is_match\ng,Person,A,B,perhaps\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as err:
        load_name_bench(csv)
    assert err.value.problems[0].line == 2


def test_recall_at_k_needs_the_expected_alert_in_the_first_k() -> None:
    ranked = [[("a", 0.9), ("b", 0.8)], [("c", 0.95), ("d", 0.6)], [("x", 0.99)] * 5 + [("e", 0.9)]]
    assert recall_at_k(ranked, ["b", "d", "e"], 5, 0.7) == pytest.approx(1 / 3)


def test_script_detection_and_cross_script_loader(tmp_path: Path) -> None:
    assert script_of("Путин") == "Cyrillic"
    assert script_of("习近平") == "Han"
    assert script_of("Müller") == "Latin"
    path = tmp_path / "pairs.csv"
    path.write_text("# comment\n\nВладимир Путин,Vladimir Putin,0.95,Russian\n", encoding="utf-8")
    pairs = load_cross_script(path)
    assert len(pairs) == 1 and pairs[0].is_match and pairs[0].script == "Cyrillic"


def test_senzing_truthset_pairs_within_groups(tmp_path: Path) -> None:
    head = "DATA_SOURCE,RECORD_ID,PRIMARY_NAME_FULL,PRIMARY_NAME_ORG,PRIMARY_NAME_LAST,PRIMARY_NAME_FIRST," \
           "DATE_OF_BIRTH,PASSPORT_NUMBER,RECORD_TYPE\n"
    (tmp_path / "customers.csv").write_text(
        head + "C,1,,,Smith,Robert,12/11/1978,,PERSON\nC,2,,,Smith,Bob,12/11/1978,X123456,PERSON\n"
        "C,3,,Acme Ltd,,,,,ORGANIZATION\n", encoding="utf-8")
    (tmp_path / "watchlist.csv").write_text(head + "W,9,Jane Doe,,,,,,PERSON\n", encoding="utf-8")
    (tmp_path / "reference.csv").write_text(head, encoding="utf-8")
    (tmp_path / "actual_truthset_key.csv").write_text(
        "TEST_GROUP,CLUSTER_ID,DATA_SOURCE,RECORD_ID\n1,1,C,1\n1,1,C,2\n1,3,C,3\n1,9,W,9\n", encoding="utf-8")
    pairs = load_senzing_truthset(tmp_path)
    labels = sorted((p.query.names[0], p.candidate.names[0], p.is_match) for p in pairs)
    assert labels == [("Bob Smith", "Jane Doe", False), ("Robert Smith", "Bob Smith", True),
                      ("Robert Smith", "Jane Doe", False)]
    assert pairs[0].query.birth_dates == ("1978-12-11",)


def _bench_file(tmp_path: Path) -> Path:
    path = tmp_path / "cases.csv"
    path.write_text("case_group,schema,name1,name2,is_match,quality,category,notes\n"
                    "nk_unit_tests,Person,John Doe,Juan Doe,true,MEDIUM,,\n"
                    "nk_unit_tests,Person,John Doe,John Doe,true,MEDIUM,,\n", encoding="utf-8")
    return path


def test_relabels_from_upstream_replace_the_copy_s_labels(tmp_path: Path) -> None:
    relabels = {("nk_unit_tests", "Person", "John Doe", "Juan Doe"): (False, "test_model_cases.py: matches False")}
    pairs = load_name_bench(_bench_file(tmp_path), relabels)
    assert [p.is_match for p in pairs] == [False, True]


def test_a_relabel_matching_no_pair_is_an_error(tmp_path: Path) -> None:
    relabels = {("nk_unit_tests", "Person", "John Doe", "Joan Doe"): (False, "x")}
    with pytest.raises(InvalidInput) as err:
        load_name_bench(_bench_file(tmp_path), relabels)
    assert "Joan Doe" in str(err.value.problems[0].found)


def test_project_relabels_and_cases_load() -> None:
    from hrdd.screening.evalsets import load_cases

    root = Path(__file__).resolve().parents[2] / "bench" / "data"
    relabels = load_relabels(root / "name_bench_relabels.csv")
    assert len(relabels) == 18 and all(source for _, source in relabels.values())
    cases = load_cases(root / "screening_cases.csv")
    classes = {p.group for p in cases}
    # every class has pairs that must not match
    assert all(any(not p.is_match for p in cases if p.group == c) for c in classes)
