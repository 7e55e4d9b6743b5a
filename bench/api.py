"""Workbench API speed: requests/s and p50/p95 latency for the event list, the network, search, and the analyst's
endpoints (visit ledger, claims, camp balance, watch feeds).

Builds a store of at least 10,000 events (the sample corpus through the real pipeline, then its events copied
into new documents with other dates and actors, through the store's writer; then the claims stage reads every
document, checks the claims, and five watches are saved), serves it with uvicorn on 127.0.0.1, and sends requests
from several concurrent clients. Two rounds per endpoint:

  uncached  every request has a URL not asked before (other filters, pages, windows, words),
            so the server's response cache never answers;
  repeated  the same few URLs again and again (what a team sees when several analysts look at the same view).

Bounded: a fixed number of requests per client, loopback only; the server stops at the end. The machine's load
averages are printed before and after: on a shared machine, figures mean little without them.

Usage: python bench/api.py [--events 12000] [--clients 8] [--requests 40] [--db PATH | --db-url URL] [--reuse]
       python bench/api.py --db-url postgresql+psycopg://marsad@127.0.0.1:PORT/bench   (an empty database)
       python bench/api.py --db /tmp/bench.db --reuse --endpoints claims,feed   (serve the store of an earlier run)
"""
from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from datetime import date, timedelta
from pathlib import Path

import httpx
from sqlalchemy import select

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from marsad.api.launch import ServerProcess  # noqa: E402
from marsad.knowledge import load_knowledge  # noqa: E402
from marsad.analysis.watches import create_watch  # noqa: E402
from marsad.pipeline import follow_up, ingest  # noqa: E402
from marsad.records import Document, Entity, Event  # noqa: E402
from marsad.store import open_store  # noqa: E402
from marsad.store.query import Selection, count_events, list_events  # noqa: E402
from marsad.store.tables import actors, events  # noqa: E402

CORPUS = ROOT / "marsad" / "samples" / "corpus"
EVENTS_PER_DOC = 25
TYPES = ["CONSULT", "COOPERATE", "SUPPORT", "ASSAULT", "ACCUSE", "AGREE", "AID", "REQUEST"]
POLITIES = ["RUS", "TUR", "LBY-E", "LBY-W", "USA", "EGY", "ITA", "FRA", "ARE", "LBY"]
STATES = ["RUS", "TUR", "USA", "EGY", "ITA", "FRA", "ARE", "GRC", "BLR", "PAK", "QAT", "DZA", "TUN", "SDN", "UN", "EU"]
HOSTS = ["Benghazi", "Tripoli", "Moscow", "Ankara", "Cairo", "Rome", "LBY-E", "LBY-W", "RUS", "TUR", "بنغازي"]
WATCHES = [{"polity": "RUS", "location": "Benghazi"}, {"type": "CONSULT", "polity": "TUR"},
           {"actor": "khalifa-haftar"}, {"claim_status": "contradicted"}, {"polity": "ITA,FRA", "type": "AGREE"}]


ENDPOINTS = ("events", "network", "search", "visits", "claims", "balance", "feed")
ANSWERS = ("visits", "claims", "balance", "feed")  # the endpoints of issue 10, whose p95 target is 200 ms


def build(url: str, target: int, seed: int = 7) -> int:
    """Sample corpus + its events copied into new documents (other dates and actors), through
    `Store.add_document` like any ingest, until the store at `url` (empty) holds `target` events; returns how many."""
    store = open_store(url, create=True)
    if count_events(store):
        raise SystemExit(f"{url} already holds events: give an empty database, or --reuse to serve it as it is")
    kb = load_knowledge()
    ingest([str(CORPUS)], store, kb)
    rng = random.Random(seed)
    templates = list_events(store, Selection(), limit=100000, sort="id")
    if not templates:
        raise SystemExit("the sample corpus gave no events: nothing to replicate (is the knowledge base there?)")
    with store.engine.connect() as conn:
        people = [Entity(r.name, r.polity, r.kb_id, r.kind or "person") for r in conn.execute(select(actors))]
    made, n_doc = count_events(store), 0
    start_day = date(2014, 1, 1)
    t0 = time.perf_counter()
    while made < target:
        batch = [rng.choice(templates) for _ in range(EVENTS_PER_DOC)]
        n_doc += 1
        text = f"bench article {n_doc}\n" + "\n".join(t["evidence"] for t in batch)
        published = start_day + timedelta(days=rng.randrange(0, 12 * 365))
        offset = len(f"bench article {n_doc}\n")
        found = []
        for t in batch:
            end = offset + len(t["evidence"])
            sides = {role: [Entity(a["name"], a["polity"], a["actor_id"], a["kind"] or "person") for a in t[role]]
                     for role in ("actor", "recipient")}
            if sides["actor"] and rng.random() < 0.6:  # another actor in one role: a wider network
                sides["actor"][rng.randrange(len(sides["actor"]))] = rng.choice(people)
            day = published - timedelta(days=rng.randrange(0, 4))
            found.append(Event(doc=f"bench-{n_doc}", event_type=t["event_type"] if rng.random() < 0.7 else
                               rng.choice(TYPES), mode=t["mode"], context=tuple(t["context"]),
                               actor=tuple(sides["actor"]), recipient=tuple(sides["recipient"]),
                               location=t["location"], date=day.isoformat(), date_text=None, aux=t["aux"],
                               evidence=t["evidence"], start=offset, end=end, trigger=t["trigger"] or "",
                               trigger_id=t["trigger_id"] or "", cameo=t["cameo"] or "",
                               confidence=t["confidence"] or 0.5))
            offset = end + 1
        doc = Document(id=f"bench-{n_doc}", text=text, title=f"bench article {n_doc}", source="bench",
                       published=published)
        made += store.add_document(doc, found, kb.version).events
    print(f"  {made} events through add_document in {time.perf_counter() - t0:.1f} s")
    t0 = time.perf_counter()
    after = follow_up(store, kb)
    print(f"  claims stage: {after.claims} claims read and checked ({after.verdicts}) in "
          f"{time.perf_counter() - t0:.1f} s")
    for filters in WATCHES:
        create_watch(store, kb, filters)
    store.engine.dispose()
    return made


def load() -> str:
    return "load average " + ", ".join(f"{x:.2f}" for x in os.getloadavg())


def url_pools(rng: random.Random, words: list[str], actor_refs: list[str]) -> dict[str, list[str]]:
    years = list(range(2014, 2026))
    pools: dict[str, list[str]] = {"events": [], "network": [], "search": [], "visits": [], "claims": [],
                                   "balance": [], "feed": []}
    for n in range(3000):
        kind = n % 5
        params = {"limit": 50, "offset": 50 * rng.randrange(0, 40)}
        if kind == 1:
            params = {"type": rng.choice(TYPES), "offset": 50 * rng.randrange(0, 4)}
        elif kind == 2:
            y = rng.choice(years)
            params = {"date_from": str(y), "date_to": f"{y + rng.randrange(0, 3)}", "polity": rng.choice(POLITIES)}
        elif kind == 3:
            params = {"actor": rng.choice(actor_refs), "sort": rng.choice(["-date", "date", "confidence"])}
        elif kind == 4:
            params = {"q": rng.choice(words), "offset": 50 * rng.randrange(0, 3)}
        pools["events"].append("/api/events?" + httpx.QueryParams(params).__str__())
        y = rng.choice(years)
        net = {"level": rng.choice(["polity", "person"]), "date_from": str(y),
               "date_to": str(min(2025, y + rng.randrange(0, 6)))}
        if rng.random() < 0.5:
            net["type"] = ",".join(sorted(rng.sample(TYPES, rng.randrange(1, 4))))
        pools["network"].append("/api/network?" + str(httpx.QueryParams(net)))
        q = " ".join(rng.sample(words, rng.choice([1, 1, 2])))
        pools["search"].append("/api/search?" + str(httpx.QueryParams({"q": q, "offset": rng.choice([0, 0, 20])})))
        visit = {"actor": rng.choice(actor_refs + ["RUS", "TUR", "ITA", "USA"]), "host": rng.choice(HOSTS)}
        if rng.random() < 0.3:
            visit.pop(rng.choice(["actor", "host"]))
        if rng.random() < 0.5:
            visit.update({"from": str(y), "to": str(min(2025, y + rng.randrange(0, 4)))})
        pools["visits"].append("/api/visits?" + str(httpx.QueryParams(visit)))
        claim = {"limit": rng.choice([20, 50, 100]), "offset": rng.choice([0, 0, 20, 50, 100])}
        if rng.random() < 0.7:
            claim["status"] = ",".join(rng.sample(["contradicted", "unverifiable", "supported"], rng.randrange(1, 3)))
        if rng.random() < 0.5:
            claim["kind"] = rng.choice(["count", "first", "quantity"])
        pools["claims"].append("/api/claims?" + str(httpx.QueryParams(claim)))
        balance: dict = {"from": str(y), "to": str(min(2025, y + rng.randrange(0, 6)))}
        if rng.random() < 0.6:
            balance["state"] = ",".join(rng.sample(STATES, rng.randrange(1, 3)))
        pools["balance"].append("/api/balance?" + str(httpx.QueryParams(balance)))
        pools["feed"].append(f"/api/watches/{rng.randrange(1, len(WATCHES) + 1)}/feed?limit={rng.randrange(1, 101)}")
    return {k: list(dict.fromkeys(v))[:1000] for k, v in pools.items()}


def run_round(base: str, urls: list[str], clients: int, per_client: int) -> dict:
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    queue = list(urls)
    barrier = threading.Barrier(clients)

    def worker(n: int) -> None:
        nonlocal errors
        mine = queue[n::clients][:per_client] or queue[:per_client]
        with httpx.Client(base_url=base, timeout=30) as client:
            barrier.wait()
            for i in range(per_client):
                url = mine[i % len(mine)]
                t0 = time.perf_counter()
                r = client.get(url)
                dt = time.perf_counter() - t0
                with lock:
                    latencies.append(dt)
                    errors += r.status_code != 200

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(clients)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    latencies.sort()
    return {"requests": len(latencies), "errors": errors, "rps": len(latencies) / wall,
            "p50": statistics.median(latencies) * 1000,
            "p95": latencies[max(0, int(len(latencies) * 0.95) - 1)] * 1000, "max": latencies[-1] * 1000}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--events", type=int, default=12_000, help="at least this many events in the store")
    ap.add_argument("--clients", type=int, default=8, help="concurrent clients (threads)")
    ap.add_argument("--requests", type=int, default=40, help="requests per client per round")
    ap.add_argument("--db", type=Path, default=None, help="SQLite store file to build (default: a temporary folder)")
    ap.add_argument("--db-url", default=None, help="build into this empty database instead (SQLAlchemy URL, e.g. "
                                                   "postgresql+psycopg://marsad@127.0.0.1:5432/bench)")
    ap.add_argument("--reuse", action="store_true",
                    help="serve the store that --db or --db-url holds (built by an earlier run) instead of building")
    ap.add_argument("--endpoints", default=",".join(ENDPOINTS),
                    help=f"which endpoints to measure, comma-separated (default: all of {','.join(ENDPOINTS)})")
    ap.add_argument("--workers", type=int, default=1,
                    help="server processes (marsad serve --workers); more only helps with cores to spare")
    args = ap.parse_args()
    names = [n.strip() for n in args.endpoints.split(",") if n.strip()]
    if not names or set(names) - set(ENDPOINTS):
        ap.error(f"--endpoints {args.endpoints!r}: choose from {','.join(ENDPOINTS)}")
    if args.reuse and not (args.db or args.db_url):
        ap.error("--reuse needs --db or --db-url: the store to serve")
    tmp = tempfile.TemporaryDirectory(prefix="marsad-bench-")
    db = args.db or Path(tmp.name) / "bench.db"
    url = args.db_url or f"sqlite:///{db}"
    print(f"start: {load()} ({os.cpu_count()} cores)")
    if args.reuse:
        store = open_store(url)
        total = count_events(store)
        print(f"serving the store already at {url}: {total} events")
        if total < args.events:
            raise SystemExit(f"it holds fewer than --events {args.events}: build it again without --reuse")
    else:
        if not args.db_url and db.exists():
            db.unlink()
        print(f"building a store of >= {args.events} events in {url} …")
        t0 = time.perf_counter()
        total = build(url, args.events)
        print(f"  {total} events in {time.perf_counter() - t0:.1f} s")
        store = open_store(url)
    with store.engine.connect() as conn:
        texts = conn.execute(select(events.c.evidence).limit(300)).scalars().all()
        refs = [r for r in conn.execute(select(actors.c.kb_id).where(actors.c.kb_id.isnot(None)).distinct()).scalars()]
    store.engine.dispose()
    rng = random.Random(11)
    words = sorted({w.strip("،.:\"'()«»") for t in texts for w in t.split() if len(w) >= 4})
    pools = url_pools(rng, words, refs or ["Haftar"])
    print(f"serving on loopback with {args.workers} worker process(es); {args.clients} clients × {args.requests} "
          "requests per round\n")
    with ServerProcess(url, workers=args.workers) as server:
        first = {}
        with httpx.Client(base_url=server.url, timeout=60) as c:  # warm the process (imports, kb, sqlite pages)
            for name, path in (("summary", "/api/summary"), ("events", "/api/events"), ("network", "/api/network"),
                               ("search", "/api/search?q=حفتر"), ("visits", "/api/visits"), ("claims", "/api/claims"),
                               ("balance", "/api/balance"), ("feed", "/api/watches/1/feed")):
                t0 = time.perf_counter()
                c.get(path)
                first[name] = (time.perf_counter() - t0) * 1000
        print("first request after the server starts (nothing cached, as after each ingest), one client: " +
              ", ".join(f"{n} {ms:.0f} ms" for n, ms in first.items()) + "\n")
        header = f"{'endpoint':<14}{'round':<10}{'requests':>9}{'errors':>7}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}"
        print(header)
        print("-" * len(header))
        results = {}
        for name in names:
            urls = pools[name]
            random.Random(f"shuffle {name}").shuffle(urls)  # the same URLs whichever --endpoints are measured
            need = args.clients * args.requests
            fresh = urls[:need]
            if len(fresh) < need:
                print(f"  (only {len(fresh)} distinct {name} URLs: some 'uncached' requests repeat one)")
            results[(name, "uncached")] = run_round(server.url, fresh, args.clients, args.requests)
            results[(name, "repeated")] = run_round(server.url, urls[:args.clients], args.clients, args.requests)
            for rnd in ("uncached", "repeated"):
                r = results[(name, rnd)]
                path = "watch feed" if name == "feed" else f"/api/{name}"
                print(f"{path:<14}{rnd:<10}{r['requests']:>9}{r['errors']:>7}{r['rps']:>9.1f}{r['p50']:>9.1f}"
                      f"{r['p95']:>9.1f}{r['max']:>9.1f}")
    print(f"\nmachine: {os.cpu_count()} cores shared by the server and the clients; end: {load()}")
    engine = store.engine.dialect.name
    # issue 10's target covers the analyst's endpoints; the list, network and search have none of their own
    targeted = [r["p95"] for (name, _), r in results.items() if name in ANSWERS]
    others = [r["p95"] for (name, _), r in results.items() if name not in ANSWERS]
    print(f"\nstore: {total} events on {engine}")
    if targeted:
        worst = max(targeted)
        print(f"ledger, claims, balance, feeds: worst p95 {worst:.0f} ms (target < 200 ms): "
              f"{'met' if worst < 200 else 'NOT met'}")
    if others:
        print(f"events, network, search: worst p95 {max(others):.0f} ms (no target)")
    tmp.cleanup()


if __name__ == "__main__":
    main()
