"""Readers: a path (file, folder or glob) → Documents, one format each, sniffed by
extension and content (txt, html, jsonl, RSS/Atom feed).

Problems never stop a batch: each bad file, JSONL record or feed item yields an
`InputProblem` naming it and saying why, and the caller goes on with the rest.
Work and memory are bounded per document: a file over `max_bytes` is not read,
a JSONL line is read at most `max_bytes` at a time, a feed gives at most
`max_items` items, a page too large or too deep for the main-text extractor is
read as plain text, and an article over `MAX_ARTICLE_CHARS` is refused.
"""
from __future__ import annotations

import glob
import html as html_lib
import io
import itertools
import json
import re
from dataclasses import dataclass, replace
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO, Iterator

from marsad.errors import InputError, failure, shown_path, without_surrogates
from marsad.ingest.clean import OUTLET, clean_text
from marsad.ingest.decode import decode
from marsad.records import Document
from marsad.text.normalize import normalize_key

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
DEFAULT_MAX_ITEMS = 5_000  # feed items read from one feed file
MAX_ARTICLE_CHARS = 1_000_000  # a book, not an article: extraction would take minutes and gigabytes
MAX_HTML_BYTES = 2 * 1024 * 1024  # the main-text extractor takes seconds per MB; larger pages are read as plain text
MAX_HTML_DEPTH = 256  # lxml drops what is nested deeper, silently; such pages are read as plain text
MAX_ID_CHARS = 512
TEXT_SUFFIXES = {".txt", ".text", ".md", ""}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson", ".json"}
FEED_SUFFIXES = {".rss", ".atom", ".xml"}
_DATE_LINE = re.compile(r"(?:نشر|تاريخ النشر|اخر تحديث|آخر تحديث|بتاريخ|published)[^\d\n]{0,20}(.{4,40})", re.I)


@dataclass(frozen=True)
class InputProblem:
    """A file, JSONL record (`file:line`) or feed item (`file#n`) that gave no document, and why."""

    path: str  # printable (see `shown_path`)
    message: str  # one line that names it and says why
    stage: str = "read"  # read | extract | store


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
              max_bytes: int = DEFAULT_MAX_BYTES, month_numbers: dict[str, int] | None = None,
              max_items: int = DEFAULT_MAX_ITEMS) -> Iterator[Document | InputProblem]:
    """Documents in one file, or problems naming it."""
    name = shown_path(path)
    try:
        size = path.stat().st_size
        suffix = path.suffix.lower()
        if suffix in JSONL_SUFFIXES:
            yield from _read_jsonl(path, published, encoding, max_bytes, month_numbers)
            return
        if size > max_bytes:
            raise InputError(f"{name}: {size / 1048576:.1f} MB is over the {max_bytes / 1048576:.0f} MB limit for one "
                             "file; split it or raise --max-mb")
        data = path.read_bytes()
    except InputError as exc:
        yield InputProblem(name, str(exc))
        return
    except OSError as exc:
        yield InputProblem(name, f"{name}: cannot read: {exc.strerror or exc}")
        return
    yield from read_bytes(data, name, published, encoding, month_numbers, max_items, doc_id=shown_path(path.name))


def read_bytes(data: bytes, name: str, published: date | None = None, encoding: str | None = None,
               month_numbers: dict[str, int] | None = None, max_items: int = DEFAULT_MAX_ITEMS,
               doc_id: str | None = None) -> Iterator[Document | InputProblem]:
    """Documents in the bytes of one text, HTML or feed file called `name`: what `read_path` does once the file
    is read, and what a Spark executor does with a file it was handed."""
    try:
        text, _ = decode(data, name, encoding)
        doc_id = doc_id or Path(name).name
        kind = _sniff(Path(name).suffix.lower(), text)
        if kind == "html":
            yield _from_html(text, doc_id, name, published, month_numbers)
        elif kind == "feed":
            yield from _from_feed(text, name, published, month_numbers, max_items)
        else:
            yield _from_text(text, doc_id, name, published, month_numbers)
    except InputError as exc:
        yield InputProblem(name, str(exc))


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
    """Clean the text, find a publication date if none was given, refuse an empty or book-sized result.
    Lone surrogates (JSON may carry them) become U+FFFD: they can be neither printed nor stored."""
    where = path or doc_id
    if len(raw_text) > 2 * MAX_ARTICLE_CHARS:  # junk removal never takes half an article: refuse it unread
        raise InputError(f"{where}: text of {len(raw_text):,} characters is over the {MAX_ARTICLE_CHARS:,}-character "
                         "limit for one article; split it")
    raw_text = without_surrogates(raw_text)
    text = clean_text(raw_text) if clean else raw_text.strip()
    if not _has_words(text):
        raise InputError(f"{where}: no article text left after removing page junk")
    if len(text) > MAX_ARTICLE_CHARS:
        raise InputError(f"{where}: article of {len(text):,} characters is over the {MAX_ARTICLE_CHARS:,}-character "
                         "limit for one article; split it")
    if len(doc_id) > MAX_ID_CHARS:
        raise InputError(f"{where}: id of {len(doc_id):,} characters is over the {MAX_ID_CHARS}-character limit")
    if published is None:
        published = find_date_line(text, month_numbers or {})
    title, url, source = (without_surrogates(v) if v else None for v in (title, url, source))
    return Document(id=without_surrogates(doc_id), text=text, title=title, url=url, source=source,
                    published=published, path=path)


def _has_words(text: str, chunk: int = 4096) -> bool:
    """At least 20 characters left after normalization, without normalizing the whole of a long article."""
    seen = 0
    for at in range(0, len(text), chunk):
        seen += len(normalize_key(text[at:at + chunk]))
        if seen >= 20:
            return True
    return False


def find_date_line(text: str, month_numbers: dict[str, int]) -> date | None:
    """A publication date in the first lines: 'نُشر في 14 مايو 2025', 'الأحد 11/05/2025', '2025-05-11'.
    A date line is short: only the first 300 characters of each line are read."""
    for line in text.split("\n", 6)[:6]:
        line = line[:300]
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
    if not month_numbers or not _any_month(tuple(month_numbers)).search(key):
        return None
    for name in sorted(month_numbers, key=len, reverse=True):
        if name not in key:  # each name's pattern is compiled when first used: 20 ms for the lot
            continue
        m = re.search(rf"(?<!\d)(\d{{1,2}})\s+(?:من\s+)?{re.escape(name)}(?:\s*/\s*\S+(?:\s+\S+)?)?\s+((?:19|20)\d\d)", key)
        if m:
            return _safe(int(m[2]), month_numbers[name], int(m[1]))
    return None


@lru_cache(maxsize=8)
def _any_month(names: tuple[str, ...]) -> re.Pattern:
    """One pattern for every month name: most lines hold none, and then one search answers, not one per name."""
    return re.compile("|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)))


def _safe(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _from_text(text: str, doc_id: str, name: str, published: date | None, months) -> Document:
    doc = make_document(doc_id, text, published=published, path=name, month_numbers=months)
    return replace(doc, title=headline(doc.text, months or {}))


_PARAGRAPH = 200  # characters: a line this long is the article's first paragraph, and the headline came before it
_HEADLINE = (12, 180)  # characters a headline takes
# Lines around a headline that are not it: bylines, sections, issue numbers, reading time, captions, updates
_META = re.compile(normalize_key(r"^(?:كتب|كتبت|بقلم|بواسطه|اعداد|تحرير|مراسل|قسم|القسم|العدد|وقت القراءه|اخر تحديث|"
                                 r"تاريخ النشر|نشر في|نشر|المصدر|صوره|\[|\(|alt|photo|by )"))
# A date line parse_date cannot read ('السبت 1 آب (أغسطس) 2015 | آخر تحديث: 08:15'): a weekday or an update time
_DATED = re.compile(normalize_key(r"(?:الاحد|الاثنين|الثلاثاء|الاربعاء|الخميس|الجمعه|السبت|تحديث).*(?:19|20)\d\d|"
                                  r"(?:19|20)\d\d.*(?:تحديث|GMT|بتوقيت)"))
_MASTHEAD = 40  # characters: a first line this short right above the date line is the outlet's name
_SHORT = 25  # characters: a first line this short is the headline only if no longer line follows
_LAST_STEP = re.compile(r"\s[–—-]\s*\S+(?:\s\S+)?$")


def _masthead(key: str) -> bool:
    """An outlet's name (`OUTLET`), or a name and a city or a desk after a separator ('الخليج اليوم | دبي',
    'العرب الدولية – لندن')."""
    return bool(OUTLET.search(key) or _LAST_STEP.search(key) or len(key) <= _MASTHEAD and " | " in key)


def headline(text: str, month_numbers: dict[str, int]) -> str | None:
    """The article's headline in a page saved as text.

    A clean article starts with it. A saved page starts with the outlet's masthead (a line naming an outlet, a
    short one right above the date line, or a very short one), then dates, sections and bylines (breadcrumbs are already gone, see
    `clean_text`): there the headline is the longest of the short lines before the first paragraph that is none
    of these.
    """
    lines = [l.strip().lstrip("\ufeff") for l in text.split("\n") if l.strip().lstrip("\ufeff")]
    candidates = []
    for n, line in enumerate(lines):
        if len(line) >= _PARAGRAPH:
            break
        key = normalize_key(line)
        plain = _HEADLINE[0] <= len(line) <= _HEADLINE[1] and not _META.match(key) and \
            not parse_date(line, month_numbers) and not _DATED.search(key) and not (line.endswith(".") and not line.endswith("..")) and \
            not _masthead(key)
        if n == 0 and plain and len(line) > _SHORT and not (
                len(line) <= _MASTHEAD and n + 1 < len(lines) and parse_date(lines[n + 1], month_numbers)):
            return line
        candidates.append(line if plain and (n or len(line) <= _SHORT) else "")
    return max(candidates, key=len, default="") or None


def _from_html(html: str, doc_id: str, name: str, published: date | None, months) -> Document:
    if len(html) > MAX_HTML_BYTES or html_depth(html) > MAX_HTML_DEPTH:
        title = _TITLE.search(html[:65536])
        return make_document(doc_id, html_to_text(html), title=html_to_text(title.group(1)) if title else None,
                             published=published, path=name, month_numbers=months)
    import trafilatura
    from trafilatura.settings import set_date_params  # not the extensive search: dateparser's locale
    # detection takes seconds to minutes on a page whose only dates are in its text; the date line covers those

    try:
        result = trafilatura.bare_extraction(_captions_as_paragraphs(html), include_comments=False, include_tables=False,
                                             favor_precision=True, with_metadata=True,
                                             date_extraction_params=set_date_params(extensive=False))
    except Exception as exc:  # trafilatura raises assorted lxml errors on broken markup
        raise InputError(f"{name}: HTML could not be parsed ({type(exc).__name__}: {exc})") from exc
    if result is None:
        raise InputError(f"{name}: no article text found in the HTML page")
    data = result.as_dict() if hasattr(result, "as_dict") else dict(result)
    text = _captions_last(data.get("text") or "", html)
    if published is None and data.get("date"):
        published = parse_date(str(data["date"]), months or {})
    return make_document(doc_id, text, title=data.get("title"), url=data.get("url"),
                         source=data.get("sitename") or data.get("hostname"), published=published, path=name,
                         month_numbers=months)


# a photo's caption is article text (guidelines, ruling 10: captions are coded), but the main-text extractor drops
# <figure> and <figcaption>: read as a block holding a paragraph, a caption of the article is kept (one in a
# sidebar goes with the sidebar), then moved after the body, so that the lead and its dateline stay the first paragraph
_FIGURE = re.compile(r"<(/?)fig(ure|caption)\b", re.I)
# a caption's text runs to its end tag without crossing another caption's tag, 5,000 characters at most: a search
# that may run to the end of the page from every unclosed <figcaption> is quadratic (49 s on a hostile page of
# 280 KB; 0.01 s this way)
_CAPTION = re.compile(r"<figcaption\b[^<>]*>((?:[^<]|<(?!/?figcaption\b)){0,5000})</figcaption\s*>", re.I)


def _captions_as_paragraphs(html: str) -> str:
    return _FIGURE.sub(lambda m: f"<{m.group(1)}{'div' if m.group(2).lower() == 'ure' else 'p'}", html)


def _captions_last(text: str, html: str) -> str:
    captions = {" ".join(html_lib.unescape(_ANY_TAG.sub(" ", c)).split()) for c in _CAPTION.findall(html)}
    if not captions:
        return text
    # a stable sort: the body's lines, then the captions', each in page order
    return "\n".join(sorted(text.split("\n"), key=lambda line: " ".join(line.split()) in captions))


_TAG = re.compile(r"<(/?)([a-zA-Z][\w:-]*)[^<>]*?(/?)>")
# elements that hold no content, or whose end tag may be left out: they do not nest
_FLAT = frozenset("area base br col embed hr img input link meta param source track wbr p li dt dd tr td th "
                  "option thead tbody tfoot colgroup rb rt rp optgroup caption".split())
_TITLE = re.compile(r"<title[^<>]*>([^<]{0,1000})", re.I)
_HIDDEN = ("script", "style", "noscript", "template", "svg")
_HIDDEN_START = re.compile(r"<(" + "|".join(_HIDDEN) + r")\b|<!--", re.I)
_HIDDEN_END = {tag: re.compile(rf"</{tag}\s*>", re.I) for tag in _HIDDEN}
_BLOCK_END = re.compile(r"<(?:/(?:p|div|li|h[1-6]|tr|table|section|article|blockquote)|br\s*/?)\s*>", re.I)
_ANY_TAG = re.compile(r"<[^<>]*>")


def html_depth(html: str) -> int:
    """How deep the elements of a page nest, counted on its tags (linear, no parser)."""
    depth = deepest = 0
    for m in _TAG.finditer(html):
        if m.group(2).lower() in _FLAT or m.group(3):
            continue
        depth = max(0, depth - 1) if m.group(1) else depth + 1
        deepest = max(deepest, depth)
    return deepest


def html_to_text(html: str) -> str:
    """The text of a page with its tags dropped, in one linear pass: for pages the main-text extractor
    cannot take (too large, too deep). Scripts, styles and comments go; block ends become line breaks."""
    parts, at = [], 0
    while (hidden := _HIDDEN_START.search(html, at)) is not None:
        parts.append(html[at:hidden.start()])
        if hidden.group(1):
            close = _HIDDEN_END[hidden.group(1).lower()].search(html, hidden.end())
            end = close.end() if close else -1
        else:
            found = html.find("-->", hidden.end())
            end = found + 3 if found >= 0 else -1
        if end < 0:  # never closed: the rest of the page is hidden
            break
        at = end
    else:
        parts.append(html[at:])
    text = _ANY_TAG.sub(" ", _BLOCK_END.sub("\n", "".join(parts)))
    return "\n".join(" ".join(line.split()) for line in html_lib.unescape(text).split("\n"))


_ITEM_START = re.compile(r"<(?:item|entry)[\s>/]", re.I)
_XML_ENCODING = re.compile(r"""^(\s*<\?xml[^>]*?)\s+encoding\s*=\s*["'][^"']*["']""")


def _feed_source(text: str, max_items: int) -> tuple[BinaryIO, int]:
    """What feedparser may read, and how many items the feed has. The text is handed over as a stream:
    given a string, feedparser would open it as a file name or fetch it as a URL. The DOCTYPE goes
    (entity definitions: XXE and billion laughs), so does the declared encoding (the text is decoded
    already), and items after `max_items` are cut before parsing, which bounds time and memory."""
    text = _XML_ENCODING.sub(r"\1", _without_doctype(text), count=1)
    starts = list(itertools.islice(_ITEM_START.finditer(text), max_items + 1))
    total = len(starts)
    if total > max_items:
        cut = starts[-1].start()
        total = max_items + sum(1 for _ in _ITEM_START.finditer(text, cut))
        text = text[:cut]
    return io.BytesIO(text.encode("utf-8")), total


def _without_doctype(text: str) -> str:
    """The feed without its <!DOCTYPE …> declaration and internal subset (found by a linear scan)."""
    at = text.find("<!DOCTYPE", 0, 4096)
    if at < 0:
        return text
    bracket, close = text.find("[", at), text.find(">", at)
    if 0 <= bracket < close:
        end = text.find("]", bracket)
        close = text.find(">", end) if end >= 0 else -1
    return text[:at] + text[close + 1:] if close >= 0 else text[:at]


def _from_feed(text: str, name: str, published: date | None, months,
               max_items: int = DEFAULT_MAX_ITEMS) -> Iterator[Document | InputProblem]:
    import feedparser

    source, total = _feed_source(text, max_items)
    feed = feedparser.parse(source, sanitize_html=False, resolve_relative_uris=False)
    if not feed.entries:
        yield InputProblem(name, f"{name}: feed has no entries" + (f" ({feed.bozo_exception})" if feed.bozo else ""))
        return
    for n, entry in enumerate(feed.entries[:max_items], 1):
        where = f"{name}#{n}"
        try:
            yield _from_entry(entry, n, feed, name, published, months)
        except InputError as exc:
            yield InputProblem(where, str(exc))
        except Exception as exc:  # noqa: BLE001  one item's failure is its own: the feed goes on
            yield InputProblem(where, f"{where}: {failure(exc)}")
    if total > max_items:
        yield InputProblem(name, f"{name}: feed has {total:,} items; the first {max_items:,} were read, the rest "
                                 "skipped (split the feed or raise --max-items)")


def _from_entry(entry, n: int, feed, name: str, published: date | None, months) -> Document:
    body = entry.get("content", [{}])[0].get("value") if entry.get("content") else entry.get("summary", "")
    if "<" in (body or ""):
        import trafilatura
        body = trafilatura.extract(f"<html><body><article>{body}</article></body></html>", fast=True) or \
            html_to_text(body)
    when = published
    if when is None and entry.get("published_parsed"):
        p = entry.published_parsed
        when = _safe(p.tm_year, p.tm_mon, p.tm_mday)
    doc_id = entry.get("id") or entry.get("link") or f"{Path(name).name}:{n}"
    return make_document(doc_id, body or "", title=entry.get("title"), url=entry.get("link"),
                         source=feed.feed.get("title"), published=when, path=f"{name}#{n}", month_numbers=months)


def _read_jsonl(path: Path, published: date | None, encoding: str | None, max_bytes: int,
                months) -> Iterator[Document | InputProblem]:
    name = shown_path(path)
    records = 0
    with path.open("rb") as fh:
        for n, raw in enumerate(_lines(fh, max_bytes), 1):
            where = f"{name}:{n}"
            if isinstance(raw, int):
                yield InputProblem(where, f"{where}: record of {raw / 1048576:.1f} MB is over the "
                                          f"{max_bytes / 1048576:.0f} MB limit (raise --max-mb)")
                continue
            if not raw.strip():
                continue
            records += 1
            try:
                yield _from_record(raw, where, f"{shown_path(path.name)}:{n}", published, encoding, months)
            except InputError as exc:
                yield InputProblem(where, str(exc))
            except Exception as exc:  # noqa: BLE001  one record's failure is its own: the file goes on
                yield InputProblem(where, f"{where}: {failure(exc)}")
    if not records:
        yield InputProblem(name, f"{name}: no JSON records in the file (it is empty)")


def _lines(fh: BinaryIO, max_bytes: int) -> Iterator[bytes | int]:
    """The lines of a file, each read at most `max_bytes` at a time: a longer line is skipped unread
    and given as its length, so one huge line never sits in memory."""
    while True:
        line = fh.readline(max_bytes + 1)
        if not line:
            return
        if len(line) <= max_bytes or line.endswith(b"\n"):
            yield line
            continue
        size = len(line)
        while line and not line.endswith(b"\n"):
            line = fh.readline(1 << 20)
            size += len(line)
        yield size


def read_jsonl_line(raw: bytes, where: str, default_id: str, published: date | None = None,
                    encoding: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
                    months: dict[str, int] | None = None) -> Document | InputProblem | None:
    """The document of one JSONL line (for a Spark executor): `where` names it in problems, `default_id` when it
    has no 'id'; None for a blank line."""
    if not raw.strip():
        return None
    if len(raw) > max_bytes:
        return InputProblem(where, f"{where}: record of {len(raw) / 1048576:.1f} MB is over the "
                                   f"{max_bytes / 1048576:.0f} MB limit (raise --max-mb)")
    try:
        return _from_record(raw, where, default_id, published, encoding, months)
    except InputError as exc:
        return InputProblem(where, str(exc))
    except Exception as exc:  # noqa: BLE001  one record's failure is its own: the batch goes on
        return InputProblem(where, f"{where}: {failure(exc)}")


def _from_record(raw: bytes, where: str, default_id: str, published: date | None, encoding: str | None,
                 months) -> Document:
    line, _ = decode(raw, where, encoding)
    try:
        record = json.loads(line, parse_int=_json_int)
    except json.JSONDecodeError as exc:
        raise InputError(f"{where}: not JSON ({exc.msg} at column {exc.colno})") from exc
    except RecursionError as exc:
        raise InputError(f"{where}: JSON nested too deep to read") from exc
    if not isinstance(record, dict):
        raise InputError(f"{where}: expected a JSON object per line, found {_json_kind(record)}")
    text = _field(record, "text", where) or _field(record, "body", where) or _field(record, "content", where)
    doc_id = _field(record, "id", where, numbers=True) or default_id
    html = _field(record, "html", where) if not text else None
    if html:
        return _from_html(html, doc_id, where, published, months)
    if not text or not text.strip():
        raise InputError(f"{where}: record has no 'text' field")
    when = published or parse_date(_field(record, "published", where, numbers=True)
                                   or _field(record, "date", where, numbers=True) or "", months or {})
    return make_document(doc_id, text, title=_field(record, "title", where, numbers=True),
                         url=_field(record, "url", where), source=_field(record, "source", where),
                         published=when, path=where, month_numbers=months)


def _json_int(digits: str) -> int | float:
    """Python refuses to turn over 4,300 digits into an int; no field we read is such a number."""
    return int(digits) if len(digits) <= 100 else float("inf")


def _field(record: dict, key: str, where: str, numbers: bool = False) -> str | None:
    """A string field of a JSONL record; a number where `numbers` allows it (ids, dates); anything else
    is named: '"url" must be a string, not a list'."""
    value = record.get(key)
    if value is None or isinstance(value, str):
        return value
    if numbers and isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    raise InputError(f"{where}: field {key!r} must be a string, not {_json_kind(value)}")


def _json_kind(value) -> str:
    kinds = {dict: "an object", list: "a list", str: "a string", bool: "true/false", int: "a number",
             float: "a number", type(None): "null"}
    return kinds.get(type(value), type(value).__name__)


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
