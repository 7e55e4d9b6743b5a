"""Read and write the event store. Each document goes in with its events in one
transaction, so an interrupted run leaves every finished document intact and
re-running adds only what is missing.
"""
from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import and_, create_engine, event, func, insert, or_, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from marsad.errors import NotFound, StoreError
from marsad.ingest.dedupe import NEAR_BITS, from_signed, hamming, simhash, to_signed
from marsad.ingest.readers import content_hash
from marsad.records import Document, Entity, Event
from marsad.store.tables import actors, documents, event_actors, events, metadata, reports

DEFAULT_URL = "sqlite:///marsad.db"


def database_url(url: str | None = None) -> str:
    return url or os.environ.get("MARSAD_DATABASE_URL") or DEFAULT_URL


@dataclass(frozen=True)
class AddResult:
    status: str  # added | duplicate | near-duplicate
    document_id: int
    events: int
    duplicate_of: str | None = None


@dataclass(frozen=True)
class EventFilter:
    actor: str | None = None
    polity: str | None = None
    event_type: str | None = None
    mode: str | None = None
    context: str | None = None
    aux: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    location: str | None = None
    text: str | None = None
    document_id: int | None = None


class Store:
    def __init__(self, engine: Engine):
        self.engine = engine
        self._simhashes: list[tuple[int, int, str]] | None = None

    def create(self) -> None:
        try:
            metadata.create_all(self.engine)
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot create tables at {self.engine.url!r}: {exc}") from exc

    # ---- writing -------------------------------------------------------------------------------
    def add_document(self, doc: Document, extracted: list[Event], kb_version: str) -> AddResult:
        digest = content_hash(doc.text)
        fingerprint = simhash(doc.text)
        with self.engine.begin() as conn:
            row = conn.execute(select(documents.c.id, documents.c.doc_key)
                               .where(documents.c.content_hash == digest)).first()
            if row is not None:
                return AddResult("duplicate", row.id, 0, row.doc_key)
            near = self._near(fingerprint, conn)
            doc_id = conn.execute(insert(documents).values(
                doc_key=doc.id, content_hash=digest, simhash=to_signed(fingerprint), title=doc.title, url=doc.url,
                source=doc.source, path=doc.path, published=doc.published, text=doc.text,
                duplicate_of=near[0] if near else None, kb_version=kb_version,
                ingested_at=datetime.now(timezone.utc).replace(tzinfo=None))).inserted_primary_key[0]
            if self._simhashes is not None:
                self._simhashes.append((doc_id, fingerprint, doc.id))
            if near:
                return AddResult("near-duplicate", doc_id, 0, near[1])
            for ev in extracted:
                self._add_event(conn, doc_id, ev, kb_version, doc.text)
        return AddResult("added", doc_id, len(extracted))

    def _near(self, fingerprint: int, conn) -> tuple[int, str] | None:
        if self._simhashes is None:
            self._simhashes = [(r.id, from_signed(r.simhash), r.doc_key) for r in
                               conn.execute(select(documents.c.id, documents.c.simhash, documents.c.doc_key)
                                            .where(documents.c.duplicate_of.is_(None)))]
        for doc_id, other, key in self._simhashes:
            if hamming(fingerprint, other) <= NEAR_BITS:
                return doc_id, key
        return None

    def _actor_id(self, conn, entity: Entity) -> int:
        key = entity.actor_id or f"{entity.name}|{entity.polity or ''}"
        row = conn.execute(select(actors.c.id).where(actors.c.actor_key == key)).first()
        if row:
            return row.id
        return conn.execute(insert(actors).values(actor_key=key, kb_id=entity.actor_id, name=entity.name,
                                                  polity=entity.polity, kind=entity.kind)).inserted_primary_key[0]

    def _add_event(self, conn, doc_id: int, ev: Event, kb_version: str, doc_text: str) -> None:
        polities = ",".join(sorted(ev.polities))
        existing = None
        if ev.date and len(ev.date) == 10:
            # the same happening reported by another article: one event, another report
            existing = conn.execute(select(events.c.id).where(and_(
                events.c.event_type == ev.event_type, events.c.polities == polities, events.c.date == ev.date,
                events.c.document_id != doc_id))).first()
        if existing is None:
            event_id = conn.execute(insert(events).values(
                document_id=doc_id, event_type=ev.event_type, mode=ev.mode, context=list(ev.context), cameo=ev.cameo,
                location=ev.location, date=ev.date, date_text=ev.date_text, aux=ev.aux, trigger=ev.trigger,
                trigger_id=ev.trigger_id, confidence=ev.confidence, evidence=ev.evidence, start=ev.start, end=ev.end,
                polities=polities, kb_version=kb_version)).inserted_primary_key[0]
            for role, side in (("actor", ev.actor), ("recipient", ev.recipient)):
                for entity in side:
                    conn.execute(insert(event_actors).prefix_with("OR IGNORE" if conn.dialect.name == "sqlite" else "")
                                 .values(event_id=event_id, actor_id=self._actor_id(conn, entity), role=role))
        else:
            event_id = existing.id
        for start, end in ev.reports or ((ev.start, ev.end),):
            conn.execute(insert(reports).values(event_id=event_id, document_id=doc_id, start=start, end=end,
                                                text=doc_text[start:end]))

    # ---- reading -------------------------------------------------------------------------------
    def counts(self) -> dict:
        with self.engine.connect() as conn:
            n_docs = conn.scalar(select(func.count()).select_from(documents))
            n_dups = conn.scalar(select(func.count()).select_from(documents).where(documents.c.duplicate_of.isnot(None)))
            n_events = conn.scalar(select(func.count()).select_from(events))
            n_actors = conn.scalar(select(func.count()).select_from(actors))
            by_type = dict(conn.execute(select(events.c.event_type, func.count()).group_by(events.c.event_type)
                                        .order_by(func.count().desc())).all())
        return {"documents": n_docs, "duplicates": n_dups, "events": n_events, "actors": n_actors, "by_type": by_type}

    def events(self, flt: EventFilter = EventFilter(), limit: int = 100, offset: int = 0,
               order: str = "date") -> list[dict]:
        query = self._filtered(flt)
        order_col = {"date": events.c.date, "-date": events.c.date.desc(), "type": events.c.event_type,
                     "confidence": events.c.confidence.desc(), "id": events.c.id}.get(order, events.c.date)
        query = query.order_by(order_col, events.c.id).limit(limit).offset(offset)
        with self.engine.connect() as conn:
            rows = conn.execute(query).mappings().all()
            return self._with_actors(conn, rows)

    def count_events(self, flt: EventFilter = EventFilter()) -> int:
        with self.engine.connect() as conn:
            return conn.scalar(select(func.count()).select_from(self._filtered(flt).subquery()))

    def _filtered(self, flt: EventFilter):
        cols = [events, documents.c.doc_key, documents.c.published, documents.c.title.label("doc_title")]
        query = select(*cols).join(documents, documents.c.id == events.c.document_id)
        if flt.event_type:
            query = query.where(events.c.event_type == flt.event_type.upper())
        if flt.mode:
            query = query.where(events.c.mode == flt.mode)
        if flt.aux:
            query = query.where(events.c.aux.is_(None) if flt.aux == "none" else events.c.aux == flt.aux)
        if flt.date_from:
            query = query.where(events.c.date >= flt.date_from)
        if flt.date_to:
            query = query.where(events.c.date <= flt.date_to + "~")
        if flt.location:
            query = query.where(events.c.location.ilike(f"%{flt.location}%"))
        if flt.text:
            query = query.where(events.c.evidence.contains(flt.text))
        if flt.context:
            query = query.where(func.cast(events.c.context, type_=events.c.evidence.type).contains(f'"{flt.context}"'))
        if flt.document_id:
            query = query.where(events.c.document_id == flt.document_id)
        if flt.polity:
            query = query.where(or_(*[events.c.polities.contains(p.strip().upper()) for p in flt.polity.split(",")]))
        if flt.actor:
            sub = select(event_actors.c.event_id).join(actors, actors.c.id == event_actors.c.actor_id).where(or_(
                actors.c.name.ilike(f"%{flt.actor}%"), actors.c.kb_id == flt.actor, actors.c.actor_key == flt.actor))
            query = query.where(events.c.id.in_(sub))
        return query

    def _with_actors(self, conn, rows) -> list[dict]:
        ids = [r["id"] for r in rows]
        parts: dict[int, dict[str, list]] = {i: {"actor": [], "recipient": []} for i in ids}
        if ids:
            for r in conn.execute(select(event_actors.c.event_id, event_actors.c.role, actors.c.id, actors.c.name,
                                         actors.c.polity, actors.c.kb_id)
                                  .join(actors, actors.c.id == event_actors.c.actor_id)
                                  .where(event_actors.c.event_id.in_(ids))):
                parts[r.event_id][r.role].append({"id": r.id, "name": r.name, "polity": r.polity, "actor_id": r.kb_id})
            n_reports = dict(conn.execute(select(reports.c.event_id, func.count()).where(reports.c.event_id.in_(ids))
                                          .group_by(reports.c.event_id)).all())
        out = []
        for r in rows:
            item = dict(r)
            item["context"] = item["context"] if isinstance(item["context"], list) else json.loads(item["context"] or "[]")
            item["published"] = item["published"].isoformat() if item.get("published") else None
            item.update(parts[r["id"]])
            item["reports"] = n_reports.get(r["id"], 1)
            out.append(item)
        return out

    def event(self, event_id: int) -> dict:
        with self.engine.connect() as conn:
            row = conn.execute(self._filtered(EventFilter()).where(events.c.id == event_id)).mappings().first()
            if row is None:
                raise NotFound(f"no event with id {event_id}")
            item = self._with_actors(conn, [row])[0]
            item["reports"] = [dict(r) for r in conn.execute(
                select(reports.c.id, reports.c.document_id, reports.c.start, reports.c.end, documents.c.doc_key,
                       documents.c.title, documents.c.text).join(documents, documents.c.id == reports.c.document_id)
                .where(reports.c.event_id == event_id)).mappings()]
            for rep in item["reports"]:
                text = rep.pop("text")
                rep["sentence"] = text[rep["start"]:rep["end"]]
        return item

    def actors(self, polity: str | None = None, query: str | None = None, limit: int = 100) -> list[dict]:
        n_events = func.count(func.distinct(event_actors.c.event_id)).label("events")
        q = select(actors, n_events).join(event_actors, event_actors.c.actor_id == actors.c.id, isouter=True) \
            .group_by(actors.c.id).order_by(n_events.desc(), actors.c.name).limit(limit)
        if polity:
            q = q.where(actors.c.polity == polity.upper())
        if query:
            q = q.where(actors.c.name.ilike(f"%{query}%"))
        with self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(q).mappings()]

    def top_dyads(self, limit: int = 10) -> list[tuple[str, int]]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(events.c.polities)).scalars().all()
        counter = Counter(p for p in rows if p and "," in p)
        return counter.most_common(limit)

    def documents_list(self, limit: int = 100, offset: int = 0) -> list[dict]:
        with self.engine.connect() as conn:
            n_events = select(func.count()).where(events.c.document_id == documents.c.id).scalar_subquery()
            q = select(documents.c.id, documents.c.doc_key, documents.c.title, documents.c.published,
                       documents.c.source, documents.c.duplicate_of, n_events.label("events")) \
                .order_by(documents.c.id).limit(limit).offset(offset)
            return [dict(r) for r in conn.execute(q).mappings()]

    def document(self, document_id: int) -> dict:
        with self.engine.connect() as conn:
            row = conn.execute(select(documents).where(documents.c.id == document_id)).mappings().first()
        if row is None:
            raise NotFound(f"no document with id {document_id}")
        return dict(row)


def open_store(url: str | None = None, create: bool = True) -> Store:
    url = database_url(url)
    try:
        engine = create_engine(url, future=True)
    except Exception as exc:  # bad URL or missing driver: say which
        raise StoreError(f"cannot open store {url!r}: {exc}; set MARSAD_DATABASE_URL or --db") from exc
    if engine.dialect.name == "sqlite":
        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn, _):  # WAL: readers (the workbench) never block an ingest run
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.close()
    store = Store(engine)
    if create:
        store.create()
    return store
