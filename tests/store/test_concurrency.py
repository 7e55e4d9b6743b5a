"""Two writers on one store, and a killed ingest run again (issue 11 items 2 and 6), on both engines."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from marsad.ingest.dedupe import is_near_copy
from marsad.pipeline import ingest
from marsad.records import Document
from marsad.store import open_store
from marsad.store.tables import documents, events, ingested_files, reports
from tests.conftest import ROOT, SAMPLES

# four sample articles, none a near-copy of another, so every order of writing codes the same documents
FILES = sorted(str(p) for p in (SAMPLES / "corpus").glob("1[01][0-9]_*.txt"))[:4]
MARSAD = [sys.executable, "-m", "marsad.cli.main"]


def figures(url: str) -> dict:
    store = open_store(url, create=True)
    with store.engine.connect() as conn:
        out = {name: conn.scalar(select(func.count()).select_from(table))
               for name, table in (("documents", documents), ("events", events), ("reports", reports))}
        out["coded"] = conn.scalar(select(func.count()).select_from(documents).where(documents.c.duplicate_of.is_(None)))
        out["keys"] = sorted(conn.execute(select(documents.c.doc_key)).scalars())
    store.engine.dispose()
    return out


@pytest.fixture(scope="module")
def reference(kb, tmp_path_factory) -> dict:
    """The store one uninterrupted run makes of FILES."""
    url = f"sqlite:///{tmp_path_factory.mktemp('ref') / 'ref.db'}"
    ingest(FILES, open_store(url, create=True), kb)
    return figures(url)


def start(url: str, files: list[str]) -> subprocess.Popen:
    return subprocess.Popen([*MARSAD, "ingest", *files, "--db", url, "-q"], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def finish(*procs: subprocess.Popen) -> list[str]:
    outs = []
    for proc in procs:
        out, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err
        assert "Traceback" not in err
        outs.append(out)
    return outs


def test_two_ingests_of_the_same_files_at_once(engine_url, reference):
    finish(start(engine_url, FILES), start(engine_url, FILES[::-1]))  # the store is created by both at once
    assert figures(engine_url) == reference


def test_two_halves_of_a_corpus_at_once(engine_url, reference):
    finish(start(engine_url, FILES[::2]), start(engine_url, FILES[1::2]))
    assert figures(engine_url) == reference


def test_a_killed_ingest_run_again_finishes_the_rest(engine_url, reference):
    proc = start(engine_url, FILES)
    deadline = time.time() + 300
    while figures(engine_url)["documents"] < 2 and time.time() < deadline and proc.poll() is None:
        time.sleep(0.1)
    os.kill(proc.pid, signal.SIGKILL)  # no clean-up: as if the machine went down
    proc.wait()
    killed = figures(engine_url)["documents"]
    out, = finish(start(engine_url, FILES))
    assert figures(engine_url) == reference
    assert f"{reference['documents'] - killed} documents added" in out
    if killed:
        assert "already ingested, not read again" in out


def test_a_re_run_reads_and_extracts_nothing_it_finished(any_store, kb, monkeypatch, tmp_path):
    first = ingest(FILES[:2], any_store, kb)
    assert first.added == 2 and first.skipped == 0
    monkeypatch.setattr("marsad.pipeline.extract", lambda *a, **kw: pytest.fail("a finished file was extracted again"))
    monkeypatch.setattr("marsad.pipeline.read_path", lambda *a: pytest.fail("a finished file was read again"))
    again = ingest(FILES[:2], any_store, kb)
    assert again.skipped == 2 and again.added == 0
    with any_store.engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(ingested_files)) == 2


def test_a_half_finished_file_is_not_extracted_again_for_what_it_stored(any_store, kb, monkeypatch, tmp_path):
    batch = tmp_path / "batch.jsonl"
    lines = [Path(f).read_text(encoding="utf-8") for f in FILES[:2]]
    import json
    batch.write_text("\n".join(json.dumps({"id": f"b{i}", "text": t}) for i, t in enumerate(lines)) + "\n{broken",
                     encoding="utf-8")
    first = ingest([str(batch)], any_store, kb)
    assert first.added == 2 and first.problems  # a bad line: the file is not marked finished
    calls = []
    monkeypatch.setattr("marsad.pipeline.extract", lambda doc, kb, **kw: calls.append(doc.id) or [])
    again = ingest([str(batch)], any_store, kb)
    assert again.added == 0 and calls == []  # its stored documents are known by their text, not extracted again


def test_near_copies_are_found_whatever_run_stored_their_original(any_store, kb):
    """A near-copy of a near-copy is a near-copy, also when a new process (a resumed run) stores it."""
    def words(first):  # a window of 100 distinct words; shifted by 12, 3-gram Jaccard 0.78; by 24, 0.61
        return " ".join(f"كلمة{n}" for n in range(first, first + 100))
    a, b, c = words(0), words(12), words(24)
    assert is_near_copy(a, b) and is_near_copy(b, c) and not is_near_copy(a, c)  # a and c far apart
    any_store.add_document(Document(id="a", text=a), [], kb.version)
    assert any_store.add_document(Document(id="b", text=b), [], kb.version).status == "near-duplicate"
    resumed = open_store(str(any_store.engine.url.render_as_string(hide_password=False)))
    result = resumed.add_document(Document(id="c", text=c), [], kb.version)
    resumed.engine.dispose()
    assert result.status == "near-duplicate" and result.duplicate_of == "a"
