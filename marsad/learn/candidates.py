"""Candidates for the learned decisions, each with the features a model reads.

Four kinds, one per decision:
  anchor       trigger words in a sentence: is an event reported here, and of which type?
  participant  (anchor, polity): does the polity take part in that event?
  polity set   (anchor, the k likeliest participants): are these exactly the event's sides?
  date         (anchor, date): is this the event's date?

Features are name -> value maps: the rules' own signals (what they coded at these words, their
roles, their date), word order, prepositions, distances, gazetteer classes and the words around.
They are plain data, so the same code serves training (`marsad.learn.train`) and extraction.
"""
from __future__ import annotations

import math
import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field

from marsad.events.reading import Reading, past_deadline
from marsad.events.roles import group_phrases
from marsad.mentions.actors import ActorMention
from marsad.records import DateValue, Event, Sentence
from marsad.text.lexicon import LexMatch

Features = dict[str, float]

_WORD = re.compile(r"\w+")
_SAID = re.compile(r"(?:^|\s)[وف]?(?:قال|قالت|اكد|اكدت|اوضح|اوضحت|اضاف|اضافت|صرح|صرحت|افاد|افادت|ذكر|ذكرت|"
                   r"اشار|اشارت|اعلن|اعلنت|يقول|تقول|يري|تري|راي|رات|يعتبر|تعتبر|اعتبر|اعتبرت)(?=\s)")
_THAT = re.compile(r"(?:^|\s)[وف]?(?:ب)?(?:ان|انه|انها|انهم)(?=\s)")
_NEGATION = re.compile(r"(?:^|\s)[وف]?(?:لم|لن|لا|ما|ليس|ليست|دون|بدون|عدم|غير)(?=\s)")
_RELATIVE = re.compile(r"(?:^|\s)(?:الذي|التي|الذين|اللذين|اللتين)(?=\s)")
_OPINION = re.compile(r"(?:^|\s)[وف]?(?:يري|تري|يرى|ترى|يعتقد|تعتقد|يتوقع|تتوقع|محلل|محللون|مراقبون|خبراء|خبير|"
                      r"ربما|قد\s+ي|من المرجح|من المتوقع|يبدو)(?=\s|\w)")
_JUNK_LINE = re.compile(r"[|>»]|اقرا ايضا|اقرا المزيد|شارك|تابعونا|اشترك|الكلمات المفتاحيه|جميع الحقوق|تعليق")
_FUNCTION_WORDS = frozenset("""مع الي الى في من علي على عن بين لدي لدى ضد حول عبر نحو تجاه بحق برفقه بمشاركه بحضور
قبل بعد خلال عقب اثر منذ و او ثم ان انه قد الذي التي""".split())
ORGS = frozenset({"UN", "EU", "AU", "NATO", "ARAB_LEAGUE", "GCC", "OPEC", "ICC", "IMF", "WORLD_BANK", "OIC", "OSCE",
                  "SCO", "BRICS", "IGO"})
_SENTENCE_WINDOW = 1  # sentences before the anchor's own where participants may be named


def bucket(n: float, edges=(0, 1, 2, 3, 5, 8, 12, 20, 35)) -> str:
    for e in edges:
        if n <= e:
            return str(e)
    return f">{edges[-1]}"


@dataclass
class Anchor:
    """Trigger words and everything the later decisions need to know about their place."""

    match: LexMatch
    sentence: Sentence
    index: int  # of the anchor in the document
    readings: list  # (pos, Trigger)
    rule_events: list[Event]
    features: Features = field(default_factory=dict)

    @property
    def start(self) -> int:
        return self.match.start


@dataclass
class Participant:
    polity: str
    mentions: list[ActorMention]  # of this polity near the anchor, nearest first
    features: Features = field(default_factory=dict)
    mates: frozenset[str] = frozenset()  # polities named in one phrase with it ('السعودية والإمارات') in the sentence


@dataclass
class PolitySet:
    """The k likeliest participants of one event, as one choice: a decision per polity alone cannot
    weigh 'two sides or three' against the rest, and the scorer counts an event right only when its
    whole set of polities is."""

    members: list[tuple[Participant, float]]  # with their participant scores
    features: Features = field(default_factory=dict)

    @property
    def polities(self) -> frozenset[str]:
        return frozenset(p.polity for p, _ in self.members)


@dataclass
class DateOption:
    value: DateValue | None  # None: the publication date
    iso: str
    source: str
    features: Features = field(default_factory=dict)


def mention_polity(m: ActorMention) -> str | None:
    if m.entity is not None:
        return m.entity.polity
    return m.place_polity


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


class DocumentFeatures:
    """The per-document facts features are read from: built once, read by every anchor."""

    def __init__(self, reading: Reading, rule: list[Event], proposals: dict, prepositions: dict[str, str]):
        self.reading = reading
        self.text = reading.text
        self.proposals = proposals
        norm = reading.norm
        self.mention_counts = Counter(p for m in reading.mentions.items if (p := mention_polity(m)))
        ranked = [p for p, _ in self.mention_counts.most_common()]
        self.rank = {p: i for i, p in enumerate(ranked)}
        lead = [m for m in reading.mentions.within(0, 300) if m.place]
        self.dateline = mention_polity(lead[0]) if lead else None
        # the rules' events by the normalized position of their trigger
        self.rule_at: dict[int, list[Event]] = {}
        starts = norm.offsets
        for ev in rule:
            if ev.trigger_span is None:
                continue
            at = bisect_left(starts, ev.trigger_span[0])
            self.rule_at.setdefault(at, []).append(ev)
        self.rule_sorted = sorted(self.rule_at.items())
        self.rule_starts = [at for at, _ in self.rule_sorted]
        self.anchor_starts: list[int] = [t.start for t in reading.triggers.items]
        self.prepositions = prepositions
        self._phrases: dict[int, dict[int, tuple[str, int]]] = {}
        self._phrase_polities: dict[int, list[set[str]]] = {}
        self._polities_by_sentence: dict[int, set[str]] = {}
        self._subjects: dict[int, set[str]] = {}

    def rule_events_at(self, match: LexMatch) -> list[Event]:
        out = []
        for at in range(match.start, match.end):
            out += self.rule_at.get(at, [])
        return out

    def told_before(self, position: int, reach: int = 3) -> list[Event]:
        """The rules' last events told before `position`: the story's sides so far."""
        out = []
        for i in range(bisect_left(self.rule_starts, position) - 1, -1, -1):
            out += self.rule_sorted[i][1]
            if len(out) >= reach:
                break
        return out

    def sentence_polities(self, s: Sentence) -> set[str]:
        if s.index not in self._polities_by_sentence:
            self._polities_by_sentence[s.index] = {p for x in self.reading.mentions.within(s.start, s.end)
                                                   if (p := mention_polity(x))}
        return self._polities_by_sentence[s.index]

    def relation(self, s: Sentence, mention: ActorMention) -> tuple[str, int]:
        """The phrase relation of a mention in its sentence (bare, with, to, against, from, in, of) and
        the phrase's order among the sentence's phrases."""
        if s.index not in self._phrases:
            inside = self.reading.mentions.within(s.start, s.end)
            phrases = group_phrases(self.text, inside, self.prepositions) if inside else []
            self._phrases[s.index] = {id(x): (ph.relation, k) for k, ph in enumerate(phrases) for x in ph.mentions}
            self._phrase_polities[s.index] = [{p for x in ph.mentions if (p := mention_polity(x))} for ph in phrases]
        return self._phrases[s.index].get(id(mention), ("none", -1))

    def phrase_mates(self, s: Sentence, mention: ActorMention) -> set[str]:
        """The other polities of the mention's phrase: sides listed together mostly act together."""
        _, k = self.relation(s, mention)
        return self._phrase_polities[s.index][k] - {mention_polity(mention)} if k >= 0 else set()

    def sentence_subject(self, s: Sentence) -> set[str]:
        """Polities a sentence is about: its rules' actors, else its first bare phrase. A verb in the next
        sentence with no subject of its own ('وأضاف أن …'، 'كما دعا …') goes on with them."""
        if s.index not in self._subjects:
            inside = self.rule_sorted[bisect_left(self.rule_starts, s.start):bisect_left(self.rule_starts, s.end)]
            actors = {e.polity for _, evs in inside for ev in evs for e in ev.actor}
            if not actors:
                inside = self.reading.mentions.within(s.start, s.end)
                for x in inside:
                    if self.relation(s, x)[0] == "bare" and mention_polity(x) and not x.place:
                        actors = {mention_polity(x)}
                        break
            self._subjects[s.index] = {p for p in actors if p}
        return self._subjects[s.index]

    def mention_view(self, a: "Anchor", x: ActorMention) -> Features:
        """How one mention stands to the anchor: side, distance, relation, what lies between."""
        text, m, s = self.text, a.match, a.sentence
        t = a.readings[0][1].event_type if a.readings else "NONE"
        frame = a.readings[0][1].frame if a.readings else "none"
        pos = a.readings[0][0] if a.readings else "none"
        same = s.start <= x.start < s.end
        side = "before" if x.end <= m.word_start else "after" if x.start >= m.word_end else "over"
        lo, hi = (x.end, m.word_start) if side == "before" else (m.word_end, x.start)
        gap = text[lo:hi] if hi > lo else ""
        gap_words = _words(gap)
        dist = len(gap_words)
        kind = _kind(x)
        relation, order = self.relation(s, x) if same else ("other-sentence", -1)
        before_words = _words(text[max(0, x.start - 30):x.start])
        wb = before_words[-1] if before_words and before_words[-1] in _FUNCTION_WORDS else "-"
        between = self.anchors_between(min(lo, hi), max(lo, hi)) if same else -1
        proposal = self.proposals.get(m.start)
        clause = "no-clause" if proposal is None else \
            "in-clause" if proposal.clause_start <= x.start < proposal.clause_end else "out-of-clause"
        v: Features = {f"clause={clause}": 1.0, f"clause={clause}|rel={relation}|{side}": 1.0, f"side={side}": 1.0, f"dist={bucket(dist)}": 1.0, "dist_words": dist, f"kind={kind}": 1.0,
                       f"rel={relation}": 1.0, f"mrule={x.rule}": 1.0, f"wb={wb}": 1.0,
                       f"between={bucket(between, (-1, 0, 1, 2))}": 1.0,
                       f"side={side}|rel={relation}|{pos}": 1.0, f"kind={kind}|rel={relation}": 1.0,
                       f"side={side}|{frame}|{pos}|rel={relation}": 1.0,
                       f"dist={bucket(dist, (0, 2, 5, 10))}|{side}|{t}": 1.0}
        if same:
            v["comma_between"] = float("،" in gap or "," in gap)
            v["that_between"] = float(bool(_THAT.search(" " + gap + " ")))
            v["relative_between"] = float(bool(_RELATIVE.search(" " + gap + " ")))
            v["said_between"] = float(bool(_SAID.search(" " + gap + " ")))
            for w in gap_words[:4] if dist <= 4 else ():
                v[f"gapw={w}"] = 1.0
        if x.weak:
            v["weak"] = 1.0
        v["_kind"] = kind
        v["_any"] = (f"kind={kind}|side={side}|{clause}", f"rel={relation}|side={side}", f"wb={wb}|kind={kind}",
                     f"near={dist <= 3}|side={side}|kind={kind}")
        return v

    def anchors_between(self, lo: int, hi: int) -> int:
        return max(0, bisect_left(self.anchor_starts, hi) - bisect_left(self.anchor_starts, lo))


def anchors(reading: Reading, rule: list[Event], proposals: dict, prepositions: dict[str, str], *,
            deadline: float | None = None) -> tuple[DocumentFeatures, list[Anchor]]:
    facts = DocumentFeatures(reading, rule, proposals, prepositions)
    out: list[Anchor] = []
    for sentence in reading.sentences:
        past_deadline(deadline, reading, sentence.start)
        for match in reading.triggers.within(sentence.start, sentence.end):
            anchor = Anchor(match, sentence, len(out), reading.readings[(match.start, match.end)],
                            facts.rule_events_at(match))
            anchor.features = anchor_features(facts, anchor)
            out.append(anchor)
    return facts, out


def anchor_features(facts: DocumentFeatures, a: Anchor) -> Features:
    text, m, s = facts.text, a.match, a.sentence
    f: Features = {"bias": 1.0}
    for pos, trig in a.readings:
        f[f"rt={trig.event_type}"] = 1.0
        f[f"rid={trig.id}"] = 1.0
        f[f"pos={pos}"] = 1.0
        f[f"frame={trig.frame}"] = 1.0
        if trig.aux:
            f[f"raux={trig.aux}"] = 1.0
    f["nread"] = len(a.readings)
    word = text[m.word_start:m.word_end]
    f[f"tk={m.key}"] = 1.0
    f[f"w0={word}"] = 1.0
    f[f"pre={m.prefix}"] = 1.0
    suffix = text[m.end:m.word_end]
    f[f"suf={suffix}"] = 1.0
    before = _words(text[max(s.start, m.word_start - 60):m.word_start])
    after = _words(text[m.word_end:min(s.end, m.word_end + 60)])
    for i, w in enumerate(reversed(before[-3:]), 1):
        f[f"w-{i}={w}"] = 1.0
    for i, w in enumerate(after[:3], 1):
        f[f"w+{i}={w}"] = 1.0
    if before:
        f[f"bi={before[-1]}_{m.key}"] = 1.0
    for w in before[-6:]:
        f[f"bw={w}"] = 1.0
    for w in after[:6]:
        f[f"aw={w}"] = 1.0
    # what the rules made of these words
    if a.rule_events:
        for ev in a.rule_events:
            f[f"rule={ev.event_type}"] = 1.0
            f[f"rule_aux={ev.aux}"] = 1.0
            f[f"rule_mode={ev.mode}"] = 1.0
        f["rule_npol"] = max(len(ev.polities) for ev in a.rule_events)
        f["rule_conf"] = max(ev.confidence for ev in a.rule_events)
    else:
        f["rule=none"] = 1.0
    proposal = facts.proposals.get(m.start)
    if proposal is None:
        f["proposal=none"] = 1.0
    else:
        sides = ("a" if proposal.actor else "") + ("r" if proposal.recipient else "")
        f[f"proposal={sides or 'empty'}"] = 1.0
        polities = {e.polity for e in proposal.actor + proposal.recipient if e.polity}
        f[f"proposal_polities={bucket(len(polities), (0, 1, 2, 3))}"] = 1.0
    # aux cues, dates and names around
    for cue in facts.reading.cues.within(s.start, s.end):
        side = "b" if cue.end <= m.start else "a"
        f[f"cue={cue.payload}:{side}:{bucket(abs(cue.start - m.start) // 6, (1, 3, 6, 12))}"] = 1.0
    lead_in = text[max(s.start, m.word_start - 25):m.word_start]
    if _NEGATION.search(lead_in):
        f["neg_before"] = 1.0
    if _SAID.search(text, s.start, m.word_start):
        f["said_before"] = 1.0
    if _THAT.search(text, s.start, m.word_start):
        f["that_before"] = 1.0
    if _RELATIVE.search(lead_in):
        f["relative_before"] = 1.0
    if _OPINION.search(text, s.start, s.end):
        f["opinion_in_sentence"] = 1.0
    dates = facts.reading.dates.within(s.start, s.end)
    reference = facts.reading.reference
    for d in dates:
        f[f"date_prec={len(d.iso)}"] = 1.0
        if reference is not None and d.iso > reference.isoformat()[:len(d.iso)]:
            f["date_after_pub"] = 1.0
        if reference is not None and d.iso[:4].isdigit() and int(d.iso[:4]) <= reference.year - 2:
            f["date_years_back"] = 1.0
    if not dates:
        f["no_date_in_sentence"] = 1.0
    in_sentence = facts.reading.mentions.within(s.start, s.end)
    polities = {mention_polity(x) for x in in_sentence if mention_polity(x)}
    f[f"npol={bucket(len(polities), (0, 1, 2, 3))}"] = 1.0
    right_after = [x for x in in_sentence if 0 <= x.start - m.word_end <= 12]
    right_before = [x for x in in_sentence if 0 <= m.word_start - x.end <= 12]
    for x in right_after[:1]:
        f[f"ment_after={_kind(x)}"] = 1.0
    for x in right_before[:1]:
        f[f"ment_before={_kind(x)}"] = 1.0
    f[f"sent_index={bucket(s.index, (0, 1, 2, 3, 5, 10, 20))}"] = 1.0
    # The trigger's line as far as its sentence goes: a headline or menu line is short and unpunctuated
    # wherever it stands, and an article whose paragraphs come on one line (JSONL, a flattened page)
    # reads the same as one that keeps its line breaks.
    line_start = max(text.rfind("\n", s.start, m.start) + 1, s.start)
    line_end = text.find("\n", m.start, s.end)
    line = text[line_start:line_end if line_end >= 0 else s.end]
    n_words = len(line.split())
    f[f"line_words={bucket(n_words, (3, 6, 10, 15, 25, 40))}"] = 1.0
    if _JUNK_LINE.search(line):
        f["junk_line"] = 1.0
    if not line.rstrip().endswith((".", "؟", "!", ":", "،", '"', ")")):
        f["line_unpunctuated"] = 1.0
    if "?" in s.text or "؟" in s.text:
        f["question"] = 1.0
    if text.count('"', s.start, m.start) % 2 == 1:
        f["in_quote"] = 1.0
    f[f"anchors_in_sentence={bucket(len(facts.reading.triggers.within(s.start, s.end)), (1, 2, 3, 5, 8))}"] = 1.0
    return f


def _kind(m: ActorMention) -> str:
    if m.entity is None:
        return "place"
    if m.weak:
        return "demonym"
    return m.entity.kind


def participants(facts: DocumentFeatures, a: Anchor, event_type: str | None) -> list[Participant]:
    """Every polity named near the anchor, or taking part in what the rules coded there or told just before."""
    reading, text, m = facts.reading, facts.text, a.match
    sentences = reading.sentences
    first = max(0, a.sentence.index - _SENTENCE_WINDOW)
    lo = sentences[first].start if sentences else 0
    near = [x for x in reading.mentions.within(lo, a.sentence.end) if mention_polity(x)]
    by_polity: dict[str, list[ActorMention]] = {}
    for x in sorted(near, key=lambda x: (x.start < a.sentence.start, abs(x.start - m.start))):
        by_polity.setdefault(mention_polity(x), []).append(x)
    rule_roles: dict[str, set[str]] = {}
    proposal = facts.proposals.get(m.start)
    if proposal is not None:
        for e in proposal.actor:
            rule_roles.setdefault(e.polity, set()).add("proposed_actor")
        for e in proposal.recipient:
            rule_roles.setdefault(e.polity, set()).add("proposed_recipient")
    for ev in a.rule_events:
        for e in ev.actor:
            rule_roles.setdefault(e.polity, set()).add("actor")
        for e in ev.recipient:
            rule_roles.setdefault(e.polity, set()).add("recipient")
    told = facts.told_before(a.sentence.start)
    told_polities = {p for ev in told for p in ev.polities}
    candidates = set(by_polity) | {p for p in rule_roles if p} | {p for p in told_polities if p}
    out = []
    coded = {p for p, roles in rule_roles.items() if roles & {"actor", "recipient"}}
    for polity in sorted(candidates):
        mentions = by_polity.get(polity, [])
        mates = frozenset().union(*(facts.phrase_mates(a.sentence, x) for x in mentions
                                    if a.sentence.start <= x.start < a.sentence.end))
        part = Participant(polity, mentions, mates=mates)
        part.features = participant_features(facts, a, part, event_type, rule_roles.get(polity, set()),
                                             polity in told_polities)
        if mates:
            part.features[f"mates={bucket(len(mates), (1, 2, 3))}"] = 1.0
            part.features[f"mates|{event_type or 'NONE'}"] = 1.0
            if mates & coded:
                part.features["mate_coded"] = 1.0
        out.append(part)
    return out


def participant_features(facts: DocumentFeatures, a: Anchor, part: Participant, event_type: str | None,
                         rule_roles: set[str], told: bool) -> Features:
    s = a.sentence
    f: Features = {"bias": 1.0}
    t = event_type or "NONE"
    f[f"type={t}"] = 1.0
    pos = a.readings[0][0] if a.readings else "none"
    frame = a.readings[0][1].frame if a.readings else "none"
    f[f"pos={pos}"] = 1.0
    f[f"frame={frame}"] = 1.0
    for role in rule_roles:
        f[f"rule_{role}"] = 1.0
        f[f"rule_{role}|{t}"] = 1.0
    proposal = facts.proposals.get(a.match.start)
    if proposal is None:
        f["no_proposal"] = 1.0
    if a.rule_events:
        f["rule_coded_here"] = 1.0
        if not rule_roles:
            f["rule_left_out"] = 1.0
            f[f"rule_left_out|{t}"] = 1.0
    if told:
        f["told_before"] = 1.0
    polity = part.polity
    f["is_org"] = float(polity in ORGS)
    f["is_camp"] = float(polity.startswith("LBY-"))
    f["is_libya"] = float(polity == "LBY")
    f["is_dateline"] = float(polity == facts.dateline)
    f["doc_count"] = facts.mention_counts.get(polity, 0)
    f[f"doc_rank={bucket(facts.rank.get(polity, 99), (0, 1, 2, 4, 8))}"] = 1.0
    in_sentence = [x for x in part.mentions if s.start <= x.start < s.end]
    f["n_in_sentence"] = len(in_sentence)
    if s.index > 0:
        previous = facts.reading.sentences[s.index - 1]
        if polity in facts.sentence_subject(previous):
            f["previous_subject"] = 1.0
            f[f"previous_subject|{t}|{pos}"] = 1.0
    own = facts.proposals.get(a.match.start)
    f["own_subject"] = float(own is not None and bool(own.actor))
    if polity in facts.sentence_subject(s):
        f["sentence_subject"] = 1.0
    f["n_near"] = len(part.mentions)
    others = facts.sentence_polities(s)
    f[f"sentence_polities={bucket(len(others), (1, 2, 3, 4, 6))}"] = 1.0
    if not part.mentions:
        f["not_named_near"] = 1.0
        f[f"not_named|{t}"] = 1.0
        return f
    if not in_sentence:
        f["only_previous_sentence"] = 1.0
        f[f"only_previous_sentence|{t}"] = 1.0
    # every mention of the polity in the sentence says something: a person named as subject and the
    # country's name in a place phrase are both there; the nearest of each kind, and what any has
    views = [facts.mention_view(a, x) for x in (in_sentence or part.mentions[:1])]
    nearest = views[0]
    for key, value in nearest.items():
        if not key.startswith("_"):
            f["n:" + key] = value
    for v in views:
        for key in v.get("_any", ()):
            f["any:" + key] = 1.0
            f[f"any:{key}|{t}"] = 1.0
    actors = [v for v in views if v["_kind"] not in ("place", "demonym")]
    if actors:
        for key, value in actors[0].items():
            if not key.startswith("_"):
                f["a:" + key] = value
    return f


MAX_SET_SIZE = 5
# What a participant's own features say that matters to the set: how it is named and where.
_MEMBER_KEYS = ("n:rel=", "n:side=", "n:kind=", "n:clause=", "a:rel=", "rule_", "is_", "told_before", "mate",
                "sentence_subject", "previous_subject", "only_previous_sentence", "not_named_near")


def polity_sets(event_type: str | None, scored: list[tuple[Participant, float]]) -> list[PolitySet]:
    """The likeliest participant, the two likeliest, … up to MAX_SET_SIZE, each with features: its size,
    the scores inside and just outside it, how it stands to what the rules coded, and the features of
    the last polity in and the first left out."""
    t = event_type or "NONE"
    ranked = sorted(scored, key=lambda pq: (-pq[1], pq[0].polity))
    q = [score for _, score in ranked]
    coded = {p.polity for p, _ in ranked if "rule_actor" in p.features or "rule_recipient" in p.features}
    proposed = {p.polity for p, _ in ranked
                if "rule_proposed_actor" in p.features or "rule_proposed_recipient" in p.features}
    over_half = sum(score >= 0.5 for score in q)
    first = ranked[0][0].features if ranked else {}
    anchor = {k: v for k, v in first.items() if k.startswith(("pos=", "frame="))}
    own = [_member_features(p) for p, _ in ranked]  # each is the last member of one set and the next of another
    candidates = {p.polity for p, _ in ranked}
    out = []
    for k in range(1, min(MAX_SET_SIZE, len(ranked)) + 1):
        members = ranked[:k]
        inside = {p.polity for p, _ in members}
        after = q[k] if k < len(q) else 0.0
        f: Features = {"bias": 1.0, "k": k, f"k={k}|{t}": 1.0, f"type={t}": 1.0, "q_last": q[k - 1],
                       "q_next": after, "q_gap": q[k - 1] - after,
                       "log_q_in": sum(math.log(max(x, 1e-6)) for x in q[:k]),
                       "log_q_out": sum(math.log(max(1 - x, 1e-6)) for x in q[k:k + 4]),
                       "n_over_half": over_half, "k_minus_over_half": k - over_half, "candidates": len(q),
                       "is_rules_set": float(inside == coded), "has_rules_set": float(coded <= inside) if coded else -1.0,
                       "beyond_rules": len(inside - coded), "rules_size": len(coded),
                       "is_proposed_set": float(inside == proposed),
                       "orgs": sum(p in ORGS for p in inside), "camps": sum(p.startswith("LBY-") for p in inside),
                       "libya_and_camp": float("LBY" in inside and any(p.startswith("LBY-") for p in inside))}
        # a cut through a list of sides ('السعودية والإمارات | والبحرين') is rarely where an event's sides end
        split = sum(1 for p, _ in members if (p.mates & candidates) - inside)
        f["split_phrases"] = split
        f["whole_phrases"] = float(split == 0)
        f["last_is_mate"] = float(bool(ranked[k - 1][0].mates & inside))
        if k < len(ranked):
            f["next_is_mate"] = float(bool(ranked[k][0].mates & inside))
        f.update(anchor)
        f.update(("last:" + key, value) for key, value in own[k - 1])
        if k < len(ranked):
            f.update(("next:" + key, value) for key, value in own[k])
        out.append(PolitySet(members, f))
    return out


def _member_features(part: Participant) -> list[tuple[str, float]]:
    return [(k, v) for k, v in part.features.items() if k.startswith(_MEMBER_KEYS) and "|" not in k]


def date_options(facts: DocumentFeatures, a: Anchor, event_type: str | None) -> list[DateOption]:
    """Dates stated in the anchor's sentence and the one before, the rules' date, the publication date."""
    reading, text, m, s = facts.reading, facts.text, a.match, a.sentence
    sentences = reading.sentences
    prev = sentences[s.index - 1] if s.index > 0 else None
    options: dict[str, DateOption] = {}
    for source, (lo, hi) in (("sentence", (s.start, s.end)), ("previous", (prev.start, prev.end) if prev else (0, 0))):
        for d in reading.dates.within(lo, hi):
            if d.iso not in options:
                options[d.iso] = DateOption(d, d.iso, source)
    rule_dates = {ev.date for ev in a.rule_events if ev.date}
    for iso in rule_dates:
        options.setdefault(iso, DateOption(None, iso, "rule"))
    lead = [d for d in reading.dates.within(0, 1200) if len(d.iso) == 10]
    if lead:
        options.setdefault(lead[0].iso, DateOption(lead[0], lead[0].iso, "lead"))
    if reading.reference is not None:
        iso = reading.reference.isoformat()
        options.setdefault(iso, DateOption(None, iso, "publication"))
    t = event_type or "NONE"
    out = list(options.values())
    sentence_dates = [o for o in out if o.source == "sentence" and o.value is not None]
    nearest = min(sentence_dates, key=lambda o: abs(o.value.start - m.start)) if sentence_dates else None
    for o in out:
        f: Features = {"bias": 1.0, f"src={o.source}": 1.0, f"src={o.source}|{t}": 1.0,
                       f"prec={len(o.iso)}": 1.0, f"prec={len(o.iso)}|{o.source}": 1.0}
        if o.iso in rule_dates:
            f["rule_date"] = 1.0
            f[f"rule_date|{o.source}"] = 1.0
        if reading.reference is not None:
            ref = reading.reference.isoformat()
            f["after_pub"] = float(o.iso > ref[:len(o.iso)])
            f["is_pub"] = float(o.iso == ref)
            try:
                f["years_back"] = reading.reference.year - int(o.iso[:4])
            except ValueError:
                pass
        d = o.value
        if d is not None and o.source in ("sentence", "previous"):
            side = "before" if d.end <= m.start else "after"
            dist = len(_words(text[min(d.end, m.start):max(d.start, m.end)]))
            f[f"side={side}"] = 1.0
            f[f"dist={bucket(dist)}"] = 1.0
            f[f"dist={bucket(dist, (0, 3, 8, 15))}|{side}|{o.source}"] = 1.0
            f["relative"] = float(d.relative)
            lo, hi = (d.end, m.start) if side == "before" else (m.end, d.start)
            f[f"anchors_between={bucket(facts.anchors_between(lo, hi), (0, 1, 2))}"] = 1.0
            lead_words = _words(text[max(0, d.start - 12):d.start])
            if lead_words:
                f[f"dwb={lead_words[-1]}"] = 1.0
            f["nearest"] = float(o is nearest)
            f["in_parens"] = float(text.rfind("(", s.start, d.start) > text.rfind(")", s.start, d.start))
        out_f = f
        o.features = out_f
    return out
