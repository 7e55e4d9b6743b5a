"""`marsad` command line. Run `marsad --help` or `marsad COMMAND --help`."""
from __future__ import annotations

import gc
import json
import logging
import sys
from pathlib import Path
from typing import List, Optional

import typer
from rich.console import Console
from rich.text import Text

import marsad
from marsad.errors import InputError, MarsadError, one_line, shown_path

app = typer.Typer(help="marsad (مرصد): Arabic political news → sourced PLOVER event data.",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)
# Everything printed is data (names, titles, evidence, file names): never read as rich markup, never highlighted.
out = Console(width=None if sys.stdout.isatty() else 160, markup=False, highlight=False)  # piped tables get room
err = Console(stderr=True, markup=False, highlight=False)
EVIDENCE_CHARS = 90  # evidence shown in a table row; the full sentence is in --format plover-jsonl or csv
FLAGS = {"date_from": "--from", "date_to": "--to", "q": "--text", "type": "--type", "polity": "--polity",
         "mode": "--mode", "context": "--context", "aux": "--aux", "actor": "--actor", "location": "--location",
         "document": "--document", "min_confidence": "--min-confidence", "sort": "--sort"}


def _version(value: bool) -> None:
    if value:
        out.print(f"marsad {marsad.__version__}")
        raise typer.Exit()


@app.callback()
def _options(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                          help="print marsad's version and exit")) -> None:
    """marsad (مرصد): Arabic political news → sourced PLOVER event data."""

KnowledgeOpt = typer.Option(None, "--knowledge", "-k", help="extra knowledge folder(s) with YAML files to add")
DbOpt = typer.Option(None, "--db", help="store URL (default: MARSAD_DATABASE_URL or sqlite:///marsad.db)")
MaxMbOpt = typer.Option(20, "--max-mb", help="largest file (or JSONL record) to read, in MB")
MaxItemsOpt = typer.Option(5000, "--max-items", help="most items to read from one feed file")
TimeBudgetOpt = typer.Option(10.0, "--time-budget", help="seconds of extraction per document before it is skipped "
                                                         "as too slow; 0 for no limit")


def _note(label: str, style: str, message: str, console: Console = err) -> None:
    """One line, as it is: never read as rich markup, never wrapped (also when output goes to a pipe)."""
    console.print(Text.assemble((f"{label}: ", style), one_line(message)), soft_wrap=True)


class _WarningsAsNotes(logging.Handler):
    """The library's warnings (a sentence with too many trigger words) as one-line notes on stderr."""

    def emit(self, record: logging.LogRecord) -> None:
        _note("warning", "magenta", record.getMessage())


def _limits(max_mb: float, max_items: int, time_budget: float):
    from marsad.pipeline import Limits

    for name, value in (("--max-mb", max_mb), ("--max-items", max_items), ("--time-budget", time_budget)):
        if value < 0 or (value == 0 and name != "--time-budget"):
            raise MarsadError(f"{name} {value}: give a positive number" + (" (or 0 for no limit)"
                                                                         if name == "--time-budget" else ""))
    return Limits(int(max_mb * 1048576), max_items, time_budget or None)


def _kb(extra: Optional[List[Path]], models: bool = True):
    from marsad.knowledge import load_knowledge
    return load_knowledge(extra or (), models=models)


def _fail(exc: Exception) -> None:
    _note("error", "red", str(exc))
    raise typer.Exit(1)


def _choose(option: str, value: str, choices: tuple[str, ...]) -> None:
    if value not in choices:
        _fail(InputError(f"{option} {value!r}: choose {', '.join(choices[:-1])} or {choices[-1]}"))


def _clip(text: str | None, n: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= n else text[:n - 1].rstrip() + "…"


def _side(record: dict, key: str) -> str:
    return ", ".join(f"{e['name']} ({e['polity']})" if e.get("polity") else e["name"] for e in record[key]) or "—"


def events_table(records: list[dict], caption: str | None = None, ids: bool = True):
    """Events as a terminal table: one row each, the Arabic evidence clipped with an ellipsis."""
    from rich.table import Table

    table = Table(caption=caption, caption_justify="left", show_lines=False, expand=False)
    if ids:
        table.add_column("id", justify="right", style="dim")
    table.add_column("date", no_wrap=True, min_width=10)
    table.add_column("type", no_wrap=True, min_width=9)
    table.add_column("actor → recipient", overflow="fold", min_width=16, max_width=48)
    table.add_column("where", overflow="fold", max_width=16)
    table.add_column("evidence", overflow="ellipsis", no_wrap=True, min_width=16, max_width=EVIDENCE_CHARS)
    for r in records:
        kind = r["event_type"] + (f" / {r['mode']}" if r.get("mode") else "") + (f" ({r['aux']})" if r.get("aux") else "")
        row = [r.get("date") or "undated", kind, f"{_side(r, 'actor')} → {_side(r, 'recipient')}",
               r.get("location") or "", _clip(r.get("evidence"), EVIDENCE_CHARS)]
        table.add_row(*([str(r.get("id") or "")] if ids else []), *row)
    return table


@app.command()
def extract(
    files: List[str] = typer.Argument(..., help="files, folders or globs (txt, html, jsonl, rss/atom)"),
    published: Optional[str] = typer.Option(None, help="publication date YYYY-MM-DD for relative dates"),
    fmt: str = typer.Option("table", "--format", "-f", help="plover-jsonl | table | csv"),
    encoding: Optional[str] = typer.Option(None, help="force an input encoding, e.g. cp1256"),
    max_mb: float = MaxMbOpt,
    max_items: int = MaxItemsOpt,
    time_budget: float = TimeBudgetOpt,
    min_confidence: float = typer.Option(0.0, "--min-confidence", min=0.0, max=1.0,
                                         help="only events at or above this confidence (0 to 1)"),
    knowledge: Optional[List[Path]] = KnowledgeOpt,
) -> None:
    """Print the events in FILES without touching the store. Files that give no events are named on
    stderr with the reason (skipped: …) and the rest go on."""
    from marsad.export.formats import plover_from_event, write_csv, write_plover_jsonl
    from marsad.ingest.readers import InputProblem, parse_published
    from marsad.pipeline import extract_files

    _choose("--format", fmt, ("table", "plover-jsonl", "csv"))
    try:
        limits = _limits(max_mb, max_items, time_budget)
        kb = _kb(knowledge)
        records, problems = [], 0
        for item in extract_files(files, kb, parse_published(published), encoding, limits):
            if isinstance(item, InputProblem):
                problems += 1
                _note("skipped", "yellow", item.message)
                continue
            if item.confidence < min_confidence:
                continue
            records.append(plover_from_event(item, kb.version, f"{item.doc}#{len(records) + 1}"))
            if fmt == "plover-jsonl":
                write_plover_jsonl(records[-1:], sys.stdout)
        if fmt == "table":
            out.print(events_table(records, f"{len(records)} events", ids=False) if records else "no events found")
        elif fmt == "csv":
            write_csv(records, sys.stdout)
        if problems and not records:
            raise typer.Exit(1)
    except MarsadError as exc:
        _fail(exc)


@app.command()
def ingest(
    paths: List[str] = typer.Argument(..., help="files, folders or globs to ingest"),
    db: Optional[str] = DbOpt,
    published: Optional[str] = typer.Option(None, help="publication date YYYY-MM-DD for all inputs"),
    encoding: Optional[str] = typer.Option(None, help="force an input encoding, e.g. cp1256"),
    max_mb: float = MaxMbOpt,
    max_items: int = MaxItemsOpt,
    time_budget: float = TimeBudgetOpt,
    knowledge: Optional[List[Path]] = KnowledgeOpt,
    quiet: bool = typer.Option(False, "--quiet", "-q", help="no progress bar"),
) -> None:
    """Extract events from PATHS into the store (created if need be); re-ingesting the same article adds nothing.

    A file a run before finished is skipped without being read; several runs may write to one store at once. Each
    file that gives no document is named on stderr with the reason as it happens, and written down in the store at
    once (`marsad summary` lists them, also after a run that was killed)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from marsad.ingest.readers import expand, parse_published
    from marsad.mentions.claims import load_claim_cues
    from marsad.pipeline import ingest as run_ingest
    from marsad.store import open_store

    try:
        when = parse_published(published)
        limits = _limits(max_mb, max_items, time_budget)
        kb = _kb(knowledge)
        cues = load_claim_cues(knowledge or ())
        store = open_store(db, create=True)
        total = len(expand(paths))

        def skipped(problem) -> None:
            store.log_skipped(problem)
            _note("skipped", "yellow", problem.message)

        def duplicate(doc, what: str) -> None:
            where = doc.path or doc.id
            name = where if where.endswith(doc.id) else f"{where} ({doc.id})"
            _note("duplicate", "cyan", f"{name} is {what}; not coded again")

        with Progress(TextColumn("[bold]ingest"), BarColumn(), MofNCompleteColumn(),
                      TextColumn("{task.description}", markup=False), TimeRemainingColumn(), console=err,
                      disable=quiet) as progress:
            task = progress.add_task("", total=total)
            report = run_ingest(paths, store, kb, when, encoding, limits,
                                on_file=lambda p, n: progress.update(task, completed=n,
                                                                     description=shown_path(p.name)[:40]),
                                on_problem=skipped, on_duplicate=duplicate,
                                on_same_bytes=lambda name, earlier: _note(
                                    "duplicate", "cyan", f"{name} has the same bytes as {earlier}, already ingested; "
                                    "not read again"), cues=cues)
    except MarsadError as exc:
        _fail(exc)
        return
    listed = " (marsad summary lists them)" if report.problems else ""
    finished = f"; {report.skipped} files already ingested, not read again" if report.skipped else ""
    out.print(f"{report.files} files: {report.added} documents added with {report.events} events, "
              f"{len(report.duplicates)} duplicates, {len(report.problems)} skipped{listed}{finished}", soft_wrap=True)
    verdicts = ", ".join(f"{n} {s}" for s, n in sorted(report.verdicts.items()))
    out.print(f"{report.claims} claims found; claims in the store: {verdicts or 'none'}; "
              f"{report.watch_matches} new watch matches")


def _selection(store, actor=None, polity=None, event_type=None, mode=None, context=None, aux=None, date_from=None,
               date_to=None, location=None, text=None, document=None, min_confidence=None, knowledge=None):
    """The same Selection the API builds; the knowledge base tells actor aliases and the codes that exist."""
    from marsad.store.query import Selection

    kb = _kb(knowledge) if actor or polity or mode or context else None
    try:
        return Selection.parse(actor=actor, polity=polity, type=event_type, mode=mode, context=context, aux=aux,
                               date_from=date_from, date_to=date_to, location=location, q=text, document_id=document,
                               min_confidence=min_confidence, kb=kb, store=store)
    except InputError as exc:  # name the option as typed here: '--from', not the API's 'date_from'
        name, _, rest = str(exc).partition(" ")
        raise InputError(f"{FLAGS.get(name.rstrip(':'), name)}{':' if name.endswith(':') else ''} {rest}") from None


ActorOpt = typer.Option(None, "--actor", help="actor: store id, knowledge-base id, or part of an English or Arabic "
                                              "name or alias (Haftar, حفتر)")
PolityOpt = typer.Option(None, "--polity", help="polity code(s), comma-separated: RUS,LBY-E")
TypeOpt = typer.Option(None, "--type", help="PLOVER event type(s), comma-separated, e.g. CONSULT")
ModeOpt = typer.Option(None, "--mode", help="PLOVER mode, e.g. visit")
ContextOpt = typer.Option(None, "--context", help="PLOVER context, e.g. military")
AuxOpt = typer.Option(None, "--aux", help="future | negation | hypothetical | historical | alleged | none")
FromOpt = typer.Option(None, "--from", help="earliest date, YYYY[-MM[-DD]]")
ToOpt = typer.Option(None, "--to", help="latest date, YYYY[-MM[-DD]]")
LocOpt = typer.Option(None, "--location", help="place name (part of it)")
TextOpt = typer.Option(None, "--text", help="words in the Arabic evidence (diacritics and letter variants ignored)")
DocOpt = typer.Option(None, "--document", help="only events reported by this document id")
ConfOpt = typer.Option(None, "--min-confidence", help="only events at or above this confidence (0 to 1)")


@app.command()
def events(
    actor: Optional[str] = ActorOpt, polity: Optional[str] = PolityOpt, event_type: Optional[str] = TypeOpt,
    mode: Optional[str] = ModeOpt, context: Optional[str] = ContextOpt, aux: Optional[str] = AuxOpt,
    date_from: Optional[str] = FromOpt, date_to: Optional[str] = ToOpt, location: Optional[str] = LocOpt,
    text: Optional[str] = TextOpt, document: Optional[int] = DocOpt, min_confidence: Optional[float] = ConfOpt,
    limit: int = typer.Option(50, min=1, help="events per page"),
    offset: int = typer.Option(0, min=0, help="events to skip (the next page starts at offset + limit)"),
    sort: str = typer.Option("-date", help="-date (newest first), date, type, -type, confidence, -confidence, id, -id"),
    fmt: str = typer.Option("table", "--format", "-f", help="table | plover-jsonl | csv"),
    db: Optional[str] = DbOpt,
) -> None:
    """List stored events matching the filters, newest first, a page at a time, with the total."""
    from marsad.export.formats import plover_from_row, write_csv, write_plover_jsonl
    from marsad.store import open_store
    from marsad.store.query import SORTS, count_events, list_events

    _choose("--format", fmt, ("table", "plover-jsonl", "csv"))
    _choose("--sort", sort, tuple(SORTS))
    try:
        store = open_store(db)
        sel = _selection(store, actor, polity, event_type, mode, context, aux, date_from, date_to, location, text,
                         document, min_confidence)
        rows = list_events(store, sel, limit=limit, offset=offset, sort=sort)
        total = count_events(store, sel) if fmt == "table" else len(rows)
    except MarsadError as exc:
        _fail(exc)
        return
    records = [{**plover_from_row(r), "id": r["id"]} for r in rows]
    if fmt == "plover-jsonl":
        write_plover_jsonl([plover_from_row(r) for r in rows], sys.stdout)
    elif fmt == "csv":
        write_csv([plover_from_row(r) for r in rows], sys.stdout)
    elif not records:
        out.print(f"no events match (of {total}); loosen a filter" if offset and total else "no events match")
    else:
        more = f"; next page: --offset {offset + limit}" if offset + limit < total else ""
        out.print(events_table(records, f"events {offset + 1}–{offset + len(records)} of {total}, "
                                        f"sorted by {sort}{more}"))


@app.command()
def actors(
    polity: Optional[str] = typer.Option(None, help="only this polity code"),
    query: Optional[str] = typer.Option(None, "--query", "-q", help="English or Arabic name or alias contains"),
    kind: Optional[str] = typer.Option(None, help="person, organisation, group, state, …"),
    limit: Optional[int] = typer.Option(None, min=1, help="at most this many (default: all)"),
    offset: int = typer.Option(0, min=0, help="actors to skip"),
    db: Optional[str] = DbOpt,
) -> None:
    """Actors in the store, most active first, with their Arabic names and event counts."""
    from rich.table import Table

    from marsad.analysis.profiles import list_actors
    from marsad.store import open_store

    try:
        store = open_store(db)
        found = list_actors(store, _kb(None), query, polity, kind, limit=limit or 10 ** 9, offset=offset)
    except MarsadError as exc:
        _fail(exc)
        return
    rows, total = found["actors"], found["total"]
    shown = f"actors {offset + 1}–{offset + len(rows)} of {total}" if rows else f"no actors match (of {total})"
    table = Table("events", "name", "Arabic name", "polity", "kind", "knowledge-base id", caption=shown,
                  caption_justify="left")
    for r in rows:
        table.add_row(str(r["events"]), r["name"], r.get("name_ar") or "", r["polity"] or "", r["kind"] or "",
                      r["kb_id"] or "")
    out.print(table)


@app.command()
def export(
    fmt: str = typer.Option("plover-jsonl", "--format", "-f", help="plover-jsonl | cameo-tsv | csv | parquet"),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="file to write (stdout if omitted; required for parquet)"),
    actor: Optional[str] = ActorOpt, polity: Optional[str] = PolityOpt, event_type: Optional[str] = TypeOpt,
    mode: Optional[str] = ModeOpt, context: Optional[str] = ContextOpt, aux: Optional[str] = AuxOpt,
    date_from: Optional[str] = FromOpt, date_to: Optional[str] = ToOpt, location: Optional[str] = LocOpt,
    text: Optional[str] = TextOpt, document: Optional[int] = DocOpt, min_confidence: Optional[float] = ConfOpt,
    db: Optional[str] = DbOpt,
) -> None:
    """Write stored events (all, or those matching the filters) in a format other tools read."""
    from marsad.export.formats import plover_from_row, write_cameo_tsv, write_csv, write_parquet, write_plover_jsonl
    from marsad.store import open_store
    from marsad.store.query import iter_events

    writers = {"plover-jsonl": write_plover_jsonl, "cameo-tsv": write_cameo_tsv, "csv": write_csv}
    _choose("--format", fmt, (*writers, "parquet"))
    if fmt == "parquet" and output is None:
        _fail(MarsadError("parquet is binary: give --output FILE.parquet"))
    try:
        store = open_store(db)
        sel = _selection(store, actor, polity, event_type, mode, context, aux, date_from, date_to, location, text,
                         document, min_confidence)
        records = [plover_from_row(r) for r in iter_events(store, sel)]
    except MarsadError as exc:
        _fail(exc)
        return
    if fmt == "parquet":
        n = write_parquet(records, str(output))
    elif output:
        with output.open("w", encoding="utf-8", newline="") as fh:
            n = write_csv(records, fh, bom=True) if fmt == "csv" else writers[fmt](records, fh)
    else:
        n = writers[fmt](records, sys.stdout)
    err.print(f"{n} events written" + (f" to {shown_path(output)}" if output else ""), soft_wrap=True)


@app.command("eval")
def evaluate(
    gold: Path = typer.Argument(..., help="gold PLOVER JSONL (see ../shared/eval/GUIDELINES.md)"),
    docs: Optional[List[str]] = typer.Argument(None, help="articles to extract from (default: none; use --pred)"),
    pred: Optional[Path] = typer.Option(None, help="score this prediction file instead of extracting"),
    published: Optional[str] = typer.Option(None, help="publication date for DOCS without one"),
    misses: bool = typer.Option(False, "--misses", help="list unmatched gold events and predictions"),
    lenient_dates: bool = typer.Option(False, "--lenient-dates", help="a missing predicted date matches any gold date"),
    as_json: bool = typer.Option(False, "--json", help="machine-readable figures"),
    knowledge: Optional[List[Path]] = KnowledgeOpt,
) -> None:
    """Score extraction against gold records: the same figures as ../shared/eval/score.py."""
    from marsad.evaluate import format_report, load_records, score
    from marsad.export.formats import plover_from_event
    from marsad.ingest.readers import InputProblem, parse_published
    from marsad.pipeline import extract_files

    try:
        gold_records = load_records(gold)
        if pred is not None:
            predicted = load_records(pred)
        elif docs:
            kb = _kb(knowledge)
            predicted = []
            for item in extract_files(docs, kb, parse_published(published)):
                if isinstance(item, InputProblem):
                    _note("skipped", "yellow", item.message)
                else:
                    predicted.append(plover_from_event(item))
        else:
            raise MarsadError("give the articles to extract from (DOCS...) or a prediction file (--pred)")
    except MarsadError as exc:
        _fail(exc)
        return
    result = score(gold_records, predicted, lenient_dates)
    if as_json:
        if not misses:
            result.pop("missed_gold"), result.pop("spurious_pred")
        out.print_json(json.dumps(result, ensure_ascii=False))
    else:
        sys.stdout.write(format_report(result, misses) + "\n")


@app.command()
def summary(
    actor: Optional[str] = ActorOpt, polity: Optional[str] = PolityOpt, event_type: Optional[str] = TypeOpt,
    mode: Optional[str] = ModeOpt, context: Optional[str] = ContextOpt, aux: Optional[str] = AuxOpt,
    date_from: Optional[str] = FromOpt, date_to: Optional[str] = ToOpt, location: Optional[str] = LocOpt,
    text: Optional[str] = TextOpt, document: Optional[int] = DocOpt, min_confidence: Optional[float] = ConfOpt,
    db: Optional[str] = DbOpt, top: int = typer.Option(10, help="how many actors and dyads"),
) -> None:
    """Documents, events by type, the most active actors and dyads: of the store, or of the events matching the
    filters (the same figures as the workbench's dashboard); then every file ingest skipped that is still not
    stored, with the reason (written as it happened: a killed run leaves the list complete)."""
    from rich.table import Table

    from marsad.analysis.summary import summary as dashboard
    from marsad.store import open_store

    try:
        store = open_store(db)
        sel = _selection(store, actor, polity, event_type, mode, context, aux, date_from, date_to, location, text,
                         document, min_confidence)
        figures = dashboard(store, None, top, sel, with_facets=False)
        still_skipped = store.skipped_files()
    except MarsadError as exc:
        _fail(exc)
        return
    counts = figures["counts"]
    out.print(Text.assemble((str(counts["documents"]), "bold"), f" documents ({counts['duplicates']} duplicates), ",
                            (str(counts["events"]), "bold"), f" events, {counts['actors']} actors"))
    table = Table("event type", "events")
    for t, n in counts["by_type"].items():
        table.add_row(t, str(n))
    out.print(table)
    table = Table("actor", "polity", "events")
    for a in figures["top_actors"]:
        table.add_row(a["name"], a["polity"] or "", str(a["events"]))
    out.print(table)
    table = Table("dyad (polities)", "events")
    for d in figures["top_dyads"]:
        table.add_row(f"{d['source']} ↔ {d['target']}", str(d["weight"]))
    out.print(table)
    if still_skipped:
        out.print(f"{len(still_skipped)} skipped by ingest and not stored since:")
        for entry in still_skipped:
            _note(f"skipped ({entry['stage']})", "yellow", entry["reason"], out)


def _register_optional_commands() -> None:
    """`serve`, the analyst's questions, `train` and the batch commands live in their own modules (they pull in
    the web stack, the analysis, the learner, PySpark)."""
    from marsad.cli import answers, batch, serve, train  # noqa: F401  (register their commands on `app`)


def _own_command(args: list[str]) -> bool:
    """Whether the command line names one of this module's commands: then the others need not be registered
    (`marsad extract` starts some 30 ms sooner); `marsad --help` and everything else see them all."""
    command = next((a for a in args if not a.startswith("-")), None)
    return command in {c.name or c.callback.__name__.replace("_", "-") for c in app.registered_commands}


def main() -> None:
    # A command's start allocates a few hundred thousand objects that live to its end (imports, the knowledge
    # base): collecting every 700 of them costs a short command about a tenth of its second.
    gc.set_threshold(20_000, 10, 10)
    if not _own_command(sys.argv[1:]):
        _register_optional_commands()
    library = logging.getLogger("marsad")
    library.addHandler(_WarningsAsNotes(logging.WARNING))
    library.propagate = False
    from marsad.cli.main import app as registered  # under `python -m marsad.cli.main` this module is __main__,
    try:                                            # and the other modules register on the imported copy
        registered()
    except MarsadError as exc:
        _fail(exc)


if __name__ == "__main__":
    main()
