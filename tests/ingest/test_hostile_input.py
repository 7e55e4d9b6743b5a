"""Issue 12: whatever a file does, the run names it with a one-line reason and goes on; work per document is
bounded (feed items, page depth and size, article length, runaway sentences, a time budget)."""
from __future__ import annotations

import json
import os
import time

import pytest
from sqlalchemy import select

from marsad.errors import TooSlow, one_line, shown_path
from marsad.extract import MAX_TRIGGERS_PER_SENTENCE, extract
from marsad.ingest.readers import MAX_ARTICLE_CHARS, MAX_HTML_DEPTH, InputProblem, read_path
from marsad.pipeline import Limits, extract_files, ingest
from marsad.records import Document
from marsad.store.tables import documents
from marsad.text.sentences import MAX_SENTENCE_CHARS, split_sentences

ARTICLE = ("زار وزير الخارجية التركي هاكان فيدان مدينة بنغازي أمس، والتقى المشير خليفة حفتر لبحث التعاون.\n"
           "وقال مصدر إن الزيارة تناولت الأمن والطاقة.")
GOOD = {"id": "good", "text": ARTICLE, "published": "2025-03-02"}


def _doc_keys(store) -> list[str]:
    with store.engine.connect() as conn:
        return list(conn.execute(select(documents.c.doc_key).order_by(documents.c.id)).scalars())


def _jsonl(*records: str) -> bytes:
    return "\n".join(records).encode("utf-8", "surrogatepass")


# (file name, content): each once ended a whole run with a traceback (issue 12's table)
HOSTILE = {
    "nested": ("nested.jsonl", _jsonl('{"text":' + "[" * 100_000 + "]" * 100_000 + "}")),
    "huge number": ("bignum.jsonl", _jsonl('{"text": "%s", "n": %s}' % (ARTICLE.replace("\n", " "), "9" * 5000))),
    "lone surrogate": ("surrogate.jsonl", _jsonl('{"id": "s\\udcff", "text": "%s \\ud800"}' % ARTICLE.replace("\n", " "))),
    "url of the wrong type": ("wrong.jsonl", _jsonl(json.dumps({**GOOD, "url": ["u"]}))),
    "title of the wrong type": ("wrong-title.jsonl", _jsonl(json.dumps({**GOOD, "title": {"a": 1}}))),
    "id of the wrong type": ("wrong-id.jsonl", _jsonl(json.dumps({**GOOD, "id": [1]}))),
    "text of the wrong type": ("wrong-text.jsonl", _jsonl(json.dumps({**GOOD, "text": 5}))),
    "not an object": ("list.jsonl", _jsonl("[1, 2]")),
    "UTF-16 with a BOM and an odd byte count": ("odd.txt", b"\xff\xfe" + ARTICLE.encode("utf-16-le") + b"\x00"),
    "UTF-16 without a BOM": ("bare16.txt", ARTICLE.encode("utf-16-le")),
    "NUL bytes": ("nul.txt", b"\x00" * 50 + ARTICLE.encode()),
    "markup in an id": ("markup.jsonl", _jsonl(json.dumps({**GOOD, "id": "[/x]", "title": "[bold]"}))),
}


@pytest.mark.parametrize("family", sorted(HOSTILE))
def test_a_hostile_file_is_named_or_read_and_the_batch_goes_on(tmp_path, kb, store, family):
    name, data = HOSTILE[family]
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / name).write_bytes(data)
    (folder / "zz-good.txt").write_text(ARTICLE.replace("بنغازي", "طبرق") + "\nتقرير آخر.", encoding="utf-8")
    problems: list[InputProblem] = []
    report = ingest([str(folder)], store, kb, on_problem=problems.append)
    assert problems == report.problems
    assert "zz-good.txt" in _doc_keys(store)  # the file after it was read
    assert report.added + len(report.duplicates) + len(report.problems) == 2
    for p in problems:
        assert name in p.path and p.message.startswith(p.path) and p.message == one_line(p.message)


def test_wrong_field_types_are_named(tmp_path, kb):
    path = tmp_path / "wrong.jsonl"
    path.write_bytes(HOSTILE["url of the wrong type"][1])
    [problem] = list(read_path(path, month_numbers=kb.month_numbers))
    assert problem.message.endswith("field 'url' must be a string, not a list")


def test_lone_surrogates_are_replaced_so_the_text_can_be_stored(tmp_path, kb, store):
    path = tmp_path / "s.jsonl"
    path.write_bytes(HOSTILE["lone surrogate"][1])
    [doc] = list(read_path(path, month_numbers=kb.month_numbers))
    assert doc.id == "s\ufffd" and doc.text.endswith("\ufffd")
    assert store.add_document(doc, extract(doc, kb), kb.version).status == "added"


def test_numbers_too_long_for_python_do_not_lose_the_record(tmp_path, kb):
    path = tmp_path / "n.jsonl"
    path.write_bytes(HOSTILE["huge number"][1])
    [doc] = list(read_path(path, month_numbers=kb.month_numbers))
    assert "هاكان فيدان" in doc.text


def test_utf16_is_read_with_or_without_a_bom_and_an_odd_last_byte_is_dropped(tmp_path, kb):
    for name in ("odd.txt", "bare16.txt"):
        (tmp_path / name).write_bytes(HOSTILE[[k for k, v in HOSTILE.items() if v[0] == name][0]][1])
        [doc] = list(read_path(tmp_path / name, month_numbers=kb.month_numbers))
        assert doc.text.startswith("زار") and "هاكان فيدان" in doc.text


def test_a_file_name_that_is_not_utf8_is_shown_escaped_and_stored(tmp_path, kb, store):
    (tmp_path / "in").mkdir()
    raw = os.path.join(os.fsencode(tmp_path / "in"), b"caf\xe9\xe2\x80\xae.txt")
    with open(raw, "wb") as fh:
        fh.write(ARTICLE.encode())
    report = ingest([str(tmp_path / "in")], store, kb)
    assert report.added == 1
    assert _doc_keys(store) == ["caf\\xe9\\u202e.txt"]
    assert shown_path(os.fsdecode(raw)).endswith("caf\\xe9\\u202e.txt")


def test_a_jsonl_line_over_the_limit_is_skipped_unread_and_the_next_one_read(tmp_path, kb):
    path = tmp_path / "big.jsonl"
    path.write_bytes(_jsonl(json.dumps({"id": "big", "text": "ب" * 40_000}), json.dumps(GOOD, ensure_ascii=False)))
    problem, doc = list(read_path(path, month_numbers=kb.month_numbers, max_bytes=20_000))
    assert problem.path.endswith("big.jsonl:1") and "MB limit" in problem.message and doc.id == "good"


def test_an_article_longer_than_a_book_is_refused_with_its_length(tmp_path, kb):
    path = tmp_path / "book.txt"
    path.write_text((ARTICLE + "\n") * (MAX_ARTICLE_CHARS // len(ARTICLE) + 10), encoding="utf-8")
    [problem] = list(read_path(path, month_numbers=kb.month_numbers))
    assert "book.txt" in problem.message and "split it" in problem.message


# ---- feeds ------------------------------------------------------------------------------------------

def _feed(items: int, doctype: str = "", title: str = "وكالة") -> str:
    body = "".join(f"<item><guid>i{n}</guid><title>خبر {n}</title><description>{ARTICLE} رقم {n}</description></item>"
                   for n in range(items))
    return f'<?xml version="1.0" encoding="windows-1256"?>{doctype}<rss version="2.0"><channel><title>{title}</title>' \
           f"{body}</channel></rss>"


def test_a_feed_gives_at_most_max_items_and_names_the_rest(tmp_path, kb):
    path = tmp_path / "many.xml"
    path.write_text(_feed(12), encoding="utf-8")
    items = list(read_path(path, month_numbers=kb.month_numbers, max_items=5))
    docs = [i for i in items if not isinstance(i, InputProblem)]
    [problem] = [i for i in items if isinstance(i, InputProblem)]
    assert [d.id for d in docs] == ["i0", "i1", "i2", "i3", "i4"] and docs[2].path.endswith("many.xml#3")
    assert "12 items" in problem.message and "--max-items" in problem.message


def test_feed_entities_are_never_expanded(tmp_path, kb):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-LINE", encoding="utf-8")
    laughs = "".join(f'<!ENTITY l{i} "{("&l" + str(i - 1) + ";") * 10}">' for i in range(1, 10))
    doctype = f'<!DOCTYPE rss [<!ENTITY l0 "lol">{laughs}<!ENTITY xxe SYSTEM "file://{secret}">]>'
    path = tmp_path / "evil.xml"
    path.write_text(_feed(2, doctype, "&xxe;&l9;"), encoding="utf-8")
    docs = [i for i in read_path(path, month_numbers=kb.month_numbers) if not isinstance(i, InputProblem)]
    assert len(docs) == 2
    assert all("TOP-SECRET" not in (d.source or "") + d.text and "lol" not in (d.source or "") for d in docs)


def test_a_feed_file_holding_a_path_is_not_opened_as_that_path(tmp_path, kb):
    secret = tmp_path / "secret.rss"
    secret.write_text(_feed(1), encoding="utf-8")
    path = tmp_path / "pointer.rss"
    path.write_text(str(secret), encoding="utf-8")  # feedparser.parse(str) would open it
    [problem] = list(read_path(path, month_numbers=kb.month_numbers))
    assert isinstance(problem, InputProblem) and "no entries" in problem.message


# ---- HTML -------------------------------------------------------------------------------------------

def test_html_nested_too_deep_for_lxml_keeps_all_its_text(tmp_path, kb):
    paragraphs = [ARTICLE.replace("أمس", f"يوم {n}") for n in range(20)]
    page = "<html><head><title>خبر</title></head><body>" + "".join(
        "<div>" * (MAX_HTML_DEPTH // 4) + f"<p>{p}</p>" for p in paragraphs) + "</body></html>"
    path = tmp_path / "deep.html"
    path.write_text(page, encoding="utf-8")
    [doc] = list(read_path(path, month_numbers=kb.month_numbers))
    assert all(p.split("\n")[0] in doc.text for p in paragraphs) and doc.title == "خبر"


def test_html_too_deep_drops_scripts_styles_and_comments(tmp_path, kb):
    page = ("<html><body>" + "<div>" * (MAX_HTML_DEPTH + 1) + "<script>var x = '<p>';</script><!-- note -->"
            f"<style>p {{}}</style><p>{ARTICLE}</p><p>A &amp; B</p></body></html>")
    path = tmp_path / "deep.html"
    path.write_text(page, encoding="utf-8")
    [doc] = list(read_path(path, month_numbers=kb.month_numbers))
    assert "هاكان فيدان" in doc.text and "A & B" in doc.text
    assert not any(junk in doc.text for junk in ("var x", "note", "p {"))


# ---- bounded extraction -----------------------------------------------------------------------------

def test_runaway_text_is_cut_into_bounded_sentences_at_commas_or_spaces():
    text = "زار حفتر موسكو. " + "محادثات " * 3000 + "، ".join(["كلمة"] * 600)
    sentences = split_sentences(text)
    assert sentences[0].text == "زار حفتر موسكو."
    assert all(len(s.text) <= MAX_SENTENCE_CHARS for s in sentences)
    assert all(text[s.start:s.end] == s.text and not s.text.startswith(" ") for s in sentences)
    assert all(s.text.endswith(("محادثات", "،", "كلمة")) for s in sentences[1:])


def test_a_past_deadline_stops_extraction_with_too_slow(kb):
    doc = Document(id="d", text=ARTICLE)
    assert extract(doc, kb, deadline=time.monotonic() + 3600)
    with pytest.raises(TooSlow, match="character 0 of"):
        extract(doc, kb, deadline=time.monotonic() - 1)


def test_a_document_past_its_time_budget_is_named_as_too_slow_and_the_rest_go_on(tmp_path, kb, monkeypatch):
    import marsad.pipeline as pipeline

    (tmp_path / "a-slow.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "b-fine.txt").write_text(ARTICLE.replace("بنغازي", "طبرق"), encoding="utf-8")
    real = pipeline.extract

    def slow_first(doc, kb_, *, deadline=None):  # the first document finds its deadline already passed
        return real(doc, kb_, deadline=deadline - 3600 if doc.id == "a-slow.txt" else deadline)

    monkeypatch.setattr(pipeline, "extract", slow_first)
    items = list(extract_files([str(tmp_path)], kb, limits=Limits(time_budget=60)))
    [problem] = [i for i in items if isinstance(i, InputProblem)]
    assert problem.stage == "extract" and problem.message.startswith(f"{tmp_path / 'a-slow.txt'}: too slow")
    assert "--time-budget" in problem.message
    assert any(getattr(i, "doc", None) == "b-fine.txt" for i in items)


def test_an_unexpected_failure_is_named_with_where_it_happened(tmp_path, kb, monkeypatch):
    import marsad.pipeline as pipeline

    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    monkeypatch.setattr(pipeline, "extract", lambda doc, kb_, deadline=None: [][1])
    [problem] = list(extract_files([str(tmp_path)], kb))
    assert "IndexError" in problem.message and "test_hostile_input.py" not in problem.message
    assert "report it" in problem.message


def test_the_deadline_is_checked_inside_every_stage(kb):
    """The reading, the rules and the learned decisions each stop once past the deadline, not only between
    stages: one stage of a long document must not run on unbounded."""
    from marsad.events.reading import read_document
    from marsad.events.rules import rule_events
    from marsad.learn.decide import events_from

    doc = Document(id="d", text=ARTICLE)
    past = time.monotonic() - 1
    with pytest.raises(TooSlow):
        read_document(doc, kb, deadline=past)
    reading = read_document(doc, kb, deadline=time.monotonic() + 3600)
    proposals: dict = {}
    rule = rule_events(reading, kb, proposals)
    assert rule and proposals
    with pytest.raises(TooSlow):
        rule_events(reading, kb, deadline=past)
    with pytest.raises(TooSlow, match=f"character [0-9,]+ of {len(ARTICLE):,}"):
        events_from(reading, rule, proposals, kb.models, kb, deadline=past)
    assert events_from(reading, rule, proposals, kb.models, kb, deadline=time.monotonic() + 3600) == \
        events_from(reading, rule, proposals, kb.models, kb)


def test_a_sentence_with_too_many_trigger_words_is_capped_with_a_warning(kb, caplog):
    doc = Document(id="crowded", text="زار حفتر موسكو قبل أن يلتقي بوتين " * 60)
    with caplog.at_level("WARNING", logger="marsad.extract"):
        extract(doc, kb)
    [record] = caplog.records
    assert f"only the first {MAX_TRIGGERS_PER_SENTENCE}" in record.getMessage() and "crowded" in record.getMessage()


def test_the_store_lists_each_skipped_file_once_until_it_is_stored(tmp_path, kb, store):
    folder = tmp_path / "in"
    folder.mkdir()
    path = folder / "later.txt"
    path.write_text("", encoding="utf-8")
    for _ in range(2):
        ingest([str(folder)], store, kb, on_problem=store.log_skipped)
    [entry] = store.skipped_files()
    assert entry["path"] == str(path) and entry["reason"] == f"{path}: file is empty" and entry["stage"] == "read"
    path.write_text(ARTICLE, encoding="utf-8")
    ingest([str(folder)], store, kb, on_problem=store.log_skipped)
    assert store.skipped_files() == []
