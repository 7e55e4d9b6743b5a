"""Baseline: the tables of marsad 0.1.0, which created them without migrations.

A store made by 0.1.0 is stamped at this revision and upgraded from here (see marsad.store.schema).

Revision ID: 0001
Revises:
"""
import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("doc_key", sa.String(512), nullable=False, index=True),
        sa.Column("content_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("simhash", sa.BigInteger, nullable=False),
        sa.Column("title", sa.Text), sa.Column("url", sa.Text), sa.Column("source", sa.Text),
        sa.Column("path", sa.Text),
        sa.Column("published", sa.Date, index=True),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("duplicate_of", sa.Integer, sa.ForeignKey("documents.id"), nullable=True),
        sa.Column("kb_version", sa.String(32)),
        sa.Column("ingested_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "actors",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("actor_key", sa.String(255), nullable=False, unique=True),
        sa.Column("kb_id", sa.String(128), index=True),
        sa.Column("name", sa.String(255), nullable=False),
        sa.Column("polity", sa.String(16), index=True),
        sa.Column("kind", sa.String(32)),
    )
    op.create_table(
        "events",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id"), nullable=False, index=True),
        sa.Column("event_type", sa.String(16), nullable=False, index=True),
        sa.Column("mode", sa.String(32)), sa.Column("context", sa.JSON), sa.Column("cameo", sa.String(8)),
        sa.Column("location", sa.String(255)), sa.Column("date", sa.String(10), index=True),
        sa.Column("date_text", sa.Text),
        sa.Column("aux", sa.String(16)), sa.Column("trigger", sa.Text), sa.Column("trigger_id", sa.String(64)),
        sa.Column("confidence", sa.Float), sa.Column("evidence", sa.Text, nullable=False),
        sa.Column("start", sa.Integer), sa.Column("end", sa.Integer),
        sa.Column("polities", sa.String(255), index=True),
        sa.Column("kb_version", sa.String(32)),
    )
    op.create_table(
        "event_actors",
        sa.Column("event_id", sa.Integer, sa.ForeignKey("events.id", ondelete="CASCADE"), nullable=False),
        sa.Column("actor_id", sa.Integer, sa.ForeignKey("actors.id"), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.UniqueConstraint("event_id", "actor_id", "role"),
        sa.Index("ix_event_actors_actor", "actor_id"),
    )
    op.create_table(
        "reports",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("event_id", sa.Integer, sa.ForeignKey("events.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id"), nullable=False, index=True),
        sa.Column("start", sa.Integer, nullable=False), sa.Column("end", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
    )
