"""Documents and search."""
from __future__ import annotations

from typing import Literal, Optional

from fastapi import APIRouter, Depends, Path, Query, Request
from sqlalchemy import distinct, func, select

from marsad.analysis import marks as marks_mod
from marsad.api import models
from marsad.api.errors import responses
from marsad.api.state import Workbench, workbench
from marsad.store import search as search_mod
from marsad.store.query import MAX_ID, Selection, list_events
from marsad.store.tables import documents, reports

router = APIRouter(prefix="/api", tags=["documents"])


@router.get("/documents", response_model=models.DocumentList, responses=responses(422), summary="List documents")
def get_documents(request: Request, limit: int = Query(50, ge=1, le=500), offset: int = Query(0, ge=0, le=MAX_ID),
                  wb: Workbench = Depends(workbench)):
    """Stored articles, newest first, with their event counts."""
    def compute():
        n_events = select(func.count(distinct(reports.c.event_id))).where(reports.c.document_id == documents.c.id) \
            .scalar_subquery()
        with wb.store.engine.connect() as conn:
            total = conn.scalar(select(func.count()).select_from(documents))
            rows = conn.execute(select(documents.c.id, documents.c.doc_key, documents.c.title, documents.c.published,
                                       documents.c.source, documents.c.url, documents.c.duplicate_of,
                                       n_events.label("events"))
                                .order_by(documents.c.published.desc().nulls_last(), documents.c.id.desc())
                                .limit(limit).offset(offset)).mappings().all()
        return {"total": total, "limit": limit, "offset": offset, "documents": [dict(r) for r in rows]}
    return wb.cached(request, compute)


@router.get("/documents/{document_id}", response_model=models.DocumentDetail, responses=responses(404, 422),
            summary="A document with its marks")
def get_document(request: Request, document_id: int = Path(ge=1, le=MAX_ID), wb: Workbench = Depends(workbench)):
    """The article text with actors, places, dates, event triggers and the stored events' sentences marked
    (offsets into `text`)."""
    def compute():
        doc = wb.store.document(document_id)
        marks, warnings = marks_mod.mention_marks(doc["text"], wb.kb, doc.get("published"))
        evs = list_events(wb.store, Selection(document_id=document_id), limit=1000, sort="id")
        with wb.store.engine.connect() as conn:
            spans = conn.execute(select(reports.c.event_id, reports.c.sentence_start, reports.c.sentence_end)
                                 .where(reports.c.document_id == document_id).distinct()).all()
        by_id = {e["id"]: e for e in evs}
        marks += marks_mod.event_marks(doc["text"], wb.kb, [
            marks_mod.Report(s.event_id, s.sentence_start, s.sentence_end, by_id[s.event_id]["event_type"],
                             by_id[s.event_id]["mode"], by_id[s.event_id]["trigger"])
            for s in spans if s.event_id in by_id])
        marks.sort(key=lambda m: (m["start"], -m["end"]))
        out = {k: v for k, v in doc.items() if k not in ("minhash", "content_hash")}
        out.update(marks=marks, events=evs, warnings=warnings)
        return out
    return wb.cached(request, compute)


@router.get("/search", response_model=models.SearchResult, responses=responses(400, 422), summary="Full-text search")
def get_search(request: Request,
               q: str = Query(..., min_length=1, description="Arabic or English words; all must occur"),
               kind: Optional[Literal["document", "event"]] = Query(None, description="only documents or events"),
               group: Optional[Literal["document"]] = Query(None, description="page through documents, each with "
                                                                              "its hits (`documents`)"),
               limit: int = Query(20, ge=1, le=200), offset: int = Query(0, ge=0, le=10000),
               wb: Workbench = Depends(workbench)):
    """Documents and event evidence containing every word, best first, ignoring diacritics, hamza/alef and taa
    marbuta variants; an English name stands for its Arabic spellings (Haftar → حفتر). Snippets quote the original
    text with the matches' offsets. With `group=document`, `documents` lists the matching articles, best first,
    each with its hits, and `total` counts articles."""
    return wb.cached(request, lambda: search_mod.search(wb.store, q, kind, limit, offset, wb.kb, group))
