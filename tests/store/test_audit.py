"""The audit trail detects a changed, removed or reordered entry and says where."""

import sqlalchemy as sa

from hrdd.store import Store, audit
from hrdd.store.tables import audit_log


def _write(store: Store, n: int) -> None:
    for i in range(n):
        with store.transaction() as conn:
            audit.append(conn, actor="ana", action="case.update", entity="case", entity_id="CASE-1",
                         before={"title": f"t{i}"}, after={"title": f"t{i + 1}"})


def unprotect(conn: sa.Connection) -> None:
    """What an attacker with database access does first: drop the append-only triggers."""
    if conn.engine.dialect.name == "sqlite":
        conn.execute(sa.text("DROP TRIGGER audit_log_no_update"))
        conn.execute(sa.text("DROP TRIGGER audit_log_no_delete"))
    else:
        conn.execute(sa.text("DROP TRIGGER audit_log_no_change ON audit_log"))
        conn.execute(sa.text("DROP TRIGGER audit_log_no_truncate ON audit_log"))


def _tamper(store: Store, statement: str, **params: object) -> None:
    with store.transaction() as conn:
        unprotect(conn)
        conn.execute(sa.text(statement), params)


def test_intact_chain_verifies(store: Store) -> None:
    _write(store, 5)
    with store.transaction() as conn:
        assert audit.verify_chain(conn) == []
        assert [e.seq for e in audit.entries(conn)] == [1, 2, 3, 4, 5]
        assert audit.entries(conn)[1].prev_hash == audit.entries(conn)[0].hash


def test_log_is_append_only(store: Store) -> None:
    _write(store, 1)
    import pytest

    with pytest.raises(sa.exc.DBAPIError), store.transaction() as conn:
        conn.execute(audit_log.update().values(actor="mallory"))
    with pytest.raises(sa.exc.DBAPIError), store.transaction() as conn:
        conn.execute(audit_log.delete())


def test_changed_entry_is_found(store: Store) -> None:
    _write(store, 4)
    _tamper(store, "UPDATE audit_log SET actor = 'mallory' WHERE seq = 3")
    with store.transaction() as conn:
        breaks = audit.verify_chain(conn)
    assert [(b.seq, b.problem) for b in breaks] == [(3, "content was changed after it was written")]


def test_removed_entry_is_found(store: Store) -> None:
    _write(store, 4)
    _tamper(store, "DELETE FROM audit_log WHERE seq = 2")
    with store.transaction() as conn:
        breaks = audit.verify_chain(conn)
    assert breaks and breaks[0].seq == 3 and "missing" in breaks[0].problem


def test_reordered_entries_are_found(store: Store) -> None:
    _write(store, 4)
    # swap the content of entries 2 and 3 but keep their sequence numbers
    _tamper(store, "UPDATE audit_log SET seq = 99 WHERE seq = 2")
    _tamper_more = "UPDATE audit_log SET seq = 2 WHERE seq = 3"
    with store.transaction() as conn:
        conn.execute(sa.text(_tamper_more))
        conn.execute(sa.text("UPDATE audit_log SET seq = 3 WHERE seq = 99"))
        breaks = audit.verify_chain(conn)
    assert {b.seq for b in breaks} >= {2, 3}


def test_truncation_is_found_against_a_recorded_anchor(store: Store) -> None:
    _write(store, 3)
    with store.transaction() as conn:
        anchor = audit.head(conn)
    _tamper(store, "DELETE FROM audit_log WHERE seq = 3")
    with store.transaction() as conn:
        assert audit.verify_chain(conn) == []  # the chain alone cannot see a cut at the end
        (found,) = audit.verify_chain(conn, anchor=anchor)
    assert found.seq == 3 and "truncated" in found.problem


def test_truncate_is_refused_on_postgres(store: Store) -> None:
    import pytest

    _write(store, 2)
    if store.dialect != "postgresql":
        pytest.skip("SQLite has no TRUNCATE (a DELETE without WHERE is refused by test_log_is_append_only)")
    with pytest.raises(sa.exc.DBAPIError, match="append-only"), store.transaction() as conn:
        conn.execute(sa.text("TRUNCATE audit_log"))
    with store.transaction() as conn:
        assert audit.count(conn) == 2


def test_an_append_waiting_for_another_writer_does_not_block_it(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """On SQLite, a transaction whose first write is its audit entry waits for the database's write
    lock without holding anything the writer needs: both entries land and the chain verifies
    (before, it held a process lock the writer then waited on, until "database is locked")."""
    import datetime as dt
    import threading
    import time

    from hrdd.store import open_store
    from hrdd.store.tables import users

    store = open_store(f"sqlite:///{tmp_path / 'a.sqlite3'}")
    writing, errors = threading.Event(), []

    def writer() -> None:  # holds the write lock, then appends its own entry
        try:
            with store.transaction() as conn:
                conn.execute(users.insert().values(username="ana", password_hash="x", role="analyst",
                                                   created_at=dt.datetime.now(dt.UTC)))
                writing.set()
                time.sleep(0.5)  # meanwhile the other thread starts its append
                audit.append(conn, actor="ana", action="user.create", entity="user", entity_id="ana")
        except Exception as err:  # noqa: BLE001
            errors.append(err)
        finally:
            writing.set()

    def appender() -> None:  # its audit entry is its first write
        writing.wait()
        try:
            with store.transaction() as conn:
                audit.append(conn, actor="ben", action="case.read", entity="case", entity_id="CASE-1")
        except Exception as err:  # noqa: BLE001
            errors.append(err)

    threads = [threading.Thread(target=writer), threading.Thread(target=appender)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with store.transaction() as conn:
        assert [e.actor for e in audit.entries(conn)] == ["ana", "ben"]
        assert audit.verify_chain(conn) == []
