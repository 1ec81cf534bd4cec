"""Audit anchors: the log's length and head hash, signed, kept outside the database.

The hash chain shows an entry that was changed, removed from the middle or reordered. It
cannot show that the newest entries were cut off (a rollback, a restored older backup) or
that the whole table was emptied: an anchor can. ``make_anchor`` records the entry count and
the head entry's hash at a moment, signed with HMAC-SHA256 under ``HRDD_AUDIT_ANCHOR_KEY``;
``verify_with_anchor`` reports tampering when the log is now shorter than the anchor's count,
when the entry at the anchor's head no longer has the anchor's hash (the log diverged), or
when the anchor's signature does not match (a forged or altered anchor proves nothing).
"""

import datetime as dt
import hashlib
import hmac
import json
from dataclasses import asdict, dataclass
from typing import Any

from hrdd.exc import ConfigError, HrddError, InvalidInput, Problem
from hrdd.settings import Settings
from hrdd.store import Store, audit
from hrdd.store.audit import ChainBreak

SCHEMA = "hrdd.audit-anchor/1"
MIN_KEY_LENGTH = 32


@dataclass(frozen=True, slots=True)
class Anchor:
    schema: str
    count: int
    head_seq: int
    head_hash: str
    at: str  # ISO 8601, UTC
    signature: str  # HMAC-SHA256 (hex) of the other fields, canonical JSON


def _key(settings: Settings) -> bytes:
    key = settings.audit_anchor_key
    if len(key) < MIN_KEY_LENGTH:
        raise ConfigError("audit anchors need a signing key", [Problem(
            "HRDD_AUDIT_ANCHOR_KEY is missing or too short", field="HRDD_AUDIT_ANCHOR_KEY",
            expected=f"at least {MIN_KEY_LENGTH} characters", found=f"{len(key)} characters")])
    return key.encode("utf-8")


def _signed_part(fields: dict[str, Any]) -> bytes:
    body = {k: fields[k] for k in ("schema", "count", "head_seq", "head_hash", "at")}
    return json.dumps(body, sort_keys=True, separators=(",", ":")).encode("utf-8")


def _signature(fields: dict[str, Any], key: bytes) -> str:
    return hmac.new(key, _signed_part(fields), hashlib.sha256).hexdigest()


def make_anchor(store: Store, settings: Settings) -> Anchor:
    """The log's current count and head, signed (one transaction: the two agree)."""
    key = _key(settings)
    with store.transaction() as conn:
        count = audit.count(conn)
        seq, digest = audit.head(conn)
    fields: dict[str, Any] = {"schema": SCHEMA, "count": count, "head_seq": seq, "head_hash": digest,
                              "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}
    return Anchor(**fields, signature=_signature(fields, key))


def anchor_json(anchor: Anchor) -> str:
    return json.dumps(asdict(anchor), indent=2) + "\n"


def parse_anchor(text: str, source: str = "anchor") -> Anchor:
    """An anchor file's content; InvalidInput naming the file and field when it is not one."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise InvalidInput(f"{source} is not an audit anchor", [Problem(
            f"invalid JSON: {err.msg}", file=source, line=err.lineno, expected=f"a {SCHEMA} document")]) from None
    if not isinstance(data, dict):
        raise InvalidInput(f"{source} is not an audit anchor", [Problem("not a JSON object", file=source)])
    types = {"schema": str, "count": int, "head_seq": int, "head_hash": str, "at": str, "signature": str}
    problems = [Problem("missing or of the wrong type", file=source, field=name, expected=kind.__name__,
                        found=repr(data.get(name))[:80])
                for name, kind in types.items() if not isinstance(data.get(name), kind) or isinstance(
                    data.get(name), bool)]
    if not problems and data["schema"] != SCHEMA:
        problems.append(Problem("unknown anchor format", file=source, field="schema", expected=SCHEMA,
                                found=repr(data["schema"])[:80]))
    if problems:
        raise InvalidInput(f"{source} is not an audit anchor", problems)
    return Anchor(**{name: data[name] for name in types})


def verify_with_anchor(store: Store, settings: Settings, anchor: Anchor) -> list[ChainBreak]:
    """Every way the log fails the chain check or the anchor (empty when it holds)."""
    key = _key(settings)
    fields = asdict(anchor)
    breaks: list[ChainBreak] = []
    if not hmac.compare_digest(_signature(fields, key), anchor.signature):
        breaks.append(ChainBreak(anchor.head_seq, "the anchor's signature does not match: it was altered or "
                                                  "not made with this key, so it proves nothing"))
    with store.transaction() as conn:
        count = audit.count(conn)
        found = audit.verify_chain(conn, (anchor.head_seq, anchor.head_hash) if anchor.head_seq else None)
    if count < anchor.count:
        breaks.append(ChainBreak(anchor.head_seq, f"the log holds {count} entries, fewer than the {anchor.count} "
                                                  f"recorded by the anchor of {anchor.at}: entries were removed "
                                                  "(truncation or rollback)"))
    return breaks + [b for b in found if not (count < anchor.count and "truncated" in b.problem)]


def send_anchor(anchor: Anchor, url: str) -> None:
    """POST the anchor as JSON; HrddError when the receiver does not accept it."""
    import httpx

    try:
        response = httpx.post(url, json=asdict(anchor), timeout=30.0)
    except httpx.HTTPError as err:
        raise HrddError(f"could not send the anchor to {url}: {err}") from None
    if not response.is_success:
        raise HrddError(f"{url} refused the anchor: HTTP {response.status_code}")
