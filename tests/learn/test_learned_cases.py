"""The whole extractor, learned decisions included, on sentences of the kinds issue 8 found the rules
getting wrong: wire copy with a dateline, hosts named by "received by", generic and unidentified actors.
Each sentence is written for these tests."""
from __future__ import annotations

from datetime import date

import pytest

from marsad.extract import extract
from marsad.records import Document
from tests.conftest import ARTICLES


@pytest.fixture(scope="module")
def learned(kb):
    if kb.models is None:
        pytest.skip("no shipped models in this checkout (marsad/learn/data); `marsad train` writes them")
    return kb


def events(kb, text):
    return [(e.event_type, e.polities) for e in extract(Document(id="t", text=text, published=date(2025, 5, 20)), kb)]


@pytest.mark.parametrize("text, expected", [
    # a car bomb with no named perpetrator: the place's country stands for the unidentified side
    ("بغداد (وكالات) - قُتل عشرة أشخاص وأصيب عشرون آخرون في انفجار سيارة مفخخة استهدف سوقاً شعبية في "
     "حي الشعب شمالي بغداد صباح اليوم.", ("ASSAULT", {"IRQ"})),
    # gunmen attack an army checkpoint: a known miss (the event model at 0.41-0.54 across seeds) until the
    # training text had more wire reports (w14, w35 among the writers of 7 December)
    ("هاجم مسلحون مجهولون نقطة تفتيش للجيش المالي قرب مدينة غاو، ما أسفر عن مقتل خمسة جنود.", ("ASSAULT", {"MLI"})),
    # protesters in a square of the capital (ruling 5: the camp that holds the place). A known miss since the
    # training text of 7 December: the participant model put LBY-W at 0.31-0.52 across seeds and retrainings
    # then (0.80 before), 0.36 with the models of the 428 articles of that evening and 0.33 later that night;
    # the event model puts the protest itself at 0.49 with the trees of 63 leaves (0.47, then 0.59 before);
    # writers of that text coded Libyan crowds LBY before 2014 and in contested places.
    pytest.param("تظاهر مئات المحتجين في ساحة الشهداء بطرابلس للمطالبة برحيل الحكومة.", ("PROTEST", {"LBY-W"}),
                 marks=pytest.mark.xfail(strict=True, reason="the protest scored 0.49 < 0.5, LBY-W 0.33 before")),
    # a dateline city is no participant; the host who received the minister is
    ("مصراتة (وكالات) - وصل وزير الداخلية الإيطالي إلى مصراتة أمس، وكان في استقباله رئيس حكومة الوحدة "
     "الوطنية عبد الحميد الدبيبة.", ("CONSULT", {"ITA", "LBY-W"})),
    # a visit to a city and a meeting there: the commander met is the other side
    ("زار وزير الخارجية اليوناني بنغازي اليوم والتقى المشير خليفة حفتر.", ("CONSULT", {"GRC", "LBY-E"})),
])
def test_wire_sentences(learned, text, expected):
    assert expected in [(t, set(p)) for t, p in events(learned, text)]


# A known miss since the training text of 7 December: the event model gives this condemnation 0.29 (0.30-0.38
# across seeds then, 0.34 with the models of that evening, 0.23 later that night, 0.55 before). Several of its
# writers left condemnations that name no one uncoded.
@pytest.mark.xfail(strict=True, reason="event model at 0.29 < 0.5")
def test_a_condemnation_names_no_accused_by_its_manner(learned):
    assert events(learned, "وأدانت قطر بشدة الهجوم على المدنيين.") == [("ACCUSE", frozenset({"QAT"}))]


def test_every_event_has_a_confidence_a_threshold_can_use(learned):
    found = extract(Document(id="t", text="زار وزير الخارجية اليوناني بنغازي اليوم والتقى المشير خليفة حفتر. "
                                          "ودعا الجانبان إلى وقف التصعيد.", published=date(2025, 5, 20)), learned)
    assert found and all(0 < e.confidence <= 1 and e.confidence == round(e.confidence, 2) for e in found)


@pytest.mark.parametrize("name", ["visit_cairo.txt", "ankara_meeting.txt"])
def test_an_article_on_one_line_reads_like_the_same_with_line_breaks(learned, name):
    """JSONL records and flattened pages often carry a whole article on one line, page furniture included."""
    text = "الرئيسية > أخبار > العالم العربي\n" + (ARTICLES / name).read_text(encoding="utf-8")
    kinds = [(t, p) for t, p in events(learned, text)]
    flat = [(t, p) for t, p in events(learned, " ".join(text.split("\n")))]
    assert kinds and len(set(kinds) & set(flat)) >= len(set(kinds)) - 1
