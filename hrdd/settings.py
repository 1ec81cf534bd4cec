"""Settings from the environment (``HRDD_*``); nothing else reads os.environ."""

import os
from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from hrdd.model.limits import BODY_MAX_BYTES, UPLOAD_MAX_BYTES


def _default_home() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "hrdd"


class Settings(BaseSettings):
    """Every setting hrdd reads. Documented in docs/settings.md."""

    model_config = SettingsConfigDict(env_prefix="HRDD_", extra="ignore", frozen=True)

    home: Path = Field(default_factory=_default_home, description="Data home: database, lists, index.")
    catalog_path: str = Field(
        default="",
        description="Overlay catalogue directories (os.pathsep-separated) that add items and adjust weights.",
    )
    database_url: str = Field(default="", description="SQLAlchemy URL; default SQLite under HRDD_HOME.")
    log_json: bool = Field(default=False, description="Write logs as JSON lines.")
    log_level: str = Field(default="WARNING", description="Log level for stderr.")
    secret_key: str = Field(default="", description="Session signing key; default: generated once under HRDD_HOME.")
    cookie_secure: bool = Field(default=True, description="Send the session cookie over HTTPS only.")
    session_hours: int = Field(default=8, description="Idle session lifetime in hours.")
    tls: bool = Field(default=False, description=(
        "The service is reached over HTTPS only (directly or behind a TLS proxy): send "
        "Strict-Transport-Security and mark cookies Secure."))
    body_max_bytes: int = Field(default=BODY_MAX_BYTES, ge=1024, description=(
        "Largest JSON or form request body; larger ones are refused (413) before they are read."))
    upload_max_bytes: int = Field(default=UPLOAD_MAX_BYTES, ge=1024, description=(
        "Largest evidence upload (the whole multipart body); larger ones are refused (413) before they are read."))
    screening_warm: bool = Field(
        default=True,
        description=("The service analyses every listed name when it starts (about 3 s and 140 MB for the "
                     "official lists) so that its first screenings are as fast as later ones."),
    )

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
    def data_dir(self) -> Path:
        return self.home / "data"

    @property
    def db_url(self) -> str:
        return self.database_url or f"sqlite:///{self.home / 'hrdd.sqlite3'}"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
