"""Arabic full-text search over documents and event evidence.

The index holds a *normalized* copy of each text (`normalize_key`: no diacritics or tatweel, one alef, ة→ه,
ى→ي, ؤ→و, ئ→ي), written with the document or event in the same transaction (see `marsad.store.db`), so
"المُشير" finds "المشير", "أنقرة" finds "انقره", and a word with clitics ("وموسكو") still contains the query
("موسكو"). Queries are normalized the same way. Snippets quote the original text, with the matches found on a
same-length folded copy (see `find_terms`), so the analyst sees the article as written.

SQLite: an FTS5 table with the trigram tokenizer, so a query word matches anywhere inside a written word. Words
shorter than three letters, which trigrams cannot index, are matched as whole words by a scan of the rows the
other words selected.

PostgreSQL: its own full-text search, a `tsvector` ('simple' configuration: no stemming, no stop words) over the
same normalized text, with a GIN index. Each word is indexed as written and without its proclitics (و ف ب ك ل
ال and their combinations), and query words match as prefixes, so "موسكو" finds "وموسكو" and "المشير" finds
"والمشير" as on SQLite; a query word that is only the middle or the end of a written word matches on SQLite alone.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import and_, distinct, false, func, literal, literal_column, or_, select, text

from marsad.errors import InputError
from marsad.store.tables import documents, events, search_fts
from marsad.text.normalize import FOLD_TABLE, normalize_key

_LATIN = re.compile(r"[a-z]")
MIN_TERM = 3  # the trigram tokenizer needs three characters to use the index
PROCLITICS = ("وبال", "وكال", "وال", "فال", "بال", "كال", "ولل", "فلل", "ال", "لل", "وب", "وك", "ول", "فب", "فل",
              "و", "ف", "ب", "ك", "ل")  # longest first
SIMPLE = literal_column("'simple'::regconfig")
MAX_TERMS = 12  # distinct words in one query
MAX_QUERY = 1000  # characters in one query
SNIPPET_CHARS = 160
HITS_PER_DOCUMENT = 12  # a grouped document lists this many of its hits; `matches` counts them all


def backend(store) -> str:
    return "fts5" if store.engine.dialect.name == "sqlite" else "tsvector"


def create_index(conn) -> None:
    """Create the full-text table (empty) for this engine."""
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5("
                             "body, kind UNINDEXED, ref UNINDEXED, document UNINDEXED, tokenize='trigram')")
        return
    conn.exec_driver_sql("CREATE TABLE IF NOT EXISTS search_fts (kind VARCHAR(8) NOT NULL, ref BIGINT NOT NULL, "
                         "document BIGINT NOT NULL, body TEXT NOT NULL, tsv TSVECTOR NOT NULL, PRIMARY KEY (kind, ref))")
    conn.exec_driver_sql("CREATE INDEX IF NOT EXISTS ix_search_fts_tsv ON search_fts USING gin (tsv)")


def with_stems(body: str) -> str:
    """Every word, and each word again without its proclitics: 'وموسكو' → 'وموسكو موسكو' (PostgreSQL's index)."""
    return " ".join(map(_word_with_stems, body.split()))


@lru_cache(maxsize=1 << 17)
def _word_with_stems(word: str) -> str:
    """One word and its stems; cached, since most words of an archive are a few thousand frequent ones."""
    return " ".join([word, *(word[len(prefix):] for prefix in PROCLITICS
                             if word.startswith(prefix) and len(word) - len(prefix) >= 2)])


def _index(conn, kind: str, ref: int, document: int, body: str) -> None:
    values = {"body": body, "kind": kind, "ref": ref, "document": document}
    if conn.dialect.name == "postgresql":
        values["tsv"] = func.to_tsvector(SIMPLE, with_stems(body))
    conn.execute(search_fts.insert().values(**values))


def index_document(conn, document_id: int, title: str | None, body: str) -> None:
    _index(conn, "document", document_id, document_id, normalize_key(f"{title or ''}\n{body}"))


def index_event(conn, event_id: int, document_id: int, evidence: str) -> None:
    _index(conn, "event", event_id, document_id, normalize_key(evidence))


def tsvectors(conn, bodies: list[str]) -> list[str]:
    """PostgreSQL's index entry of each normalized body, `to_tsvector('simple', with_stems(body))` as the server
    computes it, in text form: the bulk loader asks for them on a connection of its own before it takes the write
    lock, so the server's slowest step of indexing runs beside the writes rather than inside them."""
    if not bodies:
        return []
    return list(conn.execute(text("SELECT to_tsvector('simple', stems)::text FROM unnest(CAST(:stems AS text[])) "
                                  "WITH ORDINALITY AS given(stems, n) ORDER BY n"),
                             {"stems": [with_stems(body) for body in bodies]}).scalars())


def index_many(conn, rows) -> None:
    """Many documents and events at once (the bulk loader): (kind, ref, document id, body, tsvector) each, the body
    normalized (`normalize_key`, of the title and text for a document) and, on PostgreSQL, its `tsvectors` entry
    (None on SQLite). One COPY on PostgreSQL, one batched INSERT on SQLite."""
    if not rows:
        return
    if conn.dialect.name != "postgresql":
        conn.execute(search_fts.insert(), [{"kind": kind, "ref": ref, "document": document, "body": body}
                                           for kind, ref, document, body, _ in rows])
        return
    with conn.connection.driver_connection.cursor().copy(
            "COPY search_fts (kind, ref, document, body, tsv) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def query_terms(q: str) -> list[str]:
    """The distinct normalized words of a query: 'المُشير خليفة' → ['المشير', 'خليفه']; bounded in size."""
    if len(q or "") > MAX_QUERY:
        raise InputError(f"q: {len(q)} characters; a search takes at most {MAX_QUERY}")
    terms = list(dict.fromkeys(t.replace('"', "") for t in normalize_key(q or "").split() if t.replace('"', "")))
    if not terms:
        raise InputError("q: give at least one word to search for")
    if len(terms) > MAX_TERMS:
        raise InputError(f"q: {len(terms)} different words; a search takes at most {MAX_TERMS}")
    return terms


def query_groups(q: str, kb=None) -> tuple[tuple[str, ...], ...]:
    """What a query asks for: one group per word, each group the normalized forms any of which may stand for it.

    An Arabic word is itself. A word in Latin letters that names actors, states or places ('Haftar', 'Egypt') stands
    for their Arabic names (`marsad.store.names.arabic_forms`), so the search box takes English names as the actor
    filters do: 'Haftar' finds what 'حفتر' finds. A query wholly in Latin letters that names one ('Khalifa Haftar')
    is one group.
    """
    from marsad.store.names import arabic_forms

    terms = query_terms(q)
    if kb is None or not any(_LATIN.search(t) for t in terms):
        return tuple((t,) for t in terms)
    if all(_LATIN.search(t) for t in terms) and len(terms) > 1:
        whole = arabic_forms(kb, " ".join(terms))
        if whole:
            return (whole,)
    return tuple((arabic_forms(kb, t) or (t,)) if _LATIN.search(t) else (t,) for t in terms)


def _tsquery(groups: tuple[tuple[str, ...], ...]):
    """Every word as a prefix, a group's forms as alternatives, each with all its words (not as a phrase: the index
    puts a word's stems between it and the next): (('حفتر',), ('موسكو', 'الكرملين')) → 'حفتر':* & ('موسكو':* |
    'الكرملين':*) (characters tsquery reads as operators dropped); None when no word is left (a query of punctuation
    matches nothing)."""
    parts = []
    for group in groups:
        forms = []
        for form in group:
            words = [w for w in (re.sub(r"[^\w]", "", t) for t in form.split()) if w]
            if words:
                forms.append(" & ".join(f"'{w}':*" for w in words))
        if not forms:
            return None
        parts.append("(" + " | ".join(f"({f})" for f in forms) + ")")
    return func.to_tsquery(SIMPLE, " & ".join(parts)) if parts else None


def _where(groups: tuple[tuple[str, ...], ...], dialect: str = "sqlite") -> list:
    """Every group has one of its forms. SQLite: the groups of indexed words in one FTS5 MATCH, those with a word
    too short for trigrams scanned."""
    if dialect == "postgresql":
        query = _tsquery(groups)
        return [search_fts.c.tsv.op("@@")(query) if query is not None else false()]
    indexed = [g for g in groups if all(len(t) >= MIN_TERM for t in g)]
    where = []
    if indexed:
        match = " AND ".join("(" + " OR ".join(f'"{t}"' for t in g) + ")" for g in indexed)
        where.append(text("search_fts MATCH :match").bindparams(match=match))
    for group in (g for g in groups if g not in indexed):  # short words: whole word, scanned
        where.append(or_(*((literal(" ") + search_fts.c.body + literal(" ")).like(f"% {t} %") for t in group)))
    return where


def matching_event_ids(conn, q: str, groups: tuple[tuple[str, ...], ...] = ()):
    """A selectable of event ids whose evidence contains every word of `q` (normalized; `groups` as `query_groups`
    makes them, when a knowledge base was at hand), for `IN (...)` filters."""
    return select(search_fts.c.ref).where(search_fts.c.kind == "event",
                                          *_where(groups or query_groups(q), conn.dialect.name))


@dataclass(frozen=True)
class Hit:
    kind: str  # document | event
    ref: int
    document: int


def search(store, q: str, kind: str | None = None, limit: int = 20, offset: int = 0, kb=None,
           group: str | None = None) -> dict:
    """Documents and events whose text contains every word of `q`, best first (FTS5's bm25 rank, PostgreSQL's
    ts_rank), with snippets of the original text.

    `group="document"` pages through documents instead, the best-ranked first (by their best hit, then their number
    of hits): each with its hits, the article itself first, then its event sentences; `total` counts documents.
    """
    groups = query_groups(q, kb)
    if kind not in (None, "document", "event"):
        raise InputError(f"kind {kind!r}: choose document or event")
    if group not in (None, "document"):
        raise InputError(f"group {group!r}: the only grouping is document")
    dialect = store.engine.dialect.name
    where = _where(groups, dialect)
    if kind:
        where.append(search_fts.c.kind == kind)
    if dialect == "postgresql" and _tsquery(groups) is not None:  # ts_rank: higher is better
        rank = func.ts_rank(search_fts.c.tsv, _tsquery(groups))
        by_rank, by_best = (rank.desc(),), (func.max(rank).desc(),)
    elif any(all(len(t) >= MIN_TERM for t in g) for g in groups):  # FTS5's bm25 rank: lower is better
        by_rank, by_best = (literal_column("rank"),), (func.min(literal_column("rank")),)
    else:
        by_rank = by_best = ()
    terms = sorted({t for g in groups for t in g}, key=len, reverse=True)
    out = {"query": q, "normalized": " ".join("|".join(g) for g in groups), "limit": limit, "offset": offset}
    then = (search_fts.c.document.desc(), search_fts.c.kind, search_fts.c.ref)  # ties in a stable order: pages
    with store.engine.connect() as conn:
        if group is None:
            total = conn.scalar(select(func.count()).select_from(search_fts).where(and_(*where)))
            rows = conn.execute(select(search_fts.c.kind, search_fts.c.ref, search_fts.c.document).where(and_(*where))
                                .order_by(*by_rank, *then)
                                .limit(limit).offset(offset)).all()
            return {**out, "total": total, "hits": _hydrate(store, [Hit(r.kind, int(r.ref), int(r.document))
                                                                     for r in rows], terms)}
        n = func.count().label("n")
        total = conn.scalar(select(func.count(distinct(search_fts.c.document))).where(and_(*where)))
        docs = conn.execute(select(search_fts.c.document, n).where(and_(*where)).group_by(search_fts.c.document)
                            .order_by(*by_best, n.desc(), search_fts.c.document.desc())
                            .limit(limit).offset(offset)).all()
        ids = [int(d.document) for d in docs]
        rows = conn.execute(select(search_fts.c.kind, search_fts.c.ref, search_fts.c.document)
                            .where(and_(*where), search_fts.c.document.in_(ids))).all() if ids else []
    order = {doc: i for i, doc in enumerate(ids)}  # the article first, then its event sentences as stored
    hits = _hydrate(store, sorted((Hit(r.kind, int(r.ref), int(r.document)) for r in rows),
                                  key=lambda h: (order[h.document], h.kind != "document", h.ref)), terms)
    by_doc: dict[int, list[dict]] = {}
    for hit in hits:
        by_doc.setdefault(hit["document_id"], []).append(hit)
    found = []
    for d in docs:
        items = by_doc.get(int(d.document), [])
        if items:
            first = items[0]
            found.append({"document_id": first["document_id"], "document_key": first["document_key"],
                          "title": first["title"], "published": first["published"], "matches": d.n,
                          "hits": items[:HITS_PER_DOCUMENT]})
    return {**out, "total": total, "hits": [h for doc in found for h in doc["hits"]], "documents": found}


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


def find_terms(original: str, terms: list[str]) -> list[tuple[int, int]]:
    """Where the normalized `terms` occur in `original`, as original-text spans, in order.

    The text is folded character for character (same length, dropped marks as NUL), so a match's offsets are
    the original's; a term may have dropped marks between its letters: 'انقره' matches 'أَنْقَرَةُ'.
    """
    folded = original.translate(FOLD_TABLE)
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
