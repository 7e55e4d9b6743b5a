"""`marsad visits`, `marsad claims`, `marsad balance` and `marsad watch`: the analyst's questions on the command
line, with the same answers as the workbench's API. Registered on the main typer app on import."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import List, Optional

import typer
from rich.table import Table

from marsad.cli.main import DbOpt, FromOpt, KnowledgeOpt, ToOpt, _fail, _kb, app, err, out
from marsad.errors import InputError, MarsadError

FormatOpt = typer.Option("table", "--format", "-f", help="table | csv | json")


def _format(fmt: str) -> None:
    if fmt not in ("table", "csv", "json"):
        _fail(InputError(f"--format {fmt!r}: choose table, csv or json"))


def _written(data: dict, fmt: str, rows, fields: list[str]) -> bool:
    """Write `data` as JSON, or its `rows(data)` as CSV; False for a table, which each command draws itself."""
    from marsad.export.answers import to_csv

    if fmt == "json":
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=1, default=str) + "\n")
    elif fmt == "csv":
        sys.stdout.write(to_csv(rows(data), fields))
    return fmt != "table"


def _clip(text: str | None, n: int = 70) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= n else text[:n - 1] + "…"


def _names(people: list[dict]) -> str:
    return ", ".join(p["name"] for p in people) or "—"


@app.command()
def visits(
    actor: Optional[str] = typer.Option(None, "--actor", help="the visitor: actor id, kb id, name or alias "
                                                              "(Yevkurov, يفكوروف), or polity (RUS)"),
    host: Optional[str] = typer.Option(None, "--host", help="the host: actor, polity (LBY-E) or place (Benghazi)"),
    date_from: Optional[str] = FromOpt, date_to: Optional[str] = ToOpt,
    limit: int = typer.Option(200, help="list at most this many visits (the count covers them all)"),
    fmt: str = FormatOpt, db: Optional[str] = DbOpt, knowledge: Optional[List[Path]] = KnowledgeOpt,
) -> None:
    """The visit ledger: each visit of ACTOR to HOST in the window, merged across outlets, with its reports.

    Example: marsad visits --actor Yevkurov --host Benghazi --from 2023-08 --to 2024-11
    """
    from marsad.analysis.visits import ledger_json, load_ledger
    from marsad.export.answers import VISIT_FIELDS, visit_rows
    from marsad.store import open_store
    from marsad.store.query import Selection

    _format(fmt)
    try:
        store, kb = open_store(db), _kb(knowledge)
        sel = Selection.parse(date_from=date_from, date_to=date_to)
        ledger = ledger_json(store, kb, load_ledger(store, kb), actor, host, sel, limit)
    except MarsadError as exc:
        _fail(exc)
        return
    if _written(ledger, fmt, visit_rows, VISIT_FIELDS):
        return
    who = " to ".join(p["label"] for p in (ledger["actor"], ledger["host"]) if p) or "all visitors"
    table = Table("visit", "date", "place", "visitors → hosts", "reports", "outlets", "evidence",
                  caption=f"{ledger['count']} visits ({who}, {date_from or 'any time'} … {date_to or 'now'}); "
                          f"{len(ledger['unplaced'])} reports could be any of several visits", caption_justify="left")
    for v in ledger["visits"]:
        when = v["date"] or "undated"
        if v["date_end"]:
            when += f" … {v['date_end']}"
        first = v["reports"][0]["sentence"] if v["reports"] else v["events"][0]["evidence"]
        table.add_row(str(v["id"]), when, ", ".join(v["places"]), f"{_names(v['visitors'])} → {_names(v['hosts'])}",
                      str(len(v["reports"])), _clip("; ".join(v["sources"]), 40), _clip(first))
    out.print(table)


@app.command()
def claims(
    status: Optional[str] = typer.Option(None, "--status", help="contradicted, unverifiable or supported "
                                                                "(comma-separated)"),
    kind: Optional[str] = typer.Option(None, "--kind", help="count, first or quantity"),
    document: Optional[int] = typer.Option(None, "--document", help="claims of this document id"),
    scan: bool = typer.Option(False, "--scan", help="first read for claims every document not read yet, and check "
                                                    "every claim again (ingest does this by itself)"),
    rescan: bool = typer.Option(False, "--rescan", help="read again every document read with other cue words"),
    limit: int = typer.Option(100, help="list at most this many claims"),
    fmt: str = FormatOpt, db: Optional[str] = DbOpt, knowledge: Optional[List[Path]] = KnowledgeOpt,
) -> None:
    """Claims articles make about events (counts, firsts, figures) and the store's verdict on each,
    contradictions first.

    Example: marsad claims --status contradicted
    """
    from marsad.analysis.claims import check_claims, list_claims, scan_pending
    from marsad.export.answers import CLAIM_FIELDS, claim_rows
    from marsad.mentions.claims import load_claim_cues
    from marsad.store import open_store

    _format(fmt)
    try:
        store = open_store(db)
        if scan or rescan:
            kb, cues = _kb(knowledge), load_claim_cues(knowledge or ())
            found = scan_pending(store, kb, cues, rescan=rescan,
                                 on_document=lambda n, total: err.print(f"\rread {n}/{total} documents", end=""))
            tally = check_claims(store, kb, cues)
            err.print(f"\n{found} claims found; verdicts: " + ", ".join(f"{n} {s}" for s, n in tally.items()))
        listing = list_claims(store, status, kind, document, None, limit)
    except MarsadError as exc:
        _fail(exc)
        return
    if _written(listing, fmt, claim_rows, CLAIM_FIELDS):
        return
    counts = ", ".join(f"{n} {s}" for s, n in listing["by_status"].items() if n)
    pending = listing["documents"] - listing["scanned"]
    caption = f"{listing['total']} claims ({counts or 'none'})" + (
        f"; {pending} documents not yet read for claims: run `marsad claims --scan`" if pending else "")
    table = Table("id", "verdict", "kind", "claim", "outlet", "event", "why", caption=caption, caption_justify="left")
    for c in listing["claims"]:
        table.add_row(str(c["id"]), c["status"] or "unchecked", c["kind"], _clip(c["cue"], 30), _clip(c["outlet"], 24),
                      str(c["event_id"] or "—"), _clip(c["reason"], 90))
    out.print(table)


@app.command()
def balance(
    state: Optional[str] = typer.Option(None, "--state", help="third states' polity codes, comma-separated "
                                                              "(default: all)"),
    date_from: Optional[str] = FromOpt, date_to: Optional[str] = ToOpt,
    min_events: int = typer.Option(1, help="leave out states with fewer events"),
    quarters: bool = typer.Option(False, "--quarters", help="also print each state's quarters"),
    fmt: str = FormatOpt, db: Optional[str] = DbOpt, knowledge: Optional[List[Path]] = KnowledgeOpt,
) -> None:
    """Which Libyan camp each third state courts: its balance of cooperation with LBY-E vs LBY-W per quarter,
    the trend, and states ranked by how far they moved.

    Example: marsad balance --state TUR,ITA,RUS --from 2019 --quarters
    """
    from marsad.analysis.balance import camp_balance
    from marsad.export.answers import BALANCE_FIELDS, balance_rows
    from marsad.store import open_store
    from marsad.store.query import Selection

    _format(fmt)
    try:
        store = open_store(db)
        result = camp_balance(store, _kb(knowledge), state, Selection.parse(date_from=date_from, date_to=date_to),
                              min_events)
    except MarsadError as exc:
        _fail(exc)
        return
    if _written(result, fmt, balance_rows, BALANCE_FIELDS):
        return

    def num(x):
        return "—" if x is None else f"{x:+.2f}"
    table = Table("rank", "state", "events", "coop. east", "coop. west", "balance", "first", "last", "moved",
                  "trend/yr", caption=result["definition"], caption_justify="left")
    for s in result["states"]:
        table.add_row(str(s["rank"]), f"{s['state']} {s['name']}", str(s["events"]), str(s["east_cooperation"]),
                      str(s["west_cooperation"]), num(s["balance"]),
                      f"{s['first']['quarter']} {num(s['first']['balance'])}" if s["first"] else "—",
                      f"{s['last']['quarter']} {num(s['last']['balance'])}" if s["last"] else "—",
                      num(s["moved"]), num(s["trend"]))
    out.print(table)
    if quarters:
        for s in result["states"]:
            table = Table("quarter", "east (by type)", "west (by type)", "balance", title=f"{s['state']} {s['name']}")
            for q in s["quarters"]:
                if q["east_total"] or q["west_total"]:
                    table.add_row(q["quarter"], ", ".join(f"{t} {n}" for t, n in q["east"].items()) or "—",
                                  ", ".join(f"{t} {n}" for t, n in q["west"].items()) or "—", num(q["balance"]))
            out.print(table)


watch_app = typer.Typer(help="Saved filters checked on each ingest, each with an Atom feed.", no_args_is_help=True)
app.add_typer(watch_app, name="watch")


@watch_app.command("add")
def watch_add(
    name: Optional[str] = typer.Option(None, "--name", help="what to call it (default: its filters)"),
    actor: Optional[str] = typer.Option(None, "--actor", help="actor id, kb id, name or alias"),
    polity: Optional[str] = typer.Option(None, "--polity", help="polity code(s), comma-separated"),
    event_type: Optional[str] = typer.Option(None, "--type", help="PLOVER event type(s), comma-separated"),
    location: Optional[str] = typer.Option(None, "--location", help="place name (part of it)"),
    claim_status: Optional[str] = typer.Option(None, "--claim-status", help="contradicted, unverifiable or "
                                                                            "supported: watch claims, not events"),
    db: Optional[str] = DbOpt, knowledge: Optional[List[Path]] = KnowledgeOpt,
) -> None:
    """Save a watch. Example: marsad watch add --name "Russians in Benghazi" --polity RUS --location Benghazi"""
    from marsad.analysis.watches import create_watch
    from marsad.store import open_store

    try:
        w = create_watch(open_store(db), _kb(knowledge), {"actor": actor, "polity": polity, "type": event_type,
                                                          "location": location, "claim_status": claim_status}, name)
    except MarsadError as exc:
        _fail(exc)
        return
    out.print(f"watch {w['id']} saved: {w['name']} ({w['matches']} matches already in the store, marked seen); "
              f"feed at {w['feed']}")


@watch_app.command("list")
def watch_list(db: Optional[str] = DbOpt) -> None:
    """Every watch with its matches and new matches."""
    from marsad.analysis.watches import describe, list_watches
    from marsad.store import open_store

    try:
        listing = list_watches(open_store(db))
    except MarsadError as exc:
        _fail(exc)
        return
    table = Table("id", "name", "filters", "matches", "new", "feed", caption=f"{listing['new']} new matches",
                  caption_justify="left")
    for w in listing["watches"]:
        table.add_row(str(w["id"]), w["name"], describe(w["filters"]), str(w["matches"]), str(w["new"]), w["feed"])
    out.print(table)


@watch_app.command("show")
def watch_show(watch_id: int = typer.Argument(..., help="the watch's id"),
               seen: bool = typer.Option(False, "--seen", help="then mark its matches as seen"),
               db: Optional[str] = DbOpt) -> None:
    """A watch's latest matches, new ones first marked with *."""
    from marsad.analysis.watches import get_watch, mark_seen
    from marsad.store import open_store

    try:
        store = open_store(db)
        w = get_watch(store, watch_id)
        if seen:
            mark_seen(store, watch_id)
    except MarsadError as exc:
        _fail(exc)
        return
    table = Table("", "found", "match", "evidence / verdict", title=f"watch {w['id']}: {w['name']} "
                                                                    f"({w['new']} new of {w['matches']})")
    for m in w["latest"]:
        e, c = m["event"], m["claim"]
        what = (f"event {e['id']} {e.get('date') or ''} {e['event_type']}" if e else "") + \
            (f" claim {c['id']} {c['status']}" if c else "")
        table.add_row("*" if m["new"] else "", m["found_at"][:16], what.strip(),
                      _clip((c or {}).get("reason") or (e or {}).get("evidence"), 90))
    out.print(table)


@watch_app.command("remove")
def watch_remove(watch_id: int = typer.Argument(..., help="the watch's id"), db: Optional[str] = DbOpt) -> None:
    """Remove a watch (the events stay in the store)."""
    from marsad.analysis.watches import delete_watch
    from marsad.store import open_store

    try:
        delete_watch(open_store(db), watch_id)
    except MarsadError as exc:
        _fail(exc)
        return
    out.print(f"watch {watch_id} removed")


@watch_app.command("feed")
def watch_feed(watch_id: int = typer.Argument(..., help="the watch's id"),
               base_url: str = typer.Option("http://127.0.0.1:8000", help="the workbench address entries link to"),
               db: Optional[str] = DbOpt) -> None:
    """Print the watch's Atom feed (as GET /api/watches/ID/feed serves it)."""
    from marsad.analysis.watches import atom_feed
    from marsad.store import open_store

    try:
        sys.stdout.buffer.write(atom_feed(open_store(db), watch_id, base_url))
    except MarsadError as exc:
        _fail(exc)
