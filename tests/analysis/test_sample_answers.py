"""The analyst's questions on the sample corpus, through the real pipeline (readers, extractor, store, claims stage).

Articles 123–128 are ours and were written for these checks:
- two outlets count one series of Yevkurov's visits to Benghazi differently. 125 says five times, and 124 says
  the fourth time. The briefs of 123 report the visits one by one, two outlets reporting the first;
- 126 says Putin received Haftar for the first time in May 2025, and 103 (an earlier article) tells of their
  meeting in Moscow in September 2023;
- 127 and 128 give different sums for one Pakistani deal, and the same number of aircraft.
"""
from __future__ import annotations

import pytest

from marsad.analysis.claims import list_claims
from marsad.analysis.visits import ledger_json, load_ledger
from marsad.pipeline import ingest
from marsad.store import open_store
from marsad.store.query import Selection
from tests.conftest import SAMPLES

YEVKUROV_VISITS = ["2023-08-22", "2023-09-17", "2023-11-28", "2024-04-09", "2024-11-05"]


@pytest.fixture(scope="module")
def samples(tmp_path_factory, kb):
    store = open_store(f"sqlite:///{tmp_path_factory.mktemp('samples') / 's.db'}", create=True)
    report = ingest([str(SAMPLES / "corpus")], store, kb)
    assert report.claims and report.verdicts
    return store


def claims_of(store, doc_prefix: str, kind: str | None = None) -> list[dict]:
    found = list_claims(store, kind=kind, limit=1000)["claims"]
    return [c for c in found if c["doc_key"].startswith(doc_prefix)]


def test_the_ledger_merges_outlets_and_counts_each_visit_once(samples, kb):
    ledger = ledger_json(samples, kb, load_ledger(samples, kb), "Yevkurov", "Benghazi",
                         Selection.parse(date_from="2023-08", date_to="2024-11"))
    assert ledger["count"] == 5
    assert [v["date"] for v in ledger["visits"]] == YEVKUROV_VISITS
    first = ledger["visits"][0]
    docs = {r["doc_key"] for r in first["reports"]}
    assert {"123a_yevkurov-benghazi-aug-2023", "123b_yevkurov-benghazi-aug-2023-barqa"} <= docs  # two outlets
    assert {"وكالة المدار للأنباء", "قناة البرقة"} <= set(first["sources"])
    for rep in first["reports"]:
        assert rep["sentence"] and rep["document_id"] and rep["outlet"]
    narrower = ledger_json(samples, kb, load_ledger(samples, kb), "yunus-bek-yevkurov", "بنغازي",
                           Selection.parse(date_from="2024"))
    assert [v["date"] for v in narrower["visits"]] == YEVKUROV_VISITS[3:]


def test_five_times_is_supported_by_the_five_visits(samples):
    (claim,) = [c for c in claims_of(samples, "125_", "count")]
    assert claim["cue"] == "خمس مرات" and (claim["window_from"], claim["window_to"]) == ("2023-08", "2024-11")
    assert claim["status"] == "supported"
    assert [v["date"] for v in claim["basis"]["visits"]] == YEVKUROV_VISITS


def test_the_fourth_time_is_contradicted_by_five_visits(samples):
    body = [c for c in claims_of(samples, "124_", "count") if c["event_id"]]
    assert body and all(c["cue"] == "للمرة الرابعة" for c in body)
    claim = body[0]
    assert claim["status"] == "contradicted" and "5 visits" in claim["reason"]
    assert [v["date"] for v in claim["basis"]["visits"]] == YEVKUROV_VISITS
    first = claim["basis"]["visits"][0]
    assert first["preview"] and first["doc_key"] and first["readings"] >= len(first["events"]) >= 1


def test_a_first_is_contradicted_by_the_earlier_meeting(samples):
    (claim,) = claims_of(samples, "126_", "first")
    assert claim["cue"] == "الأول من نوعه" and claim["status"] == "contradicted"
    (earlier,) = claim["basis"]["visits"]
    assert earlier["date"] == "2023-09-28"
    assert claim["event"]["date"] == "2025-05-10"
    with open_store_conn(samples) as conn:
        docs = {r for r in conn.exec_driver_sql(
            "SELECT d.doc_key FROM reports r JOIN documents d ON d.id = r.document_id WHERE r.event_id IN (%s)"
            % ",".join(str(e) for e in earlier["events"])).scalars()}
    assert any(d.startswith("103_") for d in docs)  # the earlier article


def test_two_sums_for_one_deal_contradict_each_other_and_the_aircraft_agree(samples):
    money = {c["doc_key"][:3]: c for c in claims_of(samples, "12", "quantity")
             if c["unit"] == "USD" and c["event_id"] and c["doc_key"][:3] in ("127", "128")}
    assert set(money) == {"127", "128"}
    assert money["127"]["event_id"] == money["128"]["event_id"] or money["127"]["basis"]["events"]
    for mine, other in (("127", "128"), ("128", "127")):
        assert money[mine]["status"] == "contradicted"
        assert [o["id"] for o in money[mine]["basis"]["claims"]] == [money[other]["id"]]
    assert money["127"]["qualifier"] == "more" and money["127"]["low"] == 4e9
    assert money["128"]["qualifier"] == "about" and money["128"]["high"] < 4e9
    aircraft = [c for c in claims_of(samples, "12", "quantity") if c["unit"] == "aircraft"
                and c["doc_key"][:3] in ("127", "128")]
    assert len(aircraft) == 2 and {c["status"] for c in aircraft} == {"supported"}


def test_a_first_the_store_cannot_check_says_how_much_it_covers(samples):
    (claim,) = [c for c in claims_of(samples, "123b_", "first")]
    assert claim["status"] == "unverifiable"
    cover = claim["basis"]["coverage"]
    assert cover["from"] == "2011-01" and 0 < cover["covered"] < cover["months"]
    assert f"{cover['covered']} of the {cover['months']} months" in claim["reason"]


def test_contradictions_come_first(samples):
    statuses = [c["status"] for c in list_claims(samples, limit=1000)["claims"]]
    order = {"contradicted": 0, "unverifiable": 1, "supported": 2}
    assert statuses == sorted(statuses, key=order.get)


def open_store_conn(store):
    return store.engine.connect()
