import pytest

from marsad.text.lexicon import NAME_PREFIXES, NOUN_PREFIXES, PRONOUNS, VERB_PREFIXES, Lexicon, longest_first
from marsad.text.normalize import normalize


@pytest.fixture
def lexicon():
    lex = Lexicon()
    lex.add("الكرملين", "kremlin")
    lex.add("حفتر", "haftar", prefixes=NAME_PREFIXES)
    lex.add("خليفة حفتر", "khalifa", prefixes=NAME_PREFIXES)
    lex.add("زيارة", "visit", prefixes=NOUN_PREFIXES)
    lex.add("استقبل", "host", prefixes=VERB_PREFIXES, suffixes=("",) + PRONOUNS)
    return lex


@pytest.mark.parametrize("text, expected", [
    ("وللكرملين", ["kremlin"]),           # و + ل + ال merged into لل
    ("ولحفتر", ["haftar"]),
    ("بالزيارة", ["visit"]),
    ("واستقبله", ["host"]),               # enclitic pronoun after a verb
    ("سيستقبل", []),                      # not a form of استقبل: ي is not a proclitic
    ("حفترية", []),                       # no suffixes allowed on a name
    ("المشير خليفة حفتر", ["khalifa"]),    # longest match wins over the short form
], ids=["lam-al", "wa-li-name", "bi-al-noun", "verb-pronoun", "no-prefix-ya", "no-name-suffix", "longest"])
def test_clitic_aware_matching(lexicon, text, expected):
    found = longest_first(lexicon.find(normalize(text).text))
    assert [m.payload for m in found] == expected
