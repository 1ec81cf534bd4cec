"""Screening a file of parties: same hits as one at a time, resumable, restarted when the job changes."""

import csv
import os
from pathlib import Path

import pytest

from hrdd.services.screening import screen_name
from hrdd.services.screening_file import PartyLine, screen_file
from hrdd.settings import Settings
from tests.screening.entities import write_list

NAMES = [("Romashka Systems", "ru", "LegalEntity"), ("Harbour Bakery Cooperative", None, "LegalEntity"),
         ("IRGC", None, "Organization"), ("Ivan Sidorenko", "ru", "Person"), ("Zhejiang Dahua Technology", "cn",
                                                                             "Company"),
         ("Blue Harbor Trading", "ae", "LegalEntity"), ("Ромашка Системс", None, "LegalEntity"),
         ("Siemens Healthineers AG", "de", "Company"), ("Dahua Technology Co Ltd", None, "Company"),
         ("Ivan Petrovich Sidorenko", None, "Person"), ("Olaf Scholz", "de", "Person")]


@pytest.fixture
def settings(_isolated_home: Path) -> Settings:
    write_list(_isolated_home / "lists")
    return Settings(home=_isolated_home)


def _input(tmp_path: Path, names: list[tuple[str, str | None, str]]) -> tuple[Path, list[PartyLine]]:
    path = tmp_path / "parties.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["name", "country", "schema"])
        writer.writerows([(n, c or "", s) for n, c, s in names])
    return path, [PartyLine(i + 2, n, c, s) for i, (n, c, s) in enumerate(names)]


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_file_gives_the_hits_of_one_at_a_time(settings: Settings, tmp_path: Path) -> None:
    source, lines = _input(tmp_path, NAMES * 2)
    out = tmp_path / "hits.csv"
    summary = screen_file(source, lines, out, settings=settings, workers=2, chunk=3)
    expected = [(str(line.line), hit.source, hit.entry_id, str(hit.score))
                for line in lines for hit in screen_name(line.name, country=line.country, schema=line.schema,
                                                         settings=settings)]
    got = [(r["row"], r["source"], r["entry_id"], r["score"]) for r in _rows(out)]
    assert got == expected and summary.hits == len(expected) > 4
    assert summary.resumed_from == 0


class _Stop(Exception):
    pass


def test_rerun_continues_where_it_stopped(settings: Settings, tmp_path: Path) -> None:
    source, lines = _input(tmp_path, NAMES * 2)
    whole = tmp_path / "whole.csv"
    screen_file(source, lines, whole, settings=settings, chunk=3)
    out = tmp_path / "hits.csv"

    def stop_after_two_chunks(done: int, total: int) -> None:
        if done >= 6:
            raise _Stop

    with pytest.raises(_Stop):
        screen_file(source, lines, out, settings=settings, workers=2, chunk=3, on_progress=stop_after_two_chunks)
    with out.open("a", encoding="utf-8") as fh:
        fh.write("99,half-written chunk of a run that died")  # written after the last checkpoint
    seen: list[int] = []
    summary = screen_file(source, lines, out, settings=settings, chunk=3, on_progress=lambda d, _: seen.append(d))
    assert summary.resumed_from == 6 and seen[0] == 6
    assert out.read_text(encoding="utf-8") == whole.read_text(encoding="utf-8")


def test_changed_input_starts_over(settings: Settings, tmp_path: Path) -> None:
    source, lines = _input(tmp_path, NAMES)
    out = tmp_path / "hits.csv"
    screen_file(source, lines, out, settings=settings, chunk=4)
    source, lines = _input(tmp_path, NAMES[:3])
    summary = screen_file(source, lines, out, settings=settings, chunk=4)
    assert summary.resumed_from == 0 and summary.rows == 3
    assert {r["row"] for r in _rows(out)} <= {"2", "3", "4"}


def test_workers_of_a_large_file_look_long_words_up_in_the_table(settings: Settings, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """A large file (here: 5 rows or more) has its forked workers find the near terms of long words
    (Healthineers, Cooperative …) in the index's table of long terms, with the same hits."""
    from hrdd.screening.two_edits import TwoEditTerms
    from hrdd.services import screening_file

    calls = tmp_path / "calls"
    within_two = TwoEditTerms.within_two

    def noted(table: TwoEditTerms, word: str) -> list[str]:
        with calls.open("a", encoding="utf-8") as fh:
            fh.write(f"{os.getpid()}\n")
        return within_two(table, word)

    monkeypatch.setattr(TwoEditTerms, "within_two", noted)
    monkeypatch.setattr(screening_file, "WARM_FROM_ROWS", 5)
    source, lines = _input(tmp_path, NAMES * 2)
    out = tmp_path / "hits.csv"
    screen_file(source, lines, out, settings=settings, workers=2, chunk=3)
    pids = set(calls.read_text(encoding="utf-8").split())
    assert pids and str(os.getpid()) not in pids  # the workers used it (the parent screens no row)
    expected = [(str(line.line), hit.entry_id, str(hit.score))
                for line in lines for hit in screen_name(line.name, country=line.country, schema=line.schema,
                                                         settings=settings)]
    assert [(r["row"], r["entry_id"], r["score"]) for r in _rows(out)] == expected
