"""Delivering alerts outside hrdd: e-mail over SMTP and signed webhooks.

Every alert is delivered at least once on each configured channel; a delivery is recorded
after it succeeded, so a worker that dies between sending and recording sends it again. The
webhook body carries the alert id for receivers to drop repeats.

Webhook signature: ``X-Hrdd-Signature: t=<unix time>,v1=<hex HMAC-SHA256>`` where the HMAC key
is ``webhook_secret`` and the signed message is ``"<t>." + body`` (the exact bytes sent).
A receiver recomputes it, compares in constant time and refuses a ``t`` older than its
tolerance (:func:`verify_signature`), so a captured request cannot be replayed later.
"""

import hashlib
import hmac
import json
import smtplib
import ssl
import time
from email.message import EmailMessage
from typing import Any

import httpx

from hrdd.exc import ConfigError, HrddError
from hrdd.logs import get_logger
from hrdd.services.alerts import alert_dict
from hrdd.settings import Settings
from hrdd.store import Store
from hrdd.store import alerts as alert_rows
from hrdd.store.alerts import AlertRow
from hrdd.version import __version__

log = get_logger(__name__)
SIGNATURE_HEADER = "X-Hrdd-Signature"
TOLERANCE_SECONDS = 300
EMAIL = "email"
WEBHOOK = "webhook"


class DeliveryError(HrddError):
    """An alert could not be delivered on a channel (it stays pending and is retried)."""


def channels(settings: Settings) -> list[str]:
    """The configured delivery channels."""
    found = []
    if settings.smtp_host and settings.alert_email_to:
        found.append(EMAIL)
    if settings.webhook_url:
        found.append(WEBHOOK)
    return found


def undelivered_count(store: Store, channel: str) -> int:
    with store.transaction() as conn:
        return len(alert_rows.undelivered(conn, channel, limit=1))


def sign(secret: str, body: bytes, timestamp: int) -> str:
    mac = hmac.new(secret.encode("utf-8"), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={mac}"


def verify_signature(secret: str, body: bytes, header: str, *, now: float | None = None,
                     tolerance: int = TOLERANCE_SECONDS) -> bool:
    """True when ``header`` signs ``body`` with ``secret`` and is no older than ``tolerance`` seconds."""
    parts = dict(p.split("=", 1) for p in header.split(",") if "=" in p)
    try:
        stamp = int(parts.get("t", ""))
    except ValueError:
        return False
    if abs((now if now is not None else time.time()) - stamp) > tolerance:
        return False
    expected = sign(secret, body, stamp).split("v1=", 1)[1]
    return hmac.compare_digest(expected, parts.get("v1", ""))


def webhook_body(alert: AlertRow) -> bytes:
    return json.dumps({"type": "hrdd.alert", "alert": alert_dict(alert)}, ensure_ascii=False,
                      sort_keys=True, separators=(",", ":")).encode("utf-8")


def send_webhook(settings: Settings, alert: AlertRow, *, timeout: float = 10.0) -> None:
    if not settings.webhook_secret:
        raise ConfigError("webhook_url is set but webhook_secret is empty: webhooks are always signed")
    body = webhook_body(alert)
    headers = {"Content-Type": "application/json", "User-Agent": f"hrdd/{__version__}",
               SIGNATURE_HEADER: sign(settings.webhook_secret, body, int(time.time())),
               "X-Hrdd-Alert": str(alert.id)}
    try:
        response = httpx.post(settings.webhook_url, content=body, headers=headers, timeout=timeout)
    except httpx.HTTPError as err:
        raise DeliveryError(f"webhook for alert {alert.id} failed: {err}") from err
    if not 200 <= response.status_code < 300:
        raise DeliveryError(f"webhook for alert {alert.id} answered HTTP {response.status_code}")


def email_message(settings: Settings, alert: AlertRow) -> EmailMessage:
    """The alert as a plain-text e-mail: what happened, on which case, and where to look."""
    message = EmailMessage()
    message["Subject"] = f"[hrdd] {alert.title}"
    message["From"] = settings.smtp_from or "hrdd@localhost"
    message["To"] = ", ".join(a.strip() for a in settings.alert_email_to.split(",") if a.strip())
    message["X-Hrdd-Alert"] = str(alert.id)
    lines = [alert.title, "", f"Kind: {alert.kind}", f"Case: {alert.case_id or '-'}",
             f"Raised: {alert.created_at:%Y-%m-%d %H:%M} UTC", ""]
    explanation: dict[str, Any] = alert.explanation
    if "explanation" in explanation:
        lines.append(f"Why: {explanation['explanation']}")
    if "score" in explanation:
        lines.append(f"Score: {explanation['score']} (threshold {explanation.get('threshold')})")
    if "error" in explanation:
        lines.append(f"Error: {explanation['error']}")
    lines += ["", "Open the alerts inbox in hrdd to review and acknowledge it."]
    message.set_content("\n".join(lines))
    return message


def send_email(settings: Settings, alert: AlertRow, *, timeout: float = 30.0) -> None:
    message = email_message(settings, alert)
    try:
        if settings.smtp_tls == "ssl":
            client: smtplib.SMTP = smtplib.SMTP_SSL(settings.smtp_host, settings.smtp_port, timeout=timeout,
                                                    context=ssl.create_default_context())
        else:
            client = smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=timeout)
        with client:
            if settings.smtp_tls == "starttls":
                client.starttls(context=ssl.create_default_context())
            if settings.smtp_user:
                client.login(settings.smtp_user, settings.smtp_password)
            client.send_message(message)
    except (OSError, smtplib.SMTPException) as err:
        raise DeliveryError(f"e-mail for alert {alert.id} failed: {err}") from err


SENDERS = {EMAIL: send_email, WEBHOOK: send_webhook}


def deliver_pending(store: Store, settings: Settings, *, limit: int = 500) -> dict[str, int]:
    """Deliver every undelivered alert on every configured channel; count deliveries by channel.

    A failed delivery stops that channel for this run (the alert stays pending) and raises
    DeliveryError after the other channels had their turn."""
    delivered: dict[str, int] = {}
    failures: list[str] = []
    for channel in channels(settings):
        delivered[channel] = 0
        with store.transaction() as conn:
            todo = alert_rows.undelivered(conn, channel, limit=limit)
        for alert in todo:
            try:
                SENDERS[channel](settings, alert)
            except DeliveryError as err:
                failures.append(str(err))
                break
            with store.transaction() as conn:
                alert_rows.mark_delivered(conn, alert.id, channel)
            delivered[channel] += 1
    if failures:
        log.warning("alert delivery failed", extra={"ctx": {"failures": len(failures)}})
        raise DeliveryError("; ".join(failures))
    return delivered
