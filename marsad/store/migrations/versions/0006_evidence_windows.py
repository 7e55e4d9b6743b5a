"""Evidence bounded: an event's evidence and a report's text are a window of at most 300 characters of the sentence
around the trigger, with the whole sentence's offsets kept in `sentence_start` and `sentence_end`.

Rows stored before keep their offsets as the sentence's; those whose evidence is longer than the window are cut to
it (and the search index of those events follows), so a run-on sentence stored by an older version costs no more
than a new one.

Revision ID: 0006
Revises: 0005
"""
import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from marsad.store import search
    from marsad.text.sentences import EVIDENCE_CHARS, evidence_window

    for name in ("events", "reports"):
        op.add_column(name, sa.Column("sentence_start", sa.Integer, nullable=True))
        op.add_column(name, sa.Column("sentence_end", sa.Integer, nullable=True))
    conn = op.get_bind()
    events = sa.table("events", *(sa.column(c) for c in ("id", "document_id", "trigger", "evidence", "start", "end",
                                                         "sentence_start", "sentence_end")))
    reports = sa.table("reports", *(sa.column(c) for c in ("id", "event_id", "document_id", "start", "end", "text",
                                                           "sentence_start", "sentence_end")))
    documents = sa.table("documents", sa.column("id"), sa.column("text"))
    search_fts = sa.table("search_fts", sa.column("kind"), sa.column("ref"))
    for table in (events, reports):
        conn.execute(table.update().values(sentence_start=table.c.start, sentence_end=table.c.end))

    texts: dict[int, str] = {}

    def window(document_id: int, start: int, end: int, trigger: str | None) -> tuple[int, int, str]:
        if document_id not in texts:
            texts[document_id] = conn.scalar(sa.select(documents.c.text).where(documents.c.id == document_id))
        lo, hi = evidence_window(texts[document_id], start, end, trigger)
        return lo, hi, texts[document_id][lo:hi]

    long_events = conn.execute(sa.select(events.c.id, events.c.document_id, events.c.trigger, events.c.start,
                                         events.c.end).where(events.c.end - events.c.start > EVIDENCE_CHARS)).all()
    triggers = {r.id: r.trigger for r in long_events}
    for r in long_events:
        lo, hi, evidence = window(r.document_id, r.start, r.end, r.trigger)
        conn.execute(events.update().where(events.c.id == r.id).values(start=lo, end=hi, evidence=evidence))
        conn.execute(search_fts.delete().where(search_fts.c.kind == "event", search_fts.c.ref == r.id))
        search.index_event(conn, r.id, r.document_id, evidence)
    for r in conn.execute(sa.select(reports.c.id, reports.c.event_id, reports.c.document_id, reports.c.start,
                                    reports.c.end).where(reports.c.end - reports.c.start > EVIDENCE_CHARS)).all():
        trigger = triggers.get(r.event_id) or conn.scalar(sa.select(events.c.trigger).where(events.c.id == r.event_id))
        lo, hi, text = window(r.document_id, r.start, r.end, trigger)
        conn.execute(reports.update().where(reports.c.id == r.id).values(start=lo, end=hi, text=text))
