"""The workbench's FastAPI application: JSON API under /api, the UI at /, OpenAPI at /openapi.json, docs at /docs."""
from __future__ import annotations

import gc
import logging

import marsad
from fastapi import Depends, FastAPI

from marsad.api import answers, documents, errors, events, ingest, models, relations, web
from marsad.api.settings import node_modules_dir, setting
from marsad.api.state import Workbench, workbench
from marsad.knowledge import load_knowledge
from marsad.mentions.claims import load_claim_cues
from marsad.store import open_store, search
from marsad.store.names import actors_named_by

log = logging.getLogger("marsad.api")

DESCRIPTION = """Arabic political news as PLOVER event data, with the sentences behind every event.

Read endpoints are open; `POST /api/ingest` needs `Authorization: Bearer <MARSAD_INGEST_TOKEN>`.
Every error has the shape `{"error": {"code": "...", "message": "..."}}`.
"""


def create_app(store_url: str | None = None, ingest_token: str | None = None, node_modules: str | None = None,
               kb=None) -> FastAPI:
    """Open the store (its schema brought up to date), load the knowledge base once, wire the routes."""
    store = open_store(setting("database_url", store_url))
    kb = kb if kb is not None else load_knowledge()
    max_mb = float(setting("max_ingest_mb") or 20)
    bench = Workbench(store, kb, setting("ingest_token", ingest_token), int(max_mb * 1048576), load_claim_cues())
    app = FastAPI(title="marsad workbench API", version=marsad.__version__, description=DESCRIPTION, docs_url=None,
                  redoc_url=None, openapi_url="/openapi.json")
    app.state.workbench = bench
    errors.install(app)
    for module in (events, relations, documents, answers, ingest):
        app.include_router(module.router)

    @app.get("/api/health", response_model=models.Health, tags=["meta"], summary="Is the server ready")
    def health(wb: Workbench = Depends(workbench)):
        """The knowledge-base version, the database kind, the search backend and whether the UI's packages are in."""
        return {"status": "ok", "kb_version": wb.kb.version, "database": wb.store.engine.dialect.name,
                "search": search.backend(wb.store),
                "web": "missing: " + ", ".join(app.state.web_missing) if app.state.web_missing else "ok"}

    web.install(app, node_modules_dir(node_modules))
    # The index of every name of the knowledge base (marsad.store.names), built now rather than by the first request
    # that names an actor (0.15 s, four times that on a busy machine, while every other request waits behind it).
    actors_named_by(kb, ())
    # The knowledge base and the app are long-lived: keep them out of the garbage collector's full passes,
    # which otherwise pause a request for tens of milliseconds now and then.
    gc.collect()
    gc.freeze()
    return app
