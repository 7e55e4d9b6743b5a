"""The MarsadError family: each message says what happened and how to fix it.

Also the two helpers every message about a file goes through: `shown_path` (a file name as it can be
printed and stored: bytes that are not UTF-8, control and bidi characters escaped) and `one_line`
(a message on one line, whatever an exception or a file put in it).
"""
from __future__ import annotations

import os
import re
import unicodedata


class MarsadError(Exception):
    """Base class: the CLI prints the message on one line, the API wraps it in its error envelope."""

    status = 400


class KnowledgeError(MarsadError):
    """A knowledge file is missing or an entry does not validate."""


class InputError(MarsadError):
    """An input file cannot be read as an article (empty, binary, undecodable, too large)."""


class TooSlow(MarsadError):
    """Extraction passed its deadline: the document is recorded as too slow and the run goes on.

    Raised by `extract(doc, kb, deadline=...)` between sentences (a cooperative deadline: no signals,
    so the same extractor runs in threads and Spark tasks)."""

    def __init__(self, done: int, total: int):
        super().__init__(f"stopped at character {done:,} of {total:,}")
        self.done, self.total = done, total


class StoreError(MarsadError):
    """The event store cannot be opened or written."""

    status = 500


class NotFound(MarsadError):
    status = 404


# characters that must not reach a terminal or a log line as they are: controls (a line break ends the
# line, ESC starts a terminal sequence), bidi and other format controls (they reorder what is shown),
# line and paragraph separators, and lone surrogates (bytes of a file name that are not UTF-8)
_UNPRINTABLE = frozenset(("Cc", "Cf", "Cs", "Zl", "Zp"))
_WHITESPACE_RUN = re.compile(r"\s+")


def shown_path(path: str | bytes | os.PathLike) -> str:
    """A file name as it can be printed, logged and stored: bytes that are not UTF-8 as \\xNN,
    controls and bidi marks as \\uNNNN, so it stays on one line and reads in its real order."""
    name = os.fsdecode(path)
    if name.isprintable() and name.isascii():
        return name
    out = []
    for ch in name:
        category = unicodedata.category(ch)
        if category not in _UNPRINTABLE:
            out.append(ch)
        elif "\udc80" <= ch <= "\udcff":  # a byte os.fsdecode could not decode
            out.append(f"\\x{ord(ch) - 0xdc00:02x}")
        else:
            out.append(f"\\u{ord(ch):04x}")
    return "".join(out)


def one_line(message: str, limit: int | None = None) -> str:
    """A message on one line: line breaks and other controls become spaces or escapes; at most `limit`
    characters if given (an exception may quote a whole record)."""
    text = shown_path(_WHITESPACE_RUN.sub(" ", message)).strip()
    return text if limit is None or len(text) <= limit else text[:limit - 1] + "…"


def without_surrogates(text: str) -> str:
    """Lone surrogates (JSON may carry "\\ud800") cannot be encoded or stored: U+FFFD stands for them."""
    return _SURROGATE.sub("\ufffd", text)


_SURROGATE = re.compile("[\ud800-\udfff]")


def failure(exc: BaseException) -> str:
    """An unexpected exception as one line for a skipped document: what it was, where in marsad it was
    raised, and that it is a bug to report. Expected problems (InputError, TooSlow) have messages of their own."""
    if isinstance(exc, RecursionError):
        what = "nested too deep to read (RecursionError)"
    elif isinstance(exc, MemoryError):
        what = "ran out of memory"
    else:
        what = f"{type(exc).__name__}: {one_line(str(exc), 200)}"
    return f"{what}{_raised_at(exc)}; a bug in marsad, please report it with this file"


def _raised_at(exc: BaseException) -> str:
    """' at marsad/extract.py:150': the innermost frame of the traceback inside the marsad package."""
    tb, at = exc.__traceback__, ""
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename.replace(os.sep, "/")
        if "/marsad/" in filename:
            at = f" at marsad/{filename.rsplit('/marsad/', 1)[1]}:{tb.tb_lineno}"
        tb = tb.tb_next
    return at
