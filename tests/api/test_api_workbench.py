"""What the workbench's pages ask of the API (issue 9): readable titles and clean articles, triggers and glosses,
the docs page's headers, exports."""
from __future__ import annotations

import csv
import io
import re

import pytest


def get(client, path, **params):
    r = client.get(path, params=params)
    assert r.status_code == 200, r.text
    return r.json()


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


def test_an_american_adviser_is_glossed_as_one(client):
    docs = get(client, "/api/documents", limit=500)["documents"]
    boulos = next(d for d in docs if d["doc_key"] == "111_boulos-tripoli-benghazi-2025.txt")
    doc = get(client, f"/api/documents/{boulos['id']}")
    labels = {doc["text"][m["start"]:m["end"]]: m["label"] for m in doc["marks"] if m["kind"] == "actor"}
    assert labels["المستشار الأمريكي"] == "US adviser"


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
