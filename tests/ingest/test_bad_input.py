"""Bad input gets a clear message naming the file; the rest of the batch goes on; nothing stored is lost."""
from __future__ import annotations

import json

import pytest

from marsad.ingest.readers import InputProblem, expand, read_path
from marsad.pipeline import ingest

ARTICLE = ("زار وزير الخارجية التركي هاكان فيدان مدينة بنغازي أمس، والتقى المشير خليفة حفتر لبحث التعاون.\n"
           "وقال مصدر إن الزيارة تناولت الأمن والطاقة.")


def _read(path, kb, **kw):
    return list(read_path(path, month_numbers=kb.month_numbers, **kw))


def test_empty_file_is_reported_by_name(tmp_path, kb):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"   \n")
    [problem] = _read(path, kb)
    assert isinstance(problem, InputProblem)
    assert "empty.txt" in problem.message and "empty" in problem.message


def test_binary_file_is_refused(tmp_path, kb):
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20)
    [problem] = _read(path, kb)
    assert isinstance(problem, InputProblem) and "binary" in problem.message


def test_windows_1256_is_detected(tmp_path, kb):
    path = tmp_path / "cp1256.txt"
    path.write_bytes(ARTICLE.encode("cp1256"))
    [doc] = _read(path, kb)
    assert "هاكان فيدان" in doc.text


def test_utf8_bom_is_dropped(tmp_path, kb):
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + ARTICLE.encode("utf-8"))
    [doc] = _read(path, kb)
    assert doc.text.startswith("زار")


def test_truncated_utf8_keeps_the_complete_part(tmp_path, kb):
    path = tmp_path / "cut.txt"
    path.write_bytes(ARTICLE.encode("utf-8")[:-1])
    [doc] = _read(path, kb)
    assert "هاكان فيدان" in doc.text


def test_undecodable_text_names_the_fix(tmp_path, kb):
    path = tmp_path / "latin1.txt"
    path.write_bytes("Événement à Paris: le ministre a rencontré son homologue égyptien.".encode("latin-1"))
    [problem] = _read(path, kb)
    assert isinstance(problem, InputProblem) and "--encoding" in problem.message


def test_huge_file_is_refused_with_its_size(tmp_path, kb):
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:
        fh.seek(50 * 1024 * 1024)
        fh.write(b"x")
    [problem] = _read(path, kb)
    assert "huge.txt" in problem.message and "50.0 MB" in problem.message and "--max-mb" in problem.message


def test_malformed_html_still_gives_the_article(tmp_path, kb):
    path = tmp_path / "broken.html"
    path.write_text("<html><head><title>خبر</title><body><div><p>" + ARTICLE.replace("\n", "</p><p>") +
                    "<p><b>غير مغلق<div><script>alert(1)</script>", encoding="utf-8")
    [doc] = _read(path, kb)
    assert "هاكان فيدان" in doc.text and "alert" not in doc.text


def test_bad_jsonl_lines_are_skipped_and_good_ones_kept(tmp_path, kb):
    path = tmp_path / "batch.jsonl"
    good = {"id": "a1", "text": ARTICLE, "published": "2025-03-02", "title": "فيدان في بنغازي"}
    path.write_text(json.dumps(good, ensure_ascii=False) + "\n{not json\n" + json.dumps({"id": "a2"}) + "\n",
                    encoding="utf-8")
    items = _read(path, kb)
    docs = [i for i in items if not isinstance(i, InputProblem)]
    problems = [i for i in items if isinstance(i, InputProblem)]
    assert [d.id for d in docs] == ["a1"] and str(docs[0].published) == "2025-03-02"
    assert len(problems) == 2 and all("batch.jsonl:" in p.message for p in problems)


def test_a_batch_goes_on_past_bad_files_and_stores_nothing_twice(tmp_path, kb, store):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "b.txt").write_bytes(b"")
    (folder / "c.bin").write_bytes(b"\x00\x01\x02" * 100)
    (folder / "d.txt").write_text(ARTICLE.replace("بنغازي", "طبرق") + "\nوأضاف أن الوفد سيعود الشهر المقبل.",
                                  encoding="utf-8")
    first = ingest([str(folder)], store, kb)
    assert first.added == 2 and len(first.problems) == 2
    before = store.counts()
    second = ingest([str(folder)], store, kb)
    assert second.added == 0 and len(second.duplicates) + second.skipped == 2  # finished files are skipped
    assert store.counts() == before


def test_an_interrupted_run_keeps_finished_documents(tmp_path, kb, store, monkeypatch):
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(3):
        (folder / f"{n}.txt").write_text(f"{ARTICLE}\nتقرير رقم {n} عن لقاءات مختلفة تماما في مدن عدة {n * 'و'}.",
                                         encoding="utf-8")
    import marsad.pipeline as pipeline

    real_extract = pipeline.extract
    calls = {"n": 0}

    def crash_on_third(doc, kb_, **kw):
        calls["n"] += 1
        if calls["n"] == 3:
            raise KeyboardInterrupt
        return real_extract(doc, kb_, **kw)

    monkeypatch.setattr(pipeline, "extract", crash_on_third)
    with pytest.raises(KeyboardInterrupt):
        ingest([str(folder)], store, kb)
    assert store.counts()["documents"] == 2
    monkeypatch.setattr(pipeline, "extract", real_extract)
    again = ingest([str(folder)], store, kb)
    assert again.added + sum(1 for _, w in again.duplicates if w.startswith("a near")) == 1
    assert store.counts()["documents"] == 3


def test_missing_path_is_a_clear_error(tmp_path):
    from marsad.errors import InputError
    with pytest.raises(InputError, match="no such file"):
        expand([str(tmp_path / "nope" / "*.txt")])
