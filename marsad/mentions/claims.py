"""Claims that articles make about events: counts, firsts and figures, each tied to the event it speaks of.

This is a stage of its own, and it runs after extraction. `find_claims(doc, events, kb, cues)` reads a document
together with the events that `marsad.extract.extract` found in it. It returns `Claim` records:

- counts: خمس مرات، مرتين، للمرة الثالثة، زيارته الرابعة، ثالث زيارة، عدة مرات، ليست المرة الأولى (at least two);
- firsts: لأول مرة، للمرة الأولى، أول زيارة، الأولى من نوعها، with the window a "since" or "during" gives
  (للمرة الأولى منذ خمس سنوات، منذ 2019، خلال العامين الماضيين) or a "between" gives to a count;
- figures attached to an event: money with its currency, aircraft, troops, flights per period, the killed and
  the wounded, with "more than", "about", "up to" read as a range.

The cue words are data: `knowledge/data/claims.yaml`, validated by `ClaimCues` when it is loaded. Matching runs
on the normalized text (`marsad.text.normalize`), and every offset maps back to the article.
"""
from __future__ import annotations

import calendar
from bisect import bisect_left
import hashlib
import os
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterable, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from marsad.errors import KnowledgeError
from marsad.records import Claim, Document, Entity, Event
from marsad.text.normalize import normalize, normalize_key
from marsad.text.sentences import split_sentences

CUES_FILE = "claims.yaml"


# ---- the cue file's schema ------------------------------------------------------------------------
class _Cues(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class TimesWords(_Cues):
    singular: list[str] = Field(min_length=1, description="'time' after an ordinal: للمرة الثالثة")
    plural: list[str] = Field(min_length=1, description="'times' after a number: خمس مرات")
    twice: list[str] = Field(default_factory=list)
    several: list[str] = Field(default_factory=list, description="'several times': at least three")


class PeriodWords(_Cues):
    one: list[str] = Field(min_length=1)
    dual: list[str] = Field(default_factory=list)
    plural: list[str] = Field(default_factory=list)


class ScaleWords(_Cues):
    words: list[str] = Field(min_length=1, description="after a number: 4 مليارات")
    dual: list[str] = Field(default_factory=list, description="two of them, alone: ملياري دولار")


class VagueAmount(_Cues):
    words: list[str] = Field(min_length=1)
    low: float = Field(ge=0)
    high: float = Field(ge=0)


class ClaimCues(_Cues):
    """The cue words and settings of claims.yaml."""

    history_start: str = Field(pattern=r"^\d{4}-\d{2}$", description="where an unbounded claim is checked from")
    min_coverage: float = Field(ge=0, le=1)
    tolerance: float = Field(ge=0, le=1)
    numbers: dict[int, list[str]]
    ordinals: dict[int, list[str]]
    times: TimesWords
    event_nouns: list[str] = Field(min_length=1)
    count_nouns: list[str] = Field(default_factory=list, description="plurals a number counts: خمس زيارات")
    refer_back: list[str] = Field(default_factory=list, description="a sentence opening with one is about the "
                                                                   "event told just before")
    visit_words: list[str] = Field(min_length=1)
    meeting_words: list[str] = Field(min_length=1)
    firsts: list[str] = Field(min_length=1)
    not_first: list[str] = Field(default_factory=list)
    since: list[str] = Field(min_length=1)
    since_start: dict[Literal["year", "month"], list[str]] = Field(default_factory=dict)
    during: list[str] = Field(default_factory=list)
    between: list[str] = Field(default_factory=list)
    periods: dict[Literal["year", "month", "week", "day"], PeriodWords]
    vague_plural: int = Field(ge=1)
    rates: dict[Literal["month", "week", "day"], list[str]]
    scales: dict[int, ScaleWords]
    vague_amounts: list[VagueAmount] = Field(default_factory=list)
    qualifiers: dict[Literal["more", "less", "about", "up_to"], list[str]]
    units: dict[str, list[str]]
    casualty_nouns: dict[Literal["killed", "wounded"], list[str]] = Field(default_factory=dict)
    version: str = ""


def packaged_cues() -> Path:
    return Path(str(resources.files("marsad.knowledge") / "data" / CUES_FILE))


def load_claim_cues(extra_dirs: Iterable[str | Path] = ()) -> ClaimCues:
    """The packaged claims.yaml, then one in each --knowledge folder or MARSAD_KNOWLEDGE folder that has one.
    Lists are added and settings replaced. A bad entry is a KnowledgeError that names the file and the field."""
    dirs = [Path(d) for d in extra_dirs]
    env = os.environ.get("MARSAD_KNOWLEDGE")
    if env:
        dirs.extend(Path(d) for d in env.split(os.pathsep) if d)
    return _load(tuple(str(d) for d in dirs))


@lru_cache(maxsize=8)
def _load(dirs: tuple[str, ...]) -> ClaimCues:
    paths = [packaged_cues()] + [Path(d) / CUES_FILE for d in dirs if (Path(d) / CUES_FILE).is_file()]
    merged: dict = {}
    digest = hashlib.sha256()
    for path in paths:
        raw = path.read_bytes()
        digest.update(raw)
        try:
            data = yaml.safe_load(raw.decode("utf-8")) or {}
        except (yaml.YAMLError, UnicodeDecodeError) as exc:
            raise KnowledgeError(f"{path}: not valid UTF-8 YAML: {exc}") from exc
        if not isinstance(data, dict):
            raise KnowledgeError(f"{path}: expected a mapping of cue lists and settings, got {type(data).__name__}")
        _merge(merged, data)
        try:
            ClaimCues.model_validate(merged)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"]) or "file"
            raise KnowledgeError(f"{path}: field '{where}': {first['msg']}") from exc
    return ClaimCues.model_validate({**merged, "version": digest.hexdigest()[:12]})


def _merge(into: dict, data: dict) -> None:
    for key, value in data.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            _merge(into[key], value)
        elif isinstance(value, list) and isinstance(into.get(key), list):
            into[key] = into[key] + value
        else:
            into[key] = value


# ---- the compiled patterns ------------------------------------------------------------------------
def _keys(words: Iterable[str]) -> list[str]:
    return sorted({normalize_key(w) for w in words if normalize_key(w)}, key=len, reverse=True)


def _alt(words: Iterable[str]) -> str:
    """One alternation of the normalized words, longest first; a space stands for any run of spaces."""
    keys = _keys(words)
    return "|".join(r"\s+".join(re.escape(part) for part in k.split()) for k in keys) or r"(?!x)x"


def _definite(words: Iterable[str]) -> list[str]:
    """Words with ال also as they stand after ل (للمرة، للأولى)."""
    out = []
    for k in _keys(words):
        out.append(k)
        if k.startswith("ال") and len(k) > 3:
            out.append("لل" + k[2:])
    return out


def _noun_forms(nouns: Iterable[str]) -> str:
    """An event noun alone, with ال, or with an attached pronoun (زيارة → زيارته، زيارتها)."""
    forms = []
    for k in _keys(nouns):
        forms.append(re.escape(k))
        stem = k[:-1] + "ت" if k.endswith("ه") else k
        forms.append(re.escape(stem) + "(?:هما|هم|ها|ه)")
    return "|".join(sorted(forms, key=len, reverse=True))


@dataclass(frozen=True)
class _Patterns:
    cues: ClaimCues
    number_words: dict[str, float]
    scale_words: dict[str, tuple[float, bool]]  # word → (scale, dual)
    vague_words: dict[str, tuple[float, float]]
    ordinal_words: dict[str, int]
    unit_words: dict[str, str]
    qualifier_words: dict[str, str]
    rate_words: dict[str, str]
    period_words: dict[str, tuple[str, str]]  # word → (period, one | dual | plural)
    casualty_words: dict[str, str]
    amount: str
    quantity: re.Pattern
    vague_quantity: re.Pattern
    casualty: re.Pattern
    flights: re.Pattern
    times: re.Pattern
    twice: re.Pattern
    several: re.Pattern
    ordinal_time: re.Pattern
    noun_ordinal: re.Pattern
    ordinal_noun: re.Pattern
    first_noun: re.Pattern
    first_phrase: re.Pattern
    not_first: re.Pattern
    since_period: re.Pattern
    during_period: re.Pattern
    since_word: re.Pattern
    since_start: re.Pattern
    since_start_words: dict[str, str]
    between_word: re.Pattern
    visit: re.Pattern
    meeting: re.Pattern
    refer_back: re.Pattern


def _index(groups: dict, value_of=lambda k: k) -> dict:
    return {normalize_key(w): value_of(k) for k, words in groups.items() for w in words}


_COMPILED: dict[str, _Patterns] = {}


def compile_cues(cues: ClaimCues) -> _Patterns:
    """The patterns of a cue set, compiled once per version of the cue files."""
    key = cues.version or hashlib.sha256(cues.model_dump_json().encode()).hexdigest()
    if key not in _COMPILED:
        _COMPILED[key] = _compile(cues)
    return _COMPILED[key]


def _compile(cues: ClaimCues) -> _Patterns:
    c = cues
    number_words = _index(c.numbers, float)
    tens = [w for n, words in c.numbers.items() if n in (20, 30, 40, 50, 60, 70, 80, 90) for w in words]
    tens_of_ten = [w for w in c.numbers.get(10, [])]
    scale_words = {normalize_key(w): (float(s), False) for s, sw in c.scales.items() for w in sw.words}
    scale_words.update({normalize_key(w): (float(s), True) for s, sw in c.scales.items() for w in sw.dual})
    vague_words = {normalize_key(w): (v.low, v.high) for v in c.vague_amounts for w in v.words}
    ordinal_words = {k: n for n, words in c.ordinals.items() for k in _definite(words)}
    bare_ordinals = [w for n, words in c.ordinals.items() if n > 1 for w in words if not normalize_key(w).startswith("ال")]
    unit_words = _index(c.units)
    qualifier_words = _index(c.qualifiers)
    rate_words = _index(c.rates)
    period_words = {normalize_key(w): (p, form) for p, pw in c.periods.items()
                    for form in ("one", "dual", "plural") for w in getattr(pw, form)}
    casualty_words = _index(c.casualty_nouns)
    scale_alone = [w for w in scale_words if w not in vague_words]

    number = (rf"(?:\d+(?:[.,\u066b\u066c]\d+)*|(?:{_alt(number_words)})(?:\s+(?:{_alt(tens_of_ten)}))?"
              rf"(?:\s+و(?:{_alt(tens)}))?)")
    one_amount = rf"(?:{number}(?:\s+(?:{_alt(scale_words)}))?|(?:{_alt(scale_alone)}))"
    amount = rf"{one_amount}(?:\s+و\s*{one_amount})?"
    lead = r"(?<![\w.])(?:[وفبل]{0,2})"  # ب4، بخمسة، وخمس
    qual = rf"(?:(?P<qual>{_alt(qualifier_words)})\s+{lead})?"
    unit = rf"(?:من\s+)?(?:ال)?(?P<unit>{_alt(unit_words)})ا?(?!\w)"  # ا: the accusative, 40 جريحاً
    nouns = _noun_forms(c.event_nouns)
    flights = _alt(c.units.get("flights", []))
    word = r"(?<!\w)[وف]?"
    return _Patterns(
        cues=c, number_words=number_words, scale_words=scale_words, vague_words=vague_words,
        ordinal_words=ordinal_words, unit_words=unit_words, qualifier_words=qualifier_words, rate_words=rate_words,
        period_words=period_words, casualty_words=casualty_words, amount=amount,
        quantity=re.compile(rf"{lead}{qual}(?P<amount>{amount})\s+{unit}"),
        vague_quantity=re.compile(rf"{lead}(?:ال)?(?P<vague>{_alt(vague_words)})\s+{unit}"),
        casualty=re.compile(rf"{word}(?:ب|ل)?(?P<noun>{_alt(casualty_words)})\s+{qual}"
                            rf"(?:(?P<amount>{amount})|(?:ال)?(?P<vague>{_alt(vague_words)}))(?!\w)"),
        flights=re.compile(rf"{lead}(?:(?P<amount>{amount})\s+)?(?:ال)?(?P<unit>{flights})(?:\s+(?P<one>واحده))?"
                           rf"(?:\s+او\s+(?:(?P<amount2>{amount})\s+)?(?P<unit2>{flights}))?"
                           rf"\s+(?P<rate>{_alt(rate_words)})(?!\w)"),
        times=re.compile(rf"{lead}{qual}(?P<amount>{number})\s+(?:ال)?(?:{_alt(c.times.plural + c.count_nouns)})(?!\w)"),
        twice=re.compile(rf"{word}(?:{_alt(c.times.twice)})(?!\w)"),
        several=re.compile(rf"{word}(?:{_alt(c.times.several)})(?!\w)"),
        ordinal_time=re.compile(rf"{word}(?:لل|ال)(?:{_alt(c.times.singular)})\s+(?P<ord>{_alt(ordinal_words)})(?!\w)"),
        noun_ordinal=re.compile(rf"{word}(?:بال|لل|ال|ب|ل)?(?:{nouns})\s+(?P<ord>{_alt(ordinal_words)})(?!\w)"),
        ordinal_noun=re.compile(rf"{word}(?:ب|ل|ك)?(?P<ord>{_alt(bare_ordinals)})\s+(?:{nouns})(?!\w)"),
        first_noun=re.compile(rf"{word}(?:ب|ل|ك)?اول\s+(?:{nouns})(?!\w)"),
        first_phrase=re.compile(rf"{word}(?:{_alt(_definite(c.firsts))})(?!\w)"),
        not_first=re.compile(rf"{word}(?:{_alt(c.not_first)})(?!\w)"),
        since_period=re.compile(rf"{word}(?:{_alt(c.since)})\s+(?:(?P<amount>{number})\s+)?(?:ال)?"
                                rf"(?P<period>{_alt(period_words)})(?!\w)"),
        during_period=re.compile(rf"{word}(?:{_alt(c.during)})\s+(?:ال)?(?:(?P<amount>{number})\s+)?(?:ال)?"
                                 rf"(?P<period>{_alt(period_words)})(?!\w)"),
        since_word=re.compile(rf"{word}(?:{_alt(c.since)})(?!\w)"),
        since_start=re.compile(rf"{word}(?:{_alt(c.since)})\s+(?P<start>{_alt(_index(c.since_start))})(?!\w)"),
        since_start_words=_index(c.since_start),
        between_word=re.compile(rf"{word}(?:{_alt(c.between)})(?!\w)"),
        visit=re.compile(rf"{word}(?:ب|ل|ال|بال|لل)?(?:{_alt(c.visit_words)})(?!\w)"),
        meeting=re.compile(rf"{word}(?:ب|ل|ال|بال|لل)?(?:{_alt(c.meeting_words)})(?!\w)"),
        refer_back=re.compile(rf"^\W*[وف]?(?:{_alt(c.refer_back)})(?!\w)"),
    )


# ---- numbers ----------------------------------------------------------------------------------------
_DIGITS = re.compile(r"^\d+(?:[.,\u066b\u066c]\d+)*$")
_THOUSANDS = re.compile(r"^\d{1,3}(?:[,\u066c]\d{3})+$")


def parse_amount(text: str, p: _Patterns) -> float | None:
    """'4 مليارات و600 مليون' → 4.6e9; 'خمسه عشر' → 15; 'ملياري' → 2e9 (normalized text)."""
    total, current, seen = 0.0, None, False
    for raw in text.split():
        token = raw
        if token not in p.number_words and token not in p.scale_words and not _DIGITS.match(token):
            token = re.sub(r"^[وفبل]{1,2}", "", token)
        if raw.startswith("و") and token != raw and current is not None:  # 'و600': a new part of the sum
            total += current
            current = None
        if _DIGITS.match(token):
            value = float(re.sub(r"[,\u066c]", "", token)) if _THOUSANDS.match(token) \
                else float(token.replace(",", ".").replace("\u066b", "."))
            current = value if current is None else current + value
        elif token in p.number_words:
            value = p.number_words[token]
            current = value if current is None else current + value  # خمسة عشر, خمسة وعشرون
        elif token in p.scale_words:
            scale, dual = p.scale_words[token]
            current = (2.0 if dual else (current if current is not None else 1.0)) * scale
        else:
            continue
        seen = True
    if not seen:
        return None
    return total + (current or 0.0)


def _window_back(day: str | None, n: float, period: str) -> str | None:
    """The day `n` periods before `day` (YYYY[-MM[-DD]]), as YYYY-MM-DD."""
    if not day:
        return None
    parts = [int(x) for x in day.split("-")] + [1, 1]
    y, m, d = parts[0], parts[1], parts[2]
    n = int(round(n))
    if period == "year":
        y -= n
    elif period == "month":
        m -= n
        while m < 1:
            m += 12
            y -= 1
    else:
        start = date(y, m, d) - timedelta(days=n * (7 if period == "week" else 1))
        return start.isoformat()
    d = min(d, calendar.monthrange(y, m)[1])
    return date(y, m, d).isoformat()


# ---- finding claims -------------------------------------------------------------------------------
@dataclass
class _Found:
    kind: str
    start: int  # normalized offsets
    end: int
    rank: int  # the higher wins where two readings overlap
    value: float | None = None
    low: float | None = None
    high: float | None = None
    unit: str | None = None
    qualifier: str | None = None


RATE_PER_WEEK = {"week": 1.0, "month": 12 / 52, "day": 7.0}
_YEAR = re.compile(r"^(?:19[5-9]\d|20\d\d)$")
_BEFORE_A_YEAR = {"منذ", "عام", "سنه", "في", "خلال", "مطلع", "بدايه", "نهايه", "اواخر", "اوائل", "حتي", "العام"}


def _is_year(text: str, amount_start: int, amount: str) -> bool:
    """'منذ 2020 مستشارين': the number is a year, not a count."""
    if not _YEAR.match(amount.strip()):
        return False
    before = text[max(0, amount_start - 12):amount_start].split()
    return bool(before) and before[-1].lstrip("وف") in _BEFORE_A_YEAR


def _range(value: float, qualifier: str | None, tolerance: float) -> tuple[float | None, float | None]:
    if qualifier == "more":
        return value, None
    if qualifier in ("less", "up_to"):
        return 0.0, value
    if qualifier == "about":
        return value * (1 - tolerance), value * (1 + tolerance)
    return value, value


def _scan(text: str, p: _Patterns) -> list[_Found]:
    """Every claim reading in normalized text; overlapping readings are settled by rank."""
    tol = p.cues.tolerance
    found: list[_Found] = []

    def qualifier(m) -> str | None:
        q = m.groupdict().get("qual")
        return p.qualifier_words.get(normalize_key(q)) if q else None

    for m in p.not_first.finditer(text):
        found.append(_Found("count", m.start(), m.end(), 9, 2.0, 2.0, None, "times", "not-first"))
    for m in p.first_phrase.finditer(text):
        found.append(_Found("first", m.start(), m.end(), 8, 1.0, 1.0, 1.0))
    for pattern, rank in ((p.ordinal_time, 7), (p.noun_ordinal, 6), (p.ordinal_noun, 6)):
        for m in pattern.finditer(text):
            n = p.ordinal_words.get(m.group("ord"))
            if n is None:
                continue
            if n == 1:
                found.append(_Found("first", m.start(), m.end(), rank, 1.0, 1.0, 1.0))
            else:
                found.append(_Found("count", m.start(), m.end(), rank, float(n), float(n), float(n), "times", "ordinal"))
    for m in p.first_noun.finditer(text):
        found.append(_Found("first", m.start(), m.end(), 6, 1.0, 1.0, 1.0))
    for m in p.times.finditer(text):
        n = parse_amount(m.group("amount"), p)
        if n:
            q = qualifier(m)
            low, high = (n + 1, None) if q == "more" else _range(n, q, 0)
            found.append(_Found("count", m.start(), m.end(), 5, n, low, high, "times", q))
    for m in p.twice.finditer(text):
        found.append(_Found("count", m.start(), m.end(), 5, 2.0, 2.0, 2.0, "times"))
    for m in p.several.finditer(text):
        found.append(_Found("count", m.start(), m.end(), 5, None, 3.0, None, "times", "several"))
    for m in p.casualty.finditer(text):
        unit = p.casualty_words[normalize_key(m.group("noun"))]
        if m.group("vague"):
            low, high = p.vague_words[normalize_key(m.group("vague"))]
            found.append(_Found("quantity", m.start(), m.end(), 4, None, low, high, unit, "vague"))
            continue
        n = parse_amount(m.group("amount"), p)
        if n is not None:
            q = qualifier(m)
            found.append(_Found("quantity", m.start(), m.end(), 4, n, *_range(n, q, tol), unit, q))
    for m in p.flights.finditer(text):
        per = RATE_PER_WEEK[p.rate_words[normalize_key(m.group("rate"))]]
        dual = {normalize_key(w) for w in p.cues.units.get("flights", []) if normalize_key(w).endswith(("ين", "ان"))}
        first = parse_amount(m.group("amount"), p) if m.group("amount") else (2.0 if m.group("unit") in dual else 1.0)
        second = None
        if m.group("unit2"):
            second = parse_amount(m.group("amount2"), p) if m.group("amount2") else \
                (2.0 if m.group("unit2") in dual else 1.0)
        if first is None:
            continue
        low, high = first * per, (second if second is not None else first) * per
        found.append(_Found("quantity", m.start(), m.end(), 4, round(first * per, 3), round(low, 3),
                            round(high, 3), "flights/week", "range" if second is not None else None))
    for m in p.quantity.finditer(text):
        n = parse_amount(m.group("amount"), p)
        if n is None or _is_year(text, m.start("amount"), m.group("amount")):
            continue
        q = qualifier(m)
        unit = p.unit_words[normalize_key(m.group("unit"))]
        found.append(_Found("quantity", m.start(), m.end(), 3, n, *_range(n, q, tol), unit, q))
    for m in p.vague_quantity.finditer(text):
        low, high = p.vague_words[normalize_key(m.group("vague"))]
        unit = p.unit_words[normalize_key(m.group("unit"))]
        found.append(_Found("quantity", m.start(), m.end(), 3, None, low, high, unit, "vague"))
    kept: list[_Found] = []
    for f in sorted(found, key=lambda f: (-f.rank, f.start, -(f.end - f.start))):
        if any(f.start < k.end and k.start < f.end for k in kept):
            continue
        kept.append(f)
    return sorted(kept, key=lambda f: f.start)


def find_claims(doc: Document, events: list[Event], kb, cues: ClaimCues, marks: list[dict] | None = None) -> list[Claim]:
    """The claims of one document. `events` is what `extract(doc, kb)` returned for it. The actors, places and
    dates (`marks`, as `marsad.analysis.marks.mention_marks` gives them) are found here, and only when a claim
    needs them: to read its window, or to know whom it is about when its sentence holds no event."""
    from marsad.analysis.marks import locate, mention_marks

    p = compile_cues(cues)
    norm = normalize(doc.text)
    found = _scan(norm.text, p)
    if not found:
        return []
    known: list[list[dict]] = [marks] if marks is not None else []

    def marks_in(lo: int, hi: int) -> list[dict]:
        if not known:
            known.append(mention_marks(doc.text, kb, doc.published)[0])
        return [m for m in known[0] if lo <= m["start"] and m["end"] <= hi]

    claims: list[Claim] = []
    restated: set[tuple] = set()
    sentences = split_sentences(doc.text)
    for n, f in enumerate(found):
        start, end = norm.to_original(f.start, f.end)
        sentence = next((s for s in sentences if s.start <= start < s.end), None)
        if sentence is None:
            continue
        index = _event_for(doc.text, events, sentences, sentence, start, locate,
                           bool(p.refer_back.match(normalize_key(sentence.text))))
        event = events[index] if index is not None else None
        claim_date = event.date if event is not None and event.date and len(event.date) >= 7 else \
            (doc.published.isoformat() if doc.published else None)
        window_from, window_to = (None, None)
        if f.kind != "quantity":  # read in the claim's own stretch: from the claim before it to the one after
            lo = max([sentence.start] + [norm.to_original(g.start, g.end)[1] for g in found[:n]])
            hi = min([sentence.end] + [norm.to_original(g.start, g.end)[0] for g in found[n + 1:]])
            window_from, window_to = _window(norm, doc.text, p, (lo, hi), start, end, marks_in, claim_date)
        claim = Claim(
            doc=doc.id, kind=f.kind, cue=doc.text[start:end], start=start, end=end,
            sentence_start=sentence.start, sentence_end=sentence.end, evidence=sentence.text, event=index,
            value=f.value, low=f.low, high=f.high, unit=f.unit, qualifier=f.qualifier,
            window_from=window_from, window_to=window_to, claim_date=claim_date,
            subject=_subject(event, lambda: marks_in(sentence.start, sentence.end), sentence.text, p, kb))
        said = (claim.kind, normalize_key(claim.cue), claim.value, claim.low, claim.high, claim.unit, claim.qualifier,
                claim.event, claim.window_from, claim.window_to, repr(claim.subject))
        if said not in restated:  # an article that repeats a claim about the same event makes it once
            restated.add(said)
            claims.append(claim)
    return claims


def _event_for(text: str, events: list[Event], sentences: list, sentence, at: int, locate,
               refers_back: bool) -> int | None:
    """The event a claim at `at` speaks of: among the events reported in its sentence (a report span holding
    the claim, else any report in the sentence), the one whose trigger is nearest. A sentence that tells no
    event and opens by referring back ("وهذه الزيارة الثانية…") speaks of the last event of the sentence before."""
    def spans(ev):
        return ev.reports or ((ev.start, ev.end),)

    def told_in(s) -> list[int]:
        return [i for i, ev in enumerate(events) if any(a < s.end and s.start < b for a, b in spans(ev))]

    holding = [i for i, ev in enumerate(events) if any(s <= at < e for s, e in spans(ev))]
    near = holding or told_in(sentence)
    if not near:
        before = [s for s in sentences if s.end <= sentence.start]
        if before and refers_back:
            earlier = told_in(before[-1])
            return max(earlier, key=lambda i: (max(b for _, b in spans(events[i]) if b <= sentence.start), -i)) \
                if earlier else None
        return None

    def distance(i: int) -> int:
        ev = events[i]
        span = getattr(ev, "trigger_span", None) or next(
            (t for s, e in spans(ev) if s < sentence.end and sentence.start < e
             for t in [locate(text, ev.trigger, s, e)] if t), None)
        return abs(span[0] - at) if span else len(text)

    return min(near, key=lambda i: (distance(i), i))


def _window(norm, text: str, p: _Patterns, stretch: tuple[int, int], start: int, end: int, marks_in,
            claim_date: str | None) -> tuple[str | None, str | None]:
    """The period a count or a first is about, read from its stretch of the sentence: 'between DATE and DATE',
    'since DATE', 'since the start of the year', 'since N years', 'during the last N months'. The reading
    nearest the claim wins."""
    n_start, n_end = bisect_left(norm.offsets, stretch[0]), bisect_left(norm.offsets, stretch[1])
    segment = norm.text[n_start:n_end]
    if not (p.since_word.search(segment) or p.between_word.search(segment) or p.during_period.search(segment)):
        return None, None
    dates = sorted((m for m in marks_in(*stretch) if m["kind"] == "date"), key=lambda m: m["start"])
    options: list[tuple[int, str | None, str | None]] = []

    def original(i: int) -> int:
        return norm.offsets[min(n_start + i, len(norm.offsets) - 1)]

    def distance(at: int) -> int:
        return 0 if start <= at < end else min(abs(at - start), abs(at - end))

    for m in p.between_word.finditer(segment):
        at = original(m.end())
        after = [d for d in dates if 0 <= d["start"] - at <= 12]
        if after:
            rest = [d for d in dates if d["start"] > after[0]["end"] and
                    text[after[0]["end"]:d["start"]].strip().startswith("و") and d["start"] - after[0]["end"] <= 6]
            if rest:
                options.append((distance(original(m.start())), after[0]["label"], rest[0]["label"]))
    for m in p.since_word.finditer(segment):
        at = original(m.end())
        after = [d for d in dates if 0 <= d["start"] - at <= 12]
        if after:
            options.append((distance(original(m.start())), after[0]["label"], None))
    for m in p.since_start.finditer(segment):
        if claim_date:
            unit = p.since_start_words[normalize_key(m.group("start"))]
            options.append((distance(original(m.start())), claim_date[:4] + ("-01-01" if unit == "year" else
                                                                            claim_date[4:7] + "-01"), None))
    for pattern in (p.since_period, p.during_period):
        for m in pattern.finditer(segment):
            period, form = p.period_words[m.group("period")]
            n = parse_amount(m.group("amount"), p) if m.group("amount") else \
                {"one": 1, "dual": 2, "plural": p.cues.vague_plural}[form]
            if n and claim_date:
                options.append((distance(original(m.start())), _window_back(claim_date, n, period), None))
    if not options:
        return None, None
    _, w_from, w_to = min(options, key=lambda o: o[0])
    return w_from, w_to


def _entity(e: Entity) -> dict:
    return {"name": e.name, "polity": e.polity, "actor_id": e.actor_id, "kind": e.kind}


def _subject(event: Event | None, sentence_marks, sentence: str, p: _Patterns, kb) -> dict:
    """Who and where a claim is about: its event's participants, type and place; else what its sentence names."""
    if event is not None:
        return {"source": "event", "event_type": event.event_type, "mode": event.mode, "aux": event.aux,
                "actor": [_entity(e) for e in event.actor], "recipient": [_entity(e) for e in event.recipient],
                "location": event.location, "date": event.date}
    named, seen = [], set()
    marks = sentence_marks()
    for m in marks:
        if m["kind"] != "actor" or (m.get("actor_id") or m["label"]) in seen:
            continue
        seen.add(m.get("actor_id") or m["label"])
        entry = kb.actors_by_id.get(m.get("actor_id")) if m.get("actor_id") and kb is not None else None
        named.append({"name": m["label"], "polity": m.get("polity"), "actor_id": m.get("actor_id"),
                      "kind": entry.kind if entry else "state"})
    place = next((m["label"] for m in marks if m["kind"] == "place"), None)
    key = normalize_key(sentence)
    visit, meeting = bool(p.visit.search(key)), bool(p.meeting.search(key))
    visit = visit or (bool(named and place) and not meeting)  # 'يفكوروف في بنغازي للمرة الرابعة': someone at a place
    return {"source": "sentence", "event_type": "CONSULT" if visit or meeting else None,
            "mode": "visit" if visit else None, "aux": None, "actor": named[:1], "recipient": named[1:],
            "location": place, "date": None}
