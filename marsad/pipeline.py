"""The data flow of DESIGN.md in one place: files → documents → events → store → claims, verdicts, watches.

Every document passes one guard, stage by stage (`read_file`, `extract_document`,
`store_document`): whatever a file does to a reader, to the extractor or to the
store, the run records an `InputProblem` naming it with a one-line reason and
goes on with the next. Extraction has a time budget per document, a cooperative
deadline the extractor checks between sentences. Problems are handed to
`on_problem` as they happen, so a caller can write them down before the run ends.
A document stored whose claims cannot be read is stored all the same, with a
warning (`follow_up` tries its claims again at the end of the run).
"""
from __future__ import annotations

import hashlib
import logging
import time
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator

from marsad.errors import StoreError, TooSlow, failure, shown_path
from marsad.extract import extract
from marsad.ingest.readers import DEFAULT_MAX_BYTES, DEFAULT_MAX_ITEMS, InputProblem, expand, read_path
from marsad.knowledge.base import KnowledgeBase
from marsad.records import Document, Entity, Event

if TYPE_CHECKING:  # the store (SQLAlchemy) is not loaded by `marsad extract`, which never writes
    from marsad.store.db import AddResult, Store

log = logging.getLogger(__name__)
DEFAULT_TIME_BUDGET = 10.0  # seconds per document, from the start of its reading


@dataclass(frozen=True)
class Limits:
    """Bounds on the work one file or document may cause."""

    max_bytes: int = DEFAULT_MAX_BYTES  # largest file read (and JSONL record)
    max_items: int = DEFAULT_MAX_ITEMS  # feed items read from one feed
    time_budget: float | None = DEFAULT_TIME_BUDGET  # seconds per document; None: no limit


@dataclass
class IngestReport:
    files: int = 0
    skipped: int = 0  # files a run before finished: not read again
    same_bytes: list[tuple[str, str]] = field(default_factory=list)  # (file, the file of the same bytes ingested before)
    added: int = 0
    events: int = 0
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (doc, "already in the store" / "a … of …")
    problems: list[InputProblem] = field(default_factory=list)
    claims: int = 0  # claims found in the new documents
    verdicts: dict[str, int] = field(default_factory=dict)  # every stored claim, checked again: status → count
    watch_matches: int = 0  # new matches of the saved watches


def read_file(path: Path, kb: KnowledgeBase, published: date | None = None, encoding: str | None = None,
              limits: Limits = Limits()) -> Iterator[Document | InputProblem]:
    """The documents of one file behind the guard: what a reader did not expect ends this file, not the run."""
    items = read_path(path, published, encoding, limits.max_bytes, kb.month_numbers, limits.max_items)
    while True:
        try:
            item = next(items)
        except StopIteration:
            return
        except Exception as exc:  # noqa: BLE001  the guard: named, recorded, and the run goes on
            name = shown_path(path)
            yield InputProblem(name, f"{name}: {failure(exc)}")
            return
        yield item


def extract_document(doc: Document, kb: KnowledgeBase, time_budget: float | None = DEFAULT_TIME_BUDGET,
                     started: float | None = None) -> list[Event] | InputProblem:
    """`extract` behind the guard, with the document's time budget counted from `started` (a
    `time.monotonic()` value: when its reading began), else from now."""
    where = doc.path or doc.id
    deadline = None if time_budget is None else (started or time.monotonic()) + time_budget
    try:
        return extract(doc, kb, deadline=deadline)
    except TooSlow as exc:
        return InputProblem(where, f"{where}: too slow: extraction passed the {time_budget:g} s budget ({exc}); "
                                   "raise --time-budget to read it", "extract")
    except Exception as exc:  # noqa: BLE001  the guard
        return InputProblem(where, f"{where}: extraction failed: {failure(exc)}", "extract")


def store_document(store: Store, doc: Document, events: list[Event], kb: KnowledgeBase) -> AddResult | InputProblem:
    """`Store.add_document` behind the guard, each actor named as the store keys it (`canonical_event`). A store
    that cannot be written at all (locked, read-only, disk full) ends the run: every document after would fail
    the same way."""
    from sqlalchemy.exc import OperationalError

    where = doc.path or doc.id
    try:
        return store.add_document(doc, [canonical_event(ev, kb) for ev in events], kb.version)
    except OperationalError as exc:
        raise StoreError(f"cannot write to the store: {exc.orig or exc}") from exc
    except Exception as exc:  # noqa: BLE001  the guard
        return InputProblem(where, f"{where}: cannot be stored: {failure(exc)}", "store")


@lru_cache(maxsize=4)
def _kb_actors(kb) -> dict[tuple[str, str | None], tuple[str, str]]:
    """(English name, polity) → (kb id, kind), for the names that only one knowledge-base actor carries."""
    seen: dict[tuple[str, str | None], list] = {}
    for a in kb.actors:
        seen.setdefault((a.name, a.polity), []).append((a.id, a.kind))
    return {key: found[0] for key, found in seen.items() if len(found) == 1}


def canonical_entity(entity: Entity, kb) -> Entity:
    """One stored actor per actor. The extractor names the UN both as the actor `united-nations` (الأمم المتحدة)
    and, through the UN's entry among the states (المبعوث الأممي), as 'United Nations' with polity UN and no id;
    and a state both as a 'state' (تركيا) and as an 'organisation' (الحكومة التركية). Stored as they come, the UN
    and the EU would be two actors each, and a state's kind whichever wording came first."""
    if entity.actor_id is not None:
        return entity
    known = _kb_actors(kb).get((entity.name, entity.polity))
    if known is not None:
        return replace(entity, actor_id=known[0], kind=known[1])
    state = kb.states_by_code.get(entity.polity) if entity.polity else None
    if state is not None and state.name == entity.name and entity.kind != "state":
        return replace(entity, kind="state")
    return entity


def canonical_event(ev: Event, kb) -> Event:
    """The event with each side's entities canonical and each named once."""
    def side(entities):
        return tuple(dict.fromkeys(canonical_entity(e, kb) for e in entities))
    actor, recipient = side(ev.actor), side(ev.recipient)
    return ev if (actor, recipient) == (ev.actor, ev.recipient) else replace(ev, actor=actor, recipient=recipient)


def read_documents(paths: list[str], kb: KnowledgeBase, published: date | None = None, encoding: str | None = None,
                   limits: Limits = Limits()) -> Iterator[tuple[Path, Document | InputProblem]]:
    """(file, document or problem) for every file, each behind the guard."""
    for path in expand(paths):
        for item in read_file(path, kb, published, encoding, limits):
            yield path, item


def extract_files(paths: list[str], kb: KnowledgeBase, published: date | None = None, encoding: str | None = None,
                  limits: Limits = Limits()) -> Iterator[Event | InputProblem]:
    """Events of every document, and a problem for each file, record or document that gave none. A document's
    time budget runs from the end of the one before, so its reading counts."""
    started = time.monotonic()
    for _, item in read_documents(paths, kb, published, encoding, limits):
        found = item if isinstance(item, InputProblem) else extract_document(item, kb, limits.time_budget, started)
        if isinstance(found, InputProblem):
            yield found
        else:
            yield from found
        started = time.monotonic()


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
           encoding: str | None = None, limits: Limits = Limits(),
           on_file: Callable[[Path, int], None] | None = None,
           on_problem: Callable[[InputProblem], None] | None = None,
           on_duplicate: Callable[[Document, str], None] | None = None,
           on_same_bytes: Callable[[str, str], None] | None = None, cues=None) -> IngestReport:
    """Read, extract and store; one transaction per document (and one for its claims), so a crash loses at most
    the current one. Then check the claims and the watches (`follow_up`). `on_problem` and `on_duplicate` hear
    of each skipped and each duplicate document as it happens, `on_same_bytes` of each file skipped because a
    file of the same bytes under another name was ingested (file, that file).

    Resumable: a file whose documents were all stored (by any run) is skipped by the hash of its bytes, before it
    is read; in a file read again, a document already stored is known by its text before it is extracted.
    """
    from marsad.mentions.claims import load_claim_cues

    cues = cues or load_claim_cues()
    report = IngestReport()
    files = expand(paths)
    report.files = len(files)
    for index, path in enumerate(files):
        try:  # a file over the size limit is refused unread below: not hashed either
            raw_hash = file_hash(path) if path.stat().st_size <= limits.max_bytes else None
        except OSError:
            raw_hash = None  # unreadable: the reader says why
        earlier = store.finished_file(raw_hash) if raw_hash else None
        if earlier is not None:
            report.skipped += 1
            if earlier != shown_path(path):
                report.same_bytes.append((shown_path(path), earlier))
                if on_same_bytes:
                    on_same_bytes(shown_path(path), earlier)
            if on_file:
                on_file(path, index + 1)
            continue
        problems, stored = len(report.problems), 0
        started = time.monotonic()
        for item in read_file(path, kb, published, encoding, limits):
            known = None
            if isinstance(item, Document):
                stored += 1
                known = store.stored_as(item.text)
            outcome = item if isinstance(item, InputProblem) or known is not None else \
                ingest_document(store, item, kb, limits, started, cues)
            if isinstance(outcome, tuple):
                outcome, claims = outcome
                report.claims += claims
            if isinstance(outcome, InputProblem):
                report.problems.append(outcome)
                if on_problem:
                    on_problem(outcome)
            elif known is None and outcome.status == "added":
                report.added += 1
                report.events += outcome.events
            else:
                duplicate_of, status = (known, "duplicate") if known is not None else \
                    (outcome.duplicate_of, outcome.status)
                what = "already in the store" if duplicate_of == item.id and status == "duplicate" \
                    else f"a {status} of {duplicate_of}"
                report.duplicates.append((item.id, what))
                if on_duplicate:
                    on_duplicate(item, what)
            started = time.monotonic()
        if raw_hash and len(report.problems) == problems:  # a file with a problem is read again next time
            store.finish_file(raw_hash, shown_path(path), path.stat().st_size, stored)
        if on_file:
            on_file(path, index + 1)
    return follow_up(store, kb, cues, report)


def ingest_document(store: Store, doc: Document, kb: KnowledgeBase, limits: Limits = Limits(),
                    started: float | None = None, cues=None) -> tuple[AddResult, int] | InputProblem:
    """One document through extraction, the store and (with `cues`) the claims scan, each behind the guard:
    (what the store did, claims found), or the problem that kept it out."""
    found = extract_document(doc, kb, limits.time_budget, started)
    result = found if isinstance(found, InputProblem) else store_document(store, doc, found, kb)
    if isinstance(result, InputProblem):
        return result
    claims = 0
    if cues is not None and result.status in ("added", "near-duplicate"):
        from marsad.analysis.claims import scan_document

        try:
            claims = scan_document(store, kb, cues, result.document_id, doc, found)
        except Exception as exc:  # noqa: BLE001  the guard: the document is stored; its claims are not
            log.warning("%s: claims not read: %s", doc.path or doc.id, failure(exc))
    return result, claims
