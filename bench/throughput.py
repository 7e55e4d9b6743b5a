"""Extraction and ingest speed on one core, and peak memory.

    .venv/bin/python bench/throughput.py [--articles 1000]

The corpus is the bundled sample articles (and ../shared/seeds when present,
which are seed-sized by definition), repeated with a distinct closing line per
copy so ingest does not drop them as duplicates. Prints articles/s and
sentences/s for extract and for ingest, and the peak resident memory. Then the
time to extract one sentence, without a full stop, of 1,000, 10,000 and 100,000
words drawn from the corpus: it grows linearly with the length (issue 12).
"""
from __future__ import annotations

import argparse
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from marsad.extract import extract  # noqa: E402
from marsad.ingest.readers import InputProblem, expand, read_path  # noqa: E402
from marsad.knowledge import load_knowledge  # noqa: E402
from marsad.records import Document  # noqa: E402
from marsad.store import open_store  # noqa: E402
from marsad.text.sentences import split_sentences  # noqa: E402


def base_documents(kb) -> list[Document]:
    sources = [str(ROOT / "marsad" / "samples" / "corpus")]
    seeds = ROOT.parent / "shared" / "seeds"
    if seeds.is_dir():
        sources.append(str(seeds))
    docs = []
    for path in expand(sources):
        docs.extend(d for d in read_path(path, month_numbers=kb.month_numbers) if not isinstance(d, InputProblem))
    return docs


def pin_to_one_core() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--sentence-words", default="1000,10000,100000",
                    help="lengths of the one long sentence to time, in words (empty: none)")
    args = ap.parse_args()
    pin_to_one_core()
    t0 = time.perf_counter()
    kb = load_knowledge()
    load_s = time.perf_counter() - t0
    base = base_documents(kb)
    corpus = [Document(id=f"{d.id}~{i}", text=f"{d.text}\nنسخة رقم {i} للقياس.", title=d.title, published=d.published)
              for i, d in ((i, base[i % len(base)]) for i in range(args.articles))]
    chars = sum(len(d.text) for d in corpus)
    sentences = sum(len(split_sentences(d.text)) for d in corpus)
    extract(corpus[0], kb)  # warm caches

    t0 = time.perf_counter()
    n_events = sum(len(extract(d, kb)) for d in corpus)
    extract_s = time.perf_counter() - t0

    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(f"sqlite:///{tmp}/bench.db", create=True)
        t0 = time.perf_counter()
        for d in corpus:
            store.add_document(d, extract(d, kb), kb.version)
        ingest_s = time.perf_counter() - t0
        stored = store.counts()

    seed_chars = 9650  # mean length of the five seed articles, in characters
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"corpus: {len(corpus)} articles from {len(base)} distinct, {sentences} sentences, "
          f"{chars / len(corpus):.0f} chars/article; knowledge base loaded in {load_s:.2f} s")
    print(f"extract: {len(corpus) / extract_s:.1f} articles/s, {sentences / extract_s:.0f} sentences/s, "
          f"{chars / extract_s / seed_chars:.1f} seed-sized articles/s on one core ({n_events} events)")
    print(f"ingest (extract + SQLite): {len(corpus) / ingest_s:.1f} articles/s, {sentences / ingest_s:.0f} sentences/s "
          f"({stored['documents']} documents, {stored['events']} events stored)")
    print(f"peak memory: {peak_mb:.0f} MB")
    lengths = [int(n) for n in args.sentence_words.split(",") if n]
    if lengths:
        print("one sentence without a full stop: " + ", ".join(
            f"{n:,} words {t:.2f} s ({t / n * 1000:.2f} s per 1,000 words)" for n, t in long_sentences(base, kb, lengths)))


def long_sentences(base: list[Document], kb, lengths: list[int]) -> list[tuple[int, float]]:
    """Seconds to extract one run-on sentence of each length: words of the corpus in random order, no full stop."""
    rng = random.Random(12)
    words = [w for d in base for w in d.text.split() if not any(c in w for c in ".!?؟\n")]
    out = []
    for n in lengths:
        doc = Document(id=f"sentence-{n}", text=" ".join(rng.choice(words) for _ in range(n)))
        t0 = time.perf_counter()
        extract(doc, kb)
        out.append((n, time.perf_counter() - t0))
    return out


if __name__ == "__main__":
    main()
