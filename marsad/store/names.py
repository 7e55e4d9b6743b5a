"""Which actors an actor filter names, in English or Arabic: 'حفتر' and 'Haftar' name the same actors.

A query in Latin letters is matched at the start of a word of the actors' English names ('haft' finds Khalifa
Haftar, 'un' the UN Security Council but not Tunisia). An Arabic query is matched word for word against their
Arabic names and aliases, normalized (no diacritics, one alef, ة→ه), with or without the article ('الدعم السريع'
and 'دعم سريع' alike), so that 'مصر' is Egypt and not Misrata (مصراتة).

The two then agree: an English query also takes in every actor an Arabic name of what it found would find
('Haftar' finds Khalifa Haftar, whose Arabic name خليفة حفتر stands in the Libyan National Army's قوات خليفة حفتر,
as 'حفتر' finds both). States and places the query spells name the store actors the extractor makes of them
('تركيا' and 'Türkiye' → 'Türkiye'; 'طرابلس' → 'Tripoli authorities'), and a state names its generic actors
('تركيا' → 'government (Türkiye)', 'civilians (Türkiye)', as 'Türkiye' finds them by their English names).
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from marsad.text.normalize import normalize_key

_LATIN = re.compile(r"[a-z]")
SHORT_WORD = 3  # letters: a Latin query this short is a whole word or the initials of a name, not the start of one
_ACRONYM = 5  # letters: the longest initials looked for
_SMALL_WORDS = {"of", "the", "and", "for", "in", "on", "al"}
_RELATIVES_MAX = 50  # an English query matching more is already broad: no need to look for its Arabic relatives


@dataclass(frozen=True)
class ActorMatch:
    """Knowledge-base actors, and the English names of stored actors that have no knowledge-base entry."""

    kb_ids: tuple[str, ...] = ()
    names: tuple[str, ...] = ()


def _words(text: str) -> tuple[str, ...]:
    """Normalized words, the article dropped: 'الدعم السريع' → ('دعم', 'سريع')."""
    return tuple(w[2:] if w.startswith("ال") and len(w) > 4 else w for w in normalize_key(text).split())


@dataclass(frozen=True)
class _Name:
    owner: str  # a kb actor id, or the stored English name of a state or place ('Türkiye', 'Tripoli authorities')
    kb: bool  # whether `owner` is a kb id
    english: str  # normalized English name ('' for an Arabic name)
    arabic: tuple[str, ...]  # its words ((), for an English name)


@lru_cache(maxsize=4)
def _names(kb) -> tuple[list[_Name], dict[str, list[int]]]:
    """Every English and Arabic name of every actor, state and place, and the Arabic ones by each of their words."""
    names = []
    for a in kb.actors:
        names.append(_Name(a.id, True, normalize_key(a.name), ()))
        names += [_Name(a.id, True, "", _words(n)) for n in (*a.aliases, *a.short)]
    for s in kb.states:
        names.append(_Name(s.name, False, normalize_key(s.name), ()))
        names += [_Name(s.name, False, "", _words(n)) for n in s.names_ar]
    for p in kb.places:
        owner = f"{p.name} authorities"
        names.append(_Name(owner, False, normalize_key(p.name), ()))
        names += [_Name(owner, False, "", _words(n)) for n in p.ar]
    by_word: dict[str, list[int]] = defaultdict(list)
    for i, name in enumerate(names):
        for w in set(name.arabic):
            by_word[w].append(i)
    return names, dict(by_word)


def _holds(words: tuple[str, ...], part: tuple[str, ...]) -> bool:
    """`part` stands in `words` as consecutive words."""
    n = len(part)
    return any(words[i:i + n] == part for i in range(len(words) - n + 1))


def _arabic_matches(kb, part: tuple[str, ...]) -> set[int]:
    names, by_word = _names(kb)
    return {i for i in by_word.get(part[0], ()) if _holds(names[i].arabic, part)} if part else set()


def actors_named_by(kb, arabic_names) -> set[str]:
    """The knowledge-base actors one of whose Arabic names holds one of these names word for word."""
    names, _ = _names(kb)
    return {names[i].owner for n in arabic_names for i in _arabic_matches(kb, _words(n)) if names[i].kb}


def _full_arabic_names(kb, owners: set[str]) -> set[tuple[str, ...]]:
    """The Arabic names of these actors, states and places that name them in full (not the short forms others share:
    حفتر is a short form of Khalifa Haftar, and also his sons' surname)."""
    full = {n for a in kb.actors if a.id in owners for n in a.aliases}
    full |= {n for s in kb.states if s.name in owners for n in s.names_ar}
    full |= {n for p in kb.places if f"{p.name} authorities" in owners for n in p.ar}
    return {_words(n) for n in full}


def _initials(english: str) -> str:
    """'libyan national army' → 'lna', 'government of national accord' → 'gna'."""
    return "".join(w[0] for w in re.split(r"[\s\-]+", english) if w and w not in _SMALL_WORDS)


@lru_cache(maxsize=512)
def match_actors(kb, q: str) -> ActorMatch:
    """The actors an actor filter `q` names (see the module's docstring)."""
    key = normalize_key(q or "").strip()
    if not key or kb is None:
        return ActorMatch()
    names, _ = _names(kb)
    if _LATIN.search(key):
        # a short query is a word or an acronym ('un', 'lna'), not the start of any word ('un' in 'union')
        end = r"(?=$|[\s\-)/',])" if len(key) <= SHORT_WORD else ""
        start = re.compile(r"(?:^|[\s\-(/'])" + re.escape(key) + end)
        hits = {i for i, n in enumerate(names) if n.english and (
            start.search(n.english) or len(key) <= _ACRONYM and " " not in key and _initials(n.english) == key)}
        owners = {names[i].owner for i in hits}
        if len(owners) <= _RELATIVES_MAX:
            for form in _full_arabic_names(kb, owners):
                hits |= _arabic_matches(kb, form)
    else:
        hits = _arabic_matches(kb, _words(key))
    kb_ids = sorted({names[i].owner for i in hits if names[i].kb})
    stored = {names[i].owner for i in hits if not names[i].kb}
    states = {s.name for s in kb.states} & stored
    stored |= {f"{agent.name} ({state})" for state in states for agent in kb.agents if agent.scope != "fixed"}
    return ActorMatch(tuple(kb_ids), tuple(sorted(stored)))


_FORMS_MAX = 40  # Arabic forms one English word may stand for in a search: beyond this it names too much


@lru_cache(maxsize=512)
def arabic_forms(kb, q: str) -> tuple[str, ...]:
    """The Arabic spellings (normalized) of an English name, for the full-text search.

    The name is what it names exactly (an actor's, a state's or a place's English name or initials: 'Egypt',
    'Khalifa Haftar', 'UN'), else what has it as a whole word ('Haftar'); its spellings are their full Arabic names
    and the short forms that end one of them (حفتر of خليفة حفتر; not the title المشير nor the first name صدام,
    which others share). A form that holds another is dropped: the shorter one finds it. Empty when the query
    names nothing, or too much.
    """
    key = normalize_key(q or "").strip()
    names, _ = _names(kb)
    owners = {n.owner for n in names if n.english and (n.english == key or len(key) <= _ACRONYM and
                                                       " " not in key and _initials(n.english) == key)}
    if not owners:
        word = re.compile(r"(?:^|[\s\-(/'])" + re.escape(key) + r"(?=$|[\s\-)/',])")
        owners = {n.owner for n in names if n.english and word.search(n.english)}
    full = [a.aliases for a in kb.actors if a.id in owners] + [s.names_ar for s in kb.states if s.name in owners] + \
        [p.ar for p in kb.places if f"{p.name} authorities" in owners]
    forms = {normalize_key(n) for names_ar in full for n in names_ar}
    for a in kb.actors:
        if a.id in owners:
            ends = {f.split()[-1] for f in map(normalize_key, a.aliases) if f.split()}
            forms |= {normalize_key(n) for n in a.short if normalize_key(n) in ends}
    kept = sorted((f for f in forms if f and not any(o != f and o in f for o in forms)), key=lambda f: (len(f), f))
    return tuple(kept) if len(kept) <= _FORMS_MAX else ()
