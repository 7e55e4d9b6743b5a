"""Every workbench setting once: name, environment variable, default, help. The CLI, docs and a test read this list."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import marsad


@dataclass(frozen=True)
class Setting:
    name: str
    env: str
    default: str | None
    help: str


SETTINGS = (
    Setting("database_url", "MARSAD_DATABASE_URL", "sqlite:///marsad.db",
            "store URL: a SQLite file (default) or postgresql+psycopg://user@host/db"),
    Setting("ingest_token", "MARSAD_INGEST_TOKEN", None,
            "bearer token that POST /api/ingest requires; unset = ingest over HTTP is disabled"),
    Setting("node_modules", "MARSAD_NODE_MODULES", None,
            "folder holding the front-end packages from package.json (default: node_modules beside the "
            "marsad package, then ./node_modules); `make install` fills it"),
    Setting("max_ingest_mb", "MARSAD_MAX_INGEST_MB", "20", "largest request body POST /api/ingest accepts, in MB"),
    Setting("host", "MARSAD_HOST", "127.0.0.1", "address `marsad serve` binds to; loopback unless told otherwise"),
    Setting("port", "MARSAD_PORT", "8000", "port `marsad serve` listens on"),
)


def setting(name: str, override: str | None = None) -> str | None:
    """An override (argument) wins over the environment, which wins over the default."""
    if override is not None:
        return override
    entry = next(s for s in SETTINGS if s.name == name)
    return os.environ.get(entry.env) or entry.default


def node_modules_dir(override: str | None = None) -> Path:
    """Where the npm packages are: the setting, else node_modules beside the package, else in the working folder."""
    configured = setting("node_modules", override)
    if configured:
        return Path(configured)
    beside = Path(marsad.__file__).resolve().parents[1] / "node_modules"
    return beside if beside.is_dir() else Path.cwd() / "node_modules"
