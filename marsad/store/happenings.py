"""One happening, many outlets: reports of the same event in different documents become one event.

Two rules, tried in this order when a document's event is stored (by `marsad ingest`, the API or `marsad load`):

- `same-day`: same type, same participants, the same day (the event's merge key, see marsad.store.db);
- `follow-up`: same type and participants; the later report states no date of its own (the extractor took it from
  its article) and its article was published within `FOLLOW_UP_DAYS` days after the stored event's day.

A report dated only by a month or a year is never merged with another document's: a month may hold several such
happenings, and the visit ledger (marsad.analysis.visits) places such readings itself, counting one reading per
event (so merging same-month reports of several outlets would hide readings it counts).

Each merge is a row of `event_merges` (the event, the document whose reports joined it, the rule), and each report
keeps its own reading (date, date as written, place, the numbers in its sentence), so where outlets disagree stays
visible. `split` undoes a merge: the document's reports become an event of their own again, and the merge row is
kept, marked undone, as the record of what was decided.
"""
from __future__ import annotations

import hashlib
import re
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import insert, select, update

from marsad.errors import InputError, NotFound
from marsad.records import Event
from marsad.store.tables import (actors, documents, event_actors, event_merges, events, network_nodes,
                                 network_pairs, reports)

SAME_DAY, FOLLOW_UP = "same-day", "follow-up"
RULES = {SAME_DAY: "same type, participants and day",
         FOLLOW_UP: "same type and participants; the later article tells it without a date of its own, "
                    "published within a week of the event"}
FOLLOW_UP_DAYS = 7
_NUMBER = re.compile(r"\d+(?:[.,٫]\d+)?")  # \d takes Arabic-Indic digits too; ٫ is the Arabic decimal point
_ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹٫", "01234567890123456789.")


def happening_key(event_type: str, participants) -> str | None:
    """Type and participants without the date: the index under which other outlets' reports are looked for.
    None when no participant is named (such reports are never merged across documents)."""
    keys = sorted(f"{role}:{key}" for role, key in participants)
    if not keys:
        return None
    return hashlib.sha256("\x1f".join((event_type, *keys)).encode("utf-8")).hexdigest()


def numbers(sentence: str, date_text: str | None = None) -> str | None:
    """The numbers a report's sentence gives, its date left out: '12,30' for 'on 3 May, 12 killed and 30 hurt'."""
    if date_text:
        sentence = sentence.replace(date_text, " ")
    return ",".join(n.translate(_ARABIC_DIGITS) for n in _NUMBER.findall(sentence)) or None


def reading(ev: Event, sentence: str) -> dict:
    """What one report says, kept with it: its date, the date as written, its place and its numbers."""
    return {"date": ev.date, "date_text": ev.date_text, "location": ev.location,
            "numbers": numbers(sentence, ev.date_text)}


def follow_up_days(ev: Event, published: date | None) -> list[str] | None:
    """The days (ISO) of the stored events `ev` may be an undated follow-up of: its article's day and the
    `FOLLOW_UP_DAYS` before it; None when `ev` is not undated. Look-ups ask for these days only, so their cost does
    not grow with the number of stored reports of a much-told happening."""
    if published is None or ev.date_text is not None or ev.date != published.isoformat():
        return None
    return [(published - timedelta(days=n)).isoformat() for n in range(FOLLOW_UP_DAYS + 1)]


def find_same_happening(conn, key: str | None, ev: Event, document_id: int, published: date | None):
    """(event id, rule) of a stored event from another document that `ev` re-tells, by the rules above."""
    days = follow_up_days(ev, published)
    if key is None or days is None:
        return None
    found = conn.execute(select(events.c.id).where(events.c.happening_key == key, events.c.date.in_(days),
                                                   events.c.document_id != document_id)
                         .order_by(events.c.id).limit(1)).scalar()
    return (found, FOLLOW_UP) if found is not None else None


def record_merge(conn, event_id: int, document_id: int, rule: str) -> None:
    from marsad.store.db import insert_ignore

    insert_ignore(conn, event_merges, dict(event_id=event_id, document_id=document_id, rule=rule,
                                           merged_at=datetime.now(timezone.utc).replace(tzinfo=None)),
                  ["event_id", "document_id"])


def explain(conn, event_id: int, first_document: int) -> dict:
    """The event's outlets, first report, merges (rule, reports) and disagreements, for the API and the page."""
    rows = conn.execute(select(reports.c.id, reports.c.document_id, reports.c.date, reports.c.date_text,
                               reports.c.location, reports.c.numbers, documents.c.doc_key, documents.c.title,
                               documents.c.source, documents.c.published)
                        .join(documents, documents.c.id == reports.c.document_id)
                        .where(reports.c.event_id == event_id).order_by(reports.c.id)).mappings().all()
    merges = conn.execute(select(event_merges).where(event_merges.c.event_id == event_id)
                          .order_by(event_merges.c.id)).mappings().all()
    outlets, seen = [], set()
    for r in sorted(rows, key=lambda r: (r["published"] is None, r["published"] or date.min, r["id"])):
        if r["document_id"] not in seen:
            seen.add(r["document_id"])
            outlets.append({"document_id": r["document_id"], "doc_key": r["doc_key"], "title": r["title"],
                            "source": r["source"], "published": _iso(r["published"])})
    first = next((r for r in sorted(rows, key=lambda r: (r["published"] is None, r["published"] or date.min,
                                                          r["id"]))), None)
    disagreements = {}
    for field in ("date", "location", "numbers"):
        by_value: dict[str, list[int]] = {}
        for r in rows:
            if r[field]:
                docs = by_value.setdefault(r[field], [])
                if r["document_id"] not in docs:
                    docs.append(r["document_id"])
        if len(by_value) > 1:
            disagreements[field] = [{"value": v, "documents": d} for v, d in by_value.items()]
    return {
        "outlets": outlets,
        "first_report": {"report_id": first["id"], "document_id": first["document_id"], "doc_key": first["doc_key"],
                         "published": _iso(first["published"])} if first else None,
        "merges": [{"id": m["id"], "document_id": m["document_id"], "rule": m["rule"], "why": RULES[m["rule"]],
                    "reports": [r["id"] for r in rows if r["document_id"] == m["document_id"]],
                    "merged_at": _iso(m["merged_at"]), "undone": bool(m["undone_at"])} for m in merges],
        "disagreements": disagreements,
    }


def _iso(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


def split(store, event_id: int, document_id: int) -> int:
    """Undo the merge of `document_id`'s reports into `event_id`: they become an event of their own again (with
    their own date and place), which is returned; the merge row stays, marked undone."""
    from marsad.store import search
    from marsad.store.db import pair_rows

    with store.writing() as conn:
        merge = conn.execute(select(event_merges).where(event_merges.c.event_id == event_id,
                                                        event_merges.c.document_id == document_id)).mappings().first()
        if merge is None or merge["undone_at"] is not None:
            raise NotFound(f"event {event_id} has no merge of document {document_id} to undo")
        survivor = conn.execute(select(events).where(events.c.id == event_id)).mappings().one()
        mine = conn.execute(select(reports).where(reports.c.event_id == event_id,
                                                  reports.c.document_id == document_id)
                            .order_by(reports.c.start)).mappings().all()
        if not mine:
            raise InputError(f"document {document_id} has no reports left on event {event_id}")
        first = mine[0]
        values = {k: survivor[k] for k in ("event_type", "mode", "context", "cameo", "aux", "trigger", "trigger_id",
                                          "confidence", "polities", "kb_version", "happening_key")}
        values.update(document_id=document_id, date=first["date"], date_text=first["date_text"],
                      location=first["location"], evidence=first["text"], start=first["start"], end=first["end"],
                      sentence_start=first["sentence_start"], sentence_end=first["sentence_end"],
                      merge_key=hashlib.sha256(f"{survivor['merge_key']}\x1fsplit:{document_id}".encode()).hexdigest())
        new_id = conn.execute(insert(events).values(**values).returning(events.c.id)).scalar()
        sides: dict[str, list[tuple[int, str | None]]] = {"actor": [], "recipient": []}
        for r in conn.execute(select(event_actors.c.actor_id, event_actors.c.role, actors.c.polity)
                              .join(actors, actors.c.id == event_actors.c.actor_id)
                              .where(event_actors.c.event_id == event_id).order_by(actors.c.id)):
            sides[r.role].append((r.actor_id, r.polity))
            conn.execute(insert(event_actors).values(event_id=new_id, actor_id=r.actor_id, role=r.role))
        pairs, nodes = pair_rows(new_id, values["event_type"], values["date"], sides)
        if pairs:
            conn.execute(insert(network_pairs), pairs)
        if nodes:
            conn.execute(insert(network_nodes), nodes)
        search.index_event(conn, new_id, document_id, first["text"])
        conn.execute(update(reports).where(reports.c.event_id == event_id, reports.c.document_id == document_id)
                     .values(event_id=new_id))
        conn.execute(update(event_merges).where(event_merges.c.id == merge["id"])
                     .values(undone_at=datetime.now(timezone.utc).replace(tzinfo=None)))
    return new_id

