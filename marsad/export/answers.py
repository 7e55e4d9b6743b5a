"""The analyst's answers (visit ledger, claims, camp balance) as CSV: the same rows for the API and the CLI.

Every row carries the ids of the events and articles behind its figures, so a spreadsheet can lead back to the
sources.
"""
from __future__ import annotations

import csv
import io

VISIT_FIELDS = ["visit_id", "date", "date_end", "precision", "places", "visitors", "hosts", "reports", "documents",
                "outlets", "event_ids", "doc_keys", "evidence"]
CLAIM_FIELDS = ["claim_id", "status", "kind", "cue", "value", "low", "high", "unit", "qualifier", "window_from",
                "window_to", "claim_date", "outlet", "doc_key", "published", "document_id", "event_id", "evidence",
                "reason", "basis_visits", "basis_events", "basis_claims", "coverage"]
BALANCE_FIELDS = ["rank", "state", "name", "quarter", "from", "to", "east_total", "west_total", "east_cooperation",
                  "west_cooperation", "balance", "east_by_type", "west_by_type", "state_balance", "state_moved",
                  "state_trend"]


def _names(people: list[dict]) -> str:
    return "; ".join(f"{p['name']} ({p['polity']})" if p.get("polity") else p["name"] for p in people)


def _ids(values) -> str:
    return " ".join(str(v) for v in values)


def visit_rows(ledger: dict) -> list[dict]:
    return [{
        "visit_id": v["id"], "date": v["date"], "date_end": v["date_end"], "precision": v["precision"],
        "places": "; ".join(v["places"]), "visitors": _names(v["visitors"]), "hosts": _names(v["hosts"]),
        "reports": len(v["reports"]), "documents": v["documents"], "outlets": "; ".join(v["sources"]),
        "event_ids": _ids(e["id"] for e in v["events"]),
        "doc_keys": "; ".join(dict.fromkeys(r["doc_key"] for r in v["reports"])),
        "evidence": v["reports"][0]["sentence"] if v["reports"] else (v["events"][0]["evidence"] if v["events"] else ""),
    } for v in ledger["visits"]]


def claim_rows(listing: dict) -> list[dict]:
    out = []
    for c in listing["claims"]:
        basis = c.get("basis") or {}
        cover = basis.get("coverage")
        out.append({
            "claim_id": c["id"], **{k: c.get(k) for k in ("status", "kind", "cue", "value", "low", "high", "unit",
                                                            "qualifier", "window_from", "window_to", "claim_date",
                                                            "outlet", "doc_key", "published", "document_id",
                                                            "event_id", "evidence", "reason")},
            "basis_visits": _ids(basis.get("visit_ids", [])),
            "basis_events": _ids(e["id"] for e in basis.get("events", [])),
            "basis_claims": _ids(o["id"] for o in basis.get("claims", [])),
            "coverage": f"{cover['covered']}/{cover['months']} months {cover['from']}..{cover['to']}" if cover else "",
        })
    return out


def balance_rows(balance: dict) -> list[dict]:
    def types(counts: dict) -> str:
        return "; ".join(f"{t}:{n}" for t, n in counts.items())
    return [{
        "rank": s["rank"], "state": s["state"], "name": s["name"], "quarter": q["quarter"], "from": q["from"],
        "to": q["to"], "east_total": q["east_total"], "west_total": q["west_total"],
        "east_cooperation": q["east_cooperation"], "west_cooperation": q["west_cooperation"], "balance": q["balance"],
        "east_by_type": types(q["east"]), "west_by_type": types(q["west"]), "state_balance": s["balance"],
        "state_moved": s["moved"], "state_trend": s["trend"],
    } for s in balance["states"] for q in s["quarters"]]


def to_csv(rows: list[dict], fields: list[str]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=fields, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()
