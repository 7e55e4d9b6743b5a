"""Knowledge-base load time and size: what every CLI call, API start and Spark task pays once.

    .venv/bin/python bench/knowledge_load.py [--runs 5]

Prints the entries per file and kind, the size of the mention lexicon, and the
load time of `load_knowledge()` (median and best of the runs, each in a fresh
parse of the YAML files).
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from marsad.knowledge import load_knowledge  # noqa: E402
from marsad.knowledge.load import packaged_data_dir  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    data = packaged_data_dir()
    for path in sorted(data.rglob("*.yaml")):
        entries = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        if path.parent.name == "actors":
            kinds = Counter(e.get("kind", "person") for e in entries)
            roles = sum(len(e.get("roles") or []) for e in entries)
            print(f"{path.relative_to(data)}: {len(entries)} ({', '.join(f'{k} {n}' for k, n in sorted(kinds.items()))};"
                  f" {roles} roles)")
        elif isinstance(entries, list):
            print(f"{path.relative_to(data)}: {len(entries)}")
    times = []
    for _ in range(args.runs):
        start = time.perf_counter()
        kb = load_knowledge()
        times.append(time.perf_counter() - start)
    print(f"actors {len(kb.actors)}, places {len(kb.places)}, titles {len(kb.titles)}, "
          f"mention lexicon {len(kb.mentions)} surface forms")
    print(f"load_knowledge(): median {statistics.median(times):.2f} s, best {min(times):.2f} s over {args.runs} runs")


if __name__ == "__main__":
    main()
