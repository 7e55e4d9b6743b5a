"""Arabic dates: absolute (Egyptian, Levantine, Maghrebi and dual "مايو/أيار" months,
numeric, Hijri) and relative (أمس، الأحد الماضي، قبل أسبوعين، الشهر الماضي، الأسبوع المقبل),
each with its precision: YYYY-MM-DD, YYYY-MM or YYYY.

Relative forms resolve against the publication date; a month without a year
takes the nearest year the article states before it, or else the reference.
"""
from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import date, timedelta

from marsad.records import DateValue

WEEKDAYS = {"الاثنين": 0, "الإثنين": 0, "الثلاثاء": 1, "الأربعاء": 2, "الاربعاء": 2, "الخميس": 3, "الجمعة": 4,
            "الجمعه": 4, "السبت": 5, "الأحد": 6, "الاحد": 6}
WEEKDAYS_NORMALIZED = {k.replace("أ", "ا").replace("إ", "ا").replace("ة", "ه"): v for k, v in WEEKDAYS.items()}
NUMBER_WORDS = {"يوم": 1, "يومين": 2, "يومان": 2, "ثلاثة": 3, "ثلاثه": 3, "أربعة": 4, "اربعه": 4, "خمسة": 5,
                "خمسه": 5, "ستة": 6, "سته": 6, "سبعة": 7, "سبعه": 7, "عشرة": 10, "عشره": 10, "أسبوع": 1, "اسبوع": 1,
                "أسبوعين": 2, "اسبوعين": 2, "شهر": 1, "شهرين": 2, "عام": 1, "عامين": 2, "سنة": 1, "سنه": 1, "سنتين": 2,
                "ثلاث": 3, "اربع": 4, "خمس": 5, "ست": 6, "سبع": 7, "ثماني": 8, "ثمان": 8, "ثمانيه": 8, "تسع": 9,
                "تسعه": 9, "عشر": 10}
_UNITS = {"الاول": 1, "الحادي": 1, "الثاني": 2, "الثالث": 3, "الرابع": 4, "الخامس": 5, "السادس": 6, "السابع": 7,
          "الثامن": 8, "التاسع": 9}
# 'في السادس والعشرين من مايو': day numbers written as ordinal words (normalized spelling)
ORDINAL_DAYS = {**{w: n for w, n in _UNITS.items() if w != "الحادي"}, "العاشر": 10, "العشرين": 20, "الثلاثين": 30,
                **{f"{w} عشر": 10 + n for w, n in _UNITS.items() if w != "الاول"},
                **{f"{w} والعشرين": 20 + n for w, n in _UNITS.items() if w != "الاول"},
                "الحادي والثلاثين": 31}
HIJRI_MONTHS = ["محرم", "صفر", "ربيع الاول", "ربيع الثاني", "جمادي الاولي", "جمادي الثانيه", "رجب", "شعبان",
                "رمضان", "شوال", "ذو القعده", "ذو الحجه"]


@dataclass(frozen=True)
class DateContext:
    """What relative dates are resolved against."""

    published: date | None
    reference: date | None  # published, or the latest full date the article states


class DateFinder:
    """Compiled patterns for one month table (from knowledge/data/months.yaml)."""

    def __init__(self, month_numbers: dict[str, int], ordinary_words: frozenset[str] = frozenset()):
        self.month_numbers = dict(month_numbers)
        self.ordinary_words = ordinary_words  # month names that are also plain words: 'آب'، 'ماي'
        names = sorted(self.month_numbers, key=len, reverse=True)
        month = "(?:" + "|".join(re.escape(n) for n in names) + ")"
        self._month = month
        self._month_in = re.compile(rf"(?:ثم|و|الي|حتي|-)\s*(?:في\s+)?(?:شهر\s+)?{month}")
        self._text = ""
        pre = r"(?<![\w])(?P<pre>[وفبل]|ال)?"
        dual = rf"(?P<m1>{month})(?:\s*[/(،-]\s*(?P<m2>{month})\)?)?"
        year = r"(?:\s*(?:من\s+)?(?:عام|العام|سنه)?\s*(?P<y>(?:19|20)\d\d))"
        self.full = re.compile(
            rf"(?<!\d)(?P<d>[0-3]?\d)\s*(?:-\s*[0-3]?\d\s*)?(?:من\s+)?(?:شهر\s+)?{dual}{year}?"
            r"(?P<rel>\s+(?:الماضي|المقبل|القادم|الجاري|المنصرم))?(?![\w])")
        self.month_year = re.compile(
            rf"{pre}(?:شهر\s+|اوايل\s+|منتصف\s+|اواخر\s+|نهايه\s+|بدايه\s+|مطلع\s+|اخر\s+)?{dual}{year}?"
            r"(?P<rel>\s+(?:الماضي|المقبل|القادم|الجاري|المنصرم))?(?![\w])")
        ordinal = "|".join(sorted(ORDINAL_DAYS, key=len, reverse=True))
        self.ordinal = re.compile(
            rf"(?<![\w])(?P<ord>{ordinal})\s+(?:من\s+)?(?:شهر\s+)?{dual}{year}?"
            r"(?P<rel>\s+(?:الماضي|المقبل|القادم|الجاري|المنصرم))?(?![\w])")
        # dates that count from the last one told: 'وفي اليوم التالي', 'غداة', 'بعد يومين', 'في اليوم نفسه'
        self.anaphoric = re.compile(
            r"(?<![\w])(?:[وف]?)(?:(?:في\s+|صباح\s+|مساء\s+)?اليوم\s+التالي|غداه|(?:بعد\s+(?P<n>يومين|يوم|ثلاثه|اربعه|خمسه))"
            r"(?:\s+ايام)?|(?P<same>(?:في\s+)?(?:اليوم\s+نفسه|ذات\s+اليوم|نفس\s+اليوم|ذلك\s+اليوم|اليوم\s+ذاته)|يومها))(?![\w])")
        self.then = re.compile(r"(?<![\w])(?:[وف]?)(?:حينها|حينذاك|انذاك|وقتها|وقتذاك|في\s+حينه)(?![\w])")
        self.year_anaphoric = re.compile(r"(?<![\w])(?:ذلك\s+العام|العام\s+نفسه|العام\s+ذاته|تلك\s+السنه|السنه\s+نفسها)(?![\w])")
        self.numeric = re.compile(r"(?<![\d/])(?P<d>[0-3]?\d)[/.](?P<m>[01]?\d)[/.](?P<y>(?:19|20)\d\d)(?![\d/])")
        self.iso = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?!\d)")
        self.year = re.compile(r"(?<![\d\w])(?:(?:عام|عامي|العام|سنه|ربيع|صيف|خريف|شتاء)\s+)?(?P<y>(?:19|20)\d\d)(?![\d\w])")
        self.hijri = re.compile(r"(?<![\d\w])(?P<d>[0-3]?\d)\s+(?P<m>" + "|".join(HIJRI_MONTHS) +
                                r")\s+(?P<y>1[34]\d\d)\s*(?:هـ|ه\b|للهجره|هجريه)")
        weekday = "|".join(sorted(WEEKDAYS_NORMALIZED, key=len, reverse=True))
        self.relative = re.compile(
            r"(?<![\w])(?P<pre>[وفب]?)(?:(?P<ago>قبل\s+(?P<n>\d+|[^\s]+)(?:\s+(?P<unit>ايام|يوما|اسابيع|اشهر|شهور|اعوام|سنوات))?)"
            r"|(?P<before_yesterday>اول\s+امس|اول\s+من\s+امس)|(?P<yesterday>امس)|(?P<today>اليوم(?!\s+(?:التالي|نفسه|ذاته)))"
            r"|(?P<tomorrow>غدا)|(?P<lastweek>الاسبوع\s+الماضي)|(?P<lastmonth>الشهر\s+الماضي)|(?P<thismonth>الشهر\s+الجاري|هذا\s+الشهر)"
            r"|(?P<lastyear>العام\s+الماضي|السنه\s+الماضيه)|(?P<thisyear>العام\s+الجاري|هذا\s+العام|العام\s+الحالي)"
            r"|(?P<nextweek>الاسبوع\s+(?:المقبل|القادم))|(?P<nextmonth>الشهر\s+(?:المقبل|القادم))"
            r"|(?P<nextyear>العام\s+(?:المقبل|القادم)|السنه\s+(?:المقبله|القادمه))"
            rf"|(?:يوم\s+)?(?P<weekday>{weekday})(?P<wrel>\s+(?:الماضي|المقبل|القادم))?)(?![\w])")

    def find(self, text: str, ctx: DateContext, year_hints: list[tuple[int, int]] | None = None) -> list[DateValue]:
        """All dates in normalized `text`, longest first where they overlap, in text order."""
        found: list[DateValue] = []
        taken = bytearray(len(text) + 1)  # characters already inside a date

        def add(value: DateValue | None) -> bool:
            if value is None or any(taken[value.start:value.end]):
                return False
            found.append(value)
            taken[value.start:value.end] = b"\x01" * (value.end - value.start)
            return True

        hints = year_hints if year_hints is not None else self.year_hints(text)
        self._text = text
        for m in self.hijri.finditer(text):
            add(_hijri_value(m))
        for m in self.iso.finditer(text):
            add(_ymd(m, int(m["y"]), int(m["m"]), int(m["d"]), text))
        for m in self.numeric.finditer(text):
            add(_ymd(m, int(m["y"]), int(m["m"]), int(m["d"]), text))
        for m in self.ordinal.finditer(text):
            month, day = self.month_numbers[m["m1"]], ORDINAL_DAYS[m["ord"]]
            year = int(m["y"]) if m["y"] else self._infer_year(month, m.start(), m["rel"], ctx, hints, self._listed)
            if year is not None:
                add(_ymd(m, year, month, day, text, relative=not m["y"]))
        for m in self.full.finditer(text):
            month = self.month_numbers[m["m1"]]
            year = int(m["y"]) if m["y"] else self._infer_year(month, m.start(), m["rel"], ctx, hints, self._listed)
            pinned = False
            if year is not None and not m["y"]:
                year, pinned = _weekday_year(text, m.start(), year, month, int(m["d"]))
            if year is not None:  # a weekday pins the year as well as a written one does
                add(_ymd(m, year, month, int(m["d"]), text, relative=not m["y"] and not pinned))
        for m in self.month_year.finditer(text):
            if not m["y"] and not self._month_alone_ok(m, text, self.ordinary_words):
                continue
            month = self.month_numbers[m["m1"]]
            year = int(m["y"]) if m["y"] else self._infer_year(month, m.start(), m["rel"], ctx, hints, self._listed)
            if year is not None:
                start = m.start() + len(m["pre"] or "")
                add(DateValue(f"{year:04d}-{month:02d}", text[start:m.end()], start, m.end(), relative=not m["y"]))
        day_starts = {d.start for d in found if len(d.iso) == 10}  # relative dates never start after a weekday
        for m in self.relative.finditer(text):
            if m["weekday"] and any(at in day_starts and not text[m.end():at].strip(" ،,")
                                    for at in range(m.end(), m.end() + 4)):
                continue  # 'يوم الجمعة 4 أبريل 2025': the weekday of the date written after it
            add(self._relative(m, ctx))
        for m in self.year.finditer(text):
            add(DateValue(m["y"], m.group(), m.start(), m.end()))
        latest = _LatestBefore(found, lambda d: not d.relative)
        for m in self.year_anaphoric.finditer(text):
            last = latest.at(m.start())
            if last is not None:  # 'في خريف ذلك العام': the year of the last date told
                latest.told(DateValue(last.iso[:4], m.group(), m.start(), m.end(), True), add)
        latest = _LatestBefore(found, lambda d: len(d.iso) >= 7)
        for m in self.then.finditer(text):
            last = latest.at(m.start())
            if last is not None:  # 'ورفضت الحكومة حينها': at the time of the last date told
                latest.told(DateValue(last.iso, m.group(), m.start(), m.end(), True), add)
        latest = _LatestBefore(found, lambda d: len(d.iso) == 10)
        for m in self.anaphoric.finditer(text):
            last = latest.at(m.start())
            if last is not None:
                base = date.fromisoformat(last.iso)
                shift = 0 if m["same"] else NUMBER_WORDS.get(m["n"] or "", 1)
                latest.told(DateValue((base + timedelta(days=shift)).isoformat(), m.group(), m.start(), m.end(), True),
                            add)
        return sorted(found, key=lambda d: d.start)

    def _listed(self, start: int, year_at: int) -> bool:
        """'في مارس ثم أبريل 2025': a month in a list shares the year written after the list."""
        return self._month_in.search(self._text[start + 2:year_at]) is not None

    @staticmethod
    def _month_alone_ok(m: re.Match, text: str, ordinary_words: frozenset[str]) -> bool:
        """A month name with no day or year is a date only where the context says so:
        Libyan names (الربيع، الماء), آب and ماي are ordinary words too."""
        if m["m2"] or m["rel"]:
            return True
        before = text[max(0, m.start() - 12):m.start()].split()
        head = m.group()[len(m["pre"] or ""):]
        qualified = head.startswith(("شهر", "اوايل", "منتصف", "اواخر", "نهايه", "بدايه", "مطلع", "اخر"))
        if m["m1"].startswith("ال"):
            return False  # 'نهاية الصيف' is the season, not the Libyan month: such names need a day or a year
        if m["m1"] in ordinary_words:
            return qualified  # 'أواخر ماي' is a date, 'في ماي' may be water
        return qualified or (m["pre"] in ("ب",)) or (bool(before) and before[-1] in ("في", "منذ", "خلال", "حتي", "من"))

    def year_hints(self, text: str) -> list[tuple[int, int]]:
        """(offset, year) of every explicit year, to date months written without one."""
        return [(m.start(), int(m["y"])) for m in self.year.finditer(text)]

    @staticmethod
    def _infer_year(month: int, offset: int, rel: str | None, ctx: DateContext,
                    hints: list[tuple[int, int]], month_list=None) -> int | None:
        """A year for a month written without one.

        'الماضي'/'المقبل' count from the reference; a year stated just after
        ('في مارس ثم أبريل 2025') or earlier in the same passage applies; else
        the publication year (a month later than publication means last year),
        else the article's reference year.
        """
        ref = ctx.reference
        rel = (rel or "").strip()
        if ref is not None and rel in ("الماضي", "المنصرم"):
            return ref.year if month < ref.month else ref.year - 1
        if ref is not None and rel in ("المقبل", "القادم"):
            return ref.year if month > ref.month else ref.year + 1
        # hints are in text order: bisection keeps an article of many months and years linear
        first_after = bisect_right(hints, (offset, math.inf))
        if first_after < len(hints) and hints[first_after][0] <= offset + 45 and month_list is not None \
                and month_list(offset, hints[first_after][0]):
            return hints[first_after][1]
        before = bisect_left(hints, (offset, -math.inf))
        if before and hints[before - 1][0] >= offset - 160:
            return hints[before - 1][1]
        if ctx.published is not None:
            pub = ctx.published
            return pub.year if month <= pub.month + 1 else pub.year - 1
        if ref is not None:
            return ref.year
        before = bisect_left(hints, (offset, -math.inf))
        return hints[before - 1][1] if before else None

    @staticmethod
    def _relative(m: re.Match, ctx: DateContext) -> DateValue | None:
        pub = ctx.published
        if pub is None and ctx.reference is not None and m["ago"] and \
                (m["unit"] or m["n"] or "").startswith(("سنوات", "اعوام", "عام", "سنه", "سنتين", "عامين")):
            # 'قبل ست سنوات' in an undated article: years back from the latest full date it states,
            # a count of years the reference is close enough for
            pub = ctx.reference
        if pub is None:
            return None
        start, end = m.start() + len(m["pre"]), m.end()
        text = m.group()[len(m["pre"]):]
        if m["yesterday"]:
            return DateValue((pub - timedelta(days=1)).isoformat(), text, start, end, True)
        if m["before_yesterday"]:
            return DateValue((pub - timedelta(days=2)).isoformat(), text, start, end, True)
        if m["today"]:
            return DateValue(pub.isoformat(), text, start, end, True)
        if m["tomorrow"]:
            return DateValue((pub + timedelta(days=1)).isoformat(), text, start, end, True)
        if m["lastweek"]:
            return DateValue((pub - timedelta(days=7)).isoformat()[:7], text, start, end, True)
        if m["lastmonth"]:
            first = pub.replace(day=1) - timedelta(days=1)
            return DateValue(first.isoformat()[:7], text, start, end, True)
        if m["thismonth"]:
            return DateValue(pub.isoformat()[:7], text, start, end, True)
        if m["nextweek"]:
            return DateValue((pub + timedelta(days=7)).isoformat()[:7], text, start, end, True)
        if m["nextmonth"]:
            following = pub.replace(day=28) + timedelta(days=4)
            return DateValue(following.isoformat()[:7], text, start, end, True)
        if m["nextyear"]:
            return DateValue(str(pub.year + 1), text, start, end, True)
        if m["lastyear"]:
            return DateValue(str(pub.year - 1), text, start, end, True)
        if m["thisyear"]:
            return DateValue(str(pub.year), text, start, end, True)
        if m["weekday"]:
            target = WEEKDAYS_NORMALIZED[m["weekday"]]
            if (m["wrel"] or "").strip() in ("المقبل", "القادم"):
                delta = (target - pub.weekday()) % 7 or 7
                return DateValue((pub + timedelta(days=delta)).isoformat(), text, start, end, True)
            delta = (pub.weekday() - target) % 7
            if (m["wrel"] or "").strip() == "الماضي" and delta == 0:
                delta = 7
            return DateValue((pub - timedelta(days=delta)).isoformat(), text, start, end, True)
        if m["ago"]:
            n = m["n"]
            count = int(n) if n.isdigit() else NUMBER_WORDS.get(n)
            unit = m["unit"] or n
            if count is None:
                return None
            if unit.startswith(("يوم", "ايام", "يومين", "يومان")) or unit in ("ثلاثه", "اربعه", "خمسه", "سته", "سبعه", "عشره") and not m["unit"]:
                return DateValue((pub - timedelta(days=count)).isoformat(), text, start, end, True)
            if unit.startswith(("اسبوع", "اسابيع")):
                return DateValue((pub - timedelta(days=7 * count)).isoformat(), text, start, end, True)
            if unit.startswith(("شهر", "اشهر", "شهور")):
                month_index = pub.year * 12 + pub.month - 1 - count
                return DateValue(f"{month_index // 12:04d}-{month_index % 12 + 1:02d}", text, start, end, True)
            if unit.startswith(("عام", "سن", "اعوام", "سنوات")):
                return DateValue(str(pub.year - count), text, start, end, True)
        return None


def _weekday_year(text: str, offset: int, year: int, month: int, day: int) -> tuple[int, bool]:
    """'الثلاثاء، 3 مارس': the year near the guess in which that day falls on that weekday,
    and whether a weekday pinned it."""
    words = text[max(0, offset - 22):offset].replace("،", " ").split()
    named = next((WEEKDAYS_NORMALIZED[w.lstrip("وفب")] for w in reversed(words[-2:]) if w.lstrip("وفب") in WEEKDAYS_NORMALIZED), None)
    if named is None:
        return year, False
    for candidate in (year, year + 1, year - 1, year + 2, year - 2):
        try:
            if date(candidate, month, day).weekday() == named:
                return candidate, True
        except ValueError:
            continue
    return year, False


def _ymd(m: re.Match, year: int, month: int, day: int, text: str, relative: bool = False) -> DateValue | None:
    try:
        value = date(year, month, day)
    except ValueError:
        return None
    return DateValue(value.isoformat(), m.group().strip(), m.start(), m.end(), relative)


def _hijri_value(m: re.Match) -> DateValue | None:
    """Tabular (civil) Islamic calendar to Gregorian: within a day of the Umm al-Qura date."""
    day, month, year = int(m["d"]), HIJRI_MONTHS.index(m["m"]) + 1, int(m["y"])
    ordinal = day + math.ceil(29.5 * (month - 1)) + (year - 1) * 354 + (3 + 11 * year) // 30 + 227013
    try:
        value = date.fromordinal(ordinal)
    except ValueError:
        return None
    return DateValue(value.isoformat(), m.group(), m.start(), m.end())


def infer_reference(dates: list[DateValue]) -> date | None:
    """A stand-in for an unknown publication date: the latest date the article states
    with a year (a bare later year counts from its first day)."""
    precise = [int(v.iso[:4]) for v in dates if not v.relative and len(v.iso) >= 7]
    ceiling = max(precise) + 2 if precise else 9999  # 'رؤية 2030' is a plan, not the article's time
    best: date | None = None
    for value in dates:
        if value.relative or int(value.iso[:4]) > ceiling:
            continue
        parts = [int(p) for p in value.iso.split("-")]
        candidate = date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
        if best is None or candidate > best:
            best = candidate
    return best


class _LatestBefore:
    """The date told last before a position (the greatest end, the first found of equals), among the dates
    found so far that `fits` and those `told` since in text order: one anaphor after another costs a bisection,
    not a scan of every date (a page repeating 'حينها' thousands of times)."""

    def __init__(self, found: list[DateValue], fits) -> None:
        ranked = sorted((d.end, i, d) for i, d in enumerate(found) if fits(d))
        self.ends = [end for end, _, _ in ranked]
        self.dates = [d for _, _, d in ranked]
        self.fits = fits
        self.last_told: DateValue | None = None

    def at(self, position: int) -> DateValue | None:
        k = bisect_right(self.ends, position)
        best = self.dates[bisect_left(self.ends, self.ends[k - 1])] if k else None
        told = self.last_told
        if told is not None and told.end <= position and (best is None or told.end > best.end):
            return told
        return best

    def told(self, value: DateValue, add) -> None:
        """`add` the value and, where it was added, remember it as told after every date before it (anaphors
        are found in text order)."""
        if add(value) and self.fits(value):
            self.last_told = value
