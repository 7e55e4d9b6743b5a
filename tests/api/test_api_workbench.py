"""What the workbench's pages ask of the API (issue 9): actors named in Arabic or English, one row per actor,
states as states, partners that are other sides, readable titles and clean articles, grouped search, glosses, the
docs page's headers."""
from __future__ import annotations

import csv
import io
import re

import pytest

from marsad.knowledge.schema import POLITY_PATTERN


def get(client, path, **params):
    r = client.get(path, params=params)
    assert r.status_code == 200, r.text
    return r.json()


@pytest.mark.parametrize("arabic,english", [("حفتر", "Haftar"), ("خليفة حفتر", "Khalifa Haftar"), ("تركيا", "Türkiye"),
                                            ("بوتين", "Putin"), ("الأمم المتحدة", "United Nations")])
def test_an_actor_filter_finds_the_same_in_arabic_and_english(client, arabic, english):
    by_arabic = get(client, "/api/events", actor=arabic, limit=500)
    by_english = get(client, "/api/events", actor=english, limit=500)
    assert by_arabic["total"] > 0
    assert {e["id"] for e in by_arabic["events"]} == {e["id"] for e in by_english["events"]}
    assert get(client, "/api/actors", q=arabic)["total"] == get(client, "/api/actors", q=english)["total"] > 0


def test_an_arabic_name_is_matched_word_for_word(client):
    """'مصر' is Egypt, not Misrata (مصراتة) nor a bank (مصرف)."""
    names = {a["name"] for a in get(client, "/api/actors", q="مصر", limit=500)["actors"]}
    assert "Egypt" in names and not any("Misrata" in n or "Bank" in n for n in names)


def test_the_actor_list_pages_through_every_actor_once(client):
    first = get(client, "/api/actors", limit=50)
    total = first["total"]
    seen = []
    for offset in range(0, total, 50):
        seen += [a["id"] for a in get(client, "/api/actors", limit=50, offset=offset)["actors"]]
    assert len(seen) == len(set(seen)) == total > 50


def test_one_row_per_actor_and_states_are_states_with_arabic_names(client, kb):
    actors = get(client, "/api/actors", limit=500)["actors"]
    assert len({(a["name"], a["polity"]) for a in actors}) == len(actors)
    assert len([a for a in actors if a["name"] in ("United Nations", "European Union")]) <= 2
    states = {a["name"]: a for a in actors if a["kb_id"] is None and a["polity"] in kb.states_by_code
              and a["name"] == kb.states_by_code[a["polity"]].name}
    for name in ("Türkiye", "Egypt", "Russia", "Sudan"):
        assert states[name]["kind"] == "state", states[name]
        assert states[name]["name_ar"] in kb.states_by_code[states[name]["polity"]].names_ar
    turkey = get(client, f"/api/actors/{states['Türkiye']['id']}")
    assert turkey["kind"] == "state" and "تركيا" in turkey["names_ar"]


def test_a_body_is_no_partner_of_its_own_commander(client):
    haftar = get(client, "/api/actors/khalifa-haftar")
    partners = {p["actor_id"] for p in haftar["partners"]}
    assert "lna" not in partners and "vladimir-putin" in partners
    lna = get(client, "/api/actors/lna")
    assert "khalifa-haftar" not in {p["actor_id"] for p in lna["partners"]}


def test_a_partners_count_is_the_dyad_total(client):
    haftar = get(client, "/api/actors/khalifa-haftar")
    for partner in haftar["partners"][:3]:
        assert get(client, f"/api/dyads/{haftar['id']}/{partner['id']}")["total"] == partner["events"]


def test_international_organisations_take_their_own_code(client, kb):
    polity = re.compile(POLITY_PATTERN)
    nodes = get(client, "/api/network", level="polity", max_nodes=5000)["nodes"]
    assert nodes and all(polity.match(n["id"]) for n in nodes)
    assert "IGO" not in {n["id"] for n in nodes}
    assert not [a.id for a in kb.actors if a.polity == "IGO" or any(r.polity == "IGO" for r in a.roles)]
    assert kb.actors_by_id["oic"].polity == "OIC" and kb.actors_by_id["world-bank"].polity == "WORLD_BANK"


MASTHEAD = re.compile(r"^(صحيفة|جريدة|وكالة|موقع|بوابة|قناة|منصة|مركز|يومية)|\s[>›»|]\s")


def test_document_titles_are_headlines(client):
    docs = get(client, "/api/documents", limit=500)["documents"]
    titled = [d for d in docs if d["doc_key"].endswith(".txt")]
    assert len(titled) >= 15
    for d in titled:
        assert d["title"] and not MASTHEAD.search(d["title"]), d
    moscow = next(d for d in docs if d["doc_key"] == "101_haftar-moscow-2025.txt")
    assert moscow["title"] == "بوتين يستقبل حفتر في الكرملين بعد مشاركته في احتفالات عيد النصر"


def test_the_reader_has_no_page_junk_and_marks_triggers_only_where_they_made_events(client):
    docs = get(client, "/api/documents", limit=500)["documents"]
    moscow = next(d for d in docs if d["doc_key"] == "101_haftar-moscow-2025.txt")
    doc = get(client, f"/api/documents/{moscow['id']}")
    text = doc["text"]
    for junk in ("الرئيسية >", "نشرتنا", "الكلمات المفتاحية", "شارك على"):
        assert junk not in text
    assert "نُشر في" in text  # the date line stays: it dates the article
    sentences = [(m["start"], m["end"]) for m in doc["marks"] if m["kind"] == "event"]
    triggers = [m for m in doc["marks"] if m["kind"] == "trigger"]
    assert triggers
    for m in triggers:
        assert not text[m["start"]:m["end"]].startswith(("نُشر", "نشر")), m
        assert any(s <= m["start"] and m["end"] <= e for s, e in sentences), m
    assert {m["event_id"] for m in triggers} <= {e["id"] for e in doc["events"]}


def test_no_page_of_the_corpus_keeps_a_breadcrumb_a_section_line_or_a_reaction_widget(client):
    docs = get(client, "/api/documents", limit=500)["documents"]
    texts = {d["doc_key"]: get(client, f"/api/documents/{d['id']}")["text"] for d in docs if d["doc_key"][:3].isdigit()}
    for junk in ("أخبار عربية | ليبيا", "آسيا | باكستان", "قسم: عرب وعالم", "هل أعجبك المقال"):
        assert not [k for k, t in texts.items() if junk in t], junk
    assert texts["103_haftar-putin-sep2023.txt"].startswith("صحيفة المشرق | بيروت")  # a masthead names the outlet


def test_an_american_adviser_is_glossed_as_one(client):
    docs = get(client, "/api/documents", limit=500)["documents"]
    boulos = next(d for d in docs if d["doc_key"] == "111_boulos-tripoli-benghazi-2025.txt")
    doc = get(client, f"/api/documents/{boulos['id']}")
    labels = {doc["text"][m["start"]:m["end"]]: m["label"] for m in doc["marks"] if m["kind"] == "actor"}
    assert labels["المستشار الأمريكي"] == "US adviser"


def test_search_takes_english_names_and_groups_by_document(client):
    arabic = get(client, "/api/search", q="حفتر", group="document", limit=200)
    english = get(client, "/api/search", q="Haftar", group="document", limit=200)
    assert english["total"] == arabic["total"] > 3
    assert [d["document_id"] for d in english["documents"]] == [d["document_id"] for d in arabic["documents"]]
    ids = [d["document_id"] for d in arabic["documents"]]
    assert len(ids) == len(set(ids)) == arabic["total"]
    for d in arabic["documents"]:
        assert d["hits"] and all(h["document_id"] == d["document_id"] for h in d["hits"])
        assert d["matches"] >= len(d["hits"])
        assert [h["kind"] for h in d["hits"]] == sorted((h["kind"] for h in d["hits"]), key=lambda k: k != "document")
    page = get(client, "/api/search", q="حفتر", group="document", limit=3, offset=3)
    assert [d["document_id"] for d in page["documents"]] == ids[3:6]
    flat = get(client, "/api/search", q="حفتر", limit=200)
    assert {h["document_id"] for h in flat["hits"]} == set(ids)


def test_the_docs_page_has_the_same_headers_as_the_workbench(client):
    page, docs = client.get("/"), client.get("/docs")
    assert docs.status_code == 200 and "swagger-ui" in docs.text and "<script>" not in docs.text
    for header in ("content-security-policy", "x-frame-options", "x-content-type-options", "referrer-policy"):
        assert docs.headers[header] == page.headers[header]
    assert "frame-ancestors 'none'" in docs.headers["content-security-policy"]


@pytest.mark.parametrize("path", ["/", "/docs"])
def test_head_answers_like_get(client, path):
    head = client.head(path)
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-security-policy"]


def test_exported_confidences_are_rounded(client):
    rows = list(csv.DictReader(io.StringIO(client.get("/api/export", params={"format": "csv"}).text.lstrip("\ufeff"))))
    assert rows and all(len(r["confidence"].partition(".")[2]) <= 3 for r in rows)
