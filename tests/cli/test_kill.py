"""`marsad ingest` killed (SIGKILL) at random moments, then run again to the end, leaves the same store as one
uninterrupted run: the same documents, events, participants, reports and skipped files (issue 12)."""
from __future__ import annotations

import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ARTICLES, SAMPLES

MARSAD = [sys.executable, "-m", "marsad.cli.main"]
KILLS = 6


def _corpus(folder: Path) -> Path:
    """The sample articles (a JSONL batch among them) and files that are skipped."""
    folder.mkdir()
    for path in sorted((SAMPLES / "corpus").iterdir()):
        shutil.copy(path, folder / path.name)
    for path in sorted(ARTICLES.iterdir()):
        shutil.copy(path, folder / f"z-{path.name}")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "broken.jsonl").write_text('{"text": 5}\n{not json\n', encoding="utf-8")
    return folder


def _snapshot(db: Path) -> dict:
    """The store's content without row ids or times: what an analyst would see."""
    conn = sqlite3.connect(db)
    try:
        q = lambda sql: sorted(tuple(row) for row in conn.execute(sql))  # noqa: E731
        return {
            "documents": q("""SELECT d.doc_key, d.content_hash, d.path, d.title, d.published, o.doc_key
                              FROM documents d LEFT JOIN documents o ON o.id = d.duplicate_of"""),
            "events": q("""SELECT d.doc_key, e.merge_key, e.event_type, e.mode, e.date, e.aux, e.evidence, e.start,
                                  e."end", e.polities, e.trigger_id FROM events e JOIN documents d ON d.id = e.document_id"""),
            "participants": q("""SELECT e.merge_key, a.actor_key, ea.role FROM event_actors ea
                                 JOIN events e ON e.id = ea.event_id JOIN actors a ON a.id = ea.actor_id"""),
            "reports": q("""SELECT e.merge_key, d.doc_key, r.start, r."end", r.text FROM reports r
                            JOIN events e ON e.id = r.event_id JOIN documents d ON d.id = r.document_id"""),
            "skipped": sorted(set(q("SELECT path, stage, reason FROM skipped"))),
            "integrity": q("PRAGMA integrity_check"),
        }
    finally:
        conn.close()


def _count(db: Path) -> int:
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.1)
        try:
            return conn.execute("SELECT count(*) FROM documents").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:  # not created yet, or being created
        return 0


@pytest.mark.slow
def test_a_killed_ingest_run_again_equals_one_uninterrupted_run(tmp_path):
    folder = _corpus(tmp_path / "in")
    whole = tmp_path / "whole.db"
    subprocess.run([*MARSAD, "ingest", folder, "--db", f"sqlite:///{whole}", "-q"], check=True, capture_output=True)
    expected = _snapshot(whole)
    assert expected["skipped"] and len(expected["documents"]) > 20 and expected["reports"]

    rng = random.Random(12)
    killed = tmp_path / "killed.db"
    landed = 0
    for _ in range(KILLS):
        target = rng.randrange(len(expected["documents"]))  # a random moment: after some document, at some point
        run = subprocess.Popen([*MARSAD, "ingest", folder, "--db", f"sqlite:///{killed}", "-q"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        while run.poll() is None and _count(killed) < target:
            time.sleep(0.01)
        time.sleep(rng.uniform(0, 0.2))
        if run.poll() is None:
            run.send_signal(signal.SIGKILL)
            landed += 1
        run.wait()
    assert landed, "every run ended before it could be killed"
    again = subprocess.run([*MARSAD, "ingest", folder, "--db", f"sqlite:///{killed}", "-q"],
                           capture_output=True, text=True)
    assert again.returncode == 0, again.stderr
    assert _snapshot(killed) == expected
    listed = subprocess.run([*MARSAD, "summary", "--db", f"sqlite:///{killed}"], capture_output=True, text=True).stdout
    assert all(path in listed for path, _, _ in expected["skipped"])
