"""The command line refuses bad values with a non-zero exit and a message naming the value and the choices
(issue 9, "Input checks"), and shows events as a real table with totals and paging (issue 9, "CLI")."""
from __future__ import annotations

from types import SimpleNamespace

import pytest
from typer.testing import CliRunner

from marsad.cli.main import app
from tests.conftest import ARTICLES, ENGINES, fresh_database


def run(*args, check=True):
    """The command in this process (the same code as the `marsad` script, without a new interpreter each time)."""
    result = CliRunner().invoke(app, [str(a) for a in args])
    if check and result.exit_code != 0:
        raise AssertionError(result.stderr)
    return SimpleNamespace(returncode=result.exit_code, stdout=result.stdout, stderr=result.stderr)


@pytest.fixture(scope="module", params=ENGINES)
def db(request, tmp_path_factory):
    with fresh_database(request.param, tmp_path_factory.mktemp("cli")) as url:
        run("ingest", ARTICLES, "--db", url, "-q")
        yield url


@pytest.mark.parametrize("args,names", [
    (["events", "--type", "FOO"], ["FOO", "CONSULT"]),
    (["events", "--from", "garbage"], ["--from", "garbage", "YYYY"]),
    (["events", "--to", "2025-02-30"], ["--to", "2025-02-30", "no day 30"]),
    (["events", "--from", "2025-13"], ["--from", "month 13"]),
    (["events", "--polity", "XXX"], ["--polity", "XXX", "RUS"]),
    (["events", "--mode", "bogus"], ["--mode", "bogus", "visit"]),
    (["events", "--aux", "maybe"], ["--aux", "maybe", "alleged"]),
    (["events", "--format", "jsonl"], ["jsonl", "plover-jsonl"]),
    (["events", "--sort", "colour"], ["colour", "-date"]),
    (["summary", "--type", "FOO"], ["FOO", "CONSULT"]),
    (["export", "--format", "xlsx"], ["xlsx", "parquet"]),
    (["export", "--context", "bogus"], ["bogus", "military"]),
    (["actors", "--polity", "XXX"], ["XXX", "RUS"]),
    (["actors", "--kind", "planet"], ["planet", "person"]),
])
def test_bad_values_exit_non_zero_naming_them(db, args, names):
    result = run(*args, "--db", db, check=False)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    for name in names:
        assert name in result.stderr, result.stderr


def test_a_mistyped_db_path_is_an_error_and_creates_nothing(tmp_path):
    path = tmp_path / "typo.db"
    result = run("events", "--db", f"sqlite:///{path}", check=False)
    assert result.returncode == 1 and "no store at" in result.stderr and not path.exists()


def test_a_day_that_does_not_exist_is_named(tmp_path):
    path = tmp_path / "new.db"
    result = run("ingest", ARTICLES, "--db", f"sqlite:///{path}", "--published", "2025-02-30", check=False)
    assert result.returncode == 1 and "2025-02-30" in result.stderr and "no such day" in result.stderr
    assert not path.exists()
    result = run("extract", ARTICLES / "visit_cairo.txt", "--format", "yaml", check=False)
    assert result.returncode == 1 and "yaml" in result.stderr and "plover-jsonl" in result.stderr


def test_version():
    import marsad
    assert run("--version").stdout.strip() == f"marsad {marsad.__version__}"


def test_events_are_a_table_newest_first_with_a_total_and_pages(db):
    import json

    everything = [json.loads(x) for x in run("events", "--db", db, "--format", "plover-jsonl").stdout.splitlines()]
    dates = [e["date"] for e in everything if e["date"]]
    assert dates == sorted(dates, reverse=True)
    table = run("events", "--db", db, "--limit", "2").stdout
    assert f"events 1–2 of {len(everything)}" in table and "--offset 2" in table
    assert "┃" in table or "│" in table  # a drawn table, not lines of text
    page2 = run("events", "--db", db, "--limit", "2", "--offset", "2", "--format", "plover-jsonl").stdout
    assert [json.loads(x)["id"] for x in page2.splitlines()] == [e["id"] for e in everything[2:4]]


def test_actors_lists_every_actor_with_a_total(db):
    out = run("actors", "--db", db).stdout
    total = int(out.rsplit(" of ", 1)[1].split()[0])
    assert total > 0 and f"actors 1–{total} of {total}" in out
    assert "خليفة حفتر" in out  # the Arabic name from the knowledge base
