"""The data flow of DESIGN.md in one place: files → documents → events → store → claims, verdicts, watches."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator

from marsad.extract import extract
from marsad.ingest.readers import DEFAULT_MAX_BYTES, InputProblem, expand, read_path
from marsad.knowledge.base import KnowledgeBase
from marsad.records import Document, Event

if TYPE_CHECKING:  # the store (SQLAlchemy) is not loaded by `marsad extract`, which never writes
    from marsad.store.db import Store


@dataclass
class IngestReport:
    files: int = 0
    skipped: int = 0  # files a run before finished: not read again
    added: int = 0
    events: int = 0
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (doc, copy of)
    problems: list[InputProblem] = field(default_factory=list)
    claims: int = 0  # claims found in the new documents
    verdicts: dict[str, int] = field(default_factory=dict)  # every stored claim, checked again: status → count
    watch_matches: int = 0  # new matches of the saved watches


def read_documents(paths: list[str], kb: KnowledgeBase, published: date | None = None, encoding: str | None = None,
                   max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[tuple[Path, Document | InputProblem]]:
    for path in expand(paths):
        for item in read_path(path, published, encoding, max_bytes, kb.month_numbers):
            yield path, item


def extract_files(paths: list[str], kb: KnowledgeBase, published: date | None = None, encoding: str | None = None,
                  max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Event | InputProblem]:
    for _, item in read_documents(paths, kb, published, encoding, max_bytes):
        if isinstance(item, InputProblem):
            yield item
        else:
            yield from extract(item, kb)


def follow_up(store: Store, kb: KnowledgeBase, cues=None, report: IngestReport | None = None) -> IngestReport:
    """After documents are stored: read for claims any document not yet read (an interrupted run, a store made
    before claims existed), check every claim against the store again, and check every watch."""
    from marsad.analysis.claims import check_claims, scan_pending
    from marsad.analysis.watches import check_watches
    from marsad.mentions.claims import load_claim_cues

    report = report or IngestReport()
    cues = cues or load_claim_cues()
    report.claims += scan_pending(store, kb, cues)
    report.verdicts = dict(check_claims(store, kb, cues))
    report.watch_matches = check_watches(store)
    return report


def file_hash(path: Path) -> str:
    with path.open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def ingest(paths: list[str], store: Store, kb: KnowledgeBase, published: date | None = None,
           encoding: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
           on_file: Callable[[Path, int], None] | None = None, cues=None) -> IngestReport:
    """Read, extract and store; one transaction per document (and one for its claims), so a crash loses at most
    the current one. Then check the claims and the watches (`follow_up`).

    Resumable: a file whose documents were all stored (by any run) is skipped by the hash of its bytes, before it
    is read; in a file read again, a document already stored is known by its text before it is extracted.
    """
    from marsad.analysis.claims import scan_document
    from marsad.mentions.claims import load_claim_cues

    cues = cues or load_claim_cues()
    report = IngestReport()
    files = expand(paths)
    report.files = len(files)
    for index, path in enumerate(files):
        try:
            raw_hash = file_hash(path)
        except OSError:
            raw_hash = None  # unreadable: read_path below says why
        if raw_hash and store.file_finished(raw_hash):
            report.skipped += 1
            if on_file:
                on_file(path, index + 1)
            continue
        problems, stored = len(report.problems), 0
        for item in read_path(path, published, encoding, max_bytes, kb.month_numbers):
            if isinstance(item, InputProblem):
                report.problems.append(item)
                continue
            stored += 1
            known = store.stored_as(item.text)
            if known is not None:
                what = "already in the store" if known == item.id else f"a duplicate of {known}"
                report.duplicates.append((item.id, what))
                continue
            found = extract(item, kb)
            result = store.add_document(item, found, kb.version)
            if result.status in ("added", "near-duplicate"):
                report.claims += scan_document(store, kb, cues, result.document_id, item, found)
            if result.status == "added":
                report.added += 1
                report.events += result.events
            else:
                what = "already in the store" if result.duplicate_of == item.id and result.status == "duplicate" \
                    else f"a {result.status} of {result.duplicate_of}"
                report.duplicates.append((item.id, what))
        if raw_hash and len(report.problems) == problems:  # a file with a problem is read again next time
            store.finish_file(raw_hash, str(path), path.stat().st_size, stored)
        if on_file:
            on_file(path, index + 1)
    return follow_up(store, kb, cues, report)
