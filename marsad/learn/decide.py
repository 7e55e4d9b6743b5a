"""The learned decisions over the candidates: which anchors report events and of what type, which
polities take part, which date is the event's. The rules' events are among the features, so a
model that trusts them reproduces them, and one that has seen other writers corrects them."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from marsad.events.aux import find_aux
from marsad.events.reading import Reading, past_deadline
from marsad.learn.candidates import (Anchor, DateOption, DocumentFeatures, Participant, anchors, date_options,
                                     participants, polity_sets)
from marsad.learn.models import Models
from marsad.records import Entity, Event

# The CAMEO root of each PLOVER type, for an event whose type no trigger reading gave.
ROOT_CAMEO = {"AGREE": "030", "CONSULT": "040", "SUPPORT": "050", "COOPERATE": "060", "AID": "070", "CONCEDE": "080",
              "REQUEST": "020", "ACCUSE": "112", "REJECT": "120", "THREATEN": "130", "PROTEST": "140",
              "MOBILIZE": "150", "SANCTION": "160", "COERCE": "170", "RETREAT": "087", "ASSAULT": "190"}


@dataclass
class Decision:
    anchor: Anchor
    event_type: str
    confidence: float
    polities: list[tuple[Participant, float]]
    date: DateOption | None


def decide(reading: Reading, rule: list[Event], proposals: dict, models: Models, kb, *,
           deadline: float | None = None) -> list[Decision]:
    """`deadline` is checked per sentence while the candidates are read and per anchor while they are weighed.
    Participants are scored one by one, then chosen as a set: the k likeliest, with k decided by the set model."""
    facts, found = anchors(reading, rule, proposals, kb.prepositions, deadline=deadline)
    if not found:
        return []
    kept = [(anchor, event_type, p) for anchor, (event_type, p) in zip(found, models.event_types(found))
            if event_type is not None]
    part_lists = []
    for anchor, event_type, _ in kept:
        past_deadline(deadline, reading, anchor.start)
        part_lists.append(participants(facts, anchor, event_type))
    scores = iter(models.participant_scores([part for parts in part_lists for part in parts]))
    scored = [[(part, next(scores)) for part in parts] for parts in part_lists]
    # an event none of whose candidates is likely to take part is not coded; the others get their likeliest set
    likely = [(k, pairs) for k, pairs in zip(kept, scored)
              if pairs and max(q for _, q in pairs) >= models.participant_threshold]
    chosen = models.best_sets([polity_sets(event_type, pairs) for (_, event_type, _), pairs in likely])
    kept = [(k, best.members) for (k, _), best in zip(likely, chosen)]
    options = []
    for (anchor, event_type, _), _ in kept:
        past_deadline(deadline, reading, anchor.start)
        options.append(date_options(facts, anchor, event_type))
    dates = models.best_dates(options)
    return [Decision(anchor, event_type, p, chosen, date)
            for ((anchor, event_type, p), chosen), date in zip(kept, dates)]


def events_from(reading: Reading, rule: list[Event], proposals: dict, models: Models, kb, *,
                deadline: float | None = None) -> list[Event]:
    """The decisions as event records: entities, roles, aux and evidence filled in from the rules'
    reading of the same words where they coded one, else from the trigger entry and the mentions."""
    doc, norm = reading.doc, reading.norm
    out = []
    for d in decide(reading, rule, proposals, models, kb, deadline=deadline):
        past_deadline(deadline, reading, d.anchor.start)
        a = d.anchor
        same = [ev for ev in a.rule_events if ev.event_type == d.event_type] or a.rule_events
        known: dict[str, list[tuple[str, Entity]]] = {}  # every entity the rules named for a polity, in its role
        for ev in same:
            for role, entities in (("actor", ev.actor), ("recipient", ev.recipient)):
                for e in entities:
                    if all(e != other for _, other in known.get(e.polity, [])):
                        known.setdefault(e.polity, []).append((role, e))
        actor, recipient = [], []
        for part, _ in d.polities:
            for role, entity in known.get(part.polity) or [_entity_of(part, a, kb)]:
                (actor if role == "actor" else recipient).append(entity)
        if not actor and recipient and not same:
            actor, recipient = recipient[:1], recipient[1:]
        reading_of = next((t for _, t in a.readings if t.event_type == d.event_type), None)
        base = same[0] if same and same[0].event_type == d.event_type else None
        s = a.sentence
        o_start, o_end = norm.to_original(s.start, s.end)
        t_start, t_end = norm.to_original(a.match.start, a.match.end)
        when = d.date
        if base is not None:
            aux, mode, context, cameo, location = base.aux, base.mode, base.context, base.cameo, base.location
        else:
            aux = find_aux(reading.cues.within(s.start, s.end), s.start, s.end, a.match.start, a.match.end,
                           a.match.prefix, reading_of.aux if reading_of else None,
                           int(when.iso[:4]) if when else None, reading.year)
            mode = reading_of.mode if reading_of else None
            context = tuple(reading_of.context) if reading_of else ()
            cameo = reading_of.cameo if reading_of else ROOT_CAMEO[d.event_type]
            location = None
        if d.event_type == "AGREE" and aux is None and reading_of is None:
            aux = "future"
        date_text = None
        if when is not None and when.value is not None:
            ds, de = norm.to_original(when.value.start, when.value.end)
            date_text = doc.text[ds:de]
        out.append(Event(
            doc=doc.id, event_type=d.event_type, mode=mode, context=tuple(context), actor=tuple(actor),
            recipient=tuple(recipient), location=location, date=when.iso if when else None, date_text=date_text,
            aux=aux, evidence=doc.text[o_start:o_end], start=o_start, end=o_end, trigger=doc.text[t_start:t_end],
            trigger_id=reading_of.id if reading_of else (base.trigger_id if base else "learned"),
            cameo=cameo, confidence=round(float(d.confidence * np.mean([q for _, q in d.polities])), 2),
            reports=((o_start, o_end),), trigger_span=(t_start, t_end)))
    return out


def _entity_of(part: Participant, anchor: Anchor, kb) -> tuple[str, Entity]:
    """The nearest mention's entity (a place stands for its authorities), with a role by word order:
    named before the trigger, or right after a verb with no preposition, it is the actor."""
    named = [m for m in part.mentions if m.entity is not None and not m.weak] or part.mentions
    if not named:
        return "recipient", Entity(kb.states_by_code[part.polity].name if part.polity in kb.states_by_code
                                   else part.polity, part.polity, None, "state")
    m = named[0]
    if m.entity is not None:
        entity = m.entity
    else:
        state = kb.states_by_code.get(m.place_polity)
        capital = state.capital.name if state is not None and state.capital else None
        entity = Entity(state.name, state.code, None, "state") if state is not None and m.place == capital \
            else Entity(f"{m.place} authorities", m.place_polity, None, "place")
    before = m.end <= anchor.match.word_start
    bare_after = m.start >= anchor.match.word_end and not m.prefix.lstrip("وف") and \
        anchor.readings and anchor.readings[0][0] == "verb" and m.start - anchor.match.word_end <= 40
    return ("actor" if before or bare_after else "recipient"), entity
