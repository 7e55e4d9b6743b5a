"""The `marsad` command end to end: extract, ingest, events, actors, export, eval, summary."""
from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ARTICLES, ENGINES, SAMPLES, fresh_database

MARSAD = [sys.executable, "-m", "marsad.cli.main"]


def run(*args, env=None, check=True):
    result = subprocess.run([*MARSAD, *map(str, args)], capture_output=True, text=True, env=env)
    if check and result.returncode != 0:
        raise AssertionError(result.stderr)
    return result


@pytest.fixture
def db(engine_url):
    """A store URL that does not exist yet (SQLite) or an empty database (PostgreSQL): `ingest` creates the store."""
    return engine_url


def test_extract_prints_plover_jsonl_following_the_guidelines():
    out = run("extract", ARTICLES / "visit_cairo.txt", "--format", "plover-jsonl").stdout
    records = [json.loads(line) for line in out.splitlines()]
    assert records
    for field in ("doc", "evidence", "event_type", "mode", "context", "actor", "recipient", "location", "date",
                  "date_text", "aux", "cameo", "start", "end", "confidence"):
        assert field in records[0]
    text = (ARTICLES / "visit_cairo.txt").read_text(encoding="utf-8")
    assert all(r["doc"] == "visit_cairo.txt" and r["evidence"] in text for r in records)
    assert any(r["event_type"] == "CONSULT" and {"EGY", "LBY-E"} <= {e["polity"] for e in r["actor"] + r["recipient"]}
               for r in records)


def test_extract_keeps_only_events_at_or_above_a_confidence():
    def confidences(*extra):
        out = run("extract", ARTICLES / "visit_cairo.txt", "--format", "plover-jsonl", *extra).stdout
        return [json.loads(line)["confidence"] for line in out.splitlines()]
    every = confidences()
    cut = sorted(every)[len(every) // 2]
    kept = confidences("--min-confidence", str(cut))
    assert kept == [c for c in every if c >= cut]
    assert len(kept) < len(every) or min(every) == cut
    assert run("extract", ARTICLES / "visit_cairo.txt", "--min-confidence", "2", check=False).returncode == 2


def test_extract_reads_a_date_line_and_honours_published(tmp_path):
    out = run("extract", ARTICLES / "ankara_meeting.txt", "--format", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    assert any(r["date"] == "2025-01-04" for r in rows)  # 'أمس السبت' against the date line 5/1/2025


def test_extract_names_a_bad_file_and_goes_on(tmp_path):
    bad = tmp_path / "empty.txt"
    bad.write_text("")
    result = run("extract", bad, ARTICLES / "visit_cairo.txt", check=False)
    assert result.returncode == 0 and "empty.txt" in result.stderr and "CONSULT" in result.stdout


def test_ingest_twice_adds_nothing_and_queries_work(db, tmp_path):
    first = run("ingest", ARTICLES, "--db", db, "-q").stdout
    again = run("ingest", ARTICLES, "--db", db, "-q")
    assert "2 documents added" in first
    assert "0 documents added" in again.stdout and "2 files already ingested" in again.stdout
    assert "same bytes" not in again.stderr  # the same files read again: a count, not a line each
    events = run("events", "--db", db, "--polity", "EGY", "--format", "plover-jsonl").stdout.splitlines()
    assert events and all("EGY" in json.dumps(json.loads(e)) for e in events)
    assert "Khalifa Haftar" in run("actors", "--db", db).stdout
    assert "documents" in run("summary", "--db", db).stdout


def test_a_file_with_the_bytes_of_one_already_ingested_is_named(db, tmp_path):
    copy = tmp_path / "copy of visit_cairo.txt"
    copy.write_bytes((ARTICLES / "visit_cairo.txt").read_bytes())
    result = run("ingest", ARTICLES / "visit_cairo.txt", copy, "--db", db, "-q")
    assert "1 documents added" in result.stdout and "1 files already ingested" in result.stdout
    assert f"{copy} has the same bytes as {ARTICLES / 'visit_cairo.txt'}, already ingested" in result.stderr


@pytest.fixture(scope="module", params=ENGINES)
def filled(request, tmp_path_factory):
    """One store of our articles per engine, for the commands that only read."""
    with fresh_database(request.param, tmp_path_factory.mktemp("filled")) as url:
        run("ingest", ARTICLES, "--db", url, "-q")
        yield url


@pytest.mark.parametrize("fmt", ["plover-jsonl", "cameo-tsv", "csv", "parquet"])
def test_export_formats(filled, tmp_path, fmt):
    db = filled
    out = tmp_path / f"events.{fmt}"
    run("export", "--db", db, "--format", fmt, "-o", out)
    if fmt == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq
        table = pq.read_table(out)
        assert table.num_rows > 0
        assert table.schema.field("date").type == table.schema.field("date_end").type == pa.date32()
        assert set(table.column("date_precision").to_pylist()) <= {"day", "month", "year", None}
    elif fmt == "cameo-tsv":
        header, *rows = out.read_text(encoding="utf-8").splitlines()
        assert header.split("\t")[3] == "cameo" and rows
    elif fmt == "csv":  # with a BOM, so that Excel reads the Arabic as UTF-8; confidences without float noise
        data = out.read_text(encoding="utf-8")
        assert data.startswith("\ufeffid,")
        rows = list(csv.DictReader(io.StringIO(data[1:])))
        assert rows and all(len(r["confidence"].partition(".")[2]) <= 3 for r in rows)
    else:
        assert out.read_text(encoding="utf-8").strip()


def test_eval_prints_the_scorer_figures(tmp_path):
    out = run("eval", SAMPLES / "gold.jsonl", SAMPLES / "corpus").stdout
    assert out.splitlines()[-1].startswith("F1 ")


def test_bad_database_url_is_a_one_line_error():
    result = run("events", "--db", "nosuchdriver://x", check=False)
    assert result.returncode == 1 and "error:" in result.stderr and "Traceback" not in result.stderr


def test_every_command_has_help():
    for command in ("extract", "ingest", "events", "actors", "export", "eval", "summary"):
        assert "Usage" in run(command, "--help").stdout


def test_every_command_is_documented_in_the_readme():
    from marsad.cli.main import _register_optional_commands, app

    _register_optional_commands()
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    names = {c.name or c.callback.__name__ for c in app.registered_commands}
    assert names >= {"extract", "ingest", "events", "actors", "export", "eval", "summary", "serve"}
    missing = [n for n in names if f"marsad {n}" not in readme]
    assert not missing, f"README.md does not show: {missing}"


def test_skipped_files_are_named_on_one_line_as_they_happen_and_summary_lists_them(db, tmp_path):
    article = (ARTICLES / "visit_cairo.txt").read_text(encoding="utf-8")
    folder = tmp_path / "in"
    deep = folder / ("مجلد-طويل-" * 8) / "a["  # a path over 80 columns that holds '[/x]', rich's closing tag
    deep.mkdir(parents=True)
    (deep / "x]b.jsonl").write_text(json.dumps({"id": "[/x]", "text": article}, ensure_ascii=False) + "\n"
                                    + json.dumps({"id": "n", "text": 5}) + "\n", encoding="utf-8")
    (folder / "line\nbreak [bold].txt").write_text("", encoding="utf-8")
    result = run("ingest", folder, "--db", db)  # stdout and stderr are pipes here
    assert result.returncode == 0 and "Traceback" not in result.stderr
    skipped = [line for line in result.stderr.splitlines() if line.startswith("skipped: ")]
    assert len(skipped) == 2
    assert any(line.endswith("a[/x]b.jsonl:2: field 'text' must be a string, not a number") for line in skipped)
    assert any("line\\u000abreak [bold].txt: file is empty" in line for line in skipped)
    assert "2 skipped (marsad summary lists them)" in result.stdout
    again = run("ingest", folder, "--db", db)
    assert any(line.startswith("duplicate: ") and "([/x]) is already in the store" in line
               for line in again.stderr.splitlines())
    listed = run("summary", "--db", db).stdout.splitlines()
    assert "2 skipped by ingest and not stored since:" in listed
    assert [line.split(": ", 1)[1] for line in listed if line.startswith("skipped (read): ")] == \
        [line.removeprefix("skipped: ") for line in skipped]


def test_extract_prints_ids_and_titles_as_they_are(tmp_path):
    path = tmp_path / "[red]batch[bold].jsonl"
    path.write_text(json.dumps({"id": "[/x]", "title": "[bold]", "text": (ARTICLES / "visit_cairo.txt")
                                .read_text(encoding="utf-8")}, ensure_ascii=False), encoding="utf-8")
    records = [json.loads(line) for line in run("extract", path, "--format", "plover-jsonl").stdout.splitlines()]
    assert records and {r["doc"] for r in records} == {"[/x]"}
    refused = run("extract", path, "--time-budget", "-1", check=False)
    assert refused.returncode == 1 and refused.stderr.startswith("error: --time-budget -1.0: give a positive number")
