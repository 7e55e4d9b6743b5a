"""Events per month by type: the dashboard chart, an actor's timeline, a dyad's trajectory."""
from __future__ import annotations

from sqlalchemy import and_, func, select, true

from marsad.store.query import COOPERATION, Selection, conditions
from marsad.store.tables import events


def months_between(first: str, last: str) -> list[str]:
    """Every YYYY-MM from `first` to `last` inclusive, so a chart shows quiet months as zero."""
    year, month = int(first[:4]), int(first[5:7])
    out = []
    while f"{year:04d}-{month:02d}" <= last:
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def monthly_counts(store, sel: Selection = Selection(), extra: tuple = ()) -> list[tuple[str, str, int]]:
    """(YYYY-MM, event type, events) for dated events at month precision or finer."""
    month = func.substr(events.c.date, 1, 7)
    with store.engine.connect() as conn:
        query = select(month.label("month"), events.c.event_type, func.count().label("n")) \
            .where(and_(true(), *conditions(conn, sel), *extra, func.length(events.c.date) >= 7)) \
            .group_by(month, events.c.event_type).order_by(month)
        return [(r.month, r.event_type, r.n) for r in conn.execute(query)]


def timeline(store, sel: Selection = Selection(), extra: tuple = ()) -> dict:
    """{months, series: {type: counts per month}, cooperation, conflict, balance, undated}."""
    rows = monthly_counts(store, sel, extra)
    return series_from_rows(rows, undated=_undated(store, sel, extra))


def series_from_rows(rows: list[tuple[str, str, int]], undated: int = 0) -> dict:
    if not rows:
        return {"months": [], "series": {}, "cooperation": [], "conflict": [], "balance": [], "undated": undated}
    months = months_between(min(r[0] for r in rows), max(r[0] for r in rows))
    index = {m: i for i, m in enumerate(months)}
    series: dict[str, list[int]] = {}
    coop, conflict = [0] * len(months), [0] * len(months)
    for month, event_type, n in rows:
        series.setdefault(event_type, [0] * len(months))[index[month]] += n
        (coop if event_type in COOPERATION else conflict)[index[month]] += n
    balance = [round((c - k) / (c + k), 3) if c + k else None for c, k in zip(coop, conflict)]
    return {"months": months, "series": dict(sorted(series.items())), "cooperation": coop, "conflict": conflict,
            "balance": balance, "undated": undated}


def _undated(store, sel: Selection, extra: tuple) -> int:
    with store.engine.connect() as conn:
        return conn.scalar(select(func.count()).select_from(events).where(and_(
            true(), *conditions(conn, sel), *extra,
            (events.c.date.is_(None)) | (func.length(events.c.date) < 7))))
