"""Actor filters name the same actors in Arabic and English, through the knowledge base's names and aliases."""
from __future__ import annotations

import pytest

from marsad.store.names import arabic_forms, match_actors
from marsad.store.search import query_groups


@pytest.mark.parametrize("arabic,english", [("حفتر", "Haftar"), ("خليفة حفتر", "Khalifa Haftar"),
                                            ("الأمم المتحدة", "United Nations"), ("بوتين", "Putin")])
def test_arabic_and_english_name_the_same_actors(kb, arabic, english):
    assert match_actors(kb, arabic) == match_actors(kb, english)
    assert match_actors(kb, arabic).kb_ids or match_actors(kb, arabic).names


def test_a_body_named_after_a_person_comes_with_him(kb):
    """قوات خليفة حفتر is an Arabic name of the Libyan National Army: 'Haftar' finds it as 'حفتر' does."""
    assert {"khalifa-haftar", "saddam-haftar", "lna"} <= set(match_actors(kb, "Haftar").kb_ids)
    assert "vladimir-putin" not in match_actors(kb, "Haftar").kb_ids


def test_arabic_words_match_whole_words_with_or_without_the_article(kb):
    egypt = match_actors(kb, "مصر")
    assert "Egypt" in egypt.names
    assert not any("Misrata" in n for n in egypt.names) and "central-bank-of-libya" not in egypt.kb_ids
    assert match_actors(kb, "دعم سريع") == match_actors(kb, "الدعم السريع") and "rsf" in match_actors(kb, "الدعم السريع").kb_ids


def test_english_matches_the_start_of_a_word_and_short_queries_whole_words_or_initials(kb):
    assert "khalifa-haftar" in match_actors(kb, "haft").kb_ids
    un = match_actors(kb, "UN")
    assert "United Nations" in un.names and "african-union" not in un.kb_ids and "Tunisia" not in un.names
    assert "lna" in match_actors(kb, "LNA").kb_ids


def test_a_state_or_place_names_the_stored_actor_made_of_it(kb):
    names = match_actors(kb, "تركيا").names
    assert names == match_actors(kb, "Türkiye").names
    assert "Türkiye" in names and "civilians (Türkiye)" in names and "government (Türkiye)" in names
    assert not any(n.startswith("Israeli") for n in names)  # generic actors of a fixed polity are not Türkiye's
    assert "Tripoli authorities" in match_actors(kb, "طرابلس").names


def test_the_search_box_reads_english_names_as_their_arabic_spellings(kb):
    assert query_groups("Haftar", kb) == (("حفتر",),)
    assert query_groups("Egypt", kb) == (("مصر",),)
    assert query_groups("Haftar موسكو", kb) == (("حفتر",), ("موسكو",))
    assert query_groups("حفتر", kb) == query_groups("حفتر") == (("حفتر",),)
    assert arabic_forms(kb, "zzzz") == () and query_groups("zzzz", kb) == (("zzzz",),)
