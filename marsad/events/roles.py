"""Who did what to whom: actor and recipient from Arabic word order and prepositions.

Works on one clause around a trigger. Mentions are grouped into coordinated
phrases ("الإمارات والسعودية ومصر"); each phrase gets a relation from the
preposition before it (مع → with, إلى/ل → to, على/ضد → against, في → in,
none → bare). The frame of the trigger then maps phrases to roles:
VSO (the first bare phrase after a verb is its subject) or SVO (the bare
phrase before it), the genitive after a verbal noun ("زيارة X إلى Y").
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from marsad.mentions.actors import ActorMention
from marsad.records import Entity

_JOIN = re.compile(r"^\s*(?:[,،]\s*(?:و|ثم|او)?|و|ثم|او|[,،]?\s*(?:برياسه|بقياده|يتقدمه|يتقدمهم|يتراسه)\s*)\s*$")  # a conjunction, a comma, or a delegation and its head; not a bare space
_PARTITIVES = {"العديد", "عدد", "بعض", "عده", "ميات", "الاف", "عشرات", "كثير", "وفد", "وفود", "ممثلو", "ممثلي",
               "مسوولون", "مسوولين", "عناصر", "افراد", "قاده", "كلا", "كل"}  # 'كلاً من X وY' lists them
_SEAT = re.compile(r"^\s*(?:في|لدي)\s*$")
_CLOSE = 12  # characters: about one or two short words
_PREP_PREFIX = {"ب": "with", "ل": "to", "لل": "to", "ك": "other"}


@dataclass(frozen=True)
class Phrase:
    mentions: tuple[ActorMention, ...]
    relation: str  # bare | with | to | against | from | in | of (an actor's seat) | other
    start: int
    end: int

    @property
    def entities(self) -> list[Entity]:
        return [m.entity for m in self.mentions if m.entity is not None]

    @property
    def places(self) -> list[ActorMention]:
        return [m for m in self.mentions if m.place]


@dataclass(frozen=True)
class Roles:
    actor: list[Entity]
    recipient: list[Entity]
    location: ActorMention | None


def group_phrases(text: str, mentions: list[ActorMention], prepositions: dict[str, str]) -> list[Phrase]:
    """Mentions joined by a conjunction, a comma, or 'برئاسة' (a delegation and its head) form one phrase."""
    phrases: list[Phrase] = []
    current: list[ActorMention] = []
    for mention in mentions:
        gap = text[current[-1].end:mention.start] if current else ""
        if mention.prefix[:1] == "و" and not gap.strip():
            gap = "و"  # 'والسعودية': the conjunction is glued to the name
        if current and _JOIN.match(gap) and not _has_own_preposition(text, mention, prepositions) \
                and _same_sort(current[-1], mention):
            current.append(mention)
            continue
        if current:
            phrases.append(_phrase(text, current, prepositions))
        current = [mention]
    if current:
        phrases.append(_phrase(text, current, prepositions))
    return [_as_seat(text, before, phrase) if before else phrase
            for before, phrase in zip([None] + phrases[:-1], phrases)]


def _as_seat(text: str, before: Phrase, phrase: Phrase) -> Phrase:
    """'السفارة الأمريكية في طرابلس'، 'السفير الروسي لدى ليبيا': a place right after an actor says where
    the actor sits; it is no party to the event (relation 'of'), though it may still be where it happened."""
    if phrase.relation in ("in", "to") and before.entities and all(m.place for m in phrase.mentions) \
            and _SEAT.match(text[before.end:phrase.start]):
        return Phrase(phrase.mentions, "of", phrase.start, phrase.end)
    return phrase


def _same_sort(a: ActorMention, b: ActorMention) -> bool:
    """Places join places and actors join actors: 'الدبيبة في طرابلس والمشير حفتر في بنغازي' lists two people."""
    return (a.entity is None) == (b.entity is None) or a.place is not None and b.place is not None


def _has_own_preposition(text: str, mention: ActorMention, prepositions: dict[str, str]) -> bool:
    prefix = mention.prefix.lstrip("وف")
    if prefix[:1] in "بل" and prefix:
        return True
    word = _word_before(text, mention.start)
    return word in prepositions and prepositions[word] not in ("with",)


def _word_before(text: str, pos: int) -> str:
    words = text[max(0, pos - 20):pos].split()
    return words[-1] if words else ""


# nouns of a kind of place between a preposition and a place's name, beyond those the names include
_PLACE_NOUNS = ("قاعدتي", "قاعدتا", "قواعد", "مدينتي", "مدينتا", "مدن", "مطاري", "مطارات", "ميناءي", "مواني", "منطقتي",
                "مناطق", "بلدتي", "قاعده", "مدينه", "مطار", "ميناء", "منطقه", "بلده")


def _phrase(text: str, mentions: list[ActorMention], prepositions: dict[str, str]) -> Phrase:
    first = mentions[0]
    relation = "bare"
    prefix = first.prefix.lstrip("وف")
    if prefix:
        relation = _PREP_PREFIX.get(prefix[:2] if prefix.startswith("لل") else prefix[:1], "bare")
    before = text[max(0, first.start - 25):first.start].split()
    if relation == "bare" and first.place and len(before) >= 2 and before[-1] in _PLACE_NOUNS:
        before = before[:-1]  # 'إلى قاعدتي الخادم والجفرة': the preposition stands before the noun of the place
    if relation == "bare" and before:
        last = before[-1].lstrip("و") if before[-1] not in prepositions else before[-1]
        two = " ".join(before[-2:])
        if two in prepositions:
            relation = prepositions[two]
        elif before[-1] in prepositions:
            relation = prepositions[before[-1]]
        elif last in prepositions:
            relation = prepositions[last]
        if relation == "from" and len(before) >= 2 and before[-2].lstrip("و") in _PARTITIVES:
            relation = "bare"  # 'العديد من الشركات البريطانية': a part of them, still the subject
    start = first.start
    if relation == "bare":
        start = _partitive_start(text, first.start)  # 'مئات من عناصر فاغنر' is one noun phrase
    return Phrase(tuple(mentions), relation, start, mentions[-1].end)


def _partitive_start(text: str, start: int) -> int:
    """Where the quantity words before a name begin: 'انسحاب مئات من عناصر فاغنر' has Wagner as the
    genitive of انسحاب, right after it."""
    window = max(0, start - 30)
    words = list(re.finditer(r"\S+", text[window:start]))
    begin = start
    for w in reversed(words):
        word = w.group().strip("«»\"“”'").lstrip("و")
        if not word or word in _PARTITIVES or word == "من" and begin != start:
            begin = window + w.start()
            continue
        break
    if begin != start and text[begin:start].split()[0].lstrip("و") == "من":
        return start  # a chain must open with a quantity word, not with من
    return begin


def assign(frame: str, is_verb: bool, trigger_start: int, trigger_end: int, phrases: list[Phrase],
           antecedent: Phrase | None = None, pronoun: Entity | None = None,
           shared_subject: list[Entity] | None = None, statement: bool = False,
           after_relative: bool = False, can_be_subject=None, subject_given: bool = False,
           genitive_first: bool = False) -> Roles:
    """Map phrases of one clause to actor and recipient for a trigger's frame.

    `antecedent` is the noun a relative clause hangs on ('فتركيا، التي أرسلت …'):
    the subject when the clause names none before the trigger. `pronoun` is what a
    pronoun attached to the trigger refers to: the object of a verb ('استقبله'), the
    possessor, hence the agent, of a noun ('زيارته'). `shared_subject` is the subject of
    the verb before a coordinated one ('حطّ يفكوروف في بنغازي، والتقى حفتر'). A `statement` (a denial, a
    charge, a warning) is not addressed to the place it mentions ('تنفي موسكو أن لها قوات في ليبيا').
    A verb `after_relative` ('الهجوم الذي استهدف مطار معيتيقة') has the noun before it as its subject:
    the names after it are its objects. `can_be_subject` tells which phrases agree with the verb
    ('التقت في بنغازي المشير حفتر': a feminine verb, so Haftar is its object). With `subject_given`
    the shared subject is the verb's whatever follows it ('قال أردوغان إنه يتطلع إلى استقبال السيسي'). A noun
    `genitive_first` stands after a preposition ('بعد زيارة ماكرون'): the name right after it is its agent."""
    before = [p for p in phrases if p.end <= trigger_start]
    after = [p for p in phrases if p.start >= trigger_end]
    agrees = can_be_subject or (lambda phrase: True)
    bare_after = [p for p in after if p.relation == "bare" and p.entities and agrees(p)]
    bare_before = [p for p in before if p.relation == "bare" and p.entities and agrees(p)]
    subject: Phrase | None = None
    if after_relative and is_verb:
        subject = antecedent if antecedent is not None and antecedent.entities else None
    elif genitive_first and not is_verb and bare_after and bare_after[0].start - trigger_end <= 3:
        subject = bare_after[0]  # 'تزامن مع زيارة يفكيروف': a noun after a preposition has its genitive as agent
    elif bare_before and trigger_start - bare_before[-1].end <= _CLOSE:
        subject = bare_before[-1]  # SVO, or a headline: "حفتر يستقبل ..."
    elif bare_after and (is_verb or bare_after[0].start - trigger_end <= _CLOSE):
        subject = bare_after[0]  # VSO, or the genitive of a verbal noun
    elif bare_before:
        subject = bare_before[-1]
    elif antecedent is not None and antecedent.entities:
        subject = antecedent
    if is_verb and shared_subject and (
            subject_given or subject is None or subject.end <= trigger_start and trigger_start - subject.end > _CLOSE
            or subject.start >= trigger_end and frame in ("meet", "host", "visit", "transitive", "to", "against")
            and _object_like(subject, trigger_end)):  # a name far before belongs to the clause before
        subject = Phrase((), "bare", -1, -1)
        subject_override = list(shared_subject)
    else:
        subject_override = None
    if pronoun is not None and not is_verb and frame != "host":
        subject_entities = [pronoun]
        objects = [p for p in after]
    else:
        subject_entities = None
        objects = [p for p in after if p is not subject]
    location = _location(phrases, frame, trigger_end)

    def ents(ps: list[Phrase], relations: tuple[str, ...]) -> list[Entity]:
        return [e for p in ps if p.relation in relations for e in p.entities]

    subj = subject_entities if subject_entities is not None else \
        subject_override if subject_override is not None else (subject.entities if subject else [])
    obj_pronoun = [pronoun] if pronoun is not None and (is_verb or frame == "host") else []
    if frame == "visit":
        recipient = [e for p in objects if p.relation in ("to", "bare", "with") for m in p.mentions
                     if m.entity is not None and not m.place for e in [m.entity]]
        if not recipient:
            # 'زيارة البارجة الأميركية لطرابلس وبنغازي': the places visited stand for their hosts
            destinations = [m for p in objects if p.relation in ("to", "bare") for m in p.mentions if m.place]
            recipient = [m.entity if m.entity is not None else
                         Entity(f"{m.place} authorities", m.place_polity, None, "place")
                         for m in destinations if m.place_polity]
        return Roles(subj, recipient or obj_pronoun, location)
    if frame == "host":
        if not is_verb and pronoun is not None:
            # 'كان في استقباله X': X hosts the one the pronoun names; 'استقباله في الإليزيه': the place's government
            return Roles([pronoun], ents(after, ("bare",)) or ents(after, ("in",))
                         or _place_hosts(after, ("in",), [pronoun]), location)
        # 'استقبله حفتر في مقر القيادة العامة': the pronoun on the verb is the guest, whatever is named after
        return Roles(obj_pronoun if is_verb and obj_pronoun else ents(objects, ("bare", "with", "to")) or obj_pronoun,
                     subj, location)
    if frame in ("meet", "joint"):
        others = ents(objects, ("with", "bare", "to", "from")) or obj_pronoun  # 'تلقى اتصالاً من X'
        named = subj + others
        if len({e.polity for e in named}) < 2:  # the other side stands earlier: 'حطّ X في بنغازي، والتقى حفتر'
            named += [e for e in ents(before, ("bare", "with")) if e not in named]
        return Roles(named, [], location)
    if frame == "to":
        recipient = ents(objects, ("to",)) or _place_hosts(objects, ("to",), subj) \
            or ents(objects, ("bare",)) or obj_pronoun \
            or _place_hosts(before, ("to",), subj)  # 'أرسلت أنقرة إلى طرابلس مقاتلين'، 'وصلت إلى بنينا طائرة مساعدات'
        return Roles(subj, recipient, location)
    if frame == "by":
        # 'هجوم حفتر بدعم من الإمارات والسعودية': the helpers follow, the helped stands before
        helpers = [e for p in after[:1] for e in p.entities]
        helped = [e for p in before[-1:] for e in p.entities if p.relation == "bare"] or obj_pronoun
        return Roles(helpers, helped, location)
    if frame == "against":
        recipient = ents(objects, ("against",)) or ents(objects, ("bare", "to")) or obj_pronoun \
            or _place_hosts(objects, ("against",), subj)  # 'الهجوم على طرابلس': on those who hold it
        return Roles(subj, recipient, location)
    if frame == "passive-target":
        target = ents(after[:1], ("bare", "to", "against"))
        agent = ents(after, ("from",))
        return Roles(agent, target, location)
    if frame == "intransitive":
        actor = subj
        if not actor and location is not None and location.place_polity:
            actor = [Entity(f"Armed groups in {location.place}", location.place_polity, None, "group")]
        return Roles(actor, [], location)
    if frame == "mission":  # 'أعادت فتح سفارتها في دمشق'، 'السفارة الليبية في دمشق، المغلقة': the host of its seat
        recipient = _place_hosts(objects + before, ("of", "in", "to"), subj) \
            or ents(objects, ("bare", "to", "against", "with")) or obj_pronoun
        return Roles(subj, recipient, location)
    # transitive
    recipient = ents(objects, ("bare", "to", "against", "with")) or obj_pronoun \
        or _place_hosts(objects, ("to",) if statement else ("to", "in"), subj)  # 'أعادت أبو ظبي فتح سفارتها في دمشق'
    return Roles(subj, recipient, location)


def _place_hosts(phrases: list[Phrase], relations: tuple[str, ...], subject: list[Entity]) -> list[Entity]:
    """The governments of the places a deed goes to or happens in, when no one else is named."""
    own = {e.polity for e in subject}
    for p in phrases:
        if p.relation in relations:
            for m in p.mentions:
                if m.place and m.place_polity and m.place_polity not in own:
                    return [Entity(f"{m.place} authorities", m.place_polity, None, "place")]
    return []


def _object_like(phrase: Phrase, trigger_end: int) -> bool:
    """Right after a coordinated verb, a lone name is its object when the subject is shared."""
    return phrase.start - trigger_end <= 3


def _location(phrases: list[Phrase], frame: str, trigger_end: int) -> ActorMention | None:
    places = [m for p in phrases if p.relation in ("in", "to", "bare") for m in p.places
              if p.relation != "bare" or m.entity is None]
    if frame == "visit":
        after = [m for m in places if m.start >= trigger_end]
        if after:
            return after[0]
    inside = [m for p in phrases if p.relation in ("in", "of") for m in p.places]
    if not inside and frame == "intransitive":  # 'تزلزل مواجهات عنيفة العاصمة طرابلس'
        inside = [m for p in phrases if p.relation == "bare" and p.start >= trigger_end for m in p.places]
    return inside[0] if inside else (places[0] if frame == "visit" and places else None)
