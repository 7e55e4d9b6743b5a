"""Files that ingest finished, by the hash of their bytes, so a run again skips them without extracting them.

Revision ID: 0003
Revises: 0002
"""
import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ingested_files",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("raw_hash", sa.String(64), nullable=False),
        sa.Column("path", sa.Text), sa.Column("size", sa.BigInteger),
        sa.Column("documents", sa.Integer, nullable=False),
        sa.Column("finished_at", sa.DateTime, nullable=False),
        sa.Index("uq_ingested_files_raw_hash", "raw_hash", unique=True),
    )
