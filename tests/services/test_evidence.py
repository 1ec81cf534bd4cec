"""Evidence files: clean names, content addressing, nothing left behind by a failure."""

import hashlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hrdd.exc import NotFound
from hrdd.model.limits import FILENAME_MAX
from hrdd.services import evidence
from hrdd.services.permissions import Actor, Role
from hrdd.settings import Settings

ANALYST = Actor("analyst", Role.ANALYST)


@given(st.text(max_size=400))
def test_safe_filename_is_one_clean_segment(name: str) -> None:
    clean = evidence.safe_filename(name)
    assert clean and len(clean) <= FILENAME_MAX
    assert not any(ch in clean for ch in '/\\<>:"|?*') and clean.isprintable()
    assert clean == evidence.safe_filename(clean)  # idempotent: a stored name survives a second pass
    assert clean not in (".", "..")


@pytest.mark.parametrize(("name", "clean"), [
    ("../../etc/passwd.txt", "passwd.txt"), ("C:\\Users\\x\\report.pdf", "report.pdf"),
    ("evil\u202egpj.pdf", "evilgpj.pdf"), ("line\nbreak.txt", "linebreak.txt"), ("отчёт.pdf", "отчёт.pdf"),
    ("..", "evidence"), ("a" * 300 + ".pdf", "a" * (FILENAME_MAX - 4) + ".pdf"),
])
def test_safe_filename_examples(name: str, clean: str) -> None:
    assert evidence.safe_filename(name) == clean


def _settings(store, tmp_path) -> Settings:  # type: ignore[no-untyped-def]
    return Settings(home=tmp_path / "home", database_url=str(store.engine.url.render_as_string(hide_password=False)))


def _new_case(store) -> str:  # type: ignore[no-untyped-def]
    from hrdd.store.cases import insert_case

    with store.transaction() as conn:
        return insert_case(conn, case_id="CASE-2026-0001", title="t", case_text="title: t", country="BR",
                           end_user="e", created_by="analyst").id


def test_missing_case_writes_nothing(store, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings = _settings(store, tmp_path)
    with pytest.raises(NotFound):
        evidence.add_evidence(store, ANALYST, "CASE-1999-0001", "a.txt", b"plain words", settings=settings)
    assert not (settings.home / "evidence").exists()


def test_a_record_that_fails_to_commit_leaves_no_file(store, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    settings = _settings(store, tmp_path)
    case_id = _new_case(store)
    data = b"words that fail to be recorded"
    path = settings.home / "evidence" / hashlib.sha256(data).hexdigest()[:2] / hashlib.sha256(data).hexdigest()

    def broken_audit(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("the audit write failed")

    monkeypatch.setattr(evidence.audit, "append", broken_audit)
    with pytest.raises(RuntimeError):
        evidence.add_evidence(store, ANALYST, case_id, "a.txt", data, settings=settings)
    assert not path.exists()
    assert [p for p in (settings.home / "evidence").rglob("*") if p.is_file()] == []
    monkeypatch.undo()
    row = evidence.add_evidence(store, ANALYST, case_id, "a.txt", data, settings=settings)
    assert path.read_bytes() == data and row.sha256 == path.name
