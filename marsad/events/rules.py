"""The rules: events read off an article by word order, prepositions, clauses and story state.

They propose; where models are shipped, the learned decisions (`marsad.learn`) dispose, using what
the rules found as features.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace
from functools import lru_cache

from marsad.events.aux import find_aux
from marsad.events.roles import assign, group_phrases
from marsad.knowledge.base import KnowledgeBase
from marsad.events.reading import ByStart, Reading, past_deadline
from marsad.mentions.actors import ActorMention
from marsad.records import DateValue, Document, Entity, Event
from marsad.text.normalize import Normalized, normalize_key

_CLAUSE_STOPS = "؛;:\n"
_PARENS = re.compile(r"\([^()]{0,200}\)|\[[^\[\]]{0,200}\]")
# A comma followed by one of these starts a new clause: a relative clause, a contrast, a new event.
_CLAUSE_OPENERS = re.compile(r"[،,]\s*[وف]?(?:الذي|التي|الذين|اللذين|اللتين|حيث|مما|بينما|فيما|كما|لكن|الا ان|ثم|بعد|قبل|عقب|"
                             r"اذ|وهو|وهي|وهو ما|مفادها|ما|في حين|في خطوه|اثر|علي اثر|غير ان|علما|خاصه|لا سيما|ولا سيما)(?![\w])")
# A comma and a participle start a new statement ('، مشيرة إلى أن …'): it ends what a call asks for.
_COMMA_PARTICIPLE = re.compile(r"[،,]\s*[وف]?م\w{3,6}(?:ا|ه|ين|ون)(?![\w])")
# Where what a call asks for begins: 'إلى'، 'على'، 'من'، 'بأن', a quote, or a verbal noun with ب or لل
# ('بالعودة'، 'للتشاور').
_CONTENT_START = re.compile(r"(?:^|\s)(?:(?:الي|علي|من|بان|ان)(?=\s)|ب(?=ال|اي\s|\w{3,})|لل(?=\w{3,}))|[\"«“]")
# A verb after these has the subject of the clause before it: 'زار X طرابلس قبل أن يلتقي Y'.
_SUBORDINATE = re.compile(r"(?:(?:قبل|بعد)\s+ان|(?:^|\s)[وف]?(?:اذ|حيث|ثم|عندما|حين))\s+(?:قد\s+)?$")
# 'قال X إنه التقى Y': the one who speaks did it.
_SAID_THAT = re.compile(r"(?:^|\s)[وف]?(?:ب)?انه(?:ا|م|ما)?\s+(?:قد\s+)?$")
_EACH_OF_THEM = re.compile(r"(?:^|\s)[وب]?(?:كلا|كل)\s+(?:منهما|منهم|من الطرفين|من الجانبين)(?![\w])")
_SEAT_GAP = re.compile(r"^\s*(?:في|لدي)\s*$")
_WHAT_BEFORE = re.compile(r"(?:^|\s)(?:ما|مما|بما|عما)\s+$")
_THAT = re.compile(r"(?:^|\s)[وف]?(?:ب)?ان(?=\s)")
_PARTICIPLE_CLAUSE = re.compile(r"[،,]\s*$")
# 'محذرة'، 'مطالبا'، 'داعية': participles that go on with the sentence's subject after a comma
_ACTIVE_PARTICIPLE = re.compile(r"[وف]?(?:م\w+|داعي\w*|\wا\w{1,2}(?:ا|ه|يا|يه))$")  # and فاعلاً: نافياً، رافضةً، حاثّاً
_RELATIVE_BEFORE = re.compile(r"(?:^|\s)(?:الذي|التي|الذين|اللذين|اللتين|اللذان|اللتان)\s+(?:قد\s+)?$")
_GATHERING = re.compile(r"(?:^|\s)(?:ال)?(?:اجتماع|اجتماعا|موتمر|موتمرا|قمه|لقاء|لقاءا|منتد[ىي]|ملتق[ىي]|حوار|جوله|اعمال|محادثات|مباحثات|مشاورات|مفاوضات)(?![\w])")
_FUTURE_VERB_BEFORE = re.compile(r"(?:^|\s)[وف]?(?!سياس|سيار|سيطر|سنوات|سنه|سيد|ستار)س[يتن]\w{3,}\s+$")
_LIST_JOIN = re.compile(r"^\s*(?:[،,]\s*و?|و|[،,]?\s*(?:الي جانب|بالاضافه الي|اضافه الي|فضلا عن))\s*$")
_RELATIVE_DOER = re.compile(r"\s+(?:\S+\s+)?(?:التي|الذي|الذين)\s+(?:قد\s+)?\S+\s+")
# '، و' opening a clause; not a word whose own first letter is و ('، وفدين من …'، '، وزير الخارجية')
# prepositions that make the event noun after them a phrase of its own: 'تزامن مع زيارة يفكيروف'
_NOUN_PREPOSITIONS = frozenset({"مع", "بعد", "قبل", "خلال", "عقب", "اثر", "منذ", "حول", "ابان", "اثناء"})
_APPOSITION = re.compile(r"\s*[،,]\s*(?:ال\w+\s*){1,5}[،,]?\s*")
_DURING_IT = re.compile(r"(?:خلال|اثناء|في ختام|علي هامش)\s+(?:الزياره|اللقاء|الاجتماع|المحادثات|المباحثات|زيارته|زيارتها)(?![\w])")
# a sentence opening with a time phrase: 'فبعد عدة زيارات …'، 'وخلال لقاء …'
_FRONTED = re.compile(r"^\s*[وف]?(?:بعد|قبل|خلال|عقب|اثر|اثناء)\s+(?:عده\s+|عدد\s+من\s+)?$")
_ADVERBS = frozenset({"بدوره", "بدورها", "بعدها", "بينما", "بعدما", "لذلك", "لكنه", "لكنها", "لاحقا", "بينهما"})
_HOST_OR_GUEST = re.compile(r"(?<![\w])(?:مضيفه|مضيفته|مضيفيه|مضيفها|ضيفه|ضيفته|ضيوفه|ضيفها)(?![\w])")
_NEXT_ITEM = re.compile(r"[،,]\s*(?:(?:بالاضافه|اضافه)\s+الي\s+|فضلا\s+عن\s+|ثم\s+)?$")
_RELATIVE_CLAUSE = re.compile(r"\s(?:الذي|التي|الذين)\s")
_THEN = re.compile(r"[وف]?(?:حينها|حينذاك|انذاك|وقتها|وقتذاك|في\s+حينه)")  # 'at the time': any date stated beats it
_WHERE_BEFORE = re.compile(r"(?:^|\s)[وف]?حيث\s+$")
_COMMA_AND = re.compile(r"[،,]\s*و(?=\S)(?!(?:فد|فود|زير|زار|زراء|كال|حد|ثيق|ثايق|قف|صول|سط|سايل|لي|الي|اشنطن|ضع|عد|جه)\w*)")
_RELATIVE = re.compile(r"(?:الذي|التي|الذين|اللذين|اللتين)$")
_PRONOUNS_3RD = ("ه", "ها")
_CAMEO_INTENT = "030"  # CAMEO: express intent to cooperate
_TOPIC_REACH = 600
# 'دعت البعثة مساء الاثنين جميع الأطراف إلى …': the parties with no nationality after them
_ALL_PARTIES = re.compile(r"(?:^|\s)(?:(?:جميع|كل|كافه)\s+)?الاطراف(?![\w])(?!\s+ال\w*(?:يه|يين|يون)(?![\w]))")
_STORY_EVENTS = 60  # events back that 'the two sides' may refer to
_REACTIONS = {"REJECT", "ACCUSE", "SUPPORT", "REQUEST", "CONCEDE"}  # may name what they answer: 'رفض القرار'
_STATEMENTS = {"REJECT", "ACCUSE", "THREATEN"}  # said of a place, not to it
_REACTION_REACH = 2500
_TOPIC_NOUNS = {"COOPERATE", "SUPPORT", "AID", "AGREE", "CONSULT", "ASSAULT", "REQUEST", "SANCTION"}  # event nouns that often only name what an agreement or a meeting is about
_LEAD = 1200  # characters: the headline and first paragraphs, where news states its main date
_DEFINITE_REACH = 45  # characters
_REACH_AFTER = 110  # characters after a trigger where its participants may stand
_REACH_BEFORE = 90
# Interactions between two polities: coded only when both sides are named (or recovered from context).
_TWO_SIDED = {"CONSULT", "AGREE", "SUPPORT", "COOPERATE", "AID", "SANCTION", "THREATEN", "COERCE"}


@dataclass(frozen=True)
class Proposal:
    """What the rules made of a trigger's clause, whether or not they coded an event there."""

    actor: tuple[Entity, ...]
    recipient: tuple[Entity, ...]
    clause_start: int
    clause_end: int


def rule_events(reading: Reading, kb: KnowledgeBase, proposals: dict | None = None, *,
                deadline: float | None = None) -> list[Event]:
    """Every event the rules read off the article, report by report (not yet merged), each with the
    offsets of its trigger words. `proposals`, when given, receives for every trigger the rules read
    (by its normalized start) the actor, recipient and clause they found, coded as an event or not:
    the learned decisions read them as features. `deadline` is checked once per sentence."""
    doc, norm, text = reading.doc, reading.norm, reading.text
    year, named = reading.year, reading.named
    mentions = reading.mentions.items
    dominant_camp = _dominant_camp(mentions)
    readings = reading.readings
    by_start = {"mentions": reading.mentions, "dates": reading.dates, "triggers": reading.triggers,
                "cues": reading.cues}
    paragraphs = _Paragraphs(text, reading.dates)
    events: list[Event] = []
    topic: tuple[list[Entity], list[Entity], int] = ([], [], -1)  # sides of the last event told, and where
    topic_when: DateValue | None = None  # and when
    for sentence in reading.sentences:
        past_deadline(deadline, reading, sentence.start)
        in_sentence = by_start["triggers"].within(sentence.start, sentence.end)
        near_mentions = by_start["mentions"].within(max(0, sentence.start - 400), sentence.end)
        sentence_dates = by_start["dates"].within(sentence.start, sentence.end)
        sentence_cues = by_start["cues"].within(sentence.start, sentence.end)
        last_subject: list[Entity] = []
        last_visitor: list[Entity] = []
        contents: list[tuple[int, int]] = []  # what a call asks for: 'دعا إلى وقف القتال' codes no fighting
        charges: list[tuple[int, int, list[Entity]]] = []  # what the accused is said to have done, and who
        topics_until = -1  # end of the clause of the last event noun that only named a topic
        spent: set[int] = set()  # where a word another trigger required stands: 'أعادت X فتح سفارتها' is one event
        # what each trigger word of the sentence is, read once: every other trigger's clause consults it
        kinds = [(t, t.payload[0] == "verb", _purpose(text, t), _listed_event(text, t), _governed_event(text, t))
                 for t in in_sentence]
        for index, trig in enumerate(in_sentence):
            if any(lo <= trig.start < hi for lo, hi in contents) or trig.start in spent:
                continue
            # what forces or arms are sent for names who gets them: 'أرسلت قواتها لدعم الجيش' goes on past لدعم
            sending = any(t.frame == "to" for _, t in readings[(trig.start, trig.end)])
            # what an approval or a call is for ('موافقة أنقرة على تزويد مصر') is its complement, not a new phrase
            asks = any(kb.takes_content(t) or t.event_type == "AGREE" for _, t in readings[(trig.start, trig.end)])
            clause_start, clause_end, relative_at = _clause(text, sentence.start, sentence.end, trig,
                                                            [t for t, verb, purpose, listed, governed in kinds
                                                             if t is not trig and (
                                                                verb and not (sending and purpose)
                                                                or t.start > trig.end and (listed or
                                                                    trig.payload[0] == "noun" and governed and not asks)
                                                                and not _required(readings[(trig.start, trig.end)], text, t))],
                                                            named)
            reading = _best_reading(readings[(trig.start, trig.end)], text[clause_start:clause_end])
            if reading is None:
                continue
            pos, trigger = reading
            if pos == "verb" and _genitive_of_noun(text, trig):
                # 'بتسهيل نقل الطائرات': after a noun it is a verbal noun, not a past verb
                pos, trigger = next(((p, t) for p, t in readings[(trig.start, trig.end)] if p == "noun"), (pos, trigger))
            if pos == "verb" and trigger.requires:
                spent.update(_required_words_at(text, in_sentence, trigger, trig.end, clause_end))
            if pos == "noun" and trigger.event_type in _TOPIC_NOUNS and (
                    _names_a_subject(text, trig, kb) or trig.prefix[:1] == "و" and trig.start < topics_until) \
                    or pos == "verb" and trig.prefix.lstrip("وف").startswith("ل"):
                if pos == "noun":
                    topics_until = clause_end  # 'لبحث إعادة فتح السفارة واستئناف الرحلات': both are topics
                continue  # 'لبحث الملف الليبي'، 'ليبحث': what a visit or a meeting is for, not a happening
            if kb.takes_content(trigger):
                contents.append(_content(text, trig, _clause(text, sentence.start, sentence.end, trig, [], named)[1]))
            asides = [(p.start(), p.end()) for p in _PARENS.finditer(text, clause_start, clause_end)
                      if not p.start() <= trig.start < p.end()]  # '(الذي انتقل إلى تونس)' is an aside
            clause_mentions = [m for m in near_mentions if clause_start <= m.start and m.end <= clause_end
                               and (m.entity is not None or m.place)
                               and not any(a <= m.start < b for a, b in asides)]
            clause_mentions = _drop_weak(text, clause_mentions, trig.start, trig.end, kb)
            clause_mentions += _list_goes_on(text, near_mentions, clause_mentions, clause_end, sentence.end)
            phrases = group_phrases(text, clause_mentions, kb.prepositions)
            within_charge = next((lo for lo, hi, _ in charges if lo <= trig.start < hi), None)
            if within_charge is not None:  # 'يتهم الجيش أنقرة بإرسال طائرات إلى قوات الوفاق': the accuser is no party
                phrases = [p for p in phrases if p.start >= within_charge]
            charge = None
            if trigger.event_type == "ACCUSE" and trigger.mode == "allege":  # 'اتهم X Y بتزويد Z': Z is no party
                charge = _content(text, trig, _clause(text, sentence.start, sentence.end, trig, [], named)[1])
                phrases = [p for p in phrases if p.start < charge[0]]
                if trigger.id == "accuse-participle":
                    charge = None  # '، متهمة موسكو بنقل …': what a participle charges is left as told
            if pos == "noun" and "ال" in trig.prefix:
                # a definite event noun re-tells an event: its sides are named right after it, if at all
                # ('يحمل اللقاء بين بوتين وحفتر رسائل إلى واشنطن' adds no Washington to the meeting)
                phrases = [p for p in phrases if p.end <= trig.start or p.start - trig.end <= _DEFINITE_REACH]
            antecedent = _antecedent(text, near_mentions, relative_at, kb) if relative_at is not None else None
            what_before = _WHAT_BEFORE.search(text, max(0, trig.word_start - 8), trig.word_start)
            # 'الحرب التي شنتها قوات حفتر': with its subject named after it, the verb's ها is الحرب;
            # 'ماكرون الذي التقاه': with none, ماكرون is the subject and ه someone else
            resumptive = pos == "verb" and _RELATIVE_BEFORE.search(text, max(sentence.start, trig.word_start - 12),
                                                                   trig.word_start) \
                and any(p.relation == "bare" and p.entities and 0 <= p.start - trig.word_end <= 3 for p in phrases)
            pronoun = _pronoun_referent(text, near_mentions, trig, trig.word_start - (12 if pos == "verb" else 0),
                                        sentence.start, kb) \
                if text[trig.end:trig.word_end] in _PRONOUNS_3RD and not what_before and not resumptive \
                else None  # 'ما تنفيه': ه is ما
            if resumptive and text[trig.end:trig.word_end] in _PRONOUNS_3RD:
                # 'حكومة باشاغا التي منحها مجلس النواب الثقة': the resumptive pronoun is the noun before التي
                at = _RELATIVE_BEFORE.search(text, max(sentence.start, trig.word_start - 12), trig.word_start)
                held = _antecedent(text, near_mentions, at.start(), kb)
                pronoun = held.entities[0] if held is not None and held.entities else None
            if pronoun is not None and trigger.frame == "host" and pos == "verb" and last_visitor \
                    and pronoun.polity != last_visitor[0].polity \
                    and _WHERE_BEFORE.search(text, max(sentence.start, trig.word_start - 8), trig.word_start):
                pronoun = last_visitor[0]  # 'زار بيرنز طرابلس …، قبل أن ينتقل إلى بنغازي حيث استقبله حفتر': the visitor
            shared, given = None, False
            if pos == "verb" and not (pronoun is not None and trigger.frame == "host"):  # 'حيث استقبله الدبيبة'
                lead_in = text[max(sentence.start, trig.word_start - 16):trig.word_start]
                if trig.prefix[:1] in ("و", "ف") and last_subject:
                    shared = last_subject
                elif _PARTICIPLE_CLAUSE.search(lead_in) and _ACTIVE_PARTICIPLE.match(text, trig.word_start, trig.word_end):
                    # '…، محذرة من أن …': a participle after a comma goes on with the sentence's subject
                    shared = last_subject or [m.entity for m in near_mentions if sentence.start <= m.start < trig.start
                                              and m.entity is not None and not m.place and not m.weak][:1] or None
                    phrases = [p for p in phrases if p.start >= trig.end]
                elif _SUBORDINATE.search(lead_in) and _lone_object(phrases, trig.end):
                    # 'قبل أن يلتقي المنفي': the visitor goes on; else the one named before the clause
                    shared = last_visitor or last_subject or _speaker(near_mentions, sentence.start,
                                                                       trig.word_start - len(lead_in))
                elif _SAID_THAT.search(lead_in):  # 'إنه يتطلع': the pronoun is the subject, what follows its object
                    shared = _speaker(near_mentions, sentence.start, trig.word_start - len(lead_in))
                    given = shared is not None
            relative = _RELATIVE_BEFORE.search(text, max(sentence.start, trig.word_start - 12), trig.word_start) \
                if pos == "verb" and trig.end == trig.word_end else None  # 'الذي استهدف X', not 'الذي شنه X'
            if relative is not None:
                antecedent = _antecedent(text, near_mentions, relative.start(), kb)
            feminine = pos == "verb" and text[trig.start:trig.end] in kb.feminine_verbs
            roles = assign(trigger.frame, pos == "verb", trig.start, trig.end, phrases, antecedent, pronoun, shared,
                           statement=trigger.event_type in _STATEMENTS, after_relative=relative is not None,
                           can_be_subject=(lambda p: not all(_is_man(text, m, kb) for m in p.mentions if m.entity))
                           if feminine else None, subject_given=given,
                           genitive_first=pos == "noun" and not trig.prefix.strip("وف")
                           and _word_before_trigger(text, trig) in _NOUN_PREPOSITIONS)
            if pos == "verb" and roles.actor and trigger.frame not in ("host", "passive-target"):
                last_subject = list(roles.actor[:1])
            if trigger.frame in ("host", "visit") and roles.actor:
                last_visitor = list(roles.actor[:1])
            actor, recipient = _dedupe(roles.actor), _dedupe(roles.recipient)
            if pos == "noun" and not actor and _FRONTED.match(text[sentence.start:trig.word_start]):
                # 'فبعد عدة زيارات إلى طرابلس، التقى السفير السويسري …': the main clause's subject made them
                actor = _main_subject(text, near_mentions, trig.end, min(sentence.end, trig.end + 120), kb)
            recipient = [e for e in recipient if e not in actor and not (  # 'دعم بلاده': his country is him
                e.kind == "state" and e.polity in {a.polity for a in actor})]
            camps = {e.polity.split("-")[0] for e in actor + recipient if e.polity and "-" in e.polity}
            recipient = [e for e in recipient if e.kind == "person" or e.polity not in camps]
            near_topic = topic[2] >= 0 and sentence.start - topic[2] < _TOPIC_REACH
            both_told = False  # the sides are those of the last event told: so is its date, unless one is stated
            told = _dedupe(topic[0] + topic[1]) if near_topic else []
            each = bool(told) and _EACH_OF_THEM.search(text, clause_start, clause_end) is not None \
                and any(e not in told for e in actor) and all(e in told for e in recipient)
            if each:
                # 'التقت المستشارة كلاً منهما على حدة': one meeting with each side of the last event told
                actor = [e for e in actor if e not in told]
                recipient = [e for e in told if e.polity not in {a.polity for a in actor}]
                both_told = True
            elif not near_topic and _names_both_sides(text[clause_start:clause_end], kb) and not actor and \
                    _named_parties(near_mentions, clause_start, clause_end, sentence.end):
                # a story's first sentence: 'وقّع ممثلو طرفي النزاع في ليبيا اتفاقاً …، في ختام محادثات … تجمع
                # ضباطاً عن حكومة الوفاق و… عن الجيش الوطني': the parties of that country it names further on
                actor, recipient = _named_parties(near_mentions, clause_start, clause_end, sentence.end), []
            elif near_topic and _names_both_sides(text[clause_start:clause_end], kb) and len(actor) + len(recipient) < 2:
                sides = _story_sides(events) or _dedupe(topic[0] + topic[1])
                known = actor + recipient
                if known and sides and (known[0].polity or "").split("-")[0] not in \
                        {(e.polity or "").split("-")[0] for e in sides}:
                    actor, recipient = known, sides  # 'ونفت الإمارات تقديم أي دعم لأي من طرفي النزاع'
                else:
                    actor, recipient = sides, []
                if _names_both_sides(text[clause_start:clause_end], kb, kb.both_presidents):
                    actor = _dedupe([_head_of_state(e, kb, year) for e in actor])  # 'بين الرئيسين'
                both_told = True
            elif near_topic and trigger.event_type in _TWO_SIDED and len(actor) + len(recipient) == 1:
                # a statement inside the story of a meeting is addressed to the other side of it
                known = (actor or recipient)[0]
                sides = [topic[0], topic[1]]
                for own, other in (sides, sides[::-1]):
                    if other and any(e.polity == known.polity for e in own) and \
                            not any(e.polity == known.polity for e in other):
                        if actor:
                            recipient = list(other)
                        else:
                            actor = list(other)
                        break
            if what_before and actor and not recipient and trigger.event_type in _REACTIONS:
                # 'يقول مسؤولون سودانيون إن …، وهو ما تنفيه القيادة العامة': it answers whoever said it
                said = _THAT.search(text, sentence.start, clause_start)  # the claimant speaks before 'إن'
                claimant = [m.entity for m in near_mentions if sentence.start <= m.start < (said.start() if said else -1)
                            and m.entity is not None and not m.place and not m.weak][:1]
                recipient = [e for e in claimant if e.polity != actor[0].polity]
            if any(e.polity == "LBY" and e.kind in ("state", "place") for e in actor + recipient):
                camp = _speaker_camp(text, near_mentions, sentence.start, trig.word_start)
                if camp is None and near_topic:
                    camp = _single_camp(topic[0] + topic[1])
                if camp is None and pos == "noun" and any(e.kind == "state" and e.polity == "LBY" for e in actor):
                    camp = dominant_camp  # 'زيارة ليبية إلى رئيس الأركان التركي': the side the story is about
                if camp is not None:  # 'أكد حفتر أن ليبيا تريد شراكة': the speaker's side, not the whole country
                    actor, recipient = _as_camp(actor, camp), _as_camp(recipient, camp)
            own = {e.polity for e in actor}
            if actor and trigger.event_type in _REACTIONS and all(e.polity in own for e in recipient):
                recipient = _reacted_to(text, trig.word_end, clause_end, kb, events, own,
                                        norm.to_original(sentence.start, sentence.start)[0], near_mentions,
                                        pointed=text[trig.end:trig.word_end] in _PRONOUNS_3RD
                                        and pronoun is None
                                        and not what_before and not resumptive) or recipient
            charged = next((who for lo, hi, who in charges if lo <= trig.start < hi), None)
            if charged and trigger.event_type != "ACCUSE":
                # 'اتهمت X الإمارات بتزويد قوات حفتر بأسلحة': the accused did the deed, allegedly
                own = {e.polity for e in charged}
                actor, recipient = list(charged), [e for e in _dedupe(actor + recipient) if e.polity not in own]
            if charge is not None and charge[0] < charge[1] and pos == "verb" and actor and not recipient:
                named_after = [p for p in phrases if p.start >= trig.end and p.relation == "bare"]
                if len(named_after) >= 2 and named_after[1].places and not named_after[1].entities:
                    recipient = [_government(named_after[1].places[0], kb)]  # 'يتهم الجيش أنقرة بـ…'
                elif len(named_after) == 1 and not any(p.end <= trig.start and p.relation == "bare" and p.entities
                                                       for p in phrases):
                    actor, recipient = [], actor  # 'اتهمت تقارير الإمارات بـ…': the one named is the accused
                if recipient:
                    charges.append((charge[0], charge[1], list(recipient)))
            if actor and not recipient and trigger.event_type == "REQUEST" and \
                    _ALL_PARTIES.search(text, trig.word_end, clause_end):
                recipient = _fighting_sides(events, sentence.start, {e.polity for e in actor})  # 'دعت البعثة جميع الأطراف'
            meeting = _meeting_told(events[-5:], text, clause_start, min(sentence.end, clause_end + 30), roles.location) \
                if not actor and not recipient and near_topic and trigger.event_type in ("SUPPORT", "AGREE", "COOPERATE") \
                else None
            if meeting is not None:
                # 'ولم يُعلن عن توقيع أي اتفاقية خلال الزيارة'، 'ولم يتم توقيع أي اتفاق في أنقرة': its sides, its day
                actor, recipient = list(meeting.actor), list(meeting.recipient)
            hosting = _last_meeting_of(events, actor[0], sentence.start) \
                if actor and _HOST_OR_GUEST.search(text, trig.word_end, clause_end) else None
            if hosting is not None:
                # 'ودعا حفتر مضيفه إلى زيارة بنغازي'، 'دعا ماكرون ضيفه': the other side of his last meeting, its day
                other = [e for e in hosting.actor + hosting.recipient if e.polity != actor[0].polity]
                recipient = _dedupe(other + [e for e in recipient if e.polity not in {o.polity for o in other}])
            if proposals is not None:
                proposals[trig.start] = Proposal(tuple(actor), tuple(recipient), clause_start, clause_end)
            if not actor and not recipient:
                continue
            if trigger.event_type in _TWO_SIDED and len({e.polity for e in actor + recipient if e.polity}) < 2:
                continue
            if pos == "noun" and "ال" in trig.prefix and not _names_follow(phrases, trig.end) \
                    and not re.search(r"[،,]\s*$", text[max(0, trig.word_start - 3):trig.word_start]):
                continue  # 'الزيارة' with no one named after it points back to a visit already told; not a
                # participle set off after its noun ('السفارة الليبية في دمشق، المغلقة منذ عام 2012')
            outside = [d for d in sentence_dates if not any(a <= d.start < b for a, b in asides)
                       and not (charge is not None and charge[0] <= d.start < charge[1])]  # the charge's own dates
            if any(trig.end <= d.start < clause_end for d in outside):
                # 'بدأ بمصافحة … في نوفمبر 2022، أعقبتها زيارة X إلى القاهرة في مارس 2023': with a date of its
                # own after it, an event takes none that follows another event told before it
                outside = [d for d in outside if d.start >= trig.end or not any(
                    t.end <= d.start and t.start < trig.start for t in in_sentence if t is not trig)]
            dated_until, noun_reach = clause_end, sentence.end
            relative_after = _RELATIVE_CLAUSE.search(text, trig.end, sentence.end)
            if relative_after is not None:  # 'إنهاء الإغلاق الذي استمر منذ منتصف أفريل': the blockade's, not the ending's
                outside = [d for d in outside if d.start < relative_after.start() or not _since(text, d)]
            aside = _COMMA_PARTICIPLE.search(text, trig.end, sentence.end)
            if aside is not None:  # '، مؤكداً أن المذكرتين الموقعتين في نوفمبر 2019 …' dates the participle's clause
                dated_until, noun_reach = min(clause_end, aside.start()), min(noun_reach, aside.start())
            when_all = _event_dates(text, outside, clause_start, dated_until, sentence.start,
                                    noun_reach if pos == "noun" else trig.start, trig.start)
            inherited = None
            if not when_all:
                inherited = _context_date(paragraphs, by_start["dates"], sentence.start, doc.published)
                if both_told and topic_when is not None and (inherited is None or len(topic_when.iso) >= len(inherited.iso)):
                    inherited = topic_when
                elif meeting is not None and meeting.date:
                    inherited = DateValue(meeting.date, "", sentence.start, sentence.start, True)
                elif hosting is not None and hosting.date:
                    inherited = DateValue(hosting.date, "", sentence.start, sentence.start, True)
                elif events and events[-1].start == norm.to_original(sentence.start, sentence.start)[0] \
                        and events[-1].date and not events[-1].date_text:
                    # 'ودعا حفتر مضيفه إلى زيارة بنغازي، فيما وعد لوكاشينكو …': the day its sentence was given
                    inherited = DateValue(events[-1].date, "", sentence.start, sentence.start, True)
                elif roles.location is not None and not paragraphs.last_before(sentence.start, day=True):
                    # 'وشهدت زيارة بولس إلى طرابلس توقيع اتفاقية': the day of what the story told happened there
                    inherited = _dated_at(events, roles.location.place, sentence.start) or inherited
            if actor and (len({e.polity for e in actor + recipient}) > 1 or trigger.event_type not in _TWO_SIDED):
                topic, topic_when = (actor, recipient, sentence.start), (when_all[0] if when_all else inherited)
            o_start, o_end = norm.to_original(sentence.start, sentence.end)
            location = roles.location or _seat(phrases, kb)
            mode = trigger.mode
            gathering = _GATHERING.search(text, trig.word_end, min(clause_end, trig.word_end + 70)) \
                if trigger.frame == "host" and recipient else None
            if gathering is not None:
                # 'استضاف شكري اجتماعاً يضم وزراء خارجية فرنسا وإيطاليا': one meeting of them all, the hosted
                # gathering's own word ('استضافت القاهرة محادثات بين …') no second event
                actor, recipient, mode = _dedupe(recipient + actor), [], "multilateral"
                spent.update(t.start for t in in_sentence if gathering.start() <= t.start < gathering.end())
            several = pos == "verb" or text[trig.start:trig.end].endswith("ات")  # 'اجتماعاتها مع X وY'
            governing = [c for c in sentence_cues if not _in_closed_aside(text, c, trig.start)]
            occasions = [(actor, [side]) for side in recipient] if each else \
                _occasions(trigger, actor, recipient, mode, several)
            for side_a, side_b in occasions:
                if trigger.event_type in _TWO_SIDED and len({e.polity for e in side_a + side_b if e.polity}) < 2:
                    continue
                for when in when_all or [inherited]:
                    aux = find_aux(governing, clause_start, clause_end, trig.start, trig.end, trig.prefix, trigger.aux,
                                   int(when.iso[:4]) if when else None, year)
                    if charged and aux is None:
                        aux = "alleged"
                    if aux is None and pos == "noun" and _FUTURE_VERB_BEFORE.search(text, max(clause_start, trig.word_start - 16),
                                                                                  trig.word_start):
                        aux = "future"  # 'سيعقدان اجتماعاً': the verb before the event noun is in the future
                    if aux in (None, "historical") and when is not None and when is not inherited \
                            and _after_publication(when.iso, doc.published):
                        aux = "future"  # 'يزور فيدان القاهرة الأسبوع المقبل'
                    event_type, event_mode, cameo = trigger.event_type, mode, trigger.cameo
                    if aux == "future" and event_type != "AGREE":
                        # PLOVER codes a planned visit or a promised deed as the promise: AGREE
                        event_type, event_mode, cameo = "AGREE", None, _CAMEO_INTENT
                    confidence = 0.4 + 0.15 * (pos == "verb") + 0.15 * bool(side_a and side_b) \
                        + 0.1 * (when is not None) + 0.1 * (location is not None)
                    events.append(Event(
                        doc=doc.id, event_type=event_type, mode=event_mode, context=tuple(trigger.context),
                        actor=tuple(side_a), recipient=tuple(side_b), location=location.place if location else None,
                        date=when.iso if when else None,
                        date_text=_original(doc.text, norm, when) if when and when is not inherited else None,
                        aux=aux, evidence=doc.text[o_start:o_end], start=o_start, end=o_end,
                        trigger=_original(doc.text, norm, trig), trigger_id=trigger.id, cameo=cameo,
                        confidence=round(min(confidence, 1.0), 2), reports=((o_start, o_end),),
                        trigger_span=norm.to_original(trig.start, trig.end)))
        events += _followers(doc, norm, kb, near_mentions, sentence, events[-1] if events else None)
    return events


def _followers(doc: Document, norm: Normalized, kb: KnowledgeBase, mentions: list[ActorMention], sentence,
               last: Event | None) -> list[Event]:
    """'أعادت الإمارات فتح سفارتها في دمشق، وتبعتها البحرين': the one who followed suit did the same
    deed, to the same side, at a time the sentence does not give."""
    if last is None or not kb.followed_suit:
        return []
    text = norm.text
    since, _ = norm.to_original(max(0, sentence.start - 400), sentence.start)
    if last.start < since:
        return []  # the deed followed was told too far back
    found = []
    for cue in _FOLLOWED_SUIT(kb.followed_suit).finditer(text, sentence.start, sentence.end):
        follower = next((m for m in mentions if 0 <= m.start - cue.end() <= 2 and (m.entity is not None or m.place)
                         and not m.weak), None)
        who = follower and (follower.entity or _government(follower, kb))
        if who is None or who in last.actor + last.recipient:
            continue
        o_start, o_end = norm.to_original(sentence.start, sentence.end)
        c_start, c_end = norm.to_original(cue.start(), cue.end())
        found.append(replace(last, actor=(who,), date=None, date_text=None, evidence=doc.text[o_start:o_end],
                             start=o_start, end=o_end, trigger=doc.text[c_start:c_end].strip(),
                             confidence=round(last.confidence - 0.1, 2), reports=((o_start, o_end),),
                             trigger_span=(c_start, c_end)))
    return found


@lru_cache(maxsize=4)
def _FOLLOWED_SUIT(cues: frozenset[str]) -> re.Pattern:
    alternatives = "|".join(re.escape(c) for c in sorted(cues, key=len, reverse=True))
    return re.compile(rf"(?<!\S)[وف]?(?:{alternatives})(?!\S)\s*")


def _clause(text: str, s_start: int, s_end: int, trig, other_verbs: list, named: bytearray) -> tuple[int, int]:
    """The stretch of the sentence that belongs to this trigger: bounded by ؛ : ( ), a comma that opens
    a new clause, other verb triggers, and a reach in characters on either side."""
    start, end = max(s_start, trig.start - _REACH_BEFORE), min(s_end, trig.end + _REACH_AFTER)
    for i in range(trig.start - 1, start - 1, -1):
        if text[i] in _CLAUSE_STOPS:
            start = i + 1
            break
    for i in range(trig.end, end):
        if text[i] in _CLAUSE_STOPS:
            end = i
            break
    relative_at = None
    for m in _CLAUSE_OPENERS.finditer(text, start, end):
        if m.start() >= trig.end:
            end = min(end, m.start())
            break
        start = max(start, m.start() + 1)
        relative_at = m.start() if _RELATIVE.search(m.group()) else None
    for m in _COMMA_AND.finditer(text, trig.end, end):
        if not named[m.end()]:  # '، وتبعتها البحرين': a new clause, unless a name is being added to a list
            end = m.start()
            break
    for verb in other_verbs:
        if verb.start >= trig.end and verb.word_start < end:
            end = min(end, verb.word_start)
        elif verb.end <= trig.start and verb.word_end > start and text[verb.word_start] == "و":
            start = max(start, verb.word_start)
    return start, end, relative_at


@lru_cache(maxsize=8)
def _referring_pattern(kb: KnowledgeBase) -> re.Pattern:
    forms = []
    for noun in sorted(kb.referring_objects, key=len, reverse=True):
        forms.append(re.escape(noun))
        if noun.startswith("ال"):
            forms.append("ل" + re.escape(noun[1:]))  # 'للمبادره'
    return re.compile(r"(?:^|\s)[\"«“]?[وف]?(?:ب|ل)?(?:(?:هذه|هذا|تلك|ذلك|اي)\s+)?(" + "|".join(forms) + r")(?![\w])")


def _reacted_to(text: str, after: int, clause_end: int, kb: KnowledgeBase, told: list[Event], own: set,
                sentence_at: int, mentions: list[ActorMention], pointed: bool = False) -> list[Entity]:
    """Whom a reaction answers when it names a deed, not a doer: 'ورفض مجلس النواب القرار' answers the
    author of the last decision told. The deed is the latest earlier event of a type the noun can name,
    else the latest deed told ('رحّب المجلس بالخريطة' when the roadmap was not coded as an event);
    a reaction `pointed` at it by a pronoun ('سارعت مصر إلى رفضها') answers the last deed told."""
    if not kb.referring_objects:
        return []
    found = _referring_pattern(kb).search(text, after, min(clause_end, after + 80))
    if found is None:
        return _author(told, (), own, sentence_at) if pointed else []
    by = [m.entity for m in mentions if 0 <= m.start - found.end() <= 1 and m.entity is not None and m.weak]
    if by and by[0].polity not in own:
        return by[:1]  # 'نفت الإمارات الاتهامات السودانية': the demonym names who made them
    doer = _RELATIVE_DOER.match(text, found.end())
    if doer:  # 'أدانت مصر الهجمات التي شنتها قوات الدعم السريع': the relative clause names the doer
        named = [m.entity for m in mentions if doer.end() <= m.start <= doer.end() + 2 and m.entity is not None
                 and not m.weak and m.entity.polity not in own]
        if named:
            return named[:1]
    noun = found.group(1)
    noun = "ال" + noun[2:] if noun.startswith("لل") else noun
    types = kb.referring_objects.get(noun, ())
    return _author(told, types, own, sentence_at) or (_author(told, (), own, sentence_at) if types else [])


def _author(told: list[Event], types: tuple[str, ...], own: set, sentence_at: int) -> list[Entity]:
    """Who did the latest deed told (of one of `types`, if given) that is not one's own."""
    for event in reversed(told):
        if sentence_at - event.start > _REACTION_REACH:
            break
        if types and event.event_type not in types:
            continue
        author = [e for e in event.actor if e.polity not in own] or [e for e in event.recipient if e.polity not in own]
        if author:
            return author
    return []


def _names_a_subject(text: str, trig, kb: KnowledgeBase) -> bool:
    """'اتفاقية التعاون الأمني'، 'مذكرة تفاهم للتعاون': the noun says what something is about."""
    if trig.prefix.lstrip("وف").startswith("ل"):
        return True
    words = text[max(0, trig.word_start - 20):trig.word_start].split()
    return bool(words) and any(form in kb.framing_nouns for form in _without_proclitics(words[-1]))


def _without_proclitics(word: str) -> set[str]:
    """A word and what it is without و/ف and then ب/ل: 'وبمجالات' → مجالات; 'لجنة' stays too."""
    forms = {word}
    if word[:1] in "وف":
        forms.add(word[1:])
    forms |= {f[1:] for f in list(forms) if f[:1] in "بل"}
    return forms


def _last_meeting_of(told: list[Event], one: Entity, sentence_at: int) -> Event | None:
    """The last meeting `one` had in the story: the one with his host or his guest."""
    for event in reversed(told):
        if sentence_at - event.start > _REACTION_REACH:
            break
        if event.event_type == "CONSULT" and any(_same_party(e, one) for e in event.actor + event.recipient) \
                and any(e.polity != one.polity for e in event.actor + event.recipient):
            return event
    return None


def _same_party(a: Entity, b: Entity) -> bool:
    return a.actor_id == b.actor_id if a.actor_id and b.actor_id else a.name == b.name


def _seat(phrases, kb: KnowledgeBase) -> ActorMention | None:
    """'في الكرملين'، 'في قصر الإليزيه': an institution standing for its state, named as where something happens,
    is a place in that state's capital."""
    for p in phrases:
        if p.relation != "in":
            continue
        for m in p.mentions:
            state = kb.states_by_code.get(m.place_polity) if m.rule == "metonym" else None
            if state is not None and state.capital is not None:
                return replace(m, place=state.capital.name)
    return None


def _meeting_told(told: list[Event], text: str, start: int, end: int, location) -> Event | None:
    """The meeting an agentless signing belongs to: the last one told, when the clause says 'during the
    visit' or names the place it was held."""
    for event in reversed(told):
        if event.event_type == "CONSULT" and (_DURING_IT.search(text, start, end) or location is not None and (
                location.place == event.location or location.place_polity in event.polities)):
            return event
    return None


def _main_subject(text: str, mentions: list[ActorMention], after: int, until: int, kb: KnowledgeBase) -> list[Entity]:
    """The subject of the verb that opens the main clause after a fronted phrase's comma."""
    comma = re.compile(r"[،,]\s*").search(text, after, until)
    if comma is None:
        return []
    verb = re.compile(r"[وف]?(\S+)\s+").match(text, comma.end())
    if verb is None or verb.group(1) not in kb.verb_forms:
        return []
    named = [m for m in mentions if verb.end() <= m.start <= verb.end() + 2 and m.entity is not None and not m.weak]
    return [named[0].entity] if named else []


def _genitive_of_noun(text: str, trig) -> bool:
    """The word before is the head of a construct after a preposition ('بتسهيل'، 'لتعزيز'): what follows it is
    its genitive. With the article ('الرئيسان توافقا') it would be a subject, not a construct head."""
    if trig.prefix:
        return False
    word = _word_before_trigger(text, trig)
    return len(word) > 3 and word[0] in "بل" and not word.startswith(("بال", "لل")) and word not in _ADVERBS


def _word_before_trigger(text: str, trig) -> str:
    words = text[max(0, trig.word_start - 20):trig.word_start].split()
    return words[-1].lstrip("وف") if words else ""


def _required(readings: list, text: str, noun) -> bool:
    """The noun is one a reading of the trigger needs: 'أعادت …، فتح السفارة' is the reopening's own word."""
    word = text[noun.start:noun.word_end]
    return any(word in _stem_forms(_key(w)) for _, t in readings for w in t.requires)


def _governed_event(text: str, trig) -> bool:
    """An event noun after a preposition ('الاستقبال الروسي لحفتر الرد على زيارة البارجة'): a phrase of its own."""
    return trig.payload[0] == "noun" and _word_before_trigger(text, trig) in _NOUN_PREPOSITIONS | {"علي", "الي"}


def _listed_event(text: str, trig) -> bool:
    """An event noun that opens the next item of a list ('، ومقابلة …، بالإضافة إلى زيارة …'): a clause of its own."""
    return trig.payload[0] == "noun" and not text[trig.word_start:trig.end].lstrip("وف").startswith(("ل", "ب")) \
        and _NEXT_ITEM.search(text, max(0, trig.word_start - 16), trig.word_start) is not None  # not 'للقتال'، 'بدعم'


def _purpose(text: str, trig) -> bool:
    """ل before a past-tense form makes a verbal noun of purpose ('لدعم الجيش')."""
    return trig.prefix.endswith("ل") and text[trig.start] not in "يتنا"


def _content(text: str, trig, clause_end: int) -> tuple[int, int]:
    """The words a call or warning asks for: from its complement ('إلى'، 'من أن', a quote) to the end
    of its clause or the next participle ('، مشيرة إلى')."""
    begin = _CONTENT_START.search(text, trig.word_end, clause_end)
    if begin is None:
        return (clause_end, clause_end)
    stop = _COMMA_PARTICIPLE.search(text, begin.end(), clause_end)
    return (begin.start(), stop.start() if stop else clause_end)


def _speaker_camp(text: str, mentions: list[ActorMention], sentence_start: int, trigger_at: int) -> Entity | None:
    """The Libyan camp of whoever says the clause the trigger stands in: 'أكد حفتر أن ليبيا …'."""
    said = [m for m in _THAT.finditer(text, sentence_start, trigger_at)]
    if not said:
        return None
    speaker = _speaker(mentions, sentence_start, said[-1].start())
    return speaker[0] if speaker and speaker[0].polity in ("LBY-E", "LBY-W") else None


def _dominant_camp(mentions: list[ActorMention]) -> Entity | None:
    """The Libyan camp a story names most, when it names one at least twice as often as the other."""
    counts: dict[str, list] = {}
    for m in mentions:
        if m.entity is not None and m.entity.polity in ("LBY-E", "LBY-W"):
            counts.setdefault(m.entity.polity, []).append(m.entity)
    ranked = sorted(counts.values(), key=len, reverse=True)
    if not ranked or len(ranked) > 1 and len(ranked[0]) < 2 * len(ranked[1]):
        return None
    return ranked[0][0]


def _single_camp(entities: list[Entity]) -> Entity | None:
    """The one Libyan camp of the story's last event, if only one took part."""
    camps = {e.polity: e for e in entities if e.polity in ("LBY-E", "LBY-W")}
    return next(iter(camps.values())) if len(camps) == 1 else None


def _as_camp(entities: list[Entity], camp: Entity) -> list[Entity]:
    return _dedupe([camp if e.polity == "LBY" and e.kind in ("state", "place") else e for e in entities])


def _fighting_sides(told: list[Event], sentence_at: int, own: set) -> list[Entity]:
    """'All parties' called upon are those of the fighting last told: its sides, not the caller."""
    for event in reversed(told):
        if sentence_at - event.start > _REACTION_REACH:
            break
        if event.event_type == "ASSAULT":
            return [e for e in _dedupe(list(event.actor + event.recipient)) if e.polity not in own]
    return []


def _named_parties(mentions: list[ActorMention], clause_start: int, clause_end: int,
                   sentence_end: int) -> list[Entity]:
    """The two sides of a conflict in the country the clause names ('طرفي النزاع في ليبيا'), as the rest of
    the sentence names them: bodies of that country of at least two polities."""
    country = {m.place_polity.split("-")[0] for m in mentions if clause_start <= m.start < clause_end and m.place_polity}
    parties = _dedupe([m.entity for m in mentions if clause_end <= m.start < sentence_end and m.entity is not None
                       and not m.weak and not m.place and m.entity.kind != "state"
                       and (m.entity.polity or "").split("-")[0] in country])
    return parties if len({e.polity for e in parties}) >= 2 else []


def _story_sides(told: list[Event]) -> list[Entity]:
    """'The two sides' of a story: the pair of polities that has met most often in it so far, as the
    latest of those meetings names them. A side remark told in between does not replace them."""
    pairs: dict[frozenset, tuple[int, int, Event]] = {}  # pair -> (meetings, position of the latest, latest)
    for at, event in enumerate(told[-_STORY_EVENTS:]):
        if event.event_type == "CONSULT" and len(event.polities) == 2:
            count = pairs.get(event.polities, (0, 0, event))[0]
            pairs[event.polities] = (count + 1, at, event)
    if not pairs:
        return []
    latest = max(pairs.values(), key=lambda entry: entry[:2])[2]
    return _dedupe(list(latest.actor + latest.recipient))


def _list_goes_on(text: str, mentions: list[ActorMention], inside: list[ActorMention], clause_end: int,
                  sentence_end: int) -> list[ActorMention]:
    """A list of names the clause's reach cut short goes on to its end: 'بمشاركة بوتين وأردوغان وماكرون …'."""
    if not inside:
        return []
    more, last = [], inside[-1]
    for m in mentions:
        if m.end <= clause_end or m.start <= last.start or m.end > sentence_end or m.entity is None:
            continue
        gap = text[last.end:m.start]
        if not (_LIST_JOIN.match(gap) or not gap.strip() and (m.prefix[:1] == "و" or text[m.start] == "و")):
            break
        more.append(m)
        last = m
    return more


def _lone_object(phrases, trigger_end: int) -> bool:
    """One bare name after a verb is its object when the subject is dropped; two are subject and object."""
    return sum(1 for p in phrases if p.start >= trigger_end and p.relation == "bare" and p.entities) <= 1


def _speaker(mentions: list[ActorMention], sentence_start: int, said_at: int) -> list[Entity] | None:
    """The actor named last before 'إنه' in the sentence: the one who says it."""
    before = [m for m in mentions if sentence_start <= m.start and m.end <= said_at and m.entity is not None
              and not m.place and not m.weak]
    return [before[-1].entity] if before else None


def _names_follow(phrases, trigger_end: int) -> bool:
    """A participant named right after a definite event noun: 'اللقاء بين بوتين وحفتر', 'الزيارة التي قام بها X'."""
    return any(0 <= p.start - trigger_end <= _DEFINITE_REACH and p.entities for p in phrases)


def _in_closed_aside(text: str, cue, trigger_at: int) -> bool:
    """'فالصين، المتهمة بتسهيل …، أعادت': a cue in an aside between commas that closes before the
    trigger describes the noun, not the main verb."""
    return cue.end <= trigger_at and "،" in text[max(0, cue.word_start - 3):cue.word_start] \
        and "،" in text[cue.end:trigger_at]


def _names_both_sides(clause: str, kb: KnowledgeBase, words: frozenset[str] | None = None) -> bool:
    # 'واتفق الجانبان، بحسب بيان …، على': a comma may follow the word
    return any(word.lstrip("وفبل").rstrip("،,") in (kb.both_sides if words is None else words) for word in clause.split())


def _head_of_state(side: Entity, kb: KnowledgeBase, year: int | None) -> Entity:
    """The president of a side's state that year, where the knowledge base knows one."""
    president = kb.holder("president", side.polity, year) if side.polity else None
    if president is None:
        return side
    return Entity(president.name, president.polity, president.id, president.kind)


def _best_reading(readings: list, clause_text: str):
    """Of the entries sharing a surface form, the most specific one whose `requires` words
    stand in the clause ('دعا … لزيارة' is an invitation before it is a request) and no
    `unless` word rules out ('استدعت سفيرها' recalls her own ambassador, it summons no one)."""
    fitting = [(pos, t) for pos, t in readings if (not t.requires or any(
        form in clause_text for w in t.requires for form in _stem_forms(_key(w))))
        and not any(_key(w) in clause_text for w in t.unless)]
    if not fitting:
        return None
    return max(fitting, key=lambda r: len(r[1].requires) > 0)


def _required_words_at(text: str, triggers, trigger, after: int, before: int) -> list[int]:
    """Where the nouns a verb's reading required stand after it: they belong to that event."""
    required = {form for w in trigger.requires for form in _stem_forms(_key(w))}
    return [t.start for t in triggers if after <= t.start < before and t.payload[0] == "noun"
            and text[t.start:t.word_end] in required]


_key = lru_cache(maxsize=4096)(normalize_key)  # the knowledge base's required words, normalized once


def _stem_forms(word: str) -> tuple[str, ...]:
    """A required word as it may stand: 'قنصلية' also as 'قنصليتها' (ة becomes ت before a pronoun)."""
    return (word, word[:-1] + "ت") if word.endswith("ه") and len(word) > 3 else (word,)


def _pronoun_referent(text: str, mentions: list[ActorMention], trig, clause_start: int, sentence_start: int,
                      kb: KnowledgeBase):
    """What 'ه/ها' on a trigger points back to: the last actor named before `clause_start`, in this
    sentence or the one before ('وصل منير. واستقبله حفتر'، 'عقدت تيتيه اجتماعاتها'); for a verb, not the
    name right before it, which is its own subject ('بوتين استقبله'). 'ه' is a man or a body named by a
    masculine noun, never a woman; 'ها' a woman, a state or a body, never a man."""
    window_start = max(0, sentence_start - 400)
    before = [m for m in mentions if window_start <= m.start and m.end <= clause_start and m.entity is not None
              and m.entity.kind != "place" and not m.weak and not _is_seat(text, mentions, m)]
    if text[trig.end:trig.word_end] == "ه":  # a man named in the sentence, else the last body
        for kinds, start in ((("person",), sentence_start), (("person", "organisation", "group"), window_start)):
            for m in reversed(before):
                if m.start >= start and m.entity.kind in kinds and not _is_woman(text, m, kb):
                    return m.entity
    before = [m for m in before if not _is_man(text, m, kb)]
    return before[-1].entity if before else None


def _is_woman(text: str, mention: ActorMention, kb: KnowledgeBase) -> bool:
    if mention.entity is None or mention.entity.kind != "person":
        return False
    first = text[mention.start:mention.end].split(" ", 1)[0]
    return mention.entity.actor_id in kb.women or first in kb.feminine_titles or first[1:] in kb.feminine_titles


def _is_man(text: str, mention: ActorMention, kb: KnowledgeBase) -> bool:
    """A person not known or titled as a woman: news in this domain names far more men."""
    return mention.entity is not None and mention.entity.kind == "person" and not _is_woman(text, mention, kb)


def _government(place: ActorMention, kb: KnowledgeBase) -> Entity:
    """The authority a place stands for: its state for a capital, else '<place> authorities'."""
    state = kb.states_by_code.get(place.place_polity)
    if state is not None and place.place == (state.capital.name if state.capital else None):
        return Entity(state.name, state.code, None, "state")
    return Entity(f"{place.place} authorities", place.place_polity, None, "place")


def _is_seat(text: str, mentions: list[ActorMention], mention: ActorMention) -> bool:
    """'السفارة الأمريكية في ليبيا': Libya says where the embassy sits; 'قلقها' is the embassy's."""
    if not mention.place:
        return False
    return any(m.entity is not None and 0 < mention.start - m.end <= 6 and _SEAT_GAP.match(text[m.end:mention.start])
               for m in mentions)


def _antecedent(text: str, mentions: list[ActorMention], comma_at: int, kb: KnowledgeBase):
    """The actor a relative clause hangs on: the mention ending right before '، التي'."""
    before = [m for m in mentions if m.end <= comma_at and comma_at - m.end <= 3 and m.entity is not None]
    if not before:
        # 'فاغنر، الشركة الأمنية الروسية الخاصة التي تعمل لدى حفتر': the name before an apposition of definite words
        named = [m for m in mentions if m.end <= comma_at and comma_at - m.end <= 60 and m.entity is not None
                 and not m.weak]
        if not named or not _APPOSITION.fullmatch(text, named[-1].end, comma_at):
            return None
        before = named[-1:]
    return group_phrases(text, before[-1:], kb.prepositions)[0]


def _occasions(trigger, actor: list[Entity], recipient: list[Entity], mode: str | None, several: bool
               ) -> list[tuple[list[Entity], list[Entity]]]:
    """Separate meetings: 'التقى X بفريق Y، وسفير Z' is one meeting per counterpart polity;
    'اجتماعاً يضم وزراء خارجية فرنسا وإيطاليا واليونان' is one meeting of them all."""
    if trigger.event_type != "CONSULT" or mode == "multilateral":
        return [(actor, recipient)]
    if trigger.frame in ("meet", "joint") and len(actor) > 2 and not recipient and several:
        head, others = actor[:1], actor[1:]
        by_polity = _by_polity(e for e in others if e.polity != head[0].polity)
        if len(by_polity) > 1:
            return [(head, group) for group in by_polity]
    by_polity = _by_polity(recipient)
    if len(by_polity) > 1 and all(e.kind != "place" for e in recipient) and mode != "third-party":
        return [(actor, group) for group in by_polity]  # a mediator between two sides meets them together
    guests = _by_polity(actor)
    if trigger.frame == "host" and len(guests) > 1 and recipient:
        return [(group, recipient) for group in guests]  # 'استقبل الدبيبة كلاً من دراغي وميتسوتاكيس'
    return [(actor, recipient)]


def _by_polity(entities) -> list[list[Entity]]:
    groups: dict[str | None, list[Entity]] = {}
    for e in entities:
        groups.setdefault(e.polity, []).append(e)
    return list(groups.values())


def _drop_weak(text: str, mentions: list[ActorMention], t_start: int, t_end: int, kb: KnowledgeBase
               ) -> list[ActorMention]:
    """A bare demonym adjective counts only right after the trigger ('دعوة روسية'، 'المساعدة العسكرية الروسية'),
    right before it ('الطائرات المسيّرة التركية تقصف') or after 'the two sides' ('الجانبان التركي والليبي')."""
    kept, previous = [], None
    for m in mentions:
        words = text[max(0, m.start - 20):m.start].split()
        sides = bool(words) and words[-1].lstrip("وف") in kb.both_sides or \
            previous is not None and previous.weak and previous in kept and text[previous.end:m.start].strip() in ("", "و")
        describes_previous = m.weak and previous is not None and previous.entity is not None and \
            m.entity is not None and previous.entity.polity == m.entity.polity and not text[previous.end:m.start].strip()
        if not describes_previous and (not m.weak or 0 <= m.start - t_end <= 12 or 0 <= t_start - m.end <= 2 or sides):
            kept.append(m)  # 'قوات فاغنر الروسية': the adjective of the name before it, not another party
        previous = m
    return kept


def _dedupe(entities: list[Entity]) -> list[Entity]:
    seen, out = set(), []
    for entity in entities:
        key = (entity.actor_id or entity.name, entity.polity)
        if key not in seen:
            seen.add(key)
            out.append(entity)
    # a state next to one of its own people or bodies adds nothing ("الرئيس الروسي" already says RUS),
    # and a country next to one of its camps is that camp ("حكومة الوحدة الوطنية الليبية")
    people_polities = {e.polity for e in out if e.kind != "state"}
    camps = {e.polity.split("-")[0] for e in out if e.polity and "-" in e.polity}
    return [e for e in out if not (e.kind != "person" and e.polity in camps) and
            (e.kind != "state" or e.polity not in people_polities or sum(1 for x in out if x.polity == e.polity) == 1)]


def _event_dates(text: str, dates: list[DateValue], c_start: int, c_end: int, s_start: int, s_end: int,
                 trig: int) -> list[DateValue]:
    """The date of the happening: the nearest in the clause, else in the sentence up to `s_end` (a verb's
    own clause ends where the next begins, so a later date is another event's; an event noun takes the
    sentence's). Dates joined by 'ثم' ('في يونيو 2023، ثم في نوفمبر 2024، زارت …') are separate
    occasions, one event each."""
    for lo, hi in ((c_start, c_end), (s_start, s_end)):
        inside = [d for d in dates if lo <= d.start < hi]
        if not inside:
            continue
        # a 'since' date frames a period, not the happening; a precise date beats a bare year, unless that
        # year is counted back from the event itself ('قبل ست سنوات')
        nearest = min(inside, key=lambda d: (_since(text, d), _THEN.fullmatch(d.text) is not None,
                                             len(d.iso) < 7 and not d.relative, abs(d.start - trig)))
        chain = [nearest]
        for d in (x for x in dates if s_start <= x.start < s_end):  # the list may reach past the clause
            if d is nearest or len(d.iso) < 7:
                continue
            left, right = sorted((d, nearest), key=lambda v: v.start)
            if re.search(r"(?:^|\s)ثم\s", text[left.end:right.start]) and right.start - left.end < 40:
                chain.append(d)
        return sorted(chain, key=lambda d: d.start)
    return []


def _after_publication(iso: str, published) -> bool:
    """A stated date later than the publication at its own precision: the event is still to come."""
    return published is not None and iso > published.isoformat()[:len(iso)]


def _since(text: str, value: DateValue) -> bool:
    return text[max(0, value.start - 8):value.start].rstrip().endswith(("منذ", "منذ عام", "منذ العام"))


def _dated_at(told: list[Event], place: str, sentence_at: int) -> DateValue | None:
    """The stated day of the latest event told at `place`, for an undated one there."""
    for event in reversed(told):
        if sentence_at - event.start > _REACTION_REACH:
            break
        if event.location == place and event.date_text and event.date and len(event.date) == 10:
            return DateValue(event.date, "", sentence_at, sentence_at, True)
    return None


class _Paragraphs:
    """Where paragraphs start and which dates they state, indexed once per article: what a sentence asks of
    its paragraph costs a bisection, not a scan of it (a page on one line is one paragraph)."""

    def __init__(self, text: str, dates: ByStart):
        self.starts = [m.end() for m in re.finditer("\n", text)]  # of every paragraph but the first
        self.dates, self.date_starts = dates.items, dates.starts
        self.last_month: list[int] = []  # for each date, the index of the last date up to it of a month or a day
        self.last_day: list[int] = []  # and of a day
        month = day = -1
        for i, d in enumerate(self.dates):
            month, day = (i if len(d.iso) >= 7 else month), (i if len(d.iso) == 10 else day)
            self.last_month.append(month)
            self.last_day.append(day)

    def start(self, at: int) -> int:
        """Where the paragraph holding position `at` starts."""
        k = bisect_right(self.starts, at)
        return self.starts[k - 1] if k else 0

    def last_before(self, at: int, day: bool) -> DateValue | None:
        """The last date of a month or a day (`day`: of a day) stated in the paragraph before position `at`."""
        k = bisect_left(self.date_starts, at)
        i = (self.last_day if day else self.last_month)[k - 1] if k else -1
        return self.dates[i] if i >= 0 and self.dates[i].start >= self.start(at) else None


def _context_date(paragraphs: _Paragraphs, dates: ByStart, sentence_start: int, published) -> DateValue | None:
    """A sentence without a date continues its paragraph, or else the story the article leads with:
    take the last day-precise date stated earlier in the paragraph, else the first day-precise date
    of the lead (its first paragraphs), else the paragraph's last month, else the publication date.
    Such dates carry no date_text, so they can be told from stated ones."""
    earlier = paragraphs.last_before(sentence_start, day=False)
    if earlier is not None and len(earlier.iso) == 10:
        return earlier
    lead = [d for d in dates.within(0, _LEAD) if len(d.iso) == 10
            and not (published is not None and d.iso == published.isoformat())]  # the dateline
    if lead and (lead[0].start < sentence_start or earlier is None):
        return lead[0]  # a headline above the lead's first date tells the lead's story
    if earlier is not None:
        return earlier
    if published is not None:
        return DateValue(published.isoformat(), "", sentence_start, sentence_start, True)
    return None


def _original(original: str, norm: Normalized, span) -> str:
    o_start, o_end = norm.to_original(span.start, span.end)
    return original[o_start:o_end]
