"""Readers: a path (file, folder or glob) → Documents, one format each, sniffed by
extension and content (txt, html, jsonl, RSS/Atom feed).

Problems never stop a batch: each bad file yields an `InputProblem` naming it
and saying why, and the caller goes on with the rest.
"""
from __future__ import annotations

import glob
import hashlib
import json
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Iterator

from marsad.errors import InputError
from marsad.ingest.clean import clean_text
from marsad.ingest.decode import decode
from marsad.records import Document
from marsad.text.normalize import normalize_key

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
TEXT_SUFFIXES = {".txt", ".text", ".md", ""}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson", ".json"}
FEED_SUFFIXES = {".rss", ".atom", ".xml"}
_DATE_LINE = re.compile(r"(?:نشر|تاريخ النشر|اخر تحديث|آخر تحديث|بتاريخ|published)[^\d\n]{0,20}(.{4,40})", re.I)


@dataclass(frozen=True)
class InputProblem:
    path: str
    message: str


def expand(paths: list[str]) -> list[Path]:
    """Files, folders (recursively) and glob patterns → existing files, sorted, each once."""
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            out.extend(p for p in sorted(path.rglob("*")) if p.is_file() and not p.name.startswith("."))
        elif path.is_file():
            out.append(path)
        else:
            matches = sorted(Path(p) for p in glob.glob(raw, recursive=True))
            if not matches:
                raise InputError(f"{raw}: no such file, folder or glob match")
            out.extend(p for p in matches if p.is_file())
    seen, unique = set(), []
    for p in out:
        if p.resolve() not in seen:
            seen.add(p.resolve())
            unique.append(p)
    return unique


def read_path(path: Path, published: date | None = None, encoding: str | None = None,
              max_bytes: int = DEFAULT_MAX_BYTES, month_numbers: dict[str, int] | None = None
              ) -> Iterator[Document | InputProblem]:
    """Documents in one file, or problems naming it."""
    name = str(path)
    try:
        size = path.stat().st_size
        suffix = path.suffix.lower()
        if suffix in JSONL_SUFFIXES:
            yield from _read_jsonl(path, published, encoding, max_bytes, month_numbers)
            return
        if size > max_bytes:
            raise InputError(f"{name}: {size / 1048576:.1f} MB is over the {max_bytes / 1048576:.0f} MB limit for one "
                             "article; split it or raise --max-mb")
        data = path.read_bytes()
        text, _ = decode(data, name, encoding)
        kind = _sniff(suffix, text)
        if kind == "html":
            yield _from_html(text, path.name, name, published, month_numbers)
        elif kind == "feed":
            yield from _from_feed(text, name, published, month_numbers)
        else:
            yield _from_text(text, path.name, name, published, month_numbers)
    except InputError as exc:
        yield InputProblem(name, str(exc))
    except OSError as exc:
        yield InputProblem(name, f"{name}: cannot read: {exc.strerror or exc}")


def _sniff(suffix: str, text: str) -> str:
    head = text[:2000].lstrip().lower()
    if suffix in FEED_SUFFIXES or head.startswith("<?xml") and ("<rss" in head or "<feed" in head):
        return "feed" if ("<rss" in head or "<feed" in head or suffix in (".rss", ".atom")) else "html"
    if suffix in HTML_SUFFIXES or head.startswith(("<!doctype html", "<html")) or "<body" in head:
        return "html"
    return "text"


def make_document(doc_id: str, raw_text: str, *, title: str | None = None, url: str | None = None,
                  source: str | None = None, published: date | None = None, path: str | None = None,
                  month_numbers: dict[str, int] | None = None, clean: bool = True) -> Document:
    """Clean the text, find a publication date if none was given, refuse an empty result."""
    text = clean_text(raw_text) if clean else raw_text.strip()
    if not text.strip() or len(normalize_key(text)) < 20:
        raise InputError(f"{path or doc_id}: no article text left after removing page junk")
    if published is None:
        published = find_date_line(text, month_numbers or {})
    return Document(id=doc_id, text=text, title=title, url=url, source=source, published=published, path=path)


def find_date_line(text: str, month_numbers: dict[str, int]) -> date | None:
    """A publication date in the first lines: 'نُشر في 14 مايو 2025', 'الأحد 11/05/2025', '2025-05-11'."""
    for line in text.split("\n")[:6]:
        found = parse_date(line, month_numbers)
        if found and (len(line.strip()) < 60 or _DATE_LINE.search(line)):
            return found
    return None


def parse_date(value: str, month_numbers: dict[str, int]) -> date | None:
    """An ISO, numeric or Arabic day-month-year date anywhere in `value`."""
    if not value:
        return None
    key = normalize_key(value)
    m = re.search(r"((?:19|20)\d\d)-(\d\d)-(\d\d)", key)
    if m:
        return _safe(int(m[1]), int(m[2]), int(m[3]))
    m = re.search(r"(?<!\d)(\d{1,2})[/.](\d{1,2})[/.]((?:19|20)\d\d)", key)
    if m:
        return _safe(int(m[3]), int(m[2]), int(m[1]))
    for name in sorted(month_numbers, key=len, reverse=True):
        m = re.search(rf"(?<!\d)(\d{{1,2}})\s+(?:من\s+)?{re.escape(name)}(?:\s*/\s*\S+(?:\s+\S+)?)?\s+((?:19|20)\d\d)", key)
        if m:
            return _safe(int(m[2]), month_numbers[name], int(m[1]))
    return None


def _safe(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _from_text(text: str, doc_id: str, name: str, published: date | None, months) -> Document:
    lines = [l.strip() for l in text.strip().split("\n") if l.strip()]
    title = lines[0] if lines and len(lines[0]) < 150 else None
    return make_document(doc_id, text, title=title, published=published, path=name, month_numbers=months)


def _from_html(html: str, doc_id: str, name: str, published: date | None, months) -> Document:
    import trafilatura

    try:
        result = trafilatura.bare_extraction(html, include_comments=False, include_tables=False,
                                             favor_precision=True, with_metadata=True)
    except Exception as exc:  # trafilatura raises assorted lxml errors on broken markup
        raise InputError(f"{name}: HTML could not be parsed ({type(exc).__name__}: {exc})") from exc
    if result is None:
        raise InputError(f"{name}: no article text found in the HTML page")
    data = result.as_dict() if hasattr(result, "as_dict") else dict(result)
    text = data.get("text") or ""
    if published is None and data.get("date"):
        published = parse_date(str(data["date"]), months or {})
    return make_document(doc_id, text, title=data.get("title"), url=data.get("url"),
                         source=data.get("sitename") or data.get("hostname"), published=published, path=name,
                         month_numbers=months)


def _from_feed(text: str, name: str, published: date | None, months) -> Iterator[Document | InputProblem]:
    import feedparser

    feed = feedparser.parse(text)
    if not feed.entries:
        yield InputProblem(name, f"{name}: feed has no entries" + (f" ({feed.bozo_exception})" if feed.bozo else ""))
        return
    for n, entry in enumerate(feed.entries, 1):
        body = entry.get("content", [{}])[0].get("value") if entry.get("content") else entry.get("summary", "")
        if "<" in (body or ""):
            import trafilatura
            body = trafilatura.extract(f"<html><body><article>{body}</article></body></html>") or \
                re.sub(r"<[^>]+>", " ", body)
        when = published
        if when is None and entry.get("published_parsed"):
            p = entry.published_parsed
            when = date(p.tm_year, p.tm_mon, p.tm_mday)
        doc_id = entry.get("id") or entry.get("link") or f"{Path(name).name}:{n}"
        try:
            yield make_document(doc_id, body or "", title=entry.get("title"), url=entry.get("link"),
                                source=feed.feed.get("title"), published=when, path=name, month_numbers=months)
        except InputError as exc:
            yield InputProblem(f"{name}#{n}", str(exc))


def _read_jsonl(path: Path, published: date | None, encoding: str | None, max_bytes: int,
                months) -> Iterator[Document | InputProblem]:
    name = str(path)
    with path.open("rb") as fh:
        for n, raw in enumerate(fh, 1):
            where = f"{name}:{n}"
            if not raw.strip():
                continue
            if len(raw) > max_bytes:
                yield InputProblem(where, f"{where}: record of {len(raw) / 1048576:.1f} MB is over the limit; skipped")
                continue
            try:
                line, _ = decode(raw, where, encoding)
                record = json.loads(line)
                if not isinstance(record, dict):
                    raise InputError(f"{where}: expected a JSON object per line")
                text = record.get("text") or record.get("body") or record.get("content")
                if not text and record.get("html"):
                    yield _from_html(record["html"], str(record.get("id") or f"{path.name}:{n}"), where, published, months)
                    continue
                if not isinstance(text, str) or not text.strip():
                    raise InputError(f"{where}: record has no 'text' field")
                when = published or parse_date(str(record.get("published") or record.get("date") or ""), months or {})
                doc_id = str(record.get("id") or f"{path.name}:{n}")
                yield make_document(doc_id, text, title=record.get("title"), url=record.get("url"),
                                    source=record.get("source"), published=when, path=where, month_numbers=months)
            except json.JSONDecodeError as exc:
                yield InputProblem(where, f"{where}: not JSON ({exc.msg} at column {exc.colno}); skipped")
            except InputError as exc:
                yield InputProblem(where, str(exc))


def content_hash(text: str) -> str:
    return hashlib.sha256(normalize_key(text).encode("utf-8")).hexdigest()


def parse_published(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return datetime.strptime(value[:10], "%Y-%m-%d").date()
    except ValueError as exc:
        if re.match(r"^\d{4}-\d{2}-\d{2}", value):
            raise InputError(f"--published {value!r}: there is no such day (month 01-12, and a day that month has)") \
                from exc
        raise InputError(f"--published {value!r}: expected YYYY-MM-DD") from exc
