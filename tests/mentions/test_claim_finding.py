"""Finding claims in articles: counts, firsts and figures, their ranges and windows, the event each speaks of.
Every sentence is written for these tests."""
from __future__ import annotations

from datetime import date

import pytest

from marsad.errors import KnowledgeError
from marsad.extract import extract
from marsad.mentions.claims import find_claims, load_claim_cues
from marsad.records import Document


@pytest.fixture(scope="module")
def cues():
    return load_claim_cues()


def claims_in(kb, cues, text, published=date(2025, 6, 2)):
    doc = Document(id="t.txt", text=text, published=published)
    found = extract(doc, kb)
    return found, find_claims(doc, found, kb, cues)


def one(kb, cues, text, **kw):
    _, found = claims_in(kb, cues, text, **kw)
    assert len(found) == 1, [(c.kind, c.cue) for c in found]
    return found[0]


@pytest.mark.parametrize("text,cue,value", [
    ("زار المبعوث الأممي مدينة سرت ثلاث مرات هذا العام.", "ثلاث مرات", 3),
    ("وقد التقى الوزيران 7 مرات منذ توليهما منصبيهما.", "7 مرات", 7),
    ("واجتمع الطرفان مرتين في القاهرة.", "مرتين", 2),
    ("وأجرى رئيس الأركان خمس زيارات إلى الجنوب.", "خمس زيارات", 5),
])
def test_counts_read_their_number(kb, cues, text, cue, value):
    c = one(kb, cues, text)
    assert (c.kind, c.cue, c.value, c.low, c.high) == ("count", cue, value, value, value)


def test_an_ordinal_is_the_nth_time_and_the_first_is_a_first(kb, cues):
    c = one(kb, cues, "ووصل وزير الخارجية إلى أنقرة للمرة الثالثة هذا الشهر.")
    assert (c.kind, c.value, c.qualifier) == ("count", 3, "ordinal")
    c = one(kb, cues, "وهي زيارته الرابعة إلى الجزائر.")
    assert (c.kind, c.value, c.qualifier) == ("count", 4, "ordinal")
    assert one(kb, cues, "وصل الوفد إلى روما للمرة الأولى.").kind == "first"
    assert one(kb, cues, "وتعد هذه أول زيارة يقوم بها إلى المغرب.").kind == "first"
    assert one(kb, cues, "ووقع البلدان اتفاقاً هو الأول من نوعه في المنطقة.").kind == "first"


def test_several_times_and_not_the_first_are_lower_bounds(kb, cues):
    c = one(kb, cues, "وقد زار الوزير العاصمة مرات عدة في الأشهر الأخيرة.")
    assert (c.kind, c.low, c.high, c.qualifier) == ("count", 3, None, "several")
    c = one(kb, cues, "وليست المرة الأولى التي يستقبل فيها الرئيس وفداً من الجنوب.")
    assert (c.kind, c.low, c.high, c.qualifier) == ("count", 2, None, "not-first")


@pytest.mark.parametrize("text,unit,value,low,high", [
    ("ووقع البلدان عقداً بقيمة 2.5 مليار دولار.", "USD", 2.5e9, 2.5e9, 2.5e9),
    ("وأعلنت الحكومة قرضاً يزيد على ثلاثة مليارات يورو.", "EUR", 3e9, 3e9, None),
    ("وخصص البنك ما يقارب 400 مليون دولار للمشروع.", "USD", 4e8, 3.6e8, 4.4e8),
    ("وتشمل الصفقة 24 مقاتلة وست مروحيات.", "aircraft", 24, 24, 24),
    ("ونشرت الوزارة ألفي جندي على الحدود.", "troops", 2000, 2000, 2000),
    ("وأسفر القصف عن مقتل 17 شخصاً.", "killed", 17, 17, 17),
    ("وقدرت مصادر طبية عدد الجرحى بنحو 40 جريحاً.", "wounded", 40, 36, 44),
])
def test_figures_carry_their_unit_and_range(kb, cues, text, unit, value, low, high):
    _, found = claims_in(kb, cues, text)
    c = next(c for c in found if c.unit == unit)
    assert (c.kind, c.value) == ("quantity", value)
    assert c.low == pytest.approx(low) and (c.high == pytest.approx(high) if high is not None else c.high is None)


def test_a_sum_in_two_parts_is_one_figure(kb, cues):
    c = one(kb, cues, "وبلغت قيمة العقد 3 مليارات و200 مليون دولار.")
    assert c.value == pytest.approx(3.2e9) and c.unit == "USD"


def test_hundreds_of_fighters_is_a_range(kb, cues):
    c = one(kb, cues, "وتحدثت تقارير عن وصول مئات المرتزقة إلى القاعدة.")
    assert (c.unit, c.low, c.high, c.value) == ("troops", 200, 999, None)


def test_flights_per_period_are_per_week(kb, cues):
    _, found = claims_in(kb, cues, "وارتفع عدد الرحلات من رحلة واحدة شهرياً إلى ثلاث رحلات أسبوعياً.")
    rates = sorted((c.low, c.high) for c in found if c.unit == "flights/week")
    assert rates == [(pytest.approx(12 / 52, abs=0.001), pytest.approx(12 / 52, abs=0.001)), (3, 3)]
    c = one(kb, cues, "وتسير الشركة رحلة أو رحلتين أسبوعياً إلى إسطنبول.")
    assert (c.low, c.high, c.qualifier) == (1, 2, "range")


def test_a_year_is_not_a_count_of_people(kb, cues):
    _, found = claims_in(kb, cues, "وأرسلت الحكومة منذ 2021 مستشارين عسكريين إلى الجنوب.")
    assert not [c for c in found if c.unit == "troops"]


def test_windows_between_since_and_during(kb, cues):
    c = one(kb, cues, "زار المبعوث طرابلس خمس مرات بين آذار/مارس 2022 وتموز/يوليو 2023.")
    assert (c.window_from, c.window_to) == ("2022-03", "2023-07")
    c = one(kb, cues, "والتقى الرئيسان للمرة الأولى منذ خمس سنوات.", published=date(2025, 6, 2))
    assert c.kind == "first" and c.window_from == "2020-06-02"
    c = one(kb, cues, "واجتمع الطرفان أربع مرات خلال العامين الماضيين.", published=date(2025, 6, 2))
    assert c.window_from == "2023-06-02"
    c = one(kb, cues, "وزار الوفد الجزائر للمرة الثالثة منذ بداية العام.", published=date(2025, 6, 2))
    assert c.window_from == "2025-01-01"
    c = one(kb, cues, "وزار الوزير الرباط مرتين منذ زيارته الأخيرة.")
    assert c.window_from is None  # 'since his last visit' names no date


def test_a_claim_speaks_of_the_event_in_its_sentence(kb, cues):
    events, found = claims_in(kb, cues, "استقبل الرئيس التركي رجب طيب أردوغان المشير خليفة حفتر في أنقرة "
                                        "يوم 3 حزيران/يونيو 2025 لأول مرة.")
    c = found[0]
    assert c.kind == "first" and c.event is not None
    event = events[c.event]
    assert event.start <= c.start < event.end or any(s <= c.start < e for s, e in event.reports)
    assert c.subject["source"] == "event" and c.subject["event_type"] == event.event_type
    assert c.claim_date == event.date == "2025-06-03"


def test_a_sentence_that_refers_back_speaks_of_the_event_before(kb, cues):
    events, found = claims_in(kb, cues, "زار الرئيس التركي رجب طيب أردوغان القاهرة يوم 3 أيار/مايو 2025.\n\n"
                                        "وهذه الزيارة الثانية له إلى مصر خلال عام.")
    c = found[0]
    assert c.kind == "count" and c.value == 2 and c.event is not None
    assert events[c.event].event_type == "CONSULT"
    _, found = claims_in(kb, cues, "زار الرئيس التركي رجب طيب أردوغان القاهرة يوم 3 أيار/مايو 2025.\n\n"
                                   "ويرى مراقبون أن الأمر تكرر مرتين.")
    assert found[0].event is None  # no referring word: not about the visit before


def test_claim_offsets_quote_the_article(kb, cues):
    text = "وَأَرْسَلَتْ موسكو 1٬500 مُقاتِل إلى الجُفرة."
    c = one(kb, cues, text)
    assert text[c.start:c.end] == c.cue and c.value == 1500 and c.unit == "troops"
    assert text[c.sentence_start:c.sentence_end] == c.evidence


def test_a_bad_cue_file_names_its_field(tmp_path):
    (tmp_path / "claims.yaml").write_text("min_coverage: 3\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"claims\.yaml: field 'min_coverage'"):
        load_claim_cues([tmp_path])
    (tmp_path / "claims.yaml").write_text("- just a list\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match="expected a mapping"):
        load_claim_cues([tmp_path])


def test_a_folder_of_ones_own_adds_words(kb, tmp_path):
    (tmp_path / "claims.yaml").write_text("units:\n  aircraft: [طوافة, طوافات]\n", encoding="utf-8")
    mine = load_claim_cues([tmp_path])
    assert mine.version != load_claim_cues().version
    _, found = claims_in(kb, mine, "وتسلم الجيش ست طوافات جديدة.")
    assert [(c.unit, c.value) for c in found] == [("aircraft", 6)]


def test_a_claim_repeated_about_the_same_event_is_one_claim(kb, cues):
    sentence = "زار الرئيس التركي رجب طيب أردوغان القاهرة يوم 3 أيار/مايو 2025 للمرة الثانية خلال عام. "
    _, found = claims_in(kb, cues, sentence * 3)
    assert [(c.kind, c.value) for c in found] == [("count", 2)]
