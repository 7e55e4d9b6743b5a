"""Claims and watches: what articles claim about events with the store's verdict, and saved filters.

New tables only; nothing existing changes. Documents stored before are read for claims by the next
`marsad ingest` or by `marsad claims --scan` (the extractor needs the knowledge base, which a migration does not
load).

Revision ID: 0004
Revises: 0003
"""
import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "claims",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id"), nullable=False, index=True),
        sa.Column("event_id", sa.Integer, sa.ForeignKey("events.id", ondelete="SET NULL"), nullable=True, index=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("cue", sa.Text, nullable=False),
        sa.Column("start", sa.Integer, nullable=False), sa.Column("end", sa.Integer, nullable=False),
        sa.Column("sentence_start", sa.Integer, nullable=False), sa.Column("sentence_end", sa.Integer, nullable=False),
        sa.Column("evidence", sa.Text, nullable=False),
        sa.Column("value", sa.Float), sa.Column("low", sa.Float), sa.Column("high", sa.Float),
        sa.Column("unit", sa.String(32)), sa.Column("qualifier", sa.String(16)),
        sa.Column("window_from", sa.String(10)), sa.Column("window_to", sa.String(10)),
        sa.Column("claim_date", sa.String(10)),
        sa.Column("subject", sa.JSON),
        sa.Column("status", sa.String(16), index=True),
        sa.Column("reason", sa.Text), sa.Column("basis", sa.JSON),
        sa.Column("checked_at", sa.DateTime),
        sa.Column("cues_version", sa.String(16)),
        sa.Index("uq_claims_span", "document_id", "kind", "start", "end", unique=True),
    )
    op.create_table(
        "claim_scans",
        sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id"), primary_key=True),
        sa.Column("cues_version", sa.String(16), nullable=False),
        sa.Column("scanned_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "watches",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("filters", sa.JSON, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("checked_event", sa.Integer, nullable=False),
        sa.Column("seen_match", sa.Integer, nullable=False),
    )
    op.create_table(
        "watch_matches",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("watch_id", sa.Integer, sa.ForeignKey("watches.id", ondelete="CASCADE"), nullable=False),
        sa.Column("ref", sa.String(32), nullable=False),
        sa.Column("event_id", sa.Integer, sa.ForeignKey("events.id", ondelete="CASCADE"), nullable=True),
        sa.Column("claim_id", sa.Integer, sa.ForeignKey("claims.id", ondelete="CASCADE"), nullable=True),
        sa.Column("found_at", sa.DateTime, nullable=False),
        sa.Column("baseline", sa.Boolean, nullable=False),
        sa.Index("uq_watch_matches_ref", "watch_id", "ref", unique=True),
    )
