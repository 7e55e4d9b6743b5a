"""The read endpoints against a real server: shapes, filters, paging, sorting and the error envelope.

Counts from the sample corpus change as the knowledge base grows, so assertions are about structure, about the
events we inserted ourselves (tests/api/seed_store.py), and about filters being consistent with their results.
"""
from __future__ import annotations

import csv
import io
import json

import networkx as nx
import pytest

from marsad.store.query import COOPERATION, EVENT_TYPES
from marsad.text.normalize import normalize_key


def events(client, **params) -> dict:
    r = client.get("/api/events", params=params)
    assert r.status_code == 200, r.text
    return r.json()


def all_events(client, **params) -> list[dict]:
    out, offset = [], 0
    while True:
        page = events(client, limit=500, offset=offset, **params)
        out += page["events"]
        offset += 500
        if offset >= page["total"]:
            return out


def test_health(client):
    body = client.get("/api/health").json()
    assert body["status"] == "ok" and body["web"] == "ok"
    assert body["search"] == {"sqlite": "fts5", "postgresql": "tsvector"}[body["database"]]


def test_summary_shape(client, seeded):
    s = client.get("/api/summary").json()
    assert s["counts"]["documents"] >= len(seeded.documents)
    assert s["counts"]["events"] >= len(seeded.events)
    t = s["timeline"]
    assert all(len(v) == len(t["months"]) for v in t["series"].values())
    assert t["months"] == sorted(t["months"])
    assert s["top_actors"] and all("events" in a for a in s["top_actors"])
    assert [e["weight"] for e in s["top_dyads"]] == sorted((e["weight"] for e in s["top_dyads"]), reverse=True)
    assert set(s["facets"]["all_types"]) == set(EVENT_TYPES)
    assert {"code": "LBY-E", "name": "Eastern Libyan authorities"} in s["facets"]["polities"] or \
        any(p["code"] == "LBY-E" for p in s["facets"]["polities"])


def test_event_list_shape_and_total(client, seeded):
    page = events(client)
    assert page["total"] >= len(seeded.events)
    assert page["limit"] == 50 and page["offset"] == 0 and page["sort"] == "-date"
    first = page["events"][0]
    for key in ("id", "event_type", "evidence", "actor", "recipient", "doc_key", "reports", "context"):
        assert key in first
    assert isinstance(first["context"], list)


def test_paging_is_consistent(client):
    total = events(client, limit=1)["total"]
    assert total >= 4
    both = [e["id"] for e in events(client, limit=4, sort="id")["events"]]
    first = [e["id"] for e in events(client, limit=2, offset=0, sort="id")["events"]]
    second = [e["id"] for e in events(client, limit=2, offset=2, sort="id")["events"]]
    assert first + second == both
    beyond = events(client, limit=10, offset=total)
    assert beyond["events"] == [] and beyond["total"] == total


@pytest.mark.parametrize("sort,key,reverse", [("date", "date", False), ("-date", "date", True),
                                              ("id", "id", False), ("-id", "id", True)])
def test_sorting(client, sort, key, reverse):
    rows = events(client, limit=200, sort=sort)["events"]
    values = [r[key] for r in rows if r[key] is not None]
    assert values == sorted(values, reverse=reverse)


def test_filter_by_type_and_several_types(client, seeded):
    rows = all_events(client, type="CONSULT")
    assert rows and all(r["event_type"] == "CONSULT" for r in rows)
    assert seeded.events["seed-moscow-2025#0"] in {r["id"] for r in rows}
    mixed = all_events(client, type="ASSAULT,ACCUSE")
    assert {r["event_type"] for r in mixed} <= {"ASSAULT", "ACCUSE"}
    assert {seeded.events["seed-tripoli-2019#0"], seeded.events["seed-tripoli-2019#1"]} <= {r["id"] for r in mixed}


def test_filter_by_polity(client, seeded):
    rows = all_events(client, polity="RUS")
    assert rows and all("RUS" in (r["polities"] or "") for r in rows)
    both = all_events(client, polity="TUR,LBY-E")
    assert all({"TUR", "LBY-E"} & set((r["polities"] or "").split(",")) for r in both)
    assert seeded.events["seed-ankara-2019#0"] in {r["id"] for r in both}


@pytest.mark.parametrize("ref", ["khalifa-haftar", "Haftar"])
def test_filter_by_actor(client, seeded, ref):
    rows = all_events(client, actor=ref)
    assert {seeded.events["seed-moscow-2025#0"], seeded.events["seed-tripoli-2019#0"]} <= {r["id"] for r in rows}
    for r in rows:  # a Haftar, or the body whose Arabic name names him (قوات خليفة حفتر: the Libyan National Army)
        names = [a["name"] for a in r["actor"] + r["recipient"]]
        assert any("Haftar" in n or (ref == "Haftar" and n == "Libyan National Army") for n in names), names


def test_filter_by_actor_store_id(client):
    actor = client.get("/api/actors/khalifa-haftar").json()
    rows = all_events(client, actor=str(actor["id"]))
    assert len(rows) == actor["events"]
    assert all(any(a["id"] == actor["id"] for a in r["actor"] + r["recipient"]) for r in rows)


def test_filter_by_dates(client, seeded):
    rows = all_events(client, date_from="2019", date_to="2019-12")
    assert rows and all(r["date"] and "2019" <= r["date"] <= "2019-12~" for r in rows)
    ids = {r["id"] for r in rows}
    assert seeded.events["seed-ankara-2019#0"] in ids and seeded.events["seed-moscow-2025#0"] not in ids
    month = all_events(client, date_from="2019-04", date_to="2019-04")
    assert {seeded.events["seed-tripoli-2019#0"], seeded.events["seed-tripoli-2019#1"]} <= {r["id"] for r in month}


def test_filter_by_mode_context_aux_location(client, seeded):
    visits = all_events(client, mode="visit")
    assert visits and all(r["mode"] == "visit" for r in visits)
    military = all_events(client, context="military")
    assert military and all("military" in r["context"] for r in military)
    assert seeded.events["seed-ankara-2019#0"] in {r["id"] for r in military}
    alleged = all_events(client, aux="alleged")
    assert seeded.events["seed-tripoli-2019#1"] in {r["id"] for r in alleged}
    assert all(r["aux"] == "alleged" for r in alleged)
    plain = all_events(client, aux="none")
    assert all(r["aux"] is None for r in plain)
    istanbul = all_events(client, location="Istanbul")
    assert seeded.events["seed-ankara-2019#0"] in {r["id"] for r in istanbul}
    assert all("istanbul" in r["location"].lower() for r in istanbul)


def test_filter_by_free_text_ignores_diacritics_and_letter_variants(client, seeded):
    rows = all_events(client, q="وقعت انقره")  # the evidence has وَقَّعَتْ أَنْقَرَةُ
    assert seeded.events["seed-ankara-2019#0"] in {r["id"] for r in rows}
    for r in rows:
        assert "انقره" in normalize_key(r["evidence"])


def test_filters_combine(client, seeded):
    rows = all_events(client, actor="khalifa-haftar", type="ASSAULT", date_from="2019-04-01", date_to="2019-04-30")
    assert seeded.events["seed-tripoli-2019#0"] in {r["id"] for r in rows}
    assert all(r["event_type"] == "ASSAULT" and r["date"].startswith("2019-04") for r in rows)


@pytest.mark.parametrize("params,status", [({"type": "PARTY"}, 400), ({"date_from": "May 2019"}, 400),
                                           ({"aux": "maybe"}, 400), ({"limit": 0}, 422), ({"limit": 100000}, 422),
                                           ({"sort": "colour"}, 422), ({"offset": -1}, 422)])
def test_bad_parameters_use_the_envelope(client, params, status):
    r = client.get("/api/events", params=params)
    assert r.status_code == status
    body = r.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"} and body["error"]["message"]


@pytest.mark.parametrize("path", ["/api/events/999999", "/api/actors/999999", "/api/actors/no-such-person",
                                  "/api/documents/999999", "/api/dyads/999999/RUS", "/api/nowhere"])
def test_not_found_envelope(client, path):
    r = client.get(path)
    assert r.status_code == 404
    assert r.json()["error"]["code"] == "not_found"
    assert r.headers["content-type"].startswith("application/json")


def test_event_detail_with_every_report(client, seeded):
    event_id = seeded.events["seed-moscow-2025#0"]
    e = client.get(f"/api/events/{event_id}").json()
    assert e["event_type"] == "CONSULT" and e["mode"] == "visit" and e["date"] == "2025-05-10"
    assert [a["actor_id"] for a in e["actor"]] == ["khalifa-haftar"]
    assert [a["actor_id"] for a in e["recipient"]] == ["vladimir-putin"]
    keys = {r["doc_key"] for r in e["reports"]}
    assert {"seed-moscow-2025", "seed-moscow-2025-b"} <= keys  # the second article is a report of the same event
    first = next(r for r in e["reports"] if r["doc_key"] == "seed-moscow-2025")
    assert first["sentence"].startswith("استقبل الرئيس الروسي")
    triggers = [m for m in first["marks"] if m["kind"] == "trigger"]
    assert any(first["sentence"][m["start"]:m["end"]] == "استقبل" for m in triggers)
    for m in first["marks"]:
        assert 0 <= m["start"] < m["end"] <= len(first["sentence"])
    assert e["labels"]["polities"]["RUS"] == "Russia"


def test_actors_list_and_search_in_arabic(client):
    page = client.get("/api/actors", params={"limit": 5}).json()
    assert page["total"] >= 5 and len(page["actors"]) == 5
    counts = [a["events"] for a in page["actors"]]
    assert counts == sorted(counts, reverse=True)
    found = client.get("/api/actors", params={"q": "حفتر"}).json()["actors"]
    assert "khalifa-haftar" in {a["kb_id"] for a in found}
    rus = client.get("/api/actors", params={"polity": "RUS"}).json()["actors"]
    assert rus and all(a["polity"] == "RUS" for a in rus)


def test_actor_profile(client, seeded):
    a = client.get("/api/actors/khalifa-haftar").json()
    assert a["name_en"] == "Khalifa Haftar" and "خليفة حفتر" in a["names_ar"]
    assert a["polity"] == "LBY-E" and a["polity_name"]
    assert any(r["title"] == "commander" and r["polity"] == "LBY-E" for r in a["roles"])
    assert a["by_type"]["CONSULT"]["actor"] >= 1 and a["by_type"]["ASSAULT"]["actor"] >= 1
    assert a["events"] == sum(sum(v.values()) for v in a["by_type"].values())
    assert a["cooperation"] + a["conflict"] == a["events"]
    assert "vladimir-putin" in {p["actor_id"] for p in a["partners"]}
    t = a["timeline"]
    assert "2025-05" in t["months"] and all(len(v) == len(t["months"]) for v in t["series"].values())
    assert a["recent"] and all(any(x["id"] == a["id"] for x in e["actor"] + e["recipient"]) for e in a["recent"])
    same = client.get(f"/api/actors/{a['id']}").json()
    assert same["id"] == a["id"]


def test_network_person_and_polity(client):
    net = client.get("/api/network", params={"level": "polity"}).json()
    ids = {n["id"] for n in net["nodes"]}
    assert {"LBY-E", "RUS"} <= ids
    edge = next(e for e in net["edges"] if {e["source"], e["target"]} == {"LBY-E", "RUS"})
    assert edge["weight"] == sum(edge["by_type"].values()) == edge["cooperation"] + edge["conflict"]
    assert all(e["source"] in ids and e["target"] in ids for e in net["edges"])
    camps = {n["id"]: n["camp"] for n in net["nodes"]}
    assert camps["LBY-E"] == "east" and camps.get("LBY-W", "west") == "west"
    people = client.get("/api/network", params={"level": "person"}).json()
    assert people["level"] == "person" and people["nodes"]
    assert all(n["id"].isdigit() for n in people["nodes"])


def test_network_window_and_types(client):
    net = client.get("/api/network", params={"level": "polity", "date_from": "2025", "date_to": "2025",
                                             "type": "CONSULT,COOPERATE"}).json()
    for e in net["edges"]:
        assert set(e["by_type"]) <= {"CONSULT", "COOPERATE"}
        assert e["first"] is None or e["first"] >= "2025"
    assert "AGREE" not in {t for e in net["edges"] for t in e["by_type"]}
    small = client.get("/api/network", params={"level": "polity", "max_nodes": 3, "min_weight": 2}).json()
    assert len(small["nodes"]) <= 3 and all(e["weight"] >= 2 for e in small["edges"])
    assert client.get("/api/network", params={"level": "planet"}).status_code == 422


def test_dyad_between_polities(client, seeded):
    d = client.get("/api/dyads/RUS/LBY-E").json()
    assert d["a"]["kind"] == "polity" and d["b"]["ref"] == "LBY-E"
    assert seeded.events["seed-moscow-2025#0"] in {e["id"] for e in d["events"]}
    assert d["total"] == sum(d["by_type"].values()) == d["cooperation"] + d["conflict"]
    assert d["cooperation"] == sum(n for t, n in d["by_type"].items() if t in COOPERATION)
    assert d["balance"] == pytest.approx((d["cooperation"] - d["conflict"]) / d["total"], abs=1e-3)
    t = d["timeline"]
    assert sum(sum(v) for v in t["series"].values()) + t["undated"] == d["total"]
    assert sum(d["direction"].values()) == d["total"]


def test_dyad_between_actors_and_conflict(client, seeded):
    haftar = client.get("/api/actors/khalifa-haftar").json()["id"]
    putin = client.get("/api/actors/vladimir-putin").json()["id"]
    d = client.get(f"/api/dyads/{haftar}/{putin}").json()
    assert d["by_type"].get("CONSULT", 0) >= 1 and d["direction"]["a_to_b"] >= 1
    war = client.get("/api/dyads/LBY-E/LBY-W", params={"type": "ASSAULT"}).json()
    assert war["conflict"] == war["total"] >= 1 and war["balance"] == -1.0
    assert client.get("/api/dyads/RUS/RUS").status_code == 400


def test_documents(client, seeded):
    listing = client.get("/api/documents", params={"limit": 500}).json()
    assert listing["total"] >= len(seeded.documents)
    assert {d["doc_key"] for d in listing["documents"]} >= set(seeded.documents)
    doc_id = seeded.documents["seed-tripoli-2019"]
    d = client.get(f"/api/documents/{doc_id}").json()
    assert d["text"].startswith("هجوم على طرابلس")
    for m in d["marks"]:
        assert 0 <= m["start"] < m["end"] <= len(d["text"]) and m["kind"] in ("event", "trigger", "actor", "place", "date")
    event_marks = {m["event_id"] for m in d["marks"] if m["kind"] == "event"}
    assert {seeded.events["seed-tripoli-2019#0"], seeded.events["seed-tripoli-2019#1"]} <= event_marks
    assert {e["id"] for e in d["events"]} >= {seeded.events["seed-tripoli-2019#0"]}
    assert "minhash" not in d and "content_hash" not in d


@pytest.mark.parametrize("query,doc_key", [
    ("المشير خليفه", "seed-moscow-2025"),    # the text has الْمُشِيرَ خليفة
    ("انقره", "seed-ankara-2019"),           # أَنْقَرَةُ / أنقرة
    ("أنقرة", "seed-ankara-2019"),
    ("اَلْوِفَاقِ حكومة", "seed-tripoli-2019"),  # diacritics in the query too
    ("إسطنبول", "seed-ankara-2019"),
])
def test_search_ignores_diacritics_hamza_and_taa_marbuta(client, seeded, query, doc_key):
    r = client.get("/api/search", params={"q": query, "limit": 200}).json()
    assert r["total"] >= 1
    assert doc_key in {h["document_key"] for h in r["hits"]}
    terms = normalize_key(query).split()
    for hit in r["hits"]:
        snip = hit["snippet"]
        for start, end in snip["marks"]:
            assert normalize_key(snip["text"][start:end]) in terms


def test_search_kinds_and_paging(client):
    events_only = client.get("/api/search", params={"q": "حفتر", "kind": "event", "limit": 3}).json()
    assert events_only["hits"] and all(h["kind"] == "event" and h["event_type"] for h in events_only["hits"])
    page2 = client.get("/api/search", params={"q": "حفتر", "kind": "event", "limit": 3, "offset": 3}).json()
    assert not {h["id"] for h in events_only["hits"]} & {h["id"] for h in page2["hits"]}
    assert client.get("/api/search", params={"q": ""}).status_code == 422
    assert client.get("/api/search", params={"q": "؟"}).status_code in (200, 400)


def test_export_csv_matches_the_filter(client, seeded):
    r = client.get("/api/export", params={"format": "csv", "actor": "khalifa-haftar"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers["content-disposition"]
    assert r.text.startswith("\ufeff")  # the BOM: Excel reads the file as UTF-8
    rows = list(csv.DictReader(io.StringIO(r.text[1:])))
    expected = all_events(client, actor="khalifa-haftar")
    assert sorted(int(x["id"]) for x in rows) == sorted(e["id"] for e in expected)
    assert any(x["evidence"].startswith("استقبل") for x in rows)


def test_export_plover_jsonl(client):
    r = client.get("/api/export", params={"format": "plover-jsonl", "type": "CONSULT"})
    records = [json.loads(line) for line in r.text.splitlines() if line]
    assert records and all(x["event_type"] == "CONSULT" for x in records)
    assert len(records) == events(client, type="CONSULT")["total"]
    for key in ("doc", "evidence", "actor", "recipient", "date", "cameo", "mode"):
        assert key in records[0]


@pytest.mark.parametrize("fmt,reader", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_export_graph(client, tmp_path, fmt, reader):
    r = client.get("/api/export", params={"format": fmt, "level": "polity"})
    assert r.status_code == 200
    path = tmp_path / f"net.{fmt}"
    path.write_bytes(r.content)
    graph = reader(path)
    net = client.get("/api/network", params={"level": "polity", "max_nodes": 5000}).json()
    assert graph.number_of_nodes() == len(net["nodes"]) and graph.number_of_edges() == len(net["edges"])


def test_export_rejects_unknown_format(client):
    r = client.get("/api/export", params={"format": "xlsx"})
    assert r.status_code == 422 and r.json()["error"]["code"] == "invalid_request"


@pytest.mark.parametrize("level", ["polity", "person"])
def test_network_edges_match_the_events_behind_them(client, level):
    """The derived pair tables give the same weights as counting the events' participants directly."""
    expected: dict[tuple[str, str], int] = {}
    for e in all_events(client):
        def key(a):
            return a["polity"] if level == "polity" else str(a["id"])
        actor_side = [key(a) for a in e["actor"] if key(a)]
        recipient_side = [key(a) for a in e["recipient"] if key(a)]
        if recipient_side:
            pairs = {tuple(sorted((a, r))) for a in actor_side for r in recipient_side if a != r}
        else:
            pairs = {tuple(sorted((a, b))) for a in set(actor_side) for b in set(actor_side) if a < b}
        for pair in pairs:
            expected[pair] = expected.get(pair, 0) + 1
    net = client.get("/api/network", params={"level": level, "max_nodes": 5000, "max_edges": 100000}).json()
    assert {(e["source"], e["target"]): e["weight"] for e in net["edges"]} == expected
