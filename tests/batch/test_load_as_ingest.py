"""`marsad load` writes what `marsad ingest` writes, row for row: the bulk path (chunks, batched decisions, COPY)
and the store's one-event-at-a-time path must agree on every table, merges across outlets, near-copies and the
search index included, whatever the chunk size. The output is written with the batch job's own row functions
(marsad.batch.rows), so no Spark is needed here; tests/batch/test_spark.py runs the job itself."""
from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.dataset as ds
import pytest
from sqlalchemy import select, text

from marsad.batch.rows import DOCUMENTS, EVENTS, REPORTS, document_row, event_rows
from marsad.extract import extract
from marsad.ingest.dedupe import fingerprint
from marsad.ingest.readers import InputProblem, expand, read_path
from marsad.records import Document
from marsad.store import open_store
from marsad.store.bulk import MANIFEST, load
from marsad.store.tables import (actors, document_buckets, documents, event_actors, event_merges, events,
                                 network_nodes, network_pairs, reports)
from tests.conftest import ENGINES, SAMPLES, fresh_database
from tests.store.test_happenings import ALAMEIN, CAIRO, IN_MARCH, UNDATED

NEXT_DAY = ("استقبل الرئيس المصري عبد الفتاح السيسي المشير خليفة حفتر مجددا يوم 13 مارس 2024 في قصر الاتحادية، "
            "وتناول اللقاء ملفات الانتخابات والاقتصاد وخروج المرتزقة من البلاد.")
SET_ASIDE = {documents: {"ingested_at"}, event_merges: {"merged_at", "id"}}  # times; the merges' own ids


@pytest.fixture(scope="module")
def articles(kb) -> list[tuple[Document, list, str | None]]:
    """The sample corpus, one happening told by three outlets (same day, and an undated follow-up three days
    later, which may also be told of a meeting the next day: the earlier stored one wins), a report dated by month
    only, and a near-copy of a sample article; in load order, each with its events
    and, for the near-copy, the content hash of its original (as the batch job marks it)."""
    docs = [d for p in expand([str(SAMPLES / "corpus")]) for d in read_path(p) if not isinstance(d, InputProblem)]
    docs = [d if d.published else replace(d, published=date(2025, 1, 1)) for d in docs]
    docs += [Document(id="cairo", text=CAIRO, published=date(2024, 3, 12), source="a"),
             Document(id="alamein", text=ALAMEIN, published=date(2024, 3, 12), source="b"),
             Document(id="cairo-next-day", text=NEXT_DAY, published=date(2024, 3, 13), source="e"),
             Document(id="follow-up", text=UNDATED, published=date(2024, 3, 15), source="c"),
             Document(id="in-march", text=IN_MARCH, published=date(2024, 3, 20), source="d")]
    original = next(d for d in docs if d.id.endswith("haftar-putin-sep2023.txt"))
    docs.append(replace(original, id="rerun", text="إعادة نشر\n" + original.text + "\nالمصدر: وكالات"))
    docs.sort(key=lambda d: (d.published, d.id))
    return [(d, extract(d, kb), fingerprint(original.text).content_hash if d.id == "rerun" else None) for d in docs]


def _write_output(folder: Path, articles, kb_version: str) -> Path:
    rows = {"documents": [], "events": [], "reports": []}
    for doc, extracted, duplicate_of in articles:
        fp = fingerprint(doc.text)
        row = document_row(doc, fp, duplicate_of, kb_version)
        rows["documents"].append(row)
        evs, reps = event_rows(fp.content_hash, doc.text, row["month"], [] if duplicate_of else extracted)
        rows["events"] += evs
        rows["reports"] += reps
    for name, schema in (("documents", DOCUMENTS), ("events", EVENTS), ("reports", REPORTS)):
        ds.write_dataset(pa.Table.from_pylist(rows[name], schema=schema), folder / name, format="parquet",
                         partitioning=["month"], partitioning_flavor="hive")
    (folder / MANIFEST).write_text(json.dumps({"documents": len(rows["documents"]), "events": len(rows["events"])}))
    return folder


# the columns that hold an id of another table (or of their own): ids are compared by their rank, since PostgreSQL's
# sequences leave gaps where ingest's INSERT … ON CONFLICT DO NOTHING found the row already there
IDS = {documents: {"id": "documents", "duplicate_of": "documents"}, document_buckets: {"document_id": "documents"},
       actors: {"id": "actors"}, events: {"id": "events", "document_id": "documents"},
       event_actors: {"event_id": "events", "actor_id": "actors"},
       reports: {"id": "reports", "event_id": "events", "document_id": "documents"},
       event_merges: {"event_id": "events", "document_id": "documents"},
       network_pairs: {"event_id": "events", "one": "person", "other": "person"},
       network_nodes: {"event_id": "events", "node": "person"}}


def _tables(store) -> dict[str, list[tuple]]:
    """Every row the two paths write, ids as their rank, times left out; the search index with PostgreSQL's
    tsvector."""
    found = {}
    with store.engine.connect() as conn:
        rank = {name: {i: n for n, i in enumerate(sorted(conn.execute(text(f"SELECT id FROM {name}")).scalars()))}
                for name in ("documents", "actors", "events", "reports")}
        for table, refs in IDS.items():
            columns = [c for c in table.c if c.name not in SET_ASIDE.get(table, ())]
            rows = []
            for row in conn.execute(select(*columns)).mappings():
                row = dict(row)
                for name, target in refs.items():
                    if target == "person":  # a person-level network node is an actor id, as text
                        if row["level"] == "person":
                            row[name] = rank["actors"][int(row[name])]
                    elif row[name] is not None:
                        row[name] = rank[target][row[name]]
                if table is network_pairs:  # one < other as text: ranks may order them otherwise; keep who acts
                    one, other, forward = row.pop("one"), row.pop("other"), row.pop("forward")
                    row["from_to"] = ((other, one) if forward < 0 else (one, other) if forward
                                      else tuple(sorted((one, other), key=str)))
                rows.append(tuple(row.items()))
            found[table.name] = sorted(rows, key=repr)
        tsv = ", tsv::text" if conn.dialect.name == "postgresql" else ""
        found["search_fts"] = sorted((kind, rank["events" if kind == "event" else "documents"][ref],
                                      rank["documents"][document], *rest) for kind, ref, document, *rest in
                                     conn.execute(text(f"SELECT kind, ref, document, body{tsv} FROM search_fts")))
    return found


@pytest.mark.parametrize("engine", ENGINES)
def test_load_stores_row_for_row_what_ingest_stores(engine, articles, kb, tmp_path):
    out = _write_output(tmp_path / "out", articles, kb.version)
    with fresh_database(engine, tmp_path) as url:
        ingested = open_store(url, create=True)
        results = [ingested.add_document(doc, extracted, kb.version) for doc, extracted, _ in articles]
        assert [r.status for r in results].count("near-duplicate") == 1
        expected = _tables(ingested)
        ingested.engine.dispose()
    assert {dict(r)["rule"] for r in expected["event_merges"]} == {"same-day", "follow-up"}
    for chunk in (2, 1000):  # many transactions, merges across them; or all in one
        with fresh_database(engine, tmp_path) as url:
            loaded = open_store(url, create=True)
            report = load(out, loaded, chunk=chunk)
            assert report.added == len(articles) and report.near_duplicates == 1
            assert _tables(loaded) == expected
            loaded.engine.dispose()
