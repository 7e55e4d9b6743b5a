"""`marsad load`: bulk-load a `spark-extract` output (marsad.batch.rows) into the store.

Documents go in chunks, one transaction each, under the store's write lock (so ingest runs and the API may write
at the same time). A chunk's ids are taken from the current maxima inside that lock, every row is built in
Python, and then each table gets one COPY (PostgreSQL) or one batched INSERT (SQLite). What decides "already
there" is the same as for `marsad ingest`: the content hash (a document loaded before is skipped, so a killed
load run again finishes the rest and adds nothing twice), the LSH buckets against the stored documents (a near-copy
is stored without events), and the events' merge key (a happening already stored gains the new reports).

Months are loaded in order, undated last, and each month's documents by date, so the original of a near-copy
(the earliest, see marsad.batch.spark) is in the store before its copies. Memory holds one month's events and
reports, not the whole output.
"""
from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

import pyarrow.compute as pc
import pyarrow.dataset as ds
from sqlalchemy import func, insert, select, text

from marsad.batch.rows import UNDATED, event_from_row
from marsad.errors import InputError
from marsad.records import Document
from marsad.ingest.dedupe import NEAR_JACCARD, jaccard, trigrams
from marsad.store import happenings, search
from marsad.store.db import Store, actor_key, merge_key, pair_rows, participants
from marsad.store.tables import (actors, document_buckets, documents, event_actors, event_merges, events,
                                 network_nodes, network_pairs, reports)
from marsad.text.sentences import evidence_window

CHUNK = 2000  # documents per transaction
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
    docs_ds, events_ds, reports_ds = (_dataset(out, n) for n in ("documents", "events", "reports"))
    months = sorted(pc.unique(docs_ds.to_table(columns=["month"])["month"]).to_pylist(),
                    key=lambda m: (m == UNDATED, m))
    report = LoadReport(documents=manifest["documents"])
    done = 0
    for month in months:
        where = ds.field("month") == month
        evs = events_ds.to_table(filter=where).drop_columns(["month"]).to_pylist()
        reps = reports_ds.to_table(filter=where, columns=["content_hash", "seq", "start", "end"]).to_pylist()
        spans: dict[tuple[str, int], list] = defaultdict(list)
        for r in reps:
            spans[(r["content_hash"], r["seq"])].append((r["start"], r["end"]))
        by_doc: dict[str, list] = defaultdict(list)
        for e in evs:
            by_doc[e["content_hash"]].append(e)
        month_docs = docs_ds.to_table(filter=where).sort_by([("published", "ascending"), ("doc_key", "ascending")])
        for start in range(0, month_docs.num_rows, chunk):
            rows = month_docs.slice(start, chunk).to_pylist()
            added = _load_chunk(store, rows, by_doc, spans, report)
            if kb is not None:
                report.claims += _scan_claims(store, kb, cues, added, by_doc, spans)
            done += len(rows)
            if on_progress:
                on_progress(done, report.documents)
    return report


def _scan_claims(store: Store, kb, cues, added: list[tuple[int, dict]], by_doc: dict, spans: dict) -> int:
    """Claims of the chunk's new documents, one transaction each (marsad.analysis.claims.scan_document); a load
    killed before they are read leaves them to `marsad.pipeline.follow_up`."""
    from marsad.analysis.claims import scan_document

    found = 0
    for doc_id, r in added:
        doc = Document(id=r["doc_key"], text=r["text"], title=r["title"], url=r["url"], source=r["source"],
                       published=r["published"], path=r["path"])
        extracted = [event_from_row(e, r["doc_key"], spans.get((r["content_hash"], e["seq"]), []))
                     for e in sorted(by_doc.get(r["content_hash"], ()), key=lambda e: e["seq"])]
        found += scan_document(store, kb, cues, doc_id, doc, extracted)
    return found


def _load_chunk(store: Store, rows: list[dict], by_doc: dict, spans: dict,
                report: LoadReport) -> list[tuple[int, dict]]:
    """Store one chunk of documents in one transaction; returns (store id, row) of those added."""
    with store.writing() as conn:
        present = set(conn.execute(select(documents.c.content_hash)
                                   .where(documents.c.content_hash.in_([r["content_hash"] for r in rows]))).scalars())
        rows = [r for r in rows if r["content_hash"] not in present]
        report.skipped += len(present)
        if not rows:
            return []
        first = (conn.scalar(select(func.max(documents.c.id))) or 0) + 1
        ids = {r["content_hash"]: first + n for n, r in enumerate(rows)}
        originals = _originals(conn, rows, ids)
        now = datetime.now(timezone.utc).replace(tzinfo=None)
        doc_rows, bucket_rows, search_rows, coded = [], [], [], []
        for r in rows:
            doc_id = ids[r["content_hash"]]
            original = originals.get(r["content_hash"])
            doc_rows.append({"id": doc_id, "doc_key": r["doc_key"], "content_hash": r["content_hash"],
                             "minhash": r["minhash"], "title": r["title"], "url": r["url"], "source": r["source"],
                             "path": r["path"], "published": r["published"], "text": r["text"],
                             "duplicate_of": original, "kb_version": r["kb_version"], "ingested_at": now})
            bucket_rows += [{"bucket": b, "document_id": doc_id} for b in set(r["buckets"])]
            search_rows.append(("document", doc_id, doc_id, f"{r['title'] or ''}\n{r['text']}"))
            if original is None:
                coded.append(r)
            else:
                report.near_duplicates += 1
        _write(conn, documents, doc_rows)
        _write(conn, document_buckets, bucket_rows)
        _add_events(conn, coded, ids, by_doc, spans, search_rows, report)
        search.index_many(conn, search_rows)
        report.added += len(rows)
        _advance_sequences(conn)
    return [(ids[r["content_hash"]], r) for r in rows]


def _originals(conn, rows: list[dict], ids: dict[str, int]) -> dict[str, int]:
    """Content hash → id of its original, for the near-copies of a chunk: those the batch job marked (the original
    is in the store or earlier in this chunk, with the id `ids` gives it) and those the store's documents reveal."""
    found: dict[str, int] = {}
    marked = {r["duplicate_of"] for r in rows if r["duplicate_of"]}
    stored = {}
    if marked:
        stored = {h: dup or i for h, i, dup in conn.execute(
            select(documents.c.content_hash, documents.c.id, documents.c.duplicate_of)
            .where(documents.c.content_hash.in_(marked)))}
    buckets = {b for r in rows if not r["duplicate_of"] for b in r["buckets"]}
    candidates = defaultdict(list)  # bucket → stored document ids
    if buckets:
        for bucket, doc_id in conn.execute(select(document_buckets.c.bucket, document_buckets.c.document_id)
                                           .where(document_buckets.c.bucket.in_(buckets))):
            candidates[bucket].append(doc_id)
    stored_texts = {}  # stored document id → (3-grams, its original)
    if candidates:
        for doc_id, text, dup in conn.execute(
                select(documents.c.id, documents.c.text, documents.c.duplicate_of)
                .where(documents.c.id.in_({i for ids_ in candidates.values() for i in ids_}))):
            stored_texts[doc_id] = (trigrams(text), dup or doc_id)
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


def _add_events(conn, coded: list[dict], ids: dict[str, int], by_doc: dict, spans: dict, search_rows: list,
                report: LoadReport) -> None:
    """Events of the chunk's coded documents: new happenings get rows, known ones (same merge key) reports."""
    extracted = []  # (doc id, text, kb version, published, Event)
    for r in coded:
        for row in sorted(by_doc.get(r["content_hash"], ()), key=lambda e: e["seq"]):
            extracted.append((ids[r["content_hash"]], r["text"], r["kb_version"], r["published"],
                              event_from_row(row, r["doc_key"], spans.get((r["content_hash"], row["seq"]), []))))
    if not extracted:
        return
    keys = [merge_key(doc_id, ev.event_type, ev.date, participants(ev)) for doc_id, _, _, _, ev in extracted]
    hkeys = [happenings.happening_key(ev.event_type, participants(ev)) for _, _, _, _, ev in extracted]
    event_ids, owner = {}, {}  # merge key → event id; event id → its document
    for key, event_id, doc_id in conn.execute(select(events.c.merge_key, events.c.id, events.c.document_id)
                                              .where(events.c.merge_key.in_(set(keys)))):
        event_ids[key], owner[event_id] = event_id, doc_id
    told = defaultdict(list)  # happening key → [(event id, date, document id)], stored or new in this chunk
    for hkey, event_id, when, doc_id in conn.execute(
            select(events.c.happening_key, events.c.id, events.c.date, events.c.document_id)
            .where(events.c.happening_key.in_({h for h in hkeys if h})).order_by(events.c.id)):
        told[hkey].append((event_id, when, doc_id))
    entities = {actor_key(e): e for _, _, _, _, ev in extracted for e in ev.actor + ev.recipient}
    actor_ids = dict(conn.execute(select(actors.c.actor_key, actors.c.id)
                                  .where(actors.c.actor_key.in_(list(entities)))).all())
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
    for (doc_id, doc_text, kb_version, published, ev), key, hkey in zip(extracted, keys, hkeys):
        event_id = event_ids.get(key)
        rule = happenings.SAME_DAY if event_id is not None and owner[event_id] != doc_id else None
        if event_id is None:  # another outlet's report of the same happening?
            event_id, rule = next(((i, r) for i, when, other in told.get(hkey, ()) if other != doc_id
                                   for r in [happenings.rule_for(when, ev, published)] if r), (None, None))
        if rule and (event_id, doc_id) not in merge_rows:
            merge_rows[(event_id, doc_id)] = {"event_id": event_id, "document_id": doc_id, "rule": rule,
                                              "merged_at": now}
        if event_id is None:
            start, end = evidence_window(doc_text, ev.start, ev.end, ev.trigger)  # as Store._add_event
            event_id = event_ids[key] = next_event
            owner[event_id] = doc_id
            next_event += 1
            if hkey:
                told[hkey].append((event_id, ev.date, doc_id))
            event_rows.append({"id": event_id, "document_id": doc_id, "merge_key": key, "happening_key": hkey,
                               "event_type": ev.event_type,
                               "mode": ev.mode, "context": list(ev.context), "cameo": ev.cameo,
                               "location": ev.location, "date": ev.date, "date_text": ev.date_text, "aux": ev.aux,
                               "trigger": ev.trigger, "trigger_id": ev.trigger_id, "confidence": ev.confidence,
                               "evidence": doc_text[start:end], "start": start, "end": end,
                               "sentence_start": ev.start, "sentence_end": ev.end,
                               "polities": ",".join(sorted(ev.polities)), "kb_version": kb_version})
            sides: dict[str, list[tuple[int, str | None]]] = {"actor": [], "recipient": []}
            for role, side in (("actor", ev.actor), ("recipient", ev.recipient)):
                for entity in side:
                    actor = actor_ids[actor_key(entity)]
                    if (actor, entity.polity) not in sides[role]:
                        sides[role].append((actor, entity.polity))
                        role_rows.append({"event_id": event_id, "actor_id": actor, "role": role})
            p, n = pair_rows(event_id, ev.event_type, ev.date, sides)
            pairs += p
            nodes += n
            search_rows.append(("event", event_id, doc_id, doc_text[start:end]))
            report.events += 1
        for sentence_start, sentence_end in dict.fromkeys(ev.reports or ((ev.start, ev.end),)):
            start, end = evidence_window(doc_text, sentence_start, sentence_end, ev.trigger)
            if (event_id, doc_id, start, end) not in seen_spans:
                seen_spans.add((event_id, doc_id, start, end))
                window = doc_text[start:end]
                report_rows.append({"event_id": event_id, "document_id": doc_id, "start": start, "end": end,
                                    "text": window, "sentence_start": sentence_start, "sentence_end": sentence_end,
                                    **happenings.reading(ev, window)})
    _write(conn, actors, actor_rows)
    _write(conn, events, event_rows)
    _write(conn, event_actors, role_rows)
    _write(conn, network_pairs, pairs)
    _write(conn, network_nodes, nodes)
    _write(conn, reports, report_rows)
    _write(conn, event_merges, list(merge_rows.values()))
    report.reports += len(report_rows)


def _write(conn, table, rows: list[dict]) -> None:
    """COPY on PostgreSQL, one batched INSERT on SQLite."""
    if not rows:
        return
    if conn.dialect.name != "postgresql":
        conn.execute(insert(table), rows)
        return
    names = list(rows[0])
    json_cols = {c.name for c in table.c if c.type.__class__.__name__ == "JSON"}
    cursor = conn.connection.driver_connection.cursor()
    quoted = ", ".join(f'"{n}"' for n in names)
    with cursor.copy(f'COPY {table.name} ({quoted}) FROM STDIN') as copy:
        for row in rows:
            copy.write_row([json.dumps(row[n], ensure_ascii=False) if n in json_cols and row[n] is not None
                            else row[n] for n in names])


def _advance_sequences(conn) -> None:
    """Rows went in with explicit ids: move PostgreSQL's id sequences past them (SQLite follows by itself)."""
    if conn.dialect.name != "postgresql":
        return
    for table in ("documents", "actors", "events"):
        conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                          f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"))
