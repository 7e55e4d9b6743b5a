"""Article text with HTML, script and bidi controls is data: the API returns it verbatim as JSON strings, and the
pages that could show it carry a Content-Security-Policy that forbids inline script. (tests/web proves the
browser shows it as text.)"""
from __future__ import annotations

from seed_store import RLO, XSS_IMG, XSS_SCRIPT
from test_api_ingest import auth

PAYLOAD_ARTICLE = (f"هدد المتحدث باسم الجماعة المسلحة {XSS_SCRIPT} باستهداف مواقع الحكومة في العاصمة "
                   f"وقال في بيان نشره على موقعه {XSS_IMG} إن {RLO}الهدنة انتهت{RLO} وإن القتال سيستأنف قريبا "
                   "في حال لم تنسحب القوات من المواقع المتنازع عليها جنوب المدينة.")


def test_ingested_markup_comes_back_as_data(client):
    r = client.post("/api/ingest", content=PAYLOAD_ARTICLE.encode(), params={"id": "xss-api", "title": XSS_SCRIPT},
                    headers={"Content-Type": "text/plain", **auth()})
    assert r.status_code == 200, r.text
    doc_id = r.json()["documents"][0]["document_id"]
    doc = client.get(f"/api/documents/{doc_id}")
    assert doc.headers["content-type"].startswith("application/json")
    body = doc.json()
    assert XSS_SCRIPT in body["text"] and XSS_IMG in body["text"] and RLO in body["text"]
    assert body["title"] == XSS_SCRIPT
    hits = client.get("/api/search", params={"q": "الهدنة انتهت"}).json()["hits"]
    assert any(RLO in h["snippet"]["text"] for h in hits if h["document_id"] == doc_id)


def test_seeded_payload_in_events_and_actors(client, seeded):
    e = client.get(f"/api/events/{seeded.events['seed-xss#0']}").json()
    assert XSS_SCRIPT in e["evidence"] and XSS_IMG in e["evidence"]
    assert e["actor"][0]["name"].startswith("<img src=x onerror=")
    csv_text = client.get("/api/export", params={"format": "csv", "document": seeded.documents["seed-xss"]}).text
    assert XSS_SCRIPT in csv_text


def test_pages_forbid_inline_script(client):
    for path in ("/", "/static/app.js"):
        r = client.get(path)
        assert r.status_code == 200
    csp = client.get("/").headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "object-src 'none'" in csp
    assert client.get("/").headers["x-content-type-options"] == "nosniff"
