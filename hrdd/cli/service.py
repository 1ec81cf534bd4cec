"""``hrdd serve``, ``hrdd user …`` and ``hrdd audit …``: running and administering the service."""

import ipaddress
import json

import click

WORKER_PING_SECONDS = 30


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--workers", default=1, show_default=True, type=int, help="Worker processes (PostgreSQL for more than one).")
def serve(host: str, port: int, workers: int) -> None:
    """Run the web UI and HTTP API (OpenAPI at /docs) on the configured database."""
    import os

    from hrdd.settings import get_settings

    settings = get_settings()
    loopback = host == "localhost" or _is_loopback(host)
    if loopback and "HRDD_COOKIE_SECURE" not in os.environ:
        # plain HTTP on this machine only: a Secure cookie would never be sent back
        os.environ["HRDD_COOKIE_SECURE"] = "false"
        get_settings.cache_clear()
        settings = get_settings()
    click.echo(f"hrdd on http://{host}:{port}/ (database {settings.db_url.split('@')[-1]})", err=True)
    # the boot app answers the health checks at once and builds the app, migrates the database and
    # opens the screening index beside them (hrdd/api/boot.py, hrdd/services/readiness.py).
    # proxy_headers=False: the client address is the peer unless HRDD_TRUSTED_PROXIES says otherwise.
    # A worker warms up in a background thread; on a loaded machine it can miss uvicorn's 5 s
    # supervisor ping and be killed and restarted over and over.
    if workers > 1:
        # one start-up in the parent, workers forked from it, sharing what it built (hrdd/api/prefork.py)
        from hrdd.api.prefork import PreforkServer

        PreforkServer(settings, host, port, workers).run()
        return
    import uvicorn

    uvicorn.run("hrdd.api.boot:create_boot_app", factory=True, host=host, port=port,
                log_level="warning", proxy_headers=False, timeout_worker_healthcheck=WORKER_PING_SECONDS)


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@click.group()
def user() -> None:
    """Manage local user accounts (roles: admin, analyst, approver, auditor)."""


@user.command("add")
@click.argument("username")
@click.option("--role", type=click.Choice(["admin", "analyst", "approver", "auditor"]), required=True)
@click.password_option(help="At least 12 characters, not a common password; asked for when not given.")
def user_add(username: str, role: str, password: str) -> None:
    """Create USERNAME with ROLE."""
    from hrdd.services.store import get_store
    from hrdd.services.users import add_user

    add_user(get_store(), username, password, role)
    click.echo(f"user {username} added with role {role}")


@user.command("list")
def user_list() -> None:
    """List the accounts."""
    from hrdd.services.store import get_store
    from hrdd.services.users import list_users

    for row in list_users(get_store()):
        click.echo(f"{row.username}\t{row.role}\t{'active' if row.active else 'disabled'}")


@user.command("disable")
@click.argument("username")
def user_disable(username: str) -> None:
    """Disable USERNAME: their sessions end now and their API keys stop working."""
    from hrdd.services.store import get_store
    from hrdd.services.users import set_user_active

    set_user_active(get_store(), username, False)
    click.echo(f"user {username} disabled")


@user.command("enable")
@click.argument("username")
def user_enable(username: str) -> None:
    """Enable USERNAME again."""
    from hrdd.services.store import get_store
    from hrdd.services.users import set_user_active

    set_user_active(get_store(), username, True)
    click.echo(f"user {username} enabled")


@user.command("password")
@click.argument("username")
@click.password_option(help="At least 12 characters, not a common password; asked for when not given.")
def user_password(username: str, password: str) -> None:
    """Set USERNAME's password; every session of theirs ends."""
    from hrdd.services.store import get_store
    from hrdd.services.users import set_password

    ended = set_password(get_store(), username, password)
    click.echo(f"password of {username} set; {ended} session(s) ended")


@user.group("key")
def user_key() -> None:
    """API keys for machine clients (sent as `Authorization: ApiKey <key>`)."""


@user_key.command("create")
@click.argument("username")
@click.option("--scope", "scopes", multiple=True, required=True, type=click.Choice(["screen", "read", "write"]),
              help="What the key may do, within the user's role; repeat for several.")
@click.option("--name", default="", help="What the key is for (default: the scopes).")
def key_create(username: str, scopes: tuple[str, ...], name: str) -> None:
    """Create an API key for USERNAME and print it (this once: only its hash is kept)."""
    from hrdd.services.api_keys import create_key
    from hrdd.services.store import get_store
    from hrdd.services.users import SYSTEM

    new = create_key(get_store(), SYSTEM, username, name or " ".join(scopes), list(scopes))
    click.echo(f"API key {new.row.prefix} for {username} (scopes: {new.row.scopes}); it is shown only now:", err=True)
    click.echo(new.key)


@user_key.command("list")
@click.argument("username")
def key_list(username: str) -> None:
    """List USERNAME's API keys: prefix, scopes, name, created, last used, revoked."""
    from hrdd.services.api_keys import list_keys
    from hrdd.services.store import get_store
    from hrdd.services.users import SYSTEM

    for row in list_keys(get_store(), SYSTEM, username):
        when = [f"{t:%Y-%m-%d %H:%M}" if t else "-" for t in (row.created_at, row.last_used_at, row.revoked_at)]
        click.echo("\t".join([row.prefix, row.scopes.replace(" ", ","), row.name, *when]))


@user_key.command("revoke")
@click.argument("username")
@click.argument("prefix")
def key_revoke(username: str, prefix: str) -> None:
    """Revoke USERNAME's API key PREFIX (the 12 characters after `hrdd_`)."""
    from hrdd.services.api_keys import revoke_key
    from hrdd.services.store import get_store
    from hrdd.services.users import SYSTEM

    revoke_key(get_store(), SYSTEM, username, prefix)
    click.echo(f"API key {prefix} of {username} revoked")


@click.group()
def audit() -> None:
    """Check the tamper-evident audit trail."""


@audit.command("verify")
@click.option("--anchor", help="An anchor file written by `hrdd audit anchor` (or SEQ:HASH from `hrdd audit head`): "
                               "detects entries removed from the end and a rewritten log.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
def audit_verify(anchor: str | None, fmt: str) -> None:
    """Verify the hash chain; exit 1 and say where when an entry was changed, removed or reordered,
    or when the log is shorter than, or diverges from, the anchor."""
    from pathlib import Path

    from hrdd.services.anchors import parse_anchor, verify_with_anchor
    from hrdd.services.audit import verify_audit
    from hrdd.services.store import get_store
    from hrdd.settings import get_settings

    if anchor and Path(anchor).is_file():
        found = parse_anchor(Path(anchor).read_text(encoding="utf-8"), source=anchor)
        breaks = verify_with_anchor(get_store(), get_settings(), found)
        count, _, head = verify_audit(get_store())
    else:
        pair = None
        if anchor:
            seq, _, digest = anchor.partition(":")
            if not seq.isdigit() or len(digest) != 64:
                raise click.BadParameter("expected an anchor file or SEQ:HASH as printed by `hrdd audit head`",
                                         param_hint="--anchor")
            pair = (int(seq), digest)
        count, breaks, head = verify_audit(get_store(), pair)
    if fmt == "json":
        click.echo(json.dumps({"ok": not breaks, "entries": count, "head": f"{head[0]}:{head[1]}",
                               "breaks": [{"seq": b.seq, "problem": b.problem} for b in breaks]}, indent=2))
    elif breaks:
        for b in breaks:
            click.echo(f"entry {b.seq}: {b.problem}", err=True)
    else:
        click.echo(f"audit trail intact: {count} entries, head {head[0]}:{head[1]}")
    if breaks:
        raise SystemExit(1)


@audit.command("anchor")
@click.option("--out", "out", type=click.Path(dir_okay=False), help="Also write the anchor to this file.")
@click.option("--url", help="Also POST it (JSON) here; default HRDD_AUDIT_ANCHOR_URL when set.")
def audit_anchor(out: str | None, url: str | None) -> None:
    """Print a signed anchor (entry count, head hash, time; HMAC-SHA256 with HRDD_AUDIT_ANCHOR_KEY).
    Keep it where the database's administrators cannot write; check later with `verify --anchor`."""
    from pathlib import Path

    from hrdd.services.anchors import anchor_json, make_anchor, send_anchor
    from hrdd.services.store import get_store
    from hrdd.settings import get_settings

    settings = get_settings()
    anchor = make_anchor(get_store(settings), settings)
    text = anchor_json(anchor)
    if out:
        tmp = Path(f"{out}.tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(out)
    target = url or settings.audit_anchor_url
    if target:
        send_anchor(anchor, target)
    click.echo(text, nl=False)


@audit.command("head")
def audit_head() -> None:
    """Print SEQ:HASH of the latest entry; keep it to detect truncation later."""
    from hrdd.services.audit import verify_audit
    from hrdd.services.store import get_store

    _, _, head = verify_audit(get_store())
    click.echo(f"{head[0]}:{head[1]}")
