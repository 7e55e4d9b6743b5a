"""The store's tables (SQLAlchemy Core). One event per happening; each report ties it to a sentence."""
from __future__ import annotations

from sqlalchemy import (JSON, BigInteger, Column, Date, DateTime, Float, ForeignKey, Index, Integer, MetaData, String,
                        Table, Text, UniqueConstraint)

metadata = MetaData()

documents = Table(
    "documents", metadata,
    Column("id", Integer, primary_key=True),
    Column("doc_key", String(512), nullable=False, index=True),
    Column("content_hash", String(64), nullable=False, unique=True),
    Column("simhash", BigInteger, nullable=False),
    Column("title", Text), Column("url", Text), Column("source", Text), Column("path", Text),
    Column("published", Date, index=True),
    Column("text", Text, nullable=False),
    Column("duplicate_of", Integer, ForeignKey("documents.id"), nullable=True),
    Column("kb_version", String(32)),
    Column("ingested_at", DateTime, nullable=False),
)

actors = Table(
    "actors", metadata,
    Column("id", Integer, primary_key=True),
    Column("actor_key", String(255), nullable=False, unique=True),
    Column("kb_id", String(128), index=True),
    Column("name", String(255), nullable=False),
    Column("polity", String(16), index=True),
    Column("kind", String(32)),
)

events = Table(
    "events", metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", Integer, ForeignKey("documents.id"), nullable=False, index=True),
    Column("event_type", String(16), nullable=False, index=True),
    Column("mode", String(32)), Column("context", JSON), Column("cameo", String(8)),
    Column("location", String(255)), Column("date", String(10), index=True), Column("date_text", Text),
    Column("aux", String(16)), Column("trigger", Text), Column("trigger_id", String(64)),
    Column("confidence", Float), Column("evidence", Text, nullable=False),
    Column("start", Integer), Column("end", Integer),
    Column("polities", String(255), index=True),
    Column("kb_version", String(32)),
)

event_actors = Table(
    "event_actors", metadata,
    Column("event_id", Integer, ForeignKey("events.id", ondelete="CASCADE"), nullable=False),
    Column("actor_id", Integer, ForeignKey("actors.id"), nullable=False),
    Column("role", String(16), nullable=False),
    UniqueConstraint("event_id", "actor_id", "role"),
    Index("ix_event_actors_actor", "actor_id"),
)

reports = Table(
    "reports", metadata,
    Column("id", Integer, primary_key=True),
    Column("event_id", Integer, ForeignKey("events.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("document_id", Integer, ForeignKey("documents.id"), nullable=False, index=True),
    Column("start", Integer, nullable=False), Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
)
