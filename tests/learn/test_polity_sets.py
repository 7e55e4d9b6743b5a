"""The polity sets the set model chooses among: the likeliest participant, the two likeliest, and so on."""
from __future__ import annotations

from datetime import date

from marsad.extract import candidates
from marsad.learn.candidates import MAX_SET_SIZE, Participant, anchors, participants, polity_sets
from marsad.records import Document


def part(polity, **features):
    return Participant(polity, [], dict(features))


def test_sets_grow_from_the_likeliest_participant():
    scored = [(part("EGY"), 0.4), (part("TUR"), 0.9), (part("UN"), 0.1), (part("LBY-E"), 0.7)]
    sets = polity_sets("CONSULT", scored)
    assert [s.polities for s in sets] == [{"TUR"}, {"TUR", "LBY-E"}, {"TUR", "LBY-E", "EGY"},
                                          {"TUR", "LBY-E", "EGY", "UN"}]
    two = sets[1].features
    assert two["k"] == 2 and two["q_last"] == 0.7 and two["q_next"] == 0.4 and two["n_over_half"] == 2
    assert two["k=2|CONSULT"] == 1.0 and sets[3].features["orgs"] == 1


def test_each_set_knows_how_it_stands_to_the_rules_and_its_edge_members():
    scored = [(part("RUS", rule_actor=1.0, **{"n:rel=bare": 1.0}), 0.8),
              (part("LBY-E", rule_recipient=1.0, **{"n:rel=with": 1.0}), 0.6), (part("LBY", is_libya=1.0), 0.3)]
    sets = polity_sets("AGREE", scored)
    assert [s.features["is_rules_set"] for s in sets] == [0.0, 1.0, 0.0]
    assert sets[2].features["libya_and_camp"] == 1.0
    assert sets[0].features["last:n:rel=bare"] == 1.0 and sets[0].features["next:n:rel=with"] == 1.0
    assert "next:is_libya" in sets[1].features and not any(k.startswith("next:") for k in sets[2].features)


def test_sets_stop_at_the_largest_size_and_ties_break_by_polity():
    scored = [(part(code), 0.5) for code in ("QAT", "EGY", "TUR", "ITA", "FRA", "GRC", "USA")]
    sets = polity_sets(None, scored)
    assert len(sets) == MAX_SET_SIZE and sets[0].polities == {"EGY"} and sets[0].features["type=NONE"] == 1.0
    assert polity_sets("ACCUSE", []) == []


def test_a_set_that_cuts_a_list_of_sides_says_so():
    listed = {"SAU", "ARE", "BHR"}
    saudi, emirates, bahrain = (Participant(p, [], {}, frozenset(listed - {p})) for p in ("SAU", "ARE", "BHR"))
    scored = [(saudi, 0.9), (emirates, 0.8), (part("EGY"), 0.6), (bahrain, 0.4)]
    sets = polity_sets("SUPPORT", scored)
    assert [s.features["split_phrases"] for s in sets] == [1, 2, 2, 0]
    assert [s.features["whole_phrases"] for s in sets] == [0.0, 0.0, 0.0, 1.0]
    assert sets[0].features["next_is_mate"] == 1.0 and sets[1].features["next_is_mate"] == 0.0
    assert sets[2].features["next_is_mate"] == 1.0 and sets[3].features["last_is_mate"] == 1.0


def test_sides_listed_together_are_each_others_mates(kb):
    text = "أعلنت السعودية والإمارات والبحرين تأييدها لمصر في حماية حدودها."
    document = Document(id="t", text=text, published=date(2025, 5, 20))
    facts, found = anchors(*candidates(document, kb), kb.prepositions)
    backing = [a for a in found if any(t.event_type == "SUPPORT" for _, t in a.readings)]
    assert backing
    parts = {p.polity: p for p in participants(facts, backing[0], "SUPPORT")}
    assert parts["SAU"].mates == {"ARE", "BHR"} and parts["BHR"].mates == {"SAU", "ARE"}
    assert parts["EGY"].mates == frozenset()
    assert parts["ARE"].features["mates=2"] == 1.0 and "mates=2" not in parts["EGY"].features
