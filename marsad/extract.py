"""extract(doc, kb) -> list[Event]: the whole extractor as one pure function.

No I/O and no globals: the knowledge base is handed in, so the same code runs in the CLI, the
web server and a Spark task. The stages, in order:

  read_document   normalized text, sentences, dates, mentions, trigger words   (events/reading.py)
  rule_events     the rules' events, report by report                          (events/rules.py)
  events_from     the learned decisions over the candidates, the rules' events  (learn/decide.py)
                  among their features (where the knowledge base carries models)
  merge_reports   one event per happening                                       (events/merge.py)
"""
from __future__ import annotations

import logging

from marsad.events.merge import merge_reports
from marsad.events.reading import MAX_TRIGGERS_PER_SENTENCE, Reading, past_deadline, read_document
from marsad.events.rules import rule_events
from marsad.knowledge.base import KnowledgeBase
from marsad.records import Document, Event

log = logging.getLogger(__name__)


def extract(doc: Document, kb: KnowledgeBase, *, deadline: float | None = None) -> list[Event]:
    """Every event the article reports, one per happening, each with its evidence sentence.

    `deadline` (a `time.monotonic()` value) is checked between stages, between the passes of the reading,
    once per sentence of the rules and per sentence and anchor of the learned decisions; past it, `TooSlow`
    is raised."""
    reading, rule, proposals = candidates(doc, kb, deadline=deadline)
    if kb.models is None:
        return merge_reports(rule)
    from marsad.learn.decide import events_from
    past_deadline(deadline, reading, len(reading.text))
    return merge_reports(events_from(reading, rule, proposals, kb.models, kb, deadline=deadline))


def candidates(doc: Document, kb: KnowledgeBase, *, deadline: float | None = None) -> tuple[Reading, list[Event], dict]:
    """The article read, the rules' events over it and the actor and recipient they proposed at every trigger:
    what the learned decisions weigh, in extraction and in training alike."""
    reading = read_document(doc, kb, deadline=deadline)
    if reading.crowded:
        log.warning("%s: %d sentences (the first at character %d) have over %d trigger words; only the first "
                    "%d of each were read", doc.path or doc.id, len(reading.crowded), reading.crowded[0],
                    MAX_TRIGGERS_PER_SENTENCE, MAX_TRIGGERS_PER_SENTENCE)
    proposals: dict = {}
    return reading, rule_events(reading, kb, proposals, deadline=deadline), proposals
