"""Claims checked against the store. Also the claims stage that runs at ingest, which stores what
`marsad.mentions.claims` finds in each document.

Each claim gets one of three verdicts:

- supported: the store agrees with it;
- contradicted: the store holds events or reports that say otherwise, and the verdict lists them;
- unverifiable: the store holds too little to tell, and the verdict says how much of the window it covers
  (the months from which it has articles).

The checks:

- a count (خمس مرات، للمرة الثالثة) is compared with the visit ledger (`marsad.analysis.visits`) for the same
  visitor and place or host, in the claim's window. For other events, the comparison is with the store's events
  of the same type between the same parties. More events than claimed contradicts the claim; fewer leaves it
  unverifiable.
- a first (لأول مرة) is contradicted by an earlier visit, or event of the same type, between the same parties
  in its window. When there is none, it is supported only where the store covers enough of the window
  (`min_coverage` in claims.yaml).
- a figure (money, aircraft, troops, flights, casualties) is compared with the figures that other articles give
  in the same unit for the same event (same type, same polities, same days). Figures that do not agree
  contradict one another.

Verdicts are stored with the claims (`claims.status`, `reason`, `basis`). `check_claims` writes them again after
each ingest, because a new article can settle or contradict an old claim.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Callable, Mapping

from sqlalchemy import bindparam, func, select, update

from marsad.analysis.visits import (Ledger, Visit, event_rows, load_ledger, narrow_key, party_keys, place_polities,
                                    places_of, same_place, visit_sides)
from marsad.errors import InputError
from marsad.extract import extract
from marsad.mentions.claims import ClaimCues, find_claims
from marsad.records import Claim, Document, Event
from marsad.store.query import MAX_ID, Selection, list_events
from marsad.store.tables import claim_scans, claims, documents, events, reports

STATUSES = ("contradicted", "unverifiable", "supported")
VISITS_SHOWN = 8  # visits listed in full with a claim's verdict (basis.visit_ids has them all)
READINGS_SHOWN = 5  # event ids listed with each of them (`readings` counts them all; the ledger lists them)
PREVIEW = 100  # characters of a visit's first sentence shown with it
KINDS = ("count", "first", "quantity")


def now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


# ---- the stage: documents → claims in the store -------------------------------------------------------
def scan_document(store, kb, cues: ClaimCues, document_id: int, doc: Document, found: list[Event] | None = None) -> int:
    """Find and store the claims of one stored document (with the events extraction gave it, or extract again);
    one transaction, so a document is either read for claims or not. Returns the number of claims stored."""
    with store.engine.connect() as conn:
        row = conn.execute(select(documents.c.duplicate_of).where(documents.c.id == document_id)).first()
        spans = {(r.sentence_start, r.sentence_end): r.event_id for r in conn.execute(  # the reports' sentences
            select(reports.c.event_id, reports.c.sentence_start, reports.c.sentence_end)
            .where(reports.c.document_id == document_id))}
    if row is None:
        return 0
    if found is None:
        found = extract(doc, kb)
    found_claims = [] if row.duplicate_of else find_claims(doc, found, kb, cues)

    def event_id(c: Claim) -> int | None:
        if c.event is None:
            return None
        ev = found[c.event]
        return next((spans[s] for s in (ev.reports or ((ev.start, ev.end),)) if s in spans), None)

    from marsad.store.db import insert_ignore

    added = 0
    with store.writing() as conn:
        conn.execute(claims.delete().where(claims.c.document_id == document_id))
        for c in found_claims:
            if insert_ignore(conn, claims, dict(
                    document_id=document_id, event_id=event_id(c), kind=c.kind, cue=c.cue, start=c.start, end=c.end,
                    sentence_start=c.sentence_start, sentence_end=c.sentence_end, evidence=c.evidence,
                    value=c.value, low=c.low, high=c.high, unit=c.unit, qualifier=c.qualifier,
                    window_from=c.window_from, window_to=c.window_to, claim_date=c.claim_date, subject=c.subject,
                    cues_version=cues.version), ["document_id", "kind", "start", "end"]) is not None:
                added += 1
        conn.execute(claim_scans.delete().where(claim_scans.c.document_id == document_id))
        conn.execute(claim_scans.insert().values(document_id=document_id, cues_version=cues.version, scanned_at=now()))
    return added


def pending_documents(store, cues: ClaimCues | None = None) -> list[int]:
    """Documents not yet read for claims (or, given `cues`, read with other cue words)."""
    with store.engine.connect() as conn:
        scanned = select(claim_scans.c.document_id)
        if cues is not None:
            scanned = scanned.where(claim_scans.c.cues_version == cues.version)
        return conn.execute(select(documents.c.id).where(documents.c.id.notin_(scanned))
                            .order_by(documents.c.id)).scalars().all()


def scan_pending(store, kb, cues: ClaimCues, rescan: bool = False,
                 on_document: Callable[[int, int], None] | None = None) -> int:
    """Read for claims every document not yet read (with `rescan`: every document read with other cue words)."""
    todo = pending_documents(store, cues if rescan else None)
    added = 0
    for n, document_id in enumerate(todo):
        with store.engine.connect() as conn:
            r = conn.execute(select(documents).where(documents.c.id == document_id)).mappings().one()
        doc = Document(id=r["doc_key"], text=r["text"], title=r["title"], url=r["url"], source=r["source"],
                       published=r["published"], path=r["path"])
        added += scan_document(store, kb, cues, document_id, doc)
        if on_document:
            on_document(n + 1, len(todo))
    return added


# ---- checking -----------------------------------------------------------------------------------------
def _month(value: str, last: bool) -> str:
    return value[:7] if len(value) >= 7 else value[:4] + ("-12" if last else "-01")


def earlier(a: str | None, b: str | None) -> bool:
    """`a` is before `b` at the precision both give."""
    if not a or not b:
        return False
    n = min(len(a), len(b))
    return a[:n] < b[:n]


@dataclass
class Context:
    """What every check reads, loaded once per run."""

    store: object
    kb: object
    cues: ClaimCues
    ledger: Ledger
    where: Mapping[str, str]
    covered: list[str]  # months with at least one stored article, sorted
    published: dict[int, str | None]
    claims_by_kind: dict[str, list[dict]] = field(default_factory=dict)
    outlets: dict[int, str] = field(default_factory=dict)  # document id → outlet
    report_documents: dict[int, set[int]] = field(default_factory=dict)  # event id → documents reporting it
    event_rows: dict[int, dict] = field(default_factory=dict)  # the events claims speak of
    indexes: dict[str, "TypeIndex"] = field(default_factory=dict)
    visit_of_event: dict[int, Visit] = field(default_factory=dict)
    subjects: dict[int, "Subject | None"] = field(default_factory=dict)  # claim id → whom it is about
    happenings: dict[int, list[dict]] = field(default_factory=dict)  # event id → the events of its happening
    counts_by_key: dict[tuple, list[dict]] = field(default_factory=dict)  # see _count_keys
    visits_by_key: dict[str, list[Visit]] = field(default_factory=dict)  # visitor key → the ledger's visits
    quantities_by_event: dict[int, list[dict]] = field(default_factory=dict)  # event id → figures claimed for it

    def index(self, event_type: str) -> "TypeIndex":
        """The store's events of one type, by party key and by month, loaded once."""
        if event_type not in self.indexes:
            self.indexes[event_type] = TypeIndex.of(event_rows(self.store, Selection(types=(event_type,))))
        return self.indexes[event_type]

    def subject(self, row: dict) -> "Subject | None":
        if row["id"] not in self.subjects:
            self.subjects[row["id"]] = subject_of(row, self.where)
        return self.subjects[row["id"]]

    def coverage(self, start: str, end: str) -> dict:
        """How many of the months from `start` to `end` the store has articles from."""
        first, last = _month(start, False), _month(end, True)
        months = max(0, (int(last[:4]) - int(first[:4])) * 12 + int(last[5:7]) - int(first[5:7]) + 1)
        covered = bisect_right(self.covered, last) - bisect_left(self.covered, first) if months else 0
        return {"from": start, "to": end, "months": months, "covered": covered,
                "share": round(covered / months, 3) if months else 0.0}


@dataclass
class TypeIndex:
    rows: list[dict]
    keys: dict[int, frozenset[str]]  # event id → the keys of all its participants
    by_key: dict[str, list[dict]]
    by_month: dict[str, list[dict]]  # 'YYYY-MM' (or 'YYYY' for a year-only date) → events

    @classmethod
    def of(cls, rows: list[dict]) -> "TypeIndex":
        keys, by_key, by_month = {}, defaultdict(list), defaultdict(list)
        for r in rows:
            keys[r["id"]] = frozenset(k for p in r["actor"] + r["recipient"] for k in party_keys(p))
            for k in keys[r["id"]]:
                by_key[k].append(r)
            if r.get("date"):
                by_month[r["date"][:7]].append(r)
        return cls(rows, keys, by_key, by_month)

    def near(self, day: str) -> list[dict]:
        """Events whose dates can meet `day`: its month (and the months a day either side), and coarser dates."""
        if len(day) == 10:
            d = date.fromisoformat(day)
            months = {(d + timedelta(days=n)).isoformat()[:7] for n in (-1, 0, 1)}
        elif len(day) == 7:
            months = {day}
        else:
            months = {f"{day}-{m:02d}" for m in range(1, 13)}
        out = [r for m in sorted(months) for r in self.by_month.get(m, ())]
        return out + list(self.by_month.get(day[:4], ()))


def load_context(store, kb, cues: ClaimCues, rows: list[dict]) -> Context:
    """The ledger, the months the store covers, the claims `rows` and the events they speak of."""
    ledger = load_ledger(store, kb)
    with store.engine.connect() as conn:
        docs = conn.execute(select(documents.c.id, documents.c.published, documents.c.source, documents.c.title,
                                   documents.c.doc_key)).all()
        report_documents: dict[int, set[int]] = defaultdict(set)
        for r in conn.execute(select(reports.c.event_id, reports.c.document_id)):
            report_documents[r.event_id].add(r.document_id)
    published = {d.id: d.published.isoformat() if d.published else None for d in docs}
    ctx = Context(store, kb, cues, ledger, place_polities(kb), sorted({p[:7] for p in published.values() if p}),
                  published,
                  outlets={d.id: d.source or d.title or d.doc_key for d in docs}, report_documents=report_documents)
    for r in rows:
        ctx.claims_by_kind.setdefault(r["kind"], []).append(r)
    event_ids = sorted({r["event_id"] for r in rows if r["event_id"]})
    for chunk in range(0, len(event_ids), 500):
        for e in list_events(store, Selection(event_ids=tuple(event_ids[chunk:chunk + 500])), limit=500, sort="id"):
            ctx.event_rows[e["id"]] = e
    for v in ledger.visits:
        for r in v.rows:
            ctx.visit_of_event[r["id"]] = v
        for key in v.visitor_keys:
            ctx.visits_by_key.setdefault(key, []).append(v)
    for r in ctx.claims_by_kind.get("quantity", []):
        if r["event_id"]:
            ctx.quantities_by_event.setdefault(r["event_id"], []).append(r)
    return ctx


@dataclass
class Subject:
    """Who and where a claim is about, as keys the store's events answer to."""

    visit: bool
    event_type: str | None
    visitors: list[dict]
    hosts: list[dict]
    places: list[str]
    parties: list[dict]

    def label(self) -> str:
        names = lambda ps: " and ".join(dict.fromkeys(p["name"] for p in ps)) or "?"  # noqa: E731
        if self.visit:
            where = " / ".join(self.places) if self.places else names(self.hosts)
            return f"{names(self.visitors)} to {where}"
        return f"{self.event_type or 'events'} of {names(self.parties)}"


def subject_of(row: dict, where: Mapping[str, str]) -> Subject | None:
    s = row.get("subject") or {}
    pseudo = {"id": 0, "event_type": s.get("event_type"), "mode": s.get("mode"), "aux": s.get("aux"),
              "location": s.get("location"), "actor": s.get("actor") or [], "recipient": s.get("recipient") or []}
    parties = pseudo["actor"] + pseudo["recipient"]
    if not parties or not pseudo["event_type"]:
        return None
    sides = visit_sides(pseudo, where) if pseudo["event_type"] == "CONSULT" else None
    if sides is None and pseudo["event_type"] == "CONSULT" and pseudo["mode"] != "phone" and pseudo["location"]:
        sides = (pseudo["actor"], pseudo["recipient"])  # a meeting in its own capital: the hosts stay home
    if sides:
        return Subject(True, "CONSULT", sides[0], sides[1], places_of(pseudo, sides[1]), parties)
    return Subject(False, pseudo["event_type"], [], [], [], parties)


def matching_visits(ctx: Context, sub: Subject) -> list[Visit]:
    visitors = {narrow_key(p) for p in sub.visitors}
    hosts = {narrow_key(p) for p in sub.hosts}
    out = []
    pool = {id(v): v for k in visitors for v in ctx.visits_by_key.get(k, ())}  # each has one of the visitors
    for v in sorted(pool.values(), key=lambda v: (v.first is None, v.first or "", v.id)):
        if sub.places and v.places:
            if not any(same_place(a, b, ctx.where) for a in sub.places for b in v.places):
                continue
        elif hosts and not hosts & v.host_keys:
            continue
        out.append(v)
    return out


def matching_events(ctx: Context, sub: Subject) -> list[dict]:
    """Events of the subject's type in which every party of the subject takes part, one per happening."""
    idx = ctx.index(sub.event_type)
    wanted = [narrow_key(p) for p in sub.parties]
    pool = min((idx.by_key.get(k, []) for k in wanted), key=len)
    rows = [r for r in pool if r.get("aux") not in ("future", "negation", "hypothetical")
            and all(k in idx.keys[r["id"]] for k in wanted)]
    happenings: list[dict] = []
    for r in sorted(rows, key=lambda r: (r.get("date") is None, len(r.get("date") or ""), r.get("date") or "")):
        if not any(r.get("date") and h.get("date") and (r["date"][:len(h["date"])] == h["date"][:len(r["date"])])
                   for h in happenings):
            happenings.append(r)
    return sorted(happenings, key=lambda r: (r.get("date") is None, r.get("date") or ""))


def _window(ctx: Context, row: dict, up_to_event: bool) -> tuple[str, str | None]:
    start = row.get("window_from") or ctx.cues.history_start
    published = ctx.published.get(row["document_id"])
    end = row.get("window_to") or (row.get("claim_date") if up_to_event else published or row.get("claim_date"))
    return start, end


def _in_window(first: str | None, last: str | None, start: str, end: str | None) -> bool:
    if not first:
        return False
    return (last or first) >= start[:len(last or first)] and (end is None or first[:len(end)] <= end)


def _visit_brief(v: Visit) -> dict:
    """A visit behind a verdict: its dates, place and first readings, the most precisely dated first."""
    rows = sorted(v.rows, key=lambda r: (-len(r.get("date") or ""), r["id"]))
    return {"id": v.id, "date": v.first, "date_end": v.last if v.last != v.first else None, "place": v.place,
            "events": [r["id"] for r in rows[:READINGS_SHOWN]], "readings": len(rows)}


def _bounded(basis: dict) -> dict:
    """A verdict stored before visit lists were bounded (every visit with every reading) in today's shape, so a
    store checked by an earlier marsad reads the same until its next ingest checks it again."""
    if "visit_ids" in basis or not basis.get("visits"):
        return basis
    visits = [{**v, "events": v["events"][:READINGS_SHOWN], "readings": len(v["events"])}
              for v in basis["visits"][:VISITS_SHOWN]]
    return {**basis, "visits": visits, "visit_ids": [v["id"] for v in basis["visits"]],
            "visit_count": len(basis["visits"])}


def _visits_basis(found: list[Visit]) -> dict:
    """The visits behind a verdict: all their ids, the first few in full (the ledger has the rest)."""
    return {"visits": [_visit_brief(v) for v in found[:VISITS_SHOWN]], "visit_ids": [v.id for v in found],
            "visit_count": len(found)}


def _fmt(x: float | None) -> str:
    """4000000000 → '4 billion', 16 → '16', 0.23 → '0.23'."""
    if x is None:
        return "?"
    for size, word in ((1e9, "billion"), (1e6, "million")):
        if abs(x) >= size:
            return f"{x / size:.3g} {word}"
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:.3g}"


def _range_text(row: dict) -> str:
    """What a claim's words say, in English: 'more than 4 billion', 'about 3 billion', '1 to 2'."""
    low, high, q, value = row.get("low"), row.get("high"), row.get("qualifier"), row.get("value")
    if q == "more":
        return f"more than {_fmt(value if value is not None else low)}"
    if q in ("less", "up_to"):
        return f"{'less than' if q == 'less' else 'up to'} {_fmt(high)}"
    if q == "about":
        return f"about {_fmt(value)}"
    if high is None:
        return f"at least {_fmt(low)}"
    if low == high:
        return _fmt(low)
    return f"{_fmt(low)} to {_fmt(high)}"


def check_count(ctx: Context, row: dict) -> tuple[str, str, dict]:
    sub = ctx.subject(row)
    if sub is None:
        return "unverifiable", "the claim names no event or party the store can count", {}
    up_to_event = row.get("qualifier") in ("ordinal", "not-first")
    start, end = _window(ctx, row, up_to_event)
    if sub.visit:
        found = [v for v in matching_visits(ctx, sub) if _in_window(v.first, v.last, start, end)]
        items, what = _visits_basis(found), "visits"
    else:
        found = [r for r in matching_events(ctx, sub) if _in_window(r.get("date"), r.get("date"), start, end)]
        items, what = {"events": [r["id"] for r in found]}, f"{sub.event_type} events"
    k = len(found)
    cover = ctx.coverage(start, end or ctx.cues.history_start)
    basis = {"count": k, "window": {"from": start, "to": end}, **items, "coverage": cover, "subject": sub.label()}
    basis["claims"] = [c["id"] for c in disagreeing_counts(ctx, row, sub)]
    low, high = row.get("low") or 0, row.get("high")
    said = f"the store holds {k} {what} of {sub.label()} from {start} to {end or 'now'}"
    if k >= low and (high is None or k <= high):
        return "supported", f"{said}, as the claim says ({_range_text(row)})", basis
    if high is not None and k > high:
        return "contradicted", f"{said}: more than the {_range_text(row)} claimed", basis
    return "unverifiable", (f"{said}, fewer than the {_range_text(row)} claimed; the store has articles from "
                            f"{cover['covered']} of the {cover['months']} months of that window "
                            f"({cover['share']:.0%})"), basis


def _count_keys(sub: Subject) -> set:
    """What two counts must share to be about the same thing: a visitor, or the same set of parties."""
    if sub.visit:
        return {("visitor", narrow_key(p)) for p in sub.visitors}
    return {("parties", frozenset(narrow_key(p) for p in sub.parties))}


def disagreeing_counts(ctx: Context, row: dict, sub: Subject) -> list[dict]:
    """Count claims of other articles about the same visitor and place (or parties) whose figures differ."""
    if not ctx.counts_by_key:
        for other in ctx.claims_by_kind.get("count", []):
            theirs = ctx.subject(other)
            for key in _count_keys(theirs) if theirs else ():
                ctx.counts_by_key.setdefault(key, []).append(other)
    candidates = {c["id"]: c for key in _count_keys(sub) for c in ctx.counts_by_key.get(key, [])}
    out = []
    for other in sorted(candidates.values(), key=lambda c: c["id"]):
        if other["id"] == row["id"] or other["document_id"] == row["document_id"]:
            continue
        if other.get("qualifier") in ("ordinal", "not-first") or row.get("qualifier") in ("ordinal", "not-first"):
            continue
        theirs = ctx.subject(other)
        if theirs is None or theirs.visit != sub.visit:
            continue
        if sub.visit:
            same = {narrow_key(p) for p in sub.visitors} & {narrow_key(p) for p in theirs.visitors} and (
                not sub.places or not theirs.places or
                any(same_place(a, b, ctx.where) for a in sub.places for b in theirs.places))
        else:
            same = {narrow_key(p) for p in sub.parties} == {narrow_key(p) for p in theirs.parties}
        if same and not _agree(row, other, 0):
            out.append(other)
    return out


def check_first(ctx: Context, row: dict) -> tuple[str, str, dict]:
    sub = ctx.subject(row)
    if sub is None:
        return "unverifiable", "the claim names no event or party the store can compare with", {}
    start, end = _window(ctx, row, True)
    if not end:
        return "unverifiable", "the claim has no date: neither its event nor its article is dated", {}
    if sub.visit:
        own = ctx.visit_of_event.get(row.get("event_id"))
        begins = own.first if own is not None and own.first else end
        found = [v for v in matching_visits(ctx, sub) if v is not own and earlier(v.first, begins)
                 and _in_window(v.first, v.last, start, None)]
        items, what = _visits_basis(found), "visit"
    else:
        found = [r for r in matching_events(ctx, sub) if r["id"] != row.get("event_id")
                 and earlier(r.get("date"), end) and _in_window(r.get("date"), r.get("date"), start, None)]
        items, what = {"events": [r["id"] for r in found]}, f"{sub.event_type} event"
    cover = ctx.coverage(start, end)
    basis = {"count": len(found), "window": {"from": start, "to": end}, **items, "coverage": cover,
             "subject": sub.label()}
    if found:
        dates = ", ".join((v.first if sub.visit else v.get("date")) or "undated" for v in found[:5])
        return "contradicted", (f"the store holds {len(found)} earlier {what}{'s' if len(found) > 1 else ''} of "
                                f"{sub.label()} since {start}: {dates}"), basis
    covered = f"{cover['covered']} of the {cover['months']} months from {start} to {end} ({cover['share']:.0%})"
    if cover["share"] >= ctx.cues.min_coverage:
        return "supported", f"no earlier {what} of {sub.label()} in the store, which has articles from {covered}", basis
    return "unverifiable", (f"no earlier {what} of {sub.label()} in the store, but it has articles from only "
                            f"{covered}"), basis


def _agree(a: dict, b: dict, tolerance: float) -> bool:
    """Do two figures' ranges meet? An exact figure is widened by half the tolerance on each side."""
    def bounds(r):
        low, high = r.get("low"), r.get("high")
        if low is not None and high is not None and low == high:
            return low * (1 - tolerance / 2), high * (1 + tolerance / 2)
        return (low if low is not None else 0.0), high
    a_low, a_high = bounds(a)
    b_low, b_high = bounds(b)
    return (b_high is None or a_low <= b_high) and (a_high is None or b_low <= a_high)


def same_happening(a: dict, b: dict) -> bool:
    """Two stored events that report one happening: same type, the same polities (two shared at least), and
    dates that meet (a day either side, or a month or year that holds the other)."""
    if a["event_type"] != b["event_type"]:
        return False
    pa, pb = set(filter(None, (a.get("polities") or "").split(","))), set(filter(None, (b.get("polities") or "").split(",")))
    if not (pa == pb or len(pa & pb) >= 2):
        return False
    da, db = a.get("date"), b.get("date")
    if not da or not db:
        return False
    if len(da) == len(db) == 10:
        return abs((date.fromisoformat(da) - date.fromisoformat(db)).days) <= 1
    n = min(len(da), len(db))
    return da[:n] == db[:n]


def check_quantity(ctx: Context, row: dict) -> tuple[str, str, dict]:
    if not row.get("event_id"):
        return "unverifiable", "no event was found in the claim's sentence, so no other report can be compared", {}
    event = ctx.event_rows.get(row["event_id"])
    if event is None:
        return "unverifiable", "the claim's event is no longer in the store", {}
    if event["id"] not in ctx.happenings:
        pool = ctx.index(event["event_type"]).near(event["date"]) if event.get("date") else []
        ctx.happenings[event["id"]] = [event] + [e for e in pool if e["id"] != event["id"] and same_happening(event, e)]
    same = ctx.happenings[event["id"]]
    ids = {e["id"] for e in same}
    others = sorted((c for e in ids for c in ctx.quantities_by_event.get(e, ())
                     if c["unit"] == row["unit"] and c["document_id"] != row["document_id"]), key=lambda c: c["id"])
    basis = {"events": sorted(ids), "claims": [c["id"] for c in others], "unit": row["unit"]}
    if not others:
        docs = {d for e in same for d in ctx.report_documents.get(e["id"], ())} - {row["document_id"]}
        return "unverifiable", (f"no other article gives a figure in {row['unit']} for this event "
                                f"({len(docs)} other article{'s' if len(docs) != 1 else ''} report{'s' if len(docs) == 1 else ''} it)"), basis
    disagree = [c for c in others if not _agree(row, c, ctx.cues.tolerance)]
    basis["claims"] = [c["id"] for c in (disagree or others)]
    if disagree:
        said = "; ".join(f"{_range_text(c)} {c['unit']} («{c['cue']}», {ctx.outlets.get(c['document_id'], '?')})"
                         for c in disagree[:3])
        return "contradicted", f"{len(disagree)} other report{'s' if len(disagree) > 1 else ''} of this event give{'' if len(disagree) > 1 else 's'} {said}, not {_range_text(row)}", basis
    return "supported", (f"{len(others)} other report{'s' if len(others) > 1 else ''} of this event agree: "
                         + "; ".join(f"{_range_text(c)} {c['unit']}" for c in others[:3])), basis


CHECKS = {"count": check_count, "first": check_first, "quantity": check_quantity}


def check_claims(store, kb, cues: ClaimCues) -> Counter:
    """Check every stored claim again and store the verdicts that changed; returns how many of each."""
    with store.engine.connect() as conn:
        rows = [dict(r) for r in conn.execute(select(claims).order_by(claims.c.id)).mappings()]
    if not rows:
        return Counter()
    ctx = load_context(store, kb, cues, rows)
    verdicts, tally = [], Counter()
    stamp = now()
    for r in rows:
        status, reason, basis = CHECKS[r["kind"]](ctx, r)
        tally[status] += 1
        if (status, reason, basis) != (r["status"], r["reason"], r["basis"]):
            verdicts.append({"cid": r["id"], "status": status, "reason": reason, "basis": basis, "checked_at": stamp})
    if verdicts:
        with store.writing() as conn:
            conn.execute(update(claims).where(claims.c.id == bindparam("cid"))
                         .values(status=bindparam("status"), reason=bindparam("reason"), basis=bindparam("basis"),
                                 checked_at=bindparam("checked_at")), verdicts)
    return tally


# ---- reading ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ClaimOrder:
    """Every claim in the order `list_claims` shows them, with what its filters read, and the store's counts: one
    query, which the workbench keeps while the store is unchanged, so that any filter and page is a pass in Python."""

    rows: tuple[tuple[int, str | None, str, int, int | None], ...]  # (id, status, kind, document id, event id)
    documents: int
    scanned: int


def claim_order(store) -> ClaimOrder:
    order = func.coalesce(claims.c.status, "unverifiable")
    rank = (order == "contradicted").desc(), (order == "unverifiable").desc()
    with store.engine.connect() as conn:
        rows = tuple(tuple(r) for r in conn.execute(
            select(claims.c.id, claims.c.status, claims.c.kind, claims.c.document_id, claims.c.event_id)
            .join(documents, documents.c.id == claims.c.document_id)
            .order_by(*rank, documents.c.published.desc(), claims.c.id)))
        n_docs = conn.scalar(select(func.count()).select_from(documents))
        n_scanned = conn.scalar(select(func.count()).select_from(claim_scans))
    return ClaimOrder(rows, n_docs, n_scanned)


def claim_page(store, status: str | None = None, kind: str | None = None, document: int | None = None,
               event: int | None = None, limit: int = 50, offset: int = 0, order: ClaimOrder | None = None) -> dict:
    """Which claims a page of `list_claims` shows (`ids`, in order) and its counts, without the claims themselves:
    the workbench renders each claim once (`shown_claims`) and reuses it on every page that shows it. `order` is
    the store's `claim_order` when the caller keeps it (the workbench does, per version of the store)."""
    statuses = [s.strip() for s in (status or "").split(",") if s.strip()]
    bad = [s for s in statuses if s not in STATUSES]
    if bad:
        raise InputError(f"status {', '.join(bad)}: choose from {', '.join(STATUSES)}")
    if kind and kind not in KINDS:
        raise InputError(f"kind {kind!r}: choose from {', '.join(KINDS)}")
    for name, value in (("document", document), ("event", event)):
        if value is not None and not 1 <= value <= MAX_ID:
            raise InputError(f"{name} {value}: ids are positive numbers up to {MAX_ID}")
    order = order if order is not None else claim_order(store)
    chosen = [cid for cid, st, kd, doc, ev in order.rows
              if (not statuses or st in statuses) and (not kind or kd == kind) and (not document or doc == document)
              and (not event or ev == event)]
    by_status = Counter(st for _, st, *_ in order.rows)
    return {"total": len(chosen), "limit": limit, "offset": offset,
            "by_status": {s: by_status.get(s, 0) for s in STATUSES} | {"unchecked": by_status.get(None, 0)},
            "documents": order.documents, "scanned": order.scanned, "ids": chosen[offset:offset + limit]}


def list_claims(store, status: str | None = None, kind: str | None = None, document: int | None = None,
                event: int | None = None, limit: int = 50, offset: int = 0) -> dict:
    """Claims, contradictions first, then the unverifiable, then the supported; newest articles first within each.
    Each comes with its article, the event it speaks of, and the events, visits and claims behind its verdict."""
    page = claim_page(store, status, kind, document, event, limit, offset)
    ids = page.pop("ids")
    shown = shown_claims(store, ids)
    return {**page, "claims": [shown[i] for i in ids if i in shown]}


def shown_claims(store, ids) -> dict[int, dict]:
    """Each claim as `list_claims` shows it, by id: with its article, its event, and the events, visits and other
    claims behind its verdict."""
    ids = sorted(ids)
    rows = []
    with store.engine.connect() as conn:
        for chunk in range(0, len(ids), 900):
            rows += [dict(r) for r in conn.execute(
                select(claims, documents.c.doc_key, documents.c.title, documents.c.source, documents.c.published,
                       documents.c.url).join(documents, documents.c.id == claims.c.document_id)
                .where(claims.c.id.in_(ids[chunk:chunk + 900]))).mappings()]
    shown = {r["id"]: _bounded(r["basis"] or {}) for r in rows}
    event_ids = {r["event_id"] for r in rows if r["event_id"]}
    for basis in shown.values():
        event_ids |= set(basis.get("events", [])) | {v["events"][0] for v in basis.get("visits", []) if v["events"]}
    evidence = evidence_of(store, event_ids)
    other_claims = {c for basis in shown.values() for c in basis.get("claims", [])}
    others = {}
    if other_claims:
        with store.engine.connect() as conn:
            others = {r["id"]: dict(r) for r in conn.execute(
                select(claims.c.id, claims.c.document_id, claims.c.event_id, claims.c.cue, claims.c.evidence,
                       claims.c.value, claims.c.low, claims.c.high, claims.c.unit, claims.c.qualifier,
                       claims.c.status, documents.c.doc_key, documents.c.title, documents.c.source,
                       documents.c.published).join(documents, documents.c.id == claims.c.document_id)
                .where(claims.c.id.in_(sorted(other_claims)))).mappings()}
    out = {}
    for r in rows:
        basis = shown[r["id"]]
        r.pop("basis")
        r["published"] = r["published"].isoformat() if r["published"] else None
        r["checked_at"] = r["checked_at"].isoformat() if r["checked_at"] else None
        r["outlet"] = r["source"] or r["title"] or r["doc_key"]
        r["event"] = evidence.get(r["event_id"])
        r["basis"] = {**basis,
                      "events": [evidence[e] for e in basis.get("events", []) if e in evidence],
                      "claims": [_other(others[c]) for c in basis.get("claims", []) if c in others]}
        for v in r["basis"].get("visits", []):  # enough to recognise the visit; its first reading opens the rest
            first = evidence.get(v["events"][0]) if v["events"] else None
            v.update(preview=_preview(first["evidence"]) if first else None,
                     doc_key=first["doc_key"] if first else None)
        out[r["id"]] = r
    return out


def evidence_of(store, ids) -> dict[int, dict]:
    """Enough of each event to show and open it: type, date, place, the Arabic evidence and its article."""
    ids = sorted(ids)
    out: dict[int, dict] = {}
    with store.engine.connect() as conn:
        for chunk in range(0, len(ids), 900):
            for r in conn.execute(select(events.c.id, events.c.event_type, events.c.mode, events.c.date,
                                         events.c.location, events.c.aux, events.c.evidence, events.c.document_id,
                                         documents.c.doc_key, documents.c.title.label("doc_title"))
                                  .join(documents, documents.c.id == events.c.document_id)
                                  .where(events.c.id.in_(ids[chunk:chunk + 900]))).mappings():
                out[r["id"]] = dict(r)
    return out


def _preview(text: str) -> str:
    return text if len(text) <= PREVIEW else text[:PREVIEW].rsplit(" ", 1)[0] + " …"


def _other(c: dict) -> dict:
    """A claim another verdict cites, as shown: a copy, since several verdicts on one page may cite it."""
    return {**c, "published": c["published"].isoformat() if c.get("published") else None,
            "outlet": c["source"] or c["title"] or c["doc_key"]}
