"""The analyst's questions: the visit ledger, claims and their verdicts, the camp balance, and watches."""
from __future__ import annotations

from typing import Literal, Optional

from fastapi import APIRouter, Body, Depends, HTTPException, Path, Query, Request
from fastapi.responses import Response

from marsad.analysis import watches as watch_mod
from marsad.analysis.balance import (DEFINITION, by_state, camp_balance, engagements, rank_key, state_balance,
                                     third_states)
from marsad.analysis.claims import KINDS, STATUSES, claim_order, claim_page, list_claims, shown_claims
from marsad.analysis.visits import ledger_json, ledger_page, load_ledger, resolve_party, visits_json
from marsad.api import models
from marsad.api.errors import responses
from marsad.api.state import Workbench, dumps, json_response, with_items, workbench
from marsad.errors import InputError
from marsad.export.answers import (BALANCE_FIELDS, CLAIM_FIELDS, VISIT_FIELDS, balance_rows, claim_rows, to_csv,
                                   visit_rows)
from marsad.store.query import MAX_ID, Selection, known_polities

router = APIRouter(prefix="/api", tags=["analyst questions"])
Format = Literal["json", "csv"]
CSV = {200: {"description": "JSON, or with format=csv a CSV file", "content": {"text/csv": {}}}}


async def window(request: Request,
                 date_from: Optional[str] = Query(None, alias="from", description="earliest date, YYYY[-MM[-DD]] "
                                                                                  "(also accepted as date_from)"),
                 date_to: Optional[str] = Query(None, alias="to", description="latest date, YYYY[-MM[-DD]], "
                                                                              "inclusive (also accepted as date_to)")
                 ) -> Selection:
    """A time window as the events filter reads it: `from`/`to`, or `date_from`/`date_to` as elsewhere (async, as
    it does no I/O: no worker thread)."""
    params = request.query_params
    return Selection.parse(date_from=date_from or params.get("date_from"), date_to=date_to or params.get("date_to"))


def _csv(text: str, name: str) -> Response:
    return Response(text.encode("utf-8"), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="marsad-{name}.csv"'})


@router.get("/visits", response_model=models.VisitLedger, responses={**responses(400, 404, 422), **CSV},
            summary="Visit ledger: who visited whom or where, merged across outlets")
def get_visits(request: Request, sel: Selection = Depends(window),
               actor: Optional[str] = Query(None, description="the visitor: actor id, kb id (yunus-bek-yevkurov), "
                                                              "name or alias (Yevkurov, يفكوروف), or polity (RUS)"),
               host: Optional[str] = Query(None, description="the host: actor, polity (LBY-E) or place (Benghazi, "
                                                             "بنغازي)"),
               limit: int = Query(200, ge=1, le=1000), offset: int = Query(0, ge=0, le=MAX_ID),
               format: Format = Query("json", description="json, or csv: one row per visit"),
               wb: Workbench = Depends(workbench)):
    """Every visit of `actor` to `host` in the window (all visits when both are left out), oldest first. A visit
    that several outlets report is one visit, and it lists each report with its sentence, article and outlet.
    `count` is the number of visits in the window. `unplaced` lists reports dated only by month or year that
    could be any of several visits, and these are not counted."""
    def ledger():
        return wb.memo(("ledger",), lambda: load_ledger(wb.store, wb.kb))
    if format == "csv":
        return _csv(to_csv(visit_rows(ledger_json(wb.store, wb.kb, ledger(), actor, host, sel, limit, offset)),
                           VISIT_FIELDS), "visits")

    def resolve(store, kb, ref: str, places: bool = False):  # the parties asked about, kept with the ledger
        return wb.kept(("parties",), (ref, places), lambda: resolve_party(store, kb, ref, places))

    def compute():  # ledger_json's answer, from each visit rendered once and kept
        head, page, unplaced = ledger_page(wb.store, wb.kb, ledger(), actor, host, sel, limit, offset, resolve)
        by_id = {v.id: v for v in page}
        shown = wb.pieces(("visits",), list(by_id), lambda ids: visits_json(wb.store, [by_id[i] for i in ids]))
        return with_items(head, "visits", shown, {"unplaced": unplaced})
    return wb.cached(request, compute)


@router.get("/claims", response_model=models.ClaimList, responses={**responses(400, 422), **CSV},
            summary="Claims articles make about events, checked against the store")
def get_claims(request: Request,
               status: Optional[str] = Query(None, description="verdict(s), comma-separated: " + ", ".join(STATUSES)),
               kind: Optional[str] = Query(None, description="count, first or quantity"),
               document: Optional[int] = Query(None, ge=1, le=MAX_ID, description="claims of this document id"),
               event: Optional[int] = Query(None, ge=1, le=MAX_ID, description="claims about this event id"),
               limit: int = Query(50, ge=1, le=1000), offset: int = Query(0, ge=0, le=MAX_ID),
               format: Format = Query("json", description="json, or csv: one row per claim"),
               wb: Workbench = Depends(workbench)):
    """Counts (خمس مرات، للمرة الثالثة), firsts (لأول مرة، الأولى من نوعها) and figures (money, aircraft, troops,
    flights, casualties), each with its sentence, article and event. Each has a verdict: `contradicted` (the
    events, visits or other reports behind it are in `basis`: the first 8 visits in full, every one in
    `basis.visit_ids`), `unverifiable` (`basis.coverage` says how much of the window the store covers) or
    `supported`. Contradictions come first."""
    if kind and kind not in KINDS:
        raise InputError(f"kind {kind!r}: choose from {', '.join(KINDS)}")

    if format == "csv":
        return _csv(to_csv(claim_rows(list_claims(wb.store, status, kind, document, event, limit, offset)),
                           CLAIM_FIELDS), "claims")

    def compute():
        order = wb.memo(("claim order",), lambda: claim_order(wb.store))
        page = claim_page(wb.store, status, kind, document, event, limit, offset, order)
        shown = wb.pieces(("claims",), page.pop("ids"), lambda ids: shown_claims(wb.store, ids))
        return with_items(page, "claims", shown)
    return wb.cached(request, compute)


@router.get("/balance", response_model=models.Balance, responses={**responses(400, 422), **CSV},
            summary="Camp balance: which Libyan camp each third state courts, per quarter")
def get_balance(request: Request, sel: Selection = Depends(window),
                state: Optional[str] = Query(None, description="polity code(s) of third states, comma-separated: "
                                                               "TUR,ITA (default: all)"),
                min_events: int = Query(1, ge=1, le=100000, description="leave out states with fewer events"),
                format: Format = Query("json", description="json, or csv: one row per state and quarter"),
                wb: Workbench = Depends(workbench)):
    """For each state other than Libya, and each quarter, its events with LBY-E and LBY-W by type. The balance is
    (cooperative events with the east − with the west) / their sum, from +1 (east) to −1 (west). The trend is the
    slope per year, and states are ranked by how far their balance moved (last quarter − first). A point's
    events are those of the dyads `/api/dyads/STATE/LBY-E` and `/api/dyads/STATE/LBY-W` for that quarter."""
    def grouped():
        return wb.memo(("engagements",), lambda: by_state(engagements(wb.store)))
    if format == "csv":
        return _csv(to_csv(balance_rows(camp_balance(wb.store, wb.kb, state, sel, min_events, grouped())),
                           BALANCE_FIELDS), "balance")

    def compute():  # camp_balance's answer, from each state's entry rendered once per window and kept
        rows = grouped()
        known = wb.memo(("polities",), lambda: known_polities(wb.store, wb.kb))
        codes = list(dict.fromkeys(third_states(wb.store, wb.kb, state, known))) or sorted(rows)
        names = wb.kb.states_by_code if wb.kb is not None else {}

        def render(keys):  # (from, to, state) → the state's entry in this window
            return {k: entry for k in keys if k[2] in rows for entry in [state_balance(k[2], rows[k[2]], sel, names)]
                    if entry}
        found = wb.pieces(("balance",), [(sel.date_from, sel.date_to, c) for c in codes], render,
                          lambda entry: (rank_key(entry), entry["events"], dumps(entry)[:-1]))
        ranked = sorted((p for p in found if p[1] >= min_events), key=lambda p: p[0])
        return with_items({"date_from": sel.date_from, "date_to": sel.date_to}, "states",
                          [body + b',"rank":%d}' % n for n, (_, _, body) in enumerate(ranked, 1)],
                          {"definition": DEFINITION})
    return wb.cached(request, compute)


# ---- watches -------------------------------------------------------------------------------------------
def json_only(request: Request) -> None:
    """Writes take JSON only: a browser cannot send JSON to another site without asking it first (CORS), so
    another web page cannot save or remove a watch behind the analyst's back."""
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media != "application/json":
        raise HTTPException(415, f"Content-Type {media or 'missing'}: send application/json")


@router.get("/watches", response_model=models.WatchList, summary="Saved watches and their new matches")
def get_watches(request: Request, wb: Workbench = Depends(workbench)):
    """Every watch with its number of matches and of new matches (found since it was last marked seen); `new`
    is the total the dashboard shows."""
    return wb.cached(request, lambda: watch_mod.list_watches(wb.store))


@router.post("/watches", response_model=models.WatchDetail, status_code=201, dependencies=[Depends(json_only)],
             responses=responses(400, 404, 415, 422), summary="Save a watch")
def post_watch(body: models.WatchIn = Body(..., examples=[
        {"name": "Russian military in Benghazi", "polity": "RUS", "location": "Benghazi", "type": "CONSULT"}]),
        wb: Workbench = Depends(workbench)):
    """Save a filter (actor, polity, type, location, claim_status; at least one) that every ingest checks. The
    latest matches already in the store are recorded as seen, and only later ones count as new. Send it as
    application/json."""
    data = body.model_dump(exclude_none=True)
    name = data.pop("name", None)
    return json_response(watch_mod.create_watch(wb.store, wb.kb, data, name), status=201)


@router.get("/watches/{watch_id}", response_model=models.WatchDetail, responses=responses(404, 422),
            summary="One watch with its latest matches")
def get_watch(request: Request, watch_id: int = Path(ge=1, le=MAX_ID),
              limit: int = Query(50, ge=0, le=500), wb: Workbench = Depends(workbench)):
    """The watch, and its latest matches with their events (evidence, participants) or claims (verdict)."""
    return wb.cached(request, lambda: watch_mod.get_watch(wb.store, watch_id, limit))


@router.post("/watches/{watch_id}/seen", response_model=models.WatchDetail, dependencies=[Depends(json_only)],
             responses=responses(404, 415, 422), summary="Mark a watch's matches as seen")
def post_seen(watch_id: int = Path(ge=1, le=MAX_ID), wb: Workbench = Depends(workbench)):
    """Nothing of this watch counts as new any more (send an empty JSON object, `{}`)."""
    return json_response(watch_mod.mark_seen(wb.store, watch_id))


@router.delete("/watches/{watch_id}", status_code=204, responses=responses(404, 422), summary="Remove a watch")
def delete_watch(watch_id: int = Path(ge=1, le=MAX_ID), wb: Workbench = Depends(workbench)):
    """Remove the watch and what it matched (the events stay in the store)."""
    watch_mod.delete_watch(wb.store, watch_id)
    return Response(status_code=204)


@router.get("/watches/{watch_id}/feed", responses={**responses(404, 422), 200: {
    "description": "an Atom feed", "content": {"application/atom+xml": {}}}}, summary="A watch as an Atom feed")
def get_feed(request: Request, watch_id: int = Path(ge=1, le=MAX_ID),
             limit: int = Query(100, ge=1, le=watch_mod.FEED_MAX), wb: Workbench = Depends(workbench)):
    """The watch's matches, newest first, each linking to its event (or claim) in the workbench: subscribe to it
    in a feed reader."""
    base = str(request.base_url)

    def compute():
        latest = wb.kept(("feeds",), watch_id, lambda: watch_mod.feed_matches(wb.store, watch_id))
        return watch_mod.atom_feed(wb.store, watch_id, base, limit,
                                   lambda ids, render: wb.pieces(("feed", watch_id, base), ids, render, bytes), latest)
    return wb.cached(request, compute, "application/atom+xml; charset=utf-8")
