"""Extraction quality against gold PLOVER records, by the rules of ../shared/eval/score.py.

A prediction matches a gold event in the same doc when the event_type is
equal, the set of polities of actor+recipient is equal and the dates agree at
the coarser precision (a null gold date matches any). Matching is one-to-one,
best agreement first.
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

from marsad.errors import InputError


def load_records(path: str | Path) -> list[dict]:
    out = []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"{path}:{n}: not JSON: {exc}") from exc
            if "doc" not in record or "event_type" not in record:
                raise InputError(f"{path}:{n}: needs at least 'doc' and 'event_type'")
            out.append(record)
    return out


def _entities(ev: dict) -> list[dict]:
    return [e for side in ("actor", "recipient") for e in ev.get(side) or [] if isinstance(e, dict)]


def _polities(ev: dict) -> frozenset:
    return frozenset((e.get("polity") or "").upper() for e in _entities(ev) if e.get("polity"))


def _norm_name(name: str) -> str:
    name = unicodedata.normalize("NFKD", name or "")
    name = "".join(c for c in name if not unicodedata.combining(c)).lower()
    name = re.sub(r"\b(al|el)[- ]", "", name)
    return re.sub(r"[^a-z0-9]+", " ", name).strip()


def _names(ev: dict) -> frozenset:
    return frozenset(_norm_name(e.get("name", "")) for e in _entities(ev) if e.get("name"))


def _dates_agree(gold: str | None, pred: str | None, lenient: bool) -> bool:
    if not gold:
        return True
    if not pred:
        return lenient
    n = min(len(gold), len(pred))
    return gold[:n] == pred[:n]


def _prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score(gold: list[dict], pred: list[dict], lenient: bool = False) -> dict:
    docs = {e["doc"] for e in gold}
    pred = [e for e in pred if e["doc"] in docs]
    by_gold, by_pred = defaultdict(list), defaultdict(list)
    for ev in gold:
        by_gold[ev["doc"]].append(ev)
    for ev in pred:
        by_pred[ev["doc"]].append(ev)
    pairs = []
    for doc in by_gold.keys() | by_pred.keys():
        candidates = []
        for gi, g in enumerate(by_gold[doc]):
            for pi, p in enumerate(by_pred[doc]):
                if g["event_type"] != p.get("event_type") or _polities(g) != _polities(p):
                    continue
                if not _dates_agree(g.get("date"), p.get("date"), lenient):
                    continue
                agreement = (len(_names(g) & _names(p)) + (g.get("mode") == p.get("mode"))
                             + (g.get("aux") == p.get("aux")) + ((g.get("date") or "") == (p.get("date") or "")))
                candidates.append((-agreement, gi, pi))
        used_g, used_p = set(), set()
        for _, gi, pi in sorted(candidates):
            if gi not in used_g and pi not in used_p:
                used_g.add(gi)
                used_p.add(pi)
                pairs.append((by_gold[doc][gi], by_pred[doc][pi]))
    matched_g, matched_p = {id(g) for g, _ in pairs}, {id(p) for _, p in pairs}
    result = {"gold": len(gold), "pred": len(pred), "matched": len(pairs),
              "missed_gold": [g for g in gold if id(g) not in matched_g],
              "spurious_pred": [p for p in pred if id(p) not in matched_p]}
    result["precision"], result["recall"], result["f1"] = _prf(len(pairs), len(pred), len(gold))
    g_types, p_types = Counter(e["event_type"] for e in gold), Counter(e.get("event_type") for e in pred)
    m_types = Counter(g["event_type"] for g, _ in pairs)
    result["per_type"] = {}
    for t in sorted(g_types.keys() | p_types.keys(), key=str):
        p, r, f = _prf(m_types[t], p_types[t], g_types[t])
        result["per_type"][str(t)] = {"gold": g_types[t], "pred": p_types[t], "matched": m_types[t],
                                      "precision": p, "recall": r, "f1": f}

    def share(test) -> float:
        return sum(1 for g, p in pairs if test(g, p)) / len(pairs) if pairs else 0.0
    result["matched_field_agreement"] = {
        "names": share(lambda g, p: _names(g) == _names(p)),
        "date_exact": share(lambda g, p: (g.get("date") or None) == (p.get("date") or None)),
        "mode": share(lambda g, p: (g.get("mode") or None) == (p.get("mode") or None)),
        "aux": share(lambda g, p: (g.get("aux") or None) == (p.get("aux") or None)),
        "location": share(lambda g, p: _norm_name(g.get("location") or "") == _norm_name(p.get("location") or "")),
    }
    return result


def miss_kinds(result: dict) -> Counter:
    """Why each gold event went unmatched, judged by the predictions in its document:
    'date' (a prediction of its type and polities, dated otherwise), 'participants' (its type, other
    polities), 'type' (its polities, another type), else 'not found'."""
    spurious = defaultdict(list)
    for p in result["spurious_pred"]:
        spurious[p["doc"]].append(p)
    kinds = Counter()
    for g in result["missed_gold"]:
        preds = spurious[g["doc"]]
        if any(p.get("event_type") == g["event_type"] and _polities(p) == _polities(g) for p in preds):
            kinds["date"] += 1
        elif any(p.get("event_type") == g["event_type"] and _polities(p) & _polities(g) for p in preds):
            kinds["participants"] += 1
        elif any(_polities(p) == _polities(g) for p in preds):
            kinds["type"] += 1
        else:
            kinds["not found"] += 1
    return kinds


def describe(ev: dict) -> str:
    def side(key):
        return ",".join(f"{e.get('name')}[{e.get('polity')}]" for e in ev.get(key) or [] if isinstance(e, dict))
    return (f"{ev.get('doc')} {ev.get('id') or ''} {ev.get('event_type')}/{ev.get('mode') or '-'} "
            f"{side('actor')} -> {side('recipient')} date={ev.get('date')} aux={ev.get('aux')} | "
            f"{(ev.get('evidence') or '')[:80]}")


def format_report(res: dict, misses: bool = False) -> str:
    lines = [f"{'type':<12}{'gold':>6}{'pred':>6}{'match':>7}{'P':>7}{'R':>7}{'F1':>7}"]
    for t, row in res["per_type"].items():
        lines.append(f"{t:<12}{row['gold']:>6}{row['pred']:>6}{row['matched']:>7}"
                     f"{row['precision']:>7.2f}{row['recall']:>7.2f}{row['f1']:>7.2f}")
    lines.append(f"{'ALL':<12}{res['gold']:>6}{res['pred']:>6}{res['matched']:>7}"
                 f"{res['precision']:>7.2f}{res['recall']:>7.2f}{res['f1']:>7.2f}")
    lines.append("agreement on matched pairs: " + ", ".join(
        f"{k} {v:.2f}" for k, v in res["matched_field_agreement"].items()))
    if misses:
        for title, key in (("MISSED (gold without a match)", "missed_gold"),
                           ("SPURIOUS (predictions without a match)", "spurious_pred")):
            lines.append(f"\n{title}: {len(res[key])}")
            lines.extend("  " + describe(ev) for ev in res[key])
    lines.append(f"F1 {res['f1']:.3f}")
    return "\n".join(lines)
