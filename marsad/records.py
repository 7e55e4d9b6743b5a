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

    @property
    def polities(self) -> frozenset[str]:
        return frozenset(e.polity for e in self.actor + self.recipient if e.polity)
