"""`marsad spark-extract` on a real local Spark session, then `marsad load`: the same events as `marsad ingest`,
copies found across formats, problems listed, and a killed job or load run again duplicates nothing."""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from sqlalchemy import select

from marsad.analysis.claims import pending_documents
from marsad.batch.spark import MANIFEST, SparkJob
from marsad.pipeline import ingest
from marsad.store import open_store
from marsad.store.bulk import load
from marsad.store.query import Selection, count_events, list_events
from marsad.store.tables import claims, documents
from tests.conftest import SHORT, SHORT_EDITED

CORPUS = Path(__file__).resolve().parents[2] / "marsad" / "samples" / "corpus"
TEXTS = ["101_haftar-moscow-2025.txt", "103_haftar-putin-sep2023.txt", "107_saddam-haftar-ankara-2025.txt",
         "108_dbeibah-erdogan-ankara-2021.html", "121_libya-briefs.jsonl"]
AS_PARQUET = ["110_haftar-minsk-paris-2025.txt", "119_erdogan-cairo-2024.txt"]


@pytest.fixture(scope="module")
def articles(tmp_path_factory) -> Path:
    """Our sample articles as text, HTML and JSONL files, two more as Parquet, an exact copy, a near copy (a
    wire re-run with a new headline and sign-off), two short texts a third apart (not near copies, though their
    MinHash estimate reads 0.70: tests/ingest/test_dedupe.py) and an empty file."""
    folder = tmp_path_factory.mktemp("articles")
    for name in TEXTS:
        shutil.copy(CORPUS / name, folder / name)
    original = (CORPUS / TEXTS[1]).read_text(encoding="utf-8")
    (folder / "copy-of-103.txt").write_text(original, encoding="utf-8")
    (folder / "rerun-of-103.txt").write_text("إعادة نشر\n" + original + "\nالمصدر: وكالات", encoding="utf-8")
    (folder / "empty.txt").write_text("   \n", encoding="utf-8")
    (folder / "short.txt").write_text(SHORT, encoding="utf-8")
    (folder / "short-edited.txt").write_text(SHORT_EDITED, encoding="utf-8")
    table = pa.table({"id": AS_PARQUET, "text": [(CORPUS / n).read_text(encoding="utf-8") for n in AS_PARQUET],
                      "published": [date(2025, 5, 20), date(2024, 2, 14)]})
    pq.write_table(table, folder / "more.parquet")
    return folder


@pytest.fixture(scope="module")
def extracted(spark, kb, articles, tmp_path_factory):
    out = tmp_path_factory.mktemp("spark") / "out"
    job = SparkJob(spark, [str(articles)], str(out), kb, batch_size=3)
    return out, job.run(), job.problems()


def _events(store) -> list[tuple]:
    return sorted((e["doc_key"], e["event_type"], e["date"] or "", e["evidence"],
                   tuple(sorted(a["name"] for a in e["actor"] + e["recipient"])))
                  for e in list_events(store, Selection(), limit=10_000, sort="id"))


def test_spark_then_load_stores_what_ingest_stores(extracted, kb, articles, tmp_path):
    out, report, problems = extracted
    assert report.batches >= 3 and report.duplicates == 1 and report.near_duplicates == 1
    assert [p for p, _ in problems] == [str(articles / "empty.txt")] and report.problems == 1
    loaded = open_store(f"sqlite:///{tmp_path / 'loaded.db'}", create=True)
    result = load(out, loaded, kb=kb)
    assert result.added == report.documents and result.near_duplicates == 1 and result.events > 50
    ingested = open_store(f"sqlite:///{tmp_path / 'ingested.db'}", create=True)
    claims_found = ingest([str(articles)], ingested, kb).claims
    parquet_docs = [d for d in AS_PARQUET]
    spark_events = [e for e in _events(loaded) if e[0] not in parquet_docs]
    assert spark_events == _events(ingested)  # the same extractor, the same events, the same merges
    assert {e[0] for e in _events(loaded)} >= set(AS_PARQUET)  # Parquet articles were extracted too
    counts, ingest_counts = loaded.counts(), ingested.counts()
    assert counts["duplicates"] == ingest_counts["duplicates"] == 1
    assert claims_found and _claims(loaded, AS_PARQUET) == _claims(ingested, AS_PARQUET)  # read from Spark's events
    assert not pending_documents(loaded)  # every document, near-copies included, read for claims


def _claims(store, leave_out: list[str]) -> list[tuple]:
    with store.engine.connect() as conn:
        return sorted(conn.execute(select(documents.c.doc_key, claims.c.kind, claims.c.cue, claims.c.start,
                                          claims.c.value).join(documents, documents.c.id == claims.c.document_id)
                                   .where(documents.c.doc_key.notin_(leave_out))).all())


def test_output_is_partitioned_by_publication_month(extracted):
    out, report, _ = extracted
    months = {p.name for p in (out / "events").iterdir() if p.is_dir()}
    assert {"month=2025-05", "month=2023-09", "month=2024-02"} <= months
    manifest = json.loads((out / MANIFEST).read_text())
    assert manifest["events"] == report.events == pq.read_table(out / "events").num_rows
    assert pq.read_table(out / "reports").num_rows == report.reports >= report.events


def test_load_twice_or_killed_and_run_again_adds_nothing_twice(extracted, tmp_path, engine_url):
    """On SQLite (batched inserts) and PostgreSQL (COPY): the same store as one whole load into SQLite."""
    out, _, _ = extracted
    whole = open_store(f"sqlite:///{tmp_path / 'whole.db'}", create=True)
    load(out, whole)
    store = open_store(engine_url, create=True)

    def stop_after_first_chunk(done, total):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        load(out, store, chunk=2, on_progress=stop_after_first_chunk)
    stored = store.counts()["documents"]
    assert 0 < stored < whole.counts()["documents"]
    again = load(out, store, chunk=2)
    assert again.skipped == stored and again.added == whole.counts()["documents"] - stored
    assert _events(store) == _events(whole) and store.counts() == whole.counts()
    assert load(out, store).added == 0 and count_events(store) == count_events(whole)
    assert list_events(store, Selection(q="حفتر")) == list_events(whole, Selection(q="حفتر"))  # searchable
    store.engine.dispose()


def test_a_killed_job_run_again_finishes_the_rest_and_writes_nothing_twice(spark, kb, extracted, articles, tmp_path):
    out = tmp_path / "out"
    env = {**os.environ, "SPARK_LOCAL_IP": "127.0.0.1"}
    marsad = Path(sys.executable).with_name("marsad")  # the console script: spark-extract is registered by main()
    proc = subprocess.Popen([str(marsad), "spark-extract", str(articles), str(out),
                             "--master", "local[1]", "--batch-size", "2", "-q"], env=env, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    first = out / "_work" / "extracted" / "batch=0" / "_SUCCESS"
    deadline = time.monotonic() + 600
    while not first.exists() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.2)
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGKILL)  # the driver, its JVM and the Python workers, mid-job
    assert proc.wait() != 0, "the job should have been killed before it finished"
    assert first.exists(), "the job should have finished its first batch before it was killed"
    assert not (out / MANIFEST).exists()
    report = SparkJob(spark, [str(articles)], str(out), kb, batch_size=2).run()
    assert report.batches_resumed >= 1
    whole, _, _ = extracted
    key = ["content_hash", "seq"]
    resumed = pq.read_table(out / "events").select(key + ["evidence"]).sort_by([(k, "ascending") for k in key])
    straight = pq.read_table(whole / "events").select(key + ["evidence"]).sort_by([(k, "ascending") for k in key])
    assert resumed.equals(straight)
    assert pq.read_table(out / "documents").num_rows == pq.read_table(whole / "documents").num_rows


def test_an_output_folder_of_something_else_is_refused(spark, kb, articles, tmp_path):
    from marsad.errors import InputError

    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(InputError, match="not empty"):
        SparkJob(spark, [str(articles)], str(tmp_path), kb).run()
    with pytest.raises(InputError, match="not a finished"):
        load(tmp_path, open_store(f"sqlite:///{tmp_path / 'x.db'}", create=True))
