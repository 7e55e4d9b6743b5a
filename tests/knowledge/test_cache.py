"""The compiled knowledge base is cached per content of the files, and two processes may build it at once."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from marsad.extract import extract
from marsad.knowledge import load_knowledge
from marsad.knowledge.cache import cache_key
from marsad.knowledge.load import packaged_data_dir
from marsad.records import Document
from tests.conftest import ARTICLES

BUILD = "from marsad.knowledge import load_knowledge; print(load_knowledge().version)"


def packaged_cache_file() -> Path:
    """The run's cache file of the packaged knowledge base (written when the session's `kb` was loaded)."""
    folder = packaged_data_dir()
    key = cache_key([(str(p.relative_to(folder)), p.read_bytes()) for p in sorted(folder.rglob("*.yaml"))])
    return Path(os.environ["MARSAD_CACHE_DIR"]) / f"kb-{key}.pickle"


def _events(kb):
    doc = Document(id="c", text=(ARTICLES / "visit_cairo.txt").read_text(encoding="utf-8"))
    return [(e.event_type, e.evidence, e.date) for e in extract(doc, kb)]


def test_a_load_comes_from_the_cache_and_extracts_the_same(kb, tmp_path, monkeypatch):
    """`kb` (the session's base) was built once and cached in the run's cache folder: a load reads that file."""
    cached_file = packaged_cache_file()
    (tmp_path / cached_file.name).write_bytes(cached_file.read_bytes())
    monkeypatch.setenv("MARSAD_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr("marsad.knowledge.load._build", lambda files: pytest.fail("built, not read from the cache"))
    cached = load_knowledge()
    assert cached is not kb and cached.version == kb.version
    assert _events(cached) == _events(kb)


def test_a_changed_knowledge_file_misses_the_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("MARSAD_CACHE_DIR", str(tmp_path / "cache"))
    extra = tmp_path / "kb"
    (extra / "actors").mkdir(parents=True)
    entry = "- id: test-envoy\n  name: Test Envoy\n  polity: ITA\n  aliases: [{}]\n"
    (extra / "actors" / "extra.yaml").write_text(entry.format("المبعوث التجريبي الأول"), encoding="utf-8")
    first = load_knowledge([extra])
    (extra / "actors" / "extra.yaml").write_text(entry.format("المبعوث التجريبي الثاني"), encoding="utf-8")
    second = load_knowledge([extra])
    assert first.version != second.version
    assert second.actors_by_id["test-envoy"].aliases == ["المبعوث التجريبي الثاني"]
    assert len(list((tmp_path / "cache").glob("kb-*.pickle"))) == 2


def test_a_broken_cache_file_is_rebuilt(kb, tmp_path, monkeypatch):
    cached_file = packaged_cache_file()
    broken = tmp_path / cached_file.name
    broken.write_bytes(cached_file.read_bytes()[:1000])  # as if the disk filled up mid-write
    monkeypatch.setenv("MARSAD_CACHE_DIR", str(tmp_path))
    assert load_knowledge().version == kb.version
    assert broken.stat().st_size == cached_file.stat().st_size


def test_two_processes_building_at_once_both_succeed(tmp_path):
    env = {**os.environ, "MARSAD_CACHE_DIR": str(tmp_path)}
    procs = [subprocess.Popen([sys.executable, "-c", BUILD], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True, env=env, cwd=Path(__file__).resolve().parents[2]) for _ in range(2)]
    outs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    assert outs[0][0] == outs[1][0]
    assert len(list(tmp_path.glob("kb-*.pickle"))) == 1 and not list(tmp_path.glob("*.tmp"))
    again = subprocess.run([sys.executable, "-c", BUILD], capture_output=True, text=True, env=env, timeout=300)
    assert again.stdout == outs[0][0]
