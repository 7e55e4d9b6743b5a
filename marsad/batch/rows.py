"""The Parquet rows of a batch job's output: documents, events and reports, and the way back to records.

`marsad spark-extract` writes three datasets under its output folder, each partitioned by publication month
(`month=2025-05`, or `month=undated`): `documents` (one row per distinct article, its MinHash and LSH buckets, and
for a near-copy the content hash of its original), `events` (one row per extracted event, keyed by its document's
content hash and its position in the document) and `reports` (each sentence that tells an event). Content hashes,
not store ids, tie them together, so the output can be loaded into any store, any number of times.
"""
from __future__ import annotations

from datetime import date

import pyarrow as pa

from marsad.ingest.dedupe import Fingerprint
from marsad.records import Document, Entity, Event

UNDATED = "undated"

_ENTITY = pa.struct([("name", pa.string()), ("polity", pa.string()), ("actor_id", pa.string()),
                     ("kind", pa.string())])
DOCUMENTS = pa.schema([
    ("content_hash", pa.string()), ("doc_key", pa.string()), ("title", pa.string()), ("url", pa.string()),
    ("source", pa.string()), ("path", pa.string()), ("published", pa.date32()), ("text", pa.string()),
    ("minhash", pa.binary()), ("buckets", pa.list_(pa.int64())),
    ("duplicate_of", pa.string()),  # content hash of the original this is a near-copy of
    ("kb_version", pa.string()), ("month", pa.string()),
])
EVENTS = pa.schema([
    ("content_hash", pa.string()), ("seq", pa.int32()), ("event_type", pa.string()), ("mode", pa.string()),
    ("context", pa.list_(pa.string())), ("actor", pa.list_(_ENTITY)), ("recipient", pa.list_(_ENTITY)),
    ("location", pa.string()), ("date", pa.string()), ("date_text", pa.string()), ("aux", pa.string()),
    ("evidence", pa.string()), ("start", pa.int32()), ("end", pa.int32()), ("trigger", pa.string()),
    ("trigger_id", pa.string()), ("cameo", pa.string()), ("confidence", pa.float64()),
    ("trigger_start", pa.int32()), ("trigger_end", pa.int32()),  # Event.trigger_span: claims tie to the nearest
    ("month", pa.string()),
])
REPORTS = pa.schema([
    ("content_hash", pa.string()), ("seq", pa.int32()), ("start", pa.int32()), ("end", pa.int32()),
    ("text", pa.string()), ("month", pa.string()),
])


def month_of(published: date | None) -> str:
    return published.strftime("%Y-%m") if published else UNDATED


def document_row(doc: Document, fp: Fingerprint, duplicate_of: str | None, kb_version: str) -> dict:
    return {"content_hash": fp.content_hash, "doc_key": doc.id, "title": doc.title, "url": doc.url,
            "source": doc.source, "path": doc.path, "published": doc.published, "text": doc.text,
            "minhash": fp.minhash, "buckets": list(fp.buckets), "duplicate_of": duplicate_of,
            "kb_version": kb_version, "month": month_of(doc.published)}


def event_rows(content_hash: str, text: str, month: str, extracted: list[Event]) -> tuple[list[dict], list[dict]]:
    """The event rows and report rows of one document's events."""
    evs, reps = [], []
    for seq, ev in enumerate(extracted):
        evs.append({"content_hash": content_hash, "seq": seq, "event_type": ev.event_type, "mode": ev.mode,
                    "context": list(ev.context), "actor": [_entity(e) for e in ev.actor],
                    "recipient": [_entity(e) for e in ev.recipient], "location": ev.location, "date": ev.date,
                    "date_text": ev.date_text, "aux": ev.aux, "evidence": ev.evidence, "start": ev.start,
                    "end": ev.end, "trigger": ev.trigger, "trigger_id": ev.trigger_id, "cameo": ev.cameo,
                    "confidence": ev.confidence, "trigger_start": ev.trigger_span[0] if ev.trigger_span else None,
                    "trigger_end": ev.trigger_span[1] if ev.trigger_span else None, "month": month})
        for start, end in dict.fromkeys(ev.reports or ((ev.start, ev.end),)):
            reps.append({"content_hash": content_hash, "seq": seq, "start": start, "end": end,
                         "text": text[start:end], "month": month})
    return evs, reps


def _entity(e: Entity) -> dict:
    return {"name": e.name, "polity": e.polity, "actor_id": e.actor_id, "kind": e.kind}


def event_from_row(row: dict, doc_key: str, spans: list[tuple[int, int]]) -> Event:
    """The Event an `events` row was made from, with its report spans (output written before trigger offsets were
    kept has none: the claims then find the trigger in the sentence, as for any event without them)."""
    def side(items):
        return tuple(Entity(i["name"], i["polity"], i["actor_id"], i["kind"]) for i in items or ())
    return Event(doc=doc_key, event_type=row["event_type"], mode=row["mode"], context=tuple(row["context"] or ()),
                 actor=side(row["actor"]), recipient=side(row["recipient"]), location=row["location"],
                 date=row["date"], date_text=row["date_text"], aux=row["aux"], evidence=row["evidence"],
                 start=row["start"], end=row["end"], trigger=row["trigger"], trigger_id=row["trigger_id"],
                 cameo=row["cameo"], confidence=row["confidence"], reports=tuple(spans),
                 trigger_span=(row["trigger_start"], row["trigger_end"]) if row.get("trigger_start") is not None
                 else None)
