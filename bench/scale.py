"""Archive scale: one-process ingest against Spark `local[2]` extract + bulk load, near-duplicate cost, memory.

    .venv/bin/python bench/scale.py --sizes 1000,10000,100000 [--postgres URL] [--work DIR]
    .venv/bin/python bench/scale.py --sizes 1000 --interleave 3      # the extract step only, by turns

For each size, a corpus of distinct articles is made by recombining the paragraphs of our own sample corpus
(`marsad/samples/corpus`: a headline, 6 to 12 paragraphs, a publication date from 2015 to 2025) and written as
JSONL. Then, each step in a process of its own whose peak memory (resident, summed over its process tree: the
JVM and Spark's Python workers included) is sampled, with the load average when it starts:

- extract, one process: `extract(doc, kb)` over every article, on one core;
- ingest, one process: `marsad ingest` into a new SQLite store (extract + near-duplicate check + write);
- Spark `local[2]`: `marsad spark-extract` (read and near-duplicates, extract, publish), the extract step timed
  apart;
- load: the bulk load of the Spark output into a new SQLite store, and into PostgreSQL with `--postgres` (with
  the CPU time of the server as well as of the loader, when the server runs on this machine); then `marsad load`
  as the command runs it, reading the new documents for claims and checking them, into SQLite;
- near-duplicate cost: the time to fingerprint an article and look up its near-copies (LSH candidates, each
  confirmed by the exact 3-gram Jaccard of the two texts) in the loaded store, per article, for 300 fresh
  articles; and, with `--dedupe-sizes`, in stores of 1k to 100k documents that hold a near-copy of each of them,
  so that every look-up confirms a candidate.

`--interleave N` compares the extract step alone: N one-process runs and N Spark runs by turns, so that what else
the machine does weighs on both alike. Prints one table per measure. Figures vary with the machine's load.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date, datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
FILE_LINES = 10_000  # articles per JSONL file


# ---- the corpus ------------------------------------------------------------------------------------
def paragraphs() -> tuple[list[str], list[str]]:
    from marsad.ingest.readers import InputProblem, expand, read_path

    docs = [d for p in expand([str(ROOT / "marsad" / "samples" / "corpus")]) for d in read_path(p)
            if not isinstance(d, InputProblem)]
    titles = [d.title for d in docs if d.title]
    return [p.strip() for d in docs for p in d.text.split("\n") if len(p.strip()) > 80], titles


def make_corpus(folder: Path, n: int, seed: int = 11) -> Path:
    """`n` distinct articles as JSONL files under `folder` (made once, reused by later runs)."""
    done = folder / "corpus.done"
    if done.exists():
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    pool, titles = paragraphs()
    rng = random.Random(seed)
    out = None
    for i in range(n):
        if i % FILE_LINES == 0:
            if out:
                out.close()
            out = (folder / f"articles-{i // FILE_LINES:03d}.jsonl").open("w", encoding="utf-8")
        body = "\n\n".join(rng.sample(pool, rng.randint(6, 12)))
        published = date(rng.randint(2015, 2025), rng.randint(1, 12), rng.randint(1, 28))
        out.write(json.dumps({"id": f"scale-{i}", "title": rng.choice(titles), "published": published.isoformat(),
                              "source": f"outlet-{i % 37}", "text": body}, ensure_ascii=False) + "\n")
    out.close()
    done.write_text(str(n))
    return folder


# ---- one step in a process of its own, its peak memory sampled ---------------------------------------
def _tree_rss(pid: int) -> int:
    """Resident bytes of `pid` and every process below it."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
            fields = stat[stat.rindex(")") + 2:].split()
            children.setdefault(int(fields[1]), []).append(int(entry))
            rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, ValueError, IndexError):
            continue
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        total += rss.get(p, 0)
        todo += children.get(p, [])
    return total


class StepFailed(Exception):
    pass


def run_step(args: list[str], env: dict | None = None) -> tuple[dict, float, float]:
    """Run `bench/scale.py --step …`; returns (its JSON line, peak MB of its process tree, CPU seconds of the step
    and of the processes it waited for: not Spark's JVM and workers, which the driver does not wait for)."""
    with tempfile.TemporaryFile("w+", encoding="utf-8") as output:
        proc = subprocess.Popen(args, stdout=output, text=True, env={**os.environ, **(env or {})})
        peak, running = [0], [True]

        def sample():
            while running[0]:
                peak[0] = max(peak[0], _tree_rss(proc.pid))
                time.sleep(0.25)
        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        running[0] = False
        sampler.join()
        output.seek(0)
        text = output.read()
    if proc.returncode != 0:
        raise StepFailed(f"step failed ({proc.returncode}): {' '.join(args)}")
    last = [line for line in text.splitlines() if line.startswith("{")]
    return (json.loads(last[-1]) if last else {}), peak[0] / 1048576, usage.ru_utime + usage.ru_stime


def step(name: str, *extra: str) -> list[str]:
    return [sys.executable, str(Path(__file__).resolve()), "--step", name, *extra]


# ---- the steps (run in a child process) -----------------------------------------------------------
def step_extract(corpus: Path) -> dict:
    from marsad.extract import extract
    from marsad.ingest.readers import InputProblem, expand, read_path
    from marsad.knowledge import load_knowledge

    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})  # one core
    kb = load_knowledge()
    n = events = 0
    t0 = time.perf_counter()
    for path in expand([str(corpus)]):
        for doc in read_path(path, month_numbers=kb.month_numbers):
            if not isinstance(doc, InputProblem):
                events += len(extract(doc, kb))
                n += 1
    return {"seconds": time.perf_counter() - t0, "articles": n, "events": events}


def step_ingest(corpus: Path, url: str) -> dict:
    from marsad.knowledge import load_knowledge
    from marsad.pipeline import ingest
    from marsad.store import open_store

    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    kb = load_knowledge()
    store = open_store(url, create=True)
    t0 = time.perf_counter()
    report = ingest([str(corpus)], store, kb)
    return {"seconds": time.perf_counter() - t0, "added": report.added, "events": report.events}


def step_spark(corpus: Path, out: Path, master: str) -> dict:
    from marsad.batch.spark import SparkJob, spark_session
    from marsad.knowledge import load_knowledge

    kb = load_knowledge()
    spark = spark_session(master, "marsad-bench")
    spark.sparkContext.setLogLevel("ERROR")
    job = SparkJob(spark, [str(corpus)], str(out), kb)
    times: dict[str, float] = {}
    t0 = time.perf_counter()
    original_extract, original_publish = job._extract, job._publish

    def timed(name, fn):
        def wrapper(*a):
            start = time.perf_counter()
            try:
                return fn(*a)
            finally:
                times[name] = times.get(name, 0.0) + time.perf_counter() - start
        return wrapper
    job._extract, job._publish = timed("extract", original_extract), timed("publish", original_publish)
    report = job.run()
    total = time.perf_counter() - t0
    spark.stop()
    return {"seconds": total, "extract_seconds": times.get("extract", 0.0), "publish_seconds": times.get("publish", 0.0),
            "read_plan_seconds": total - sum(times.values()), "documents": report.documents, "events": report.events,
            "near": report.near_duplicates}


def step_load(out: Path, url: str, claims: str = "") -> dict:
    """`marsad load` into the store at `url`: the bulk load alone, or with `claims` as the command runs it (each new
    document read for claims, every claim checked again, the watches run: marsad.pipeline.follow_up)."""
    from marsad.store import open_store
    from marsad.store.bulk import load

    store = open_store(url, create=True)
    kb = cues = None
    if claims:
        from marsad.knowledge import load_knowledge
        from marsad.mentions.claims import load_claim_cues

        kb, cues = load_knowledge(), load_claim_cues()
    t0 = time.perf_counter()
    report = load(out, store, kb=kb, cues=cues)
    if claims:
        from marsad.pipeline import follow_up

        follow_up(store, kb, cues)
    return {"seconds": time.perf_counter() - t0, "added": report.added, "events": report.events,
            "reports": report.reports, "claims": report.claims}


def probes(samples: int = 300) -> list[str]:
    """Fresh recombined articles, not in any corpus above: the articles whose near-copies are looked up."""
    pool, _ = paragraphs()
    rng = random.Random(99)
    return ["\n\n".join(rng.sample(pool, rng.randint(6, 12))) + f"\nprobe {i}" for i in range(samples)]


def near_copy(text: str) -> str:
    """A wire re-run of `text`: a new headline line and a sign-off (3-gram Jaccard well over 0.7)."""
    return "تحديث\n" + text + "\nالمصدر: وكالات"


def step_dedupe(url: str) -> dict:
    """Per-article fingerprint and near-copy look-up (LSH candidates, each confirmed by the exact 3-gram Jaccard of
    the two texts) against the store at `url`, for the probe articles."""
    from marsad.ingest.dedupe import fingerprint
    from marsad.store import open_store
    from marsad.store.db import near_copy_of

    store = open_store(url)
    texts = probes()
    with store.engine.connect() as conn:
        documents = conn.exec_driver_sql("SELECT count(*) FROM documents").scalar()
        near_copy_of(conn, texts[0], fingerprint(texts[0]))  # warm the connection and caches
        t0 = time.perf_counter()
        fps = [fingerprint(t) for t in texts]
        t1 = time.perf_counter()
        found = sum(near_copy_of(conn, t, fp) is not None for t, fp in zip(texts, fps))
        t2 = time.perf_counter()
    return {"documents": documents, "fingerprint_ms": (t1 - t0) / len(texts) * 1000,
            "lookup_ms": (t2 - t1) / len(texts) * 1000, "found": found, "probes": len(texts)}


def step_dedupe_store(url: str, n: str) -> dict:
    """A store of `n` documents whose signatures are those of unrelated articles (random values: what a look-up
    costs depends on the size of the bucket index, not on their texts), and a near-copy of each probe article
    with its real text and buckets, so that every look-up finds a candidate and confirms it by the exact Jaccard
    of the two texts; then the per-article check as above."""
    import numpy as np
    from sqlalchemy import insert

    from marsad.ingest.dedupe import NUM_PERM, band_buckets, fingerprint
    from marsad.store import open_store
    from marsad.store.tables import document_buckets, documents

    store = open_store(url, create=True)
    rng = np.random.default_rng(5)
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    with store.writing() as conn:
        for first in range(1, int(n) + 1, 10_000):
            ids = range(first, min(first + 10_000, int(n) + 1))
            values = rng.integers(0, 2 ** 32, size=(len(ids), NUM_PERM), dtype=np.uint64).astype("<u4")
            conn.execute(insert(documents), [{"id": i, "doc_key": f"d{i}", "content_hash": f"{i:064d}",
                                              "minhash": v.tobytes(), "text": "-", "ingested_at": now}
                                             for i, v in zip(ids, values)])
            conn.execute(insert(document_buckets), [{"bucket": b, "document_id": i} for i, v in zip(ids, values)
                                                    for b in band_buckets(v)])
        copies = [near_copy(t) for t in probes()]
        fps = [fingerprint(t) for t in copies]
        ids = range(int(n) + 1, int(n) + 1 + len(copies))
        conn.execute(insert(documents), [{"id": i, "doc_key": f"copy{i}", "content_hash": fp.content_hash,
                                          "minhash": fp.minhash, "text": t, "ingested_at": now}
                                         for i, t, fp in zip(ids, copies, fps)])
        conn.execute(insert(document_buckets), [{"bucket": b, "document_id": i} for i, fp in zip(ids, fps)
                                                for b in set(fp.buckets)])
    return step_dedupe(url)


# ---- the driver ---------------------------------------------------------------------------------
def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--work", default=str(ROOT / "bench-data"), help="corpora and stores (kept between runs)")
    ap.add_argument("--postgres", help="a PostgreSQL server URL (its user may create databases)")
    ap.add_argument("--master", default="local[2]")
    ap.add_argument("--single-up-to", type=int, default=100_000,
                    help="skip the one-process extract and ingest above this size (they take hours at 100k)")
    ap.add_argument("--dedupe-sizes", default="1000,10000,100000",
                    help="store sizes for the near-duplicate look-up alone (documents with signatures, no events)")
    ap.add_argument("--claims-up-to", type=int, default=100_000,
                    help="skip `marsad load` with claims above this size")
    ap.add_argument("--reuse-spark-output", action="store_true",
                    help="load a size's Spark output of an earlier run instead of running the job again")
    ap.add_argument("--interleave", type=int, default=0, metavar="N",
                    help="only compare the extract step: N one-process runs and N Spark runs, alternately, per size")
    ap.add_argument("--step")
    ap.add_argument("rest", nargs="*")
    args = ap.parse_args()
    if args.step:
        fn = {"extract": step_extract, "ingest": step_ingest, "spark": step_spark, "load": step_load,
              "dedupe": step_dedupe, "dedupe-store": step_dedupe_store}[args.step]
        params = [Path(a) if i == 0 and args.step in ("extract", "ingest", "spark", "load") else a
                  for i, a in enumerate(args.rest)]
        if args.step == "spark":
            params[1] = Path(params[1])
        print(json.dumps(fn(*params)), flush=True)
        return

    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    if args.interleave:
        interleave(work, [int(s) for s in args.sizes.split(",") if s], args.interleave, args.master)
        return
    print("| documents in the store | fingerprint (ms/article) | near-copy look-up (ms/article) | found | load avg |")
    print("|---|---|---|---|---|")
    for n in (int(s) for s in args.dedupe_sizes.split(",") if s):
        db = work / f"dedupe-{n}.db"
        db.unlink(missing_ok=True)
        load_average = os.getloadavg()[0]
        result, _, _ = run_step(step("dedupe-store", f"sqlite:///{db}", str(n)))
        print(f"| {result['documents']:,} | {result['fingerprint_ms']:.2f} | {result['lookup_ms']:.2f} | "
              f"{result['found']} of {result['probes']} | {load_average:.1f} |", flush=True)
    rows = []
    for n in (int(s) for s in args.sizes.split(",") if s):
        here = work / f"scale-{n}"
        corpus = make_corpus(here / "corpus", n)
        row = {"articles": n}
        print(f"== {n} articles", flush=True)
        if n <= args.single_up_to:
            row["extract_la"] = os.getloadavg()[0]
            result, mb, cpu = run_step(step("extract", str(corpus)))
            row.update(extract_s=result["seconds"], extract_events=result["events"], extract_mb=mb, extract_cpu=cpu)
            print(f"one-process extract: {n / result['seconds']:.1f} articles/s, {mb:.0f} MB "
                  f"(load average {row['extract_la']:.1f})", flush=True)
            db = here / "ingest.db"
            db.unlink(missing_ok=True)
            row["ingest_la"] = os.getloadavg()[0]
            result, mb, cpu = run_step(step("ingest", str(corpus), f"sqlite:///{db}"))
            row.update(ingest_s=result["seconds"], ingest_events=result["events"], ingest_mb=mb, ingest_cpu=cpu)
            print(f"one-process ingest: {n / result['seconds']:.1f} articles/s, "
                  f"{result['events'] / result['seconds']:.0f} events/s, {mb:.0f} MB "
                  f"(load average {row['ingest_la']:.1f})", flush=True)
        out = here / "spark-out"
        if not (args.reuse_spark_output and (out / "manifest.json").is_file()):
            row.update(_spark(corpus, out, args.master))
        row["load_sqlite_la"] = os.getloadavg()[0]
        db = here / "loaded.db"
        db.unlink(missing_ok=True)
        result, mb, cpu = run_step(step("load", str(out), f"sqlite:///{db}"))
        row.update(load_sqlite_s=result["seconds"], load_events=result["events"], load_reports=result["reports"],
                   load_sqlite_mb=mb, load_sqlite_cpu=cpu)
        print(f"load into SQLite: {result['events'] / result['seconds']:.0f} events/s, {mb:.0f} MB, "
              f"{cpu:.1f} s CPU (load average {row['load_sqlite_la']:.1f})", flush=True)
        if args.postgres:
            try:
                row.update(_load_postgres(args.postgres, out, n))
            except StepFailed as exc:
                print(f"load into PostgreSQL skipped: {exc}", flush=True)
        if n <= args.claims_up_to:
            row["claims_la"] = os.getloadavg()[0]
            claims_db = here / "loaded-claims.db"
            claims_db.unlink(missing_ok=True)
            result, mb, cpu = run_step(step("load", str(out), f"sqlite:///{claims_db}", "claims"))
            row.update(load_claims_s=result["seconds"], load_claims_mb=mb, load_claims_cpu=cpu)
            print(f"marsad load into SQLite with claims and watches: {result['events'] / result['seconds']:.0f} "
                  f"events/s, {result['claims']} claims, {mb:.0f} MB (load average {row['claims_la']:.1f})",
                  flush=True)
            claims_db.unlink(missing_ok=True)
        row["dedupe_la"] = os.getloadavg()[0]
        result, _, _ = run_step(step("dedupe", f"sqlite:///{db}"))
        row.update(dedupe_docs=result["documents"], fingerprint_ms=result["fingerprint_ms"],
                   lookup_ms=result["lookup_ms"])
        print(f"near-duplicate check against {result['documents']} documents: fingerprint "
              f"{result['fingerprint_ms']:.2f} ms + look-up {result['lookup_ms']:.2f} ms per article", flush=True)
        rows.append(row)
        (work / "scale-results.json").write_text(json.dumps(rows, indent=1))
    if rows:
        report(rows)


def _spark(corpus: Path, out: Path, master: str) -> dict:
    subprocess.run(["rm", "-rf", str(out)], check=True)
    load_average = os.getloadavg()[0]
    result, mb, _ = run_step(step("spark", str(corpus), str(out), master), {"SPARK_LOCAL_IP": "127.0.0.1"})
    n = result["documents"]
    print(f"spark {master}: {n / result['extract_seconds']:.1f} articles/s in the extract step, "
          f"{n / result['seconds']:.1f} overall; {mb:.0f} MB (load average {load_average:.1f})", flush=True)
    return {"spark_s": result["seconds"], "spark_extract_s": result["extract_seconds"],
            "spark_read_plan_s": result["read_plan_seconds"], "spark_publish_s": result["publish_seconds"],
            "spark_events": result["events"], "spark_mb": mb, "spark_la": load_average}


def interleave(work: Path, sizes: list[int], runs: int, master: str) -> None:
    """The extract step alone, one process (one core) against Spark, run by turns in the same sitting, so that
    what else the machine does weighs on both alike; the load average before each run beside it."""
    print("| articles | run | one process (art/s) | load avg | Spark extract step (art/s) | load avg | ratio |")
    print("|---|---|---|---|---|---|---|")
    for n in sizes:
        corpus = make_corpus(work / f"scale-{n}" / "corpus", n)
        for i in range(1, runs + 1):
            single_la = os.getloadavg()[0]
            single, _, _ = run_step(step("extract", str(corpus)))
            spark = _spark(corpus, work / f"scale-{n}" / "spark-interleaved", master)
            one, many = n / single["seconds"], n / spark["spark_extract_s"]
            print(f"| {n:,} | {i} | {one:.1f} | {single_la:.1f} | {many:.1f} | {spark['spark_la']:.1f} | "
                  f"{many / one:.2f}x |", flush=True)


def _server_cpu(url: str) -> float | None:
    """CPU seconds the PostgreSQL cluster at `url` has used, its exited backends included: the postmaster's own and
    reaped children's times and those of its live children (None when the server is not on this machine)."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as conn:
        backend = conn.execute(text("SELECT pg_backend_pid()")).scalar()
    engine.dispose()
    tick = os.sysconf("SC_CLK_TCK")
    try:
        stat = Path(f"/proc/{backend}/stat").read_text()
        postmaster = int(stat[stat.rindex(")") + 2:].split()[1])
    except OSError:
        return None
    total = 0.0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        if int(entry) == postmaster:
            total += sum(int(f) for f in fields[11:15]) / tick  # utime stime cutime cstime
        elif int(fields[1]) == postmaster:
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


def _load_postgres(server: str, out: Path, n: int) -> dict:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"marsad_bench_{n}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    url = make_url(server).set(database=name).render_as_string(hide_password=False)
    load_average = os.getloadavg()[0]
    before = _server_cpu(server)
    result, mb, cpu = run_step(step("load", str(out), url))
    after = _server_cpu(server)
    server_cpu = after - before if before is not None and after is not None else None
    print(f"load into PostgreSQL: {result['events'] / result['seconds']:.0f} events/s, {mb:.0f} MB, {cpu:.1f} s CPU "
          f"in the loader, {f'{server_cpu:.1f} s' if server_cpu is not None else 'unknown'} in the server "
          f"(load average {load_average:.1f})", flush=True)
    return {"load_pg_s": result["seconds"], "load_pg_mb": mb, "load_pg_cpu": cpu, "load_pg_server_cpu": server_cpu,
            "load_pg_la": load_average}


def report(rows: list[dict]) -> None:
    def rate(row, count, seconds):
        return f"{row[count] / row[seconds]:,.0f}" if row.get(seconds) else "–"

    def la(row, key):
        return f" ({row[key]:.1f})" if key in row else ""

    print("\nRates; in brackets the load average (1 minute) when the step started.")
    print("\n| articles | extract, 1 process (art/s) | Spark local[2] extract step (art/s) | speed-up | "
          "ingest, 1 process (events/s) | load SQLite (events/s) | load PostgreSQL (events/s) | "
          "marsad load with claims, SQLite (events/s) |")
    print("|---|---|---|---|---|---|---|---|")
    for r in rows:
        single = r["articles"] / r["extract_s"] if r.get("extract_s") else None
        spark = r["articles"] / r["spark_extract_s"] if r.get("spark_extract_s") else None
        print(f"| {r['articles']:,} | {f'{single:.1f}' if single else '–'}{la(r, 'extract_la')} | "
              f"{f'{spark:.1f}' if spark else '–'}{la(r, 'spark_la')} | "
              f"{f'{spark / single:.2f}x' if single and spark else '–'} | "
              f"{rate(r, 'ingest_events', 'ingest_s')}{la(r, 'ingest_la')} | "
              f"{rate(r, 'load_events', 'load_sqlite_s')}{la(r, 'load_sqlite_la')} | "
              f"{rate(r, 'load_events', 'load_pg_s')}{la(r, 'load_pg_la')} | "
              f"{rate(r, 'load_events', 'load_claims_s')}{la(r, 'claims_la')} |")
    print("\n| articles | CPU per 1,000 events: ingest, 1 process | load SQLite | load PostgreSQL: loader | "
          "server | events per second two such cores could load |")
    print("|---|---|---|---|---|---|")
    for r in rows:
        def per(k, events="load_events"):
            return f"{r[k] / r[events] * 1000:.2f} s" if r.get(k) is not None and r.get(events) else "–"
        both = (r.get("load_pg_cpu") or 0) + (r.get("load_pg_server_cpu") or 0)
        ceiling = f"{r['load_events'] / (both / 2):,.0f}" if r.get("load_pg_server_cpu") else "–"
        print(f"| {r['articles']:,} | {per('ingest_cpu', 'ingest_events')} | {per('load_sqlite_cpu')} | "
              f"{per('load_pg_cpu')} | {per('load_pg_server_cpu')} | {ceiling} |")
    print("\n| articles | Spark job, all steps (s) | read + near-duplicates (s) | extract (s) | publish (s) |")
    print("|---|---|---|---|---|")
    for r in rows:
        if "spark_s" in r:
            print(f"| {r['articles']:,} | {r['spark_s']:.0f} | {r['spark_read_plan_s']:.0f} | "
                  f"{r['spark_extract_s']:.0f} | {r['spark_publish_s']:.0f} |")
    print("\n| articles | peak MB: extract | ingest | Spark (JVM + workers) | load SQLite | load PostgreSQL | "
          "marsad load with claims |")
    print("|---|---|---|---|---|---|---|")
    for r in rows:
        def mb(k):
            return f"{r[k]:.0f}" if k in r else "–"
        print(f"| {r['articles']:,} | {mb('extract_mb')} | {mb('ingest_mb')} | {mb('spark_mb')} | "
              f"{mb('load_sqlite_mb')} | {mb('load_pg_mb')} | {mb('load_claims_mb')} |")
    print("\n| documents in the store | fingerprint (ms/article) | near-copy look-up (ms/article) |")
    print("|---|---|---|")
    for r in rows:
        print(f"| {r['dedupe_docs']:,} | {r['fingerprint_ms']:.2f} | {r['lookup_ms']:.2f} |")


if __name__ == "__main__":
    main()
