"""Near-duplicates by MinHash and LSH buckets instead of a SimHash compared with every stored document.

Each document gets its MinHash signature and one `document_buckets` row per LSH band (see
marsad.ingest.dedupe), computed here from its stored text; the SimHash column goes.

Revision ID: 0008
Revises: 0007
"""
import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

BATCH = 1000


def upgrade() -> None:
    from marsad.ingest.dedupe import fingerprint

    conn = op.get_bind()
    op.add_column("documents", sa.Column("minhash", sa.LargeBinary, nullable=True))
    op.execute("ALTER TABLE documents DROP COLUMN simhash")  # SQLite 3.35+ drops a plain column in place
    op.create_table(
        "document_buckets",
        sa.Column("bucket", sa.BigInteger, primary_key=True),
        sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    )
    documents = sa.table("documents", sa.column("id"), sa.column("text"), sa.column("minhash"))
    buckets = sa.table("document_buckets", sa.column("bucket"), sa.column("document_id"))
    last = 0
    while True:
        rows = conn.execute(sa.select(documents.c.id, documents.c.text).where(documents.c.id > last)
                            .order_by(documents.c.id).limit(BATCH)).all()
        if not rows:
            return
        found = [(r.id, fingerprint(r.text)) for r in rows]
        conn.execute(documents.update().where(documents.c.id == sa.bindparam("doc")).values(minhash=sa.bindparam("mh")),
                     [{"doc": i, "mh": fp.minhash} for i, fp in found])
        conn.execute(buckets.insert(), [{"bucket": b, "document_id": i} for i, fp in found for b in set(fp.buckets)])
        last = rows[-1].id
