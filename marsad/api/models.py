"""Response shapes for the OpenAPI schema. Extra fields are allowed: the store may add columns."""
from __future__ import annotations

from typing import Any, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field


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
    source: Optional[str] = Field(None, description="the outlet that carried the report's document")
    date: Optional[str] = Field(None, description="the date this report gives (it may disagree with another's)")
    location: Optional[str] = Field(None, description="the place this report gives")
    numbers: Optional[str] = Field(None, description="the numbers in the report's sentence, comma-separated")


class Outlet(_Open):
    document_id: int
    doc_key: str
    title: Optional[str] = None
    source: Optional[str] = None
    published: Optional[str] = None


class FirstReport(_Open):
    report_id: int
    document_id: int
    doc_key: str
    published: Optional[str] = None


class Merge(_Open):
    id: int
    document_id: int = Field(description="the document whose reports joined this event")
    rule: Literal["same-day", "follow-up"]
    why: str = Field(description="the rule in words")
    reports: list[int] = Field(description="ids of the reports it brought")
    merged_at: Optional[str] = None
    undone: bool = Field(description="split again (POST /api/events/{id}/split)")


class Disagreement(_Open):
    value: str
    documents: list[int]


class EventDetail(EventBase):
    reports: list[ReportOut]
    labels: dict[str, Any] = {}
    outlets: list[Outlet] = Field([], description="the documents that carried the event, earliest first")
    first_report: Optional[FirstReport] = None
    merges: list[Merge] = Field([], description="reports of other documents merged into this event, and why")
    disagreements: dict[str, list[Disagreement]] = Field(
        {}, description="date, location or numbers on which the reports differ, with the documents giving each")


class SplitResult(_Open):
    event_id: int = Field(description="the event the document's reports now form")


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


class SearchDocument(_Open):
    document_id: int
    document_key: Optional[str] = None
    title: Optional[str] = None
    published: Optional[str] = None
    matches: int
    hits: list[SearchHit]


class SearchResult(_Open):
    query: str
    normalized: str
    total: int
    limit: int
    offset: int
    hits: list[SearchHit]
    documents: Optional[list[SearchDocument]] = None


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
    claims: int = 0
    verdicts: dict[str, int] = {}
    watch_matches: int = 0


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


# ---- the analyst's questions: visit ledger, claims, camp balance, watches ----------------------------------
class LedgerParty(_Open):
    ref: str
    kind: str
    label: str
    polity: Optional[str] = None
    place: Optional[str] = None


class VisitReading(_Open):
    id: int
    date: Optional[str] = None
    event_type: str
    mode: Optional[str] = None
    aux: Optional[str] = None
    location: Optional[str] = None
    evidence: str
    document_id: int
    doc_key: str


class VisitReport(_Open):
    event_id: int
    document_id: int
    doc_key: str
    title: Optional[str] = None
    outlet: str
    published: Optional[str] = None
    url: Optional[str] = None
    start: int
    end: int
    sentence: str


class Visit(_Open):
    id: int
    date: Optional[str] = None
    date_end: Optional[str] = None
    precision: Optional[str] = None
    place: Optional[str] = None
    places: list[str]
    visitors: list[Participant]
    hosts: list[Participant]
    events: list[VisitReading]
    reports: list[VisitReport]
    sources: list[str]
    documents: int


class VisitLedger(_Open):
    actor: Optional[LedgerParty] = None
    host: Optional[LedgerParty] = None
    date_from: Optional[str] = None
    date_to: Optional[str] = None
    count: int
    reports: int
    by_year: dict[str, int]
    limit: int
    offset: int
    visits: list[Visit]
    unplaced: list[dict[str, Any]]


class OtherClaim(_Open):
    id: int
    document_id: int
    cue: str
    unit: Optional[str] = None
    status: Optional[str] = None
    outlet: str


class EvidenceRef(_Open):
    """Enough of an event to show it and open it."""
    id: int
    event_type: str
    mode: Optional[str] = None
    date: Optional[str] = None
    location: Optional[str] = None
    aux: Optional[str] = None
    evidence: str
    document_id: int
    doc_key: str
    doc_title: Optional[str] = None


class BasisVisit(_Open):
    id: int
    date: Optional[str] = None
    date_end: Optional[str] = None
    place: Optional[str] = None
    events: list[int]
    readings: int
    preview: Optional[str] = None  # the start of the first reading's sentence
    doc_key: Optional[str] = None  # the article of the first reading


class ClaimBasis(_Open):
    count: Optional[int] = None
    window: Optional[dict[str, Optional[str]]] = None
    coverage: Optional[dict[str, Any]] = None
    subject: Optional[str] = None
    visits: list[BasisVisit] = []
    visit_ids: list[int] = []
    visit_count: int = 0
    events: list[EvidenceRef] = []
    claims: list[OtherClaim] = []


class ClaimOut(_Open):
    id: int
    document_id: int
    event_id: Optional[int] = None
    kind: str
    cue: str
    start: int
    end: int
    sentence_start: int
    sentence_end: int
    evidence: str
    value: Optional[float] = None
    low: Optional[float] = None
    high: Optional[float] = None
    unit: Optional[str] = None
    qualifier: Optional[str] = None
    window_from: Optional[str] = None
    window_to: Optional[str] = None
    claim_date: Optional[str] = None
    subject: Optional[dict[str, Any]] = None
    status: Optional[str] = None
    reason: Optional[str] = None
    basis: ClaimBasis
    outlet: str
    doc_key: str
    title: Optional[str] = None
    published: Optional[str] = None
    event: Optional[EvidenceRef] = None


class ClaimList(_Open):
    total: int
    limit: int
    offset: int
    by_status: dict[str, int]
    documents: int
    scanned: int
    claims: list[ClaimOut]


class BalanceQuarter(_Open):
    quarter: str
    east: dict[str, int]
    west: dict[str, int]
    east_cooperation: int
    west_cooperation: int
    east_total: int
    west_total: int
    balance: Optional[float] = None


class BalanceState(_Open):
    state: str
    name: str
    rank: int
    events: int
    undated: int
    east_total: int
    west_total: int
    east_cooperation: int
    west_cooperation: int
    balance: Optional[float] = None
    first: Optional[dict[str, Any]] = None
    last: Optional[dict[str, Any]] = None
    moved: Optional[float] = None
    trend: Optional[float] = None
    quarters: list[BalanceQuarter]


class Balance(_Open):
    date_from: Optional[str] = None
    date_to: Optional[str] = None
    definition: str
    states: list[BalanceState]


class WatchIn(BaseModel):
    """A saved filter: at least one of actor, polity, type, location, claim_status."""

    model_config = ConfigDict(extra="forbid")
    name: Optional[str] = None
    actor: Optional[str] = None
    polity: Optional[str] = None
    type: Optional[str] = None
    location: Optional[str] = None
    claim_status: Optional[str] = None


class WatchOut(_Open):
    id: int
    name: str
    filters: dict[str, str]
    created_at: str
    matches: int
    new: int
    feed: str


class WatchList(_Open):
    watches: list[WatchOut]
    new: int


class WatchMatch(_Open):
    id: int
    ref: str
    found_at: str
    baseline: bool
    new: bool
    event: Optional[EventSummary] = None
    claim: Optional[dict[str, Any]] = None


class WatchDetail(WatchOut):
    latest: list[WatchMatch] = []
