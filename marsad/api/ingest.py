"""POST /api/ingest: a text, an HTML page or a JSONL batch → documents and events in the store.

The only endpoint that writes; it needs `Authorization: Bearer <MARSAD_INGEST_TOKEN>`.
The body goes through the same readers as `marsad ingest` (cleaning, HTML
extraction, JSONL records, encodings) and the same guard per document
(`marsad.pipeline`): a record that cannot be read, extracted in time or stored
is a problem in the answer, and the others still go in. Then the same
follow-up: claims found and checked, watches checked (`marsad.pipeline.follow_up`).
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import tempfile
from pathlib import Path
from typing import Literal, Optional

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from marsad.api import models
from marsad.api.errors import responses
from marsad.api.state import Workbench, json_response, workbench
from marsad.errors import InputError
from marsad.ingest.readers import InputProblem, parse_published
from marsad.pipeline import Limits, follow_up, ingest_document, read_file

router = APIRouter(prefix="/api", tags=["ingest"])
bearer = HTTPBearer(auto_error=False, description="the server's MARSAD_INGEST_TOKEN")
SUFFIXES = {"text": ".txt", "html": ".html", "jsonl": ".jsonl"}
MEDIA = {"text/plain": "text", "text/html": "html", "application/xhtml+xml": "html", "application/x-ndjson": "jsonl",
         "application/jsonl": "jsonl", "application/x-jsonlines": "jsonl", "application/json": "json"}
BODY_DOC = {
    "required": True,
    "content": {
        "text/plain": {"schema": {"type": "string"}, "example": "استقبل الرئيس الروسي ... في الكرملين"},
        "text/html": {"schema": {"type": "string"}},
        "application/x-ndjson": {"schema": {"type": "string"},
                                 "example": '{"id": "a1", "text": "...", "published": "2025-05-11"}\n'},
        "application/json": {"schema": {"type": "object", "properties": {
            "text": {"type": "string"}, "html": {"type": "string"}, "id": {"type": "string"},
            "title": {"type": "string"}, "url": {"type": "string"}, "source": {"type": "string"},
            "published": {"type": "string", "format": "date"},
            "documents": {"type": "array", "items": {"type": "object"}}}}},
    },
}


@router.post("/ingest", response_model=models.IngestResult, openapi_extra={"requestBody": BODY_DOC},
             responses=responses(400, 401, 403, 413, 415, 422), summary="Add articles (token required)")
async def post_ingest(request: Request,
                      format: Optional[Literal["text", "html", "jsonl"]] = Query(
                          None, description="override the Content-Type: text, html or jsonl"),
                      id: Optional[str] = Query(None, description="document id for a single text or HTML page"),
                      title: Optional[str] = Query(None), url: Optional[str] = Query(None),
                      source: Optional[str] = Query(None),
                      published: Optional[str] = Query(None, description="publication date YYYY-MM-DD"),
                      credentials: Optional[HTTPAuthorizationCredentials] = Depends(bearer),
                      wb: Workbench = Depends(workbench)):
    """Body: text/plain (one article), text/html (one page), application/x-ndjson (one JSON object per line
    with text or html, id, title, url, source, published) or application/json (one such object, or
    {"documents": [...]})."""
    wb.check_token(credentials)
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > wb.max_ingest_bytes:
        raise HTTPException(413, f"body of {int(declared)} bytes is over the {wb.max_ingest_bytes} byte limit; "
                                 "split the batch or raise MARSAD_MAX_INGEST_MB")
    body = bytearray()
    async for chunk in request.stream():
        body.extend(chunk)
        if len(body) > wb.max_ingest_bytes:
            raise HTTPException(413, f"body is over the {wb.max_ingest_bytes} byte limit; split the batch")
    if not body.strip():
        raise InputError("empty body: send the article text, an HTML page or JSONL records")
    kind = format or _kind(request.headers.get("content-type", "text/plain"))
    meta = {"id": id, "title": title, "url": url, "source": source}
    result = await run_in_threadpool(_ingest, wb, bytes(body), kind, meta, parse_published(published))
    return json_response(result)


def _kind(content_type: str) -> str:
    media = content_type.split(";")[0].strip().lower()
    if media not in MEDIA:
        raise HTTPException(415, f"Content-Type {media!r}: send text/plain, text/html, application/x-ndjson or "
                                 "application/json (or add ?format=text|html|jsonl)")
    return MEDIA[media]


def _as_jsonl(body: bytes) -> bytes:
    try:
        data = json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"body is not JSON: {exc}") from exc
    records = data.get("documents") if isinstance(data, dict) and "documents" in data else [data]
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        raise InputError('JSON body: expected an object with "text" or "html", or {"documents": [objects]}')
    return "\n".join(json.dumps(r, ensure_ascii=False) for r in records).encode("utf-8")


def _ingest(wb: Workbench, body: bytes, kind: str, meta: dict, published) -> dict:
    if kind == "json":
        body, kind = _as_jsonl(body), "jsonl"
    digest = hashlib.sha256(body).hexdigest()[:12]
    out: dict = {"documents": [], "problems": [], "added": 0, "events": 0, "kb_version": wb.kb.version, "claims": 0}
    with tempfile.TemporaryDirectory(prefix="marsad-ingest-") as tmp:
        path = Path(tmp) / f"api-{digest}{SUFFIXES[kind]}"
        path.write_bytes(body)
        items = list(read_file(path, wb.kb, published, None, Limits(max_bytes=wb.max_ingest_bytes)))
    with wb.ingest_lock:
        for item in items:
            if isinstance(item, InputProblem):
                out["problems"].append(item.message.replace(str(path), "body"))
                continue
            doc = item
            if kind != "jsonl":
                doc = dataclasses.replace(doc, id=meta["id"] or f"api-{digest}",
                                          title=meta["title"] or doc.title, url=meta["url"] or doc.url,
                                          source=meta["source"] or doc.source)
            doc = dataclasses.replace(doc, path="api", id=doc.id.replace(path.name, f"api-{digest}"))
            outcome = ingest_document(wb.store, doc, wb.kb, cues=wb.cues)  # behind the guard, with the time budget
            if isinstance(outcome, InputProblem):
                out["problems"].append(f"{doc.id}: {outcome.message.removeprefix('api: ')}")
                continue
            result, claims = outcome
            out["claims"] += claims
            out["documents"].append({"doc_key": doc.id, "document_id": result.document_id, "status": result.status,
                                     "events": result.events, "duplicate_of": result.duplicate_of})
            if result.status == "added":
                out["added"] += 1
                out["events"] += result.events
        if out["documents"]:
            after = follow_up(wb.store, wb.kb, wb.cues)
            out.update(claims=out["claims"] + after.claims, verdicts=after.verdicts, watch_matches=after.watch_matches)
    wb.clear_cache()
    if not out["documents"] and out["problems"]:
        raise InputError("nothing ingested: " + "; ".join(out["problems"]))
    return out
