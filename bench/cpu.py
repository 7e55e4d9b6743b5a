"""CPU seconds to extract the sample articles (and ../shared/seeds when present), the least of several passes.

On a shared machine wall-clock throughput moves by a fifth between runs of the same code; the least CPU time
of a few passes in one process moves much less, so it is the figure to compare two versions of the extractor by
(run each, by turns). Pins itself to one core where it can.

    .venv/bin/python bench/cpu.py [--passes 7]
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.throughput import base_documents, pin_to_one_core  # noqa: E402
from marsad.extract import extract  # noqa: E402
from marsad.knowledge import load_knowledge  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passes", type=int, default=7)
    args = parser.parse_args()
    pin_to_one_core()
    kb = load_knowledge()
    docs = base_documents(kb)
    for doc in docs:  # first pass: lazy compilation and caches
        extract(doc, kb)
    times = []
    for _ in range(args.passes):
        start = time.process_time()
        for doc in docs:
            extract(doc, kb)
        times.append(time.process_time() - start)
    print(f"{len(docs)} articles, {args.passes} passes on one core: least {min(times):.3f} s CPU, "
          f"median {statistics.median(times):.3f} s (load average {os.getloadavg()[0]:.1f})")


if __name__ == "__main__":
    main()
