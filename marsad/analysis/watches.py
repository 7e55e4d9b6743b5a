"""Watches: saved filters that the store checks after each ingest. With them an analyst hears of a new Russian
military delegation in Benghazi without searching.

A watch holds some of these: actor, polity, type, location, and claim_status. They are the events filters
(`marsad.store.query.Selection`) plus the verdict of a claim. A watch without claim_status matches new events. A
watch with claim_status matches claims that have that verdict and whose event (if the watch names event
filters) matches the rest of the watch. `check_watches` runs after every ingest. It records what is new since
the last check. The dashboard counts the matches not yet seen, and each watch has an Atom feed.

When a watch is saved, up to `BASELINE` of the latest matches already in the store are recorded as seen. The
feed then starts with context, and only what arrives later counts as new.
"""
from __future__ import annotations

import xml.etree.ElementTree as ET
from sqlalchemy import and_, func, select, true

from marsad.analysis.claims import STATUSES, now
from marsad.analysis.visits import outlet
from marsad.errors import InputError, NotFound
from marsad.store.query import MAX_ID, Selection, conditions, list_events
from marsad.store.tables import claims, documents, events, watch_matches, watches

FIELDS = ("actor", "polity", "type", "location", "claim_status")
BASELINE = 100
FEED_MAX = 500  # entries a feed lists at most
ATOM = "http://www.w3.org/2005/Atom"


def clean_filters(raw: dict) -> dict:
    """Only the known fields, as trimmed strings; an unknown field is an error that names the known ones."""
    unknown = sorted(set(raw) - set(FIELDS) - {"name"})
    if unknown:
        raise InputError(f"watch field {', '.join(unknown)}: a watch takes {', '.join(FIELDS)}")
    out = {}
    for name in FIELDS:
        value = raw.get(name)
        if value is None or value == "":
            continue
        if not isinstance(value, str):
            raise InputError(f"watch field {name}: give text, got {type(value).__name__}")
        out[name] = value.strip()
    if not out:
        raise InputError(f"a watch needs at least one of {', '.join(FIELDS)}")
    if "claim_status" in out and out["claim_status"] not in STATUSES:
        raise InputError(f"claim_status {out['claim_status']!r}: choose from {', '.join(STATUSES)}")
    return out


def watch_selection(filters: dict, kb=None, store=None) -> Selection:
    return Selection.parse(actor=filters.get("actor"), polity=filters.get("polity"), type=filters.get("type"),
                           location=filters.get("location"), kb=kb, store=store)


def describe(filters: dict) -> str:
    return ", ".join(f"{k} {v}" for k, v in filters.items())


def _matching(conn, watch: dict, after_event: int | None, limit: int | None = None) -> list[tuple[str, int, int | None]]:
    """(ref, event id, claim id) of what the watch matches: new events, or claims with its verdict."""
    filters = watch["filters"]
    sel = watch_selection(filters)
    if "claim_status" in filters:
        query = select(claims.c.id, claims.c.event_id).where(claims.c.status == filters["claim_status"])
        if not sel.is_empty():
            query = query.where(claims.c.event_id.in_(select(events.c.id).where(and_(true(), *conditions(conn, sel)))))
        query = query.order_by(claims.c.id.desc())
        rows = conn.execute(query.limit(limit) if limit else query).all()
        return [(f"claim:{r.id}", r.event_id, r.id) for r in rows]
    query = select(events.c.id).where(and_(true(), *conditions(conn, sel)))
    if after_event is not None:
        query = query.where(events.c.id > after_event)
    query = query.order_by(events.c.id.desc())
    return [(f"event:{i}", i, None) for i in conn.execute(query.limit(limit) if limit else query).scalars()]


def _record(conn, watch_id: int, found, baseline: bool) -> int:
    from marsad.store.db import insert_ignore

    stamp = now()
    added = 0
    for ref, event_id, claim_id in reversed(found):  # oldest first, so newer matches get higher ids
        if insert_ignore(conn, watch_matches, dict(watch_id=watch_id, ref=ref, event_id=event_id, claim_id=claim_id,
                                                   found_at=stamp, baseline=baseline), ["watch_id", "ref"]) is not None:
            added += 1
    return added


def create_watch(store, kb, filters: dict, name: str | None = None) -> dict:
    """Save a watch (its filters checked as the events filter checks them) and record its baseline."""
    filters = clean_filters(filters)
    watch_selection(filters, kb, store)  # a bad actor, polity or type is an error now, not at the next ingest
    name = (name or "").strip() or describe(filters)
    if len(name) > 200:
        raise InputError(f"name: {len(name)} characters; at most 200")
    with store.writing() as conn:
        latest = conn.scalar(select(func.max(events.c.id))) or 0
        watch_id = conn.execute(watches.insert().values(name=name, filters=filters, created_at=now(),
                                                        checked_event=latest, seen_match=0)).inserted_primary_key[0]
        watch = {"id": watch_id, "filters": filters}
        _record(conn, watch_id, _matching(conn, watch, None, BASELINE), baseline=True)
        seen = conn.scalar(select(func.max(watch_matches.c.id)).where(watch_matches.c.watch_id == watch_id)) or 0
        conn.execute(watches.update().where(watches.c.id == watch_id).values(seen_match=seen))
    return get_watch(store, watch_id)


def check_watches(store) -> int:
    """Record what each watch matches among the events and claims added since its last check; returns the count."""
    added = 0
    with store.writing() as conn:
        latest = conn.scalar(select(func.max(events.c.id))) or 0
        for w in conn.execute(select(watches)).mappings().all():
            added += _record(conn, w["id"], _matching(conn, dict(w), w["checked_event"]), baseline=False)
            conn.execute(watches.update().where(watches.c.id == w["id"]).values(checked_event=latest))
    return added


def _watch_row(conn, watch_id: int):
    if not 1 <= watch_id <= MAX_ID:
        raise NotFound(f"no watch with id {watch_id}: ids are positive numbers up to {MAX_ID}")
    row = conn.execute(select(watches).where(watches.c.id == watch_id)).mappings().first()
    if row is None:
        raise NotFound(f"no watch with id {watch_id}: see GET /api/watches")
    return row


def _summary(conn, w) -> dict:
    total, new = conn.execute(select(func.count(), func.count().filter(watch_matches.c.id > w["seen_match"]))
                              .where(watch_matches.c.watch_id == w["id"])).one()
    return {"id": w["id"], "name": w["name"], "filters": w["filters"], "created_at": w["created_at"].isoformat(),
            "matches": total, "new": new, "feed": f"/api/watches/{w['id']}/feed"}


def list_watches(store) -> dict:
    with store.engine.connect() as conn:
        rows = [_summary(conn, w) for w in conn.execute(select(watches).order_by(watches.c.id)).mappings()]
    return {"watches": rows, "new": sum(w["new"] for w in rows)}


def get_watch(store, watch_id: int, limit: int = 50) -> dict:
    """A watch with its latest matches (events with their evidence, claims with their verdict)."""
    with store.engine.connect() as conn:
        w = _watch_row(conn, watch_id)
        out = _summary(conn, w)
        found = conn.execute(select(watch_matches).where(watch_matches.c.watch_id == watch_id)
                             .order_by(watch_matches.c.id.desc()).limit(limit)).mappings().all()
    out["latest"] = _matches(store, found, w["seen_match"])
    return out


def _matches(store, found, seen_match: int) -> list[dict]:
    """Matches (rows of watch_matches) as shown: with their events (evidence, participants) or claims (verdict),
    and whether they are new (after `seen_match`)."""
    claim_ids = [m["claim_id"] for m in found if m["claim_id"]]
    claim_rows = {}
    if claim_ids:
        with store.engine.connect() as conn:
            claim_rows = {r["id"]: dict(r) for r in conn.execute(
                select(claims.c.id, claims.c.kind, claims.c.cue, claims.c.evidence, claims.c.status, claims.c.reason,
                       claims.c.document_id, documents.c.doc_key, documents.c.title, documents.c.source)
                .join(documents, documents.c.id == claims.c.document_id).where(claims.c.id.in_(claim_ids)))
                .mappings()}
    ids = tuple(sorted({m["event_id"] for m in found if m["event_id"]}))
    by_id = {e["id"]: e for e in list_events(store, Selection(event_ids=ids), limit=len(ids), sort="id")} if ids else {}
    return [{"id": m["id"], "ref": m["ref"], "found_at": m["found_at"].isoformat(), "baseline": m["baseline"],
             "new": m["id"] > seen_match, "event": by_id.get(m["event_id"]), "claim": claim_rows.get(m["claim_id"])}
            for m in found]


def mark_seen(store, watch_id: int) -> dict:
    with store.writing() as conn:
        _watch_row(conn, watch_id)
        last = conn.scalar(select(func.max(watch_matches.c.id)).where(watch_matches.c.watch_id == watch_id)) or 0
        conn.execute(watches.update().where(watches.c.id == watch_id).values(seen_match=last))
    return get_watch(store, watch_id, limit=0)


def delete_watch(store, watch_id: int) -> None:
    with store.writing() as conn:
        _watch_row(conn, watch_id)
        conn.execute(watch_matches.delete().where(watch_matches.c.watch_id == watch_id))
        conn.execute(watches.delete().where(watches.c.id == watch_id))


# ---- Atom ------------------------------------------------------------------------------------------------
def feed_matches(store, watch_id: int, limit: int = FEED_MAX) -> tuple[dict, list]:
    """The watch and its latest `limit` matches (id, when found), newest first: what its feed lists."""
    with store.engine.connect() as conn:
        w = dict(_watch_row(conn, watch_id))
        found = conn.execute(select(watch_matches.c.id, watch_matches.c.found_at)
                             .where(watch_matches.c.watch_id == watch_id)
                             .order_by(watch_matches.c.id.desc()).limit(limit)).all()
    return w, found


def atom_feed(store, watch_id: int, base_url: str, limit: int = 100, pieces=None, latest=None) -> bytes:
    """The watch's matches, newest first, as an Atom feed; each entry links to the event (or claim) page.

    `latest` is the watch's `feed_matches` when the caller keeps them, and `pieces(match_ids, render)` may keep each
    entry's XML between calls (`Workbench` keeps both while the store is unchanged), so that a feed asked with
    another limit reads nothing and renders only the entries not yet seen."""
    base = base_url.rstrip("/")
    w, found = latest if latest is not None else feed_matches(store, watch_id, limit)
    found = found[:limit]
    ids = [m.id for m in found]

    def render(wanted: list[int]) -> dict[int, bytes]:
        with store.engine.connect() as conn:
            rows = conn.execute(select(watch_matches).where(watch_matches.c.id.in_(wanted))).mappings().all()
        return {m["id"]: ET.tostring(_entry(watch_id, base, m), encoding="utf-8")
                for m in _matches(store, rows, w["seen_match"])}

    if pieces is None:
        rendered = render(ids) if ids else {}
        entries = [rendered[i] for i in ids if i in rendered]
    else:
        entries = pieces(ids, render)
    feed = ET.Element("feed", xmlns=ATOM)  # its entries, serialized on their own, inherit the namespace
    _sub(feed, "id", f"urn:marsad:watch:{watch_id}")
    _sub(feed, "title", f"marsad watch: {w['name']}")
    _sub(feed, "subtitle", describe(w["filters"]))
    stamps = [m.found_at.isoformat() for m in found]
    _sub(feed, "updated", (max(stamps) if stamps else w["created_at"].isoformat()).split(".")[0] + "Z")
    _sub(feed, "link", rel="self", href=f"{base}/api/watches/{watch_id}/feed", type="application/atom+xml")
    _sub(feed, "link", rel="alternate", href=f"{base}/#/watches/{watch_id}", type="text/html")
    author = _sub(feed, "author")
    _sub(author, "name", "marsad")
    _sub(feed, "generator", "marsad")
    head = ET.tostring(feed, encoding="utf-8")[:-len(b"</feed>")]  # it has children: never <feed/>
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + head + b"".join(entries) + b"</feed>"


def _sub(parent, tag, text=None, **attrs):
    el = ET.SubElement(parent, tag, attrs)
    if text is not None:
        el.text = text
    return el


def _entry(watch_id: int, base: str, m: dict) -> ET.Element:
    """One match as an Atom entry."""
    entry = ET.Element("entry")
    _sub(entry, "id", f"urn:marsad:watch:{watch_id}:{m['ref']}")
    _sub(entry, "updated", m["found_at"].split(".")[0] + "Z")
    e, c = m["event"], m["claim"]
    if c is not None:
        _sub(entry, "title", f"{c['status']} {c['kind']} claim: {c['cue']}")
        _sub(entry, "link", href=f"{base}/#/claims?document={c['document_id']}", rel="alternate")
        _sub(_sub(entry, "author"), "name", outlet(c))
        _sub(entry, "summary", f"{c['evidence']}\n\n{c['reason'] or ''}", type="text")
        _sub(entry, "category", term=f"claim-{c['status']}")
    elif e is not None:
        sides = lambda ps: ", ".join(p["name"] for p in ps) or "—"  # noqa: E731
        where = f" in {e['location']}" if e.get("location") else ""
        mode = " / " + e["mode"] if e.get("mode") else ""
        _sub(entry, "title", f"{e.get('date') or 'undated'} {e['event_type']}{mode}: {sides(e['actor'])} → "
                             f"{sides(e['recipient'])}{where}")
        _sub(entry, "link", href=f"{base}/#/events/{e['id']}", rel="alternate")
        _sub(_sub(entry, "author"), "name", e.get("doc_title") or e.get("doc_key") or "marsad")
        summary = _sub(entry, "summary", e["evidence"], type="text")
        summary.set("{http://www.w3.org/XML/1998/namespace}lang", "ar")
        _sub(entry, "category", term=e["event_type"])
    else:
        _sub(entry, "title", f"{m['ref']} (no longer in the store)")
    return entry
