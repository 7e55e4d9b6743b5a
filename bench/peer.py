"""Sentence-level ASSAULT and PROTEST detection on the peer's real wire sentences.

    .venv/bin/python bench/peer.py [--peer ../shared/eval/peer] [--rules]

The peer gold (Open Event Data Alliance, MIT; see ../shared/eval/peer/README.md) judges single
sentences of Arabic newswire: does this sentence report an ASSAULT (or a PROTEST)? The extractor
"detects" a sentence when it writes at least one event of that type for it. Precision, recall and
F1 are over the `yes` rows against the `easy no` and `difficult no` rows; `ambiguous` rows are left
out, as the README says. A plain keyword regex is printed beside it as the floor to beat.
`--rules` scores the rules alone (no learned models).
"""
from __future__ import annotations

import argparse
import csv
import os
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from marsad.extract import extract  # noqa: E402
from marsad.knowledge import load_knowledge  # noqa: E402
from marsad.records import Document  # noqa: E402

FILES = {"ASSAULT": "assault_dev.csv", "PROTEST": "protest_dev.csv"}
# The baseline the peer suite reports: a handful of keywords per type, nothing else.
KEYWORDS = {"ASSAULT": re.compile(r"قتل|هجوم|انفجار|اشتباك|قصف|غارة|اغتيال|تفجير|مسلح"),
            "PROTEST": re.compile(r"تظاهر|مظاهر|احتجاج|اعتصام|مسيرة|إضراب")}


def prf(pairs: list[tuple[bool, bool]]) -> tuple[float, float, float]:
    tp = sum(1 for said, truth in pairs if said and truth)
    said = sum(1 for s, _ in pairs if s)
    truth = sum(1 for _, t in pairs if t)
    p = tp / said if said else 0.0
    r = tp / truth if truth else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--peer", type=Path, default=ROOT.parent / "shared" / "eval" / "peer")
    parser.add_argument("--rules", action="store_true", help="the rules alone, without the learned models")
    args = parser.parse_args()
    if not args.peer.is_dir():
        sys.exit(f"no peer gold at {args.peer} (it lives in ../shared/eval/peer beside the repository)")
    if args.rules:
        os.environ["MARSAD_MODELS"] = "none"
    kb = load_knowledge()
    print(f"extractor: {'rules alone' if kb.models is None else 'rules + learned models'}")
    for event_type, name in FILES.items():
        with (args.peer / name).open(encoding="utf-8") as f:
            rows = [r for r in csv.DictReader(f) if r["label"] != "ambiguous"]
        start = time.perf_counter()
        ours, regex = [], []
        for i, row in enumerate(rows):
            truth = row["label"] == "yes"
            events = extract(Document(id=f"peer-{i}", text=row["text"]), kb)
            ours.append((any(e.event_type == event_type for e in events), truth))
            regex.append((bool(KEYWORDS[event_type].search(row["text"])), truth))
        took = time.perf_counter() - start
        for label, pairs in (("marsad", ours), ("keyword regex", regex)):
            p, r, f1 = prf(pairs)
            print(f"{event_type:8} {label:14} P {p:.3f} R {r:.3f} F1 {f1:.3f}  "
                  f"({sum(t for _, t in pairs)} yes of {len(pairs)} sentences)")
        print(f"{event_type:8} {len(rows) / took:.0f} sentences/s")


if __name__ == "__main__":
    main()
