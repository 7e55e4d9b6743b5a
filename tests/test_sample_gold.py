"""Our own gold files must be well formed: every line JSON, every evidence and date text an exact
substring of its article, so a scorer's match can always be traced to the words behind it."""
from __future__ import annotations

import json

import pytest

from marsad.ingest.readers import InputProblem, read_path
from tests.conftest import SAMPLES

GOLD_SETS = {"samples": SAMPLES, "heldout": SAMPLES / "heldout", "fresh": SAMPLES / "fresh",
             "train": SAMPLES / "train", "dev": SAMPLES / "train" / "dev", "test": SAMPLES / "test",
             "blind": SAMPLES / "blind"}


# Gold the writers took from paragraphs of their HTML pages that the main-text extractor drops as page furniture
# (captions are read now): kept as written, but no extractor output can match them.
IN_DROPPED_TEXT = {"w10_12-03", "w10_12-04", "w17_03-06", "w17_03-07", "w17_03-08"}


def _articles(folder) -> dict[str, str]:
    return {doc.id: doc.text for path in sorted((folder / "corpus").iterdir()) for doc in read_path(path)
            if not isinstance(doc, InputProblem)}


@pytest.mark.parametrize("folder", GOLD_SETS.values(), ids=GOLD_SETS.keys())
def test_gold_evidence_is_in_the_article(folder):
    texts = _articles(folder)
    lines = [line for line in (folder / "gold.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    assert lines
    for line in lines:
        event = json.loads(line)
        assert event["doc"] in texts, event["doc"]
        for key in ("evidence", "date_text"):
            if event.get(key) and event["id"] not in IN_DROPPED_TEXT:
                assert event[key] in texts[event["doc"]], (event["id"], key)
