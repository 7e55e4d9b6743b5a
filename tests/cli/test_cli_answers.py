"""`marsad visits`, `marsad claims`, `marsad balance` and `marsad watch` end to end on a store of our articles."""
from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from marsad.cli.main import _register_optional_commands, app
from tests.conftest import SAMPLES

ARTICLES = [SAMPLES / "corpus" / name for name in (
    "103_haftar-putin-sep2023.txt", "123_yevkurov-benghazi-briefs.jsonl", "124_yevkurov-benghazi-nov-2024.txt",
    "125_russia-east-libya-analysis-2024.txt", "126_putin-haftar-kremlin-2025.txt")]


class Result:
    def __init__(self, r):
        self.returncode, self.stdout, self.stderr = r.exit_code, r.stdout, r.stderr


def run(*args, check=True) -> Result:
    """The command in this process (as `marsad ARGS` runs it), so the knowledge base loads once."""
    _register_optional_commands()
    result = Result(CliRunner().invoke(app, [str(a) for a in args]))
    if check and result.returncode != 0:
        raise AssertionError(result.stderr)
    return result


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('cli-answers') / 'a.db'}"
    out = run("ingest", *ARTICLES, "--db", url, "-q").stdout
    assert "claims found" in out and "contradicted" in out
    return url


def test_visits_lists_the_ledger(db):
    rows = list(csv.DictReader(io.StringIO(run("visits", "--actor", "Yevkurov", "--host", "Benghazi",
                                               "--db", db, "--format", "csv").stdout)))
    assert [r["date"] for r in rows] == ["2023-08-22", "2023-09-17", "2023-11-28", "2024-04-09", "2024-11-05"]
    table = run("visits", "--actor", "Yevkurov", "--host", "Benghazi", "--from", "2024", "--db", db).stdout
    assert "2 visits" in table and "2024-04-09" in table
    bad = run("visits", "--host", "Atlantis", "--db", db, check=False)
    assert bad.returncode == 1 and "no actor, polity or place matches 'Atlantis'" in bad.stderr


def test_claims_lists_verdicts_contradictions_first(db):
    listing = json.loads(run("claims", "--db", db, "--format", "json").stdout)
    statuses = [c["status"] for c in listing["claims"]]
    assert statuses[0] == "contradicted" and "supported" in statuses
    kremlin = next(c for c in listing["claims"] if c["doc_key"].startswith("126_"))
    assert kremlin["status"] == "contradicted" and "2023-09-28" in kremlin["reason"]
    table = run("claims", "--status", "contradicted", "--db", db).stdout
    assert "contradicted" in table and "supported" not in table.split("claims (")[0]
    bad = run("claims", "--status", "maybe", "--db", db, check=False)
    assert bad.returncode == 1 and "choose from contradicted" in bad.stderr


def test_claims_scan_reads_documents_stored_before_claims_existed(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.db'}"
    run("ingest", ARTICLES[2], "--db", url, "-q")
    import sqlite3
    db = sqlite3.connect(tmp_path / "old.db")
    db.execute("DELETE FROM claims")
    db.execute("DELETE FROM claim_scans")
    db.commit()
    db.close()
    assert "documents not yet read for claims" in run("claims", "--db", url).stdout.replace("\n", " ")
    result = run("claims", "--scan", "--db", url, "--format", "json")
    assert "claims found" in result.stderr
    assert [c["cue"] for c in json.loads(result.stdout)["claims"]] == ["للمرة الرابعة", "للمرة الرابعة"]


def test_balance_ranks_states(db):
    result = json.loads(run("balance", "--db", db, "--format", "json").stdout)
    assert result["states"][0]["rank"] == 1 and {s["state"] for s in result["states"]} >= {"RUS"}
    table = run("balance", "--state", "RUS", "--quarters", "--db", db).stdout
    assert "RUS" in table and "2023-Q3" in table
    assert run("balance", "--state", "LBY-E", "--db", db, check=False).returncode == 1


def test_watch_add_list_show_feed_remove(db):
    added = run("watch", "add", "--name", "Russians in Benghazi", "--polity", "RUS", "--location", "Benghazi",
                "--db", db).stdout
    watch_id = added.split()[1]
    assert "matches already in the store" in added
    assert "Russians in Benghazi" in run("watch", "list", "--db", db).stdout
    assert "event" in run("watch", "show", watch_id, "--db", db).stdout
    feed = run("watch", "feed", watch_id, "--db", db).stdout
    assert feed.startswith('<?xml') and "urn:marsad:watch:" in feed
    assert "removed" in run("watch", "remove", watch_id, "--db", db).stdout
    bad = run("watch", "add", "--type", "PARTY", "--db", db, check=False)
    assert bad.returncode == 1 and "type PARTY" in bad.stderr
