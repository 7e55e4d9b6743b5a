"""Open and write the event store.

Each document goes in with its events in one write transaction, so an interrupted run leaves every finished
document intact and re-running adds only what is missing. Writes are serialized across processes (SQLite's
`BEGIN IMMEDIATE`, a PostgreSQL advisory lock) and rest on unique keys with insert-or-ignore, never on
check-then-insert: two writers on one store lose nothing and code no document twice. Reading is in
`marsad.store.query`.
"""
from __future__ import annotations

import hashlib
import os
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timezone
from itertools import combinations

from sqlalchemy import create_engine, event, func, insert, select, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine
from sqlalchemy.exc import ArgumentError, NoSuchModuleError

from marsad.errors import NotFound, StoreError, one_line
from marsad.ingest.dedupe import NEAR_JACCARD, Fingerprint, content_hash, fingerprint, jaccard, trigrams
from marsad.ingest.readers import InputProblem
from marsad.records import Document, Entity, Event
from marsad.store import happenings, search
from marsad.store.query import MAX_ID, counts
from marsad.store.tables import (actors, document_buckets, documents, event_actors, events, ingested_files,
                                 network_nodes, network_pairs, reports, skipped)
from marsad.text.sentences import evidence_window

DEFAULT_URL = "sqlite:///marsad.db"
WRITE_LOCK = 0x6D617273616401  # PostgreSQL advisory lock key of the writers ("marsad", 1)


def database_url(url: str | None = None) -> str:
    return url or os.environ.get("MARSAD_DATABASE_URL") or DEFAULT_URL


@dataclass(frozen=True)
class AddResult:
    status: str  # added | duplicate | near-duplicate
    document_id: int
    events: int  # events created (a report of an event already stored adds none)
    duplicate_of: str | None = None
    reports: int = 0


def insert_ignore(conn, table, values: dict, keys: list[str]):
    """INSERT … ON CONFLICT (keys) DO NOTHING RETURNING id: the new row's id, or None when the key was taken."""
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    stmt = dialect.insert(table).values(**values).on_conflict_do_nothing(index_elements=keys)
    if "id" in table.c:
        return conn.execute(stmt.returning(table.c.id)).scalar()
    conn.execute(stmt)
    return None


def actor_key(entity: Entity) -> str:
    return entity.actor_id or f"{entity.name}|{entity.polity or ''}"


def merge_key(document_id: int, event_type: str, date: str | None, participants) -> str:
    """What makes two reports one event: type, participants (role, actor key) and date.

    A day-precise date with named participants is a happening any article may report (one event across
    documents); otherwise the key is scoped to the document, so vague reports in different articles stay apart.
    """
    keys = sorted(f"{role}:{key}" for role, key in participants)
    scope = "" if keys and date and len(date) == 10 else f"doc:{document_id}"
    return hashlib.sha256("\x1f".join((event_type, *keys, date or "", scope)).encode("utf-8")).hexdigest()


def participants(ev: Event) -> list[tuple[str, str]]:
    return [(role, actor_key(e)) for role, side in (("actor", ev.actor), ("recipient", ev.recipient)) for e in side]


def pair_rows(event_id: int, event_type: str, date: str | None, sides: dict[str, list[tuple[int, str | None]]]):
    """The network rows of one event: who-with-whom at person and polity level (see tables.network_pairs)."""
    pairs, nodes = [], []
    for level in ("person", "polity"):
        def ids(role):
            return [str(a) if level == "person" else p for a, p in sides.get(role, ()) if (a if level == "person" else p)]
        acting, receiving = ids("actor"), ids("recipient")
        found: dict[tuple[str, str], int] = {}
        if receiving:
            for a in acting:
                for r in receiving:
                    if a != r:
                        found.setdefault((a, r) if a < r else (r, a), 1 if a < r else -1)
        else:
            for a, b in combinations(sorted(set(acting)), 2):
                found.setdefault((a, b), 0)
        pairs += [{"level": level, "event_id": event_id, "one": one, "other": other, "forward": forward,
                   "event_type": event_type, "date": date} for (one, other), forward in found.items()]
        nodes += [{"level": level, "event_id": event_id, "node": n, "event_type": event_type, "date": date}
                  for n in sorted(set(acting) | set(receiving))]
    return pairs, nodes


def near_copy_of(conn, text: str, fp: Fingerprint) -> tuple[int, str] | None:
    """The stored original (id, key) this text is a near-copy of, or None.

    Candidates are the documents sharing one of its LSH buckets (an index look-up per band, flat in the size of
    the store); each is confirmed by the exact 3-gram Jaccard of the two texts (marsad.ingest.dedupe), the most
    similar confirmed one wins, and a copy stands for its original. Every stored document takes part, copies
    included, so the answer does not depend on which run stored what.
    """
    found = conn.execute(select(documents.c.id, documents.c.text, documents.c.duplicate_of)
                         .where(documents.c.id.in_(select(document_buckets.c.document_id)
                                                   .where(document_buckets.c.bucket.in_(set(fp.buckets)))))).all()
    mine = trigrams(text)
    scored = [(jaccard(mine, trigrams(r.text)), -r.id, r.duplicate_of or r.id) for r in found]
    best = max((s for s in scored if s[0] >= NEAR_JACCARD), default=None)
    if best is None:
        return None
    return best[2], conn.scalar(select(documents.c.doc_key).where(documents.c.id == best[2]))


class Store:
    def __init__(self, engine: Engine):
        self.engine = engine

    @contextmanager
    def writing(self):
        """One write transaction, serialized with every other writer of this store (in any process)."""
        with self.engine.connect() as conn:
            if conn.dialect.name == "sqlite":
                conn.exec_driver_sql("BEGIN IMMEDIATE")  # take the write lock now: no upgrade deadlock later
            else:
                conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": WRITE_LOCK})
            try:
                yield conn
                conn.commit()
            except BaseException:
                conn.rollback()
                raise

    # ---- writing -------------------------------------------------------------------------------
    def add_document(self, doc: Document, extracted: list[Event], kb_version: str) -> AddResult:
        fp = fingerprint(doc.text)
        digest = fp.content_hash
        with self.writing() as conn:
            row = conn.execute(select(documents.c.id, documents.c.doc_key)
                               .where(documents.c.content_hash == digest)).first()
            if row is not None:
                return AddResult("duplicate", row.id, 0, row.doc_key)
            near = near_copy_of(conn, doc.text, fp)
            doc_id = insert_ignore(conn, documents, dict(
                doc_key=doc.id, content_hash=digest, minhash=fp.minhash, title=doc.title, url=doc.url,
                source=doc.source, path=doc.path, published=doc.published, text=doc.text,
                duplicate_of=near[0] if near else None, kb_version=kb_version,
                ingested_at=datetime.now(timezone.utc).replace(tzinfo=None)), ["content_hash"])
            if doc_id is None:  # only under a writer that does not take the lock: the unique key still holds
                row = conn.execute(select(documents.c.id, documents.c.doc_key)
                                   .where(documents.c.content_hash == digest)).one()
                return AddResult("duplicate", row.id, 0, row.doc_key)
            conn.execute(insert(document_buckets), [{"bucket": b, "document_id": doc_id} for b in set(fp.buckets)])
            search.index_document(conn, doc_id, doc.title, doc.text)
            if near:
                return AddResult("near-duplicate", doc_id, 0, near[1])
            created = added_reports = 0
            for ev in extracted:
                new, n = self._add_event(conn, doc_id, ev, kb_version, doc.text, doc.published)
                created += new
                added_reports += n
        return AddResult("added", doc_id, created, reports=added_reports)

    def _actor_id(self, conn, entity: Entity) -> int:
        key = actor_key(entity)
        new = insert_ignore(conn, actors, dict(actor_key=key, kb_id=entity.actor_id, name=entity.name,
                                               polity=entity.polity, kind=entity.kind), ["actor_key"])
        return new if new is not None else conn.scalar(select(actors.c.id).where(actors.c.actor_key == key))

    def _add_event(self, conn, doc_id: int, ev: Event, kb_version: str, doc_text: str,
                   published: date | None = None) -> tuple[int, int]:
        """Store one extracted event, or add its reports to the stored event it re-tells: the same merge key, or
        another outlet's report of the same happening (marsad.store.happenings). Returns (events created, reports
        added)."""
        who = participants(ev)
        key = merge_key(doc_id, ev.event_type, ev.date, who)
        hkey = happenings.happening_key(ev.event_type, who)
        found = conn.execute(select(events.c.id, events.c.document_id).where(events.c.merge_key == key)).first()
        event_id, rule = (found.id, happenings.SAME_DAY if found.document_id != doc_id else None) if found else \
            (happenings.find_same_happening(conn, hkey, ev, doc_id, published) or (None, None))
        created = event_id is None
        if created:
            start, end = evidence_window(doc_text, ev.start, ev.end, ev.trigger)  # never a whole run-on sentence
            event_id = insert_ignore(conn, events, dict(
                document_id=doc_id, merge_key=key, happening_key=hkey, event_type=ev.event_type, mode=ev.mode,
                context=list(ev.context), cameo=ev.cameo, location=ev.location, date=ev.date,
                date_text=ev.date_text, aux=ev.aux, trigger=ev.trigger, trigger_id=ev.trigger_id,
                confidence=ev.confidence, evidence=doc_text[start:end], start=start, end=end,
                sentence_start=ev.start, sentence_end=ev.end,
                polities=",".join(sorted(ev.polities)), kb_version=kb_version), ["merge_key"])
            sides: dict[str, list[tuple[int, str | None]]] = {"actor": [], "recipient": []}
            for role, side in (("actor", ev.actor), ("recipient", ev.recipient)):
                for entity in side:
                    actor = self._actor_id(conn, entity)
                    if (actor, entity.polity) not in sides[role]:
                        sides[role].append((actor, entity.polity))
                        insert_ignore(conn, event_actors, dict(event_id=event_id, actor_id=actor, role=role),
                                      ["event_id", "actor_id", "role"])
            pairs, nodes = pair_rows(event_id, ev.event_type, ev.date, sides)
            if pairs:
                conn.execute(insert(network_pairs), pairs)
            if nodes:
                conn.execute(insert(network_nodes), nodes)
            search.index_event(conn, event_id, doc_id, doc_text[start:end])
        elif rule:
            happenings.record_merge(conn, event_id, doc_id, rule)
        added = 0
        for sentence_start, sentence_end in dict.fromkeys(ev.reports or ((ev.start, ev.end),)):
            start, end = evidence_window(doc_text, sentence_start, sentence_end, ev.trigger)
            if insert_ignore(conn, reports, dict(event_id=event_id, document_id=doc_id, start=start, end=end,
                                                 text=doc_text[start:end], sentence_start=sentence_start,
                                                 sentence_end=sentence_end, **happenings.reading(ev, doc_text[start:end])),
                             ["event_id", "document_id", "start", "end"]) is not None:
                added += 1
        return int(created), added

    def stored_as(self, text: str) -> str | None:
        """The key of the stored document with this text (exact duplicate), if any: checked before extracting."""
        with self.engine.connect() as conn:
            return conn.scalar(select(documents.c.doc_key).where(documents.c.content_hash == content_hash(text)))

    def finished_file(self, raw_hash: str) -> str | None:
        """The path under which a file with these bytes was ingested whole, if one was."""
        with self.engine.connect() as conn:
            return conn.scalar(select(ingested_files.c.path).where(ingested_files.c.raw_hash == raw_hash))

    def finish_file(self, raw_hash: str, path: str, size: int, n_documents: int) -> None:
        """Record that every document of this input file is stored (by this run or an earlier one)."""
        with self.writing() as conn:
            insert_ignore(conn, ingested_files, dict(raw_hash=raw_hash, path=path, size=size, documents=n_documents,
                                                     finished_at=datetime.now(timezone.utc).replace(tzinfo=None)),
                          ["raw_hash"])

    def split(self, event_id: int, document_id: int) -> int:
        """Undo the merge of a document's reports into an event (see marsad.store.happenings.split)."""
        return happenings.split(self, event_id, document_id)

    # ---- reading one item ----------------------------------------------------------------------
    def counts(self) -> dict:
        return counts(self)

    def event(self, event_id: int) -> dict:
        from marsad.store.query import Selection, list_events

        if not 1 <= event_id <= MAX_ID:
            raise NotFound(f"no event with id {event_id}: ids are positive numbers up to {MAX_ID}")
        found = list_events(self, Selection(event_ids=(event_id,)), limit=1, sort="id")
        if not found:
            raise NotFound(f"no event with id {event_id}")
        item = found[0]
        with self.engine.connect() as conn:
            item["reports"] = [dict(r) for r in conn.execute(
                select(reports.c.id, reports.c.document_id, reports.c.start, reports.c.end, reports.c.text,
                       reports.c.sentence_start, reports.c.sentence_end, reports.c.date, reports.c.location,
                       reports.c.numbers, documents.c.doc_key, documents.c.title, documents.c.source)
                .join(documents, documents.c.id == reports.c.document_id)
                .where(reports.c.event_id == event_id).order_by(reports.c.id)).mappings()]
            item.update(happenings.explain(conn, event_id, item["document_id"]))
        for rep in item["reports"]:
            rep["sentence"] = rep.pop("text")
        return item

    def log_skipped(self, problem: InputProblem) -> None:
        """Write down a skipped file, record or feed item at once, in its own transaction: a run that is killed
        later still leaves it listed."""
        with self.writing() as conn:
            conn.execute(insert(skipped).values(path=problem.path, stage=problem.stage, reason=one_line(problem.message),
                                                at=datetime.now(timezone.utc).replace(tzinfo=None)))

    def skipped_files(self) -> list[dict]:
        """Every skipped path that no stored document came from since, once, with its latest reason."""
        latest = select(func.max(skipped.c.id)).group_by(skipped.c.path)
        stored = select(documents.c.path).where(documents.c.path.isnot(None))
        with self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(
                select(skipped.c.path, skipped.c.stage, skipped.c.reason, skipped.c.at)
                .where(skipped.c.id.in_(latest), skipped.c.path.notin_(stored)).order_by(skipped.c.id)).mappings()]

    def document(self, document_id: int) -> dict:
        if not 1 <= document_id <= MAX_ID:
            raise NotFound(f"no document with id {document_id}: ids are positive numbers up to {MAX_ID}")
        with self.engine.connect() as conn:
            row = conn.execute(select(documents).where(documents.c.id == document_id)).mappings().first()
        if row is None:
            raise NotFound(f"no document with id {document_id}")
        return dict(row)


def _sqlite_path(url) -> str | None:
    db = url.database
    return None if not db or db == ":memory:" or db.startswith("file:") else db


def open_store(url: str | None = None, create: bool = False) -> Store:
    """Open the store at `url` (or MARSAD_DATABASE_URL, or ./marsad.db), bringing its schema up to date.

    A SQLite file that does not exist is an error unless `create` is set: a mistyped path must not become a new,
    empty store. Only `marsad ingest` (and tests) create stores.
    """
    from marsad.store.schema import migrate

    url = database_url(url)
    try:
        engine = create_engine(url, future=True, **({"connect_args": {"timeout": 60}} if url.startswith("sqlite") else {}))
    except (ArgumentError, NoSuchModuleError, ImportError, ValueError) as exc:  # bad URL or missing driver: say which
        raise StoreError(f"cannot open store {url!r}: {exc}; set MARSAD_DATABASE_URL or --db to "
                         "sqlite:///PATH or postgresql+psycopg://USER@HOST/DB") from exc
    if engine.dialect.name == "sqlite":
        path = _sqlite_path(engine.url)
        if path and not os.path.exists(path):
            if not create:
                raise StoreError(f"no store at {path!r}: check --db / MARSAD_DATABASE_URL, or create one with "
                                 "`marsad ingest FILES --db sqlite:///PATH`")
            folder = os.path.dirname(os.path.abspath(path))
            if not os.path.isdir(folder):
                raise StoreError(f"cannot create store {path!r}: folder {folder!r} does not exist")

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn, _):  # WAL: readers (the workbench) never block an ingest run
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.close()
    migrate(engine)
    return Store(engine)
