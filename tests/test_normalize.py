import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from marsad.text.normalize import normalize, normalize_char, normalize_key
from marsad.text.sentences import split_sentences


def test_diacritics_hamza_taa_marbuta_and_digits_are_normalized():
    assert normalize("قالَ الرئيسُ إنّ ١٥ مايو").text == "قال الرييس ان 15 مايو"
    assert normalize_key("مدينةُ بنغازى") == "مدينه بنغازي"


def test_offsets_map_back_to_the_original():
    original = "التقى المشيرُ خليفةُ حفتر"
    norm = normalize(original)
    start = norm.text.index("خليفه")
    o_start, o_end = norm.to_original(start, start + len("خليفه حفتر"))
    assert original[o_start:o_end] == "خليفةُ حفتر"


@given(st.text(alphabet=st.sampled_from(list("ابتثجحخدذرزسشصضطظعغفقكلمنهويىةأإآؤئ ًٌٍَُِّْـ١٢٣،. abc")), max_size=80))
def test_every_normalized_span_maps_inside_the_original(text):
    norm = normalize(text)
    assert len(norm.offsets) == len(norm.text)
    for i in range(len(norm.text)):
        o_start, o_end = norm.to_original(i, i + 1)
        assert 0 <= o_start < o_end <= len(text)
    assert list(norm.offsets) == sorted(norm.offsets)


def test_sentences_split_on_stops_and_lines_but_not_initials():
    text = "زار حفتر موسكو. ثم عاد؟ نعم\nقال اللواء جون أو. برينان إن الزيارة مهمة."
    assert [s.text for s in split_sentences(text)] == [
        "زار حفتر موسكو.", "ثم عاد؟", "نعم", "قال اللواء جون أو. برينان إن الزيارة مهمة."]


def test_normalize_key_maps_every_character_as_normalize_char():
    """normalize_key finds what to change with one regex: every character of the Basic Multilingual Plane must come out
    of it as normalize_char says (surrogates, which no text holds, left out)."""
    for start in range(0, 0x10000, 0x1000):
        chars = [chr(c) for c in range(start, start + 0x1000) if not 0xD800 <= c < 0xE000]
        text = " ".join(chars)
        expected = " ".join("".join(normalize_char(c) for c in unicodedata.normalize("NFC", text)).split())
        assert normalize_key(text) == expected
