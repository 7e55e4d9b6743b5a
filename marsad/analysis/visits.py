"""The visit ledger: who visited whom or where, on which days, on whose report, merged across outlets.

Visits are read from the stored CONSULT events:

- a `visit` event: its actors are the visitors and its recipients the hosts;
- another meeting at a known place (not a phone call): the participants of other polities than the place are
  visitors, and those of the place's polity are hosts ("Putin met Haftar in Moscow": Haftar visited).

Planned, denied and hypothetical visits (aux future, negation, hypothetical) did not happen and are left out.

Reports of one visit by several outlets are one visit. Two readings go together when they share a visitor
(the same person; or a polity, when one of them names no person), are at places of the same polity (Tripoli and
Mitiga airport; Libya and Benghazi) or, when one names no place, with the same host, and are no more than
`SLACK_DAYS` apart: a visit from the 7th to the 10th is one visit. A reading
dated only by month or year goes with the one visit it can be. When it could be any of several visits, it is
listed as unplaced and not counted, so that one visit is never counted twice.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property, lru_cache
from types import MappingProxyType
from typing import Mapping

from sqlalchemy import and_, select, true

from marsad.errors import InputError, NotFound
from marsad.knowledge.schema import POLITY_PATTERN
from marsad.store.query import Selection, actor_ids, conditions, known_polities, match_actors
from marsad.store.tables import actors, documents, event_actors, events, reports
from marsad.text.normalize import normalize_key

SLACK_DAYS = 3
NOT_HAPPENED = ("future", "negation", "hypothetical")
_POLITY = re.compile(POLITY_PATTERN)


# ---- parties: who or where, as keys that readings can share ------------------------------------------
def compatible(a: str | None, b: str | None) -> bool:
    """The same polity, or Libya as a whole and one of its camps."""
    if not a or not b:
        return False
    return a == b or (a == "LBY" and b.startswith("LBY-")) or (b == "LBY" and a.startswith("LBY-"))


def actor_key_of(p: dict) -> str:
    """The store's actor key of a participant (see marsad.store.db.actor_key)."""
    return p.get("actor_id") or f"{p['name']}|{p.get('polity') or ''}"


def party_keys(p: dict) -> set[str]:
    """Every key a participant answers to: itself and its polity (a camp also answers to LBY)."""
    keys = {"a:" + actor_key_of(p)}
    if p.get("polity"):
        keys.add("p:" + p["polity"])
        if p["polity"].startswith("LBY-"):
            keys.add("p:LBY")
    return keys


def narrow_key(p: dict) -> str:
    """The key a participant is known by: a named person by itself, a state, body or group by its polity."""
    if p.get("kind") in (None, "person") and (p.get("actor_id") or p.get("kind") == "person"):
        return "a:" + actor_key_of(p)
    return "p:" + p["polity"] if p.get("polity") else "a:" + actor_key_of(p)


@lru_cache(maxsize=4)
def place_polities(kb) -> Mapping[str, str]:
    """Place name (lower case) → the polity that holds it: places, capitals and states of the knowledge base.
    Built once per knowledge base (every ledger request asks), so read-only."""
    out: dict[str, str] = {}
    if kb is None:
        return MappingProxyType(out)
    for s in kb.states:
        out[s.name.lower()] = s.code
        if s.capital:
            out[s.capital.name.lower()] = s.code
    for p in kb.places:
        out[p.name.lower()] = p.polity or p.country
    return MappingProxyType(out)


@lru_cache(maxsize=4)
def _named(kb) -> tuple[Mapping[str, object], Mapping[str, str]]:
    """The knowledge base's states by name (English, lower case, or Arabic, normalized) and its places' names by
    theirs: the first state or place in the base's order that answers to a name has it, as a walk through the base
    would find it."""
    states: dict[str, object] = {}
    places: dict[str, str] = {}
    for s in kb.states if kb is not None else []:
        for name in (s.name.lower(), *(normalize_key(n) for n in s.names_ar)):
            states.setdefault(name, s)
    for p in kb.places if kb is not None else []:
        for name in (p.name.lower(), *(normalize_key(a) for a in p.ar)):
            places.setdefault(name, p.name)
    return MappingProxyType(states), MappingProxyType(places)


def visit_sides(row: dict, where: Mapping[str, str]) -> tuple[list[dict], list[dict]] | None:
    """(visitors, hosts) of an event read as a visit, or None when it is no visit (see the module's docstring)."""
    if row["event_type"] != "CONSULT" or row.get("aux") in NOT_HAPPENED or row.get("mode") == "phone":
        return None
    if row.get("mode") == "visit":
        return (row["actor"], row["recipient"]) if row["actor"] else None
    held_by = where.get((row.get("location") or "").lower())
    if not held_by:
        return None
    people = row["actor"] + row["recipient"]
    visitors = [p for p in people if p.get("polity") and not compatible(p["polity"], held_by)]
    hosts = [p for p in people if p not in visitors]
    return (visitors, hosts) if visitors else None


# ---- merging readings into visits ---------------------------------------------------------------------
def _day(value: str) -> int:
    """A YYYY-MM-DD date as a day number, for differences in days."""
    return date.fromisoformat(value).toordinal()


@dataclass(eq=False)  # one visit is itself: compared, and found in lists, by identity
class Visit:
    """One visit: the readings (events) that report it, and who, where and when they agree on."""

    rows: list[dict] = field(default_factory=list)
    visitors: dict[str, dict] = field(default_factory=dict)  # narrow key → participant
    hosts: dict[str, dict] = field(default_factory=dict)
    places: list[str] = field(default_factory=list)
    first: str | None = None  # the earliest day (or the coarse date)
    last: str | None = None
    precision: str | None = None  # day | month | year | None (undated)
    visitor_keys: set[str] = field(default_factory=set)  # every key of every visitor
    host_keys: set[str] = field(default_factory=set)
    first_day: int = 0  # first and last as day numbers (`_day`) where the precision is day: compared for every
    last_day: int = 0  # visit a reading might belong to, so parsed once

    @property
    def id(self) -> int:
        return min(r["id"] for r in self.rows)

    @property
    def place(self) -> str | None:
        """The most precise place its readings name: a city over its country."""
        return self.places[-1] if self.places else None

    def add(self, row: dict, visitors: list[dict], hosts: list[dict]) -> None:
        self.rows.append(row)
        for p in visitors:
            self.visitors.setdefault(narrow_key(p), p)
            self.visitor_keys |= party_keys(p)
        for p in hosts:
            self.hosts.setdefault(narrow_key(p), p)
            self.host_keys |= party_keys(p)
        for place in places_of(row, hosts):
            if place not in self.places:
                self.places.append(place)
        when = row.get("date")
        if when and len(when) == 10:
            day = _day(when)
            if self.precision != "day" or day < self.first_day:
                self.first, self.first_day = when, day
            if self.precision != "day" or day > self.last_day:
                self.last, self.last_day = when, day
            self.precision = "day"
        elif when and self.precision is None:
            self.first = self.last = when
            self.precision = "month" if len(when) == 7 else "year"

    def within(self, date_from: str | None, date_to: str | None) -> bool:
        if not (date_from or date_to):
            return True
        if not self.first:
            return False
        # at the precision both give: a visit dated '2024-04' is within a window from 2024-04-09
        return (not date_from or self.last >= date_from[:len(self.last)]) and \
            (not date_to or self.first <= date_to + "~")


AUTHORITIES = " authorities"  # the extractor's name for a place standing as a participant ("Benghazi authorities")


def places_of(row: dict, hosts: list[dict]) -> list[str]:
    """Where a reading is: its location, and the places its hosts stand for."""
    found = [row["location"]] if row.get("location") else []
    found += [p["name"][:-len(AUTHORITIES)] for p in hosts if p["name"].endswith(AUTHORITIES)]
    return list(dict.fromkeys(found))


def _meets(visit: Visit, when: str | None, day: int) -> bool:
    """Can a reading dated `when` (`day`: its day number, where it names a day) be this visit? Days within
    SLACK_DAYS; a month or year that holds the visit."""
    if not visit.first or not when:
        return True
    if len(when) == 10 and visit.precision == "day":
        return visit.first_day - day <= SLACK_DAYS and day - visit.last_day <= SLACK_DAYS
    short = min(len(when), len(visit.first))
    return when[:short] == visit.first[:short] or when[:short] == visit.last[:short]


def same_place(a: str, b: str, where: Mapping[str, str]) -> bool:
    """The same place, or places of one polity (a city and its airport, a country and its city)."""
    return a.lower() == b.lower() or compatible(where.get(a.lower()), where.get(b.lower()))


def _same_where(visit: Visit, row: dict, hosts: list[dict], where: Mapping[str, str]) -> bool:
    theirs = [p["polity"] for p in visit.hosts.values() if p.get("polity")]
    mine = [p["polity"] for p in hosts if p.get("polity")]
    if theirs and mine and not any(compatible(a, b) for a in mine for b in theirs):
        return False  # hosts of two sides (Tripoli's and Benghazi's): two visits
    places = places_of(row, hosts)
    place = places[0] if places else None
    if places and visit.places:
        return any(same_place(a, b, where) for a in places for b in visit.places)
    host_keys = {narrow_key(p) for p in hosts}
    if host_keys & set(visit.hosts):
        return True
    held = where.get((place or visit.place or "").lower())
    other = visit.hosts.values() if place else hosts
    return bool(held) and any(compatible(p.get("polity"), held) for p in other)


@dataclass
class Ledger:
    visits: list[Visit]
    unplaced: list[tuple[dict, list[Visit]]]  # readings that could be any of several visits

    @cached_property
    def _by_visitor_key(self) -> dict[str, list[int]]:
        index: dict[str, list[int]] = defaultdict(list)
        for i, v in enumerate(self.visits):
            for key in v.visitor_keys:
                index[key].append(i)
        return dict(index)

    def visited_by(self, keys) -> list[Visit]:
        """The visits of a visitor with one of these keys (see `party_keys`), in the ledger's order: a look-up, not
        a pass over every visit (the workbench keeps a ledger while the store is unchanged)."""
        return [self.visits[i] for i in sorted({i for k in keys for i in self._by_visitor_key.get(k, ())})]


def build_ledger(rows: list[dict], where: Mapping[str, str]) -> Ledger:
    """Merge visit readings (event rows with participants) into visits; see the module's docstring."""
    readings = []
    for row in rows:
        sides = visit_sides(row, where)
        if sides:
            readings.append((row, *sides))
    precision = {10: 0, 7: 1, 4: 2}
    readings.sort(key=lambda r: (precision.get(len(r[0].get("date") or ""), 3), r[0].get("date") or "", r[0]["id"]))
    visits: list[Visit] = []
    # Two readings share a visitor when one's own keys (narrow_key) are among the other's keys (party_keys):
    # Yevkurov's reading and a 'Russia' reading share RUS. So visits are kept by every key of their visitors and by
    # the keys their visitors are known by, and a reading never looks through a whole polity's visits.
    by_any: dict[str, dict[int, Visit]] = defaultdict(dict)
    by_own: dict[str, dict[int, Visit]] = defaultdict(dict)
    unplaced = []
    for row, visitors, hosts in readings:
        narrow = {narrow_key(p) for p in visitors}
        full = set().union(*(party_keys(p) for p in visitors))
        # keys in sorted order: the candidates' order, which breaks ties, must not follow the order of a set of strings
        seen = {i: v for k in sorted(narrow) for i, v in by_any.get(k, {}).items()}
        seen.update((i, v) for k in sorted(full) for i, v in by_own.get(k, {}).items())
        when = row.get("date")
        day = _day(when) if when and len(when) == 10 else 0
        candidates = [v for v in seen.values() if _meets(v, when, day) and _same_where(v, row, hosts, where)]
        if day:
            candidates.sort(key=lambda v: abs(v.first_day - day))
            target = candidates[0] if candidates else None
        elif len(candidates) > 1:
            unplaced.append((row, candidates))
            continue
        else:
            target = candidates[0] if candidates else None
        if target is None:
            target = Visit()
            visits.append(target)
        target.add(row, visitors, hosts)
        for k in target.visitor_keys:
            by_any[k][id(target)] = target
        for k in target.visitors:
            by_own[k][id(target)] = target
    visits.sort(key=lambda v: (v.first is None, v.first or "", v.id))
    return Ledger(visits, unplaced)


def event_rows(store, sel: Selection) -> list[dict]:
    """The selected events with their participants, in the shape of `list_events` but only the fields the ledger
    and the claim checks read: two queries for any number of events."""
    with store.engine.connect() as conn:
        where = and_(true(), *conditions(conn, sel))
        rows = {r["id"]: {**r, "actor": [], "recipient": []} for r in conn.execute(
            select(events.c.id, events.c.event_type, events.c.mode, events.c.aux, events.c.location, events.c.date,
                   events.c.polities, events.c.evidence, events.c.document_id, documents.c.doc_key)
            .join(documents, documents.c.id == events.c.document_id).where(where).order_by(events.c.id)).mappings()}
        for r in conn.execute(select(event_actors.c.event_id, event_actors.c.role, actors.c.id, actors.c.name,
                                     actors.c.polity, actors.c.kb_id, actors.c.kind)
                              .join(actors, actors.c.id == event_actors.c.actor_id)
                              .join(events, events.c.id == event_actors.c.event_id).where(where)
                              .order_by(actors.c.id)):
            rows[r.event_id][r.role].append({"id": r.id, "name": r.name, "polity": r.polity, "actor_id": r.kb_id,
                                             "kind": r.kind})
    return list(rows.values())


def load_ledger(store, kb, sel: Selection = Selection()) -> Ledger:
    """The ledger of every visit among the selected events (dates aside: windows are applied to visits)."""
    base = replace(sel, types=("CONSULT",), mode=None, date_from=None, date_to=None)
    return build_ledger(event_rows(store, base), place_polities(kb))


# ---- who or where an analyst asks about -----------------------------------------------------------------
@dataclass(frozen=True)
class Party:
    ref: str
    kind: str  # actor | polity | place
    label: str
    keys: frozenset[str] = frozenset()
    place: str | None = None
    polity: str | None = None

    def as_dict(self) -> dict:
        return {"ref": self.ref, "kind": self.kind, "label": self.label, "polity": self.polity, "place": self.place}

    def visited(self, v: Visit) -> bool:
        return bool(self.keys & v.visitor_keys)

    def hosted(self, v: Visit, where: Mapping[str, str]) -> bool:
        if self.kind == "place":
            return any(p.lower() == self.place.lower() for p in v.places)
        if self.keys & v.host_keys:
            return True
        return self.kind == "polity" and any(compatible(where.get(p.lower()), self.polity) for p in v.places)


def resolve_party(store, kb, ref: str, places: bool = False) -> Party:
    """'RUS' or 'Russia' → the polity; 'Benghazi' or 'بنغازي' → the place (where `places`); else actors by id,
    knowledge-base id, or name or alias (as the events filter finds them)."""
    ref = (ref or "").strip()
    if not ref:
        raise InputError("give an actor, a polity code or a place")
    if len(ref) > 500:
        raise InputError(f"{len(ref)} characters: at most 500")
    key = normalize_key(ref)
    if _POLITY.match(ref) and ref in known_polities(store, kb):
        state = kb.states_by_code.get(ref) if kb is not None else None
        return Party(ref, "polity", state.name if state else ref, frozenset({"p:" + ref}), polity=ref)
    s = _named(kb)[0].get(key)
    if s is not None:
        return Party(ref, "polity", s.name, frozenset({"p:" + s.code}), polity=s.code)
    if places:
        place = _place(store, kb, ref)
        if place:
            return Party(ref, "place", place, place=place)
    with store.engine.connect() as conn:
        sel = Selection(actor=ref, actor_match=match_actors(kb, ref))
        ids = actor_ids(conn, sel)
        rows = conn.execute(select(actors.c.actor_key, actors.c.name, actors.c.polity)
                            .where(actors.c.id.in_(ids)).order_by(actors.c.id)).all() if ids else []
    if not rows:
        what = "actor, polity or place" if places else "actor or polity"
        raise NotFound(f"no {what} matches {ref!r}: use an actor id, a knowledge-base id (khalifa-haftar), a name "
                       f"(Haftar, حفتر), a polity code (RUS, LBY-E)" + (" or a place (Benghazi)" if places else ""))
    names = list(dict.fromkeys(r.name for r in rows))
    label = names[0] if len(names) == 1 else f"{names[0]} and {len(names) - 1} more"
    return Party(ref, "actor", label, frozenset("a:" + r.actor_key for r in rows), polity=rows[0].polity)


def _place(store, kb, ref: str) -> str | None:
    key = normalize_key(ref)
    if key in _named(kb)[1]:
        return _named(kb)[1][key]
    with store.engine.connect() as conn:
        found = conn.execute(select(events.c.location).where(events.c.location.isnot(None)).distinct()).scalars()
        return next((loc for loc in found if loc.lower() == key), None)


# ---- the ledger an analyst reads --------------------------------------------------------------------
def visit_reports(store, visits: list[Visit]) -> dict[int, list[dict]]:
    """Every report (sentence, article, outlet) of the events of these visits, by event id."""
    ids = sorted({r["id"] for v in visits for r in v.rows})
    out: dict[int, list[dict]] = defaultdict(list)
    with store.engine.connect() as conn:
        for chunk in range(0, len(ids), 900):
            for r in conn.execute(select(reports.c.event_id, reports.c.document_id, reports.c.start, reports.c.end,
                                         reports.c.text, documents.c.doc_key, documents.c.title, documents.c.source,
                                         documents.c.published, documents.c.url)
                                  .join(documents, documents.c.id == reports.c.document_id)
                                  .where(reports.c.event_id.in_(ids[chunk:chunk + 900]))
                                  .order_by(documents.c.published, reports.c.id)).mappings():
                rep = dict(r)
                rep["sentence"] = rep.pop("text")
                rep["published"] = rep["published"].isoformat() if rep["published"] else None
                rep["outlet"] = outlet(rep)
                out[rep["event_id"]].append(rep)
    return out


def outlet(doc: dict) -> str:
    """What to call an article's source: its outlet, else its title, else its key."""
    return doc.get("source") or doc.get("title") or doc.get("doc_key") or "?"


def visit_json(v: Visit, reps: dict[int, list[dict]]) -> dict:
    rows = sorted(v.rows, key=lambda r: (r.get("date") or "", r["id"]))
    all_reports = [rep for r in rows for rep in reps.get(r["id"], [])]
    return {
        "id": v.id, "date": v.first, "date_end": v.last if v.last != v.first else None, "precision": v.precision,
        "place": v.place, "places": v.places, "visitors": list(v.visitors.values()), "hosts": list(v.hosts.values()),
        "events": [{k: r.get(k) for k in ("id", "date", "event_type", "mode", "aux", "location", "evidence",
                                          "document_id", "doc_key")} for r in rows],
        "reports": all_reports, "sources": list(dict.fromkeys(rep["outlet"] for rep in all_reports)),
        "documents": len({rep["document_id"] for rep in all_reports}),
    }


def select_visits(ledger: Ledger, visitor: Party | None, host: Party | None, where: Mapping[str, str],
                  date_from: str | None = None, date_to: str | None = None) -> tuple[list[Visit], list]:
    def wanted(v: Visit) -> bool:
        return (visitor is None or visitor.visited(v)) and (host is None or host.hosted(v, where))
    pool = ledger.visits if visitor is None else ledger.visited_by(visitor.keys)
    chosen = [v for v in pool if wanted(v) and v.within(date_from, date_to)]
    unplaced = [(row, [c for c in cands if wanted(c)]) for row, cands in ledger.unplaced]
    unplaced = [(row, cands) for row, cands in unplaced if len(cands) > 1 or (cands and cands[0] in chosen)]
    if date_from or date_to:
        unplaced = [(row, cands) for row, cands in unplaced if any(c in chosen for c in cands)]
    return chosen, unplaced


def ledger_page(store, kb, ledger: Ledger, actor: str | None = None, host: str | None = None,
                sel: Selection = Selection(), limit: int = 200, offset: int = 0,
                resolve=resolve_party) -> tuple[dict, list[Visit], list[dict]]:
    """`ledger_json`'s answer in three parts: its head (parties, window, counts, page), the visits of the page (for
    `visits_json`) and the unplaced readings. `resolve` is `resolve_party`, or one that keeps its answers (the
    workbench's, while the store is unchanged)."""
    visitor = resolve(store, kb, actor) if actor else None
    hosting = resolve(store, kb, host, places=True) if host else None
    where = place_polities(kb)
    chosen, unplaced = select_visits(ledger, visitor, hosting, where, sel.date_from, sel.date_to)
    by_year = Counter((v.first or "undated")[:4] for v in chosen)
    head = {
        "actor": visitor.as_dict() if visitor else None, "host": hosting.as_dict() if hosting else None,
        "date_from": sel.date_from, "date_to": sel.date_to,
        "count": len(chosen), "reports": sum(len(v.rows) for v in chosen),
        "by_year": dict(sorted(by_year.items())), "limit": limit, "offset": offset,
    }
    return head, chosen[offset:offset + limit], [
        {"event": {k: row.get(k) for k in ("id", "date", "location", "evidence", "doc_key")},
         "could_be": [c.id for c in cands]} for row, cands in unplaced]


def visits_json(store, visits: list[Visit]) -> dict[int, dict]:
    """Each visit as the ledger shows it, by id: its readings, and every report with its sentence and outlet."""
    reps = visit_reports(store, visits)
    return {v.id: visit_json(v, reps) for v in visits}


def ledger_json(store, kb, ledger: Ledger, actor: str | None = None, host: str | None = None,
                sel: Selection = Selection(), limit: int = 200, offset: int = 0) -> dict:
    """The visits of `actor` (visitor) to `host` (an actor, a polity or a place) within the selection's dates:
    the count, the count per year, and each visit with its readings, reports and outlets."""
    head, page, unplaced = ledger_page(store, kb, ledger, actor, host, sel, limit, offset)
    shown = visits_json(store, page)
    return {**head, "visits": [shown[v.id] for v in page], "unplaced": unplaced}
