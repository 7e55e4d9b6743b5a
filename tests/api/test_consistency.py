"""One store, one filter, one answer: the CLI, every API endpoint, the dashboard, the network, the dyad view and
the exports count the same events (issue 9, "The same question gets different answers")."""
from __future__ import annotations

import csv
import io
import json
import re

import pytest
from typer.testing import CliRunner

from marsad.cli.main import app

FILTERS = [{}, {"actor": "حفتر"}, {"polity": "LBY-E,TUR"}, {"type": "CONSULT"},
           {"date_from": "2025", "date_to": "2025-12", "context": "military"}, {"q": "حفتر", "min_confidence": "0.8"}]
CLI_FLAGS = {"actor": "--actor", "polity": "--polity", "type": "--type", "date_from": "--from", "date_to": "--to",
             "q": "--text", "context": "--context", "min_confidence": "--min-confidence"}


def get(client, path, **params):
    r = client.get(path, params=params)
    assert r.status_code == 200, r.text
    return r


def cli(seeded, command, flt, *extra) -> str:
    """The `marsad` command, run in this process (tests/cli runs it as a separate program)."""
    args = [command, "--db", seeded.url, *extra]
    for key, value in flt.items():
        args += [CLI_FLAGS[key], value]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("flt", FILTERS, ids=lambda f: ",".join(f"{k}={v}" for k, v in f.items()) or "all")
def test_every_view_counts_the_same_events(client, seeded, flt):
    n = get(client, "/api/events", **flt, limit=1).json()["total"]
    if flt:
        assert n > 0, f"the filter {flt} should select some events of the test store"
    dash = get(client, "/api/summary", **flt).json()
    assert dash["counts"]["events"] == sum(dash["counts"]["by_type"].values()) == n
    t = dash["timeline"]
    assert sum(sum(v) for v in t["series"].values()) + t["undated"] == n
    for event_type, count in dash["counts"]["by_type"].items():
        assert get(client, "/api/events", **{**flt, "type": event_type}, limit=1).json()["total"] == count
    rows = list(csv.DictReader(io.StringIO(get(client, "/api/export", **flt, format="csv").text.lstrip("\ufeff"))))
    assert len(rows) == n
    lines = [line for line in get(client, "/api/export", **flt, format="plover-jsonl").text.splitlines() if line]
    assert len(lines) == n

    summary = cli(seeded, "summary", flt)
    assert re.search(rf"\b{n} events\b", summary), summary
    exported = [line for line in cli(seeded, "export", flt, "--format", "plover-jsonl").splitlines() if line]
    assert len(exported) == n
    if flt.get("type"):
        listed = cli(seeded, "events", flt, "--format", "plover-jsonl", "--limit", "100000").splitlines()
        assert sorted(json.loads(x)["id"] for x in listed) == sorted(json.loads(x)["id"] for x in exported)

    network = get(client, "/api/network", **flt, level="polity", max_nodes=5000, max_edges=100000).json()
    weights = {(e["source"], e["target"]): e["weight"] for e in network["edges"]}
    for dyad in dash["top_dyads"]:
        pair = (dyad["source"], dyad["target"])
        assert weights[pair] == dyad["weight"]
        view = get(client, f"/api/dyads/{pair[0]}/{pair[1]}", **flt).json()
        assert view["total"] == dyad["weight"] == sum(view["direction"].values())
        assert f"{pair[0]} ↔ {pair[1]}" in summary and re.search(
            rf"{re.escape(pair[0])} ↔ {re.escape(pair[1])}\s*│\s*{dyad['weight']}\s", summary), summary


def test_actor_profile_list_network_and_dyad_agree(client):
    haftar = get(client, "/api/actors/khalifa-haftar").json()
    putin = get(client, "/api/actors/vladimir-putin").json()
    total = get(client, "/api/events", actor=str(haftar["id"]), limit=1).json()["total"]
    assert haftar["events"] == total
    listed = get(client, "/api/actors", q="حفتر", limit=500).json()["actors"]
    assert next(a for a in listed if a["id"] == haftar["id"])["events"] == total
    people = get(client, "/api/network", level="person", max_nodes=5000, max_edges=100000).json()
    one, other = sorted((str(haftar["id"]), str(putin["id"])))
    edge = next(e for e in people["edges"] if (e["source"], e["target"]) == (one, other))
    assert get(client, f"/api/dyads/{haftar['id']}/{putin['id']}").json()["total"] == edge["weight"]
    assert next(n for n in people["nodes"] if n["id"] == str(haftar["id"]))["events"] == total


def test_documents_and_search_agree_with_the_event_list(client, seeded):
    listing = {d["id"]: d for d in get(client, "/api/documents", limit=500).json()["documents"]}
    for doc_id in seeded.documents.values():
        n = get(client, "/api/events", document=doc_id, limit=1).json()["total"]
        assert listing[doc_id]["events"] == n == len(get(client, f"/api/documents/{doc_id}").json()["events"])
    for q in ("حفتر", "موسكو", "الوفاق"):
        hits = get(client, "/api/search", q=q, kind="event", limit=1).json()["total"]
        assert hits == get(client, "/api/events", q=q, limit=1).json()["total"]
