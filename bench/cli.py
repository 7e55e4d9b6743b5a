"""How long `marsad extract` takes on a one-paragraph file: without the knowledge-base cache, and with it.

Runs the real command in fresh processes (Python start-up and imports included, as a user sees it), with its own
empty cache folder: the first run builds and writes the cache, the later ones read it. Prints the median. The
package is byte-compiled first, as pip does on install and Python does on a first import, unless
PYTHONDONTWRITEBYTECODE is set (as on this project's machines: without it each run compiled the package anew).
Usage: python bench/cli.py [--runs 5]
"""
from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PARAGRAPH = ROOT / "tests" / "articles" / "visit_cairo.txt"


def timed(cmd: list[str], env: dict) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one run; CPU time tells how much of the wall time other processes took."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True, env=env, cwd=ROOT)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    cmd = [sys.executable, "-m", "marsad.cli.main", "extract", str(PARAGRAPH), "--format", "plover-jsonl"]
    words = len(PARAGRAPH.read_text(encoding="utf-8").split())
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "marsad")], check=True, capture_output=True)
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "MARSAD_CACHE_DIR": cache}
        cold = []
        for _ in range(max(1, args.runs // 2)):
            for f in Path(cache).glob("kb-*"):
                f.unlink()
            cold.append(timed(cmd, env))
        warm = [timed(cmd, env) for _ in range(args.runs)]
        size = sum(f.stat().st_size for f in Path(cache).glob("kb-*.pickle"))
    def median(runs, i):
        return statistics.median(r[i] for r in runs)
    print(f"marsad extract on {PARAGRAPH.name} ({words} words), {args.runs} runs, medians "
          f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores):")
    print(f"  no cache (builds and writes it): {median(cold, 0):.2f} s wall, {median(cold, 1):.2f} s CPU")
    print(f"  with the cache:                  {median(warm, 0):.2f} s wall, {median(warm, 1):.2f} s CPU "
          f"(cache file {size / 1e6:.1f} MB)")
    print(f"  target with the cache: < 1 s: {'met' if median(warm, 0) < 1 else 'NOT met'}")


if __name__ == "__main__":
    main()
