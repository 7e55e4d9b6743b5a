"""Ingest of the sample corpus: a first run, a run again (nothing new: every file skipped by its hash), and the
corpus in two halves by two `marsad ingest` processes at once, on SQLite and, when a PostgreSQL URL is given (or
scripts/postgres.sh left one in .pg/url), on PostgreSQL. Prints wall and CPU seconds and what each store holds.

Usage: python bench/ingest.py [--postgres postgresql+psycopg://…/postgres]
"""
from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from marsad.store import open_store  # noqa: E402
from marsad.store.tables import documents, events  # noqa: E402

CORPUS = sorted(str(p) for p in (ROOT / "marsad" / "samples" / "corpus").iterdir())
MARSAD = [sys.executable, "-m", "marsad.cli.main", "ingest", "-q"]


def run(*groups: list[str], url: str) -> tuple[float, float]:
    """Run one `marsad ingest` per group of files, all at once; (wall s, CPU s of all of them)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    procs = [subprocess.Popen([*MARSAD, *files, "--db", url], cwd=ROOT, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True) for files in groups]
    for proc in procs:
        _, err = proc.communicate()
        if proc.returncode:
            raise SystemExit(f"ingest failed: {err}")
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def held(url: str) -> str:
    store = open_store(url)
    with store.engine.connect() as conn:
        n_docs = conn.scalar(select(func.count()).select_from(documents))
        n_events = conn.scalar(select(func.count()).select_from(events))
    store.engine.dispose()
    return f"{n_docs} documents, {n_events} events"


def scenarios(engine: str, new_url) -> None:
    url = new_url()
    wall, cpu = run(CORPUS, url=url)
    print(f"{engine:10} first run         {wall:6.1f} s wall {cpu:6.1f} s CPU   {held(url)}")
    wall, cpu = run(CORPUS, url=url)
    print(f"{engine:10} run again (no-op) {wall:6.1f} s wall {cpu:6.1f} s CPU   {held(url)}")
    url = new_url()
    wall, cpu = run(CORPUS[::2], CORPUS[1::2], url=url)
    print(f"{engine:10} two halves at once{wall:6.1f} s wall {cpu:6.1f} s CPU   {held(url)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", help="an admin URL of a PostgreSQL server; a database is made per run")
    args = parser.parse_args()
    pg = args.postgres or os.environ.get("MARSAD_TEST_POSTGRES") or (
        (ROOT / ".pg" / "url").read_text().strip() if (ROOT / ".pg" / "url").is_file() else None)
    print(f"{len(CORPUS)} sample files; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as tmp:
        scenarios("sqlite", lambda: f"sqlite:///{tmp}/{uuid.uuid4().hex[:8]}.db")
    if not pg:
        print("postgresql: no server given (--postgres, or `bash scripts/postgres.sh start`): skipped")
        return
    admin = create_engine(pg, isolation_level="AUTOCOMMIT")
    made = []

    def new_pg_url() -> str:
        name = f"marsad_bench_{uuid.uuid4().hex[:8]}"
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        made.append(name)
        return make_url(pg).set(database=name).render_as_string(hide_password=False)
    try:
        scenarios("postgresql", new_pg_url)
    finally:
        with admin.connect() as conn:
            for name in made:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


if __name__ == "__main__":
    main()
