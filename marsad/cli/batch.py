"""`marsad spark-extract` and `marsad load`: archives on Spark, then into the store. Registered on the main typer
app on import (PySpark is imported only when the command runs)."""
from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from marsad.cli.main import DbOpt, KnowledgeOpt, _fail, _kb, app, err, out
from marsad.errors import InputError, MarsadError


def _progress(label: str, quiet: bool) -> Progress:
    return Progress(TextColumn(f"[bold]{label}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                    console=err, disable=quiet)


@app.command("spark-extract")
def spark_extract(
    paths: List[str] = typer.Argument(..., metavar="IN... OUT",
                                      help="articles (JSONL, folders of text/HTML/feed files, Parquet with a 'text' "
                                           "column; local paths or hdfs:// / s3a:// URLs), then the output folder"),
    master: str = typer.Option("local[*]", "--master", envvar="MARSAD_SPARK_MASTER",
                               help="Spark master: local[*] (every core here), local[N], spark://HOST:7077, yarn, "
                                    "k8s://…"),
    batch_size: int = typer.Option(10_000, help="documents per resumable batch"),
    published: Optional[str] = typer.Option(None, help="publication date YYYY-MM-DD for inputs without one"),
    encoding: Optional[str] = typer.Option(None, help="force an input encoding, e.g. cp1256"),
    max_mb: float = typer.Option(20, help="largest single article, in MB"),
    knowledge: Optional[List[Path]] = KnowledgeOpt,
    quiet: bool = typer.Option(False, "--quiet", "-q", help="no progress bar"),
) -> None:
    """Extract events from an archive on Spark into Parquet (documents, events, reports by publication month).

    Run it again with the same arguments after a crash or a kill: finished batches are kept, the rest is done,
    nothing is written twice. Load the result with `marsad load OUT`.
    """
    from marsad.batch.spark import SparkJob, spark_session
    from marsad.ingest.readers import parse_published

    if len(paths) < 2:
        _fail(InputError("give the input(s) and then the output folder: marsad spark-extract IN... OUT"))
    *inputs, output = paths
    try:
        kb = _kb(knowledge)
        spark = spark_session(master)
        spark.sparkContext.setLogLevel("ERROR")
        job = SparkJob(spark, inputs, output, kb, batch_size, parse_published(published), encoding,
                       int(max_mb * 1048576))
        with _progress("extract batches", quiet) as progress:
            task = progress.add_task("", total=None)
            report = job.run(on_batch=lambda n, total: progress.update(task, completed=n, total=total))
        problems = job.problems()
        spark.stop()
    except MarsadError as exc:
        _fail(exc)
        return
    for path, message in problems:
        err.print(f"[yellow]skipped:[/yellow] {message}", highlight=False)
    if report.problems > len(problems):
        err.print(f"… and {report.problems - len(problems)} more problems, listed in {output}/problems")
    resumed = f" ({report.batches_resumed} of {report.batches} batches finished by an earlier run)" \
        if report.batches_resumed else ""
    out.print(f"{report.articles} articles: {report.documents} documents ({report.near_duplicates} near-duplicates "
              f"not coded), {report.duplicates} exact duplicates dropped, {report.events} events, "
              f"{report.problems} problems; written to {output}{resumed}")


@app.command()
def load(
    output: Path = typer.Argument(..., help="a finished `marsad spark-extract` output folder"),
    db: Optional[str] = DbOpt,
    knowledge: Optional[List[Path]] = KnowledgeOpt,
    quiet: bool = typer.Option(False, "--quiet", "-q", help="no progress bar"),
) -> None:
    """Bulk-load a spark-extract output into the store (COPY on PostgreSQL); re-running adds nothing.

    As after `marsad ingest`, the new documents are read for claims (with the events Spark extracted), every
    stored claim is checked again and the watches are run.
    """
    from marsad.mentions.claims import load_claim_cues
    from marsad.pipeline import follow_up
    from marsad.store import open_store
    from marsad.store.bulk import load as bulk_load

    try:
        kb, cues = _kb(knowledge), load_claim_cues()
        store = open_store(db, create=True)
        with _progress("load", quiet) as progress:
            task = progress.add_task("", total=None)
            report = bulk_load(output, store, kb=kb, cues=cues,
                               on_progress=lambda n, total: progress.update(task, completed=n, total=total))
        followed = follow_up(store, kb, cues)  # documents a killed load left unread for claims; checks; watches
    except MarsadError as exc:
        _fail(exc)
        return
    out.print(f"{report.documents} documents: {report.added} added ({report.near_duplicates} near-duplicates not "
              f"coded) with {report.events} new events and {report.reports} reports, {report.skipped} already "
              "in the store")
    verdicts = ", ".join(f"{n} {s}" for s, n in sorted(followed.verdicts.items()))
    out.print(f"{report.claims + followed.claims} claims found; claims in the store: {verdicts or 'none'}; "
              f"{followed.watch_matches} new watch matches")
