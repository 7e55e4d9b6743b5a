"""Evidence bounded (issue 12): an event's evidence and a report's text are a window of at most EVIDENCE_CHARS
around the trigger, cut at spaces, with the whole sentence's offsets kept; a one-line article of 123 KB adds
less than 1 MB to the store; stores made before have their long evidence cut by migration 0006."""
from __future__ import annotations

import sqlite3

from alembic import command
from sqlalchemy import create_engine, select

from marsad.export.formats import plover_from_event
from marsad.extract import extract
from marsad.pipeline import ingest
from marsad.records import Document
from marsad.store import open_store
from marsad.store.query import Selection, list_events
from marsad.store.schema import alembic_config
from marsad.store.tables import events, reports
from marsad.text.sentences import EVIDENCE_CHARS, evidence_window
from tests.conftest import SAMPLES

SENTENCE = "زار وزير الخارجية التركي هاكان فيدان مدينة بنغازي والتقى المشير خليفة حفتر"


def test_a_short_sentence_is_its_own_evidence():
    assert evidence_window(SENTENCE, 0, len(SENTENCE), "زار") == (0, len(SENTENCE))


def test_a_long_sentence_gives_a_window_around_the_trigger_cut_at_spaces():
    text = "كلمة " * 200 + SENTENCE + " وأضاف" * 200
    start, end = evidence_window(text, 0, len(text), "والتقى")
    window = text[start:end]
    assert end - start <= EVIDENCE_CHARS and "والتقى" in window
    assert not text[start - 1].strip() and not text[end].strip()  # whole words
    assert window == window.strip() and window.startswith("كلمة") and window.endswith("وأضاف")


def test_a_trigger_not_in_the_sentence_gives_its_start():
    text = "كلمة " * 200
    assert evidence_window(text, 5, len(text), "غائب")[0] == 5


def _one_line_article(size: int = 123_000) -> str:
    """A sample article repeated on one line to `size` bytes: few events, told hundreds of times."""
    text = (SAMPLES / "corpus" / "101_haftar-moscow-2025.txt").read_text(encoding="utf-8").replace("\n", " ")
    return (text * (size // len(text.encode()) + 1)).encode()[:size].decode("utf-8", "ignore")


def test_a_123_kb_one_line_article_adds_less_than_a_megabyte(tmp_path, kb):
    article = tmp_path / "in" / "one-line.txt"
    article.parent.mkdir()
    article.write_text(_one_line_article(), encoding="utf-8")
    db, empty = tmp_path / "one-line.db", tmp_path / "empty.db"
    open_store(f"sqlite:///{empty}", create=True).engine.dispose()  # the schema alone: a page per table and index
    store = open_store(f"sqlite:///{db}", create=True)
    report = ingest([str(article.parent)], store, kb)
    assert report.added == 1 and report.events
    text = article.read_text(encoding="utf-8")
    with store.engine.connect() as conn:
        for table in (events, reports):
            body = table.c.evidence if table is events else table.c.text
            rows = conn.execute(select(body, table.c.start, table.c.end, table.c.sentence_start,
                                       table.c.sentence_end)).all()
            assert rows and all(len(r[0]) <= EVIDENCE_CHARS and r[0] == text[r.start:r.end] for r in rows)
            assert all(r.sentence_start <= r.start <= r.end <= r.sentence_end for r in rows)
    store.engine.dispose()
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert db.stat().st_size - empty.stat().st_size < 1_000_000  # what the article adds


def test_extract_output_has_the_window_and_the_sentence(kb):
    text = "، ".join(["وأكد المتحدث أن الوضع مستقر في العاصمة"] * 12) + "، و" + SENTENCE + " أمس."
    [event] = [e for e in extract(Document(id="d", text=text), kb) if e.trigger_span[0] >= text.index(SENTENCE)][:1]
    record = plover_from_event(event)
    assert record["evidence"] == text[record["start"]:record["end"]] and len(record["evidence"]) <= EVIDENCE_CHARS
    assert text[record["sentence_start"]:record["sentence_end"]] == event.evidence
    assert record["trigger"] in record["evidence"]


def test_migration_0006_cuts_the_evidence_of_older_stores(tmp_path, kb):
    db = tmp_path / "old.db"
    engine = create_engine(f"sqlite:///{db}")
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0005")
    long_sentence = "كلمة " * 200 + SENTENCE
    with engine.begin() as conn:
        conn.exec_driver_sql("INSERT INTO documents (id, doc_key, content_hash, simhash, text, ingested_at) "
                             "VALUES (1, 'old', 'h', 0, ?, '2025-01-01')", (long_sentence,))
        conn.exec_driver_sql("INSERT INTO events (id, document_id, merge_key, event_type, trigger, evidence, start, "
                             "\"end\", polities) VALUES (1, 1, 'k', 'CONSULT', 'والتقى', ?, 0, ?, 'LBY-E,TUR')",
                             (long_sentence, len(long_sentence)))
        conn.exec_driver_sql("INSERT INTO reports (event_id, document_id, start, \"end\", text) VALUES (1, 1, 0, ?, ?)",
                             (len(long_sentence), long_sentence))
    engine.dispose()
    store = open_store(f"sqlite:///{db}")
    with store.engine.connect() as conn:
        event = conn.execute(select(events)).mappings().one()
        report = conn.execute(select(reports)).mappings().one()
    for row, body in ((event, event["evidence"]), (report, report["text"])):
        assert (row["sentence_start"], row["sentence_end"]) == (0, len(long_sentence))
        assert len(body) <= EVIDENCE_CHARS and body == long_sentence[row["start"]:row["end"]] and "والتقى" in body
    assert [e["id"] for e in list_events(store, Selection(q="والتقى"))] == [1]  # its search entry follows
