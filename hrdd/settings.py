"""Settings from the environment (``HRDD_*``); nothing else reads os.environ."""

import os
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from hrdd.model.limits import BODY_MAX_BYTES, UPLOAD_MAX_BYTES

if TYPE_CHECKING:
    from hrdd.exc import ConfigError


def _default_home() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "hrdd"


class Settings(BaseSettings):
    """Every setting hrdd reads. Documented in docs/settings.md."""

    model_config = SettingsConfigDict(env_prefix="HRDD_", extra="ignore", frozen=True)

    home: Path = Field(default_factory=_default_home, description="Data home: database, lists, index.")
    cache_dir: Path | None = Field(
        default=None,
        description=("Structures rebuilt from installed libraries, such as rigour's person-name phrase table; "
                     "default HRDD_HOME/cache. Processes and hosts with the same libraries may share it."),
    )
    catalog_path: str = Field(
        default="",
        description="Overlay catalogue directories (os.pathsep-separated) that add items and adjust weights.",
    )
    misuse_path: Path | None = Field(default=None, description=(
        "A directory of misuse-record files (or one file) that replaces the shipped records in "
        "hrdd/catalogs/misuse; a change of its content changes the misuse-records version and re-assesses "
        "monitored decided cases."))
    database_url: str = Field(default="", description="SQLAlchemy URL; default SQLite under HRDD_HOME.")
    log_json: bool = Field(default=False, description="Write logs as JSON lines.")
    log_level: str = Field(default="WARNING", description="Log level for stderr.")
    audit_anchor_key: str = Field(
        default="", description="Key (at least 32 characters) that signs and checks audit anchors (HMAC-SHA256).")
    audit_anchor_url: str = Field(default="", description="Where `hrdd audit anchor` sends each anchor (HTTP POST, JSON).")
    cookie_secure: bool = Field(default=True, description="Send the session cookie over HTTPS only.")
    session_hours: int = Field(default=8, ge=1, description="A session ends this many hours after login.")
    session_idle_minutes: int = Field(default=30, ge=1, description="A session ends after this many minutes unused.")
    password_min_length: int = Field(default=12, ge=8, description="Shortest password accepted for an account.")
    login_attempts: int = Field(default=5, ge=1, description=(
        "Login attempts per user name and client address before each further one waits (backoff)."))
    login_backoff_seconds: int = Field(default=30, ge=1, description=(
        "First wait after the attempts run out; it doubles with each further attempt, up to an hour."))
    login_client_attempts: int = Field(default=30, ge=1, description=(
        "Login attempts per client address, over all user names, before it waits a whole window."))
    login_window_minutes: int = Field(default=15, ge=1, description=(
        "Counts of login attempts start again after this long without attempts."))
    trusted_proxies: str = Field(default="", description=(
        "Comma-separated addresses or networks of reverse proxies whose X-Forwarded-For is believed; "
        "empty: the client address is the connection's peer."))
    tls: bool = Field(default=False, description=(
        "The service is reached over HTTPS only (directly or behind a TLS proxy): send "
        "Strict-Transport-Security and mark cookies Secure."))
    body_max_bytes: int = Field(default=BODY_MAX_BYTES, ge=1024, description=(
        "Largest JSON or form request body; larger ones are refused (413) before they are read."))
    upload_max_bytes: int = Field(default=UPLOAD_MAX_BYTES, ge=1024, description=(
        "Largest evidence upload (the whole multipart body); larger ones are refused (413) before they are read."))
    screening_warm: bool = Field(
        default=True,
        description=("The service probes the screening index before it says it is ready, then analyses "
                     "every listed name (several seconds and about 300 MB for the official lists) so that "
                     "its screenings soon cost what a warm service's do."),
    )

    pdf_warm: bool = Field(
        default=True,
        description=("The service lays out a one-line PDF in a background thread when it starts, so that the "
                     "first report PDF does not pay for loading WeasyPrint, Pango and the fonts."),
    )

    screening_matcher: str = Field(
        default="hrdd-v2",
        description=("Screening matcher: hrdd-v2 (default) or hrdd-v1 to reproduce screenings made before "
                     "matcher 2.0; every hit records the matcher and version that scored it."),
    )

    list_refresh: bool = Field(
        default=True,
        description=("The worker downloads the official list sources on a schedule (every 6 hours) and "
                     "re-screens monitored cases against what changed."),
    )
    list_refresh_sources: str = Field(
        default="",
        description="Comma-separated list sources the scheduled refresh downloads; default: every source "
                    "with download URLs that is not for licensed users only.",
    )
    list_max_age_days: int = Field(
        default=14, ge=1,
        description=("Refresh cycle of the sanctions and export-control lists: an assessment that screened "
                     "against a list older than this many days warns the approver (stale data)."))
    country_data_max_age_days: int = Field(
        default=1095, ge=1,
        description=("Refresh cycle of the country indicators (annual, published a year or more late): a "
                     "figure for a year that ended longer ago than this warns the approver (stale data)."))
    download_max_mb: int = Field(default=1024, description="Largest list file a download accepts, in MB.")
    worker_heartbeat_seconds: float = Field(
        default=5.0,
        description=("How often a PostgreSQL worker records that it is alive; a job whose worker was silent "
                     "for six times this long (killed, machine lost) is retried by the next worker."),
    )
    rescreen_processes: int = Field(
        default=1, description="Processes one re-screening run screens in (forked; 1: in the worker itself).")
    batch_chunk_rows: int = Field(
        default=500, ge=1,
        description=("On PostgreSQL, parties per chunk of an uploaded screening batch: each chunk is one job that "
                     "any worker takes."))
    worker_poll_seconds: float = Field(
        default=60.0, description="On SQLite, how often `hrdd worker` (without --burst) looks for work.")
    smtp_host: str = Field(default="", description="SMTP server for alert e-mail; empty: no e-mail.")
    smtp_port: int = Field(default=587, description="SMTP port.")
    smtp_tls: str = Field(default="starttls", description="starttls, ssl (implicit TLS) or none.")
    smtp_user: str = Field(default="", description="SMTP login; empty: no login.")
    smtp_password: str = Field(default="", description="SMTP password.")
    smtp_from: str = Field(default="", description="Sender address of alert e-mail.")
    alert_email_to: str = Field(default="", description="Comma-separated recipients of alert e-mail.")
    webhook_url: str = Field(default="", description="URL that receives every alert as signed JSON; empty: none.")
    webhook_secret: str = Field(default="", description="HMAC-SHA256 key of the webhook signature.")

    grievance_keys: str = Field(default="", description=(
        "Comma-separated Fernet keys that encrypt grievance contact details at rest; the first encrypts, "
        "every one decrypts (rotation). Empty: anonymous grievances only, contact details are refused."))
    grievance_receipt_keys: str = Field(default="", description=(
        "Comma-separated keys (at least 32 characters each) of the HMAC-SHA256 that stores grievance "
        "receipt codes; the first hashes new codes, every one is tried on look-up. Empty: a built-in key."))
    grievance_acknowledge_days: int = Field(default=7, ge=1, le=365, description=(
        "Days within which a grievance must be acknowledged (Directive (EU) 2019/1937, Art. 9(1)(b): 7)."))
    grievance_feedback_months: int = Field(default=3, ge=1, le=24, description=(
        "Months within which the reporter gets feedback (Directive (EU) 2019/1937, Art. 9(1)(f): 3)."))
    grievance_attachments_max: int = Field(default=5, ge=0, le=20, description=(
        "Most files one grievance may attach."))
    grievance_attachment_max_bytes: int = Field(default=10 * 1024 * 1024, ge=1024, description=(
        "Largest file a grievance may attach; the whole submission is also bounded by HRDD_UPLOAD_MAX_BYTES."))
    grievance_submissions_per_hour: int = Field(default=10, ge=1, description=(
        "Grievances one client address may submit per hour; further ones wait (429)."))
    grievance_lookups_per_hour: int = Field(default=30, ge=1, description=(
        "Receipt-code look-ups (status, messages) one client address may make per hour; further ones wait (429)."))

    @field_validator("grievance_keys")
    @classmethod
    def _fernet_keys(cls, value: str) -> str:
        from cryptography.fernet import Fernet

        for number, key in enumerate((k.strip() for k in value.split(",") if k.strip()), 1):
            try:
                Fernet(key)
            except ValueError:
                raise ValueError(f"key {number} is not a Fernet key (32 url-safe base64-encoded bytes; "
                                 "make one with `hrdd grievances key`)") from None
        return value

    @field_validator("grievance_receipt_keys")
    @classmethod
    def _receipt_keys(cls, value: str) -> str:
        if any(len(k.strip()) < 32 for k in value.split(",") if k.strip()):
            raise ValueError("each receipt key needs at least 32 characters")
        return value

    @property
    def overlay_dirs(self) -> list[Path]:
        return [Path(p) for p in self.catalog_path.split(os.pathsep) if p.strip()]

    @property
    def lists_dir(self) -> Path:
        return self.home / "lists"

    @property
    def index_dir(self) -> Path:
        return self.home / "index"

    @property
    def cache_path(self) -> Path:
        return self.cache_dir or self.home / "cache"

    @property
    def data_dir(self) -> Path:
        return self.home / "data"

    @property
    def db_url(self) -> str:
        return self.database_url or f"sqlite:///{self.home / 'hrdd.sqlite3'}"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The settings from the environment; an invalid one is a :class:`~hrdd.exc.ConfigError` naming
    each variable and what is wrong with it (never its value: some are secrets)."""
    try:
        return Settings()
    except ValidationError as err:
        raise settings_error(err) from None


def settings_error(err: ValidationError) -> "ConfigError":
    from hrdd.exc import ConfigError, Problem

    problems = [Problem(str(e["msg"]).removeprefix("Value error, "),
                        field="HRDD_" + "_".join(str(part) for part in e["loc"][:1]).upper())
                for e in err.errors()]
    return ConfigError("invalid settings in the environment", problems)
