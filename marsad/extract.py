"""extract(doc, kb) -> list[Event]: the whole extractor as one pure function.

No I/O and no globals: the knowledge base is handed in, so the same code runs
in the CLI, the web server and a Spark task.
"""
from __future__ import annotations

from functools import lru_cache

from marsad.events.aux import find_aux
from marsad.events.merge import merge_reports
from marsad.events.roles import assign, group_phrases
from marsad.knowledge.base import KnowledgeBase
from marsad.mentions.actors import ActorMention, find_actor_mentions
from marsad.mentions.dates import DateContext, DateFinder, infer_reference
from marsad.records import DateValue, Document, Entity, Event
from marsad.text.lexicon import longest_first
from marsad.text.normalize import Normalized, normalize, normalize_key
from marsad.text.sentences import split_sentences

_CLAUSE_STOPS = "؛;:\n"
_TWO_SIDED = {"CONSULT", "AGREE", "SUPPORT", "COOPERATE", "AID", "REQUEST", "ACCUSE", "REJECT", "THREATEN",
              "SANCTION", "RETREAT", "CONCEDE", "COERCE", "MOBILIZE"}


@lru_cache(maxsize=8)
def _date_finder(kb: KnowledgeBase) -> DateFinder:
    return DateFinder(kb.month_numbers)


def extract(doc: Document, kb: KnowledgeBase) -> list[Event]:
    """Every event the article reports, one per happening, each with its evidence sentence."""
    norm = normalize(doc.text)
    text = norm.text
    finder = _date_finder(kb)
    hints = finder.year_hints(text)
    first_pass = finder.find(text, DateContext(doc.published, doc.published), hints)
    reference = doc.published or infer_reference(first_pass)
    dates = finder.find(text, DateContext(doc.published, reference), hints) if reference != doc.published else first_pass
    year = reference.year if reference else None
    mentions = find_actor_mentions(text, kb, year)
    aux_cues = kb.aux_cues.find(text)
    spans = [(m.start, m.end) for m in mentions]
    triggers = [t for t in longest_first(kb.trigger_words.find(text))
                if not any(t.start < e and s < t.end for s, e in spans)]
    events: list[Event] = []
    for sentence in split_sentences(text):
        in_sentence = [t for t in triggers if sentence.start <= t.start < sentence.end]
        for index, trig in enumerate(in_sentence):
            pos, trigger = trig.payload
            clause_start, clause_end = _clause(text, sentence.start, sentence.end, trig.start,
                                               [t for t in in_sentence if t.payload[0] == "verb" and t is not trig])
            clause_text = text[clause_start:clause_end]
            if trigger.requires and not any(normalize_key(w) in clause_text for w in trigger.requires):
                continue
            clause_mentions = [m for m in mentions if clause_start <= m.start and m.end <= clause_end
                               and (m.entity is not None or m.place)]
            clause_mentions = _drop_weak(clause_mentions, trig.start, trig.end)
            phrases = group_phrases(text, clause_mentions, kb.prepositions)
            roles = assign(trigger.frame, pos == "verb", trig.start, trig.end, phrases)
            actor, recipient = _dedupe(roles.actor), _dedupe(roles.recipient)
            recipient = [e for e in recipient if e not in actor]
            if not actor and not recipient:
                continue
            if trigger.event_type in _TWO_SIDED and len(actor) + len(recipient) < 2:
                continue
            when = _event_date(dates, clause_start, clause_end, sentence.start, sentence.end, trig.start)
            aux = find_aux(aux_cues, clause_start, clause_end, trig.start, trig.end, trig.prefix, trigger.aux,
                           int(when.iso[:4]) if when else None, year)
            o_start, o_end = norm.to_original(sentence.start, sentence.end)
            location = roles.location
            confidence = 0.4 + 0.15 * (pos == "verb") + 0.15 * bool(actor and recipient) + 0.1 * (when is not None) \
                + 0.1 * (location is not None)
            events.append(Event(
                doc=doc.id, event_type=trigger.event_type, mode=trigger.mode, context=tuple(trigger.context),
                actor=tuple(actor), recipient=tuple(recipient), location=location.place if location else None,
                date=when.iso if when else None, date_text=_original(doc.text, norm, when) if when else None,
                aux=aux, evidence=doc.text[o_start:o_end], start=o_start, end=o_end,
                trigger=_original(doc.text, norm, trig), trigger_id=trigger.id, cameo=trigger.cameo,
                confidence=round(min(confidence, 1.0), 2), reports=((o_start, o_end),)))
    return merge_reports(events)


def _clause(text: str, s_start: int, s_end: int, trig: int, other_verbs: list) -> tuple[int, int]:
    """The stretch of the sentence that belongs to this trigger: bounded by ؛ : and other verb triggers."""
    start, end = s_start, s_end
    for i in range(trig - 1, s_start - 1, -1):
        if text[i] in _CLAUSE_STOPS:
            start = i + 1
            break
    for i in range(trig, s_end):
        if text[i] in _CLAUSE_STOPS:
            end = i
            break
    for verb in other_verbs:
        if verb.start > trig and verb.word_start < end and text[verb.word_start] == "و" and \
                text[verb.word_start - 1:verb.word_start].isspace():
            end = min(end, verb.word_start)
    return start, end


def _drop_weak(mentions: list[ActorMention], t_start: int, t_end: int) -> list[ActorMention]:
    """A bare demonym adjective counts only right after the trigger: 'دعوة روسية'، 'المساعدة العسكرية الروسية'."""
    return [m for m in mentions if not m.weak or 0 <= m.start - t_end <= 12]


def _dedupe(entities: list[Entity]) -> list[Entity]:
    seen, out = set(), []
    for entity in entities:
        key = (entity.actor_id or entity.name, entity.polity)
        if key not in seen:
            seen.add(key)
            out.append(entity)
    # a state next to one of its own people or bodies adds nothing ("الرئيس الروسي" already says RUS)
    people_polities = {e.polity for e in out if e.kind != "state"}
    return [e for e in out if e.kind != "state" or e.polity not in people_polities or
            sum(1 for x in out if x.polity == e.polity) == 1]


def _event_date(dates: list[DateValue], c_start: int, c_end: int, s_start: int, s_end: int, trig: int) -> DateValue | None:
    for lo, hi in ((c_start, c_end), (s_start, s_end)):
        inside = [d for d in dates if lo <= d.start < hi]
        if inside:
            return min(inside, key=lambda d: (abs(d.start - trig), -len(d.iso)))
    return None


def _original(original: str, norm: Normalized, span) -> str:
    o_start, o_end = norm.to_original(span.start, span.end)
    return original[o_start:o_end]
