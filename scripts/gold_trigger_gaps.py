"""List the words our own annotators marked as triggers where the lexicon found no trigger at all.

Reads the training corpora the shipped models learn from (the sample corpus and the train split, never
dev or the held-out sets), lays each gold event over the reading as training does, and counts the
trigger words of those no anchor covers, with how many writers (the file-name prefix: w01, w02, …) used
them and the types they gave. A word several writers used is a gap in triggers.yaml's coverage, not
one writer's habit; each is still written up by hand as surface forms, with `requires`/`unless` where
the word has other senses (the entries so added cite the counts printed here).

    .venv/bin/python scripts/gold_trigger_gaps.py [--min-writers 3] [--top 80]
"""
from __future__ import annotations

import argparse
import pathlib
import sys
from collections import Counter, defaultdict

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
from marsad.knowledge.load import load_knowledge  # noqa: E402
from marsad.learn.candidates import anchors  # noqa: E402
from marsad.learn.gold import align, lay_gold, rank_by_writers, writer_of  # noqa: E402
from marsad.learn.train import read_corpora, shipped_corpora  # noqa: E402
from marsad.text.normalize import normalize_key  # noqa: E402


def writer(doc: str, corpus: str) -> str:
    return writer_of(doc) if corpus == "train" else corpus


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--min-writers", type=int, default=3, help="list words used by at least this many writers")
    ap.add_argument("--top", type=int, default=80, help="how many words to print")
    args = ap.parse_args()
    kb = load_knowledge(models=False)
    train, _ = shipped_corpora()
    writers: dict[str, set[str]] = defaultdict(set)
    types: dict[str, Counter] = defaultdict(Counter)
    example: dict[str, str] = {}
    for ex in read_corpora(train, kb):
        _, found = anchors(ex.reading, ex.rule, ex.proposals, kb.prepositions)
        gold = lay_gold(ex.reading, ex.gold)
        covered = {id(g) for events in align(found, gold).values() for g in events}
        for g in gold:
            words = normalize_key(g.record.get("trigger") or "").split()
            if id(g) in covered or not words:
                continue
            word = words[0]
            writers[word].add(writer(g.record["doc"], ex.corpus))
            types[word][g.event_type] += 1
            example.setdefault(word, (g.record.get("evidence") or "")[:90])
    print(f"{'word':<14}{'events':>7}{'writers':>8}  types | an evidence")
    for word in rank_by_writers(writers, types, args.min_writers)[:args.top]:
        kinds = ", ".join(f"{t} {n}" for t, n in types[word].most_common(3))
        print(f"{word:<14}{sum(types[word].values()):>7}{len(writers[word]):>8}  {kinds} | {example[word]}")


if __name__ == "__main__":
    main()
