from pathlib import Path

import pytest

from hrdd.exc import InvalidInput
from hrdd.screening.evaluate import (
    load_cross_script,
    load_name_bench,
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
