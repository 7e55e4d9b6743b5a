"""What one running workbench holds: the store, the knowledge base (loaded once), a response cache, the token."""
from __future__ import annotations

import datetime as dt
import gc
import json
import secrets
import sqlite3
import threading
from collections import OrderedDict
from typing import Callable, Iterable

from fastapi import HTTPException, Request
from fastapi.responses import Response
from sqlalchemy import func, select

from marsad.store.tables import claim_scans, claims, documents, events, reports, watch_matches, watches

CACHE_ENTRIES = 512
KEPT_MAX = 5_000  # items of one kind (claims as JSON, feed entries as XML, …) kept for one version of the store
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


def with_items(head: dict, name: str, items: Iterable[bytes], tail: dict | None = None) -> bytes:
    """`dumps({**head, name: [...], **tail})`, from items already serialized with `dumps`: the same bytes."""
    body = dumps(head)[:-1] + (b"," if head else b"") + dumps(name) + b":[" + b",".join(items) + b"]"
    return body + (b"," + dumps(tail)[1:] if tail else b"}")


class StoreVersion:
    """A value that changes whenever anything is written to the store, by this process or another one: documents,
    events, reports, claims and their verdicts, watches and their matches. The workbench's caches are keyed on it.

    - A SQLite file: its own change counter, `PRAGMA data_version` (every commit by another connection moves it).
    - PostgreSQL: the current snapshot (`pg_current_snapshot()`: the next transaction id and those in progress),
      which moves when any transaction that writes starts or ends; also writes to other databases of the
      cluster, which only cost a cache miss.
    - A SQLite database in memory or named by a URI: the highest ids and the counts of those tables and the latest
      verdict, in one query.

    The first two are read on a connection kept for that alone, which never writes (so every commit is another
    connection's), outside any transaction: microseconds on SQLite, one round trip on PostgreSQL, whatever the
    size of the store.
    """

    def __init__(self, engine):
        self.engine = engine
        self._lock = threading.Lock()
        self._conn = None
        self._sql = None
        self._query = None
        self._dbapi = sqlite3 if engine.dialect.name == "sqlite" else engine.dialect.loaded_dbapi
        path = engine.url.database if engine.dialect.name == "sqlite" else None
        if path and path != ":memory:" and not path.startswith("file:"):
            self._sql = "PRAGMA data_version"
            self._conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        elif engine.dialect.name == "postgresql":
            self._sql = "SELECT pg_current_snapshot()::text"
            self._conn = self._connect()
        else:
            latest = [select(func.max(t.c.id)).scalar_subquery()
                      for t in (documents, events, reports, claims, watches, watch_matches)]
            counts = [select(func.count()).select_from(t).scalar_subquery()
                      for t in (events, claims, claim_scans, watches)]
            self._query = select(*latest, *counts, select(func.max(claims.c.checked_at)).scalar_subquery(),
                                 select(func.sum(watches.c.seen_match)).scalar_subquery())

    def _connect(self):
        """A driver connection of the engine's own, in autocommit, outside its pool."""
        cargs, cparams = self.engine.dialect.create_connect_args(self.engine.url)
        conn = self.engine.dialect.connect(*cargs, **cparams)
        conn.autocommit = True
        return conn

    def _read(self):
        cur = self._conn.cursor()
        try:
            cur.execute(self._sql)
            return cur.fetchone()[0]
        finally:
            cur.close()

    def __call__(self) -> tuple:
        if self._conn is None:
            with self.engine.connect() as conn:
                return tuple(conn.execute(self._query).one())
        with self._lock:
            try:
                return (self._sql, self._read())
            except (self._dbapi.OperationalError, self._dbapi.InterfaceError):
                if self.engine.dialect.name != "postgresql":
                    raise
                self._conn = self._connect()  # the server was restarted or dropped the connection: once more
                return (self._sql, self._read())


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
        self.version = StoreVersion(store.engine)
        self._request = threading.local()  # the store version of the answer being computed in this thread

    def cached(self, request: Request, compute: Callable[[], object], media_type: str = "application/json") -> Response:
        """The JSON of `compute()` (or the bytes it returns), reused for the same path and query while the store is
        unchanged (and the same host: an Atom feed's links name it)."""
        version = self.version()
        key = (str(request.base_url), request.url.path, tuple(sorted(request.query_params.multi_items())), version)
        with self._cache_lock:
            body = self._cache.get(key)
            if body is not None:
                self._cache.move_to_end(key)
        if body is None:
            with self._slots:
                self._request.version = version  # what `compute` keeps is keyed on it too: no query per memo
                try:
                    body = compute()
                finally:
                    del self._request.version
                body = body if isinstance(body, bytes) else dumps(body)
            with self._cache_lock:
                self._cache[key] = body
                while len(self._cache) > CACHE_ENTRIES:
                    self._cache.popitem(last=False)
        return Response(body, media_type=media_type)

    def memo(self, key: tuple, compute: Callable[[], object]):
        """A Python value (e.g. a built network) reused across URLs while the store is unchanged."""
        full = ("memo", key, getattr(self._request, "version", None) or self.version())
        with self._cache_lock:
            if full in self._cache:
                self._cache.move_to_end(full)
                return self._cache[full]
        value = compute()  # called inside `cached`, which already holds a slot
        # Kept values are large (a ledger, a network: tens of thousands of objects) and hold no reference cycles:
        # out of the garbage collector's full passes, as the app's own objects are (create_app), or each pass
        # walks them all again (up to 90 ms at load 7). Freed as usual once dropped. The collection first, so that
        # no garbage waiting for it is frozen with them: a few ms, the rest being frozen already.
        gc.collect()
        gc.freeze()
        with self._cache_lock:
            self._cache[full] = value
            while len(self._cache) > CACHE_ENTRIES:
                self._cache.popitem(last=False)
        return value

    def kept(self, kind: tuple, key, compute: Callable[[], object]):
        """`compute()` for this key, kept while the store is unchanged, in a table of its kind (one cache entry,
        however many keys: e.g. the parties the visit ledger was asked about)."""
        table = self._table(kind)
        if key not in table:
            value = compute()
            if len(table) >= KEPT_MAX:
                table.clear()
            table[key] = value
        return table[key]

    def pieces(self, kind: tuple, ids: list, render: Callable[[list], dict], encode: Callable = dumps) -> list:
        """The serialized item of each id (a claim, a feed entry), in the order of `ids`: each rendered once per
        version of the store, then reused by every page and filter that shows it. An id that `render` leaves out
        (gone from the store meanwhile) is left out."""
        done = self._table(kind)
        missing = [i for i in ids if i not in done]
        if missing:
            if len(done) + len(missing) > KEPT_MAX:
                done.clear()
            done.update((i, encode(item)) for i, item in render(missing).items())
        return [done[i] for i in ids if i in done]

    def _table(self, kind: tuple) -> dict:
        return self.memo(("kept", kind), dict)

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
