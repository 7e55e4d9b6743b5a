"""The camp balance on hand-made events: quarters, the score, its trend, the ranking, and the same events as the
dyads a point opens."""
from __future__ import annotations

from datetime import date

import pytest

from marsad.analysis.balance import camp_balance, quarter_of, quarters_between
from marsad.analysis.dyads import dyad
from marsad.errors import InputError
from marsad.records import Document, Entity, Event
from marsad.store.query import Selection

TURKEY = Entity("Türkiye", "TUR", None, "state")
RUSSIA = Entity("Russia", "RUS", None, "state")
EAST = Entity("Libyan National Army", "LBY-E", "libyan-national-army", "organisation")
WEST = Entity("Government of National Unity", "LBY-W", "government-of-national-unity", "organisation")
LIBYA = Entity("Libya", "LBY", None, "state")


def add(store, kb, key, items):
    """items: (event type, actor, recipient, day, aux)."""
    lines = [f"خبر رقم {n} من {key}" for n in range(len(items))]
    text = "\n".join(lines)
    events = []
    for n, (event_type, actor, recipient, day, aux) in enumerate(items):
        start = text.index(lines[n])
        events.append(Event(doc=key, event_type=event_type, mode=None, context=(), actor=(actor,),
                            recipient=(recipient,), location=None, date=day, date_text=None, aux=aux,
                            evidence=lines[n], start=start, end=start + len(lines[n]), trigger="خبر",
                            trigger_id="test", cameo="0", confidence=0.9))
    store.add_document(Document(id=key, text=text, published=date(2025, 1, 1)), events, kb.version)


@pytest.fixture
def courted(store, kb):
    add(store, kb, "a", [("SUPPORT", TURKEY, WEST, "2020-01-10", None), ("AID", TURKEY, WEST, "2020-02-01", None),
                         ("ACCUSE", TURKEY, EAST, "2020-03-01", None),
                         ("CONSULT", TURKEY, EAST, "2025-04-04", None), ("AGREE", TURKEY, EAST, "2025-05-01", None),
                         ("CONSULT", TURKEY, WEST, "2025-06-01", None),
                         ("CONSULT", TURKEY, EAST, "2025-06-02", "negation"),  # denied: left out
                         ("CONSULT", TURKEY, LIBYA, "2025-06-03", None),  # Libya as a whole: neither camp
                         ("AID", RUSSIA, EAST, "2023-09-17", None), ("AID", RUSSIA, EAST, "2025-01-10", None),
                         ("CONSULT", RUSSIA, EAST, "2019", None)])
    return store


def test_quarters():
    assert quarter_of("2024-05-07") == "2024-Q2" and quarter_of("2024-12") == "2024-Q4" and quarter_of("2024") is None
    assert quarters_between("2024-Q3", "2025-Q2") == ["2024-Q3", "2024-Q4", "2025-Q1", "2025-Q2"]


def test_each_state_per_quarter_with_balance_trend_and_rank(courted, kb):
    result = camp_balance(courted, kb)
    assert [s["state"] for s in result["states"]] == ["TUR", "RUS"]  # Turkey moved, Russia did not
    tur = result["states"][0]
    quarters = {q["quarter"]: q for q in tur["quarters"]}
    assert len(tur["quarters"]) == 22  # 2020-Q1 … 2025-Q2, empty quarters included for the chart
    first, last = quarters["2020-Q1"], quarters["2025-Q2"]
    assert (first["east"], first["west"]) == ({"ACCUSE": 1}, {"AID": 1, "SUPPORT": 1})
    assert (first["east_cooperation"], first["west_cooperation"], first["balance"]) == (0, 2, -1.0)
    assert (last["east_cooperation"], last["west_cooperation"], last["balance"]) == (2, 1, pytest.approx(0.333, abs=1e-3))
    assert last["east"] == {"AGREE": 1, "CONSULT": 2}  # the denied meeting is an event, not cooperation
    assert quarters["2022-Q1"]["balance"] is None
    assert tur["moved"] == pytest.approx(1.333, abs=1e-3) and tur["trend"] > 0
    assert (tur["east_cooperation"], tur["west_cooperation"], tur["balance"]) == (2, 3, -0.2)
    rus = result["states"][1]
    assert rus["moved"] == 0 and rus["undated"] == 1 and rus["balance"] == 1.0


def test_a_point_counts_the_events_of_its_two_dyads(courted, kb):
    tur = camp_balance(courted, kb, "TUR")["states"][0]
    for q in tur["quarters"]:
        if not (q["east_total"] or q["west_total"]):
            continue
        window = Selection.parse(date_from=q["from"], date_to=q["to"], kb=kb, store=courted)
        east = dyad(courted, "TUR", "LBY-E", window, kb)
        west = dyad(courted, "TUR", "LBY-W", window, kb)
        assert (q["east_total"], q["west_total"]) == (east["total"], west["total"])


def test_a_window_and_a_bad_state(courted, kb):
    result = camp_balance(courted, kb, "TUR", Selection.parse(date_from="2025"))
    assert [q["quarter"] for q in result["states"][0]["quarters"]] == ["2025-Q2"]
    for bad in ("LBY-E", "XYZ"):
        with pytest.raises(InputError, match=f"state {bad}"):
            camp_balance(courted, kb, bad)


@pytest.mark.parametrize("date_from,date_to", [
    (None, None), ("2019", None), (None, "2019"), ("2020-02", "2020-03"), ("2025-06-01", "2025-06-02"),
    ("2023", "2025-01-10"), ("2025-01-10", "2025-01-10"), (None, "2018"), ("2026", None), ("2020-01-11", "2025-05"),
    (None, "2020-02")])
def test_a_window_keeps_the_events_the_events_filter_keeps(courted, kb, date_from, date_to):
    """Each state's events in a window (found by bisection over its rows in date order) are those of its two dyads
    in that window, with the events filter's date test: from the first day on, up to the last at its precision,
    and an undated event in no window."""
    add(courted, kb, "undated", [("CONSULT", TURKEY, EAST, None, None)])
    window = Selection.parse(date_from=date_from, date_to=date_to, kb=kb, store=courted)
    states = {s["state"]: s for s in camp_balance(courted, kb, sel=window)["states"]}
    for state in ("TUR", "RUS"):
        both = sum(dyad(courted, state, camp, window, kb)["total"] for camp in ("LBY-E", "LBY-W"))
        if state in states:
            assert states[state]["events"] == both
        else:  # no event dated to a quarter in the window, no entry: Russia's meeting dated "2019" is no quarter's
            in_2019 = state == "RUS" and (date_from or "") <= "2019" <= (date_to or "9999") + "~"
            assert both == (1 if in_2019 else 0)
