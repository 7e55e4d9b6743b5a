"""The plain data objects passed between stages: typed, frozen, defined once here.

Each stage takes these records and returns new ones; nothing downstream edits
what an earlier stage produced.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Document:
    """One article as ingest hands it on: clean text plus what we know of its origin."""

    id: str
    text: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published: date | None = None
    lang: str = "ar"
    path: str | None = None


@dataclass(frozen=True)
class Sentence:
    index: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Entity:
    """An actor as it appears in an output record."""

    name: str
    polity: str | None
    actor_id: str | None = None
    kind: str = "person"

    def as_dict(self) -> dict:
        return {"name": self.name, "polity": self.polity, "actor_id": self.actor_id}


@dataclass(frozen=True)
class Mention:
    """A span of the document that names an actor, a place or a date."""

    kind: str  # actor | place | date
    start: int
    end: int
    text: str
    entity: Entity | None = None
    place: str | None = None
    value: str | None = None  # ISO date at its precision
    rule: str = ""  # the lexicon entry or pattern that produced it


@dataclass(frozen=True)
class DateValue:
    iso: str  # YYYY, YYYY-MM or YYYY-MM-DD
    text: str
    start: int
    end: int
    relative: bool = False


@dataclass(frozen=True)
class Event:
    """One happening with the sentence that states it (the first report)."""

    doc: str
    event_type: str
    mode: str | None
    context: tuple[str, ...]
    actor: tuple[Entity, ...]
    recipient: tuple[Entity, ...]
    location: str | None
    date: str | None
    date_text: str | None
    aux: str | None
    evidence: str
    start: int
    end: int
    trigger: str
    trigger_id: str
    cameo: str
    confidence: float
    reports: tuple[tuple[int, int], ...] = field(default_factory=tuple)
    trigger_span: tuple[int, int] | None = None  # offsets of the trigger words in the article

    @property
    def polities(self) -> frozenset[str]:
        return frozenset(e.polity for e in self.actor + self.recipient if e.polity)


@dataclass(frozen=True)
class Claim:
    """What an article claims about an event: how many times it happened, that it is a first, or a figure.

    `event` is the index, in the list `extract` returned for the document, of the event the claim speaks of
    (None when its sentence holds no event); `subject` says who and where the claim is about (that event's
    participants and place, else the actors and place its sentence names)."""

    doc: str
    kind: str  # count | first | quantity
    cue: str  # the claim's words as they stand in the article
    start: int
    end: int
    sentence_start: int
    sentence_end: int
    evidence: str  # the sentence
    event: int | None = None
    value: float | None = None
    low: float | None = None  # the range the words allow: "more than four billion" is (4e9, None)
    high: float | None = None
    unit: str | None = None  # USD, aircraft, troops, flights/week, killed, …; times for counts
    qualifier: str | None = None  # more | less | about | up_to | several | not-first | ordinal
    window_from: str | None = None  # YYYY[-MM[-DD]]: the period a count or a first is about
    window_to: str | None = None
    claim_date: str | None = None  # the date of the event spoken of, else the article's
    subject: dict = field(default_factory=dict, compare=False, hash=False)
