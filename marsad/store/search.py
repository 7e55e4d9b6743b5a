"""Arabic full-text search over documents and event evidence.

SQLite: an FTS5 table (trigram tokenizer) over a *normalized* copy of each text
(`normalize_key`: no diacritics or tatweel, one alef, ة→ه, ى→ي, ؤ→و, ئ→ي), so
"المُشير" finds "المشير", "أنقرة" finds "انقره", and a word with clitics
("وموسكو") still contains the query ("موسكو"). Queries are normalized the same
way. Snippets quote the original text, with the matches found on a same-length
folded copy (see `find_terms`), so the analyst sees the article as written.

PostgreSQL: no FTS5; each word is matched with ILIKE on the stored text (no
diacritic folding there).

`ensure_index(store)` indexes what arrived since the last call (documents and
events with a higher id than the last indexed); the API calls it on start,
after each ingest and before each search, so a `marsad ingest` run in another
process is searchable at once.
"""
from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass

from sqlalchemy import Integer, and_, column, func, or_, select, text

from marsad.errors import InputError
from marsad.store.tables import documents, events
from marsad.text.normalize import normalize_char, normalize_key

FTS_TABLE = "search_fts"
META_TABLE = "search_meta"
BATCH = 500
MIN_TERM = 3  # the trigram tokenizer needs three characters to use the index
SNIPPET_CHARS = 160

_lock = threading.Lock()


def fts_available(store) -> bool:
    return store.engine.dialect.name == "sqlite"


def query_terms(q: str) -> list[str]:
    """The normalized words of a query: 'المُشير خليفة' → ['المشير', 'خليفه']."""
    return [t.replace('"', "") for t in normalize_key(q or "").split() if t.replace('"', "")]


def _match_expression(terms: list[str]) -> str:
    return " AND ".join(f'"{t}"' for t in terms if len(t) >= MIN_TERM)


def ensure_index(store) -> int:
    """Index documents and events added since the last call; returns how many rows went in."""
    if not fts_available(store):
        return 0
    with _lock:
        raw = store.engine.raw_connection()
        try:
            cur = raw.cursor()
            cur.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
                        "body, kind UNINDEXED, ref UNINDEXED, document UNINDEXED, tokenize='trigram')")
            cur.execute(f"CREATE TABLE IF NOT EXISTS {META_TABLE} (key TEXT PRIMARY KEY, value INTEGER NOT NULL)")
            raw.commit()
            cur.execute("BEGIN IMMEDIATE")  # one indexer at a time, also across processes
            meta = dict(cur.execute(f"SELECT key, value FROM {META_TABLE}").fetchall())
            added = 0
            last_doc, last_event = meta.get("documents", 0), meta.get("events", 0)
            while True:
                rows = cur.execute("SELECT id, title, text FROM documents WHERE id > ? ORDER BY id LIMIT ?",
                                   (last_doc, BATCH)).fetchall()
                if not rows:
                    break
                cur.executemany(f"INSERT INTO {FTS_TABLE} (body, kind, ref, document) VALUES (?, 'document', ?, ?)",
                                [(normalize_key(f"{title or ''}\n{body}"), i, i) for i, title, body in rows])
                last_doc, added = rows[-1][0], added + len(rows)
            while True:
                rows = cur.execute("SELECT id, document_id, evidence FROM events WHERE id > ? ORDER BY id LIMIT ?",
                                   (last_event, BATCH)).fetchall()
                if not rows:
                    break
                cur.executemany(f"INSERT INTO {FTS_TABLE} (body, kind, ref, document) VALUES (?, 'event', ?, ?)",
                                [(normalize_key(evidence), i, d) for i, d, evidence in rows])
                last_event, added = rows[-1][0], added + len(rows)
            cur.executemany(f"INSERT OR REPLACE INTO {META_TABLE} (key, value) VALUES (?, ?)",
                            [("documents", last_doc), ("events", last_event)])
            raw.commit()
            return added
        except Exception:
            raw.rollback()
            raise
        finally:
            raw.close()


def rebuild_index(store) -> int:
    """Drop and rebuild the whole index (after a store was edited by hand)."""
    if not fts_available(store):
        return 0
    with store.engine.begin() as conn:
        conn.execute(text(f"DROP TABLE IF EXISTS {FTS_TABLE}"))
        conn.execute(text(f"DROP TABLE IF EXISTS {META_TABLE}"))
    return ensure_index(store)


def matching_event_ids(store, q: str):
    """A selectable of event ids whose evidence contains every word of `q` (normalized), for `IN (...)` filters."""
    terms = query_terms(q)
    if not terms:
        raise InputError("q: give at least one word to search for")
    if not fts_available(store):
        return select(events.c.id).where(and_(*[events.c.evidence.ilike(f"%{t}%") for t in q.split()]))
    ensure_index(store)
    where, params = _where(terms)
    return text(f"SELECT ref FROM {FTS_TABLE} WHERE kind = 'event' AND {where}").bindparams(**params) \
        .columns(column("ref", Integer))


def _where(terms: list[str]) -> tuple[str, dict]:
    clauses, params = [], {}
    expression = _match_expression(terms)
    if expression:
        clauses.append(f"{FTS_TABLE} MATCH :match")
        params["match"] = expression
    for n, term in enumerate(t for t in terms if len(t) < MIN_TERM):
        clauses.append(f"(' ' || body || ' ') LIKE :short{n}")  # short words: whole word, scanned
        params[f"short{n}"] = f"% {term} %"
    return " AND ".join(clauses), params


@dataclass(frozen=True)
class Hit:
    kind: str  # document | event
    ref: int
    document: int


def search(store, q: str, kind: str | None = None, limit: int = 20, offset: int = 0) -> dict:
    """Documents and events whose text contains every word of `q`, best first, with original-text snippets."""
    terms = query_terms(q)
    if not terms:
        raise InputError("q: give at least one word to search for")
    if kind not in (None, "document", "event"):
        raise InputError(f"kind {kind!r}: choose document or event")
    if fts_available(store):
        ensure_index(store)
        where, params = _where(terms)
        if kind:
            where += " AND kind = :kind"
            params["kind"] = kind
        order = "ORDER BY rank" if "match" in params else "ORDER BY document DESC"
        with store.engine.connect() as conn:
            total = conn.execute(text(f"SELECT count(*) FROM {FTS_TABLE} WHERE {where}"), params).scalar()
            rows = conn.execute(text(f"SELECT kind, ref, document FROM {FTS_TABLE} WHERE {where} {order} "
                                     "LIMIT :limit OFFSET :offset"), {**params, "limit": limit, "offset": offset}).all()
        hits = [Hit(r.kind, int(r.ref), int(r.document)) for r in rows]
    else:
        hits, total = _search_ilike(store, q.split(), kind, limit, offset)
    return {"query": q, "normalized": " ".join(terms), "total": total, "limit": limit, "offset": offset,
            "hits": _hydrate(store, hits, terms)}


def _search_ilike(store, words: list[str], kind, limit, offset) -> tuple[list[Hit], int]:
    hits: list[Hit] = []
    total = 0
    with store.engine.connect() as conn:
        if kind in (None, "document"):
            cond = and_(*[or_(documents.c.text.ilike(f"%{w}%"), documents.c.title.ilike(f"%{w}%")) for w in words])
            total += conn.scalar(select(func.count()).select_from(documents).where(cond))
            hits += [Hit("document", r.id, r.id) for r in
                     conn.execute(select(documents.c.id).where(cond).order_by(documents.c.id.desc())
                                  .limit(limit + offset))]
        if kind in (None, "event"):
            cond = and_(*[events.c.evidence.ilike(f"%{w}%") for w in words])
            total += conn.scalar(select(func.count()).select_from(events).where(cond))
            hits += [Hit("event", r.id, r.document_id) for r in
                     conn.execute(select(events.c.id, events.c.document_id).where(cond)
                                  .order_by(events.c.id.desc()).limit(limit + offset))]
    return hits[offset:offset + limit], total


def _hydrate(store, hits: list[Hit], terms: list[str]) -> list[dict]:
    doc_ids = {h.document for h in hits}
    event_ids = {h.ref for h in hits if h.kind == "event"}
    with store.engine.connect() as conn:
        docs = {r.id: r for r in conn.execute(
            select(documents.c.id, documents.c.doc_key, documents.c.title, documents.c.published,
                   func.length(documents.c.text).label("length"))
            .where(documents.c.id.in_(doc_ids)))} if doc_ids else {}
        texts = {r.id: r.text for r in conn.execute(
            select(documents.c.id, documents.c.text)
            .where(documents.c.id.in_({h.ref for h in hits if h.kind == "document"})))} if hits else {}
        evs = {r.id: r for r in conn.execute(
            select(events.c.id, events.c.event_type, events.c.mode, events.c.date, events.c.evidence,
                   events.c.start).where(events.c.id.in_(event_ids)))} if event_ids else {}
    out = []
    for hit in hits:
        doc = docs.get(hit.document)
        item = {"kind": hit.kind, "id": hit.ref, "document_id": hit.document,
                "document_key": doc.doc_key if doc else None, "title": doc.title if doc else None,
                "published": doc.published.isoformat() if doc is not None and doc.published else None}
        if hit.kind == "event":
            ev = evs.get(hit.ref)
            if ev is None:
                continue
            item.update(event_type=ev.event_type, mode=ev.mode, date=ev.date)
            item["snippet"] = snippet(ev.evidence, terms, whole=True)
        else:
            body = texts.get(hit.ref)
            if body is None:
                continue
            item["snippet"] = snippet(body, terms)
        out.append(item)
    return out


def with_marks(text: str, end: int) -> int:
    """Move a span's end past the diacritics of its last letter, so 'الْمُشِيرَ' is marked whole."""
    while end < len(text) and unicodedata.category(text[end]) == "Mn":
        end += 1
    return end


def _fold_table() -> dict[int, str]:
    """normalize_char as a str.translate table that keeps every position: a dropped mark becomes NUL."""
    table = {}
    for cp in [*range(0x20, 0x3000), 0xFEFF]:
        ch = chr(cp)
        mapped = normalize_char(ch)
        if mapped != ch and len(mapped) <= 1:
            table[cp] = mapped or "\x00"
    return table


_FOLD = _fold_table()


def find_terms(original: str, terms: list[str]) -> list[tuple[int, int]]:
    """Where the normalized `terms` occur in `original`, as original-text spans, in order.

    The text is folded character for character (same length, dropped marks as NUL), so a match's offsets are
    the original's; a term may have dropped marks between its letters: 'انقره' matches 'أَنْقَرَةُ'.
    """
    folded = original.translate(_FOLD)
    spans = set()
    for term in terms:
        pattern = "\x00*".join(re.escape(ch) for ch in term)
        for m in re.finditer(pattern, folded):
            spans.add((m.start(), with_marks(original, m.end())))
    return sorted(spans)


def snippet(original: str, terms: list[str], whole: bool = False) -> dict:
    """A window of the original text around the first match, with the match spans relative to the window."""
    spans = find_terms(original, terms)
    if whole or len(original) <= SNIPPET_CHARS * 2:
        lo, hi = 0, len(original)
    else:
        centre = spans[0][0] if spans else 0
        lo = max(0, centre - SNIPPET_CHARS // 2)
        hi = min(len(original), lo + SNIPPET_CHARS * 2)
        while lo > 0 and not original[lo - 1].isspace() and centre - lo < SNIPPET_CHARS:
            lo -= 1
        while hi < len(original) and not original[hi].isspace() and hi - lo < SNIPPET_CHARS * 3:
            hi += 1
    marks = [[s - lo, e - lo] for s, e in spans if s >= lo and e <= hi]
    return {"text": original[lo:hi], "start": lo, "marks": marks, "before": lo > 0, "after": hi < len(original)}
