"""The event page's API for one happening told by several outlets: outlets, first report, merges and why,
disagreements; and the split that undoes a merge (token required)."""
from __future__ import annotations

from datetime import date

import httpx

from marsad.api.launch import ServerProcess
from marsad.extract import extract
from marsad.records import Document
from marsad.store import open_store

TOKEN = "happenings-token-0123456789"
CAIRO = ("استقبل الرئيس المصري عبد الفتاح السيسي المشير خليفة حفتر في القاهرة يوم 12 مارس 2024، "
         "وبحث الجانبان الأوضاع الأمنية على الحدود بحضور 12 مسؤولا.")
ALAMEIN = ("قالت مصادر متطابقة إن الرئيس المصري عبد الفتاح السيسي استقبل المشير خليفة حفتر في العلمين "
           "يوم 12 مارس 2024 بحضور 15 مسؤولا.")


def test_an_event_told_by_two_outlets_and_its_split(kb, tmp_path):
    url = f"sqlite:///{tmp_path / 'two.db'}"
    store = open_store(url, create=True)
    for doc in (Document(id="cairo.txt", text=CAIRO, published=date(2024, 3, 13), source="outlet A"),
                Document(id="alamein.txt", text=ALAMEIN, published=date(2024, 3, 14), source="outlet B")):
        store.add_document(doc, extract(doc, kb), kb.version)
    store.engine.dispose()
    with ServerProcess(url, TOKEN, log_path=tmp_path / "server.log") as server, \
            httpx.Client(base_url=server.url, timeout=30) as client:
        [event] = client.get("/api/events", params={"type": "CONSULT"}).json()["events"]
        detail = client.get(f"/api/events/{event['id']}").json()
        assert [o["source"] for o in detail["outlets"]] == ["outlet A", "outlet B"]
        assert detail["first_report"]["doc_key"] == "cairo.txt"
        [merge] = detail["merges"]
        assert merge["rule"] == "same-day" and "same type" in merge["why"] and merge["reports"]
        assert {d["value"] for d in detail["disagreements"]["location"]} == {"Cairo", "El Alamein"}
        assert {r["source"] for r in detail["reports"]} == {"outlet A", "outlet B"}
        split = f"/api/events/{event['id']}/split"
        assert client.post(split, params={"document": merge["document_id"]}).status_code == 401
        done = client.post(split, params={"document": merge["document_id"]},
                           headers={"Authorization": f"Bearer {TOKEN}"})
        assert done.status_code == 200
        assert client.get("/api/events", params={"type": "CONSULT"}).json()["total"] == 2
        assert client.get(f"/api/events/{event['id']}").json()["merges"][0]["undone"] is True
        again = client.post(split, params={"document": merge["document_id"]},
                            headers={"Authorization": f"Bearer {TOKEN}"})
        assert again.status_code == 404
