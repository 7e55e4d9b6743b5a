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

from marsad.events.merge import merge_reports
from marsad.events.reading import read_document
from marsad.events.rules import rule_events
from marsad.knowledge.base import KnowledgeBase
from marsad.records import Document, Event


def extract(doc: Document, kb: KnowledgeBase) -> list[Event]:
    """Every event the article reports, one per happening, each with its evidence sentence."""
    reading = read_document(doc, kb)
    if kb.models is None:
        return merge_reports(rule_events(reading, kb))
    from marsad.learn.decide import events_from
    proposals: dict = {}
    rule = rule_events(reading, kb, proposals)
    return merge_reports(events_from(reading, rule, proposals, kb.models, kb))
