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

from collections import defaultdict
from sqlalchemy import select

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


def camp_balance(store, kb=None, states: str | None = None, sel: Selection = Selection(), min_events: int = 1) -> dict:
    """Per third state: events with each camp by type and quarter, the balance, its trend, how far it moved."""
    wanted = [s.strip().upper() for s in (states or "").split(",") if s.strip()]
    if wanted:
        known = known_polities(store, kb)
        bad = [s for s in wanted if s not in known or s.startswith("LBY")]
        if bad:
            raise InputError(f"state {', '.join(bad)}: give the polity code of a third state (not Libya or its "
                             f"camps), such as TUR, RUS, ITA, USA or EGY")
    p = network_pairs.c
    with store.engine.connect() as conn:
        rows = conn.execute(
            select(p.event_id, p.one, p.other, p.event_type, p.date, events.c.aux)
            .join(events, events.c.id == p.event_id)
            .where(*pair_conditions(conn, network_pairs, sel, "polity"),
                   (p.one.in_(list(CAMPS)) | p.other.in_(list(CAMPS))))).all()
    per: dict[str, dict] = defaultdict(lambda: {"quarters": defaultdict(lambda: {"east": defaultdict(set),
                                                                                 "west": defaultdict(set)}),
                                                "undated": set(), "events": set(), "left_out": set()})
    for r in rows:
        camp_code, state = (r.one, r.other) if r.one in CAMPS else (r.other, r.one)
        if state.startswith("LBY") or state in CAMPS or (wanted and state not in wanted):
            continue
        entry = per[state]
        entry["events"].add(r.event_id)
        if r.aux in LEFT_OUT:
            entry["left_out"].add(r.event_id)
        quarter = quarter_of(r.date)
        if quarter is None:
            entry["undated"].add(r.event_id)
            continue
        entry["quarters"][quarter][CAMPS[camp_code]][r.event_type].add(r.event_id)
    names = kb.states_by_code if kb is not None else {}
    out = []
    for state, entry in per.items():
        if len(entry["events"]) < min_events or not entry["quarters"]:
            continue
        span = sorted(entry["quarters"])
        quarters, points = [], []
        for n, q in enumerate(quarters_between(span[0], span[-1])):
            cell = entry["quarters"].get(q, {"east": {}, "west": {}})
            sides = {camp: {t: len(ids) for t, ids in sorted(cell[camp].items())} for camp in ("east", "west")}
            coop = {camp: len({i for t, ids in cell[camp].items() if t in COOPERATION for i in ids
                               if i not in entry["left_out"]}) for camp in ("east", "west")}
            total = {camp: len({i for ids in cell[camp].values() for i in ids}) for camp in ("east", "west")}
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
        out.append({
            "state": state, "name": names[state].name if state in names else state, "events": len(entry["events"]),
            "undated": len(entry["undated"]),
            "east_total": sum(q["east_total"] for q in quarters), "west_total": sum(q["west_total"] for q in quarters),
            "east_cooperation": east, "west_cooperation": west, "balance": _ratio(east, west),
            "first": {"quarter": scored[0]["quarter"], "balance": scored[0]["balance"]} if scored else None,
            "last": {"quarter": scored[-1]["quarter"], "balance": scored[-1]["balance"]} if scored else None,
            "moved": moved, "trend": _slope(points), "quarters": quarters,
        })
    out.sort(key=lambda s: (s["moved"] is None, -abs(s["moved"] or 0), -s["events"], s["state"]))
    for rank, s in enumerate(out, 1):
        s["rank"] = rank
    return {"date_from": sel.date_from, "date_to": sel.date_to, "states": out,
            "definition": "balance = (cooperative events with LBY-E − with LBY-W) / their sum, per quarter; "
                          "trend = weighted least-squares slope per year; moved = last − first quarter's balance"}
