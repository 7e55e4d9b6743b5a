"""POST /api/ingest: bearer-token auth, the three body kinds, and the search index following new documents."""
from __future__ import annotations

import json
import uuid

import httpx
import pytest

from seed_store import TOKEN
from marsad.api.launch import ServerProcess

ARTICLE = ("أعلنت وزارة الخارجية الروسية أن الوزير سيرغي لافروف استقبل في موسكو وفداً ليبياً رفيع المستوى، "
           "وبحث الجانبان سبل تعزيز التعاون الاقتصادي بين البلدين. {marker}")
# articles different enough not to be near-duplicates of each other
OTHERS = [
    "وصل رئيس الوزراء الإيطالي إلى بنغازي حيث التقى قائد الجيش وناقش ملف الهجرة غير النظامية عبر المتوسط "
    "وأمن الحدود الجنوبية ومشاريع إعادة الإعمار في درنة بعد الفيضانات. {marker}",
    "اتهمت منظمة حقوقية دولية مجموعات مسلحة في العاصمة باحتجاز عشرات المدنيين دون محاكمة، وطالبت السلطات "
    "بفتح تحقيق مستقل ومحاسبة المسؤولين عن الانتهاكات الموثقة في السجون. {marker}",
    "وقعت شركة نفط تركية اتفاقية مع المؤسسة الوطنية للنفط للتنقيب في حوض سرت البحري لمدة خمس سنوات، "
    "في خطوة وصفها خبراء الطاقة بأنها تعزز حضور أنقرة في قطاع المحروقات الليبي. {marker}",
    "قال المبعوث الأممي أمام مجلس الأمن إن العملية السياسية متعثرة بسبب الخلاف على القوانين الانتخابية "
    "ودعا الأطراف إلى تشكيل حكومة موحدة تشرف على الانتخابات المؤجلة منذ سنوات. {marker}",
]


def auth(token: str = TOKEN) -> dict:
    return {"Authorization": f"Bearer {token}"}


def marker() -> str:
    """A made-up word no other article has, so the test can find its own document by search."""
    return "كلمة" + "".join("ابتثجحخدذرزسشصضطظعغفقكلمنهوي"[int(c, 16)] for c in uuid.uuid4().hex[:10])


def test_ingest_requires_a_token(client):
    r = client.post("/api/ingest", content="نص", headers={"Content-Type": "text/plain"})
    assert r.status_code == 401
    assert r.headers.get("www-authenticate") == "Bearer"
    assert r.json()["error"]["code"] == "unauthorized"


@pytest.mark.parametrize("header", ["Bearer wrong-token", "Bearer " + TOKEN[:-1], "Basic dXNlcjpwYXNz"])
def test_ingest_rejects_a_wrong_token(client, header):
    r = client.post("/api/ingest", content="نص", headers={"Content-Type": "text/plain", "Authorization": header})
    assert r.status_code in (401, 403)
    assert r.json()["error"]["code"] in ("unauthorized", "forbidden")


def test_ingest_disabled_without_configured_token(seeded):
    with ServerProcess(seeded.url, ingest_token=None) as other:
        r = httpx.post(other.url + "/api/ingest", content="نص", headers={"Content-Type": "text/plain", **auth()})
    assert r.status_code == 403 and "MARSAD_INGEST_TOKEN" in r.json()["error"]["message"]


def test_ingest_text_then_search_finds_it(client):
    word = marker()
    r = client.post("/api/ingest", content=ARTICLE.format(marker=word).encode(), params={
        "id": f"api-test-{word}", "title": "لافروف يستقبل وفداً ليبياً", "published": "2025-06-01"},
        headers={"Content-Type": "text/plain; charset=utf-8", **auth()})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["added"] == 1 and body["documents"][0]["status"] == "added"
    doc_id = body["documents"][0]["document_id"]
    doc = client.get(f"/api/documents/{doc_id}").json()
    assert doc["doc_key"] == f"api-test-{word}" and doc["published"] == "2025-06-01" and word in doc["text"]
    hits = client.get("/api/search", params={"q": word}).json()["hits"]
    assert doc_id in {h["document_id"] for h in hits}
    again = client.post("/api/ingest", content=ARTICLE.format(marker=word).encode(),
                        headers={"Content-Type": "text/plain", **auth()}).json()
    assert again["documents"][0]["status"] == "duplicate" and again["added"] == 0


def test_ingest_jsonl_batch(client):
    words = [marker(), marker()]
    lines = [json.dumps({"id": f"batch-{w}", "text": OTHERS[n].format(marker=w), "published": "2025-06-02",
                         "title": "دفعة"}, ensure_ascii=False) for n, w in enumerate(words)]
    lines += ["{not json", '{"text":' + "[" * 100_000 + "]" * 100_000 + "}", json.dumps({"id": "u", "text": "x",
                                                                                  "url": ["u"]})]
    r = client.post("/api/ingest", content="\n".join(lines).encode(),
                    headers={"Content-Type": "application/x-ndjson", **auth()})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["added"] == 2 and [p.split(": ", 1)[1] for p in body["problems"]] == [
        "not JSON (Expecting property name enclosed in double quotes at column 2)", "JSON nested too deep to read",
        "field 'url' must be a string, not a list"]
    assert {d["doc_key"] for d in body["documents"]} == {f"batch-{w}" for w in words}
    for w in words:
        assert client.get("/api/search", params={"q": w}).json()["total"] >= 1


def test_ingest_json_object_and_html(client):
    w1, w2 = marker(), marker()
    r = client.post("/api/ingest", json={"id": f"json-{w1}", "text": OTHERS[2].format(marker=w1)}, headers=auth())
    assert r.status_code == 200 and r.json()["added"] == 1
    page = (f"<!doctype html><html><head><title>لافروف</title></head><body><nav>الرئيسية</nav><article><h1>لافروف "
            f"يستقبل وفداً</h1><p>{OTHERS[3].format(marker=w2)}</p><p>{ARTICLE.format(marker='')}</p></article>"
            "</body></html>")
    r = client.post("/api/ingest", content=page.encode(), params={"id": f"html-{w2}"},
                    headers={"Content-Type": "text/html", **auth()})
    assert r.status_code == 200, r.text
    doc_id = r.json()["documents"][0]["document_id"]
    text = client.get(f"/api/documents/{doc_id}").json()["text"]
    assert w2 in text and "<p>" not in text


@pytest.mark.parametrize("content_type,body,status", [
    ("image/png", b"\x89PNG", 415),
    ("text/plain", b"   ", 400),
    ("application/json", b"[1, 2]", 400),
    ("text/plain", "قصير".encode(), 400),
])
def test_ingest_bad_bodies(client, content_type, body, status):
    r = client.post("/api/ingest", content=body, headers={"Content-Type": content_type, **auth()})
    assert r.status_code == status, r.text
    assert set(r.json()["error"]) == {"code", "message"}


def test_everything_else_is_read_only(client):
    for path in ("/api/events", "/api/actors", "/api/network", "/api/search?q=x"):
        r = client.post(path, headers=auth())
        assert r.status_code == 405 and r.json()["error"]["code"] == "method_not_allowed"
    assert client.delete("/api/events/1", headers=auth()).status_code == 405
