"""`marsad extract` on a short file must start fast (bench/cli.py: under a second): it imports neither LightGBM nor
SciPy (the models are read by marsad.learn.trees), nor YAML (the knowledge base comes from the cache), nor the
modules of the other commands."""
from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.conftest import ARTICLES, ROOT

RUN = """
import sys
from marsad.cli.main import main
sys.argv = ["marsad", "extract", sys.argv[1], "--format", "plover-jsonl"]
try:
    main()
finally:
    sys.stderr.write("\\nMODULES " + " ".join(sorted(sys.modules)) + "\\n")
"""
NOT_NEEDED = ("lightgbm", "scipy", "yaml", "marsad.cli.answers", "marsad.cli.batch", "marsad.cli.serve",
              "marsad.cli.train", "marsad.store", "marsad.analysis", "marsad.api", "rich.progress")


def test_extract_imports_only_what_it_uses():
    for _ in range(2):  # the first run may build the knowledge-base and model caches (and import YAML for it)
        result = subprocess.run([sys.executable, "-c", RUN, str(ARTICLES / "visit_cairo.txt")], capture_output=True,
                                text=True, cwd=ROOT, env=dict(os.environ))
    assert result.returncode == 0, result.stderr
    assert [json.loads(line)["event_type"] for line in result.stdout.splitlines()]
    modules = set(result.stderr.rsplit("MODULES ", 1)[1].split())
    assert "marsad.learn.trees" in modules  # the models were used
    assert not {m for m in modules for prefix in NOT_NEEDED if m == prefix or m.startswith(prefix + ".")}
