"""Actor and place mentions: knowledge-base names, title patterns, demonyms, metonyms.

Terms found by the mention lexicon are composed left to right:
  title (+ demonym | + state) (+ known name | + unknown name words)  → a person
  group noun + demonym | state                                       → a body of that polity
  known alias, state, metonym (الكرملين), capital used as subject      → as such
  short form (حفتر، المشير)                                          → the last full actor that owns it
Offsets are in the normalized text.
"""
from __future__ import annotations

import re
from functools import lru_cache
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace

from marsad.knowledge.base import KnowledgeBase, Term
from marsad.records import Entity
from marsad.text.lexicon import LexMatch, longest_first
from marsad.text.normalize import normalize_key
from marsad.text.sentences import MAX_SENTENCE_CHARS

QUOTES = "\"'"  # names are matched through quotation marks: 'تنظيم "الدولة الإسلامية"'
_GAP = re.compile(r"^[\s,،\-:()]*$")
_WORD = re.compile(r"[\u0621-\u064a]+")
_ANAPHOR = re.compile(r"(?<![\w])(?:هذا الاخير|هذه الاخيره|الاخير نفسه)(?![\w])")
_HIS_COUNTRY = re.compile(r"(?<![\w])(?P<pre>[وف]?[بل]?)(?:بلاده|بلادها|بلادهم|بلدها|بلده)(?![\w])")
_THE_CAPITAL = re.compile(r"(?<![\w])(?P<pre>[وفبل]?|لل)(?:ال)?عاصمه(?![\w])(?!\s+(?:ال\w+يه|\w+يه)(?![\w]))")
# 'الجيش'، 'الجيش الوطني للتحرير': not 'الجيش الوطني الليبي'، 'الجيش السوداني'
_THE_ARMY = re.compile(r"(?<![\w])(?P<pre>[وفبل]?|لل)(?:ال)?جيش(?:\s+الوطني)?(?![\w])(?!\s+ال)")
_ANAPHOR_REACH = 3000  # characters back to the person 'هذا الأخير' or the capital 'العاصمة' names
_MEMBER_OF = re.compile(r"^\s*(?:في|من|عن)\s+$")
_RELATIVE_AFTER = re.compile(r"\s*[،,]\s*(?:التي|الذي|وهي|وهو|المتهمه|المتهم)(?![\w])")
# what a call or an urging asks for, right after its addressee: 'دعا شكري واشنطن إلى'، 'حث ماكرون موسكو على'
_ADDRESSED_TO = re.compile(r"\s+(?:الي|علي|ب[^\s]{2,})")
# nouns before 'بين X وY' that make the pair two places: 'المسافة بين طرابلس وبنغازي'
_SPATIAL = ("المسافه", "الطريق", "الطرق", "الرحلات", "رحلات", "الرحله", "رحله", "الخط", "الواقعه", "الممتده",
            "الحدود", "الحدوديه", "الرابط", "يربط", "تربط", "ربط", "تنقل", "التنقل", "السفر", "الجوي", "الجويه", "البري")
_FORMER = re.compile(r"\s+(?:السابق|السابقه|الاسبق|الاسبقه)(?=\s|$)")
_LOCATIVE = ("في", "الي", "من", "ب", "ل", "نحو", "داخل", "قرب", "حتي", "عبر", "مدينه", "العاصمه", "مطار", "بين", "ميناء", "قاعده",
             "منطقه", "ضاحيه", "شرق", "غرب", "جنوب", "شمال", "وسط", "سماء", "اجواء", "حدود", "مقر", "قرب",
             "شهدت", "تشهد", "شهد", "يشهد", "عاشت", "تعيش")  # 'وشهدت طرابلس اشتباكات': where it happened


# which reading wins when two entries match the same words: a known actor before a title
# ('المشير' is both a rank and Haftar's short name), a camp seat before a capital
_PRIORITY = {"actor": 0, "short": 1, "state": 2, "metonym": 2, "capital": 3, "place": 4, "demonym": 5, "agent": 5.5,
             "group": 6, "title": 7}


@dataclass(frozen=True)
class ActorMention:
    start: int
    end: int
    entity: Entity | None  # None for a pure place
    place: str | None = None  # English place name when the mention names a place
    place_polity: str | None = None
    prefix: str = ""  # proclitics on the first word (و ب ل …)
    weak: bool = False  # a bare demonym adjective: a participant only next to a trigger
    rule: str = ""


_ARMY_REACH = 5000  # characters back to the army a bare 'الجيش' names: a story keeps its army
_TITLE_ANAPHOR_REACH = 1500  # characters back to the person a bare title ('الوزير') names

# A head of a body, just before its name: 'رئيس حكومة …'، 'وزير خارجية حكومة …'، 'قائد قوات …'.
_HEAD_WORD = re.compile(r"(?:^|\s)[وف]?(?:ل|ب)?(?:ال)?(?:رييس|رييسه|وزير|وزيره|قايد|مدير|محافظ|نايب|امين عام|"
                        r"سفير|مبعوث|المتحدث باسم|الناطق باسم)(?:\s+(?:خارجيه|دفاع|داخليه|اركان|عام|عامه))?\s+$")


# Libya's envoys abroad serve the UN-recognised government in Tripoli: 'السفير الليبي' is LBY-W.
_ABROAD = {"ambassador", "charge-d-affaires", "consul"}


def find_actor_mentions(text: str, kb: KnowledgeBase, year: int | None) -> list[ActorMention]:
    """Actors and places in document order (normalized offsets)."""
    terms = longest_first(kb.mentions.find(text, transparent=QUOTES), lambda term: _PRIORITY.get(term.kind, 9))
    out: list[ActorMention] = []
    seen_full: dict[str, str] = {}  # short key -> actor id of the latest full mention
    titled: dict[str, ActorMention] = {}  # title key -> the latest person named with that title
    i = 0
    while i < len(terms):
        term: Term = terms[i].payload
        match = terms[i]
        consumed, mention = _compose(text, terms, i, kb, year, seen_full, out[-1] if out else None)
        if term.kind == "title":
            if mention is not None and mention.entity is not None and mention.entity.kind == "person":
                titled[term.title.key] = mention
            elif mention is None and consumed == 1:
                mention = _title_anaphor(text, match, titled.get(term.title.key), kb)
        if mention is not None:
            out.append(mention)
            if mention.entity and mention.entity.actor_id in kb.actors_by_id:
                for short in kb.actors_by_id[mention.entity.actor_id].short:
                    seen_full[normalize_key(short)] = mention.entity.actor_id
        i += max(consumed, 1)
        del term, match
    return _placed_agents(text, _with_anaphors(text, _amman_or_oman(text, out, kb), kb), kb)


def _amman_or_oman(text: str, mentions: list[ActorMention], kb: KnowledgeBase) -> list[ActorMention]:
    """'عمّان' (Amman) and 'عمان' (Oman) are one word once the shadda goes. A bare 'عمان' in a story that
    names Jordan and nothing else of Oman (سلطنة، مسقط، عماني، السلطان) is Jordan's capital."""
    jordan, oman = kb.states_by_code.get("JOR"), kb.states_by_code.get("OMN")
    if jordan is None or oman is None or jordan.capital is None:
        return mentions
    bare = [m for m in mentions if m.entity is not None and m.entity.polity == "OMN" and text[m.start:m.end] == "عمان"
            and not text[max(0, m.start - 6):m.start].endswith("سلطنه ")]
    if not bare or len(bare) < sum(1 for m in mentions if m.entity is not None and m.entity.polity == "OMN"):
        return mentions  # Oman is named some other way too
    if not any(m.entity is not None and m.entity.polity == "JOR" for m in mentions):
        return mentions
    amman = Entity(jordan.name, jordan.code, None, "state")
    replaced = {id(m) for m in bare}
    return [replace(m, entity=amman, place=jordan.capital.name, place_polity=jordan.code, rule="capital")
            if id(m) in replaced else m for m in mentions]


@lru_cache(maxsize=8)
def _camp_pair(kb: KnowledgeBase) -> re.Pattern:
    words = "|".join(sorted(kb.camp_regions, key=len, reverse=True)) or "(?!)"
    return re.compile(rf"(?<![\w])(?P<a>{words})\s+و(?P<b>{words})(?![\w])")


def _title_anaphor(text: str, title: LexMatch, last: ActorMention | None, kb: KnowledgeBase) -> ActorMention | None:
    """'المستشارة' alone, after 'المستشارة الألمانية أنغيلا ميركل': the one last named with the title;
    not after a word for the office itself ('تعيين المحافظ' is whoever will hold it)."""
    definite = text[title.word_start:title.start].endswith("ال") or text.startswith("ال", title.start)
    if last is None or not definite or title.end != title.word_end or title.start - last.end > _TITLE_ANAPHOR_REACH:
        return None
    before = text[max(0, title.word_start - 16):title.word_start].split()
    if before and (before[-1] in kb.office_nouns or before[-1][1:] in kb.office_nouns):
        return None
    return ActorMention(title.word_start, title.word_end, last.entity, prefix=title.prefix, rule="title-anaphor")


def _with_anaphors(text: str, mentions: list[ActorMention], kb: KnowledgeBase) -> list[ActorMention]:
    """'هذا الأخير' (the latter) names the last person mentioned before it; 'بلاده' (his country)
    the state, or the Libyan camp, of the last person or body named before it in the sentence; a bare
    'العاصمة' (the capital) the last capital the text has named."""
    starts = [x.start for x in mentions]
    found = []
    for m in _ANAPHOR.finditer(text):
        last = _last_before(mentions, starts, m.start(), m.start() - _ANAPHOR_REACH,
                            lambda x: x.entity is not None and x.entity.kind == "person")
        if last is not None:
            found.append(ActorMention(m.start(), m.end(), last.entity, rule="anaphor"))
    camps = {m.entity.polity for m in mentions if m.entity is not None} & set(kb.camp_regions.values())
    for m in (_camp_pair(kb).finditer(text) if camps else ()):  # 'ضباط من الغرب والشرق': the two camps
        for word, start, end in ((m["a"], m.start("a"), m.end("a")), (m["b"], m.start("b"), m.end("b"))):
            state = kb.states_by_code.get(kb.camp_regions[word])
            if state is not None:
                found.append(ActorMention(start, end, Entity(state.name, state.code, None, "state"), rule="camp-region"))
    for m in _HIS_COUNTRY.finditer(text):
        floor = max(0, m.start() - MAX_SENTENCE_CHARS)  # as far back as sentence splitting lets one run
        sentence_start = max(text.rfind(".", floor, m.start()) + 1, text.rfind("\n", floor, m.start()) + 1, floor)
        last = _last_before(mentions, starts, m.start(), sentence_start, lambda x: x.entity is not None and x.entity.kind
                            in ("person", "organisation", "state-body", "group") and bool(x.entity.polity))
        state = kb.states_by_code.get(last.entity.polity) if last is not None else None
        if state is not None:
            found.append(ActorMention(m.start() + len(m["pre"]), m.end(), Entity(state.name, state.code, None, "state"),
                                      prefix=m["pre"], rule="his-country"))
    for m in _THE_ARMY.finditer(text):
        start = m.start() + len(m["pre"])
        at = bisect_left(starts, start)
        if at < len(mentions) and mentions[at].start <= start or at and mentions[at - 1].end > start:
            continue  # 'الجيش الوطني الليبي'، 'الجيش السوداني' are named already
        last = _last_before(mentions, starts, start, start - _ARMY_REACH,
                            lambda x: x.entity is not None and "جيش" in text[x.start:x.end].split(" ", 1)[0])
        if last is not None:  # 'ويتهم الجيش أنقرة': the army the story has named
            found.append(ActorMention(start, m.end(), last.entity, prefix=m["pre"], rule="the-army"))
    capitals = {s.capital.name for s in kb.states if s.capital} | {p.name for p in kb.places if p.polity and p.polity != p.country}
    for m in _THE_CAPITAL.finditer(text):
        start = m.start() + len(m["pre"])
        at = bisect_left(starts, start)
        if at < len(mentions) and mentions[at].start - m.end() <= 2 or at and mentions[at - 1].end > start:
            continue  # 'العاصمة الليبية'، 'العاصمة طرابلس' are named already
        last = _last_before(mentions, starts, start, start - _ANAPHOR_REACH, lambda x: x.place in capitals)
        if last is not None:  # 'هجوم قوات حفتر على العاصمة': the capital the story has named
            found.append(ActorMention(start, m.end(), None, place=last.place, place_polity=last.place_polity,
                                      prefix=m["pre"], rule="the-capital"))
    return sorted(mentions + found, key=lambda x: x.start) if found else mentions


_AGENT_RULE = "agent:"  # rule of a generic actor whose polity is still to be found: 'agent:place', 'agent:story'
_DATELINE = 300  # characters at the top of an article where its dateline stands
_SENTENCE_END = re.compile(r"[.!?؟\n]")
_PLACE_AFTER = re.compile(r"^\s*(?:[وف]?(?:في|داخل|قرب|بالقرب من|شمال|جنوب|شرق|غرب|وسط|امام|من)\s+)?(?:مدينه\s+|بلده\s+|منطقه\s+)?$")


def _agent(text: str, first: LexMatch, nxt: LexMatch | None, agent) -> tuple[int, ActorMention | None]:
    """A generic actor: with a nationality after it, of that state ('مسلحون عراقيون'، 'الحكومة السودانية');
    unidentified ('مجهولون'), a mention with no entity, left out of events; else its polity is found later
    from where and what the story is about (`_placed_agents`)."""
    if nxt is not None and _adjacent(text, first, nxt) and (nxt.payload.kind == "demonym" or (
            nxt.payload.kind in ("state", "capital") and not text.startswith("ال", first.start)
            and not first.prefix.endswith("ال"))):
        state = nxt.payload.state
        if agent.unidentified:
            return 2, ActorMention(first.word_start, nxt.word_end, None, prefix=first.prefix, rule="unidentified")
        entity = Entity(state.name, state.code, None, "organisation") if agent.scope == "story" else \
            Entity(f"{agent.name} ({state.name})", state.code, None, "generic")
        return 2, ActorMention(first.word_start, nxt.word_end, entity, prefix=first.prefix,
                               rule=f"agent+{nxt.payload.kind}")
    if agent.unidentified:
        return 1, ActorMention(first.word_start, first.word_end, None, prefix=first.prefix, rule="unidentified")
    if agent.scope == "fixed":
        return 1, ActorMention(first.word_start, first.word_end, Entity(agent.name, agent.polity, None, "generic"),
                               prefix=first.prefix, rule="agent")
    if agent.scope == "named":
        return 1, None
    return 1, ActorMention(first.word_start, first.word_end, Entity(agent.name, None, None, "generic"),
                           prefix=first.prefix, rule=_AGENT_RULE + agent.scope)


def _placed_agents(text: str, mentions: list[ActorMention], kb: KnowledgeBase) -> list[ActorMention]:
    """Ruling 5: gunmen, protesters or civilians take the polity of the place the sentence names (in
    Libya, the camp that holds it), else of the dateline's place, else of the country the story names
    most; 'the government' or 'the armed forces' take the story's country first."""
    pending = [m for m in mentions if m.rule.startswith(_AGENT_RULE)]
    if not pending:
        return mentions
    named = [m for m in mentions if not m.rule.startswith(_AGENT_RULE) and m.rule != "unidentified"]
    counts: dict[str, int] = {}
    for m in named:
        polity = m.entity.polity if m.entity is not None else m.place_polity
        if polity and polity in kb.states_by_code and len(polity) <= 5 and polity not in _ORGS:
            counts[polity] = counts.get(polity, 0) + 1
    story = max(counts, key=counts.get) if counts else None
    top = [m for m in named if m.place and m.start < _DATELINE]
    dateline = top[0].place_polity if top else None
    places = [m for m in named if m.place and m.place_polity]
    place_starts = [p.start for p in places]
    out = []
    for m in mentions:
        if not m.rule.startswith(_AGENT_RULE):
            out.append(m)
            continue
        scope = m.rule[len(_AGENT_RULE):]
        polity = story or dateline
        how = "story"
        if scope == "place":
            lo = max((x.end() for x in _SENTENCE_END.finditer(text, max(0, m.start - 400), m.start)), default=0)
            # a sentence is not read further than sentence splitting lets one run: runaway text stays linear
            stop = _SENTENCE_END.search(text, m.end, m.end + MAX_SENTENCE_CHARS)
            hi = stop.start() if stop else min(len(text), m.end + MAX_SENTENCE_CHARS)
            first, end = bisect_left(place_starts, lo), bisect_left(place_starts, hi)  # the places in [lo, hi)
            after = [p for p in places[bisect_left(place_starts, m.end, first, end):end]
                     if _PLACE_AFTER.match(text, m.end, p.start)]
            if first < end:
                # else the nearest, of the last place before and the first after (the one before on a tie)
                at = bisect_right(place_starts, m.start, first, end)
                nearest = min(places[max(first, at - 1):min(end, at + 1)], key=lambda p: abs(p.start - m.start))
                polity, how = (after[0] if after else nearest).place_polity, "place"
            elif dateline:
                polity, how = dateline, "dateline"
        if polity is None:
            continue
        state = kb.states_by_code.get(polity)
        entity = Entity(f"{m.entity.name} ({state.name if state else polity})", polity, None,
                        "organisation" if scope == "story" else "generic")
        out.append(replace(m, entity=entity, rule=f"agent-by-{how}"))
    return out


_ORGS = {"UN", "EU", "AU", "NATO", "ARAB_LEAGUE", "GCC", "OPEC", "ICC", "IGO"}


def _last_before(mentions: list[ActorMention], starts: list[int], pos: int, floor: int, ok) -> ActorMention | None:
    """The last mention ending before `pos`, and starting at or after `floor`, that `ok` accepts."""
    for i in range(bisect_left(starts, pos) - 1, -1, -1):
        mention = mentions[i]
        if mention.start < floor:
            return None
        if mention.end <= pos and ok(mention):
            return mention
    return None


def _head_of_named_body(text: str, title: LexMatch, kb: KnowledgeBase, year: int | None):
    """'رئيس المجلس الرئاسي'، 'رئيس مجلس النواب': a title that names its body names the body's
    polity, and so the one who held it that year."""
    bodies = [m.payload.actor for m in kb.mentions.find(text[title.start:title.end]) if m.payload.kind == "actor"]
    return next((h for b in bodies if b.polity for h in [kb.holder(title.payload.title.key, b.polity, year)] if h), None)


def _of_another_state(actor, state) -> bool:
    """A known actor whose polity is not the state a title's nationality names."""
    return state is not None and bool(actor.polity) and actor.polity.split("-")[0] != state.code


def _adjacent(text: str, left: LexMatch, right: LexMatch) -> bool:
    return left.word_end <= right.word_start and _GAP.match(text[left.word_end:right.word_start]) is not None


def _compose(text: str, terms: list[LexMatch], i: int, kb: KnowledgeBase, year: int | None,
             seen_full: dict[str, str], previous: ActorMention | None = None) -> tuple[int, ActorMention | None]:
    first = terms[i]
    term: Term = first.payload
    nxt = terms[i + 1] if i + 1 < len(terms) else None
    nxt2 = terms[i + 2] if i + 2 < len(terms) else None

    if term.kind == "agent":
        return _agent(text, first, nxt, term.agent)
    if term.kind == "actor":
        if term.actor.kind != "person" and nxt is not None and nxt.payload.kind in ("actor", "short") \
                and nxt.payload.actor.kind == "person" and _adjacent(text, first, nxt) \
                and _HEAD_WORD.search(text, max(0, first.word_start - 16), first.word_start):
            # 'رئيس حكومة الوحدة الوطنية عبد الحميد الدبيبة': the body is part of the person's title
            person = nxt.payload.actor
            if nxt.payload.kind == "short":
                person = _resolve_short(nxt, kb, seen_full) or person
            return 2, _actor(first, nxt, person, rule="head-of-body+person")
        return 1, _actor(first, first, term.actor)
    if term.kind == "title":
        state = None
        j = i + 1
        if nxt is not None and nxt.payload.kind in ("demonym", "state", "capital") and _adjacent(text, first, nxt):
            state = nxt.payload.state
            j = i + 2
        # a chain of titles ("نائب القائد العام المشير") or a rank before the name
        while j < len(terms) and terms[j].payload.kind == "title" and _adjacent(text, terms[j - 1], terms[j]):
            j += 1
        former = _FORMER.match(text, terms[j - 1].word_end)  # 'وزير الخارجية التركي السابق مولود جاويش أوغلو'
        if j < len(terms) and terms[j].payload.kind in ("actor", "short") and (
                _adjacent(text, terms[j - 1], terms[j]) or former and former.end() <= terms[j].word_start
                and _GAP.match(text[former.end():terms[j].word_start])):
            actor = terms[j].payload.actor
            if terms[j].payload.kind == "short":
                resolved = _resolve_short(terms[j], kb, seen_full)
                actor = resolved or actor
            if not _of_another_state(actor, state):  # 'دعا الرئيس الفرنسي حفتر': two people, not one
                return j - i + 1, _actor(first, terms[j], actor, rule=f"title+{terms[j].payload.kind}")
        last = terms[j - 1]
        name_at = former.end() if former else last.word_end
        name = _name_after(text, name_at, kb, terms[j].word_start if j < len(terms) else len(text))
        if state is not None:
            if name:
                end = name_at + name[1]
                return j - i, ActorMention(first.word_start, end, Entity(name[0], state.code, None, "person"),
                                           prefix=first.prefix, rule="title+demonym+name")
            holder = None if former else kb.holder(first.payload.title.key, state.code, year)  # a former one is not her
            if holder is not None:
                return j - i, _actor(first, last, holder, rule="title+demonym→role")
            polity = "LBY-W" if state.code == "LBY" and first.payload.title.key in _ABROAD else state.code
            title = first.payload.title
            meaning = title.en if not title.polities or state.code in title.polities else title.elsewhere or title.en
            entity = Entity(f"{state.name} {meaning}", polity, None, "person")
            return j - i, ActorMention(first.word_start, last.word_end, entity, prefix=first.prefix, rule="title+demonym")
        holder = _head_of_named_body(text, first, kb, year) if j == i + 1 and not name else None
        if holder is not None:
            return 1, _actor(first, first, holder, rule="title-of-body→holder")
        return j - i, None
    if term.kind == "group":
        definite = text.startswith("ال", first.start) or first.prefix.endswith("ال")
        if nxt is not None and _adjacent(text, first, nxt) and (nxt.payload.kind == "demonym" or (
                nxt.payload.kind in ("state", "capital", "metonym") and not definite)):
            # 'حكومة طرابلس'، 'الحكومة الليبية'; not 'يتهم الجيش أنقرة', where a definite noun heads no genitive
            state = nxt.payload.state
            if nxt2 is not None and nxt2.payload.kind in ("actor", "short") and _adjacent(text, nxt, nxt2):
                person = nxt2.payload.actor if nxt2.payload.kind == "actor" else _resolve_short(nxt2, kb, seen_full)
                if person is not None and person.kind == "person" and not _of_another_state(person, state):
                    # 'نظيره المصري عبد الفتاح السيسي': the counterpart is the one named
                    return 3, _actor(first, nxt2, person, rule="group+demonym+person")
            entity = Entity(state.name, state.code, None, "organisation")
            return 2, ActorMention(first.word_start, nxt.word_end, entity, prefix=first.prefix, rule="group+" + nxt.payload.kind)
        if nxt is not None and nxt.payload.kind == "actor" and nxt.payload.actor.kind != "person" and \
                _MEMBER_OF.match(text[first.word_end:nxt.word_start]):
            # 'مسؤولين في حكومة الوحدة', 'وفد من الجيش الوطني': members stand for their body
            return 2, _actor(first, nxt, nxt.payload.actor, rule="group+member-of")
        if nxt is not None and nxt.payload.kind in ("state", "metonym") and \
                _MEMBER_OF.match(text[first.word_end:nxt.word_start]):
            state = nxt.payload.state  # 'وفداً من الاتحاد الأوروبي'
            return 2, ActorMention(first.word_start, nxt.word_end, Entity(state.name, state.code, None, "organisation"),
                                   prefix=first.prefix, rule="group+member-of-state")
        if nxt is not None and nxt.payload.kind == "place" and _adjacent(text, first, nxt) and nxt.payload.place.polity:
            place = nxt.payload.place
            entity = Entity(f"{place.name} authorities", place.polity, None, "organisation")
            return 2, ActorMention(first.word_start, nxt.word_end, entity, place=place.name, place_polity=place.polity,
                                   prefix=first.prefix, rule="group+place")
        return 1, None
    if term.kind in ("state", "metonym"):
        state = term.state
        return 1, ActorMention(first.word_start, first.word_end, Entity(state.name, state.code, None, "state"),
                               place=state.name if term.kind == "state" else None, place_polity=state.code,
                               prefix=first.prefix, rule=term.kind)
    if term.kind == "demonym":
        state = term.state
        word = _word_before(text, first.word_start)
        if word in kb.described_nouns or word[:1] in "بل" and (word[1:] in kb.described_nouns or
                                                                "ال" + word[2:] in kb.described_nouns):
            return 1, None  # 'الخبير الليبي': an expert, not Libya
        plural = term.plural or first.word_end - first.end >= 2
        return 1, ActorMention(first.word_start, first.word_end, Entity(state.name, state.code, None, "state"),
                               prefix=first.prefix, weak=not plural, rule="demonym")
    if term.kind in ("capital", "place"):  # an actor listed with actors, or a subject, is the government
        if term.kind == "capital":
            name, polity, state = term.state.capital.name, term.state.code, term.state
        else:
            name, polity, state = term.place.name, term.place.polity or term.place.country, None
        listed = previous is not None and previous.entity is not None and first.prefix[:1] == "و" \
            and not text[previous.end:first.word_start].strip()  # 'القاهرة وأثينا'، 'بين حفتر وموسكو'
        addressee = previous is not None and previous.entity is not None and not first.prefix \
            and not text[previous.end:first.word_start].strip() and _ADDRESSED_TO.match(text, first.word_end) is not None
        # 'اتفاقية بين روما وطرابلس'، 'العلاقات بين أنقرة والقاهرة': a pair of seats of power are two governments
        before = text[max(0, first.word_start - 40):first.word_start].split()
        paired = before[-1:] == ["بين"] and not first.prefix and nxt is not None \
            and (len(before) < 2 or before[-2].lstrip("وفبل") not in _SPATIAL) \
            and nxt.prefix[:1] == "و" and (nxt.payload.kind in ("capital", "state", "metonym") or
                                           nxt.payload.kind == "place" and nxt.payload.place.polity) \
            and not text[first.word_end:nxt.word_start].strip()
        as_actor = (listed or addressee or paired or _is_subject_position(text, first, kb)) and (state is not None or (term.place and term.place.polity))
        entity = None
        if as_actor:
            entity = Entity(state.name, state.code, None, "state") if state else \
                Entity(f"{name} authorities", polity, None, "organisation")
        return 1, ActorMention(first.word_start, first.word_end, entity, place=name, place_polity=polity,
                               prefix=first.prefix, rule=term.kind)
    if term.kind == "short":
        if first.key in kb.title_words and nxt is not None and nxt.payload.kind in ("actor", "short") \
                and _adjacent(text, first, nxt):
            # a short form that is also a rank, right before a name, is that rank: 'المشير عاصم منير'
            actor = nxt.payload.actor if nxt.payload.kind == "actor" else _resolve_short(nxt, kb, seen_full)
            return 2, (_actor(first, nxt, actor, rule="rank+name") if actor else None)
        actor = _resolve_short(first, kb, seen_full)
        if actor is None:
            return 1, None
        return 1, _actor(first, first, actor, rule="short")
    return 1, None


def _word_before(text: str, pos: int) -> str:
    """The word before `pos`, without a conjunction."""
    words = text[max(0, pos - 30):pos].split()
    return words[-1].lstrip("وف") if words else ""


def _actor(first: LexMatch, last: LexMatch, actor, rule: str = "alias") -> ActorMention:
    return ActorMention(first.word_start, last.word_end, Entity(actor.name, actor.polity, actor.id, actor.kind),
                        prefix=first.prefix, rule=rule)


def _resolve_short(match: LexMatch, kb: KnowledgeBase, seen_full: dict[str, str]):
    actor_id = seen_full.get(match.key)
    if actor_id:
        return kb.actors_by_id[actor_id]
    actor = match.payload.actor
    return actor if actor.short_default else None


def _name_after(text: str, start: int, kb: KnowledgeBase, limit: int) -> tuple[str, int] | None:
    """Up to three name-like words after a title: 'وزير الداخلية الإيطالي ماتيو بيانتيدوسي'."""
    pos = start
    while pos < len(text) and text[pos] in " ،,":
        pos += 1
        if text[pos - 1] in "،,":
            break
    words: list[str] = []
    end = pos
    for m in _WORD.finditer(text, pos, min(limit, pos + 60)):
        if m.start() != end and text[end:m.start()].strip():
            break
        word = m.group()
        bare = word[1:] if word[:1] in "وف" else word
        if word in kb.not_names or word in kb.month_numbers or word.isdigit() or bare in kb.verb_forms \
                or word in kb.verb_forms or len(word) < 2 or word.startswith(("ال", "وال", "بال", "لل")):
            break
        words.append(word)
        end = m.end()
        if len(words) == 3:
            break
    if not words or len(words) == 1:
        return None  # one unknown word after a title is more often an adjective than a name
    return " ".join(words), end - start


def _is_subject_position(text: str, match: LexMatch, kb: KnowledgeBase) -> bool:
    """A capital or a camp's seat stands for its government where it is a subject: right after a
    verb ('أعلنت أنقرة'، 'اتُهمت بنغازي'), at the start of a clause, or before a relative clause
    ('حتى باريس، التي أرسلت'). After a preposition or a locative noun it is a place."""
    if match.prefix and match.prefix[-1] in "بل":
        return False
    before = text[max(0, match.word_start - 25):match.word_start].split()
    previous = before[-1] if before else ""
    if previous.lstrip("وف") == "حتي" and _RELATIVE_AFTER.match(text, match.word_end):
        return True  # 'حتى باريس، التي أرسلت قواتها': even Paris, not until Paris
    if previous.lstrip("وف") in _LOCATIVE or previous in _LOCATIVE:
        return False
    if not previous or previous[-1] in ".،,:؛\"(" or text[match.word_start - 1:match.word_start] in "\n":
        return True
    if previous.lstrip("وف") in kb.verb_forms or previous in kb.verb_forms:
        return True
    if previous[:1] in "وف" and previous.endswith("ت") and len(previous) >= 5 and not previous.startswith(("وال", "فال")):
        return True  # 'وسارعت القاهرة': after a verb in the feminine past, as states and capitals take
    return _RELATIVE_AFTER.match(text, match.word_end) is not None
