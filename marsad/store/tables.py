"""The store's tables, defined once here (SQLAlchemy Core); `marsad/store/migrations/` brings older stores here.

One event per happening, each report ties it to a sentence of a document. The evidence of an event and the text
of a report are a window of at most 300 characters of that sentence around the trigger (`start`, `end`), with the
offsets of the whole sentence kept (`sentence_start`, `sentence_end`): a run-on sentence costs no more than that. `events.merge_key` makes "one event"
a unique key rather than a check: two reports with the same key (see `marsad.store.db.merge_key`) are one event,
whichever process writes them. A report names its own document, so an event may later gather reports from other
documents (cross-outlet merging) without a schema change.

`network_pairs` and `network_nodes` are the who-with-whom of each event (written with the event, in the same
transaction), so the network, the dyads and the dashboard count the same pairs. `skipped` lists what ingest
could not store, and why. `search_fts` is the full-text
index: an FTS5 table on SQLite, a table with a GIN-indexed tsvector on PostgreSQL (see `marsad.store.search`).

`claims` are what articles claim about events (how many times, a first, a figure), found by
`marsad.mentions.claims` and checked against the store by `marsad.analysis.claims`; `claim_scans` says which
documents were read for claims. `watches` are saved filters, checked after each ingest; `watch_matches` what each
one found.
"""
from __future__ import annotations

from sqlalchemy import (JSON, BigInteger, Boolean, Column, Date, DateTime, Float, ForeignKey, Index, Integer,
                        LargeBinary, MetaData, SmallInteger, String, Table, Text, UniqueConstraint, column, table)

metadata = MetaData()

documents = Table(
    "documents", metadata,
    Column("id", Integer, primary_key=True),
    Column("doc_key", String(512), nullable=False, index=True),
    Column("content_hash", String(64), nullable=False, unique=True),
    Column("minhash", LargeBinary),  # see marsad.ingest.dedupe; set on every insert, nullable for SQLite's ALTER
    Column("title", Text), Column("url", Text), Column("source", Text), Column("path", Text),
    Column("published", Date, index=True),
    Column("text", Text, nullable=False),
    Column("duplicate_of", Integer, ForeignKey("documents.id"), nullable=True),
    Column("kb_version", String(32)),
    Column("ingested_at", DateTime, nullable=False),
)

# The LSH buckets of each document's MinHash (marsad.ingest.dedupe): a new article's near-copy candidates are the
# documents sharing one of its buckets, found by index, so the look-up costs the same in a store of any size.
document_buckets = Table(
    "document_buckets", metadata,
    Column("bucket", BigInteger, primary_key=True),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
)

actors = Table(
    "actors", metadata,
    Column("id", Integer, primary_key=True),
    Column("actor_key", String(255), nullable=False, unique=True),
    Column("kb_id", String(128), index=True),
    Column("name", String(255), nullable=False),
    Column("polity", String(16), index=True),
    Column("kind", String(32)),
)

events = Table(
    "events", metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", Integer, ForeignKey("documents.id"), nullable=False, index=True),
    Column("merge_key", String(64)),  # set on every insert; nullable only because SQLite cannot add NOT NULL
    Column("event_type", String(16), nullable=False, index=True),
    Column("mode", String(32)), Column("context", JSON), Column("cameo", String(8)),
    Column("location", String(255)), Column("date", String(10), index=True), Column("date_text", Text),
    Column("aux", String(16)), Column("trigger", Text), Column("trigger_id", String(64)),
    Column("confidence", Float), Column("evidence", Text, nullable=False),
    Column("start", Integer), Column("end", Integer),  # the evidence: a window of its sentence (see below)
    Column("sentence_start", Integer), Column("sentence_end", Integer),
    Column("polities", String(255), index=True),
    Column("kb_version", String(32)),
    Column("happening_key", String(64), index=True),  # type and participants: other outlets' reports (happenings)
    Index("ix_events_merge_key", "merge_key", unique=True),
)

event_actors = Table(
    "event_actors", metadata,
    Column("event_id", Integer, ForeignKey("events.id", ondelete="CASCADE"), nullable=False),
    Column("actor_id", Integer, ForeignKey("actors.id"), nullable=False),
    Column("role", String(16), nullable=False),
    UniqueConstraint("event_id", "actor_id", "role"),
    Index("ix_event_actors_actor", "actor_id"),
)

reports = Table(
    "reports", metadata,
    Column("id", Integer, primary_key=True),
    Column("event_id", Integer, ForeignKey("events.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("document_id", Integer, ForeignKey("documents.id"), nullable=False, index=True),
    Column("start", Integer, nullable=False), Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("sentence_start", Integer), Column("sentence_end", Integer),
    # what this report says, kept when it joins an event from another outlet: disagreements stay visible
    Column("date", String(10)), Column("date_text", Text), Column("location", String(255)),
    Column("numbers", String(255)),
    Index("uq_reports_span", "event_id", "document_id", "start", "end", unique=True),
)

# The input files `marsad ingest` finished (every document in them stored), by the hash of their bytes: a run again
# over the same files skips them without reading or extracting them.
ingested_files = Table(
    "ingested_files", metadata,
    Column("id", Integer, primary_key=True),
    Column("raw_hash", String(64), nullable=False),
    Column("path", Text), Column("size", BigInteger),
    Column("documents", Integer, nullable=False),
    Column("finished_at", DateTime, nullable=False),
    Index("uq_ingested_files_raw_hash", "raw_hash", unique=True),
)

# Files, JSONL records (`file:line`) and feed items (`file#n`) that `marsad ingest` skipped, with the reason: one
# row each time, written as it happens (in its own transaction), so a run that is killed leaves the list complete.
skipped = Table(
    "skipped", metadata,
    Column("id", Integer, primary_key=True),
    Column("path", Text, nullable=False),
    Column("stage", String(16), nullable=False),  # read | extract | store
    Column("reason", Text, nullable=False),
    Column("at", DateTime, nullable=False),
)

# Each cross-document merge (marsad.store.happenings): which document's reports joined which event, by which rule;
# `undone_at` is set when the merge is split again.
event_merges = Table(
    "event_merges", metadata,
    Column("id", Integer, primary_key=True),
    Column("event_id", Integer, ForeignKey("events.id", ondelete="CASCADE"), nullable=False),
    Column("document_id", Integer, ForeignKey("documents.id"), nullable=False, index=True),
    Column("rule", String(32), nullable=False),
    Column("merged_at", DateTime, nullable=False),
    Column("undone_at", DateTime),
    UniqueConstraint("event_id", "document_id"),
)

# One row per event and unordered pair of participants (actor × recipient, or the actors of a joint event), at
# person level (store actor ids) and polity level (codes). `forward` is 1 when `one` is the acting side, -1 when
# `other` is, 0 for a joint event.
network_pairs = Table(
    "network_pairs", metadata,
    Column("level", String(8), primary_key=True),
    Column("event_id", Integer, ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    Column("one", String(64), primary_key=True),
    Column("other", String(64), primary_key=True),
    Column("forward", SmallInteger, nullable=False),
    Column("event_type", String(16), nullable=False),
    Column("date", String(10)),
    Index("ix_network_pairs_level_date", "level", "date"),
    Index("ix_network_pairs_cover", "level", "one", "other", "event_type", "date"),  # GROUP BY without a sort
)
network_nodes = Table(
    "network_nodes", metadata,
    Column("level", String(8), primary_key=True),
    Column("event_id", Integer, ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    Column("node", String(64), primary_key=True),
    Column("event_type", String(16), nullable=False),
    Column("date", String(10)),
    Index("ix_network_nodes_level_date", "level", "date"),
    Index("ix_network_nodes_cover", "level", "node", "date", "event_type"),
)

# The full-text index, created per engine by marsad.store.search.create_index (FTS5 is not a plain table): `body` is
# the normalized text of a document (kind 'document', ref = its id) or of an event's evidence (kind 'event').
search_fts = table("search_fts", column("body"), column("kind"), column("ref"), column("document"), column("tsv"))

# What an article claims about an event (marsad.mentions.claims) and the store's verdict (marsad.analysis.claims).
claims = Table(
    "claims", metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", Integer, ForeignKey("documents.id"), nullable=False, index=True),
    Column("event_id", Integer, ForeignKey("events.id", ondelete="SET NULL"), nullable=True, index=True),
    Column("kind", String(16), nullable=False),  # count | first | quantity
    Column("cue", Text, nullable=False),  # the claim's words as they stand in the article
    Column("start", Integer, nullable=False), Column("end", Integer, nullable=False),
    Column("sentence_start", Integer, nullable=False), Column("sentence_end", Integer, nullable=False),
    Column("evidence", Text, nullable=False),
    Column("value", Float), Column("low", Float), Column("high", Float),
    Column("unit", String(32)), Column("qualifier", String(16)),
    Column("window_from", String(10)), Column("window_to", String(10)),
    Column("claim_date", String(10)),
    Column("subject", JSON),
    Column("status", String(16), index=True),  # supported | contradicted | unverifiable
    Column("reason", Text), Column("basis", JSON),
    Column("checked_at", DateTime),
    Column("cues_version", String(16)),
    Index("uq_claims_span", "document_id", "kind", "start", "end", unique=True),
)
claim_scans = Table(
    "claim_scans", metadata,
    Column("document_id", Integer, ForeignKey("documents.id"), primary_key=True),
    Column("cues_version", String(16), nullable=False),
    Column("scanned_at", DateTime, nullable=False),
)

# Saved filters checked after each ingest; a match is an event (ref 'event:ID') or a claim ('claim:ID').
watches = Table(
    "watches", metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False),
    Column("filters", JSON, nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("checked_event", Integer, nullable=False),  # events up to this id have been checked
    Column("seen_match", Integer, nullable=False),  # matches up to this id have been seen
)
watch_matches = Table(
    "watch_matches", metadata,
    Column("id", Integer, primary_key=True),
    Column("watch_id", Integer, ForeignKey("watches.id", ondelete="CASCADE"), nullable=False),
    Column("ref", String(32), nullable=False),
    Column("event_id", Integer, ForeignKey("events.id", ondelete="CASCADE"), nullable=True),
    Column("claim_id", Integer, ForeignKey("claims.id", ondelete="CASCADE"), nullable=True),
    Column("found_at", DateTime, nullable=False),
    Column("baseline", Boolean, nullable=False),  # already in the store when the watch was saved
    Index("uq_watch_matches_ref", "watch_id", "ref", unique=True),
)
