"""Reading and verifying the audit trail."""

from hrdd.services.permissions import Actor, require
from hrdd.store import Store, audit
from hrdd.store.audit import AuditEntry, ChainBreak


def audit_entries(store: Store, actor: Actor, *, entity_id: str | None = None, limit: int = 200,
                  offset: int = 0) -> list[AuditEntry]:
    require(actor, "audit.read")
    with store.transaction() as conn:
        return audit.entries(conn, entity_id=entity_id, limit=limit, offset=offset)


def verify_audit(store: Store, anchor: tuple[int, str] | None = None) -> tuple[int, list[ChainBreak], tuple[int, str]]:
    """(entries checked, breaks, current head). Run by ``hrdd audit verify`` with database access."""
    with store.transaction() as conn:
        breaks = audit.verify_chain(conn, anchor)
        head = audit.head(conn)
        count = len(audit.entries(conn))
    return count, breaks, head
