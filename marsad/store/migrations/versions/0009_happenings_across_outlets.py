"""One happening, many outlets: each report keeps its own reading, events get a happening key, merges are recorded.

Reports take their event's date, place and date as written, and the numbers in their text; events their
happening key (type and participants, see marsad.store.happenings); and every event that already holds reports
of another document than its own gets an `event_merges` row for it (rule `same-day`, the only cross-document
merge before this revision).

Revision ID: 0009
Revises: 0008
"""
from collections import defaultdict
from datetime import datetime, timezone

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from marsad.store.happenings import SAME_DAY, happening_key, numbers

    conn = op.get_bind()
    op.add_column("events", sa.Column("happening_key", sa.String(64), nullable=True))
    op.create_index("ix_events_happening_key", "events", ["happening_key"])
    for name, kind in (("date", sa.String(10)), ("date_text", sa.Text), ("location", sa.String(255)),
                       ("numbers", sa.String(255))):
        op.add_column("reports", sa.Column(name, kind, nullable=True))
    op.create_table(
        "event_merges",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("event_id", sa.Integer, sa.ForeignKey("events.id", ondelete="CASCADE"), nullable=False),
        sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id"), nullable=False, index=True),
        sa.Column("rule", sa.String(32), nullable=False),
        sa.Column("merged_at", sa.DateTime, nullable=False),
        sa.Column("undone_at", sa.DateTime),
        sa.UniqueConstraint("event_id", "document_id"),
    )
    events = sa.table("events", *(sa.column(c) for c in ("id", "document_id", "event_type", "date", "date_text",
                                                         "location", "happening_key")))
    reports = sa.table("reports", *(sa.column(c) for c in ("id", "event_id", "document_id", "text", "date",
                                                           "date_text", "location", "numbers")))
    roles = sa.table("event_actors", sa.column("event_id"), sa.column("actor_id"), sa.column("role"))
    actors = sa.table("actors", sa.column("id"), sa.column("actor_key"))
    merges = sa.table("event_merges", sa.column("event_id"), sa.column("document_id"), sa.column("rule"),
                      sa.column("merged_at"))
    who = defaultdict(list)
    for r in conn.execute(sa.select(roles.c.event_id, roles.c.role, actors.c.actor_key)
                          .join(actors, actors.c.id == roles.c.actor_id)):
        who[r.event_id].append((r.role, r.actor_key))
    found = {r.id: r for r in conn.execute(sa.select(events))}
    if found:
        conn.execute(events.update().where(events.c.id == sa.bindparam("ev")).values(happening_key=sa.bindparam("hk")),
                     [{"ev": i, "hk": happening_key(r.event_type, who[i])} for i, r in found.items()])
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    readings, merged = [], set()
    for r in conn.execute(sa.select(reports.c.id, reports.c.event_id, reports.c.document_id, reports.c.text)):
        ev = found[r.event_id]
        readings.append({"rep": r.id, "d": ev.date, "dt": ev.date_text, "loc": ev.location,
                         "num": numbers(r.text, ev.date_text)})
        if r.document_id != ev.document_id:
            merged.add((r.event_id, r.document_id))
    if readings:
        conn.execute(reports.update().where(reports.c.id == sa.bindparam("rep"))
                     .values(date=sa.bindparam("d"), date_text=sa.bindparam("dt"), location=sa.bindparam("loc"),
                             numbers=sa.bindparam("num")), readings)
    if merged:
        conn.execute(merges.insert(), [{"event_id": e, "document_id": d, "rule": SAME_DAY, "merged_at": now}
                                       for e, d in sorted(merged)])
