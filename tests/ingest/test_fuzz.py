"""Fuzzing the readers, the extractor and the store with generated files (issue 12): bytes, Unicode, JSONL,
HTML and feeds. Whatever a file holds, each stage behind the per-document guard gives documents, events and
stored rows, or a one-line problem that names the file; nothing raises. A few hundred cases in all, the same ones
on every run (derandomized); `bench/fuzz.py` runs thousands of nastier files."""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from marsad.errors import one_line, shown_path
from marsad.ingest.readers import InputProblem
from marsad.pipeline import Limits, extract_document, ingest_document, read_file
from marsad.records import Document
from marsad.store import open_store

FUZZ = settings(max_examples=60, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
LIMITS = Limits(max_bytes=1 << 20, max_items=50, time_budget=None)  # no budget: a loaded machine must not flake

WORDS = ["زار", "التقى", "استقبل", "وقع", "اتفاقية", "محادثات", "حفتر", "بوتين", "أردوغان", "موسكو", "طرابلس",
         "بنغازي", "القاهرة", "الرئيس", "الروسي", "التركي", "وزير", "الخارجية", "أمس", "الثلاثاء", "مايو", "2025",
         "قبل", "أن", "يلتقي", "في", "إلى", "مع", "الذي", "، ", ". ", "؟ ", "\n", "«", "»", "(", ")", "[", "]"]
ODD = ["\u202e", "\u2067", "\u200f", "\u061c", "\x00", "\x1b[31m", "\r", "\ufeff", "\ud800", "\U0001f600", "ـ", "ً",
       "&amp;", "&#x202e;", "<", ">", "[/x]", "[bold]", "\\", '"', "'", "\t", "\u2028"]
arabic = st.lists(st.sampled_from(WORDS + ODD), max_size=120).map(" ".join)
any_text = st.one_of(arabic, st.text(max_size=400), st.text(st.characters(codec="utf-8"), max_size=400))
SUFFIXES = [".txt", ".html", ".jsonl", ".xml", ".rss", ".md", ""]


def _check(path: Path, kb, store=None) -> None:
    """Read, extract (and store) one file: only documents, events, stored rows and problems naming the file."""
    name = shown_path(path)
    for item in read_file(path, kb, limits=LIMITS):
        if isinstance(item, Document):
            outcome = extract_document(item, kb, None) if store is None else ingest_document(store, item, kb, LIMITS)
            if isinstance(outcome, tuple):  # stored: (what the store did, claims found)
                assert outcome[0].status in ("added", "duplicate", "near-duplicate")
                continue
            if isinstance(outcome, list):
                for ev in outcome:
                    assert ev.evidence == item.text[ev.start:ev.end]
                continue
            item = outcome
        if isinstance(item, InputProblem):
            assert item.message.startswith(name) and item.message == one_line(item.message)
            assert "a bug in marsad" not in item.message, item.message


def _write(folder: str, name: str, data: bytes) -> Path:
    path = Path(folder) / name
    path.write_bytes(data)
    return path


@FUZZ
@given(data=st.binary(max_size=3000), suffix=st.sampled_from(SUFFIXES))
def test_random_bytes(kb, data, suffix):
    with tempfile.TemporaryDirectory() as folder:
        _check(_write(folder, f"bytes{suffix}", data), kb)


@FUZZ
@given(text=any_text, encoding=st.sampled_from(["utf-8", "utf-16", "utf-16-le", "cp1256", "utf-8-sig"]),
       cut=st.integers(0, 3), suffix=st.sampled_from(SUFFIXES))
def test_unicode_in_any_encoding_possibly_cut(kb, text, encoding, cut, suffix):
    data = text.encode(encoding, errors="surrogatepass" if encoding.startswith("utf") else "replace")
    with tempfile.TemporaryDirectory() as folder:
        _check(_write(folder, f"text{suffix}", data[:len(data) - cut] if cut else data), kb)


json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | any_text,
                           lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                                       max_size=4), max_leaves=20)
FIELDS = ["id", "text", "title", "url", "published", "source", "html", "body", "date"]
records = st.dictionaries(st.sampled_from(FIELDS), json_values | any_text, max_size=6) | json_values


@FUZZ
@given(lines=st.lists(st.one_of(records.map(lambda r: json.dumps(r, ensure_ascii=False)),
                                st.sampled_from(['{"text": ' + "[" * 5000, '{"n": ' + "9" * 5000 + "}",
                                                 '{"text": "\\ud800 زار حفتر موسكو والتقى بوتين في الكرملين"}',
                                                 "{not json", ""]), any_text), max_size=6))
def test_jsonl_records(kb, lines):
    with tempfile.TemporaryDirectory() as folder:
        store = open_store(f"sqlite:///{folder}/fuzz.db", create=True)
        _check(_write(folder, "batch.jsonl", "\n".join(lines).encode("utf-8", "surrogatepass")), kb, store)
        store.engine.dispose()


TAGS = ["div", "p", "span", "article", "script", "style", "table", "tr", "td", "b", "svg", "title", "meta", "br"]
html_nodes = st.recursive(arabic | st.sampled_from(["&amp;", "&nbsp;", "&#0;", "&bogus;", "<!--", "-->", "<![CDATA["]),
                          lambda inner: st.tuples(st.sampled_from(TAGS), st.lists(inner, max_size=4), st.booleans())
                          .map(lambda t: f"<{t[0]}>{''.join(t[1])}" + (f"</{t[0]}>" if t[2] else "")), max_leaves=30)


@FUZZ
@given(body=html_nodes, depth=st.sampled_from([0, 0, 300]), head=st.sampled_from(["", "<!DOCTYPE html>", "<?xml version='1.0'?>"]))
def test_html_pages(kb, body, depth, head):
    page = f"{head}<html><head><title>خبر</title></head><body>{'<div>' * depth}{body}</body></html>"
    with tempfile.TemporaryDirectory() as folder:
        _check(_write(folder, "page.html", page.encode("utf-8", "surrogatepass")), kb)


items = st.lists(st.tuples(any_text, any_text | html_nodes, st.sampled_from(["", "Wed, 17 Jul 2024 09:00:00 GMT",
                                                                             "not a date", "Mon, 00 Xyz 0000"])),
                 max_size=8)
DOCTYPES = ["", '<!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>',
            '<!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>', "<!DOCTYPE rss SYSTEM 'http://10.0.0.1/x.dtd'>"]


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;")


@FUZZ
@given(entries=items, doctype=st.sampled_from(DOCTYPES), atom=st.booleans(), cdata=st.booleans())
def test_feeds(kb, entries, doctype, atom, cdata):
    def body(b):
        return f"<![CDATA[{b}]]>" if cdata else _xml(b)
    if atom:
        inner = "".join(f"<entry><title>{_xml(t)}</title><id>e{n}</id><updated>{d}</updated>"
                        f"<content type='html'>{body(b)}</content></entry>" for n, (t, b, d) in enumerate(entries))
        feed = f'<?xml version="1.0"?>{doctype}<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title>{inner}</feed>'
    else:
        inner = "".join(f"<item><title>{_xml(t)}</title><guid>i{n}</guid><pubDate>{d}</pubDate>"
                        f"<description>{body(b)}</description></item>" for n, (t, b, d) in enumerate(entries))
        feed = f'<?xml version="1.0"?>{doctype}<rss version="2.0"><channel><title>x</title>{inner}</channel></rss>'
    with tempfile.TemporaryDirectory() as folder:
        _check(_write(folder, "feed.rss", feed.encode("utf-8", "surrogatepass")), kb)


@FUZZ
@given(name=st.binary(min_size=1, max_size=60).filter(lambda b: b"/" not in b and b"\x00" not in b
                                                       and b not in (b".", b"..")))
def test_any_file_name(kb, name):
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(os.fsencode(folder), b"x" + name)
        with open(path, "wb") as fh:
            fh.write("زار الرئيس التركي رجب طيب أردوغان القاهرة أمس والتقى الرئيس المصري.".encode())
        store = open_store(f"sqlite:///{folder}/fuzz.db", create=True)
        _check(Path(os.fsdecode(path)), kb, store)
        store.engine.dispose()


@pytest.mark.parametrize("family", ["runaway", "repeated"])
def test_runaway_and_repeated_text_finish(kb, family):
    text = " ".join(WORDS[:20]) * 300 if family == "runaway" else "زار حفتر موسكو قبل أن يلتقي بوتين " * 2000
    found = extract_document(Document(id=family, text=text), kb, None)
    assert isinstance(found, list)
