"""The loaded knowledge base: validated entries plus the lexicons compiled from them.

Built once by `load_knowledge`; read-only afterwards, so one instance can be
shared by every extraction in a process (or broadcast to Spark executors).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from marsad.knowledge import schema
from marsad.text.lexicon import NAME_PREFIXES, NOUN_PREFIXES, PRONOUNS, VERB_PREFIXES, Lexicon
from marsad.text.normalize import normalize_key

DEMONYM_ENDINGS = ("", "ا", "ه", "ان", "ين", "ون", "ات", "تان", "تين")  # 'ا': accusative 'وفداً مصرياً'
BROKEN_PLURAL_ENDINGS = ("", "ا")  # indefinite 'خبراء روس'، accusative 'مستشارين روساً'
NOUN_ENDINGS = ("", "ان", "ين")
_POSSESSIVES = ("ه", "ها", "هم", "هما")  # 'عن قلقها'، 'دعمه': never read off a ة (see Lexicon.find)


@dataclass(frozen=True)
class Term:
    """What a mention lexicon entry stands for; `kind` says which field is set."""

    kind: str  # actor | short | state | metonym | capital | demonym | place | title | group | agent
    actor: schema.Actor | None = None
    agent: schema.Agent | None = None
    state: schema.State | None = None
    place: schema.Place | None = None
    title: schema.Title | None = None
    word: str | None = None
    plural: bool = False  # a broken-plural demonym (الروس، أتراك): people, never a bare adjective


def _with_construct(phrase: str) -> list[str]:
    """'وزير الخارجية' also as the head of a construct, 'وزير خارجية مصر'، 'وزارة خارجية طرابلس'."""
    words = phrase.split()
    if len(words) == 2 and words[1].startswith("ال") and len(words[1]) > 4:
        return [phrase, f"{words[0]} {words[1][2:]}"]
    return [phrase]


def _feminine_forms(verbs: list[str]) -> list[str]:
    """Third person feminine singular forms of a trigger's verbs: 'التقت' beside 'التقى', 'تزور' beside
    'يزور', 'قامت بزيارة' beside 'قام بزيارة'. Told apart by the masculine form standing in the same list."""
    forms = {normalize_key(v) for v in verbs}
    out = []
    for form in forms:
        head, _, rest = form.partition(" ")
        tail = (" " + rest) if rest else ""
        if head.endswith("ت") and len(head) > 3 and any(head[:-1] + end + tail in forms for end in ("", "ى", "ي")):
            out.append(form)  # past: زارت, التقت
        elif head.startswith("ت") and len(head) > 3 and "ي" + head[1:] + tail in forms:
            out.append(form)  # present: تزور, تلتقي
    return out


@dataclass(eq=False)  # hashed by identity: one instance per process
class KnowledgeBase:
    actors: list[schema.Actor]
    states: list[schema.State]
    places: list[schema.Place]
    titles: list[schema.Title]
    triggers: list[schema.Trigger]
    months: list[schema.Month]
    agents: list[schema.Agent]
    cues: dict
    files_version: str  # digest of the knowledge files
    models: object | None = field(default=None, compare=False)  # marsad.learn.models.Models, set by load_knowledge
    mentions: Lexicon = field(init=False)
    trigger_words: Lexicon = field(init=False)
    aux_cues: Lexicon = field(init=False)
    prepositions: dict[str, str] = field(init=False)
    month_numbers: dict[str, int] = field(init=False)
    ordinary_month_words: frozenset[str] = field(init=False)
    not_names: frozenset[str] = field(init=False)
    both_sides: frozenset[str] = field(init=False)
    both_presidents: frozenset[str] = field(init=False)
    content_triggers: frozenset[str] = field(init=False)
    feminine_verbs: frozenset[str] = field(init=False)
    women: frozenset[str] = field(init=False)
    feminine_titles: frozenset[str] = field(init=False)
    described_nouns: frozenset[str] = field(init=False)
    framing_nouns: frozenset[str] = field(init=False)
    followed_suit: frozenset[str] = field(init=False)
    office_nouns: frozenset[str] = field(init=False)
    referring_objects: dict[str, tuple[str, ...]] = field(init=False)
    verb_forms: frozenset[str] = field(init=False)
    title_words: frozenset[str] = field(init=False)
    states_by_code: dict[str, schema.State] = field(init=False)
    actors_by_id: dict[str, schema.Actor] = field(init=False)
    role_holders: dict[tuple[str, str], list[tuple[schema.Actor, schema.Role]]] = field(init=False)

    @property
    def version(self) -> str:
        """What made a record: the knowledge files' digest and the models' ('rules' for the rules alone), so that a
        store or a Spark run tells records of retrained or switched models (MARSAD_MODELS) from the others."""
        return f"{self.files_version}-{self.models.version if self.models is not None else 'rules'}"

    def __post_init__(self) -> None:
        self.states_by_code = {s.code: s for s in self.states}
        self.actors_by_id = {a.id: a for a in self.actors}
        self.role_holders = {}
        for actor in self.actors:
            for role in actor.roles:
                self.role_holders.setdefault((role.title, role.polity), []).append((actor, role))
        self.mentions = self._mention_lexicon()
        self.trigger_words = self._trigger_lexicon()
        self.aux_cues = Lexicon()
        for kind, words in (self.cues.get("aux") or {}).items():
            for word in words:
                self.aux_cues.add(word, kind, prefixes=NOUN_PREFIXES)
        self.prepositions = {normalize_key(w): role for role, words in (self.cues.get("prepositions") or {}).items()
                             for w in words}
        self.month_numbers = {normalize_key(n): m.number for m in self.months for n in m.names_ar}
        self.ordinary_month_words = frozenset(normalize_key(n) for m in self.months for n in m.ordinary_ar)
        self.not_names = frozenset(normalize_key(w) for w in self.cues.get("not_names") or [])
        self.title_words = frozenset(normalize_key(a) for t in self.titles for a in t.ar)
        self.verb_forms = frozenset(normalize_key(v) for t in self.triggers for v in t.verbs if " " not in v)
        self.both_sides = frozenset(normalize_key(w) for w in self.cues.get("both_sides") or [])
        self.both_presidents = frozenset(normalize_key(w) for w in self.cues.get("both_presidents") or [])
        self.content_triggers = frozenset(self.cues.get("content_triggers") or [])
        self.feminine_verbs = frozenset(f for t in self.triggers for f in _feminine_forms(t.verbs))
        self.women = frozenset(a.id for a in self.actors if a.female)
        self.feminine_titles = frozenset(normalize_key(w) for w in self.cues.get("feminine_titles") or [])
        self.described_nouns = frozenset(normalize_key(w) for w in self.cues.get("described_nouns") or [])
        self.framing_nouns = frozenset(normalize_key(w) for w in self.cues.get("framing_nouns") or [])
        self.followed_suit = frozenset(normalize_key(w) for w in self.cues.get("followed_suit") or [])
        self.office_nouns = frozenset(normalize_key(w) for w in self.cues.get("office_nouns") or [])
        self.name_phrases = Lexicon()
        for phrase in self.cues.get("name_phrases") or []:
            self.name_phrases.add(phrase, phrase, prefixes=NOUN_PREFIXES)
        self.camp_regions = {normalize_key(w): codes[0] for w, codes in (self.cues.get("camp_regions") or {}).items()
                             if codes}
        self.referring_objects = {normalize_key(w): tuple(types or ())
                                  for w, types in (self.cues.get("referring_objects") or {}).items()}

    def takes_content(self, trigger: schema.Trigger) -> bool:
        """A call, invitation or warning: what follows it is what was asked for, not an event."""
        return trigger.event_type in self.content_triggers or trigger.id in self.content_triggers

    def _mention_lexicon(self) -> Lexicon:
        lex = Lexicon()
        # a seat of one camp (طرابلس → LBY-W) is better known as a place than as its state's capital
        camp_seats = {normalize_key(n) for p in self.places if p.polity and p.polity != p.country for n in p.ar}
        for state in self.states:
            for name in state.names_ar:
                lex.add(name, Term("state", state=state), prefixes=NAME_PREFIXES)
            for name in state.metonyms_ar:
                lex.add(name, Term("metonym", state=state), prefixes=NAME_PREFIXES)
            if state.capital:
                for name in state.capital.ar:
                    if normalize_key(name) in camp_seats:
                        continue
                    lex.add(name, Term("capital", state=state), prefixes=NAME_PREFIXES)
            for nisba in state.demonym_ar:
                lex.add(nisba, Term("demonym", state=state), prefixes=NOUN_PREFIXES, suffixes=DEMONYM_ENDINGS)
            for plural in state.demonym_plural_ar:
                lex.add(plural, Term("demonym", state=state, plural=True), prefixes=NAME_PREFIXES)
                if plural.startswith("ال"):
                    lex.add(plural[2:], Term("demonym", state=state, plural=True), prefixes=NAME_PREFIXES,
                            suffixes=BROKEN_PLURAL_ENDINGS)
        for place in self.places:
            for name in place.ar:
                lex.add(name, Term("place", place=place), prefixes=NAME_PREFIXES)
        for title in self.titles:
            for name in title.ar:
                for form in _with_construct(name):
                    lex.add(form, Term("title", title=title), prefixes=NOUN_PREFIXES, suffixes=NOUN_ENDINGS)
        for word in self.cues.get("group_nouns") or []:
            for form in _with_construct(word):  # وفداً
                lex.add(form, Term("group", word=normalize_key(word)), prefixes=NOUN_PREFIXES, suffixes=("", "ا"))
        for agent in self.agents:
            for form in agent.ar:
                lex.add(form, Term("agent", agent=agent), prefixes=NOUN_PREFIXES, suffixes=("", "ا"))
        for actor in self.actors:
            for alias in actor.aliases:
                lex.add(alias, Term("actor", actor=actor), prefixes=NAME_PREFIXES)
            for short in actor.short:
                lex.add(short, Term("short", actor=actor), prefixes=NAME_PREFIXES)
        return lex

    def _trigger_lexicon(self) -> Lexicon:
        lex = Lexicon()
        for trigger in self.triggers:
            for verb in trigger.verbs:
                lex.add(verb, ("verb", trigger), prefixes=VERB_PREFIXES, suffixes=("",) + PRONOUNS)
            for noun in trigger.nouns:
                lex.add(noun, ("noun", trigger), prefixes=NOUN_PREFIXES, suffixes=NOUN_ENDINGS + _POSSESSIVES)
                key = normalize_key(noun)
                if key.endswith("ه") and len(key) > 3:
                    lex.add(key[:-1] + "ت", ("noun", trigger), prefixes=NOUN_PREFIXES, suffixes=PRONOUNS + ("ين", "ان"))
        return lex

    def holder(self, title_key: str, polity: str, year: int | None) -> schema.Actor | None:
        """The actor who held a title for a polity in a year (the latest holder when the year is unknown)."""
        holders = self.role_holders.get((title_key, polity), [])
        if not holders and polity == "LBY":
            # 'رئيس الحكومة الليبية' without a camp: foreign reporting means the UN-recognised government
            holders = self.role_holders.get((title_key, "LBY-W"), [])
        if year is not None:
            holders = [(a, r) for a, r in holders
                       if (r.start is None or r.start <= year) and (r.end is None or year <= r.end)]
        if not holders:
            return None
        return max(holders, key=lambda ar: (ar[1].start or 0))[0]
