"""The store: idempotent ingest, near-duplicates, one event per happening across articles, queries."""
from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st
import pytest

from marsad.errors import InputError
from marsad.extract import extract
from marsad.records import Document
from marsad.store.query import Selection, count_events, list_events

STORY = ("استقبل الرئيس المصري عبد الفتاح السيسي المشير خليفة حفتر في القاهرة يوم 12 مارس 2024، "
         "وبحث الجانبان الأوضاع الأمنية على الحدود.")


def _doc(doc_id, text, published=date(2024, 3, 13)):
    return Document(id=doc_id, text=text, published=published, title="عنوان")


def test_the_same_article_is_stored_once(kb, store):
    doc = _doc("a.txt", STORY)
    first = store.add_document(doc, extract(doc, kb), kb.version)
    again = store.add_document(_doc("copy.txt", STORY), extract(doc, kb), kb.version)
    assert first.status == "added" and first.events >= 1
    assert again.status == "duplicate" and again.duplicate_of == "a.txt"
    assert store.counts()["documents"] == 1


def test_a_near_duplicate_is_recorded_but_not_coded(kb, store):
    doc = _doc("a.txt", STORY + "\nوكالة الأنباء")
    store.add_document(doc, extract(doc, kb), kb.version)
    wire_copy = _doc("b.txt", STORY + "\nالمصدر: وكالات")
    result = store.add_document(wire_copy, extract(wire_copy, kb), kb.version)
    assert result.status == "near-duplicate" and result.events == 0
    assert store.counts()["duplicates"] == 1


def test_another_article_on_the_same_happening_adds_a_report_not_an_event(kb, store):
    one = _doc("one.txt", STORY)
    other = _doc("two.txt", "في خبر آخر تماماً عن القاهرة: " + STORY.replace("وبحث الجانبان", "وناقش الطرفان")
                 + " وأضاف المصدر أن اللقاء استمر ساعتين وتناول ملفات الطاقة والهجرة غير النظامية.")
    store.add_document(one, extract(one, kb), kb.version)
    before = count_events(store)
    store.add_document(other, extract(other, kb), kb.version)
    consults = list_events(store, Selection(types=("CONSULT",), polities=("EGY",)))
    assert count_events(store) == before
    assert store.event(consults[0]["id"])["reports"][1]["doc_key"] == "two.txt"


def test_filters(kb, store):
    doc = _doc("a.txt", STORY)
    store.add_document(doc, extract(doc, kb), kb.version)
    def found(**params):
        return list_events(store, Selection.parse(**params, kb=kb, store=store))

    assert found(actor="Haftar") and found(actor="حفتر") == found(actor="Haftar")
    assert found(polity="EGY,RUS")
    assert not found(polity="RUS")
    assert found(date_from="2024-03", date_to="2024-03")
    assert not found(date_from="2025")
    assert found(q="القاهرة")
    assert not found(actor="%") and not found(actor="_")
    event = store.event(found()[0]["id"])
    assert event["reports"][0]["sentence"] in STORY
    mode = event["mode"] or next(t.mode for t in kb.triggers if t.mode)
    assert found(mode=mode) == [e for e in found() if e["mode"] == mode]


def test_a_mode_or_context_nobody_uses_is_refused_with_the_known_ones(kb, store):
    doc = _doc("a.txt", STORY)
    store.add_document(doc, extract(doc, kb), kb.version)
    for name in ("mode", "context"):
        with pytest.raises(InputError, match=f"{name} 'no-such-thing': unknown PLOVER {name}; choose from "):
            Selection.parse(**{name: "no-such-thing"}, kb=kb, store=store)


@settings(max_examples=25, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ابتثجحخدذرزسشصضطظعغفقكلمنهويىةأإآ ً،.\n0123456789<>&\"'")),
               min_size=30, max_size=300))
def test_any_text_round_trips_through_the_store(tmp_path_factory, kb, text):
    from marsad.store import open_store

    store = open_store(f"sqlite:///{tmp_path_factory.mktemp('h') / 'h.db'}", create=True)
    doc = Document(id="h", text=text)
    result = store.add_document(doc, extract(doc, kb), kb.version)
    assert store.document(result.document_id)["text"] == text
