"""One event per happening: a unique merge key on events and on report spans; derived tables kept with the events.

Events of one document with the same type, participants and date (and, for a day-precise date, of any
documents) are merged into the oldest one, which takes over their reports; identical report rows are dropped.
The network and search tables, which 0.1.0 filled lazily, are rebuilt and from now on written with each event.

Revision ID: 0002
Revises: 0001
"""
from collections import defaultdict

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

BATCH = 2000


def upgrade() -> None:
    from marsad.store import search
    from marsad.store.db import merge_key, pair_rows
    from marsad.store.tables import network_nodes, network_pairs

    conn = op.get_bind()
    op.add_column("events", sa.Column("merge_key", sa.String(64), nullable=True))
    events = sa.table("events", *(sa.column(c) for c in ("id", "document_id", "event_type", "date", "evidence",
                                                         "merge_key")))
    reports = sa.table("reports", *(sa.column(c) for c in ("id", "event_id", "document_id", "start", "end")))
    event_actors = sa.table("event_actors", sa.column("event_id"), sa.column("actor_id"), sa.column("role"))
    actors = sa.table("actors", sa.column("id"), sa.column("actor_key"), sa.column("polity"))
    documents = sa.table("documents", sa.column("id"), sa.column("title"), sa.column("text"))

    sides: dict[int, dict[str, list]] = defaultdict(lambda: {"actor": [], "recipient": []})
    for r in conn.execute(sa.select(event_actors.c.event_id, event_actors.c.role, actors.c.id, actors.c.actor_key,
                                    actors.c.polity)
                          .join(actors, actors.c.id == event_actors.c.actor_id).order_by(actors.c.id)):
        sides[r.event_id][r.role].append(r)
    keep: dict[str, int] = {}
    merged: dict[int, int] = {}
    rows = conn.execute(sa.select(events.c.id, events.c.document_id, events.c.event_type, events.c.date)
                        .order_by(events.c.id)).all()
    for r in rows:
        key = merge_key(r.document_id, r.event_type, r.date,
                        [(role, a.actor_key) for role in ("actor", "recipient") for a in sides[r.id][role]])
        if key in keep:
            merged[r.id] = keep[key]
        else:
            keep[key] = r.id
            conn.execute(events.update().where(events.c.id == r.id).values(merge_key=key))
    for dup, survivor in merged.items():
        conn.execute(reports.update().where(reports.c.event_id == dup).values(event_id=survivor))
        conn.execute(event_actors.delete().where(event_actors.c.event_id == dup))
        conn.execute(events.delete().where(events.c.id == dup))
    seen, extra = set(), []
    for r in conn.execute(sa.select(reports.c.id, reports.c.event_id, reports.c.document_id, reports.c.start,
                                    reports.c.end).order_by(reports.c.id)):
        span = (r.event_id, r.document_id, r.start, r.end)
        if span in seen:
            extra.append(r.id)
        seen.add(span)
    for chunk in range(0, len(extra), BATCH):
        conn.execute(reports.delete().where(reports.c.id.in_(extra[chunk:chunk + BATCH])))
    op.create_index("ix_events_merge_key", "events", ["merge_key"], unique=True)
    op.create_index("uq_reports_span", "reports", ["event_id", "document_id", "start", "end"], unique=True)

    for name in ("network_pairs", "network_nodes", "network_meta", "search_fts", "search_meta"):
        op.execute(f"DROP TABLE IF EXISTS {name}")
    network_pairs.create(conn)
    network_nodes.create(conn)
    for r in conn.execute(sa.select(events.c.id, events.c.event_type, events.c.date).order_by(events.c.id)).all():
        pairs, nodes = pair_rows(r.id, r.event_type, r.date,
                                 {role: [(a.id, a.polity) for a in sides[r.id][role]] for role in ("actor", "recipient")})
        if pairs:
            conn.execute(network_pairs.insert(), pairs)
        if nodes:
            conn.execute(network_nodes.insert(), nodes)
    search.create_index(conn)
    for r in conn.execute(sa.select(documents.c.id, documents.c.title, documents.c.text)).all():
        search.index_document(conn, r.id, r.title, r.text)
    for r in conn.execute(sa.select(events.c.id, events.c.document_id, events.c.evidence)).all():
        search.index_event(conn, r.id, r.document_id, r.evidence)

