"""The knowledge beyond Libya: regional actors, titles whose holder depends on the year, places, and names that
must not be read into common words."""
from __future__ import annotations

from marsad.mentions.actors import find_actor_mentions
from marsad.text.normalize import normalize


def _mentions(kb, text, year=2025):
    normalized = normalize(text).text
    return [(m.entity.name if m.entity else None, m.entity.polity if m.entity else None, m.place)
            for m in find_actor_mentions(normalized, kb, year)]


def test_a_spokesperson_title_with_a_nationality_is_the_holder_that_year(kb):
    assert _mentions(kb, "وقال المتحدث باسم الخارجية الإيرانية إن الرد سيكون حازماً.", 2023)[0][:2] == \
        ("Nasser Kanaani", "IRN")
    assert _mentions(kb, "وقال المتحدث باسم الخارجية الإيرانية إن الرد سيكون حازماً.", 2025)[0][:2] == \
        ("Esmaeil Baghaei", "IRN")
    assert _mentions(kb, "ونفى المتحدث باسم الجيش الإسرائيلي ذلك.", 2024)[0][:2] == ("Daniel Hagari", "ISR")


def test_the_head_of_a_named_body_is_its_holder_that_year(kb):
    assert _mentions(kb, "وزار رئيس حكومة إقليم كردستان العاصمة الفرنسية.", 2021)[0][:2] == ("Masrour Barzani", "IRQ")
    assert _mentions(kb, "وقال قائد الحرس الثوري إن قواته جاهزة.", 2021)[0][:2] == ("Hossein Salami", "IRN")
    assert _mentions(kb, "وقال رئيس المجلس السياسي الأعلى إن صنعاء سترد.", 2017)[0][:2] == ("Saleh al-Sammad", "YEM")


def test_a_un_envoy_for_another_country_is_not_the_envoy_to_libya(kb):
    found = _mentions(kb, "والتقى المبعوث الأممي إلى اليمن هانس غروندبرغ وفد الحوثيين المفاوض في مسقط.")
    assert found[:2] == [("Hans Grundberg", "UN", None), ("Houthi negotiating delegation (the 'national delegation')",
                                                           "YEM", None)]
    assert _mentions(kb, "وقال المبعوث الأممي إلى سوريا إن الحل سياسي.") == []  # no holder guessed, and not Libya's


def test_regional_organisations_and_armed_groups_take_the_state_they_act_in(kb):
    polities = {name: polity for name, polity, _ in _mentions(
        kb, "اتهمت جماعة نصرة الإسلام والمسلمين وكتيبة الموقعون بالدماء وجبهة البوليساريو وكتلة الوفاء للمقاومة "
            "وتحالف الفتح ومنبر جدة بعضها بعضاً.")}
    assert polities == {"Jama'at Nusrat al-Islam wal-Muslimin (JNIM)": "MLI", "Signatories in Blood (al-Muwaqqi'un bil-Dima)": "DZA",
                        "Polisario Front": "ESH", "Loyalty to the Resistance bloc (Hezbollah MPs)": "LBN",
                        "Fatah Alliance (Iraq)": "IRQ", "Jeddah platform (Sudan talks)": "SAU"}


def test_places_of_the_region_are_places_and_common_words_are_not(kb):
    assert _mentions(kb, "وسقطت قذائف على مدينة تدمر وقرب الحديدة وفي جباليا.") == [
        (None, None, "Palmyra"), (None, None, "Hodeidah"), (None, None, "Jabalia")]
    # 'تدمر' (destroys), 'إطار' (framework), 'الحد الأقصى' (maximum), 'آفاد' (= أفاد, reported) are words here
    assert _mentions(kb, "وأفاد مصدر بأن الغارات تدمر المنازل في إطار حملة تتجاوز الحد الأقصى.") == []
    assert _mentions(kb, "آفاد شهود بأن القصف استمر، وقال إن الذخيرة الحية استخدمت.") == []
