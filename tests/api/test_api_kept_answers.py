"""What the workbench keeps between requests, on a real server over each engine: each claim, visit, state and feed
entry is rendered once per version of the store and reused by every page that shows it. The answers stay exactly
those of the analysis functions, and a write by another process is seen by the next request."""
from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest
from sqlalchemy import select, text, update

from marsad.analysis.balance import camp_balance
from marsad.analysis.claims import list_claims
from marsad.analysis.visits import ledger_json, load_ledger
from marsad.analysis.watches import atom_feed, create_watch, delete_watch
from marsad.api.state import StoreVersion, dumps, with_items
from marsad.store import open_store
from marsad.store.query import Selection
from marsad.store.tables import claims

from tests.conftest import fresh_database


@pytest.fixture(scope="module")
def store(seeded):
    """The server's store, opened in this test process: another process than the server's."""
    store = open_store(seeded.url)
    yield store
    store.engine.dispose()


CLAIM_PAGES = [{}, {"limit": 3}, {"limit": 3, "offset": 3}, {"limit": 5, "offset": 1}, {"status": "contradicted"},
               {"status": "supported,unverifiable", "kind": "count"}, {"kind": "quantity", "limit": 2, "offset": 1},
               {"limit": 1000}, {"offset": 10000}]


def test_every_page_of_claims_is_the_claims_listing(client, store):
    for params in CLAIM_PAGES:  # overlapping pages: later ones are made of claims rendered for earlier ones
        expected = list_claims(store, params.get("status"), params.get("kind"), None, None, params.get("limit", 50),
                               params.get("offset", 0))
        assert client.get("/api/claims", params=params).content == dumps(expected), params


LEDGERS = [{}, {"actor": "Yevkurov", "host": "Benghazi"}, {"actor": "يفكوروف", "host": "بنغازي", "to": "2024-11"},
           {"actor": "RUS"}, {"host": "LBY-E", "from": "2024"}, {"limit": 2, "offset": 1}, {"actor": "RUS", "limit": 1}]


def test_every_ledger_is_the_ledger_of_the_analysis(client, store, kb):
    ledger = load_ledger(store, kb)
    for params in LEDGERS:
        sel = Selection.parse(date_from=params.get("from"), date_to=params.get("to"))
        expected = ledger_json(store, kb, ledger, params.get("actor"), params.get("host"), sel,
                               params.get("limit", 200), params.get("offset", 0))
        assert client.get("/api/visits", params=params).content == dumps(expected), params


BALANCES = [{}, {"state": "TUR"}, {"state": "TUR,RUS,TUR"}, {"from": "2019", "to": "2020"}, {"min_events": 3},
            {"state": "RUS", "from": "2025"}, {"state": "TUR", "from": "2019", "min_events": 2}]


def test_every_balance_is_the_camp_balance_of_the_analysis(client, store, kb):
    for params in BALANCES:  # states ranked again within each answer: a state's rank is not kept with it
        sel = Selection.parse(date_from=params.get("from"), date_to=params.get("to"))
        expected = camp_balance(store, kb, params.get("state"), sel, params.get("min_events", 1))
        assert client.get("/api/balance", params=params).content == dumps(expected), params


def test_every_feed_is_the_atom_feed_of_the_analysis(client, store, server):
    watch = client.post("/api/watches", json={"polity": "RUS"}).json()
    try:
        for limit in (2, 50, 1, 7):
            expected = atom_feed(store, watch["id"], server.url + "/", limit)
            assert client.get(watch["feed"], params={"limit": limit}).content == expected, limit
    finally:
        client.delete(f"/api/watches/{watch['id']}")


def test_a_verdict_written_by_another_process_shows_at_once(client, store):
    first = client.get("/api/claims", params={"limit": 1}).json()  # the page and its claim are kept now
    claim = first["claims"][0]
    other = "supported" if claim["status"] != "supported" else "unverifiable"
    with store.writing() as conn:
        conn.execute(update(claims).where(claims.c.id == claim["id"]).values(status=other))
    try:
        again = client.get("/api/claims", params={"status": other, "limit": 1000}).json()
        (shown,) = [c for c in again["claims"] if c["id"] == claim["id"]]
        assert shown["status"] == other
        assert again["by_status"][other] == first["by_status"][other] + 1
    finally:
        with store.writing() as conn:
            conn.execute(update(claims).where(claims.c.id == claim["id"]).values(status=claim["status"]))
    assert client.get("/api/claims", params={"limit": 1}).json() == first


def test_a_watch_saved_and_removed_by_another_process_shows_at_once(client, store, kb):
    before = client.get("/api/watches").json()
    watch = create_watch(store, kb, {"polity": "TUR"}, "saved from the command line")
    try:
        listed = client.get("/api/watches").json()
        assert [w["id"] for w in listed["watches"]] == [w["id"] for w in before["watches"]] + [watch["id"]]
        assert client.get(watch["feed"]).status_code == 200
    finally:
        delete_watch(store, watch["id"])
    assert client.get(watch["feed"]).status_code == 404
    assert client.get("/api/watches").json() == before


WRITE = textwrap.dedent("""
    import sys
    from datetime import datetime
    from marsad.store import open_store
    from marsad.store.tables import watches
    store = open_store(sys.argv[1])
    with store.writing() as conn:
        conn.execute(watches.insert().values(name="from another process", filters={"polity": "RUS"},
                                             created_at=datetime(2026, 1, 1), checked_event=0, seen_match=0))
""")


def test_the_store_version_moves_with_each_write_and_only_then(any_store):
    version = StoreVersion(any_store.engine)
    start = version()
    with any_store.engine.connect() as conn:
        conn.execute(select(claims.c.id)).all()
    assert version() == start  # reading moves nothing
    subprocess.run([sys.executable, "-c", WRITE, any_store.engine.url.render_as_string(hide_password=False)],
                   check=True)
    written = version()
    assert written != start
    assert version() == written


def test_the_store_version_connection_is_opened_again_when_the_server_drops_it(tmp_path):
    with fresh_database("postgresql", tmp_path) as url:
        store = open_store(url, create=True)
        version = StoreVersion(store.engine)
        start = version()
        with store.engine.connect() as conn:  # as a restart of the server would
            conn.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                              "WHERE datname = current_database() AND pid <> pg_backend_pid()"))
        assert version() == start
        store.engine.dispose()


def test_items_serialized_apart_make_the_same_json():
    items = [{"id": 1, "ar": "حفتر"}, {"id": 2, "date": None}]
    head, tail = {"total": 2, "by": {"a": 1}}, {"definition": "x"}
    assert with_items(head, "items", [dumps(i) for i in items]) == dumps({**head, "items": items})
    assert with_items(head, "items", [dumps(i) for i in items], tail) == dumps({**head, "items": items, **tail})
    assert with_items({}, "items", []) == dumps({"items": []})


@pytest.mark.parametrize("path", ["/api/claims?kind=a%00b", "/api/visits%00", "/api/balance?state=TUR&x=%00"])
def test_a_nul_character_is_refused_before_any_endpoint(client, path):
    r = client.get(path)
    assert r.status_code == 400 and r.json()["error"] == {
        "code": "bad_input", "message": "the request holds a NUL character (\\x00): remove it from the path and the "
                                        "parameters"}
