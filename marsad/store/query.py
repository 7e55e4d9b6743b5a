"""Selecting events: the one set of filters behind the CLI, every API endpoint, the exports and the pages.

`Selection.parse` turns request or command-line strings into a checked selection (a bad value is an InputError
naming it and the accepted ones); `conditions` turns it into WHERE clauses on `events`. Rows come back in one
shape (event columns, document key and title, `actor` / `recipient` lists, `reports` count), so
`plover_from_row` exports them unchanged.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, fields
from datetime import date, timedelta
from functools import lru_cache

from sqlalchemy import String, Text, and_, cast, distinct, func, or_, select, true

from marsad.errors import InputError
from marsad.store.names import SHORT_WORD, ActorMatch, match_actors
from marsad.store.tables import actors, documents, event_actors, events, network_nodes, reports

EVENT_TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE", "REJECT",
               "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")
# PLOVER's grouping: the first seven are cooperation, the rest (REQUEST … ASSAULT) conflict.
COOPERATION = frozenset(("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT"))
AUX_VALUES = ("future", "negation", "hypothetical", "historical", "alleged", "none")
# "-date" walks the date index backwards (undated events come last by themselves); "date" puts them last explicitly
SORTS = {"date": (events.c.date.is_(None), events.c.date, events.c.id),
         "-date": (events.c.date.desc().nulls_last(), events.c.id.desc()),
         "type": (events.c.event_type, events.c.id), "-type": (events.c.event_type.desc(), events.c.id),
         "confidence": (events.c.confidence.desc(), events.c.id), "-confidence": (events.c.confidence, events.c.id),
         "id": (events.c.id,), "-id": (events.c.id.desc(),)}
MAX_ID = 2 ** 31 - 1  # the largest id both engines store (PostgreSQL INTEGER)
MAX_TEXT = 500  # characters in a name or place filter


def camp_of(event_type: str) -> str:
    return "cooperation" if event_type in COOPERATION else "conflict"


def name_matches(col, value: str):
    """`col` (an English name) has a word starting with `value`, or for a short value ('UN') that word, as
    `match_actors` matches English names: the names of the stored actors the knowledge base does not have
    ('Tripoli authorities', 'Armed groups in Tripoli')."""
    word = like(value)[1:-1]  # %, _ and \ taken literally
    tail = "" if len(value) <= SHORT_WORD else "%"
    patterns = [word + tail] + [f"%{sep}{word}{tail}" for sep in (" ", "-", "(", "/", "'")]
    if tail == "":  # the word, with more after it
        patterns += [p + end + "%" for p in list(patterns) for end in (" ", "-", ")", ",")]
    return or_(*(col.ilike(p, escape="\\") for p in patterns))


def actor_condition(match: ActorMatch, ref: str):
    """A WHERE clause on `actors` for an actor filter: its kb id or key, its store id, or a name it matches."""
    cond = [actors.c.kb_id == ref, actors.c.actor_key == ref, name_matches(actors.c.name, ref)]
    if ref.isdigit() and int(ref) <= MAX_ID:
        cond.append(actors.c.id == int(ref))
    if match.kb_ids:
        cond.append(actors.c.kb_id.in_(match.kb_ids))
    if match.names:
        cond.append(actors.c.name.in_(match.names))
    return or_(*cond)


def like(value: str) -> str:
    """An ILIKE pattern for 'contains `value`', with %, _ and the escape character taken literally."""
    return "%" + value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def contains(col, value: str):
    return col.ilike(like(value), escape="\\")


@dataclass(frozen=True)
class Selection:
    """Which events: every field optional, all given ones must hold."""

    actor: str | None = None  # store id, knowledge-base id, or an English or Arabic name or alias
    actor_match: ActorMatch = ActorMatch()  # the actors `actor` names (marsad.store.names.match_actors)
    polities: tuple[str, ...] = ()  # any of them takes part
    types: tuple[str, ...] = ()
    mode: str | None = None
    context: str | None = None
    aux: str | None = None
    date_from: str | None = None  # YYYY[-MM[-DD]]
    date_to: str | None = None
    location: str | None = None
    q: str | None = None  # words in the evidence (normalized full-text search)
    q_groups: tuple[tuple[str, ...], ...] = ()  # what `q` asks for, English names as their Arabic (query_groups)
    document_id: int | None = None
    min_confidence: float | None = None
    event_ids: tuple[int, ...] = field(default=(), repr=False)

    @classmethod
    def parse(cls, *, actor=None, polity=None, type=None, mode=None, context=None, aux=None, date_from=None,
              date_to=None, location=None, q=None, document_id=None, min_confidence=None, kb=None,
              store=None) -> "Selection":
        """Build from request or CLI strings; a bad value is an InputError naming it and what is accepted.

        `kb` lets an actor be found by any of its names and aliases; `kb` and `store` tell which polity codes exist.
        """
        types = tuple(dict.fromkeys(t.strip().upper() for t in (type or "").split(",") if t.strip()))
        unknown = [t for t in types if t not in EVENT_TYPES]
        if unknown:
            raise InputError(f"type {', '.join(unknown)}: unknown PLOVER event type; choose from {', '.join(EVENT_TYPES)}")
        if aux and aux not in AUX_VALUES:
            raise InputError(f"aux {aux!r}: choose one of {', '.join(AUX_VALUES)}")
        for name, value in (("date_from", date_from), ("date_to", date_to)):
            if value:
                check_partial_date(name, value)
        if date_from and date_to and date_from >= after(date_to):
            raise InputError(f"date_from {date_from!r} is after date_to {date_to!r}")
        polities = tuple(dict.fromkeys(p.strip().upper() for p in (polity or "").split(",") if p.strip()))
        if kb is not None or store is not None:
            if polities:
                known = known_polities(store, kb)
                unknown = [p for p in polities if p not in known]
                if unknown:
                    raise InputError(f"polity {', '.join(unknown)}: unknown code; choose from {', '.join(sorted(known))}")
            for name, value in (("mode", mode), ("context", context)):
                if not value:
                    continue  # what the store holds is read only to check a value given: a scan of every event
                known = known_values(name, store, kb)
                if value not in known:
                    raise InputError(f"{name} {value!r}: unknown PLOVER {name}; choose from {', '.join(sorted(known))}")
        for name, value in (("actor", actor), ("location", location), ("mode", mode), ("context", context)):
            if value and len(value) > MAX_TEXT:
                raise InputError(f"{name}: {len(value)} characters; at most {MAX_TEXT}")
        if document_id is not None and not 1 <= document_id <= MAX_ID:
            raise InputError(f"document {document_id}: a document id is a positive number up to {MAX_ID}")
        if min_confidence is not None and not 0 <= min_confidence <= 1:
            raise InputError(f"min_confidence {min_confidence}: give a number from 0 to 1")
        if q:
            from marsad.store.search import query_groups
            q_groups = query_groups(q, kb)  # a query too large or with no words is refused here, before any answer
        actor = (actor or "").strip() or None
        return cls(actor=actor, actor_match=match_actors(kb, actor) if actor else ActorMatch(),
                   polities=polities, types=types, mode=mode or None, context=context or None, aux=aux or None,
                   date_from=date_from or None, date_to=date_to or None, location=location or None, q=q or None,
                   q_groups=q_groups if q else (), document_id=document_id, min_confidence=min_confidence)

    def key(self) -> tuple:
        return tuple(getattr(self, f.name) for f in fields(self))

    def is_empty(self) -> bool:
        return self == Selection()


_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def check_partial_date(name: str, value: str) -> None:
    """YYYY, YYYY-MM or YYYY-MM-DD naming a month and day that exist; otherwise an InputError saying which part."""
    m = _PARTIAL_DATE.match(value)
    if not m:
        raise InputError(f"{name} {value!r}: expected YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = m.groups()
    if month and not 1 <= int(month) <= 12:
        raise InputError(f"{name} {value!r}: there is no month {month}; months are 01 to 12")
    if day:
        try:
            date(int(year), int(month), int(day))
        except ValueError:
            raise InputError(f"{name} {value!r}: {year}-{month} has no day {day}") from None


@lru_cache(maxsize=4)
def _kb_polities(kb) -> frozenset[str]:
    return frozenset(set(kb.states_by_code) | {a.polity for a in kb.actors} |
                     {r.polity for a in kb.actors for r in a.roles if r.polity})


def known_polities(store=None, kb=None) -> set[str]:
    """Polity codes the knowledge base defines or the store's actors carry."""
    codes = set(_kb_polities(kb)) if kb is not None else set()
    if store is not None:
        with store.engine.connect() as conn:
            codes |= {p for p in conn.execute(select(actors.c.polity).distinct()).scalars() if p}
    return codes


@lru_cache(maxsize=8)
def _kb_values(kb, name: str) -> frozenset[str]:
    if name == "mode":
        return frozenset(t.mode for t in kb.triggers if t.mode)
    return frozenset(c for t in kb.triggers for c in t.context)


def known_values(name: str, store=None, kb=None) -> set[str]:
    """The modes or contexts the knowledge base's triggers give or the store's events carry."""
    values = set(_kb_values(kb, name)) if kb is not None else set()
    if store is not None:
        with store.engine.connect() as conn:
            if name == "mode":
                values |= {m for m in conn.execute(select(events.c.mode).distinct()).scalars() if m}
            else:
                for value in conn.execute(select(cast(events.c.context, Text)).distinct()).scalars():
                    values.update(json.loads(value or "[]") or [])
    return values


def until(col, date_to: str) -> list:
    """`col` on or before the period `date_to`: '2019-12' keeps 2019-12-31, 2019-12 and 2019 (a date the period
    falls in), not 2020. The first clause lets the date index bound the scan; the second is exact."""
    return [col < after(date_to), func.substr(col, 1, len(date_to)) <= date_to]


def after(partial: str) -> str:
    """The first date after a YYYY[-MM[-DD]] period, for `date < after(date_to)`: '2025' → '2026',
    '2025-12' → '2026-01', '2025-02-28' → '2025-03-01'. Dates are compared as strings of digits and hyphens,
    which every collation orders the same way."""
    parts = partial.split("-")
    if len(parts) == 1:
        return f"{int(parts[0]) + 1:04d}"
    if len(parts) == 2:
        year, month = int(parts[0]), int(parts[1])
        return f"{year + month // 12:04d}-{month % 12 + 1:02d}"
    return (date.fromisoformat(partial) + timedelta(days=1)).isoformat()


def actor_ids(conn, sel: Selection) -> list[int]:
    """Store ids of the actors a selection's `actor` names: by id, knowledge-base id, key, name or alias."""
    return conn.execute(select(actors.c.id).where(actor_condition(sel.actor_match, sel.actor))).scalars().all()


def conditions(conn, sel: Selection) -> list:
    """SQLAlchemy WHERE clauses on `events` for a selection (`conn` resolves actor names to ids first)."""
    from marsad.store import search

    where = []
    if sel.types:
        where.append(events.c.event_type.in_(sel.types))
    if sel.mode:
        where.append(events.c.mode == sel.mode)
    if sel.aux:
        where.append(events.c.aux.is_(None) if sel.aux == "none" else events.c.aux == sel.aux)
    if sel.date_from:
        where.append(events.c.date >= sel.date_from)
    if sel.date_to:
        where += until(events.c.date, sel.date_to)
    if sel.location:
        where.append(contains(events.c.location, sel.location))
    if sel.context:
        where.append(cast(events.c.context, Text).contains(json.dumps(sel.context, ensure_ascii=False)))
    if sel.min_confidence is not None:
        where.append(events.c.confidence >= sel.min_confidence)
    if sel.document_id:
        # every event has a report in the document it was found in, and one in each document that re-told it
        where.append(events.c.id.in_(select(reports.c.event_id).where(reports.c.document_id == sel.document_id)))
    if sel.polities:  # a country's code also covers its camps: LBY takes in LBY-E and LBY-W
        codes = {c for p in sel.polities for c in ((p, f"{p}-E", f"{p}-W") if len(p) == 3 else (p,))}
        where.append(events.c.id.in_(select(network_nodes.c.event_id).where(
            network_nodes.c.level == "polity", network_nodes.c.node.in_(sorted(codes)))))
    if sel.actor:
        ids = actor_ids(conn, sel)  # a few actor ids first, so the event_actors index does the rest
        where.append(events.c.id.in_(select(event_actors.c.event_id).where(event_actors.c.actor_id.in_(ids))))
    if sel.q:
        where.append(events.c.id.in_(search.matching_event_ids(conn, sel.q, sel.q_groups)))
    if sel.event_ids:
        where.append(events.c.id.in_(sel.event_ids))
    return where


def selected_ids(conn, sel: Selection):
    """A subquery of the selected event ids, or None for 'every event' (no filter to apply)."""
    if sel.is_empty():
        return None
    return select(events.c.id).where(and_(true(), *conditions(conn, sel)))


def count_events(store, sel: Selection = Selection(), extra: tuple = ()) -> int:
    with store.engine.connect() as conn:
        return conn.scalar(select(func.count()).select_from(events)
                           .where(and_(true(), *conditions(conn, sel), *extra)))


def counts(store, sel: Selection = Selection()) -> dict:
    """Documents, duplicates, the selected events, the actors taking part in them and their events by type."""
    with store.engine.connect() as conn:
        where = and_(true(), *conditions(conn, sel))
        n_docs = conn.scalar(select(func.count()).select_from(documents))
        n_dups = conn.scalar(select(func.count()).select_from(documents).where(documents.c.duplicate_of.isnot(None)))
        by_type = dict(conn.execute(select(events.c.event_type, func.count()).where(where)
                                    .group_by(events.c.event_type).order_by(func.count().desc(),
                                                                            events.c.event_type)).all())
        n_actors = conn.scalar(select(func.count(distinct(event_actors.c.actor_id)))
                               .where(event_actors.c.event_id.in_(select(events.c.id).where(where))))
    return {"documents": n_docs, "duplicates": n_dups, "events": sum(by_type.values()), "actors": n_actors,
            "by_type": by_type}


def list_events(store, sel: Selection = Selection(), limit: int = 50, offset: int = 0, sort: str = "-date",
                extra: tuple = ()) -> list[dict]:
    if sort not in SORTS:
        raise InputError(f"sort {sort!r}: choose one of {', '.join(SORTS)}")
    with store.engine.connect() as conn:
        query = select(events, documents.c.doc_key, documents.c.published, documents.c.title.label("doc_title")) \
            .join(documents, documents.c.id == events.c.document_id) \
            .where(and_(true(), *conditions(conn, sel), *extra)) \
            .order_by(*SORTS[sort]).limit(limit).offset(offset)
        rows = conn.execute(query).mappings().all()
        return with_participants(conn, rows)


def iter_events(store, sel: Selection = Selection(), sort: str = "date", batch: int = 1000):
    """Every selected event, in batches, for exports of any size."""
    offset = 0
    while True:
        rows = list_events(store, sel, batch, offset, sort)
        yield from rows
        if len(rows) < batch:
            return
        offset += batch


def with_participants(conn, rows) -> list[dict]:
    ids = [r["id"] for r in rows]
    parts: dict[int, dict[str, list]] = {i: {"actor": [], "recipient": []} for i in ids}
    n_reports: dict[int, int] = {}
    if ids:
        for r in conn.execute(select(event_actors.c.event_id, event_actors.c.role, actors.c.id, actors.c.name,
                                     actors.c.polity, actors.c.kb_id, actors.c.kind)
                              .join(actors, actors.c.id == event_actors.c.actor_id)
                              .where(event_actors.c.event_id.in_(ids)).order_by(actors.c.id)):
            parts[r.event_id].setdefault(r.role, []).append(
                {"id": r.id, "name": r.name, "polity": r.polity, "actor_id": r.kb_id, "kind": r.kind})
        n_reports = dict(conn.execute(select(reports.c.event_id, func.count()).where(reports.c.event_id.in_(ids))
                                      .group_by(reports.c.event_id)).all())
    out = []
    for r in rows:
        item = dict(r)
        item.pop("merge_key", None)
        item.pop("happening_key", None)
        ctx = item.get("context")
        item["context"] = ctx if isinstance(ctx, list) else json.loads(ctx or "[]")
        if item.get("published") is not None and not isinstance(item["published"], str):
            item["published"] = item["published"].isoformat()
        if item.get("confidence") is not None:
            item["confidence"] = round(item["confidence"], 3)
        item["actor"] = parts[r["id"]]["actor"]
        item["recipient"] = parts[r["id"]]["recipient"]
        item["reports"] = n_reports.get(r["id"], 1)
        out.append(item)
    return out


def involving(condition):
    """A WHERE clause: the event has a participant matching `condition` (on the actors table)."""
    return events.c.id.in_(select(event_actors.c.event_id).join(actors, actors.c.id == event_actors.c.actor_id)
                           .where(condition))


def actor_id_text():
    """actors.id as text, to compare with the person-level node ids of the network tables."""
    return cast(actors.c.id, String)
