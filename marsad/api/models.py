"""Response shapes for the OpenAPI schema. Extra fields are allowed: the store may add columns."""
from __future__ import annotations

from typing import Any, Optional

from pydantic import BaseModel, ConfigDict


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class Participant(_Open):
    id: int
    name: str
    polity: Optional[str] = None
    actor_id: Optional[str] = None
    kind: Optional[str] = None


class EventBase(_Open):
    id: int
    document_id: int
    doc_key: str
    doc_title: Optional[str] = None
    published: Optional[str] = None
    event_type: str
    mode: Optional[str] = None
    context: list[str] = []
    cameo: Optional[str] = None
    location: Optional[str] = None
    date: Optional[str] = None
    date_text: Optional[str] = None
    aux: Optional[str] = None
    trigger: Optional[str] = None
    trigger_id: Optional[str] = None
    confidence: Optional[float] = None
    evidence: str
    start: Optional[int] = None
    end: Optional[int] = None
    polities: Optional[str] = None
    actor: list[Participant]
    recipient: list[Participant]


class EventSummary(EventBase):
    reports: int


class EventList(_Open):
    total: int
    limit: int
    offset: int
    sort: str
    events: list[EventSummary]


class Mark(_Open):
    kind: str
    start: int
    end: int
    label: str


class ReportOut(_Open):
    id: int
    document_id: int
    doc_key: str
    title: Optional[str] = None
    start: int
    end: int
    sentence: str
    marks: list[Mark]


class EventDetail(EventBase):
    reports: list[ReportOut]
    labels: dict[str, Any] = {}


class ActorRow(_Open):
    id: int
    name: str
    polity: Optional[str] = None
    kind: Optional[str] = None
    kb_id: Optional[str] = None
    events: int
    name_en: Optional[str] = None
    name_ar: Optional[str] = None


class ActorList(_Open):
    total: int
    limit: int
    offset: int
    actors: list[ActorRow]


class Timeline(_Open):
    months: list[str]
    series: dict[str, list[int]]
    cooperation: list[int]
    conflict: list[int]
    balance: list[Optional[float]]
    undated: int


class Role(_Open):
    title: str
    title_en: Optional[str] = None
    title_ar: Optional[str] = None
    polity: str
    polity_name: Optional[str] = None
    start: Optional[int] = None
    end: Optional[int] = None


class Partner(_Open):
    id: int
    name: str
    polity: Optional[str] = None
    actor_id: Optional[str] = None
    events: int


class ActorProfile(_Open):
    id: int
    name: str
    polity: Optional[str] = None
    polity_name: Optional[str] = None
    kind: Optional[str] = None
    kb_id: Optional[str] = None
    name_en: Optional[str] = None
    names_ar: list[str]
    roles: list[Role]
    events: int
    cooperation: int
    conflict: int
    by_type: dict[str, dict[str, int]]
    partners: list[Partner]
    timeline: Timeline
    recent: list[EventSummary]


class Node(_Open):
    id: str
    label: str
    polity: Optional[str] = None
    kind: Optional[str] = None
    camp: str
    events: int
    strength: int


class Edge(_Open):
    id: str
    source: str
    target: str
    weight: int
    cooperation: int
    conflict: int
    by_type: dict[str, int]
    first: Optional[str] = None
    last: Optional[str] = None


class Network(_Open):
    level: str
    nodes: list[Node]
    edges: list[Edge]
    total_nodes: int
    total_edges: int
    truncated: bool


class DyadSide(_Open):
    ref: str
    kind: str
    label: str
    polity: Optional[str] = None
    actor_ids: list[int]


class Dyad(_Open):
    a: DyadSide
    b: DyadSide
    total: int
    by_type: dict[str, int]
    cooperation: int
    conflict: int
    balance: Optional[float] = None
    direction: dict[str, int]
    timeline: Timeline
    events: list[EventSummary]


class DocumentRow(_Open):
    id: int
    doc_key: str
    title: Optional[str] = None
    published: Optional[str] = None
    source: Optional[str] = None
    events: int


class DocumentList(_Open):
    total: int
    limit: int
    offset: int
    documents: list[DocumentRow]


class DocumentDetail(_Open):
    id: int
    doc_key: str
    title: Optional[str] = None
    url: Optional[str] = None
    source: Optional[str] = None
    published: Optional[str] = None
    text: str
    duplicate_of: Optional[int] = None
    marks: list[Mark]
    events: list[EventSummary]
    warnings: list[str]


class Snippet(_Open):
    text: str
    start: int
    marks: list[list[int]]
    before: bool
    after: bool


class SearchHit(_Open):
    kind: str
    id: int
    document_id: int
    title: Optional[str] = None
    snippet: Snippet


class SearchResult(_Open):
    query: str
    normalized: str
    total: int
    limit: int
    offset: int
    hits: list[SearchHit]


class IngestedDocument(_Open):
    doc_key: str
    document_id: int
    status: str
    events: int
    duplicate_of: Optional[str] = None


class IngestResult(_Open):
    documents: list[IngestedDocument]
    problems: list[str]
    added: int
    events: int
    kb_version: str


class Summary(_Open):
    counts: dict[str, Any]
    timeline: Timeline
    top_actors: list[ActorRow]
    top_dyads: list[Edge]
    latest: list[EventSummary]
    facets: dict[str, Any]


class Health(_Open):
    status: str
    kb_version: str
    database: str
    search: str
    web: str
