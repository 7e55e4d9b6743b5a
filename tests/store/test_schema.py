"""One schema: the tables in marsad/store/tables.py, the migrations that reach them, and stores made before."""
from __future__ import annotations

import shutil
import sqlite3
from collections import Counter
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, func, select

from marsad.errors import StoreError
from marsad.store import open_store
from marsad.store.query import Selection, count_events, list_events
from marsad.store.schema import alembic_config, head
from marsad.store.tables import actors, event_actors, events, metadata, network_pairs, reports

FIXTURES = Path(__file__).resolve().parent / "fixtures"
OLD_STORE = FIXTURES / "store-0.1.0.db"  # made by marsad 0.1.0 (main before migrations) from four sample articles


def differences(conn) -> list:
    """What the database has that tables.py lacks, or the other way round (the FTS5 shadow tables aside)."""
    def ours(name, kind, _):
        return not (kind == "table" and name.startswith("search_fts"))
    return compare_metadata(MigrationContext.configure(conn, opts={"include_name": ours}), metadata)


def test_the_migrations_build_exactly_the_tables_the_code_defines(engine_url):
    from alembic import command

    engine = create_engine(engine_url)
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "head")
    with engine.connect() as conn:
        diff = differences(conn)
        assert MigrationContext.configure(conn).get_current_revision() == head()
    engine.dispose()
    assert diff == []


def test_a_new_store_is_stamped_at_the_newest_revision(store):
    with store.engine.connect() as conn:
        assert MigrationContext.configure(conn).get_current_revision() == head()
        assert differences(conn) == []


def _old_groups(path: Path) -> tuple[int, int, set]:
    db = sqlite3.connect(path)
    n_events = db.execute("SELECT count(*) FROM events").fetchone()[0]
    spans = set(db.execute("SELECT d.doc_key, r.start, r.\"end\" FROM reports r JOIN documents d ON d.id = r.document_id"))
    groups = db.execute("""SELECT count(*) FROM (SELECT e.document_id, e.event_type, e.date,
        group_concat(ea.role || ':' || a.actor_key) AS who FROM events e JOIN event_actors ea ON ea.event_id = e.id
        JOIN actors a ON a.id = ea.actor_id GROUP BY e.id) GROUP BY document_id, event_type, date, who""").fetchall()
    db.close()
    return n_events, len(groups), spans


def test_a_store_made_by_0_1_0_is_upgraded_in_place(tmp_path):
    path = tmp_path / "old.db"
    shutil.copy(OLD_STORE, path)
    n_before, n_groups, spans_before = _old_groups(path)
    assert n_groups < n_before, "the fixture should hold duplicate events of one document to merge"
    store = open_store(f"sqlite:///{path}")
    with store.engine.connect() as conn:
        assert MigrationContext.configure(conn).get_current_revision() == head()
        assert differences(conn) == []
        merge_keys = conn.execute(select(events.c.merge_key)).scalars().all()
        assert None not in merge_keys and len(set(merge_keys)) == len(merge_keys)
        same = conn.execute(select(reports.c.event_id, reports.c.document_id, reports.c.start, reports.c.end)).all()
        assert len(same) == len(set(same))
        assert conn.scalar(select(func.count()).select_from(network_pairs)) > 0
        orphans = conn.scalar(select(func.count()).select_from(event_actors)
                              .where(event_actors.c.event_id.notin_(select(events.c.id))))
        assert orphans == 0
    assert count_events(store) <= n_groups < n_before  # merged; cross-document merges may take a few more
    _, _, spans_after = _old_groups(path)
    assert spans_after == spans_before  # every report kept, on the event it now belongs to
    assert list_events(store, Selection(q="حفتر"))  # the search index was rebuilt
    store.engine.dispose()
    again = open_store(f"sqlite:///{path}")  # a second open finds it current and changes nothing
    assert count_events(again) == count_events(store)


def test_a_mistyped_store_path_is_an_error_not_a_new_store(tmp_path):
    path = tmp_path / "typo.db"
    with pytest.raises(StoreError, match="no store at"):
        open_store(f"sqlite:///{path}")
    assert not path.exists()
    with pytest.raises(StoreError, match="does not exist"):
        open_store(f"sqlite:///{tmp_path / 'no-such-folder' / 'x.db'}", create=True)


def test_one_document_never_holds_two_events_of_the_same_type_participants_and_date(kb, store):
    from marsad.extract import extract
    from marsad.records import Document

    text = ("وقعت روسيا والجيش الوطني الليبي اتفاقاً عسكرياً يوم 17 سبتمبر 2023. "
            "وكانت روسيا قد وقعت مع الجيش الوطني الليبي اتفاقاً عسكرياً يوم 17 سبتمبر 2023 في بنغازي.")
    doc = Document(id="twice.txt", text=text, title="اتفاق")
    found = extract(doc, kb)
    result = store.add_document(doc, found + found, kb.version)  # the same events twice over: one copy stored
    rows = list_events(store, Selection(), limit=100)
    keys = Counter((r["event_type"], r["date"], tuple(sorted((a["id"], role) for role in ("actor", "recipient")
                                                           for a in r[role]))) for r in rows)
    assert keys and max(keys.values()) == 1
    assert result.events == len(rows)  # what ingest reports is what is stored
    with store.engine.connect() as conn:
        spans = conn.execute(select(reports.c.event_id, reports.c.start, reports.c.end)).all()
    assert len(spans) == len(set(spans))


def test_an_older_store_gets_one_row_per_actor_and_states_as_states(tmp_path, kb):
    """The 0.1.0 fixture holds the UN twice ('United Nations' with no kb id beside `united-nations`) and Russia
    as an 'organisation'."""
    from marsad.analysis.profiles import list_actors

    path = tmp_path / "old.db"
    shutil.copy(OLD_STORE, path)
    db = sqlite3.connect(path)
    un_events = {r[0] for r in db.execute("SELECT ea.event_id FROM event_actors ea JOIN actors a ON a.id = ea.actor_id "
                                          "WHERE a.name = 'United Nations'")}
    db.close()
    store = open_store(f"sqlite:///{path}")
    with store.engine.connect() as conn:
        rows = conn.execute(select(actors.c.id, actors.c.name, actors.c.kb_id, actors.c.kind)).all()
        assert len({(r.name) for r in rows}) == len(rows)
        un = next(r for r in rows if r.name == "United Nations")
        assert un.kb_id == "united-nations"
        assert {r.event_id for r in conn.execute(select(event_actors.c.event_id)
                                                 .where(event_actors.c.actor_id == un.id))} == un_events
        nodes = set(conn.execute(select(network_pairs.c.one).where(network_pairs.c.level == "person")).scalars()) | \
            set(conn.execute(select(network_pairs.c.other).where(network_pairs.c.level == "person")).scalars())
        assert nodes <= {str(r.id) for r in rows}  # no pair names the merged row any more
    russia = [a for a in list_actors(store, kb, q="Russia")["actors"] if a["name"] == "Russia"]
    assert [(a["kind"], a["name_ar"]) for a in russia] == [("state", "روسيا")]  # stored as an 'organisation
