"""One happening, many outlets: reports of the same event in different documents merge into one event, by a
named rule, with every outlet, the first report and the disagreements; a merge can be split again."""
from __future__ import annotations

from datetime import date

import pytest

from marsad.errors import NotFound
from marsad.extract import extract
from marsad.records import Document
from marsad.store.query import Selection, count_events, list_events

CAIRO = ("استقبل الرئيس المصري عبد الفتاح السيسي المشير خليفة حفتر في القاهرة يوم 12 مارس 2024، "
         "وبحث الجانبان الأوضاع الأمنية على الحدود بحضور 12 مسؤولا.")
ALAMEIN = ("قالت مصادر متطابقة إن الرئيس المصري عبد الفتاح السيسي استقبل المشير خليفة حفتر في العلمين "
           "يوم 12 مارس 2024 بحضور 15 مسؤولا.")
IN_MARCH = "استقبل الرئيس المصري عبد الفتاح السيسي المشير خليفة حفتر في القاهرة خلال مارس 2024 لبحث ملف الحدود."
IN_MARCH_ALAMEIN = ("قالت مصادر متطابقة إن الرئيس المصري عبد الفتاح السيسي استقبل المشير خليفة حفتر في العلمين "
                    "خلال مارس 2024.")
UNDATED = "استقبل الرئيس المصري عبد الفتاح السيسي المشير خليفة حفتر في القاهرة لبحث ملف الحدود والهجرة."


def _add(store, kb, doc_id, text, published, source):
    doc = Document(id=doc_id, text=text, published=published, title=doc_id, source=source)
    return store.add_document(doc, extract(doc, kb), kb.version)


def _consult(store):
    found = list_events(store, Selection(types=("CONSULT",)), limit=10)
    assert len(found) == 1, "the reports should make one event"
    return store.event(found[0]["id"])


def test_two_outlets_same_day_one_event_with_both_outlets_and_their_disagreements(kb, store):
    _add(store, kb, "cairo.txt", CAIRO, date(2024, 3, 13), "outlet A")
    second = _add(store, kb, "alamein.txt", ALAMEIN, date(2024, 3, 14), "outlet B")
    event = _consult(store)
    assert [o["source"] for o in event["outlets"]] == ["outlet A", "outlet B"]
    assert event["first_report"]["doc_key"] == "cairo.txt"
    [merge] = event["merges"]
    assert merge["rule"] == "same-day" and merge["document_id"] == second.document_id and not merge["undone"]
    assert merge["reports"] and all(r["document_id"] == second.document_id for r in event["reports"]
                                    if r["id"] in merge["reports"])
    places = {d["value"] for d in event["disagreements"]["location"]}
    assert places == {"Cairo", "El Alamein"}
    assert {d["value"] for d in event["disagreements"]["numbers"]} == {"12", "15"}
    assert "date" not in event["disagreements"]


def test_a_report_dated_by_its_month_stays_apart_from_another_outlets_day_in_it(kb, store):
    """A month may hold several such meetings: a report dated by its month never joins a day of it."""
    _add(store, kb, "cairo.txt", CAIRO, date(2024, 3, 13), "outlet A")
    _add(store, kb, "march.txt", IN_MARCH, date(2024, 4, 2), "outlet C")
    found = list_events(store, Selection(types=("CONSULT",)), limit=10)
    assert sorted(e["date"] for e in found) == ["2024-03", "2024-03-12"]
    assert all(store.event(e["id"])["merges"] == [] for e in found)


def test_two_outlets_dating_it_by_the_same_month_stay_two_readings(kb, store):
    """The visit ledger places month-dated readings and counts one per event: they are not merged here."""
    _add(store, kb, "march.txt", IN_MARCH, date(2024, 4, 2), "outlet C")
    _add(store, kb, "march-alamein.txt", IN_MARCH_ALAMEIN, date(2024, 4, 3), "outlet B")
    found = list_events(store, Selection(types=("CONSULT",)), limit=10)
    assert [e["date"] for e in found] == ["2024-03", "2024-03"]


def test_an_undated_follow_up_published_days_later_joins_the_event(kb, store):
    _add(store, kb, "cairo.txt", CAIRO, date(2024, 3, 13), "outlet A")
    _add(store, kb, "later.txt", UNDATED, date(2024, 3, 15), "outlet D")
    assert [m["rule"] for m in _consult(store)["merges"]] == ["follow-up"]


def test_an_undated_report_a_month_later_is_another_event(kb, store):
    _add(store, kb, "cairo.txt", CAIRO, date(2024, 3, 13), "outlet A")
    _add(store, kb, "april.txt", UNDATED, date(2024, 4, 20), "outlet D")
    assert count_events(store, Selection(types=("CONSULT",))) == 2


def test_a_merge_is_split_again_and_stays_on_record(kb, store):
    _add(store, kb, "cairo.txt", CAIRO, date(2024, 3, 13), "outlet A")
    second = _add(store, kb, "alamein.txt", ALAMEIN, date(2024, 3, 14), "outlet B")
    merged = _consult(store)
    new_id = store.split(merged["id"], second.document_id)
    kept, split_off = store.event(merged["id"]), store.event(new_id)
    assert {r["document_id"] for r in kept["reports"]} == {merged["document_id"]}
    assert {r["document_id"] for r in split_off["reports"]} == {second.document_id}
    assert split_off["location"] == "El Alamein" and split_off["event_type"] == "CONSULT"
    assert [m["undone"] for m in kept["merges"]] == [True] and kept["disagreements"] == {}
    assert count_events(store, Selection(types=("CONSULT",))) == 2
    assert list_events(store, Selection(actor="Haftar", document_id=second.document_id))  # filters see it
    with pytest.raises(NotFound):
        store.split(merged["id"], second.document_id)  # already undone


def test_a_reports_numbers_are_read_in_either_script_without_its_date():
    from marsad.store.happenings import numbers

    assert numbers("قتل ١٢ وجرح ٣٠ في ٣ مايو، وخسائر بقيمة ١٫٥ مليون و2.5 مليار", "٣ مايو") == "12,30,1.5,2.5"
    assert numbers("بلا أرقام") is None
