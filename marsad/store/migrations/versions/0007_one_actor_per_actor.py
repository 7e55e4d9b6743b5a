"""One stored actor per actor: a row an older marsad stored without a knowledge-base id under the name and polity
of a row that has one (the UN as 'United Nations', polity UN, beside `united-nations`: the extractor named it
both ways) is merged into that row; the events it took part in get their network rows again (their merge keys
are left as they were). New events are stored this way already (`marsad.pipeline.canonical_event`); a state
stored as an 'organisation' is shown as a state (`marsad.analysis.profiles.describe`): telling states apart
needs the knowledge base, which a migration does not load.

Revision ID: 0007
Revises: 0006
"""
from collections import defaultdict

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from marsad.store.db import pair_rows
    from marsad.store.tables import actors, event_actors, events, network_nodes, network_pairs

    conn = op.get_bind()
    known = actors.alias("known")
    merges = conn.execute(sa.select(actors.c.id, sa.func.min(known.c.id))
                          .join(known, sa.and_(known.c.name == actors.c.name, known.c.polity == actors.c.polity,
                                               known.c.kb_id.isnot(None)))
                          .where(actors.c.kb_id.is_(None)).group_by(actors.c.id)).all()
    touched: set[int] = set()
    for old, keep in merges:
        for link in conn.execute(sa.select(event_actors).where(event_actors.c.actor_id == old)).all():
            touched.add(link.event_id)
            conn.execute(event_actors.delete().where(event_actors.c.event_id == link.event_id,
                                                     event_actors.c.actor_id == old, event_actors.c.role == link.role))
            exists = conn.execute(sa.select(event_actors.c.event_id).where(
                event_actors.c.event_id == link.event_id, event_actors.c.actor_id == keep,
                event_actors.c.role == link.role)).first()
            if exists is None:
                conn.execute(event_actors.insert().values(event_id=link.event_id, actor_id=keep, role=link.role))
        conn.execute(actors.delete().where(actors.c.id == old))
    for event_id in sorted(touched):
        ev = conn.execute(sa.select(events.c.event_type, events.c.date).where(events.c.id == event_id)).one()
        sides: dict[str, list] = defaultdict(list)
        for r in conn.execute(sa.select(event_actors.c.role, actors.c.id, actors.c.polity)
                              .join(actors, actors.c.id == event_actors.c.actor_id)
                              .where(event_actors.c.event_id == event_id).order_by(actors.c.id)):
            sides[r.role].append((r.id, r.polity))
        conn.execute(network_pairs.delete().where(network_pairs.c.event_id == event_id))
        conn.execute(network_nodes.delete().where(network_nodes.c.event_id == event_id))
        pairs, nodes = pair_rows(event_id, ev.event_type, ev.date, sides)
        if pairs:
            conn.execute(network_pairs.insert(), pairs)
        if nodes:
            conn.execute(network_nodes.insert(), nodes)
