"""The compiled knowledge base is cached per content of the files, and two processes may build it at once."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from marsad.extract import extract
from marsad.knowledge import load_knowledge
from marsad.records import Document
from tests.conftest import ARTICLES

BUILD = "from marsad.knowledge import load_knowledge; print(load_knowledge().version)"


def _events(kb):
    doc = Document(id="c", text=(ARTICLES / "visit_cairo.txt").read_text(encoding="utf-8"))
    return [(e.event_type, e.evidence, e.date) for e in extract(doc, kb)]


def test_the_second_load_comes_from_the_cache_and_extracts_the_same(tmp_path, monkeypatch):
    monkeypatch.setenv("MARSAD_CACHE_DIR", str(tmp_path))
    built = load_knowledge()
    files = list(tmp_path.glob("kb-*.pickle"))
    assert len(files) == 1
    cached = load_knowledge()
    assert cached is not built and cached.version == built.version
    assert _events(cached) == _events(built)


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


def test_a_broken_cache_file_is_rebuilt(tmp_path, monkeypatch):
    monkeypatch.setenv("MARSAD_CACHE_DIR", str(tmp_path))
    version = load_knowledge().version
    (cache_file,) = tmp_path.glob("kb-*.pickle")
    cache_file.write_bytes(cache_file.read_bytes()[:1000])  # as if the disk filled up mid-write
    assert load_knowledge().version == version
    assert cache_file.stat().st_size > 1000


def test_two_processes_building_at_once_both_succeed(tmp_path):
    env = {**__import__("os").environ, "MARSAD_CACHE_DIR": str(tmp_path)}
    procs = [subprocess.Popen([sys.executable, "-c", BUILD], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True, env=env, cwd=Path(__file__).resolve().parents[2]) for _ in range(2)]
    outs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    assert outs[0][0] == outs[1][0]
    assert len(list(tmp_path.glob("kb-*.pickle"))) == 1 and not list(tmp_path.glob("*.tmp"))
    again = subprocess.run([sys.executable, "-c", BUILD], capture_output=True, text=True, env=env, timeout=300)
    assert again.stdout == outs[0][0]
