"""What one running workbench holds: the store, the knowledge base (loaded once), a response cache, the token."""
from __future__ import annotations

import datetime as dt
import json
import secrets
import threading
from collections import OrderedDict
from typing import Callable

from fastapi import HTTPException, Request
from fastapi.responses import Response
from sqlalchemy import func, select

from marsad.store.tables import documents, events, reports

CACHE_ENTRIES = 512
COMPUTE_SLOTS = 1


def _default(value):
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def dumps(data) -> bytes:
    return json.dumps(data, ensure_ascii=False, default=_default, separators=(",", ":")).encode("utf-8")


def json_response(data, status: int = 200, headers: dict | None = None) -> Response:
    return Response(dumps(data), status_code=status, media_type="application/json", headers=headers)


class Workbench:
    """Shared by every request of one app; read endpoints answer from the cache until the store changes."""

    def __init__(self, store, kb, ingest_token: str | None, max_ingest_bytes: int, cues=None):
        self.store = store
        self.kb = kb
        self.cues = cues  # the claim cue words (marsad.mentions.claims), for the claims stage of an ingest
        self.ingest_token = ingest_token or None
        self.max_ingest_bytes = max_ingest_bytes
        self.ingest_lock = threading.Lock()
        self._cache: OrderedDict[tuple, object] = OrderedDict()
        self._cache_lock = threading.Lock()
        # Computations run a few at a time, first come first served: with the GIL, eight at once would each take
        # eight times longer, and a slow one (a large network) would hold back the quick ones behind it.
        self._slots = threading.BoundedSemaphore(COMPUTE_SLOTS)

    def data_version(self) -> tuple:
        """Changes whenever documents, events or reports are added (by this process or another one)."""
        with self.store.engine.connect() as conn:
            return tuple(conn.execute(select(
                select(func.max(documents.c.id)).scalar_subquery(),
                select(func.max(events.c.id)).scalar_subquery(),
                select(func.max(reports.c.id)).scalar_subquery(),
                select(func.count()).select_from(events).scalar_subquery())).one())

    def cached(self, request: Request, compute: Callable[[], object], version: tuple = ()) -> Response:
        """The JSON of `compute()`, reused for the same path and query while the store is unchanged (and
        `version`, for data the store's counts do not show: claim verdicts, watches)."""
        key = (request.url.path, tuple(sorted(request.query_params.multi_items())), self.data_version(), version)
        with self._cache_lock:
            body = self._cache.get(key)
            if body is not None:
                self._cache.move_to_end(key)
        if body is None:
            with self._slots:
                body = dumps(compute())
            with self._cache_lock:
                self._cache[key] = body
                while len(self._cache) > CACHE_ENTRIES:
                    self._cache.popitem(last=False)
        return Response(body, media_type="application/json")

    def memo(self, key: tuple, compute: Callable[[], object]):
        """A Python value (e.g. a built network) reused across URLs while the store is unchanged."""
        full = ("memo", key, self.data_version())
        with self._cache_lock:
            if full in self._cache:
                self._cache.move_to_end(full)
                return self._cache[full]
        value = compute()  # called inside `cached`, which already holds a slot
        with self._cache_lock:
            self._cache[full] = value
            while len(self._cache) > CACHE_ENTRIES:
                self._cache.popitem(last=False)
        return value

    def clear_cache(self) -> None:
        with self._cache_lock:
            self._cache.clear()

    def check_token(self, credentials) -> None:
        """401 without a bearer token, 403 with a wrong one or when ingest is disabled."""
        if self.ingest_token is None:
            raise HTTPException(403, "ingest over HTTP is disabled on this server: start it with "
                                     "MARSAD_INGEST_TOKEN set (or create_app(ingest_token=...))")
        if credentials is None or not credentials.credentials:
            raise HTTPException(401, "POST /api/ingest needs 'Authorization: Bearer <token>'",
                                headers={"WWW-Authenticate": "Bearer"})
        if not secrets.compare_digest(credentials.credentials.encode(), self.ingest_token.encode()):
            raise HTTPException(403, "wrong ingest token")


async def workbench(request: Request) -> Workbench:
    """The app's Workbench (async: a plain function would be run in a worker thread on every request)."""
    return request.app.state.workbench
