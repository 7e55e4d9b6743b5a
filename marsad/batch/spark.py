"""`marsad spark-extract`: the same pure extractor over an archive, on PySpark.

The job runs in three resumable steps, each leaving a marker under `OUT/_work/` once it is complete, so a killed
job run again starts at the first unfinished one and writes nothing twice:

1. read: articles (JSONL, text/HTML/feed files, or Parquet with a `text` column) become documents with their
   content hash, MinHash signature and LSH buckets (marsad.ingest.dedupe), or problems naming the bad input.
   Exact copies keep the first; near-copies are found by LSH banding (candidates share a bucket, confirmed by the
   exact 3-gram Jaccard of the two texts, as the store does) and keep the content hash of their original; each document is given a batch.
2. extract: batch by batch, `extract(doc, kb)` on the executors; each batch is written whole or not at all.
   The knowledge base goes out as one Spark broadcast: it reaches each executor once and is unpickled once per
   Python worker (PySpark keeps the value), not once per record.
3. publish: `documents`, `events` and `reports` (see marsad.batch.rows), partitioned by publication month, and
   `manifest.json`, which `marsad load` requires.
"""
from __future__ import annotations

import json
import math
import os
import shutil
import sys
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from typing import Callable, Iterable, Iterator

from marsad.batch.rows import DOCUMENTS, EVENTS, REPORTS, document_row, event_rows
from marsad.errors import InputError, MarsadError
from marsad.ingest.dedupe import fingerprint, is_near_copy
from marsad.ingest.readers import (DEFAULT_MAX_BYTES, JSONL_SUFFIXES, InputProblem, expand, make_document, parse_date,
                                   read_bytes, read_jsonl_line)
from marsad.records import Document

DEFAULT_MASTER = "local[*]"
DEFAULT_BATCH = 10_000  # documents per resumable batch
MANIFEST = "manifest.json"


@dataclass
class JobReport:
    articles: int = 0  # documents read, copies included
    documents: int = 0  # distinct documents written
    duplicates: int = 0  # exact copies dropped
    near_duplicates: int = 0  # near-copies written without events
    events: int = 0
    reports: int = 0
    problems: int = 0
    batches: int = 0
    batches_resumed: int = 0  # batches a previous run had finished
    kb_version: str = ""


def spark_session(master: str = DEFAULT_MASTER, app_name: str = "marsad"):
    """A Spark session on `master` (local[N] or a cluster URL), running our Python on the workers."""
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:
        raise MarsadError("PySpark is not installed: pip install 'marsad[spark]' (it also needs Java 17 or newer)") \
            from exc
    if master.startswith("local"):
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)  # the workers import marsad from this environment
    builder = (SparkSession.builder.master(master).appName(app_name)
               .config("spark.sql.session.timeZone", "UTC")
               .config("spark.python.worker.reuse", "true"))
    if master.startswith("local"):
        builder = (builder.config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
                   .config("spark.sql.shuffle.partitions", "8"))
    try:
        return builder.getOrCreate()
    except Exception as exc:  # no Java, a bad master URL: say so rather than a Py4J traceback
        raise MarsadError(f"cannot start Spark on {master!r}: {exc}") from exc


def _arrow_to_spark(schema):
    from pyspark.sql.pandas.types import from_arrow_schema
    return from_arrow_schema(schema)


def _read_schema():
    from pyspark.sql.types import StringType, StructField
    schema = _arrow_to_spark(DOCUMENTS)
    return schema.add(StructField("problem", StringType()))


def _row(item: Document | InputProblem, kb_version: str) -> dict:
    if isinstance(item, InputProblem):
        return {"path": item.path, "problem": item.message}
    return {**document_row(item, fingerprint(item.text), None, kb_version), "problem": None}


def _tuples(rows: Iterable[dict], names: list[str]) -> Iterator[tuple]:
    for row in rows:
        yield tuple(row.get(n) for n in names)


class SparkJob:
    """One `spark-extract` run: inputs, output folder, knowledge base, and the steps above."""

    def __init__(self, spark, inputs: list[str], out: str, kb, batch_size: int = DEFAULT_BATCH,
                 published: date | None = None, encoding: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES):
        if batch_size < 1:
            raise InputError(f"--batch-size {batch_size}: give a positive number of documents")
        self.spark, self.inputs, self.kb = spark, inputs, kb
        self.out = Path(out)
        self.work = self.out / "_work"
        self.batch_size, self.published, self.encoding, self.max_bytes = batch_size, published, encoding, max_bytes

    # ---- the steps -------------------------------------------------------------------------------
    def run(self, on_batch: Callable[[int, int], None] | None = None) -> JobReport:
        self._check_output()
        if not (self.work / "read" / "_SUCCESS").exists():
            self._read()
        plan = self._plan() if not (self.work / "plan.json").exists() else None
        plan = plan or json.loads((self.work / "plan.json").read_text())
        report = JobReport(**plan["report"])
        report.batches = plan["batches"]
        bc = self.spark.sparkContext.broadcast(self.kb)  # once per executor, whatever the number of records
        try:
            for batch in range(plan["batches"]):
                if (self.work / "extracted" / f"batch={batch}" / "_SUCCESS").exists():
                    report.batches_resumed += 1
                else:
                    self._extract(batch, bc)
                if on_batch:
                    on_batch(batch + 1, plan["batches"])
        finally:
            bc.unpersist()
        if not (self.out / MANIFEST).exists():
            self._publish(report)
        manifest = json.loads((self.out / MANIFEST).read_text())
        report.events, report.reports = manifest["events"], manifest["reports"]
        return report

    def _check_output(self) -> None:
        """OUT is new, or holds a run of this job with this knowledge base (to finish); nothing else is touched."""
        if self.out.exists() and not self.out.is_dir():
            raise InputError(f"{self.out}: the output must be a folder, and this is a file")
        if self.out.is_dir() and any(self.out.iterdir()) and not self.work.is_dir():
            raise InputError(f"{self.out}: folder not empty and not a spark-extract output; give a new folder")
        plan = self.work / "plan.json"
        if plan.exists():
            started = json.loads(plan.read_text())
            if started["report"]["kb_version"] != self.kb.version or started["inputs"] != self.inputs:
                raise InputError(f"{self.out} holds a run with other inputs or knowledge base "
                                 f"({started['report']['kb_version']}); give a new output folder")

    def _read(self) -> None:
        sc = self.spark.sparkContext
        kb_version, published, encoding, max_bytes = self.kb.version, self.published, self.encoding, self.max_bytes
        months = dict(self.kb.month_numbers)
        files, jsonl, parquet = [], [], []
        for raw in self.inputs:
            if "://" in raw:  # hdfs://, s3a://: Spark reads it; the kind is told by the suffix
                kind = Path(raw.rstrip("/")).suffix.lower()
                (parquet if kind == ".parquet" else jsonl if kind in JSONL_SUFFIXES else files).append(raw)
                continue
            for path in expand([raw]):
                suffix = path.suffix.lower()
                if suffix == ".parquet":
                    parquet.append(str(path.resolve()))
                elif suffix in JSONL_SUFFIXES:
                    jsonl.append(str(path.resolve()))
                elif not path.name.startswith("_"):
                    files.append(str(path.resolve()))
        parts = []
        if files:
            def from_files(items):
                for uri, data in items:
                    name = uri[5:] if uri.startswith("file:") else uri
                    for item in read_bytes(data, name, published, encoding, months):
                        yield _row(item, kb_version)
            parts.append(sc.binaryFiles(",".join(files), minPartitions=sc.defaultParallelism * 2)
                         .mapPartitions(from_files))
        for path in jsonl:
            name = Path(path).name

            def from_lines(items, path=path, name=name):
                for raw, index in items:
                    item = read_jsonl_line(raw, f"{path}:{index + 1}", f"{name}:{index + 1}", published, encoding,
                                           max_bytes, months)
                    if item is not None:
                        yield _row(item, kb_version)
            parts.append(sc.textFile(path, minPartitions=sc.defaultParallelism * 2, use_unicode=False)
                         .zipWithIndex().mapPartitions(from_lines))
        if parquet:
            articles = self.spark.read.parquet(*parquet)
            if "text" not in articles.columns:
                raise InputError(f"{', '.join(parquet)}: Parquet articles need a 'text' column "
                                 f"(and may have id, title, url, source, published); found {', '.join(articles.columns)}")
            wanted = [c for c in ("id", "title", "url", "source", "published", "text") if c in articles.columns]

            def from_records(rows):
                for row in rows:
                    record = row.asDict()
                    when = record.get("published")
                    if not isinstance(when, date):
                        when = parse_date(str(when or ""), months)
                    text = record.get("text") or ""
                    doc_id = str(record.get("id") or record.get("url") or "")
                    try:
                        if not doc_id:
                            doc_id = "article-" + fingerprint(text).content_hash[:12]
                        yield _row(make_document(doc_id, text, title=record.get("title"), url=record.get("url"),
                                                 source=record.get("source"), published=published or when,
                                                 path=doc_id, month_numbers=months), kb_version)
                    except InputError as exc:
                        yield _row(InputProblem(doc_id, str(exc)), kb_version)
            parts.append(articles.select(*wanted).rdd.mapPartitions(from_records))
        if not parts:
            raise InputError(f"{', '.join(self.inputs)}: no articles to read")
        schema = _read_schema()
        names = schema.fieldNames()
        rows = sc.union(parts).mapPartitions(lambda items: _tuples(items, names))
        self.spark.createDataFrame(rows, schema).write.mode("overwrite").parquet(str(self.work / "read"))

    def _plan(self) -> dict:
        """Exact and near copies, and a batch for each document; written as `_work/articles`."""
        from pyspark.sql import Window
        from pyspark.sql import functions as F
        from pyspark.sql.types import BooleanType

        read = self.spark.read.parquet(str(self.work / "read"))
        problems = read.where(F.col("problem").isNotNull()).count()
        docs = read.where(F.col("problem").isNull()).drop("problem")
        order = [F.col("published").asc_nulls_last(), F.col("doc_key"), F.col("content_hash")]
        ranked = docs.withColumn("_rank", F.row_number().over(
            Window.partitionBy("content_hash").orderBy(F.col("published").asc_nulls_last(), "doc_key", "path")))
        unique = ranked.where("_rank = 1").drop("_rank").cache()  # read by each step below
        n_docs = unique.count()
        articles = n_docs + ranked.where("_rank > 1").count()
        # near copies: in each LSH bucket, a document is compared with the first and the previous one
        in_bucket = Window.partitionBy("bucket").orderBy(*order)
        candidates = (unique.select("content_hash", "published", "doc_key", F.explode("buckets").alias("bucket"))
                      .withColumn("first", F.first("content_hash").over(in_bucket))
                      .withColumn("prev", F.lag("content_hash").over(in_bucket))
                      .select("content_hash", F.explode(F.array("first", "prev")).alias("other"))
                      .where(F.col("other").isNotNull() & (F.col("other") != F.col("content_hash"))).distinct())
        texts = unique.select("content_hash", "text", "published", "doc_key")
        other = texts.select(*(F.col(c).alias(f"o_{c}") for c in texts.columns))
        near = F.udf(is_near_copy, BooleanType(), useArrow=False)  # the store's confirmation: exact 3-gram Jaccard
        pairs = (candidates.join(texts, "content_hash").join(other, F.col("other") == F.col("o_content_hash"))
                 .where(near("text", "o_text"))
                 .select("content_hash", "published", "doc_key", "o_content_hash", "o_published", "o_doc_key")
                 .collect())
        original = _originals(pairs)
        batches = max(1, math.ceil(n_docs / self.batch_size))
        if original:
            copies = self.spark.createDataFrame(list(original.items()), "content_hash string, near string")
            unique = (unique.join(F.broadcast(copies), "content_hash", "left")
                      .withColumn("duplicate_of", F.col("near")).drop("near"))
        (unique.withColumn("batch", F.pmod(F.xxhash64("content_hash"), F.lit(batches)))
         .write.mode("overwrite").partitionBy("batch").parquet(str(self.work / "articles")))
        unique.unpersist()
        report = JobReport(articles=articles, documents=n_docs, duplicates=articles - n_docs,
                           near_duplicates=len(original), problems=problems, kb_version=self.kb.version)
        plan = {"inputs": self.inputs, "batches": batches, "report": asdict(report)}
        _write_atomically(self.work / "plan.json", json.dumps(plan, indent=1))
        return plan

    def _extract(self, batch: int, bc) -> None:
        from pyspark.sql import functions as F
        from pyspark.sql.types import ArrayType, StringType, StructField, StructType

        from marsad.extract import extract

        def run(rows):
            kb = bc.value  # the worker's one copy of the knowledge base
            for row in rows:
                if row.duplicate_of:  # a near-copy is stored, not coded
                    yield (row.content_hash, [], [])
                    continue
                doc = Document(id=row.doc_key, text=row.text, title=row.title, url=row.url, source=row.source,
                               published=row.published, path=row.path)
                evs, reps = event_rows(row.content_hash, row.text, row.month, extract(doc, kb))
                yield (row.content_hash, [tuple(e[n] for n in event_names) for e in evs],
                       [tuple(r[n] for n in report_names) for r in reps])

        event_schema, report_schema = _arrow_to_spark(EVENTS), _arrow_to_spark(REPORTS)
        event_names, report_names = event_schema.fieldNames(), report_schema.fieldNames()
        schema = StructType([StructField("content_hash", StringType()),
                             StructField("events", ArrayType(event_schema)),
                             StructField("reports", ArrayType(report_schema))])
        tasks = min(self.spark.sparkContext.defaultParallelism * 4, max(1, self.batch_size // 50))  # even out
        docs = self.spark.read.parquet(str(self.work / "articles")).where(F.col("batch") == batch).repartition(tasks)
        target = self.work / "extracted" / f"batch={batch}"
        self.spark.createDataFrame(docs.rdd.mapPartitions(run), schema).write.mode("overwrite").parquet(str(target))

    def _publish(self, report: JobReport) -> None:
        from pyspark.sql import functions as F

        for name in ("documents", "events", "reports"):
            shutil.rmtree(self.out / name, ignore_errors=True)
        articles = self.spark.read.parquet(str(self.work / "articles"))
        articles.select(*DOCUMENTS.names).write.partitionBy("month").parquet(str(self.out / "documents"))
        extracted = self.spark.read.parquet(str(self.work / "extracted"))
        events = extracted.select(F.explode("events").alias("e")).select("e.*")
        events.write.partitionBy("month").parquet(str(self.out / "events"))
        reports = extracted.select(F.explode("reports").alias("r")).select("r.*")
        reports.write.partitionBy("month").parquet(str(self.out / "reports"))
        read = self.spark.read.parquet(str(self.work / "read"))
        read.where(F.col("problem").isNotNull()).select("path", "problem").coalesce(1) \
            .write.mode("overwrite").parquet(str(self.out / "problems"))
        manifest = {**asdict(report), "events": self.spark.read.parquet(str(self.out / "events")).count(),
                    "reports": self.spark.read.parquet(str(self.out / "reports")).count()}
        _write_atomically(self.out / MANIFEST, json.dumps(manifest, indent=1))

    def problems(self, limit: int = 20) -> list[tuple[str, str]]:
        rows = self.spark.read.parquet(str(self.out / "problems")).limit(limit).collect()
        return [(r.path, r.problem) for r in rows]


def _originals(pairs) -> dict[str, str]:
    """Near-copy → its original, from similar pairs (a document and an earlier one): each document goes with its
    earliest similar one, and a copy of a copy with the first original."""
    def key(published, doc_key, content_hash):
        return (published is None, published or date.min, doc_key, content_hash)

    earliest: dict[str, tuple] = {}
    for p in pairs:
        mine, theirs = key(p.published, p.doc_key, p.content_hash), key(p.o_published, p.o_doc_key, p.o_content_hash)
        if theirs < mine and (p.content_hash not in earliest or theirs < earliest[p.content_hash][1]):
            earliest[p.content_hash] = (mine, theirs)
    original: dict[str, str] = {}
    for doc, (_, theirs) in sorted(earliest.items(), key=lambda kv: kv[1][0]):  # earlier documents first
        original[doc] = original.get(theirs[3], theirs[3])
    return original


def _write_atomically(path: Path, text: str) -> None:
    tmp = path.with_suffix(".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
