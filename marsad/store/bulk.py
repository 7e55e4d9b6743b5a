"""`marsad load`: bulk-load a `spark-extract` output (marsad.batch.rows) into the store.

Documents go in chunks, one transaction each, under the store's write lock (so ingest runs and the API may write
at the same time). What decides "already there" is the same as for `marsad ingest`: the content hash (a document
loaded before is skipped, so a killed load run again finishes the rest and adds nothing twice), the LSH buckets
against the stored documents (a near-copy is stored without events), and the events' merge key and happening key
(a happening already stored gains the new reports, by the rules of marsad.store.happenings).

The work is split so that the lock is held for the decisions and the writes only. Whatever does not depend on
the store (reading the Parquet rows, the events, their evidence windows and readings, the search index's
normalized text) is prepared for the next chunk in a thread of its own while the current one is written, so the
database works while Python prepares. Under the lock a chunk's ids are taken from the current maxima, the
decisions made against the store, and each table gets one COPY (PostgreSQL; the search index through a staging
table and one INSERT … SELECT to_tsvector) or one batched INSERT (SQLite).

Months are loaded in order, undated last, and each month's documents by date, so the original of a near-copy
(the earliest, see marsad.batch.spark) is in the store before its copies. Consecutive months are read together
until they hold about one chunk of documents; memory holds two such runs (the one written, the one prepared),
not the whole output.
"""
from __future__ import annotations

import json
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timezone
from operator import itemgetter
from pathlib import Path
from typing import Callable, Iterator

import pyarrow.dataset as ds
from sqlalchemy import JSON, any_, bindparam, func, select, text
from sqlalchemy.dialects.postgresql import ARRAY

from marsad.batch.rows import UNDATED, event_from_row
from marsad.errors import InputError
from marsad.ingest.dedupe import NEAR_JACCARD, jaccard, trigrams
from marsad.records import Document, Entity, Event
from marsad.store import happenings, search
from marsad.store.db import Store, actor_key, merge_key, pair_rows, participants
from marsad.store.tables import (actors, document_buckets, documents, event_actors, event_merges, events,
                                 network_nodes, network_pairs, reports)
from marsad.text.normalize import normalize_key
from marsad.text.sentences import evidence_window

CHUNK = 500  # documents per transaction; memory holds about three: the one written, the next, the rest of a run
IN_LIST = 10_000  # values per IN (...) list on SQLite
MANIFEST = "manifest.json"


@dataclass
class LoadReport:
    documents: int = 0  # in the output
    added: int = 0
    near_duplicates: int = 0
    skipped: int = 0  # already in the store
    events: int = 0  # events created
    reports: int = 0
    claims: int = 0  # claims found in the new documents (with a knowledge base)


@dataclass
class _Told:
    """One extracted event, with all of its rows that do not depend on the store."""
    event: Event
    participants: list[tuple[str, str]]
    happening: str | None  # happenings.happening_key
    sides: tuple[tuple[str, str, Entity], ...]  # (role, actor key, entity)
    start: int  # the evidence window
    end: int
    search_body: str  # the evidence, normalized for the search index
    reports: list[dict]  # report rows without event and document ids
    tsv: str | None = None  # PostgreSQL's index entry of the evidence (search.tsvectors)


@dataclass
class _Prepared:
    """One document of a chunk, prepared outside the write lock."""
    row: dict  # the `documents` Parquet row
    search_body: str  # title and text, normalized for the search index
    told: list[_Told] = field(default_factory=list)
    tsv: str | None = None  # PostgreSQL's index entry of the document (search.tsvectors)


@dataclass
class _Chunk:
    """The documents of one transaction, prepared; those already stored when it was prepared left out."""
    documents: int  # in the output, stored or not
    stored: int  # already in the store when prepared
    prepared: list[_Prepared]


def _dataset(out: Path, name: str):
    return ds.dataset(str(out / name), format="parquet", partitioning="hive")


def load(out: str | Path, store: Store, chunk: int = CHUNK,
         on_progress: Callable[[int, int], None] | None = None, kb=None, cues=None) -> LoadReport:
    """Load every month of `out`. Given the knowledge base, each new document is also read for claims, with the
    events the batch job extracted (not extracted again), as `marsad ingest` does."""
    out = Path(out)
    if kb is not None and cues is None:
        from marsad.mentions.claims import load_claim_cues

        cues = load_claim_cues()
    if not (out / MANIFEST).is_file():
        raise InputError(f"{out}: no {MANIFEST}; it is not a finished `marsad spark-extract` output "
                         "(run spark-extract again with the same arguments to finish it)")
    manifest = json.loads((out / MANIFEST).read_text())
    report = LoadReport(documents=manifest["documents"])
    chunks = _chunks(out, chunk)

    def next_prepared() -> _Chunk | None:
        rows = next(chunks, None)
        return None if rows is None else _prepare_chunk(store, rows)

    done = 0
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="marsad-load") as worker:
        ahead = worker.submit(next_prepared)
        while (batch := ahead.result()) is not None:
            ahead = worker.submit(next_prepared)  # read and prepare the next chunk while this one is written
            report.skipped += batch.stored
            added = _load_chunk(store, batch.prepared, report) if batch.prepared else []
            if kb is not None:
                report.claims += _scan_claims(store, kb, cues, added)
            done += batch.documents
            if on_progress:
                on_progress(done, report.documents)
    return report


def _chunks(out: Path, chunk: int) -> Iterator[list[dict]]:
    """The documents of `out` in load order, in chunks of up to `chunk`, each document row with its events
    (`events`, in order, each with its report spans as `spans`)."""
    docs_ds, events_ds, reports_ds = (_dataset(out, n) for n in ("documents", "events", "reports"))
    for months in _month_runs(docs_ds, chunk):
        where = ds.field("month").isin(months)
        spans: dict[tuple[str, int], list] = defaultdict(list)
        for r in reports_ds.to_table(filter=where, columns=["content_hash", "seq", "start", "end"]).to_pylist():
            spans[(r["content_hash"], r["seq"])].append((r["start"], r["end"]))
        by_doc: dict[str, list] = defaultdict(list)
        for e in events_ds.to_table(filter=where).drop_columns(["month"]).to_pylist():
            e["spans"] = spans.get((e["content_hash"], e["seq"]), [])
            by_doc[e["content_hash"]].append(e)
        run_docs = docs_ds.to_table(filter=where).sort_by(
            [("month", "ascending"), ("published", "ascending"), ("doc_key", "ascending")])
        for start in range(0, run_docs.num_rows, chunk):
            rows = run_docs.slice(start, chunk).to_pylist()
            for r in rows:
                r["events"] = sorted(by_doc.get(r["content_hash"], ()), key=lambda e: e["seq"])
            yield rows


def _month_runs(docs_ds, chunk: int) -> list[list[str]]:
    """The output's months in load order (dated ones in order, undated last), in runs of consecutive months that
    hold about `chunk` documents together (a bigger month is a run of its own): each run is read in one scan and
    loaded in chunks of up to `chunk` documents, so a store gets few, full transactions even when most months are
    small. Counted from the Parquet footers, without reading the rows."""
    sizes: dict[str, int] = defaultdict(int)
    for fragment in docs_ds.get_fragments():
        sizes[ds.get_partition_keys(fragment.partition_expression)["month"]] += fragment.count_rows()
    runs: list[list[str]] = []
    held = 0
    for month in sorted(sizes, key=lambda m: (m == UNDATED, m)):
        if not runs or held + sizes[month] > chunk:
            runs.append([])
            held = 0
        runs[-1].append(month)
        held += sizes[month]
    return runs


def _prepare_chunk(store: Store, rows: list[dict]) -> _Chunk:
    """A chunk's documents that are not stored yet, prepared (`_prepare`), with PostgreSQL's search index entries
    asked of the server; on a connection of its own, without the lock (the server computes them while the previous
    chunk is written; what another writer stores meanwhile is found again under the lock)."""
    with store.engine.connect() as conn:
        stored = {h for h, in _select_in(conn, select(documents.c.content_hash), documents.c.content_hash,
                                         [r["content_hash"] for r in rows])}
        chunk = [_prepare(r) for r in rows if r["content_hash"] not in stored]
        if conn.dialect.name == "postgresql":
            indexed = [*chunk, *(t for p in chunk for t in p.told)]
            for item, tsv in zip(indexed, search.tsvectors(conn, [i.search_body for i in indexed])):
                item.tsv = tsv
    return _Chunk(len(rows), len(stored), chunk)


def _prepare(r: dict) -> _Prepared:
    """A document's rows as far as they do not depend on the store: its events, their evidence windows (as
    Store._add_event cuts them), their reports with each report's reading, and the normalized text of the
    document and of each event's evidence for the search index."""
    text = r["text"]
    doc = _Prepared(r, normalize_key(f"{r['title'] or ''}\n{text}"))
    for e in r["events"]:
        ev = event_from_row(e, r["doc_key"], e["spans"])
        start, end = evidence_window(text, ev.start, ev.end, ev.trigger)
        evidence = normalize_key(text[start:end])
        report_rows = []
        for sentence_start, sentence_end in dict.fromkeys(ev.reports or ((ev.start, ev.end),)):
            w_start, w_end = evidence_window(text, sentence_start, sentence_end, ev.trigger)
            window = text[w_start:w_end]
            report_rows.append({"start": w_start, "end": w_end, "text": window, "sentence_start": sentence_start,
                                "sentence_end": sentence_end, **happenings.reading(ev, window)})
        who = participants(ev)
        doc.told.append(_Told(ev, who, happenings.happening_key(ev.event_type, who),
                              tuple((role, actor_key(entity), entity)
                                    for role, side in (("actor", ev.actor), ("recipient", ev.recipient))
                                    for entity in side),
                              start, end, evidence, report_rows))
    return doc


def _scan_claims(store: Store, kb, cues, added: list[tuple[int, _Prepared]]) -> int:
    """Claims of the chunk's new documents, one transaction each (marsad.analysis.claims.scan_document); a load
    killed before they are read leaves them to `marsad.pipeline.follow_up`."""
    from marsad.analysis.claims import scan_document

    found = 0
    for doc_id, prepared in added:
        r = prepared.row
        doc = Document(id=r["doc_key"], text=r["text"], title=r["title"], url=r["url"], source=r["source"],
                       published=r["published"], path=r["path"])
        found += scan_document(store, kb, cues, doc_id, doc, [t.event for t in prepared.told])
    return found


def _load_chunk(store: Store, chunk: list[_Prepared], report: LoadReport) -> list[tuple[int, _Prepared]]:
    """Store one chunk of documents in one transaction; returns (store id, prepared document) of those added."""
    with store.writing() as conn:
        present = {h for h, in _select_in(conn, select(documents.c.content_hash), documents.c.content_hash,
                                          [p.row["content_hash"] for p in chunk])}
        chunk = [p for p in chunk if p.row["content_hash"] not in present]
        report.skipped += len(present)
        if not chunk:
            return []
        first = (conn.scalar(select(func.max(documents.c.id))) or 0) + 1
        ids = {p.row["content_hash"]: first + n for n, p in enumerate(chunk)}
        originals = _originals(conn, [p.row for p in chunk], ids)
        now = datetime.now(timezone.utc).replace(tzinfo=None)
        doc_rows, bucket_rows, search_rows, coded = [], [], [], []
        for p in chunk:
            r = p.row
            doc_id = ids[r["content_hash"]]
            original = originals.get(r["content_hash"])
            doc_rows.append({"id": doc_id, "doc_key": r["doc_key"], "content_hash": r["content_hash"],
                             "minhash": r["minhash"], "title": r["title"], "url": r["url"], "source": r["source"],
                             "path": r["path"], "published": r["published"], "text": r["text"],
                             "duplicate_of": original, "kb_version": r["kb_version"], "ingested_at": now})
            bucket_rows += [{"bucket": b, "document_id": doc_id} for b in set(r["buckets"])]
            search_rows.append(("document", doc_id, doc_id, p.search_body, p.tsv))
            if original is None:
                coded.append((doc_id, p))
            else:
                report.near_duplicates += 1
        _write(conn, documents, doc_rows)
        _write(conn, document_buckets, bucket_rows)
        _add_events(conn, coded, search_rows, report)
        search.index_many(conn, search_rows)
        report.added += len(chunk)
        _advance_sequences(conn)
    return [(ids[p.row["content_hash"]], p) for p in chunk]


def _originals(conn, rows: list[dict], ids: dict[str, int]) -> dict[str, int]:
    """Content hash → id of its original, for the near-copies of a chunk: those the batch job marked (the original
    is in the store or earlier in this chunk, with the id `ids` gives it) and those the store's documents reveal."""
    found: dict[str, int] = {}
    marked = {r["duplicate_of"] for r in rows if r["duplicate_of"]}
    stored = {}
    if marked:
        stored = {h: dup or i for h, i, dup in _select_in(
            conn, select(documents.c.content_hash, documents.c.id, documents.c.duplicate_of),
            documents.c.content_hash, marked)}
    buckets = {b for r in rows if not r["duplicate_of"] for b in r["buckets"]}
    candidates = defaultdict(list)  # bucket → stored document ids
    if buckets:
        for bucket, doc_id in _select_in(conn, select(document_buckets.c.bucket, document_buckets.c.document_id),
                                         document_buckets.c.bucket, buckets):
            candidates[bucket].append(doc_id)
    stored_texts = {}  # stored document id → (3-grams, its original)
    if candidates:
        for doc_id, body, dup in _select_in(conn, select(documents.c.id, documents.c.text, documents.c.duplicate_of),
                                            documents.c.id, {i for ids_ in candidates.values() for i in ids_}):
            stored_texts[doc_id] = (trigrams(body), dup or doc_id)
    for r in rows:
        if r["duplicate_of"]:
            if r["duplicate_of"] in stored:
                found[r["content_hash"]] = stored[r["duplicate_of"]]
            elif r["duplicate_of"] in ids:  # earlier in this chunk (the original comes first)
                found[r["content_hash"]] = found.get(r["duplicate_of"], ids[r["duplicate_of"]])
            continue
        near = {i for b in set(r["buckets"]) for i in candidates.get(b, ())}
        if not near:
            continue
        mine = trigrams(r["text"])  # each candidate confirmed by exact 3-gram Jaccard, as the store does
        scored = [(jaccard(mine, stored_texts[i][0]), -i, stored_texts[i][1]) for i in near]
        best = max((s for s in scored if s[0] >= NEAR_JACCARD), default=None)
        if best is not None:
            found[r["content_hash"]] = best[2]
    return found


def _add_events(conn, coded: list[tuple[int, _Prepared]], search_rows: list, report: LoadReport) -> None:
    """Events of the chunk's coded documents: new happenings get rows, known ones (same merge key, or another
    outlet's report by the rules of marsad.store.happenings) the new reports, as Store._add_event decides."""
    extracted = [(doc_id, p, t) for doc_id, p in coded for t in p.told]
    if not extracted:
        return
    keys = [merge_key(doc_id, t.event.event_type, t.event.date, t.participants) for doc_id, _, t in extracted]
    event_ids, owner = {}, {}  # merge key → event id; event id → its document
    for key, event_id, doc_id in _select_in(conn, select(events.c.merge_key, events.c.id, events.c.document_id),
                                            events.c.merge_key, set(keys)):
        event_ids[key], owner[event_id] = event_id, doc_id
    # where an undated follow-up looks for the happening it re-tells (happenings.follow_up_days): (happening key,
    # day) → [(event id, document id)] in id order, stored or new in this chunk; only the chunk's follow-ups' keys
    # and the stored events of their days are read, not every report of a much-told happening
    windows = [happenings.follow_up_days(t.event, p.row["published"]) if t.happening else None
               for _, p, t in extracted]
    told = defaultdict(list)
    days = [day for window in windows if window for day in window]
    if days:
        for hkey, when, event_id, doc_id in _select_in(  # in id order for each key: one key is in one IN list
                conn, select(events.c.happening_key, events.c.date, events.c.id, events.c.document_id)
                .where(events.c.date.between(min(days), max(days))).order_by(events.c.id),
                events.c.happening_key, {t.happening for (_, _, t), window in zip(extracted, windows) if window}):
            told[(hkey, when)].append((event_id, doc_id))
    entities = {}  # actor key → the entity that first names it, as Store._actor_id keeps the first
    for _, _, t in extracted:
        for _, key, entity in t.sides:
            entities.setdefault(key, entity)
    actor_ids = dict(_select_in(conn, select(actors.c.actor_key, actors.c.id), actors.c.actor_key, entities))
    next_actor = (conn.scalar(select(func.max(actors.c.id))) or 0) + 1
    actor_rows = []
    for key, e in entities.items():
        if key not in actor_ids:
            actor_ids[key] = next_actor
            actor_rows.append({"id": next_actor, "actor_key": key, "kb_id": e.actor_id, "name": e.name,
                               "polity": e.polity, "kind": e.kind})
            next_actor += 1
    next_event = (conn.scalar(select(func.max(events.c.id))) or 0) + 1
    event_rows, role_rows, pairs, nodes, report_rows, merge_rows = [], [], [], [], [], {}
    seen_spans = set()
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    for (doc_id, p, t), key, window in zip(extracted, keys, windows):
        ev, doc_text = t.event, p.row["text"]
        event_id = event_ids.get(key)
        rule = happenings.SAME_DAY if event_id is not None and owner[event_id] != doc_id else None
        if event_id is None and window:  # an undated follow-up of another outlet's report?
            event_id = min((i for day in window for i, other in told.get((t.happening, day), ()) if other != doc_id),
                           default=None)
            rule = happenings.FOLLOW_UP if event_id is not None else None
        if rule and (event_id, doc_id) not in merge_rows:
            merge_rows[(event_id, doc_id)] = {"event_id": event_id, "document_id": doc_id, "rule": rule,
                                              "merged_at": now}
        if event_id is None:
            event_id = event_ids[key] = next_event
            owner[event_id] = doc_id
            next_event += 1
            if t.happening:
                told[(t.happening, ev.date)].append((event_id, doc_id))
            event_rows.append({"id": event_id, "document_id": doc_id, "merge_key": key, "happening_key": t.happening,
                               "event_type": ev.event_type,
                               "mode": ev.mode, "context": list(ev.context), "cameo": ev.cameo,
                               "location": ev.location, "date": ev.date, "date_text": ev.date_text, "aux": ev.aux,
                               "trigger": ev.trigger, "trigger_id": ev.trigger_id, "confidence": ev.confidence,
                               "evidence": doc_text[t.start:t.end], "start": t.start, "end": t.end,
                               "sentence_start": ev.start, "sentence_end": ev.end,
                               "polities": ",".join(sorted(ev.polities)), "kb_version": p.row["kb_version"]})
            sides: dict[str, list[tuple[int, str | None]]] = {"actor": [], "recipient": []}
            for role, actor, entity in t.sides:
                actor = actor_ids[actor]
                if (actor, entity.polity) not in sides[role]:
                    sides[role].append((actor, entity.polity))
                    role_rows.append({"event_id": event_id, "actor_id": actor, "role": role})
            more_pairs, more_nodes = pair_rows(event_id, ev.event_type, ev.date, sides)
            pairs += more_pairs
            nodes += more_nodes
            search_rows.append(("event", event_id, doc_id, t.search_body, t.tsv))
            report.events += 1
        for told_report in t.reports:
            if (event_id, doc_id, told_report["start"], told_report["end"]) not in seen_spans:
                seen_spans.add((event_id, doc_id, told_report["start"], told_report["end"]))
                report_rows.append({"event_id": event_id, "document_id": doc_id, **told_report})
    _write(conn, actors, actor_rows)
    _write(conn, events, event_rows)
    _write(conn, event_actors, role_rows)
    _write(conn, network_pairs, pairs)
    _write(conn, network_nodes, nodes)
    _write(conn, reports, report_rows)
    _write(conn, event_merges, list(merge_rows.values()))
    report.reports += len(report_rows)


def _select_in(conn, query, column, values) -> list:
    """The rows of `query` whose `column` is one of `values`: on PostgreSQL one array parameter (`= ANY`), on
    SQLite IN lists of at most IN_LIST values (a statement takes at most 32,766 parameters there)."""
    values = list(values)
    if not values:
        return []
    if conn.dialect.name == "postgresql":
        return conn.execute(query.where(column == any_(bindparam("values", values, type_=ARRAY(column.type))))).all()
    found = []
    for start in range(0, len(values), IN_LIST):
        found += conn.execute(query.where(column.in_(values[start:start + IN_LIST]))).all()
    return found


def _write(conn, table, rows: list[dict]) -> None:
    """COPY on PostgreSQL, one batched INSERT on SQLite."""
    if not rows:
        return
    names = list(rows[0])  # every row of a table is built with the same keys, in the same order
    values = itemgetter(*names) if len(names) > 1 else lambda row: (row[names[0]],)
    quoted = ", ".join(f'"{n}"' for n in names)
    if conn.dialect.name != "postgresql":
        # the driver's executemany over tuples, each value through its column type's own conversion (JSON, dates):
        # what `conn.execute(insert(table), rows)` stores, without SQLAlchemy building parameters row by row,
        # which took a quarter of a load's time
        convert = [table.c[n].type.dialect_impl(conn.dialect).bind_processor(conn.dialect) for n in names]
        conn.exec_driver_sql(f'INSERT INTO {table.name} ({quoted}) VALUES ({", ".join("?" * len(names))})',
                             [tuple(v if f is None else f(v) for f, v in zip(convert, values(row))) for row in rows])
        return
    json_cols = [n for n in names if isinstance(table.c[n].type, JSON)]
    cursor = conn.connection.driver_connection.cursor()
    with cursor.copy(f'COPY {table.name} ({quoted}) FROM STDIN') as copy:
        for row in rows:
            if json_cols:
                row = {**row, **{n: json.dumps(row[n], ensure_ascii=False) for n in json_cols if row[n] is not None}}
            copy.write_row(values(row))


def _advance_sequences(conn) -> None:
    """Rows went in with explicit ids: move PostgreSQL's id sequences past them (SQLite follows by itself)."""
    if conn.dialect.name != "postgresql":
        return
    for table in ("documents", "actors", "events"):
        conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                          f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"))
