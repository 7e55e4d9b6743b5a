"""Hostile input: thousands of odd files through `marsad extract` and `marsad ingest`, and the counts of issue 12.

    .venv/bin/python bench/fuzz.py [--files 2000] [--seed 12] [--keep DIR] [--time-budget 10]

Every family of the issue is generated (random bytes and Unicode, bidi controls, UTF-16 with and without a BOM
and with an odd byte count, cp1256, truncated UTF-8, NUL bytes, 50 MB files, deep and huge HTML, feeds of 5,000
items, XXE and billion laughs, bad JSONL: nested 100,000 deep, 5,000-digit numbers, lone surrogates, fields of
the wrong type; long unpunctuated lines, repeated words, a 5.4 MB line, a 19 MB article, a 123 KB one-line
article; file names that are not UTF-8, hold rich markup, bidi controls or line breaks), then:

1. each file is read, extracted and stored on its own, in this process, to time it (the same per-document
   guard as the CLI, with the time budget);
2. `marsad ingest` runs once over the whole folder, and `marsad extract` once, as a user would run them:
   a traceback that ends a run is counted, and the run goes on from the next file;
3. every file must end up stored, reported as a duplicate, or named on a `skipped:` line with a reason.

Prints the counts the issue's table uses: tracebacks in extract and ingest, documents over 10 s and over
60 s, bad files named (and any not named), peak memory, store size.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SAMPLES = ROOT / "marsad" / "samples" / "corpus"
BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
MARKUP = ("[bold]", "[/]", "[red]", "[link=x]", "[/x]", "[b", "]", "[[", "\\[", "[/bold]")


@dataclass(frozen=True)
class Case:
    path: bytes  # relative to the folder; may not be UTF-8
    family: str


class Corpus:
    """Material to build files from: our own sample articles (never seed text), their sentences and words."""

    def __init__(self) -> None:
        texts = []
        for path in sorted(SAMPLES.glob("*.txt")):
            try:
                texts.append(path.read_text(encoding="utf-8"))
            except UnicodeDecodeError:  # one sample is in Windows-1256 on purpose
                continue
        self.articles = [t for t in texts if len(t) > 1500]
        self.sentences = [s.strip() + "." for t in texts for s in re.split(r"[.؟!\n]", t) if len(s.strip()) > 40]
        self.words = sorted({w for t in texts for w in t.split() if re.fullmatch(r"[\u0621-\u064a]{2,}", w)})

    def article(self, rng: random.Random) -> str:
        return rng.choice(self.articles)

    def noise(self, rng: random.Random, n_words: int, punct: str = " ") -> str:
        return " ".join(rng.choice(self.words) + (rng.choice(punct) if rng.random() < 0.1 else "")
                        for _ in range(n_words))


def _random_unicode(rng: random.Random, n: int) -> str:
    ranges = [(0x20, 0x7e), (0x600, 0x6ff), (0x750, 0x77f), (0xfb50, 0xfdff), (0xfe70, 0xfeff), (0x0, 0x1f),
              (0x80, 0x9f), (0x200b, 0x206f), (0x300, 0x36f), (0x1f300, 0x1faff), (0xe000, 0xf8ff), (0x10000, 0x10ffff)]
    out = []
    for _ in range(n):
        lo, hi = rng.choice(ranges)
        out.append(chr(rng.randint(lo, hi)))
    return "".join(out)


def _nested_dir_name(rng: random.Random) -> bytes:
    """A folder and a file whose joined path holds a closing markup tag: 'a[' + '/x]b.txt'."""
    return b"a[" + str(rng.randint(0, 999)).encode() + b"/x]b.txt"


def families(corpus: Corpus, scale: float, rng: random.Random):
    """(family, count, make(rng, n) -> (name, data)); `data` is bytes, or an int for a sparse file of that size."""
    a = corpus.article

    def random_bytes(r, n):
        return f"bytes-{n}{r.choice(['.txt', '.html', '.jsonl', '.xml', '', '.rss', '.md'])}", \
            r.randbytes(r.choice([1, 10, 200, 5000, 70000]))

    def random_unicode(r, n):
        text = _random_unicode(r, r.choice([5, 100, 3000, 40000]))
        return f"unicode-{n}{r.choice(['.txt', '.html', '.jsonl', '.xml'])}", text.encode("utf-8", "surrogatepass")

    def arabic_noise(r, n):
        words = r.choice([30, 300, 3000])
        return f"noise-{n}.txt", (corpus.noise(r, words, " .،,؛:؟!\n()«»\"") ).encode()

    def shuffled_sentences(r, n):  # real sentences in random order: the extractor's own paths
        return f"mix-{n}.txt", " ".join(r.choice(corpus.sentences) for _ in range(r.randint(2, 40))).encode()

    def bidi(r, n):
        text = a(r)
        cuts = sorted(r.randrange(len(text)) for _ in range(r.randint(1, 60)))
        pieces, last = [], 0
        for c in cuts:
            pieces += [text[last:c], r.choice(BIDI)]
            last = c
        name = f"bidi-{n}{r.choice(BIDI)}.txt" if r.random() < 0.5 else f"bidi-{n}.txt"
        return name, ("".join(pieces) + text[last:]).encode()

    def utf16(r, n):
        text = a(r)
        kind = r.choice(["le-bom", "be-bom", "le", "be", "odd-bom", "odd-be-bom", "bom-only"])
        data = {"le-bom": b"\xff\xfe" + text.encode("utf-16-le"), "be-bom": b"\xfe\xff" + text.encode("utf-16-be"),
                "le": text.encode("utf-16-le"), "be": text.encode("utf-16-be"),
                "odd-bom": b"\xff\xfe" + text.encode("utf-16-le") + b"\x00",
                "odd-be-bom": b"\xfe\xff" + text.encode("utf-16-be")[:-1], "bom-only": b"\xff\xfe"}[kind]
        return f"utf16-{kind}-{n}.txt", data

    def arabic_codepages(r, n):
        enc = r.choice(["cp1256", "cp1256", "iso8859_6", "cp720", "mac_arabic"])
        text = a(r) if enc == "cp1256" else " ".join(corpus.sentences[:5])
        return f"{enc}-{n}.txt", text.encode(enc, errors="ignore")

    def truncated_utf8(r, n):
        data = a(r).encode()
        cut = r.randrange(1, len(data))
        if r.random() < 0.5:  # a hole in the middle, not only at the end
            return f"cut-mid-{n}.txt", data[:cut] + data[cut + 1:]
        return f"cut-end-{n}.txt", data[:cut]

    def control_bytes(r, n):
        data = bytearray(a(r).encode())
        for _ in range(r.randint(1, 40)):
            data.insert(r.randrange(len(data)), r.choice([0, 1, 7, 8, 11, 12, 27, 127]))
        return f"controls-{n}.txt", bytes(data)

    def huge_sparse(r, n):
        return f"huge-{n}{r.choice(['.txt', '.html', '.jsonl', '.xml'])}", 50 * 1024 * 1024 + r.randint(0, 999)

    def deep_html(r, n):
        depth = r.choice([1_000, 10_000, 100_000])
        tag = r.choice(["div", "span", "b", "article", "p"])
        body = f"<{tag}>" * depth + a(r) + f"</{tag}>" * r.choice([0, depth])
        if r.random() < 0.3:  # the 3.5 MB page of the issue
            body = (f"<div><p>{r.choice(corpus.sentences)}</p>" * 40_000) + "</div>" * 40_000
        return f"deep-{n}.html", f"<html><body>{body}</body></html>".encode()

    def odd_html(r, n):
        art = a(r).replace("\n", "</p><p>")
        choices = [
            f"<html><body><script>{art}</script></body></html>",
            f"<html><body><!-- {art}",
            f"<html><body><p title='{'x' * 200000}'>{art}</p></body></html>",
            "<html><body>" + "&amp;" * 50000 + f"<p>{art}</p></body></html>",
            f"<html><body><p>{art}" + "<p>" * 20000,
            f"<table>{'<tr><td>' * 5000}{art}",
            f"<?xml version='1.0'?><!DOCTYPE html [<!ENTITY x SYSTEM 'file:///etc/passwd'>]><html><body><p>&x;{art}</p></body></html>",
            f"<html><head><meta charset='{r.choice(['utf-16', 'bogus', 'cp1256'])}'></head><body><p>{art}</p></body></html>",
            "<html>" + _random_unicode(r, 3000) + "</html>",
            f"<html><body><p>{art}</p><svg>{'<g>' * 3000}</svg></body></html>",
        ]
        return f"odd-{n}.html", r.choice(choices).encode("utf-8", "surrogatepass")

    def feed(r, n):
        items = r.choice([1, 5, 50])
        entries = "".join(f"<item><title>{t[:40]}</title><guid>g{n}-{i}</guid><link>https://x.example/{n}/{i}</link>"
                          f"<pubDate>Wed, 17 Jul 2024 09:00:00 GMT</pubDate><description><![CDATA[<p>{t}</p>]]>"
                          f"</description></item>"
                          for i, t in enumerate(r.choice(corpus.sentences) for _ in range(items)))
        return f"feed-{n}.xml", f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{entries}</channel></rss>'.encode()

    def big_feed(r, n):
        entries = "".join(f"<item><title>خبر {i}</title><guid>big{n}-{i}</guid><description><![CDATA[<p>"
                          f"{r.choice(corpus.sentences)} {r.choice(corpus.sentences)}</p>]]></description></item>"
                          for i in range(5000))
        return f"bigfeed-{n}.rss", f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{entries}</channel></rss>'.encode()

    def hostile_feed(r, n):
        kind = r.choice(["xxe", "laughs", "broken", "atom-empty", "ext-dtd"])
        body = r.choice(corpus.sentences)
        data = {
            "xxe": f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
                   f'<rss version="2.0"><channel><title>&xxe;</title><item><title>&xxe;</title>'
                   f'<description>&xxe; {body}</description></item></channel></rss>',
            "laughs": '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
                      + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
                                for i in range(1, 10))
                      + f']><rss version="2.0"><channel><title>&lol9;</title><item><description>&lol9; {body}'
                        f'</description></item></channel></rss>',
            "broken": f'<?xml version="1.0"?><rss version="2.0"><channel><item><description>{body}'
                      + "<item>" * r.randint(1, 3000),
            "atom-empty": '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>x</title></feed>',
            "ext-dtd": f'<?xml version="1.0"?><!DOCTYPE rss SYSTEM "http://10.0.0.1/evil.dtd"><rss version="2.0">'
                       f'<channel><item><description>{body}</description></item></channel></rss>',
        }[kind]
        return f"feed-{kind}-{n}.xml", data.encode()

    def bad_jsonl(r, n):
        good = {"id": f"j{n}", "text": r.choice(corpus.sentences) + " " + r.choice(corpus.sentences),
                "published": "2024-07-17"}
        wrong = r.choice([["u"], {"a": 1}, 5, 1.5, True, None, "", [], "x" * 100000])
        field = r.choice(["url", "title", "id", "text", "published", "source", "html", "body", "date"])
        lines = {
            "nested": lambda: '{"text":' + "[" * 100_000 + "]" * 100_000 + "}",
            "nested-obj": lambda: '{"a":' * 50_000 + "1" + "}" * 50_000,
            "bignum": lambda: json.dumps(good, ensure_ascii=False)[:-1] + ', "n": ' + "9" * r.choice([5000, 100000]) + "}",
            "bigfloat": lambda: json.dumps(good, ensure_ascii=False)[:-1] + ', "n": 1e999999}',
            "surrogate": lambda: json.dumps({**good, "text": good["text"] + " \\ud800 x"}, ensure_ascii=False)
            .replace("\\\\ud800", "\\ud800"),
            "surrogate-id": lambda: json.dumps({**good, "id": "\\udcff"}).replace("\\\\udcff", "\\udcff"),
            "wrong-type": lambda: json.dumps({**good, field: wrong}, ensure_ascii=False),
            "not-object": lambda: json.dumps(r.choice([[1, 2], "text", 3, None, [good]]), ensure_ascii=False),
            "invalid": lambda: json.dumps(good, ensure_ascii=False)[: r.randint(1, 60)],
            "markup-id": lambda: json.dumps({**good, "id": r.choice(MARKUP) + f"{n}" + r.choice(MARKUP),
                                             "title": r.choice(MARKUP)}, ensure_ascii=False),
            "nan": lambda: json.dumps(good, ensure_ascii=False)[:-1] + ', "published": NaN}',
            "dup-keys": lambda: '{"text": 1, "text": ' + json.dumps(good["text"], ensure_ascii=False) + "}",
            "good": lambda: json.dumps(good, ensure_ascii=False),
        }
        chosen = [r.choice(list(lines)) for _ in range(r.randint(1, 4))]
        return f"jsonl-{'-'.join(chosen)[:80]}-{n}.jsonl", "\n".join(lines[k]() for k in chosen).encode("utf-8", "surrogatepass")

    def long_line(r, n):
        words = r.choice([10_000, 50_000, 100_000])
        return f"longline-{words}-{n}.txt", corpus.noise(r, words, " ").replace(".", " ").encode()

    def repeated(r, n):
        times = r.choice([2_500, 5_000, 10_000])
        unit = r.choice(["محادثات ", "زار حفتر موسكو قبل أن يلتقي بوتين ", "حفتر ", "، ", "التقى ", "زيارة ",
                         "وزير الخارجية التركي "])
        return f"repeat-{times}-{n}.txt", (r.choice(corpus.sentences) + " " + unit * times).encode()

    def giant_line(r, n):  # 5.4 MB on a single line
        text = " ".join(corpus.sentences)
        return f"giantline-{n}.txt", (text.replace("\n", " ") * (5_400_000 // len(text.encode()) + 1)).encode()[:5_400_000].decode("utf-8", "ignore").encode()

    def big_article(r, n):  # a 19 MB clean article: paragraphs of five sentences, no page junk
        text = "\n".join(" ".join(corpus.sentences[i:i + 5]) for i in range(0, len(corpus.sentences), 5)) + "\n"
        return f"big-{n}.txt", text.encode() * (19_000_000 // len(text.encode()) + 1)

    def one_line_article(r, n):  # the 123 KB one-line article
        text = " ".join(s.rstrip(".") for s in corpus.sentences)
        return f"oneline-{n}.txt", text.encode()[:123_000].decode("utf-8", "ignore").encode()

    def odd_names(r, n):
        kind = r.choice(["latin1", "markup", "nested-markup", "newline", "bidi", "long", "controls", "spaces"])
        name = {"latin1": f"caf\xe9-{n}.txt".encode("latin-1"),
                "markup": f"{r.choice(MARKUP)}{n}{r.choice(MARKUP)}.txt".replace("/", "-").encode(),
                "nested-markup": _nested_dir_name(r),
                "newline": f"line\nbreak-{n}.txt".encode(),
                "bidi": f"\u202eevil-{n}\u202c.txt".encode(),
                "long": (f"{n}-" + "ا" * 120 + ".txt").encode()[:250],
                "controls": f"ctl\x1b[31m-{n}\x07.txt".encode(),
                "spaces": f" lead and trail {n} .txt".encode()}[kind]
        return name, (a(r) + f"\nنسخة {n}.").encode()

    def empty(r, n):
        return f"empty-{n}{r.choice(['.txt', '.html', '.jsonl', '.xml'])}", r.choice([b"", b" ", b"\n\n\t", b"\xef\xbb\xbf"])

    def duplicate(r, n):
        return f"dup-{n}.txt", a(r).encode()

    plan = [  # (family, share of --files, fixed minimum)
        ("random bytes", 0.12, 1), ("random Unicode", 0.12, 1), ("Arabic noise", 0.08, 1),
        ("shuffled sentences", 0.08, 1), ("bidi controls", 0.05, 1), ("UTF-16", 0.04, 7),
        ("Arabic code pages", 0.03, 5), ("truncated UTF-8", 0.04, 2), ("control bytes", 0.03, 1),
        ("odd HTML", 0.06, 10), ("feeds", 0.03, 1), ("hostile feeds", 0.03, 5), ("bad JSONL", 0.14, 13),
        ("odd file names", 0.06, 8), ("empty", 0.02, 4), ("duplicates", 0.01, 2),
        ("50 MB files", 0.0, 4), ("deep HTML", 0.0, 6), ("5,000-item feeds", 0.0, 1),
        ("long unpunctuated lines", 0.0, 6), ("repeated words", 0.0, 14), ("5.4 MB line", 0.0, 1),
        ("19 MB article", 0.0, 1), ("123 KB one-line article", 0.0, 1),
    ]
    makers = dict(zip([p[0] for p in plan], [
        random_bytes, random_unicode, arabic_noise, shuffled_sentences, bidi, utf16, arabic_codepages, truncated_utf8,
        control_bytes, odd_html, feed, hostile_feed, bad_jsonl, odd_names, empty, duplicate, huge_sparse, deep_html,
        big_feed, long_line, repeated, giant_line, big_article, one_line_article]))
    fixed = sum(m for _, s, m in plan if s == 0)
    share = sum(s for _, s, _ in plan)
    for family, s, minimum in plan:
        count = minimum if s == 0 else max(minimum, round((scale - fixed) * s / share))
        yield family, count, makers[family]


def generate(folder: Path, files: int, seed: int) -> list[Case]:
    rng = random.Random(seed)
    corpus = Corpus()
    cases: list[Case] = []
    root = bytes(folder)
    for family, count, make in families(corpus, files, rng):
        for n in range(count):
            name, data = make(rng, len(cases))
            name = name if isinstance(name, bytes) else name.encode("utf-8", "surrogatepass")
            path = os.path.join(root, name)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as fh:
                if isinstance(data, int):
                    fh.seek(data - 1)
                    fh.write(b"\0")
                else:
                    fh.write(data)
            cases.append(Case(name, family))
    return cases


def _shown(folder: Path, case: Case) -> str:
    from marsad.errors import shown_path
    return shown_path(os.path.join(bytes(folder), case.path))


def time_each_document(folder: Path, cases: list[Case], limits, db_url: str) -> dict:
    """Read, extract and store each file in this process, through the same guards as `marsad ingest`; the
    time of a document runs from the end of the previous one (its reading included) to its stored end."""
    from marsad.knowledge import load_knowledge
    from marsad.pipeline import ingest_document, read_file
    from marsad.records import Document
    from marsad.store import open_store

    kb = load_knowledge()
    store = open_store(db_url, create=True)
    times: list[tuple[float, float, str]] = []  # (wall, CPU, what)
    tracebacks: list[str] = []
    unnamed: list[str] = []
    for case in cases:
        name = _shown(folder, case)
        path = Path(os.fsdecode(os.path.join(bytes(folder), case.path)))
        last, cpu = time.monotonic(), time.process_time()
        try:
            for item in read_file(path, kb, limits=limits):
                outcome = ingest_document(store, item, kb, limits, last) if isinstance(item, Document) else item
                if hasattr(outcome, "message") and not outcome.message.startswith(name):
                    unnamed.append(f"{name}: {outcome.message}")
                now, now_cpu = time.monotonic(), time.process_time()
                times.append((now - last, now_cpu - cpu, f"{name} [{case.family}]"))
                last, cpu = now, now_cpu
        except Exception as exc:  # noqa: BLE001  what the bench counts
            tracebacks.append(f"{name} [{case.family}]: {type(exc).__name__}: {str(exc)[:120]}")
    return {"times": times, "tracebacks": tracebacks, "unnamed": unnamed,
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def run_cli(command: list[str], files: list[str], chunk: int = 400) -> dict:
    """`marsad COMMAND FILES…` as a user runs it, a few hundred files per run. A run that ends in a traceback
    is counted, and its files are run again one by one, so every traceback is counted and the rest still run;
    a run's traceback that no single file gives again is counted too (its message, and the files it left
    unnamed, are what the batch did)."""
    marsad = str(Path(sys.executable).with_name("marsad"))
    tracebacks, batch_tracebacks, stderr_lines, seconds = [], [], [], 0.0

    def once(batch: list[str]) -> bool:
        nonlocal seconds
        with tempfile.TemporaryFile() as err:
            t0 = time.perf_counter()
            result = subprocess.run([marsad, *command, "--", *batch], stdout=subprocess.DEVNULL, stderr=err)
            seconds += time.perf_counter() - t0
            err.seek(0)
            text = err.read().decode("utf-8", "replace")
        if result.returncode != 0 and "Traceback" in text:
            last = text.strip().splitlines()[-1][:160]
            (tracebacks if len(batch) == 1 else batch_tracebacks).append(f"{batch[0]}: {last}")
            stderr_lines.extend(text.splitlines())  # what it named before the traceback stays named
            return False
        stderr_lines.extend(text.splitlines())
        return True

    for at in range(0, len(files), chunk):
        batch = files[at:at + chunk]
        if not once(batch):
            alone = len(tracebacks)
            for one in batch:
                once([one])
            if len(tracebacks) > alone:
                batch_tracebacks.pop()  # the files give it again one by one: counted there
    return {"tracebacks": tracebacks + [f"(a run of several files) {t}" for t in batch_tracebacks],
            "stderr": stderr_lines, "seconds": seconds,
            "peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}


def accounted(folder: Path, cases: list[Case], lines: list[str], db_path: Path) -> tuple[list[str], list[str]]:
    """(named as skipped, neither stored nor named): every file must be stored, a duplicate, or named. A file
    with the same bytes as one ingested before is not read again (the run counts them as 'already ingested'):
    it is accounted for by its hash."""
    from marsad.pipeline import file_hash

    stored: list[str] = []
    finished: set[str] = set()
    if db_path.exists():
        with sqlite3.connect(db_path) as conn:
            stored = [row[0] for row in conn.execute("SELECT path FROM documents") if row[0]]
            finished = {row[0] for row in conn.execute("SELECT raw_hash FROM ingested_files")}
    named_lines = [line for line in lines if line.startswith(("skipped: ", "duplicate: "))]
    stored_set = set(stored)
    skipped, missing = [], []
    for case in cases:
        name = _shown(folder, case)
        is_stored = name in stored_set or any(p.startswith((name + ":", name + "#")) for p in stored
                                               if p.startswith(name))
        is_named = [line for line in named_lines if name in line]
        if any(line.startswith("skipped: ") for line in is_named):
            skipped.append(name)
        if not is_stored and not is_named:
            path = Path(os.fsdecode(os.path.join(bytes(folder), case.path)))
            if not (finished and file_hash(path) in finished):
                missing.append(f"{name} [{case.family}]")
    return skipped, missing


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--files", type=int, default=2000, help="how many files to generate (at least this many)")
    ap.add_argument("--seed", type=int, default=12)
    ap.add_argument("--time-budget", type=float, default=9.0,
                    help="passed to extract and ingest (a document stopped by it ends within a sentence of it: 9 s "
                         "keeps such documents under the issue's 10 s)")
    ap.add_argument("--keep", type=Path, help="generate into this folder and keep it (and the stores)")
    ap.add_argument("--skip-timing", action="store_true", help="only the CLI runs, not the per-document timing")
    args = ap.parse_args()
    from marsad.pipeline import Limits

    work = args.keep or Path(tempfile.mkdtemp(prefix="marsad-fuzz-"))
    folder = work / "files"
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    t0 = time.perf_counter()
    cases = generate(folder, args.files, args.seed)
    size = sum(os.path.getsize(os.path.join(bytes(folder), c.path)) for c in cases)
    counts: dict[str, int] = {}
    for c in cases:
        counts[c.family] = counts.get(c.family, 0) + 1
    print(f"generated {len(cases)} files ({size / 1048576:.0f} MB on disk, sparse 50 MB files included) in "
          f"{time.perf_counter() - t0:.0f} s; families: " + ", ".join(f"{k} {v}" for k, v in counts.items()), flush=True)
    files = sorted(os.fsdecode(os.path.join(bytes(folder), c.path)) for c in cases)

    if not args.skip_timing:
        for stale in work.glob("timing.db*"):
            stale.unlink()
        timing = time_each_document(folder, cases, Limits(time_budget=args.time_budget or None),
                                     f"sqlite:///{work / 'timing.db'}")
        times = sorted(timing["times"], reverse=True)
        over = {limit: sum(1 for t, _, _ in times if t > limit) for limit in (10, 60)}
        print(f"per document (in process, read + extract + store): {len(times)} documents and skipped files, "
              f"{over[10]} over 10 s, {over[60]} over 60 s (wall clock; load average "
              f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores); slowest: "
              + "; ".join(f"{t:.1f} s ({c:.1f} s CPU) {n}" for t, c, n in times[:5]), flush=True)
        print(f"  tracebacks: {len(timing['tracebacks'])}; problems not naming their file: {len(timing['unnamed'])}; "
              f"peak memory of this process: {timing['peak_mb']:.0f} MB", flush=True)
        for line in timing["tracebacks"][:10] + timing["unnamed"][:10]:
            print(f"    {line}")

    budget = ["--time-budget", str(args.time_budget)]
    db = work / "fuzz.db"
    for stale in work.glob("fuzz.db*"):
        stale.unlink()
    ingest = run_cli(["ingest", "-q", "--db", f"sqlite:///{db}", *budget], files)
    ingest_peak = ingest["peak_mb"]
    extract = run_cli(["extract", "--format", "plover-jsonl", *budget], files)
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        n_docs, n_events, n_reports = (conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                                       for t in ("documents", "events", "reports"))
        evidence, longest = conn.execute("SELECT coalesce(sum(length(evidence)), 0), coalesce(max(length(evidence)), 0) "
                                         "FROM events").fetchone()
        evidence += conn.execute("SELECT coalesce(sum(length(text)), 0) FROM reports").fetchone()[0]
        logged = conn.execute("SELECT count(DISTINCT path) FROM skipped").fetchone()[0]
    store_mb = db.stat().st_size / 1048576
    skipped, missing = accounted(folder, cases, ingest["stderr"], db)
    skipped_x, _ = accounted(folder, cases, extract["stderr"], Path("/nonexistent"))
    print(f"ingest: {ingest['seconds']:.0f} s, tracebacks {len(ingest['tracebacks'])}, {len(skipped)} files named as "
          f"skipped with a reason, {len(missing)} files neither stored nor named; the store's skipped table names "
          f"{logged} files, records or items")
    print(f"extract: {extract['seconds']:.0f} s, tracebacks {len(extract['tracebacks'])}, {len(skipped_x)} files named "
          f"as skipped, {len(set(skipped) - set(skipped_x))} of those ingest named left unnamed")
    print(f"store: {n_docs} documents, {n_events} events, {n_reports} reports; {store_mb:.1f} MB on disk with "
          f"{evidence / 1e6:.2f} M characters of evidence (longest {longest}); peak memory: ingest {ingest_peak:.0f} MB, "
          f"ingest and extract {extract['peak_mb']:.0f} MB")
    for line in (ingest["tracebacks"] + extract["tracebacks"])[:10] + missing[:10]:
        print(f"    {line}")
    if not args.keep:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
