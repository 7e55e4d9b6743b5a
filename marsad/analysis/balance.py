"""Camp balance: which of Libya's two camps each third state courts, quarter by quarter.

For every state other than Libya, and every quarter, this module counts the state's events with the eastern
camp (LBY-E) and with the western camp (LBY-W), by type. The counts come from the polity pairs of the network
(`network_pairs`), so a point of the chart is the sum of the two dyads (`/api/dyads/TUR/LBY-E` and
`/api/dyads/TUR/LBY-W` for that quarter).

    balance = (cooperative events with the east − cooperative events with the west) / (their sum)

The balance runs from +1 (only the east) to −1 (only the west). It is empty in a quarter with no cooperative
event. Cooperation follows PLOVER's grouping (AGREE, CONSULT, SUPPORT, CONCEDE, COOPERATE, AID, RETREAT).
Denied and hypothetical events (aux negation, hypothetical) count among the events by type, as in the dyads,
but not as cooperation.

The trend is the weighted least-squares slope of the balance per year, where each quarter weighs as much as its
cooperative events. `moved` is the last quarter's balance minus the first quarter's. States are ranked by how
far they moved.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from dataclasses import dataclass, replace
from sqlalchemy import or_, select

from marsad.analysis.network import pair_conditions
from marsad.errors import InputError
from marsad.store.query import COOPERATION, Selection, known_polities
from marsad.store.tables import events, network_pairs

CAMPS = {"LBY-E": "east", "LBY-W": "west"}
LEFT_OUT = ("negation", "hypothetical")


def quarter_of(day: str | None) -> str | None:
    if not day or len(day) < 7:
        return None
    return f"{day[:4]}-Q{(int(day[5:7]) - 1) // 3 + 1}"


def quarter_span(quarter: str) -> tuple[str, str]:
    """'2024-Q2' → ('2024-04', '2024-06'): the months a quarter covers, as date filters take them."""
    year, q = quarter[:4], int(quarter[-1])
    return f"{year}-{3 * q - 2:02d}", f"{year}-{3 * q:02d}"


def quarters_between(first: str, last: str) -> list[str]:
    out, y, q = [], int(first[:4]), int(first[-1])
    while f"{y}-Q{q}" <= last:
        out.append(f"{y}-Q{q}")
        y, q = (y + 1, 1) if q == 4 else (y, q + 1)
    return out


def _slope(points: list[tuple[float, float, float]]) -> float | None:
    """Weighted least-squares slope of (x, y, weight)."""
    total = sum(w for _, _, w in points)
    if len(points) < 2 or not total:
        return None
    mx = sum(x * w for x, _, w in points) / total
    my = sum(y * w for _, y, w in points) / total
    var = sum(w * (x - mx) ** 2 for x, _, w in points)
    return round(sum(w * (x - mx) * (y - my) for x, y, w in points) / var, 3) if var else None


def _ratio(east: int, west: int) -> float | None:
    return round((east - west) / (east + west), 3) if east + west else None


@dataclass(frozen=True)
class Engagement:
    """One event between a third state and one of the camps (one row of the polity pairs)."""

    event_id: int
    state: str
    camp: str  # east | west
    event_type: str
    date: str | None
    quarter: str | None  # of `date`; None for an undated or year-only event
    denied: bool  # aux negation or hypothetical: an event by type, but no cooperation


def engagements(store, sel: Selection = Selection()) -> list[Engagement]:
    """Every event between a third state and LBY-E or LBY-W among the selected events, dates aside: one query the
    workbench keeps until the store changes, then any window and any state is a pass in Python."""
    p = network_pairs.c
    camps = list(CAMPS)
    with store.engine.connect() as conn:
        where = [*pair_conditions(conn, network_pairs, replace(sel, date_from=None, date_to=None), "polity"),
                 or_(p.one.in_(camps), p.other.in_(camps))]
        denied = set(conn.execute(select(events.c.id).where(events.c.aux.in_(LEFT_OUT))).scalars())
        rows = conn.execute(select(p.event_id, p.one, p.other, p.event_type, p.date).where(*where)).all()
    out = []
    for event_id, one, other, event_type, day in rows:
        camp, state = (one, other) if one in CAMPS else (other, one)
        if not state.startswith("LBY"):
            out.append(Engagement(event_id, state, CAMPS[camp], event_type, day, quarter_of(day), event_id in denied))
    return out


def third_states(store, kb, states: str | None, known: set[str] | None = None) -> list[str]:
    """The polity codes asked for (`TUR,ITA`), each a polity of the knowledge base or the store (`known`, when the
    caller keeps them) and not Libya or one of its camps."""
    wanted = [s.strip().upper() for s in (states or "").split(",") if s.strip()]
    if wanted:
        known = known if known is not None else known_polities(store, kb)
        bad = [s for s in wanted if s not in known or s.startswith("LBY")]
        if bad:
            raise InputError(f"state {', '.join(bad)}: give the polity code of a third state (not Libya or its "
                             f"camps), such as TUR, RUS, ITA, USA or EGY")
    return wanted


def _day(r: Engagement) -> str:
    return r.date or ""


def by_state(rows: list[Engagement]) -> dict[str, list[Engagement]]:
    """Engagements by third state, each state's in date order (undated first): what the workbench keeps while the
    store is unchanged, so that a request for any window and state looks at that state's rows in the window alone."""
    out: dict[str, list[Engagement]] = defaultdict(list)
    for r in rows:
        out[r.state].append(r)
    return {state: sorted(found, key=_day) for state, found in out.items()}


def _within(rows: list[Engagement], sel: Selection) -> list[Engagement]:
    """The rows (in date order) that the events filter's date test keeps (`marsad.store.query.conditions`: a date
    from `date_from` on, up to `date_to` at its precision; an undated row in no window), found by bisection."""
    if not (sel.date_from or sel.date_to):
        return rows
    lo = bisect_left(rows, sel.date_from or "\x00", key=_day)  # an undated row is in no window
    hi = bisect_right(rows, sel.date_to + "~", key=_day) if sel.date_to else len(rows)
    return rows[lo:hi]


def state_balance(code: str, rows: list[Engagement], sel: Selection, names: dict) -> dict | None:
    """One state's entry of `camp_balance` (without its rank) from its engagements in date order (`by_state`), in
    the selection's window; None when none of them is dated to a quarter."""
    per: dict[str, dict] = defaultdict(lambda: {"east": defaultdict(int), "west": defaultdict(int),
                                                "coop": {"east": 0, "west": 0}})
    seen: set[int] = set()
    undated: set[int] = set()
    for r in _within(rows, sel):
        seen.add(r.event_id)
        if r.quarter is None:
            undated.add(r.event_id)
            continue
        cell = per[r.quarter]
        cell[r.camp][r.event_type] += 1  # one pair row per event and polity pair: one row, one event
        if r.event_type in COOPERATION and not r.denied:
            cell["coop"][r.camp] += 1
    if not per:
        return None
    empty = {"east": {}, "west": {}, "coop": {"east": 0, "west": 0}}
    span = sorted(per)
    quarters, points = [], []
    for n, q in enumerate(quarters_between(span[0], span[-1])):
        cell = per.get(q, empty)
        sides = {side: dict(sorted(cell[side].items())) for side in ("east", "west")}
        coop = cell["coop"]
        total = {side: sum(sides[side].values()) for side in ("east", "west")}
        balance = _ratio(coop["east"], coop["west"])
        if balance is not None:
            points.append((n / 4, balance, coop["east"] + coop["west"]))
        first, last = quarter_span(q)
        quarters.append({"quarter": q, "from": first, "to": last, "east": sides["east"], "west": sides["west"],
                         "east_cooperation": coop["east"], "west_cooperation": coop["west"],
                         "east_total": total["east"], "west_total": total["west"], "balance": balance})
    scored = [q for q in quarters if q["balance"] is not None]
    east = sum(q["east_cooperation"] for q in quarters)
    west = sum(q["west_cooperation"] for q in quarters)
    moved = round(scored[-1]["balance"] - scored[0]["balance"], 3) if len(scored) >= 2 else None
    return {
        "state": code, "name": names[code].name if code in names else code, "events": len(seen),
        "undated": len(undated),
        "east_total": sum(q["east_total"] for q in quarters), "west_total": sum(q["west_total"] for q in quarters),
        "east_cooperation": east, "west_cooperation": west, "balance": _ratio(east, west),
        "first": {"quarter": scored[0]["quarter"], "balance": scored[0]["balance"]} if scored else None,
        "last": {"quarter": scored[-1]["quarter"], "balance": scored[-1]["balance"]} if scored else None,
        "moved": moved, "trend": _slope(points), "quarters": quarters,
    }


def rank_key(entry: dict) -> tuple:
    """States are ranked by how far they moved, then by their number of events."""
    return entry["moved"] is None, -abs(entry["moved"] or 0), -entry["events"], entry["state"]


DEFINITION = ("balance = (cooperative events with LBY-E − with LBY-W) / their sum, per quarter; "
              "trend = weighted least-squares slope per year; moved = last − first quarter's balance")


def camp_balance(store, kb=None, states: str | None = None, sel: Selection = Selection(), min_events: int = 1,
                 grouped: dict[str, list[Engagement]] | None = None) -> dict:
    """Per third state: events with each camp by type and quarter, the balance, its trend, how far it moved.
    `grouped` is the store's engagements `by_state` when the caller keeps them."""
    wanted = third_states(store, kb, states)
    grouped = grouped if grouped is not None else by_state(engagements(store, sel))
    names = kb.states_by_code if kb is not None else {}
    out = [entry for code in dict.fromkeys(wanted or grouped) if code in grouped
           for entry in [state_balance(code, grouped[code], sel, names)] if entry and entry["events"] >= min_events]
    out.sort(key=rank_key)
    for rank, s in enumerate(out, 1):
        s["rank"] = rank
    return {"date_from": sel.date_from, "date_to": sel.date_to, "states": out, "definition": DEFINITION}
