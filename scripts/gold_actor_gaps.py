"""List the actor mentions our own annotators coded that the knowledge base does not resolve to their polity.

Reads the train split's gold (never dev or the held-out sets) and, for each entity with a `text`, reads that
text alone and checks whether a mention in it resolves to the entity's polity. Texts are counted with how many
writers (the file-name prefix: w01, w02, …) coded them and with which polities. Generic words (الحكومة، الجيش،
المحتجين) lead the list: they take their polity from the article, which a text read alone does not have. Below
them are names the base lacks or codes otherwise; a name several writers coded alike is a gap in the actor
files, one writer's habit is not. Each addition is still written up by hand, with a note citing the counts.

    .venv/bin/python scripts/gold_actor_gaps.py [--gold FILE] [--min-writers 2] [--top 120]
"""
from __future__ import annotations

import argparse
import json
import pathlib
import sys
from collections import Counter, defaultdict

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from marsad.events.reading import read_document  # noqa: E402
from marsad.knowledge.load import load_knowledge  # noqa: E402
from marsad.learn.candidates import mention_polity  # noqa: E402
from marsad.learn.gold import rank_by_writers, writer_of  # noqa: E402
from marsad.records import Document  # noqa: E402
from marsad.text.normalize import normalize_key  # noqa: E402

GOLD = ROOT / "marsad" / "samples" / "train" / "gold.jsonl"


def actor_gaps(records, kb) -> tuple[int, dict[str, set[str]], dict[str, Counter]]:
    """Entities with a text counted, and per unresolved text (normalised) its writers and the polities coded."""
    resolved: dict[str, set[str | None]] = {}
    writers: dict[str, set[str]] = defaultdict(set)
    polities: dict[str, Counter] = defaultdict(Counter)
    entities = 0
    for record in records:
        for side in ("actor", "recipient"):
            for entity in record.get(side) or []:
                polity, text = entity.get("polity"), entity.get("text")
                if not polity or not text:
                    continue
                entities += 1
                if text not in resolved:
                    reading = read_document(Document(id="text", text=text), kb)
                    resolved[text] = {mention_polity(m) for m in reading.mentions.items}
                if polity not in resolved[text]:
                    key = normalize_key(text)
                    writers[key].add(writer_of(record["doc"]))
                    polities[key][polity] += 1
    return entities, writers, polities


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", type=pathlib.Path, default=GOLD, help="gold JSONL (default: the train split's)")
    ap.add_argument("--min-writers", type=int, default=2, help="list texts coded by at least this many writers")
    ap.add_argument("--top", type=int, default=120, help="how many texts to print")
    args = ap.parse_args(argv)
    records = [json.loads(line) for line in args.gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    entities, writers, polities = actor_gaps(records, load_knowledge(models=False))
    unresolved = sum(sum(c.values()) for c in polities.values())
    print(f"{entities} entities with a text; {unresolved} not resolved to their polity when read alone")
    print(f"{'writers':>7}{'coded':>6}  text | polities")
    for key in rank_by_writers(writers, polities, args.min_writers)[:args.top]:
        coded = ", ".join(f"{p} {n}" for p, n in polities[key].most_common(3))
        print(f"{len(writers[key]):>7}{sum(polities[key].values()):>6}  {key} | {coded}")


if __name__ == "__main__":
    main()
