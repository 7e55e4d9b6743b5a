"""Bring a store's schema to the current version: alembic migrations shipped in `marsad/store/migrations/`.

Run by `open_store` on every open. A store already at the newest version costs one read. Otherwise one process
at a time migrates (SQLite's write lock, a PostgreSQL advisory lock), so two commands opening a new store at once
do not both create it: an empty database gets the tables of `marsad.store.tables` and is stamped as current; a
store made before migrations existed (marsad 0.1.0, no `alembic_version` table) is stamped as the baseline and
upgraded; any other store is upgraded.
"""
from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text
from sqlalchemy.exc import SQLAlchemyError

from marsad.errors import StoreError

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
BASELINE = "0001"  # the schema of marsad 0.1.0, which created its tables without migrations
MIGRATE_LOCK = 0x6D617273616402  # PostgreSQL advisory lock key of schema changes


def alembic_config(connection=None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = connection
    return cfg


def head() -> str:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current(conn) -> str | None:
    return MigrationContext.configure(conn).get_current_revision()


def migrate(engine) -> None:
    """Create or upgrade the schema of the store behind `engine` (safe when several processes do it at once)."""
    target = head()
    try:
        with engine.connect() as conn:
            if current(conn) == target:
                return
        with engine.connect() as conn:
            if conn.dialect.name == "sqlite":
                conn.exec_driver_sql("BEGIN IMMEDIATE")
            else:
                conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATE_LOCK})
            _migrate_locked(conn, target)
            conn.commit()
    except SQLAlchemyError as exc:
        raise StoreError(f"cannot create or upgrade the store's tables at {engine.url!r}: {exc}") from exc


def _migrate_locked(conn, target: str) -> None:
    from marsad.store import search
    from marsad.store.tables import metadata

    version = current(conn)
    if version == target:  # another process did it while we waited for the lock
        return
    cfg = alembic_config(conn)
    names = set(inspect(conn).get_table_names())
    if version is None and "documents" not in names:
        metadata.create_all(conn)
        search.create_index(conn)
        command.stamp(cfg, "head")
        return
    if version is None:
        command.stamp(cfg, BASELINE)
    command.upgrade(cfg, "head")
