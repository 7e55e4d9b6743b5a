"""Claim verdicts on small stores of hand-made events: each verdict, the events behind it, and how a new article
changes it. Also watches, which hear of new events and of claims that turn contradicted."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date

import pytest
from sqlalchemy import select, update

from marsad.analysis.claims import check_claims, list_claims, scan_document
from marsad.analysis.watches import (atom_feed, check_watches, create_watch, delete_watch, get_watch, list_watches,
                                     mark_seen)
from marsad.errors import InputError, NotFound
from marsad.export.answers import claim_rows
from marsad.mentions.claims import load_claim_cues
from marsad.records import Document, Entity, Event
from marsad.store.tables import claims

MELONI = Entity("Giorgia Meloni", "ITA", "giorgia-meloni", "person")
HAFTAR = Entity("Khalifa Haftar", "LBY-E", "khalifa-haftar", "person")
TAJANI = Entity("Antonio Tajani", "ITA", "antonio-tajani", "person")


@pytest.fixture
def cues():
    """The packaged cue words, with the history a store of six months can cover."""
    return load_claim_cues().model_copy(update={"history_start": "2024-01"})


def add(store, kb, cues, key: str, published: date, text: str, visits=(), source="outlet"):
    """A document whose sentences are `text`; `visits` are (sentence index, visitor, host, day) read as visits."""
    sentences = text.split("\n")
    events = []
    for index, visitor, host, day in visits:
        start = text.index(sentences[index])
        events.append(Event(doc=key, event_type="CONSULT", mode="visit", context=("diplomatic",), actor=(visitor,),
                            recipient=(host,), location="Benghazi", date=day, date_text=None, aux=None,
                            evidence=sentences[index], start=start, end=start + len(sentences[index]),
                            trigger="زارت", trigger_id="test-visit", cameo="042", confidence=0.9,
                            reports=((start, start + len(sentences[index])),)))
    doc = Document(id=key, text=text, title=key, published=published, source=source)
    result = store.add_document(doc, events, kb.version)
    scan_document(store, kb, cues, result.document_id, doc, events)
    return result.document_id


def months(store, kb, cues, upto: int):
    for m in range(1, upto + 1):
        add(store, kb, cues, f"filler-{m}", date(2024, m, 15), f"نشرة رقم {m} عن الطقس في المدينة.")


def meloni_first(store, kb, cues, words="لأول مرة"):
    """June 2024: Meloni in Benghazi, 'for the first time'."""
    add(store, kb, cues, "meloni-june", date(2024, 6, 20),
        f"زارت رئيسة الوزراء الإيطالية جورجيا ميلوني بنغازي {words} والتقت المشير خليفة حفتر.",
        [(0, MELONI, HAFTAR, "2024-06-19")])


def meloni_march(store, kb, cues):
    """March 2024: an earlier visit of hers to Benghazi."""
    add(store, kb, cues, "meloni-march", date(2024, 3, 5),
        "زارت رئيسة الوزراء الإيطالية جورجيا ميلوني بنغازي أمس والتقت المشير خليفة حفتر.",
        [(0, MELONI, HAFTAR, "2024-03-04")])


def only(store, kind):
    (claim,) = [c for c in list_claims(store, kind=kind)["claims"]]
    return claim


def test_a_first_is_supported_where_the_store_covers_the_window_then_contradicted_by_an_earlier_visit(any_store, kb,
                                                                                                     cues):
    store = any_store
    months(store, kb, cues, 6)
    meloni_first(store, kb, cues)
    check_claims(store, kb, cues)
    claim = only(store, "first")
    assert claim["status"] == "supported"
    assert claim["basis"]["coverage"]["share"] == 1.0 and claim["basis"]["visits"] == []

    meloni_march(store, kb, cues)
    check_claims(store, kb, cues)
    claim = only(store, "first")
    assert claim["status"] == "contradicted"
    assert [v["date"] for v in claim["basis"]["visits"]] == ["2024-03-04"]
    assert claim["basis"]["visits"][0]["doc_key"] == "meloni-march"


def test_a_first_in_a_store_with_gaps_is_unverifiable(store, kb, cues):
    meloni_first(store, kb, cues, "للمرة الأولى")
    check_claims(store, kb, cues)
    claim = only(store, "first")
    assert claim["status"] == "unverifiable"
    assert claim["basis"]["coverage"] == {"from": "2024-01", "to": "2024-06-19", "months": 6, "covered": 1,
                                          "share": pytest.approx(1 / 6, abs=0.001)}


def test_an_ordinal_counts_the_visits_up_to_its_own(store, kb, cues):
    add(store, kb, cues, "one", date(2024, 2, 2), "زار وزير الخارجية الإيطالي أنطونيو تاياني بنغازي أمس.",
        [(0, TAJANI, HAFTAR, "2024-02-01")])
    add(store, kb, cues, "two", date(2024, 5, 2), "وصل وزير الخارجية الإيطالي أنطونيو تاياني إلى بنغازي أمس.",
        [(0, TAJANI, HAFTAR, "2024-05-01")])
    add(store, kb, cues, "three", date(2024, 9, 2),
        "زار وزير الخارجية الإيطالي أنطونيو تاياني بنغازي أمس للمرة الثالثة.",
        [(0, TAJANI, HAFTAR, "2024-09-01")], source="another outlet")
    add(store, kb, cues, "claims-two", date(2024, 9, 3),
        "زار وزير الخارجية الإيطالي أنطونيو تاياني بنغازي أمس الأول للمرة الثانية.",
        [(0, TAJANI, HAFTAR, "2024-09-01")], source="a third outlet")  # the same visit, counted otherwise
    check_claims(store, kb, cues)
    by_doc = {c["doc_key"]: c for c in list_claims(store, kind="count")["claims"]}
    assert by_doc["three"]["status"] == "supported"
    assert by_doc["claims-two"]["status"] == "contradicted"
    assert [v["date"] for v in by_doc["claims-two"]["basis"]["visits"]] == ["2024-02-01", "2024-05-01", "2024-09-01"]



def test_a_claim_that_several_verdicts_cite_is_shown_in_each(store, kb, cues):
    """Three outlets count his visits three ways: each verdict cites the other two claims, so each is cited twice."""
    add(store, kb, cues, "one", date(2024, 2, 2), "زار وزير الخارجية الإيطالي أنطونيو تاياني بنغازي أمس.",
        [(0, TAJANI, HAFTAR, "2024-02-01")])
    add(store, kb, cues, "two", date(2024, 5, 2), "وصل وزير الخارجية الإيطالي أنطونيو تاياني إلى بنغازي أمس.",
        [(0, TAJANI, HAFTAR, "2024-05-01")])
    for key, count, outlet in (("twice", "مرتين", "one"), ("three", "ثلاث مرات", "two"), ("four", "أربع مرات", "three")):
        add(store, kb, cues, key, date(2024, 9, 3),
            f"زار وزير الخارجية الإيطالي أنطونيو تاياني بنغازي {count} هذا العام، آخرها أمس الأول.",
            [(0, TAJANI, HAFTAR, "2024-09-01")], source=outlet)
    check_claims(store, kb, cues)
    listed = list_claims(store, kind="count")["claims"]
    cited = [c for claim in listed for c in claim["basis"]["claims"]]
    assert len(cited) > len({c["id"] for c in cited})  # one claim cited by more than one verdict
    assert {c["published"] for c in cited} == {"2024-09-03"}


def test_a_verdict_on_many_visits_shows_the_first_few_and_names_them_all(store, kb, cues):
    """Eleven visits, the first told by six outlets (five date it by its month only, so each is a reading of its
    own): the verdict lists eight visits with five readings each, the
    ids of all eleven (the CSV has them), and reads the same from a verdict stored before the lists were bounded."""
    for n in range(6):
        add(store, kb, cues, f"jan-{n}", date(2024, 1, 3),
            f"زار وزير الخارجية الإيطالي أنطونيو تاياني بنغازي أمس.\nنشرة jan-{n} عن الطقس في المدينة.",
            [(0, TAJANI, HAFTAR, "2024-01" if n else "2024-01-02")], source=f"outlet {n}")
    for month in range(2, 12):
        add(store, kb, cues, f"visit-{month}", date(2024, month, 3),
            "زار وزير الخارجية الإيطالي أنطونيو تاياني بنغازي أمس" + (" للمرة الثالثة." if month == 11 else ".") +
            f"\nنشرة visit-{month} عن الطقس في المدينة.",
            [(0, TAJANI, HAFTAR, f"2024-{month:02d}-02")])
    check_claims(store, kb, cues)
    (claim,) = list_claims(store, kind="count")["claims"]
    basis = claim["basis"]
    assert claim["status"] == "contradicted" and "11 visits" in claim["reason"], claim["reason"]
    assert basis["visit_count"] == len(basis["visit_ids"]) == 11 and len(basis["visits"]) == 8
    first = basis["visits"][0]
    assert first["date"] == "2024-01-02" and first["readings"] == 6 and len(first["events"]) == 5
    assert first["doc_key"].startswith("jan-") and first["preview"]
    (row,) = claim_rows(list_claims(store, kind="count"))
    assert row["basis_visits"].split() == [str(i) for i in basis["visit_ids"]]

    with store.writing() as conn:  # the verdict as marsad stored it before: every visit with every reading
        stored = conn.execute(select(claims.c.basis).where(claims.c.id == claim["id"])).scalar_one()
        every = [{k: x for k, x in v.items() if k != "readings"} | {"events": v["events"] + [0] * (v["readings"] - 5)}
                 for v in stored["visits"]]
        every += [{"id": i, "date": None, "date_end": None, "place": None, "events": []}
                  for i in stored["visit_ids"][len(every):]]
        old = {k: v for k, v in stored.items() if k not in ("visit_ids", "visit_count")} | {"visits": every}
        conn.execute(update(claims).where(claims.c.id == claim["id"]).values(basis=old))
    (again,) = list_claims(store, kind="count")["claims"]
    assert again["basis"]["visit_ids"] == basis["visit_ids"] and again["basis"]["visit_count"] == 11
    assert [(v["id"], v["readings"], v["events"]) for v in again["basis"]["visits"]] == \
        [(v["id"], v["readings"], v["events"]) for v in basis["visits"]]

def test_a_watch_hears_of_new_events_and_of_claims_that_turn_contradicted(any_store, kb, cues):
    store = any_store
    months(store, kb, cues, 6)
    add(store, kb, cues, "old", date(2024, 1, 10), "زار وزير الخارجية الإيطالي أنطونيو تاياني بنغازي أمس.",
        [(0, TAJANI, HAFTAR, "2024-01-09")])
    events_watch = create_watch(store, kb, {"polity": "ITA", "location": "Benghazi"}, "Italians in Benghazi")
    claims_watch = create_watch(store, kb, {"claim_status": "contradicted"})
    assert (events_watch["matches"], events_watch["new"]) == (1, 0)  # what was there is a seen baseline
    assert list_watches(store)["new"] == 0

    meloni_first(store, kb, cues)
    meloni_march(store, kb, cues)
    check_claims(store, kb, cues)
    assert check_watches(store) == 3  # two visits, one contradicted first
    listing = {w["id"]: w for w in list_watches(store)["watches"]}
    assert listing[events_watch["id"]]["new"] == 2 and listing[claims_watch["id"]]["new"] == 1
    assert check_watches(store) == 0  # each match once

    detail = get_watch(store, claims_watch["id"])
    assert detail["latest"][0]["claim"]["status"] == "contradicted" and detail["latest"][0]["new"]

    feed = ET.fromstring(atom_feed(store, events_watch["id"], "http://127.0.0.1:8000"))
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = feed.findall("a:entry", ns)
    assert feed.find("a:title", ns).text == "marsad watch: Italians in Benghazi"
    assert len(entries) == 3
    link = entries[0].find("a:link", ns).get("href")
    assert link.startswith("http://127.0.0.1:8000/#/events/")
    assert "ميلوني" in entries[0].find("a:summary", ns).text

    assert mark_seen(store, events_watch["id"])["new"] == 0
    delete_watch(store, events_watch["id"])
    with pytest.raises(NotFound):
        get_watch(store, events_watch["id"])


@pytest.mark.parametrize("filters,message", [
    ({}, "at least one of"),
    ({"colour": "red"}, "watch field colour"),
    ({"claim_status": "maybe"}, "claim_status 'maybe'"),
    ({"type": "VISIT"}, "type VISIT"),
    ({"polity": "XXX"}, "polity XXX"),
])
def test_a_bad_watch_is_refused_with_the_reason(store, kb, filters, message):
    with pytest.raises(InputError, match=message):
        create_watch(store, kb, filters)
    assert list_watches(store)["watches"] == []
