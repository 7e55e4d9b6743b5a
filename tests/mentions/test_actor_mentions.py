"""Actor mentions: how titles, nationalities and names combine into one actor, or stay two."""
from __future__ import annotations

from datetime import date

from marsad.extract import candidates
from marsad.mentions.actors import find_actor_mentions
from marsad.records import Document
from marsad.text.normalize import normalize


def _named(kb, text, year=2025):
    normalized = normalize(text).text
    return [(m.entity.name if m.entity else None) for m in find_actor_mentions(normalized, kb, year)]


def test_a_title_of_one_state_does_not_take_a_name_of_another(kb):
    # 'دعا الرئيس الفرنسي حفتر': the French president and Haftar, not Haftar titled French president
    assert _named(kb, "ودعا الرئيس الفرنسي حفتر إلى الحوار.") == ["Emmanuel Macron", "Khalifa Haftar"]
    assert _named(kb, "واستقبل الرئيس التركي رجب طيب أردوغان ضيفه.") == ["Recep Tayyip Erdogan"]


def test_a_title_that_names_its_body_is_its_holder_that_year(kb):
    assert _named(kb, "ورحب رئيس المجلس الرئاسي بالضيف.") == ["Mohamed al-Menfi"]
    assert _named(kb, "ورحب رئيس المجلس الرئاسي بالضيف.", year=2018) == ["Fayez al-Sarraj"]
    assert _named(kb, "وقال رئيس مجلس النواب إن الانتخابات قريبة.") == ["Aguila Saleh"]


def test_a_bare_title_names_the_one_last_named_with_it_but_not_after_a_word_for_the_office(kb):
    text = "وصلت المستشارة الألمانية أنغيلا ميركل إلى روما. وقالت المستشارة إن اللقاء كان مثمراً."
    assert _named(kb, text) == ["Angela Merkel", None, "Angela Merkel"]  # None: Rome, a place
    assert _named(kb, "ورحبت المستشارة الألمانية أنغيلا ميركل بالقرار، وطالب بتعيين المستشارة المقبلة.") == [
        "Angela Merkel"]
    assert _named(kb, "وقالت المستشارة إن اللقاء كان مثمراً.") == []  # no one named with it before


def test_a_dual_title_is_no_anaphor_of_one_person(kb):
    text = "وصل الرئيس المصري عبد الفتاح السيسي إلى الدوحة. وجرت مصافحة بين الرئيسين."
    assert _named(kb, text) == ["Abdel Fattah al-Sisi", None]  # None: Doha, a place


def test_a_counterpart_with_a_nationality_and_a_name_is_the_one_named(kb):
    assert _named(kb, "واستقبل فيدان نظيره المصري بدر عبد العاطي.") == ["Hakan Fidan", "Badr Abdelatty"]
    assert _named(kb, "واستقبل فيدان نظيره المصري.") == ["Hakan Fidan", "Egypt"]


def test_a_bare_army_is_the_army_the_story_named(kb):
    text = "وقال الجيش الوطني الليبي إن قواته تقدمت. ويتهم الجيش أنقرة بإرسال طائرات."
    assert _named(kb, text) == ["Libyan National Army", "Libyan National Army", None]  # None: Ankara, a place
    assert _named(kb, "ويتهم الجيش أنقرة بإرسال طائرات.") == [None]  # no army named before


def test_a_definite_noun_heads_no_genitive(kb):
    # 'سفارة روسيا' is Russia's embassy; in 'يتهم الجيش أنقرة' Ankara is the object, not the army's owner
    assert _named(kb, "وقالت سفارة روسيا إن.") == ["Russia"]
    assert _named(kb, "ويتهم الجيش أنقرة بإرسال طائرات.") == [None]


def test_accusative_and_indefinite_plural_nationalities_name_their_state(kb):
    # 'وفداً مصرياً': the accusative alif; 'عسكريين روساً'، 'خبراء أتراك': broken plurals without ال
    assert _named(kb, "واستقبل الرئيس وفداً مصرياً رفيعاً.") == ["Egypt"]
    assert _named(kb, "وقالت التقارير إن عسكريين روساً يدربون القوات.") == ["Russia"]
    assert _named(kb, "ووصل خبراء أتراك إلى المدينة.") == ["Türkiye"]


def test_a_capital_addressed_by_a_call_is_its_government(kb):
    # 'دعا شكري واشنطن إلى …': the one called on, not a place; 'زار شكري واشنطن' stays a place
    assert _named(kb, "ودعا وزير الخارجية المصري سامح شكري واشنطن إلى الضغط على الطرفين.") == ["Sameh Shoukry", "United States"]
    assert _named(kb, "وحث الرئيس الفرنسي ماكرون موسكو على سحب قواتها.") == ["Emmanuel Macron", "Russia"]
    assert _named(kb, "وزار وزير الخارجية المصري سامح شكري واشنطن في مارس.") == ["Sameh Shoukry", None]


def test_a_pair_of_seats_of_power_after_between_are_two_governments(kb):
    assert _named(kb, "ووقعت اتفاقية بين روما وطرابلس في مارس.") == ["Italy", "Tripoli authorities"]
    assert _named(kb, "وتحسنت العلاقات بين أنقرة والقاهرة.") == ["Türkiye", "Egypt"]
    assert _named(kb, "وتبلغ المسافة بين طرابلس وبنغازي ألف كيلومتر.") == [None, None]


def test_a_former_holder_is_not_the_current_one(kb):
    assert _named(kb, "وزار وزير الخارجية التركي السابق مولود جاويش أوغلو القاهرة.") == ["Mevlüt Çavuşoğlu", None]
    assert _named(kb, "وقال وزير الخارجية التركي السابق إن الزيارة مهمة.") == ["Türkiye Foreign Minister"]
    assert _named(kb, "وقال وزير الخارجية التركي إن الزيارة مهمة.") == ["Hakan Fidan"]


def test_even_a_capital_before_a_relative_clause_is_its_government(kb):
    # 'حتى' is 'even' here, not 'until'
    assert _named(kb, "حتى باريس، التي أرسلت قواتها الخاصة، تحافظ الآن على مسافة.") == ["France"]
    assert _named(kb, "وامتدت الطريق حتى باريس.") == [None]


def test_the_national_army_alone_is_the_army_the_story_named(kb):
    text = "وأشاد الجيش الوطني الليبي بالقرار. وأرسلت فرنسا قواتها لدعم الجيش الوطني في حملته."
    assert _named(kb, text) == ["Libyan National Army", "France", "Libyan National Army"]


def test_east_and_west_named_together_are_the_two_camps_in_a_story_of_them(kb):
    text = "وزار المشير خليفة حفتر روما. وأشرفت واشنطن على مناورة جمعت عسكريين من الشرق والغرب قرب مصراتة."
    assert _named(kb, text)[-3:] == ["Eastern Libyan authorities", "Tripoli authorities", None]
    assert "Tripoli authorities" not in _named(kb, "وتعمق الخلاف بين الشرق والغرب حول أوكرانيا.")


def test_a_title_as_the_head_of_a_construct_names_the_state_after_it(kb):
    assert _named(kb, "والتقى حفتر بوزير خارجية مصر.") == ["Khalifa Haftar", "Badr Abdelatty"]
    assert _named(kb, "وأبلغت السفارة وزارة خارجية طرابلس بالأمر.")[-1] == "Tripoli authorities"


def test_amman_in_a_story_of_jordan_and_oman_otherwise(kb):
    text = "ووصل وزير الخارجية المصري إلى عمان للقاء العاهل الأردني الملك عبد الله الثاني."
    assert _named(kb, text)[1] == "Jordan"
    assert _named(kb, "وزار الوزير المصري عمان والتقى نظيره العماني.")[1] == "Oman"
    assert "Oman" in _named(kb, "وزار العاهل الأردني سلطنة عمان.")


def test_a_title_that_means_one_thing_in_some_states_means_another_elsewhere(kb):
    """المستشار is the chancellor in Germany and Austria, an adviser anywhere else."""
    assert "United States adviser" in _named(kb, "وقال المستشار الأمريكي إن المحادثات مستمرة.", year=1990)
    assert "Austria Chancellor" in _named(kb, "وقال المستشار النمساوي إن المحادثات مستمرة.", year=1990)


def test_and_condemned_is_no_town_but_the_town_with_its_noun_is(kb):
    # 'ودان' alone is و + دان (condemned) wherever our writers used it; Waddan, in al-Jufra, takes its noun
    def read(text):
        return candidates(Document(id="t", text=text, published=date(2025, 5, 20)), kb)[0]
    reading = read("ودان الرئيس الفرنسي الهجوم الإرهابي.")
    assert "دان" in [reading.norm.text[m.start:m.end] for m in reading.triggers.items]
    assert all(m.place is None for m in reading.mentions.items)
    reading = read("وصل الوفد إلى مدينة ودان جنوب سرت.")
    assert [m.place_polity for m in reading.mentions.items if m.place][:1] == ["LBY-E"]
