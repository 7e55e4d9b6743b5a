"""The analyst's endpoints on a real server: visit ledger, claims, camp balance, watches and their feeds."""
from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET

import pytest


def test_the_visit_ledger_answers_who_visited_where_and_how_often(client):
    r = client.get("/api/visits", params={"actor": "Yevkurov", "host": "Benghazi", "from": "2023-08", "to": "2024-11"})
    assert r.status_code == 200
    body = r.json()
    assert body["count"] == 5 and body["host"]["kind"] == "place" and body["actor"]["kind"] == "actor"
    first = body["visits"][0]
    assert first["date"] == "2023-08-22" and len(first["sources"]) >= 2
    assert all(rep["sentence"] and rep["document_id"] for rep in first["reports"])
    same = client.get("/api/visits", params={"actor": "يفكوروف", "host": "بنغازي", "date_from": "2023-08",
                                             "date_to": "2024-11"}).json()
    assert same["count"] == 5  # Arabic names, and date_from/date_to as elsewhere


def test_the_ledger_exports_one_csv_row_per_visit(client):
    r = client.get("/api/visits", params={"actor": "Yevkurov", "host": "Benghazi", "to": "2024-11", "format": "csv"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert [row["date"] for row in rows] == ["2023-08-22", "2023-09-17", "2023-11-28", "2024-04-09", "2024-11-05"]
    assert all(row["event_ids"] and row["doc_keys"] for row in rows)


@pytest.mark.parametrize("params,status,words", [
    ({"actor": "nobody-at-all"}, 404, "no actor or polity matches 'nobody-at-all'"),
    ({"host": "Atlantis"}, 404, "no actor, polity or place matches 'Atlantis'"),
    ({"from": "2024-13"}, 400, "there is no month 13"),
    ({"limit": 0}, 422, "limit"),
])
def test_bad_ledger_requests_say_what_is_wrong(client, params, status, words):
    r = client.get("/api/visits", params=params)
    assert r.status_code == status and words in r.json()["error"]["message"]


def test_claims_come_with_verdicts_contradictions_first(client):
    body = client.get("/api/claims", params={"limit": 500}).json()
    assert body["total"] == len(body["claims"]) and body["by_status"]["contradicted"] >= 4
    statuses = [c["status"] for c in body["claims"]]
    assert statuses[:body["by_status"]["contradicted"]] == ["contradicted"] * body["by_status"]["contradicted"]
    first = client.get("/api/claims", params={"status": "contradicted", "kind": "first"}).json()["claims"]
    kremlin = next(c for c in first if c["doc_key"].startswith("126_"))
    assert kremlin["event"]["event_type"] == "CONSULT" and kremlin["basis"]["visits"][0]["date"] == "2023-09-28"
    assert kremlin["evidence"][kremlin["start"] - kremlin["sentence_start"]:kremlin["end"] - kremlin["sentence_start"]] \
        == kremlin["cue"]


def test_claims_filter_export_and_refuse_bad_values(client):
    money = client.get("/api/claims", params={"kind": "quantity", "status": "contradicted,supported"}).json()
    assert money["claims"] and {c["kind"] for c in money["claims"]} == {"quantity"}
    assert {c["status"] for c in money["claims"]} <= {"contradicted", "supported"}
    rows = list(csv.DictReader(io.StringIO(client.get("/api/claims", params={"format": "csv"}).text)))
    assert rows and rows[0]["status"] == "contradicted" and rows[0]["reason"]
    r = client.get("/api/claims", params={"status": "wrong"})
    assert r.status_code == 400 and "choose from contradicted, unverifiable, supported" in r.json()["error"]["message"]


def test_the_camp_balance_ranks_states_and_each_point_has_its_quarter(client):
    body = client.get("/api/balance").json()
    ranks = [s["rank"] for s in body["states"]]
    assert ranks == list(range(1, len(ranks) + 1)) and "LBY" not in {s["state"][:3] for s in body["states"]}
    moved = [abs(s["moved"]) for s in body["states"] if s["moved"] is not None]
    assert moved == sorted(moved, reverse=True)
    tur = client.get("/api/balance", params={"state": "TUR", "from": "2019"}).json()["states"][0]
    point = next(q for q in tur["quarters"] if q["east_total"])
    east = client.get("/api/dyads/TUR/LBY-E", params={"date_from": point["from"], "date_to": point["to"]}).json()
    assert east["total"] == point["east_total"]  # a point opens the events it counts
    rows = list(csv.DictReader(io.StringIO(
        client.get("/api/balance", params={"state": "TUR", "from": "2019", "format": "csv"}).text)))
    assert [r["quarter"] for r in rows] == [q["quarter"] for q in tur["quarters"]]
    r = client.get("/api/balance", params={"state": "LBY-W"})
    assert r.status_code == 400 and "third state" in r.json()["error"]["message"]


def test_a_watch_is_saved_listed_fed_marked_seen_and_removed(client):
    r = client.post("/api/watches", json={"name": "Russians in Benghazi", "polity": "RUS", "location": "Benghazi"})
    assert r.status_code == 201
    watch = r.json()
    assert watch["matches"] >= 5 and watch["new"] == 0 and watch["feed"] == f"/api/watches/{watch['id']}/feed"
    assert any(w["id"] == watch["id"] for w in client.get("/api/watches").json()["watches"])
    feed = client.get(watch["feed"])
    assert feed.headers["content-type"].startswith("application/atom+xml")
    root = ET.fromstring(feed.content)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert root.find("a:id", ns).text == f"urn:marsad:watch:{watch['id']}"
    hrefs = [e.find("a:link", ns).get("href") for e in root.findall("a:entry", ns)]
    assert hrefs and all("/#/events/" in h for h in hrefs)
    assert client.post(f"/api/watches/{watch['id']}/seen", json={}).json()["new"] == 0
    assert client.delete(f"/api/watches/{watch['id']}").status_code == 204
    assert client.get(f"/api/watches/{watch['id']}").status_code == 404


@pytest.mark.parametrize("body,headers,status,words", [
    ({"polity": "RUS"}, {"content-type": "text/plain"}, 415, "send application/json"),
    ({}, None, 400, "at least one of"),
    ({"type": "PARTY"}, None, 400, "type PARTY"),
    ({"polity": "RUS", "colour": "red"}, None, 422, "colour"),
])
def test_bad_watches_are_refused(client, body, headers, status, words):
    import json
    r = client.post("/api/watches", content=json.dumps(body), headers=headers or {"content-type": "application/json"})
    assert r.status_code == status and words in r.json()["error"]["message"]


def test_an_ingest_over_http_reads_claims_and_checks_watches(client):
    from seed_store import TOKEN

    watch = client.post("/api/watches", json={"polity": "BLR", "type": "CONSULT"}).json()
    text = ("استقبل الرئيس البيلاروسي ألكسندر لوكاشينكو في مينسك أمس الأحد 14 أيلول/سبتمبر 2025 المشير خليفة حفتر "
            "للمرة الثالثة منذ شباط/فبراير 2025.")
    r = client.post("/api/ingest", params={"published": "2025-09-15", "source": "صحيفة الاختبار"},
                    content=text.encode("utf-8"), headers={"Authorization": f"Bearer {TOKEN}",
                                                           "Content-Type": "text/plain; charset=utf-8"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["added"] == 1 and body["claims"] == 1 and body["watch_matches"] >= 1
    seen = client.get(f"/api/watches/{watch['id']}").json()
    assert seen["new"] >= 1 and seen["latest"][0]["event"]["event_type"] == "CONSULT"
    doc = body["documents"][0]["document_id"]
    (claim,) = client.get("/api/claims", params={"document": doc}).json()["claims"]
    assert claim["cue"] == "للمرة الثالثة" and claim["window_from"] == "2025-02" and claim["status"]
    assert client.get("/api/watches").json()["new"] >= 1
    client.delete(f"/api/watches/{watch['id']}")
