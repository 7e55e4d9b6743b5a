"""A real store for the API and browser tests (SQLite or PostgreSQL): our own short articles with hand-made events
(so tests do not depend on what the extractor finds today), then the sample corpus through the real extractor, the
store's writer and the claims stage. The corpus is extracted once per test run, whichever engines it is stored in."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from functools import lru_cache

from marsad.extract import extract
from marsad.ingest.readers import InputProblem
from marsad.analysis.claims import scan_document
from marsad.mentions.claims import load_claim_cues
from marsad.pipeline import follow_up, read_documents, store_document
from marsad.records import Document, Entity, Event
from marsad.store import open_store
from marsad.store.query import Selection, list_events

CORPUS = Path(__file__).resolve().parents[2] / "marsad" / "samples" / "corpus"
TOKEN = "test-token-0123456789"  # the ingest token of the test server

HAFTAR = Entity("Khalifa Haftar", "LBY-E", "khalifa-haftar", "person")
PUTIN = Entity("Vladimir Putin", "RUS", "vladimir-putin", "person")
GNA = Entity("Government of National Accord", "LBY-W", None, "organisation")
TURKEY = Entity("Türkiye", "TUR", None, "state")  # as the knowledge base names the state
RUSSIA = Entity("Russia", "RUS", None, "state")
XSS_ACTOR = Entity('<img src=x onerror="window.__xss=3">', None, None, "person")

XSS_SCRIPT = "<script>window.__xss=1;alert('xss')</script>"
XSS_IMG = '<img src=x onerror="window.__xss=2;alert(2)">'
RLO = "\u202e"

# (doc key, published, title, [(sentence, event or None)])
ARTICLES = [
    ("seed-moscow-2025", date(2025, 5, 11), "بوتين يستقبل حفتر في الكرملين", [
        ("استقبل الرئيس الروسي فلاديمير بوتين الْمُشِيرَ خليفة حفتر في الكرملين يوم العاشر من مايو 2025.",
         dict(event_type="CONSULT", mode="visit", context=("diplomatic",), actor=(HAFTAR,), recipient=(PUTIN,),
              location="Moscow", date="2025-05-10", date_text="العاشر من مايو 2025", trigger="استقبل",
              cameo="042")),
        ("وبحث الجانبان التعاون العسكري بين البلدين وتطوير قدرات الجيش الليبي.",
         dict(event_type="COOPERATE", mode=None, context=("military",), actor=(HAFTAR,), recipient=(PUTIN,),
              location="Moscow", date="2025-05-10", date_text=None, trigger="التعاون", cameo="060")),
    ]),
    ("seed-moscow-2025-b", date(2025, 5, 12), "حفتر في موسكو", [
        ("وصل المشير خليفة حفتر إلى موسكو والتقى الرئيس بوتين في العاشر من أيار/مايو.",
         dict(event_type="CONSULT", mode="visit", context=("diplomatic",), actor=(HAFTAR,), recipient=(PUTIN,),
              location="Moscow", date="2025-05-10", date_text="العاشر من أيار/مايو", trigger="التقى",
              cameo="042")),
    ]),
    ("seed-ankara-2019", date(2019, 11, 28), "مذكرة تفاهم أمنية بين أنقرة وطرابلس", [
        ("وَقَّعَتْ أَنْقَرَةُ وحكومة الوفاق الوطني في طرابلس مذكرة تفاهم للتعاون الأمني والعسكري في إسطنبول.",
         dict(event_type="AGREE", mode=None, context=("military", "security"), actor=(TURKEY, GNA), recipient=(),
              location="Istanbul", date="2019-11-27", date_text=None, trigger="وَقَّعَتْ", cameo="057")),
    ]),
    ("seed-tripoli-2019", date(2019, 4, 5), "هجوم على طرابلس", [
        ("شنّت قوات حفتر هجوماً على العاصمة طرابلس في الرابع من أبريل 2019.",
         dict(event_type="ASSAULT", mode=None, context=("military",), actor=(HAFTAR,), recipient=(GNA,),
              location="Tripoli", date="2019-04-04", date_text="الرابع من أبريل 2019", trigger="شنّت", cameo="190")),
        ("واتهمت حكومة الوفاق روسيا بإرسال مرتزقة لدعم قوات حفتر.",
         dict(event_type="ACCUSE", mode=None, context=(), actor=(GNA,), recipient=(RUSSIA,), location=None,
              date="2019-04", date_text=None, trigger="اتهمت", cameo="112", aux="alleged")),
    ]),
    ("seed-xss", date(2024, 1, 2), f"عنوان {XSS_SCRIPT}", [
        (f"هدد المتحدث {XSS_SCRIPT} الطرف الآخر {XSS_IMG} في بيان {RLO}مقلوب النص{RLO} اليوم.",
         dict(event_type="THREATEN", mode=None, context=(), actor=(XSS_ACTOR,), recipient=(PUTIN,), location=None,
              date="2024-01-01", date_text=None, trigger="هدد", cameo="130")),
    ]),
]


@dataclass
class Seed:
    url: str
    documents: dict[str, int] = field(default_factory=dict)  # doc key -> store id
    events: dict[str, int] = field(default_factory=dict)  # "docKey#n" -> event id


def make_documents(kb_version: str):
    for key, published, title, sentences in ARTICLES:
        text = title + "\n\n" + "\n".join(s for s, _ in sentences)
        doc = Document(id=key, text=text, title=title, published=published, source="marsad tests", path=key)
        evs = []
        for sentence, spec in sentences:
            if spec is None:
                continue
            start = text.index(sentence)
            spec = {"aux": None, **spec}
            evs.append(Event(doc=key, evidence=sentence, start=start, end=start + len(sentence),
                             trigger_id=f"test-{spec['event_type'].lower()}", confidence=0.9,
                             reports=((start, start + len(sentence)),), **spec))
        yield doc, evs


@lru_cache(maxsize=2)
def corpus_events(kb) -> list:
    return [(doc, extract(doc, kb)) for _, doc in read_documents([str(CORPUS)], kb)
            if not isinstance(doc, InputProblem)]


def build_store(target: Path | str, kb) -> Seed:
    """Build the test store at a SQLite file path or a database URL."""
    url = target if isinstance(target, str) else f"sqlite:///{target}"
    store = open_store(url, create=True)
    seed = Seed(url)
    for doc, evs in make_documents(kb.version):
        result = store_document(store, doc, evs, kb)  # as ingest stores it: one stored actor per actor
        seed.documents[doc.id] = result.document_id
    for row in list_events(store, Selection(), limit=1000, sort="id"):
        for n, (sentence, spec) in enumerate(s for a in ARTICLES if a[0] == row["doc_key"] for s in a[3]):
            if spec and row["evidence"] == sentence:
                seed.events[f"{row['doc_key']}#{n}"] = row["id"]
    cues = load_claim_cues()
    for doc, found in corpus_events(kb):
        result = store_document(store, doc, found, kb)
        scan_document(store, kb, cues, result.document_id, doc, found)
    follow_up(store, kb, cues)  # what an ingest does after its documents: claims checked, watches
    store.engine.dispose()
    return seed
