from datetime import date

import pytest

from marsad.mentions.dates import DateContext, DateFinder, infer_reference
from marsad.text.normalize import normalize

PUB = date(2025, 5, 20)  # a Tuesday


@pytest.fixture(scope="module")
def finder(kb):
    return DateFinder(kb.month_numbers, kb.ordinary_month_words)


@pytest.mark.parametrize("phrase, published, iso", [
    ("في 11 أيار/مايو 2025", None, "2025-05-11"),
    ("في 17 ديسمبر/ كانون الأول 2025", None, "2025-12-17"),
    ("يوم ١٥ مايو ٢٠٢٤", None, "2024-05-15"),
    ("في 3 حزيران 2023", None, "2023-06-03"),
    ("في 2 جوان 2022", None, "2022-06-02"),
    ("يوم 14 أفريل 2021", None, "2021-04-14"),
    ("في أواخر مارس/آذار 2025", None, "2025-03"),
    ("في شهر أبريل/نيسان 2025", None, "2025-04"),
    ("بتاريخ 03/05/2020", None, "2020-05-03"),
    ("في ربيع عام 2019", None, "2019"),
    ("في 15 مايو", PUB, "2025-05-15"),
    ("في السادس والعشرين من أبريل", PUB, "2025-04-26"),
    ("في الحادي عشر من سبتمبر 2001", None, "2001-09-11"),
    ("يوم العاشر من مايو الجاري", PUB, "2025-05-10"),
    ("قبل ست سنوات", PUB, "2019"),
    ("الشهر المقبل", PUB, "2025-06"),
    ("العام القادم", PUB, "2026"),
    ("في ديسمبر", PUB, "2024-12"),
    ("في فبراير/شباط الماضي", PUB, "2025-02"),
    ("في يونيو/حزيران الماضي", PUB, "2024-06"),
    ("أمس", PUB, "2025-05-19"),
    ("أول أمس", PUB, "2025-05-18"),
    ("اليوم", PUB, "2025-05-20"),
    ("يوم الأحد", PUB, "2025-05-18"),
    ("السبت الماضي", PUB, "2025-05-17"),
    ("الثلاثاء الماضي", PUB, "2025-05-13"),
    ("الخميس المقبل", PUB, "2025-05-22"),
    ("قبل أسبوعين", PUB, "2025-05-06"),
    ("قبل ثلاثة أيام", PUB, "2025-05-17"),
    ("الشهر الماضي", PUB, "2025-04"),
    ("العام الماضي", PUB, "2024"),
    ("في 10 شوال 1446 هـ", None, "2025-04-08"),
], ids=lambda v: v if isinstance(v, str) else None)
def test_dates(finder, phrase, published, iso):
    found = finder.find(normalize(phrase).text, DateContext(published, published))
    assert found and found[0].iso == iso


def test_relative_dates_need_a_publication_date(finder):
    assert finder.find(normalize("وصل السبت الماضي").text, DateContext(None, None)) == []


def test_month_without_year_takes_the_year_stated_before_it(finder):
    text = normalize("زار موسكو في 11 مايو 2023، ثم عاد إليها في 9 سبتمبر").text
    found = finder.find(text, DateContext(None, None))
    assert [d.iso for d in found] == ["2023-05-11", "2023-09-09"]


def test_reference_is_the_latest_precise_date(finder):
    text = normalize("في 4 أبريل 2025 ثم 2019 و 2 مايو 2025").text
    assert infer_reference(finder.find(text, DateContext(None, None))) == date(2025, 5, 2)


def test_anaphoric_dates_count_from_the_last_date_told(finder):
    text = normalize("وصل قائد الجيش في 17 ديسمبر 2025 إلى بنغازي. وفي اليوم التالي وقع الجانبان اتفاقية.").text
    assert [d.iso for d in finder.find(text, DateContext(None, None))] == ["2025-12-17", "2025-12-18"]


def test_libyan_month_names_need_a_number(finder):
    text = normalize("ستبدأ اللجنة عملها قبل نهاية الصيف، وقد زار الوفد طرابلس في 3 الصيف 2025").text
    assert [d.iso for d in finder.find(text, DateContext(None, None))] == ["2025-06-03"]


def test_a_month_name_that_is_also_a_word_needs_a_number_and_others_do_not(finder):
    ctx = DateContext(date(2021, 9, 23), date(2021, 9, 23))
    text = normalize("زار الوزير الرباط في أوت، وقال في ماي إن الأمر في آب آخر، ثم عاد في ماي 2020").text
    assert [d.iso for d in finder.find(text, ctx)] == ["2021-08", "2020-05"]
    assert [d.iso for d in finder.find(normalize("وانسحبوا أواخر ماي").text, ctx)] == ["2021-05"]


def test_the_next_day_and_the_same_day_count_from_the_last_date_told_not_from_today(finder):
    ctx = DateContext(date(2025, 6, 12), date(2025, 6, 12))
    text = normalize("وقال في بيان صدر الثلاثاء إن هجوماً وقع. وفي اليوم التالي انسحبت القوات، وفي اليوم نفسه عادت.").text
    assert [d.iso for d in finder.find(text, ctx)] == ["2025-06-10", "2025-06-11", "2025-06-11"]


def test_that_year_is_the_year_of_the_last_date_told(finder):
    text = normalize("افتتحت الشركة فرعها في ديسمبر 2018. وفي ربيع ذلك العام، وقعت أول عقودها.").text
    assert [d.iso for d in finder.find(text, DateContext(None, None))] == ["2018-12", "2018"]


def test_years_ago_count_from_the_reference_of_an_undated_article(finder):
    text = normalize("وكانت المعارك التي اندلعت حول المدينة قبل ست سنوات").text
    found = finder.find(text, DateContext(None, date(2025, 4, 20)))
    assert [(d.iso, d.text) for d in found] == [("2019", "قبل ست سنوات")]


def test_a_weekday_before_a_full_date_is_that_date_not_another(finder):
    ctx = DateContext(date(2025, 5, 12), date(2025, 5, 12))
    text = normalize("وصل الوفد إلى أنقرة يوم الجمعة 4 أبريل 2025 ثم غادرها الأحد.").text
    assert [d.iso for d in finder.find(text, ctx)] == ["2025-04-04", "2025-05-11"]


def test_jumada_months_are_found_in_normalized_spelling(finder):
    # 'جمادى الأولى' is 'جمادي الاولي' once normalized
    text = normalize("وصل الوفد يوم 15 جمادى الأولى 1446 هـ").text
    assert [d.iso for d in finder.find(text, DateContext(None, None))] == ["2024-11-16"]


def test_at_the_time_is_the_last_date_told(finder):
    ctx = DateContext(date(2025, 7, 25), date(2025, 7, 25))
    text = normalize("وكانت العلاقات قد توترت في أيار/مايو الماضي. ورفضت الحكومة حينها أي اتفاق.").text
    assert [d.iso for d in finder.find(text, ctx)] == ["2025-05", "2025-05"]
