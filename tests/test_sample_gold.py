"""Our own gold files must be well formed: every line JSON, every evidence and date text an exact
substring of its article, so a scorer's match can always be traced to the words behind it."""
from __future__ import annotations

import json

import pytest

from marsad.ingest.readers import InputProblem, read_path
from tests.conftest import SAMPLES

GOLD_SETS = [SAMPLES, SAMPLES / "heldout", SAMPLES / "fresh"]


def _articles(folder) -> dict[str, str]:
    return {doc.id: doc.text for path in sorted((folder / "corpus").iterdir()) for doc in read_path(path)
            if not isinstance(doc, InputProblem)}


@pytest.mark.parametrize("folder", GOLD_SETS, ids=["samples", "heldout", "fresh"])
def test_gold_evidence_is_in_the_article(folder):
    texts = _articles(folder)
    lines = [line for line in (folder / "gold.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    assert lines
    for line in lines:
        event = json.loads(line)
        assert event["doc"] in texts, event["doc"]
        for key in ("evidence", "date_text"):
            if event.get(key):
                assert event[key] in texts[event["doc"]], (event["id"], key)
