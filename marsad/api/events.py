"""Events: the filtered list, one event with its reports, the dashboard summary, and exports."""
from __future__ import annotations

import io
from typing import Literal, Optional

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import Response, StreamingResponse
from fastapi.security import HTTPAuthorizationCredentials

from marsad.analysis import marks as marks_mod
from marsad.analysis.network import LEVELS, build_network
from marsad.analysis.summary import summary
from marsad.api import models
from marsad.api.errors import responses
from marsad.api.ingest import bearer
from marsad.api.params import selection
from marsad.api.state import Workbench, workbench
from marsad.store.query import MAX_ID, SORTS, Selection, count_events, iter_events, list_events
from marsad.export.formats import plover_from_row, write_csv, write_plover_jsonl
from marsad.export.graph import MEDIA_TYPES, graph_bytes

router = APIRouter(prefix="/api", tags=["events"])
Sort = Literal[tuple(SORTS)]  # type: ignore[valid-type]


@router.get("/summary", response_model=models.Summary, responses=responses(400, 422), summary="Dashboard figures")
def get_summary(request: Request, sel: Selection = Depends(selection), wb: Workbench = Depends(workbench)):
    """Counts, events by type per month, most active actors and polity dyads, latest events (of the events matching
    the filters, all by default), and the values each filter can take."""
    return wb.cached(request, lambda: summary(wb.store, wb.kb, sel=sel))


@router.get("/events", response_model=models.EventList, responses=responses(400, 422), summary="List events")
def get_events(request: Request, sel: Selection = Depends(selection),
               limit: int = Query(50, ge=1, le=500, description="page size"),
               offset: int = Query(0, ge=0, le=MAX_ID, description="events to skip"),
               sort: Sort = Query("-date", description="date, -date, type, -type, confidence, -confidence, id, -id"),
               wb: Workbench = Depends(workbench)):
    """Events matching every given filter, a page at a time, with `total` for paging."""
    def compute():
        return {"total": count_events(wb.store, sel), "limit": limit, "offset": offset, "sort": sort,
                "events": list_events(wb.store, sel, limit, offset, sort)}
    return wb.cached(request, compute)


@router.get("/events/{event_id}", response_model=models.EventDetail, responses=responses(404, 422),
            summary="One event with its reports")
def get_event(request: Request, event_id: int = Path(ge=1, le=MAX_ID), wb: Workbench = Depends(workbench)):
    """The event, every report with its evidence sentence, and marks (trigger, actors, dates) inside each sentence."""
    def compute():
        item = wb.store.event(event_id)
        docs: dict[int, dict] = {}
        for rep in item["reports"]:
            doc = docs.get(rep["document_id"])
            if doc is None:
                doc = docs[rep["document_id"]] = wb.store.document(rep["document_id"])
                doc["marks"], doc["warnings"] = marks_mod.mention_marks(doc["text"], wb.kb, doc.get("published"))
            told = marks_mod.Report(event_id, rep["start"], rep["end"], item["event_type"], item.get("mode"),
                                    item.get("trigger"))
            triggers = [m for m in marks_mod.event_marks(doc["text"], wb.kb, [told]) if m["kind"] == "trigger"]
            rep["marks"] = marks_mod.within(doc["marks"] + triggers, rep["start"], rep["end"])
            rep["marks"].sort(key=lambda m: (m["start"], -m["end"]))
        item["labels"] = _labels(wb.kb, item)
        if item.get("published") is not None and not isinstance(item["published"], str):
            item["published"] = item["published"].isoformat()
        return item
    return wb.cached(request, compute)


@router.post("/events/{event_id}/split", response_model=models.SplitResult, responses=responses(401, 403, 404, 422),
             summary="Undo a cross-outlet merge (token required)")
def split_event(event_id: int = Path(ge=1, le=MAX_ID),
                document: int = Query(ge=1, le=MAX_ID, description="the merged document whose reports to take out"),
                credentials: Optional[HTTPAuthorizationCredentials] = Depends(bearer),
                wb: Workbench = Depends(workbench)):
    """The document's reports leave the event and form an event of their own again, with their own date and
    place; the merge stays listed on the event, marked undone. Needs the ingest token, as it writes."""
    wb.check_token(credentials)
    new_id = wb.store.split(event_id, document)
    wb.clear_cache()
    return {"event_id": new_id}


def _labels(kb, item: dict) -> dict:
    """English names for the codes of an event, shown beside the Arabic."""
    states = kb.states_by_code if kb is not None else {}
    codes = {p for p in (item.get("polities") or "").split(",") if p}
    return {"polities": {c: states[c].name for c in codes if c in states}}


@router.get("/export", responses={**responses(400, 422), 200: {
    "description": "the file",
    "content": {"text/csv": {}, "application/x-ndjson": {}, "application/graphml+xml": {},
                "application/gexf+xml": {}}}}, summary="Export the filtered events or their network")
def export(sel: Selection = Depends(selection),
           format: Literal["csv", "plover-jsonl", "graphml", "gexf"] = Query("plover-jsonl"),
           level: Literal[tuple(LEVELS)] = Query("person", description="network level for graphml/gexf"),  # type: ignore
           wb: Workbench = Depends(workbench)):
    """Every event matching the filters as CSV or PLOVER JSONL, or their actor network as GraphML/GEXF."""
    if format in ("graphml", "gexf"):
        graph = wb.memo(("network", level, sel.key()), lambda: build_network(wb.store, sel, level, wb.kb))
        data = graph_bytes(graph, format)
        return Response(data, media_type=MEDIA_TYPES[format],
                        headers={"Content-Disposition": f'attachment; filename="marsad-network.{format}"'})
    suffix, media = ("csv", "text/csv; charset=utf-8") if format == "csv" else ("jsonl", "application/x-ndjson")

    def chunks():
        records = (plover_from_row(r) for r in iter_events(wb.store, sel, sort="date"))
        buf = io.StringIO()
        writer = write_csv if format == "csv" else write_plover_jsonl
        if format == "csv":
            writer([], buf, bom=True)  # the BOM (so Excel reads the Arabic as UTF-8) and the header row
        yield buf.getvalue().encode("utf-8")
        batch: list[dict] = []
        for record in records:
            batch.append(record)
            if len(batch) == 500:
                yield _encode(batch, format)
                batch = []
        if batch:
            yield _encode(batch, format)
    return StreamingResponse(chunks(), media_type=media,
                             headers={"Content-Disposition": f'attachment; filename="marsad-events.{suffix}"'})


def _encode(batch: list[dict], fmt: str) -> bytes:
    buf = io.StringIO()
    if fmt == "csv":
        write_csv(batch, buf)
        text = buf.getvalue().split("\n", 1)[1]  # drop the repeated header
    else:
        write_plover_jsonl(batch, buf)
        text = buf.getvalue()
    return text.encode("utf-8")


